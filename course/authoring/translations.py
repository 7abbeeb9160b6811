"""The Chinese edition (中文版): gettext catalogues of the English notebooks, and the Chinese notebooks made from them.

The English notebooks stay the source. Their prose and code comments are
copied into one gettext catalogue (``.po``) per notebook, a translator fills
in the Chinese (in any PO editor), and the Chinese notebooks are generated
from the English notebook and its catalogue, then executed. The code is never
translated, so it cannot drift: :func:`code_differences` proves it cell by cell.

Where the files live
--------------------
- catalogues: ``locale/zh/notebooks/<folder>/<stem>.po``, e.g.
  ``locale/zh/notebooks/notebooks/00_course_map.po`` and
  ``locale/zh/notebooks/solutions/00_warmup.po`` (the package's own messages
  will get ``locale/zh/course.po``);
- Chinese notebooks: ``zh/<folder>/<name>.ipynb``, e.g.
  ``zh/notebooks/00_course_map.ipynb``, ``zh/solutions/00_warmup.ipynb``: the
  repository's folders mirrored under ``zh/``, so that relative links between
  lessons, exercises and solutions stay valid inside the edition. They are
  generated files: edit the catalogue, never the Chinese notebook.

The units a translator sees
---------------------------
- **Markdown cells** are split into paragraphs, headings (without the ``#``),
  list items (without the marker) and table cells: small enough that an edit
  of the English makes one entry fuzzy, not a whole cell; large enough to be
  translated as sentences. The lines of a unit are joined by spaces (a rewrap
  of the English is no change). Fenced code blocks and units without a letter
  outside code spans (``01–07``, ```customers```) are kept as they are.
- **Code comments**: a trailing comment is one unit; consecutive full-line
  comments at one indentation are one unit (a sentence is often wrapped over
  two comment lines), and a ``\\n`` in the translation starts a new comment
  line. Markers without a lower-case letter (``# NBVAL_CHECK_OUTPUT``,
  ``### BEGIN SOLUTION``) and pragmas (``noqa``, ``type:``) are not units.

An entry's ``msgid`` is the English text; its occurrences name the notebook
and the cell index (``#: notebooks/00_course_map.ipynb:3``); its extracted
comment says whether it is markdown or a code comment. Entries carry no
``msgctxt``: the cell ids of the course's notebooks are derived from their
position (:func:`course.authoring.notebooks.normalise`), so a context made
from them would turn every entry after an inserted cell into new text. The
same English text is translated once per notebook.

:func:`extract` updates a catalogue as gettext's ``msgmerge`` does: new text
becomes an untranslated entry; changed text keeps the old translation, marked
``fuzzy`` with the old English as ``#| msgid`` (matched by similarity among
the texts that vanished); text that vanished becomes obsolete (``#~``), kept
for the translator's memory. :func:`generate` uses only translated, not fuzzy
entries (gettext's rule: others stay English) and sets the language
parameter ``lang = "zh"``; :func:`check` names the notebook, the cell and the
text of every unit that is untranslated, fuzzy or missing from the catalogue.

Examples
--------
>>> source = "## Orders\\n\\nOne row per **order line**:\\nan order can hold several lines.\\n\\n- first\\n- second"
>>> [source[a:b] for a, b in markdown_spans(source)]
['Orders', 'One row per **order line**:\\nan order can hold several lines.', 'first', 'second']
>>> unit_text("One row per **order line**:\\nan order can hold several lines.")
'One row per **order line**: an order can hold several lines.'
>>> code = "x = 1  # why x is one\\n# NBVAL_CHECK_OUTPUT\\n# a comment wrapped\\n# over two lines\\ny = '# no comment'"
>>> [unit_text(code[a:b], comment=True) for a, b in comment_spans(code)]
['why x is one', 'a comment wrapped over two lines']
>>> code_without_comments(code)
"x = 1\\ny = '# no comment'"
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
import polib
from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, run_in_place, tagged, write_notebook
from course.validation import CourseInputError

__all__ = [
    "LANGUAGE",
    "Unit",
    "catalogue_path",
    "chinese_path",
    "translated_notebooks",
    "markdown_spans",
    "comment_spans",
    "unit_text",
    "units",
    "extract",
    "translate_notebook",
    "generate",
    "check",
    "terminology_problems",
    "code_without_comments",
    "code_differences",
]

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

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.*?)\s*$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"`[^`]*`")
_LETTER = re.compile(r"[^\W\d_]")
_PRAGMA = re.compile(r"^(noqa|type:|fmt:|pragma)")


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


# ---------------------------------------------------------------- the units of a cell
def _has_words(text: str) -> bool:
    """Whether ``text`` has a letter outside its code spans (else it needs no translation)."""
    return bool(_LETTER.search(_CODE_SPAN.sub("", text)))


def markdown_spans(source: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets in ``source`` of each translatable unit of a markdown cell, in order."""
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None  # [start, end] of the paragraph or list item being read
    in_fence = in_paragraph = False
    offset = 0

    def close() -> None:
        nonlocal current
        if current is not None and _has_words(source[current[0] : current[1]]):
            spans.append((current[0], current[1]))
        current = None

    for line in source.splitlines(keepends=True):
        start, text = offset, line.rstrip("\r\n")
        offset += len(line)
        end = start + len(text)
        if _FENCE.match(text):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not text.strip():
            close()
        elif heading := _HEADING.match(text):
            close()
            if _has_words(heading[2]):
                spans.append((start + heading.end(1), start + heading.end(1) + len(heading[2])))
        elif text.lstrip().startswith("|"):
            close()
            if not _TABLE_SEPARATOR.match(text):
                spans.extend(_table_cells(text, start))
        elif (item := _ITEM.match(text)) and not (current is not None and in_paragraph and _interrupts_not(item[1])):
            close()
            current, in_paragraph = [start + item.end(1), end], False
        elif current is not None:
            current[1] = end
        else:
            current, in_paragraph = [start + len(text) - len(text.lstrip()), end], True
    close()
    return spans


