"""Writing output files without clobbering what the user did not ask us to replace.

A command writes a new file freely; it replaces an existing one only when
that file is recognisably its own earlier output (``ours(old_text,
new_text)``), or with ``--force``. Otherwise the error names the file and
the way out.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "notes.csv"
...     _ = path.write_text("my own notes")
...     write_new(path, "a,b\\n", force=False, ours=lambda old, new: old.startswith("a,b"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course.validation.CourseInputError: ...notes.csv exists and was not written by this command; pass --force ...
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from course.validation import CourseInputError

__all__ = ["write_new", "refuse_to_replace", "same_header"]


def same_header(old: str, new: str) -> bool:
    """Whether two texts start with the same first line (a CSV header, a marker comment)."""
    return old.split("\n", 1)[0] == new.split("\n", 1)[0]


def write_new(path: str | Path, text: str, *, force: bool, ours: Callable[[str, str], bool] = same_header) -> Path:
    """Write ``text`` to ``path`` unless that would replace a file this command did not write (see the module)."""
    path = Path(path)
    refuse_to_replace(path, text, force=force, ours=ours)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refuse_to_replace(
    path: str | Path, text: str, *, force: bool, ours: Callable[[str, str], bool] = same_header
) -> None:
    """Raise if writing ``text`` to ``path`` would replace a file this command did not write; else do nothing."""
    path = Path(path)
    if path.is_dir():
        raise CourseInputError(f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        try:
            old = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, PermissionError):
            old = None
        if old is None or not ours(old, text):
            raise CourseInputError(
                f"{path} exists and was not written by this command; "
                "pass --force to replace it, or choose another name."
            )
