"""Self-contained HTML pages: one file with its styles and its charts inside, that opens offline.

The customer archive (lesson 08) and the management report (lesson 09) are
single HTML files that a manager can mail or open from a USB stick: charts
are embedded as base64 PNG images, styles are inline, there is no script and
no link to anything outside the file.

Examples
--------
>>> import pandas as pd
>>> html = page("Test", [section("Numbers", table_html(pd.DataFrame({"a": [1.5]})))])
>>> html.startswith("<!DOCTYPE html>"), "http" in html
(True, False)
"""

from __future__ import annotations

import base64
import html as _html
import io
import os
from collections.abc import Iterable, Mapping
from string import Template

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from course.plots import PALETTE

__all__ = [
    "GENERATOR",
    "escape",
    "figure_html",
    "table_html",
    "facts_html",
    "section",
    "page",
    "is_course_page",
    "written_by_course",
]

#: The ``<meta name="generator">`` of every page the course writes: how a command knows a file is its own.
GENERATOR = "course (customer tiering and key-account management)"

#: The pages' styles, their colours from the course palette (:data:`course.plots.PALETTE`).
_STYLE = Template("""
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", Arial, sans-serif; margin: 1.5em auto;
       max-width: 1100px; color: $ink; font-size: 14px; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; } h2 { font-size: 1.2em; border-bottom: 2px solid $blue;
padding-bottom: 0.2em; margin-top: 1.4em; } h3 { font-size: 1.0em; margin-bottom: 0.3em; }
.subtitle { color: $muted; margin-top: 0; } .note { color: $muted; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid $rule; padding: 3px 7px; text-align: right; } th { background: $header; }
td.text, th.text { text-align: left; } .facts { display: flex; flex-wrap: wrap; gap: 0.6em; margin: 0.5em 0; }
.fact { border: 1px solid $box_rule; border-radius: 6px; padding: 0.4em 0.8em; min-width: 8em; background: $box; }
.fact .value { font-size: 1.25em; font-weight: bold; } .fact .label { color: $muted; font-size: 0.85em; }
.grid { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; } img { max-width: 100%; }
.warn { color: $warning; } footer { margin-top: 2em; color: $faint; font-size: 0.85em; }
""").substitute(PALETTE)


def escape(text: object) -> str:
    """``text`` made safe for HTML (``<``, ``>``, ``&`` and quotes escaped)."""
    return _html.escape(str(text), quote=True)


def figure_html(fig: Figure, alt: str, dpi: int = 110) -> str:
    """An ``<img>`` holding ``fig`` as a base64 PNG (the figure is closed afterwards)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def _cell(value: object, fmt: str | None) -> tuple[str, bool]:
    """The text of one cell and whether it is text (left-aligned) rather than a number."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), True
    if isinstance(value, (int, float)) and fmt:
        return fmt.format(value), False
    if isinstance(value, float):
        return f"{value:,.2f}", False
    if isinstance(value, int):
        return f"{value:,}", False
    return escape(value), True


def table_html(frame: pd.DataFrame, formats: Mapping[str, str] | None = None, index: bool = True) -> str:
    """``frame`` as an HTML table; ``formats`` maps a column to a format such as ``"{:.0%}"`` or ``"{:,.0f}"``."""
    formats = dict(formats or {})
    columns = list(frame.columns)
    head = "".join(f'<th class="text">{escape(n)}</th>' for n in ([frame.index.name or ""] if index else []))
    values = {column: frame[column].tolist() for column in columns}  # per column: ints stay ints
    textual = {c for c in columns if any(isinstance(v, str) for v in values[c])}
    head += "".join(f'<th class="text">{escape(c)}</th>' if c in textual else f"<th>{escape(c)}</th>" for c in columns)
    rows = []
    for i, label in enumerate(frame.index):
        cells = [f'<td class="text">{escape(label)}</td>'] if index else []
        for column in columns:
            text, is_text = _cell(values[column][i], formats.get(column))
            cells.append(f'<td class="text">{text}</td>' if is_text else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def facts_html(facts: Iterable[tuple[str, str]]) -> str:
    """A row of key figures: ``(label, value)`` pairs shown as small boxes."""
    boxes = "".join(
        f'<div class="fact"><div class="value">{escape(value)}</div><div class="label">{escape(label)}</div></div>'
        for label, value in facts
    )
    return f'<div class="facts">{boxes}</div>'


def section(title: str, *parts: str) -> str:
    """A titled section of a page (``parts`` are HTML fragments)."""
    return f"<section><h2>{escape(title)}</h2>{''.join(parts)}</section>"


def page(title: str, sections: Iterable[str], subtitle: str = "", footer: str = "") -> str:
    """A complete, self-contained HTML document (UTF-8, inline styles, no scripts, no external links)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="generator" content="{GENERATOR}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        + (f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else "")
        + "".join(sections)
        + (f"<footer>{escape(footer)}</footer>" if footer else "")
        + "</body></html>\n"
    )


def is_course_page(text: str) -> bool:
    """Whether ``text`` is a page this module wrote (its first 2 kB hold :data:`GENERATOR`).

    Examples
    --------
    >>> is_course_page(page("T", [])), is_course_page("<html>not ours</html>")
    (True, False)
    """
    return f'<meta name="generator" content="{GENERATOR}">' in text[:2048]


def written_by_course(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` is a page this module wrote (see :func:`is_course_page`)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(2048)
    except OSError:
        return False
    return is_course_page(head)