def _interrupts_not(marker: str) -> bool:
    """Whether a list marker cannot interrupt a paragraph: CommonMark lets only ``1.`` / ``1)`` of the ordered
    ones do so, so the wrapped "… e.g.\n2024) and …" stays one paragraph."""
    marker = marker.strip()
    return marker[:-1].isdigit() and marker[:-1] != "1"


def _table_cells(row: str, start: int) -> list[tuple[int, int]]:
    """The spans of a table row's cells that hold words (cells split at ``|`` outside code spans)."""
    cells, cell_start, in_code = [], None, False
    for index, char in enumerate(row):
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code and (index == 0 or row[index - 1] != "\\"):
            if cell_start is not None:
                cells.append((cell_start, index))
            cell_start = index + 1
    if cell_start is not None and row[cell_start:].strip():
        cells.append((cell_start, len(row)))
    spans = []
    for a, b in cells:
        text = row[a:b]
        a, b = a + len(text) - len(text.lstrip()), b - (len(text) - len(text.rstrip()))
        if a < b and _has_words(row[a:b]):
            spans.append((start + a, start + b))
    return spans


def _comments(source: str) -> list[tuple[int, int, bool]]:
    """Each comment of a code cell: (offset of its ``#``, offset of its end, whether it fills its line)."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                (row, column), (_, end_column) = token.start, token.end
                hash_at = starts[row - 1] + column
                whole = not source[starts[row - 1] : hash_at].strip()  # nothing but spaces before it
                found.append((hash_at, starts[row - 1] + end_column, whole))
    except (tokenize.TokenError, SyntaxError, IndentationError):  # IPython magics, unfinished code: lines only
        found = []
        for row, line in enumerate(source.splitlines()):
            if line.lstrip().startswith("#"):
                column = len(line) - len(line.lstrip())
                found.append((starts[row] + column, starts[row] + len(line), True))
    return found


def _comment_body(source: str, hash_at: int, end: int) -> tuple[int, int] | None:
    """The span of a comment's text (after the ``#``s and spaces), or ``None`` for a marker or pragma."""
    text = source[hash_at:end]
    body = text.lstrip("#").lstrip()
    start = end - len(body)
    body = body.rstrip()
    if not re.search(r"[a-z]", body) or _PRAGMA.match(body):
        return None
    return start, start + len(body)


