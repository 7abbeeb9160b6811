"""Where the edition's files are: the catalogue and the Chinese notebook of an English notebook."""

from __future__ import annotations

from pathlib import Path

from course import REPO_ROOT
from course.validation import CourseInputError

#: The language of the edition, as the course's ``lang`` parameter spells it.
LANGUAGE = "zh"
#: The catalogues of the notebooks: ``<LOCALE_DIR>/notebooks/<folder>/<stem>.po``.
LOCALE_DIR = Path("locale") / LANGUAGE
#: Where the Chinese notebooks are written: the repository's folders mirrored under it.
EDITION_DIR = Path(LANGUAGE)
#: The line the Chinese notebooks' parameters cell gets.
LANGUAGE_LINE = f'lang = "{LANGUAGE}"'
#: The comment of the parameters cell :func:`generate` adds to a notebook without one.
LANGUAGE_COMMENT = "# 课程语言：zh 为中文版（papermill 参数）"
#: The similarity (difflib's ratio) above which changed English text keeps its old translation as fuzzy.
FUZZY_SIMILARITY = 0.6


# ---------------------------------------------------------------- where the files are
def _relative(notebook: str | Path, root: Path) -> Path:
    path = Path(notebook)
    path = path if path.is_absolute() else (root / path)
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        raise CourseInputError(f"{notebook}: not a notebook of the repository {root}") from None


def catalogue_path(notebook: str | Path, *, root: Path = REPO_ROOT) -> Path:
    """The catalogue of an English notebook.

    ``solutions/00_warmup.ipynb`` → ``locale/zh/notebooks/solutions/00_warmup.po``.
    """
    relative = _relative(notebook, root)
    return root / LOCALE_DIR / "notebooks" / relative.with_suffix(".po")


def chinese_path(notebook: str | Path, *, root: Path = REPO_ROOT) -> Path:
    """The Chinese notebook of an English one: ``notebooks/00_x.ipynb`` → ``zh/notebooks/00_x.ipynb``."""
    return root / EDITION_DIR / _relative(notebook, root)


def translated_notebooks(*, root: Path = REPO_ROOT) -> list[Path]:
    """The English notebooks that have a catalogue (the ones the edition holds so far), sorted."""
    folder = root / LOCALE_DIR / "notebooks"
    return sorted(root / po.relative_to(folder).with_suffix(".ipynb") for po in folder.rglob("*.po"))


def package_catalogue_path(*, root: Path = REPO_ROOT) -> Path:
    """The catalogue of the package's own messages: ``locale/zh/course.po``."""
    return root / LOCALE_DIR / "course.po"
