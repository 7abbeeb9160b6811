"""The units a translator sees: markdown paragraphs, headings, list items and table cells; code comments."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from nbformat import NotebookNode

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.*?)\s*$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"`[^`]*`")
_LETTER = re.compile(r"[^\W\d_]")
_PRAGMA = re.compile(r"^(noqa|type:|fmt:|pragma)")


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
