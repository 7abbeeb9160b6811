"""English ↔ Chinese terms of customer tiering and key-account management: the one source of Chinese names.

Every Chinese name the package gives a label -- the tiers, the four groups,
the tier criteria, the eight RFM classes and the named segments, the
lifecycle states -- is read from :data:`TERMS` (each term lists the labels the
course's tables use for it, its *codes*), so a name is written once. Lessons
show the Chinese name of each key term the first time it appears, and the
glossary lists them all.

- :mod:`course.glossary._term` -- :class:`Term`, one entry;
- :mod:`course.glossary._tiering` -- the terms of lessons 01-07 (insight,
  tiers, RFM, Pareto, clustering, lifecycle, lifetime value);
- :mod:`course.glossary._key_accounts` -- the terms of lessons 08 and 09
  (key-account planning after source 001, the capstone);
- :mod:`course.glossary._labels` -- the words of the charts and summary
  tables (axes, legends, columns), which are labels, not terms of the field.

Examples
--------
>>> from course.glossary import label, zh, glossary
>>> zh("strategic customer"), zh("strategic")        # an English term or a code of the course's tables
('战略客户', '战略客户')
>>> label("dormant", "zh"), label("dormant", "en")
('沉睡客户', 'dormant')
>>> glossary().loc["churned customer", "zh"]
'流失客户'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from course.glossary._key_accounts import KEY_ACCOUNT_TERMS
from course.glossary._labels import LABELS
from course.glossary._term import LANGUAGES, Term
from course.glossary._tiering import TIERING_TERMS

__all__ = ["Term", "TERMS", "LABELS", "LANGUAGES", "glossary", "zh", "en", "label", "localise"]

#: Every term: those of lessons 01-07 (``_tiering``), then those of lessons 08 and 09 (``_key_accounts``).
TERMS: tuple[Term, ...] = TIERING_TERMS + KEY_ACCOUNT_TERMS


def glossary() -> pd.DataFrame:
    """The glossary as a DataFrame indexed by the English term: ``zh``, ``meaning``, ``lesson``."""
    frame = pd.DataFrame([t[:4] for t in TERMS], columns=["en", "zh", "meaning", "lesson"])
    return frame.set_index("en")


@cache
def _chinese_by_name() -> dict[str, str]:
    names = {english.lower(): chinese for english, chinese in LABELS.values()}
    names.update({code.lower(): chinese for code, (_, chinese) in LABELS.items()})
    names.update({t.en.lower(): t.zh for t in TERMS})
    for term in TERMS:
        names.update({code.lower(): term.zh for code in term.codes})
    return names


def zh(term: str) -> str:
    """The Chinese name of an English term, a code of the course's tables or a chart label (case-insensitive)."""
    try:
        return _chinese_by_name()[str(term).lower()]
    except KeyError:
        raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms") from None


def en(term: str) -> str:
    """The English name of a Chinese term."""
    for entry in TERMS:
        if entry.zh == term:
            return entry.en
    raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms")


def label(value: str, lang: str = "en", *, readable: bool = False) -> str:
    """The label of a term or code in ``lang``: the value itself in English, its glossary name in Chinese.

    With ``readable=True`` a column code of :data:`LABELS` reads as words in
    English too (``customer_share`` → ``share of customers``), as charts show it.

    Examples
    --------
    >>> label("Important value", "zh"), label("old-big", "zh")
    ('重要价值客户', '老客户·大客户')
    >>> label("customer_share", "en"), label("customer_share", "en", readable=True)
    ('customer_share', 'share of customers')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    if lang == "zh":
        return zh(value)
    if readable and str(value) in LABELS:
        return LABELS[str(value)][0]
    return str(value)


def localise(table: pd.DataFrame | pd.Series, lang: str = "en", *, columns: bool = True) -> pd.DataFrame | pd.Series:
    """A copy of a summary table with its index labels (and column names) in ``lang``.

    Every label the glossary knows -- a tier, a group, an RFM class or segment,
    a lifecycle state, a column such as ``revenue_share`` -- is translated, and
    so are the names of the index and the columns; any other label (an
    industry, a number) is kept as it is. ``lang="en"`` returns the table
    unchanged (a copy). The input is never modified.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [3, 9]}, index=pd.Index(["strategic", "general"], name="tier"))
    >>> localise(table, "zh")  # doctest: +NORMALIZE_WHITESPACE
          客户数
    客户层级
    战略客户    3
    一般客户    9
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    result = table.copy()
    if lang == "en":
        return result

    def name(value: object) -> object:
        try:
            return zh(str(value)) if isinstance(value, str) else value
        except KeyError:
            return value

    def relabel(index: pd.Index) -> pd.Index:
        if isinstance(index, pd.MultiIndex):
            levels = [level.map(name) for level in index.levels]
            return index.set_levels(levels).set_names([name(n) for n in index.names])
        if isinstance(index, pd.CategoricalIndex):
            index = index.rename_categories(index.categories.map(name))
        else:
            index = index.map(name)
        return index.rename(name(index.name))

    result.index = relabel(result.index)
    if isinstance(result, pd.Series):
        return result.rename(name(result.name))
    if columns:
        result.columns = relabel(result.columns)
    return result