def comment_spans(source: str) -> list[tuple[int, int]]:
    """The spans of the translatable comments of a code cell: consecutive full-line comments at one indentation
    make one span (its inner ``# `` prefixes are removed by :func:`unit_text`)."""
    spans: list[tuple[int, int]] = []
    previous: tuple[int, int, bool, int] | None = None  # the last span kept: start, end, whole line, indentation
    for hash_at, end, whole in _comments(source):
        body = _comment_body(source, hash_at, end)
        if body is None:
            previous = None
            continue
        line_start = source.rfind("\n", 0, hash_at) + 1
        indent = hash_at - line_start
        follows = previous is not None and source[previous[1] : line_start].strip() == ""
        if (
            whole
            and previous
            and previous[2]
            and previous[3] == indent
            and follows
            and source.count("\n", previous[1], line_start) == 1
        ):
            spans[-1] = (spans[-1][0], body[1])
            previous = (previous[0], body[1], True, indent)
        else:
            spans.append(body)
            previous = (body[0], body[1], whole, indent)
    return spans


def unit_text(text: str, *, comment: bool = False) -> str:
    """The ``msgid`` of a span: its lines stripped and joined by spaces (for a comment, without their ``#``)."""
    lines = [line.strip() for line in text.splitlines()]
    if comment:
        lines = [line.lstrip("#").strip() for line in lines]
    return " ".join(line for line in lines if line)


@dataclass(frozen=True)
class Unit:
    """One translatable text of a notebook: its English ``text``, its ``cell`` index and ``kind``."""

    text: str
    cell: int
    kind: str  # "markdown" or "code comment"


def _spans(cell: NotebookNode) -> tuple[list[tuple[int, int]], bool]:
    if cell.cell_type == "markdown":
        return markdown_spans(cell.source), False
    if cell.cell_type == "code":
        return comment_spans(cell.source), True
    return [], False


def units(nb: NotebookNode) -> list[Unit]:
    """Every translatable unit of a notebook, in reading order."""
    found = []
    for index, cell in enumerate(nb.cells):
        spans, comment = _spans(cell)
        kind = "code comment" if comment else "markdown"
        found += [Unit(unit_text(cell.source[a:b], comment=comment), index, kind) for a, b in spans]
    return found


# ---------------------------------------------------------------- extract
def _new_catalogue(notebook: Path) -> polib.POFile:
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": f"course {notebook.as_posix()}",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = (
        f"Chinese translation of {notebook.as_posix()} (the course's Chinese edition).\n"
        "Generated by `python -m course translations extract`; translate the msgstr lines in a PO editor.\n"
        "The English notebook is the source: do not edit msgid lines."
    )
    return po


def read_catalogue(path: Path) -> polib.POFile:
    """The catalogue at ``path``; a clear error when it is not a valid PO file."""
    try:
        return polib.pofile(str(path), wrapwidth=78)
    except (OSError, ValueError) as error:
        raise CourseInputError(f"{path}: not a readable PO catalogue ({error}); fix it or delete it.") from None


@dataclass(frozen=True)
class ExtractReport:
    """What :func:`extract` did to one catalogue: counts of its entries."""

    catalogue: Path
    total: int
    new: int
    fuzzy: int
    obsolete: int

    def __str__(self) -> str:
        return (
            f"{self.catalogue}: {self.total} entries, {self.new} new, {self.fuzzy} changed (fuzzy), "
            f"{self.obsolete} obsolete"
        )


def _grouped(found: list[Unit]) -> dict[str, list[Unit]]:
    grouped: dict[str, list[Unit]] = {}
    for unit in found:
        grouped.setdefault(unit.text, []).append(unit)
    return grouped


