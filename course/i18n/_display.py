"""Tables and figures shown in the lesson's language: IPython display hooks, installed by ``set_language("zh")``.

Jupyter renders a value through IPython's display formatters. For the Chinese
edition this module registers three of them:

- ``text/html`` and ``text/plain`` of a pandas DataFrame or Series: the table
  shown is :func:`localised` -- headers, index labels and the values the
  glossary knows in Chinese;
- ``image/png`` of a matplotlib Figure: its texts (title, axis labels, tick
  labels, legend, annotations) are translated by
  :func:`course.i18n.translate_label` just before matplotlib-inline draws it
  (:func:`translate_figure`; the course style's own PNG formatter,
  :func:`course.plots.figure_png`, which a lesson installs with
  ``use_course_style()``, calls it too).

The objects themselves are not changed where the code can see them (a table
is copied before it is relabelled), so ``table["revenue"]`` works in both
editions. ``set_language("en")`` removes the hooks: English outputs are
exactly pandas' and matplotlib's.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

import pandas as pd

from course.glossary import LANGUAGES, zh
from course.i18n import _language as i18n

__all__ = ["follow_language", "localised", "translate_figure"]

#: A table longer than this shows its labels translated but not every value looked up (pandas shows its ends).
_LOOKUP_ROWS = 5_000
#: A header written as a Python name is one the code uses: it is shown beside its Chinese.
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_installed: dict[tuple[str, type], object] = {}


@cache
def _glossary_name(value: str) -> str | None:
    try:
        return zh(value)
    except KeyError:
        return None


def _label(value: object, *, note: bool) -> object:
    if not isinstance(value, str):
        return value
    return i18n.translate_label(value, missing=note)


def _values(column: pd.Series) -> pd.Series:
    """A column's values with the glossary's Chinese names (only values the glossary knows change)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = {c: _glossary_name(c) for c in column.cat.categories if isinstance(c, str)}
        renamed = {c: n for c, n in names.items() if n and n != c}
        if renamed and len(set(renamed.values()) | (set(column.cat.categories) - set(renamed))) == len(
            column.cat.categories
        ):
            return column.cat.rename_categories(lambda c: renamed.get(c, c))
        return column
    if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
        return column
    names = {v: _glossary_name(v) for v in column.dropna().unique() if isinstance(v, str)}
    renamed = {v: n for v, n in names.items() if n and n != v}
    return column.map(lambda v: renamed.get(v, v)) if renamed else column


def _header(value: object, *, note: bool) -> object:
    """A column header or index name: its Chinese, followed by the English when it is a name the code uses."""
    if not isinstance(value, str):
        return value
    chinese = i18n.translate_label(value, missing=note)
    if chinese == value or not _IDENTIFIER.fullmatch(value):
        return chinese
    return f"{chinese}（{value}）"  # the reader types `customer_id`, not 客户编号


def _relabel(index: pd.Index, *, note: bool, headers: bool) -> pd.Index:
    """An index with its labels translated (column headers: see :func:`_header`) and its name(s) as headers."""
    if isinstance(index, pd.MultiIndex):
        names = [_header(n, note=note) for n in index.names]
        word = _header if headers else _label
        levels = [level.map(lambda v: word(v, note=False)) for level in index.levels]
        return index.set_levels(levels, verify_integrity=False).set_names(names)
    short = note and len(index) <= 30  # a long index holds ids or dates, not words to translate
    labels = index.map(lambda v: _header(v, note=short) if headers else _label(v, note=short))
    return labels.rename(_header(index.name, note=note))


def localised(table: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A copy of ``table`` as a Chinese reader sees it: words from the glossary and the catalogues.

    A header that is a name the code uses (``customer_id``, ``revenue``) keeps
    it after its Chinese, so that the reader knows what to type; the values the
    glossary knows (tiers, classes, states) read in Chinese.

    Examples
    --------
    >>> from course.i18n import _language as i18n
    >>> table = pd.DataFrame({"tier": ["strategic", "general"], "customers": [3, 9]})
    >>> with i18n.using("zh"):
    ...     localised(table)  # doctest: +NORMALIZE_WHITESPACE
      客户层级（tier） 客户数（customers）
    0     战略客户               3
    1     一般客户               9
    """
    shown = table.copy()
    if isinstance(shown, pd.DataFrame):
        if len(shown) <= _LOOKUP_ROWS and len(shown.columns):
            shown = shown.apply(_values)
        shown.columns = _relabel(shown.columns, note=True, headers=True)
    else:
        if len(shown) <= _LOOKUP_ROWS:
            shown = _values(shown)
        shown = shown.rename(_header(shown.name, note=True))
    shown.index = _relabel(shown.index, note=True, headers=False)
    return shown


def translate_figure(figure) -> None:
    """Translate the texts of a matplotlib figure in place (titles, labels, ticks, legends, annotations)."""
    from matplotlib import rcParams
    from matplotlib.text import Text

    figure.canvas.draw()  # tick labels exist only once the figure is drawn
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_ticklabels()
            texts = [t.get_text() for t in ticks]
            new = [i18n.translate_label(t) for t in texts]
            if new != texts:
                axis.set_ticks(axis.get_ticklocs(), labels=new)
    families = list(rcParams["font.family"])  # the course style lists its CJK font after the Latin one
    for text in figure.findobj(Text):
        old = text.get_text()
        new = i18n.translate_label(old) if old else old
        if new != old:
            text.set_text(new)
            if any("\u4e00" <= ch <= "\u9fff" for ch in new) and list(text.get_fontfamily()) != families:
                text.set_fontfamily(families)


def _html(table) -> str | None:
    return localised(table)._repr_html_()


def _plain(table, printer, cycle) -> None:
    printer.text(repr(localised(table)))


def _inline_backend_loaded() -> None:
    """Load matplotlib-inline before wrapping its formatter: it sets its formatters once, when first loaded."""
    import matplotlib

    if "inline" in str(matplotlib.get_backend(auto_select=False)):
        importlib.import_module("matplotlib_inline.backend_inline")


def follow_language(lang: str) -> None:
    """Install the display hooks for ``lang`` in the running IPython (nothing outside IPython)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the course; use one of {LANGUAGES}.")
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    for (mime, kind), previous in list(_installed.items()):  # back to the formatters found
        if previous is None:
            formatters[mime].pop(kind, None)
        else:
            formatters[mime].for_type(kind, previous)
        del _installed[(mime, kind)]
    if lang == "en":
        return
    from matplotlib.figure import Figure

    _inline_backend_loaded()
    hooks = [
        ("text/html", pd.DataFrame, _html),
        ("text/plain", pd.DataFrame, _plain),
        ("text/plain", pd.Series, _plain),
    ]
    for mime, kind, printer in hooks:  # a Series has no HTML form in pandas: it stays text
        _installed[(mime, kind)] = formatters[mime].for_type(kind, printer)
    original = formatters["image/png"].lookup_by_type(Figure) if Figure in formatters["image/png"] else None
    if original is not None:

        def png(figure, _original=original):
            translate_figure(figure)
            return _original(figure)

        _installed[("image/png", Figure)] = formatters["image/png"].for_type(Figure, png)
