"""The Chinese notebooks: the English notebook with the catalogue's Chinese, the language set, executed."""

from __future__ import annotations

import copy
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import polib
from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, run_in_place, tagged, write_notebook
from course.authoring.translations._catalogue import add_output_words, read_catalogue
from course.authoring.translations._paths import (
    LANGUAGE,
    LANGUAGE_COMMENT,
    LANGUAGE_LINE,
    _relative,
    catalogue_path,
    chinese_path,
)
from course.authoring.translations._units import _spans, unit_text
from course.i18n import MISSING_LABELS_ENV
from course.validation import CourseInputError


# ---------------------------------------------------------------- generate
def _translations(po: polib.POFile) -> dict[str, str]:
    """English → Chinese for every translated entry that is not fuzzy."""
    return {
        e.msgid: e.msgstr
        for e in po
        if not e.obsolete and not e.msgctxt and e.msgstr and "fuzzy" not in e.flags  # output words: see i18n
    }


def _translated_source(source: str, spans: list[tuple[int, int]], comment: bool, table: dict[str, str]) -> str:
    """``source`` with each span whose English has a translation in ``table`` replaced by it.

    A markdown translation is written on one line; a full-line comment gets one comment line per line of its
    translation, a trailing comment stays on its line.
    """
    for a, b in reversed(spans):
        chinese = table.get(unit_text(source[a:b], comment=comment))
        if chinese is None:
            continue
        lines = [line.strip() for line in chinese.splitlines() if line.strip()] or [chinese]
        prefix = source[source.rfind("\n", 0, a) + 1 : a]  # what stands before the text on its line
        whole_line = comment and not prefix.replace("#", "").strip()
        source = source[:a] + (("\n" + prefix) if whole_line else " ").join(lines) + source[b:]
    return source


def _set_language(nb: NotebookNode) -> None:
    """Set ``lang = "zh"`` in the cell tagged ``parameters``; without one, add one before the first code cell."""
    cell = next((c for c in nb.cells if c.cell_type == "code" and tagged(c, "parameters")), None)
    if cell is None:
        index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
        metadata = {"tags": ["parameters"], "slideshow": {"slide_type": "skip"}}  # not a slide of its own
        cell = nbformat.v4.new_code_cell(LANGUAGE_COMMENT, metadata=metadata)
        nb.cells.insert(index, cell)
    pattern = re.compile(r"^lang\s*=.*$", re.MULTILINE)
    if pattern.search(cell.source):
        cell.source = pattern.sub(LANGUAGE_LINE, cell.source, count=1)
    else:
        cell.source = f"{cell.source.rstrip()}\n{LANGUAGE_LINE}".lstrip("\n")


def translate_notebook(nb: NotebookNode, po: polib.POFile) -> NotebookNode:
    """The Chinese notebook: ``nb`` (not modified) with its prose and comments from ``po``, outputs cleared,
    and the language parameter set."""
    table = _translations(po)
    chinese = copy.deepcopy(nb)
    for cell in chinese.cells:
        spans, comment = _spans(cell)
        cell.source = _translated_source(cell.source, spans, comment, table)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    _set_language(chinese)
    chinese.metadata.setdefault("course", {})["lang"] = LANGUAGE
    return chinese


def _english_and_catalogue(notebook: str | Path, root: Path) -> tuple[Path, NotebookNode, polib.POFile]:
    relative = _relative(notebook, root)
    if not (root / relative).exists():
        raise CourseInputError(f"{relative}: no such notebook; give an English lesson or solution notebook.")
    path = catalogue_path(relative, root=root)
    if not path.exists():
        raise CourseInputError(
            f"{relative}: no catalogue {path.relative_to(root)}; run `python -m course translations extract "
            f"{relative.as_posix()}` first."
        )
    return relative, read_notebook(root / relative), read_catalogue(path)


@dataclass(frozen=True)
class Generated:
    """A Chinese notebook written by :func:`generate`, and the words its outputs showed in English."""

    notebook: Path
    new_words: list[str]

    def __str__(self) -> str:
        if not self.new_words:
            return f"wrote {self.notebook}"
        return (
            f"wrote {self.notebook}; its figures and tables showed {len(self.new_words)} English word(s), now "
            "in its catalogue (context `output`) to translate: " + ", ".join(repr(w) for w in self.new_words[:5])
        )


def generate(notebook: str | Path, *, root: Path = REPO_ROOT, execute: bool = True) -> Generated:
    """Write the Chinese notebook of an English one from its catalogue; with ``execute``, run it (papermill) and
    store its outputs as :func:`course.authoring.notebooks.run_in_place` does.

    While it runs, the display hooks note each word of a figure or table that has no Chinese
    (:data:`course.i18n.MISSING_LABELS_ENV`); those words are added to the catalogue, untranslated, so that
    ``check`` names them until a translator has done them (then generate again).
    """
    relative, english, po = _english_and_catalogue(notebook, root)
    target = chinese_path(relative, root=root)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_notebook(translate_notebook(english, po), target)
    if not execute:
        return Generated(target.relative_to(root), [])
    with tempfile.TemporaryDirectory(prefix="course-words-") as scratch:
        noted = Path(scratch) / "words.txt"
        noted.touch()
        before = os.environ.get(MISSING_LABELS_ENV)
        os.environ[MISSING_LABELS_ENV] = str(noted)  # the kernel inherits it
        try:
            run_in_place(target)
        finally:
            if before is None:
                del os.environ[MISSING_LABELS_ENV]
            else:
                os.environ[MISSING_LABELS_ENV] = before
        words = [w.replace("\\n", "\n") for w in noted.read_text(encoding="utf-8").splitlines() if w]
    return Generated(target.relative_to(root), add_output_words(relative, words, root=root))