def extract(notebook: str | Path, *, root: Path = REPO_ROOT) -> ExtractReport:
    """Create or update the catalogue of an English notebook (see the module's docstring for the rules)."""
    relative = _relative(notebook, root)
    path = catalogue_path(relative, root=root)
    old = read_catalogue(path) if path.exists() else _new_catalogue(relative)
    grouped = _grouped(units(read_notebook(root / relative)))
    active = {e.msgid: e for e in old if not e.obsolete and not e.msgctxt}
    obsolete = {e.msgid: e for e in old if e.obsolete}
    vanished = [e for text, e in active.items() if text not in grouped and e.msgstr]
    po = _new_catalogue(relative)
    po.header, po.metadata = old.header, old.metadata
    new = fuzzy = 0
    for text, where in grouped.items():
        entry = polib.POEntry(msgid=text, msgstr="")
        kept = active.get(text) or obsolete.get(text)
        if kept is not None:
            entry.msgstr, entry.flags, entry.previous_msgid = kept.msgstr, list(kept.flags), kept.previous_msgid
            entry.tcomment = kept.tcomment  # the translator's own notes
        elif (match := _closest(text, vanished)) is not None:
            vanished.remove(match)
            was_fuzzy = "fuzzy" in match.flags and match.previous_msgid
            entry.msgstr, entry.flags, entry.tcomment = match.msgstr, ["fuzzy"], match.tcomment
            entry.previous_msgid = match.previous_msgid if was_fuzzy else match.msgid
        else:
            new += 1
        fuzzy += "fuzzy" in entry.flags
        entry.occurrences = [(relative.as_posix(), str(u.cell)) for u in where]
        entry.comment = where[0].kind
        po.append(entry)
    gone = [*vanished, *(e for t, e in obsolete.items() if t not in grouped)]
    for entry in gone:
        entry.obsolete, entry.occurrences = True, []
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return ExtractReport(path.relative_to(root), len(grouped), new, fuzzy, len(gone))


def _closest(text: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    """The candidate whose English is most like ``text`` (at least :data:`FUZZY_SIMILARITY`), else ``None``."""
    best, best_ratio = None, FUZZY_SIMILARITY
    for entry in candidates:
        ratio = difflib.SequenceMatcher(None, text, entry.msgid, autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = entry, ratio
    return best


# ---------------------------------------------------------------- generate
def _translations(po: polib.POFile) -> dict[str, str]:
    """English → Chinese for every translated entry that is not fuzzy."""
    return {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr and "fuzzy" not in e.flags}


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


def generate(notebook: str | Path, *, root: Path = REPO_ROOT, execute: bool = True) -> Path:
    """Write the Chinese notebook of an English one from its catalogue; with ``execute``, run it (papermill) and
    store its outputs as :func:`course.authoring.notebooks.run_in_place` does. Returns its path."""
    _, english, po = _english_and_catalogue(notebook, root)
    target = chinese_path(notebook, root=root)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_notebook(translate_notebook(english, po), target)
    if execute:
        run_in_place(target)
    return target


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
        for term in TERMS:
            if term.en.lower() in exempt or term.zh in entry.msgstr:
                continue
            if re.search(rf"(?<![\w-]){re.escape(term.en)}(?:s|es)?(?![\w-])", entry.msgid, re.IGNORECASE):
                cells = ", ".join(line for _, line in entry.occurrences)
                place = f"{where}, cell {cells}" if cells else where
                problems.append(f"{place}: {_shorten(entry.msgid)!r}: {term.en!r} should read {term.zh}")
    return problems


# ---------------------------------------------------------------- the code is the English code
def code_without_comments(source: str) -> str:
    """A code cell's source without its comments: trailing comments cut, comment-only lines dropped."""
    cuts = {}
    for hash_at, _end, _whole in _comments(source):
        line_start = source.rfind("\n", 0, hash_at) + 1
        cuts[line_start] = hash_at
    kept, offset = [], 0
    for line in source.splitlines(keepends=True):
        text = line.rstrip("\r\n")
        if offset in cuts:
            text = text[: cuts[offset] - offset].rstrip()
            if not text:
                offset += len(line)
                continue
        kept.append(text)
        offset += len(line)
    return "\n".join(kept)


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
