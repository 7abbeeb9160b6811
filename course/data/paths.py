"""Where the shipped datasets live."""

from __future__ import annotations

from pathlib import Path

from course import REPO_ROOT
from course.i18n import gettext as _
from course.validation import CourseInputError

#: ``data/`` at the root of a clone of the course.
DATA_DIR = REPO_ROOT / "data"


def shipped_path(*parts: str) -> Path:
    """Return the path of a shipped data file or folder, or explain why it is missing.

    Examples
    --------
    >>> shipped_path("b2b").name
    'b2b'
    """
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise CourseInputError(
            _(
                "shipped data not found at {path}. The course's data lives in the 'data/' folder of a clone "
                "of the course repository: install the package from the clone with `pip install -e .` "
                "(as `make lab` does), or rebuild the B2B tables with `python -m course data generate`."
            ).format(path=path)
        )
    return path
