"""Customer tiering and key-account management (客户分级分类管理): the course toolkit.

Every lesson first shows the pandas / scikit-learn steps, then names the
function here that packages them, so that later lessons and the capstone
reuse one tested implementation.

Submodules are imported on demand (``import course.rfm``), which keeps
``import course`` fast.
"""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("course")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

#: The repository root when the package runs from a clone (editable install).
REPO_ROOT = Path(__file__).resolve().parents[1]

__all__ = ["__version__", "REPO_ROOT", "set_language"]


def __getattr__(name: str):
    # `course.set_language(lang)`, the first line of every lesson, without importing pandas for `import course`
    if name == "set_language":
        from course.i18n import set_language

        return set_language
    raise AttributeError(f"module 'course' has no attribute {name!r}")
