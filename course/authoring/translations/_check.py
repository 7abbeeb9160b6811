"""What keeps the edition from being complete: untranslated or fuzzy text, missing terms, different code."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, tagged
from course.authoring.translations._catalogue import package_messages, read_catalogue
from course.authoring.translations._generate import _english_and_catalogue, translate_notebook
from course.authoring.translations._paths import chinese_path, package_catalogue_path
from course.authoring.translations._units import code_without_comments, units
from course.i18n import OUTPUT_CONTEXT


# ---------------------------------------------------------------- check
def _shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check(notebook: str | Path, *, root: Path = REPO_ROOT) -> list[str]:
    """What keeps a notebook's Chinese edition from being complete, one line per problem (empty: complete).

    Names the notebook, the cell and the English text of every unit that has no entry in the catalogue (run
    ``extract``), no translation, or a fuzzy one (the English changed since it was translated); a translation
    without the glossary's Chinese for a term its English uses (:func:`terminology_problems`); and a Chinese
    notebook that is missing or whose text differs from what :func:`generate` writes.
    """
    relative, english, po = _english_and_catalogue(notebook, root)
    entries = {e.msgid: e for e in po if not e.obsolete}
    problems = []
    for unit in units(english):
        entry = entries.get(unit.text)
        if entry is None:
            why = "not in the catalogue (run `python -m course translations extract`)"
        elif "fuzzy" in entry.flags:
            why = "changed since it was translated (fuzzy)"
        elif not entry.msgstr:
            why = "untranslated"
        else:
            continue
        problems.append(f"{relative.as_posix()}, cell {unit.cell} ({unit.kind}): {why}: {_shorten(unit.text)!r}")
    for entry in po:
        if entry.msgctxt == OUTPUT_CONTEXT and not entry.obsolete and (not entry.msgstr or "fuzzy" in entry.flags):
            why = "fuzzy" if entry.msgstr else "untranslated"
            problems.append(f"{relative.as_posix()}, a word of its figures or tables: {why}: {_shorten(entry.msgid)!r}")
    problems += terminology_problems(po, relative.as_posix())
    target = chinese_path(relative, root=root)
    if not target.exists():
        problems.append(f"{relative.as_posix()}: no Chinese notebook {target.relative_to(root)} (run generate)")
    else:
        expected = [(c.cell_type, c.source) for c in translate_notebook(english, po).cells]
        if [(c.cell_type, c.source) for c in read_notebook(target).cells] != expected:
            problems.append(
                f"{relative.as_posix()}: {target.relative_to(root)} is out of date with its catalogue (run generate)"
            )
    return problems


#: A translator's comment (``# not the glossary term: keep``) that exempts an entry from a term.
_NOT_THE_TERM = re.compile(r"not the glossary term:\s*(.+)", re.IGNORECASE)


def terminology_problems(po: polib.POFile, where: str) -> list[str]:
    """Translated entries whose English uses a term of :mod:`course.glossary` but whose Chinese lacks its name.

    A term matches as a whole word (plural ``s``/``es`` too), case-insensitively. Where the English word is
    not meant as the term ("lines *keep* their amounts"), the translator says so in a translator's comment,
    ``not the glossary term: keep`` (several: separated by commas), and the entry is not reported.

    Examples
    --------
    >>> po = polib.POFile()
    >>> po.append(polib.POEntry(msgid="Serve strategic customers first.", msgstr="先服务重要客户。"))
    >>> terminology_problems(po, "notebooks/02_x.ipynb")
    ["notebooks/02_x.ipynb: 'Serve strategic customers first.': 'strategic customer' should read 战略客户"]
    >>> po[0].msgstr = "先服务战略客户。"
    >>> terminology_problems(po, "notebooks/02_x.ipynb")
    []
    """
    from course.glossary import TERMS  # pandas: only when the terms are checked

    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        exempt = {
            word.strip().lower()
            for match in _NOT_THE_TERM.finditer(entry.tcomment or "")
            for word in match[1].split(",")
        }
        english = _CODE_SPAN.sub("", entry.msgid)  # `course.clustering` names a module, not the term
        for term in TERMS:
            if term.en.lower() in exempt or term.zh in entry.msgstr:
                continue
            if re.search(rf"(?<![\w-]){re.escape(term.en)}(?:s|es)?(?![\w-])", english, re.IGNORECASE):
                cells = ", ".join(line for _, line in entry.occurrences)
                place = f"{where}, cell {cells}" if cells else where
                problems.append(f"{place}: {_shorten(entry.msgid)!r}: {term.en!r} should read {term.zh}")
    return problems


def _without_language(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not re.match(r"^lang\s*=", line))


def code_differences(english: NotebookNode, chinese: NotebookNode) -> list[str]:
    """Where the code of a Chinese notebook differs from its English source, one line per cell (empty: none).

    Comments are ignored, and so are the ``lang = …`` line of the parameters cell and a parameters cell that
    holds nothing else (added by :func:`generate` to a notebook without one). The cells must be the same in
    number and kind (apart from that added cell).
    """

    def code_cells(nb: NotebookNode) -> list[tuple[int, str, str]]:
        cells = []
        for index, cell in enumerate(nb.cells):
            code = _without_language(code_without_comments(cell.source)) if cell.cell_type == "code" else ""
            if cell.cell_type == "code" and tagged(cell, "parameters") and not code.strip():
                continue
            cells.append((index, cell.cell_type, code))
        return cells

    ours, theirs = code_cells(english), code_cells(chinese)
    if [kind for _, kind, _ in ours] != [kind for _, kind, _ in theirs]:
        return [f"the cells differ in number or kind: English {len(ours)}, Chinese {len(theirs)}"]
    return [
        f"Chinese cell {j} (English cell {i}): its code differs from the English code"
        for (i, _, a), (j, _, b) in zip(ours, theirs, strict=True)
        if a != b
    ]


_CODE_SPAN = re.compile(r"`[^`]*`")
_FIELD = re.compile(r"{[^{}]*}")


def check_package(*, root: Path = REPO_ROOT) -> list[str]:
    """What keeps the package catalogue ``locale/zh/course.po`` from being complete (empty: complete).

    Names every message marked in ``course/`` (``_("…")``) that the catalogue lacks, has untranslated or
    fuzzy, and every translation whose ``{fields}`` differ from its English (``.format`` would fail).
    """
    path = package_catalogue_path(root=root)
    if not path.exists():
        return [f"no package catalogue {path.relative_to(root)} (run `python -m course translations extract`)"]
    po = read_catalogue(path)
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
    problems = []
    for message, (where, _kind) in package_messages(root).items():
        entry = entries.get(message)
        place = f"{where[0][0]}:{where[0][1]}"
        if entry is None:
            problems.append(f"{place}: not in the catalogue (run extract): {_shorten(message)!r}")
        elif "fuzzy" in entry.flags or not entry.msgstr:
            why = "changed since it was translated (fuzzy)" if entry.msgstr else "untranslated"
            problems.append(f"{place}: {why}: {_shorten(message)!r}")
        elif sorted(_FIELD.findall(entry.msgstr)) != sorted(_FIELD.findall(message)):
            problems.append(f"{place}: the translation's {{fields}} differ from the English: {_shorten(message)!r}")
    return problems + terminology_problems(po, path.relative_to(root).as_posix())
