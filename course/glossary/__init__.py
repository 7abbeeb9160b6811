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
  (key-account planning after source 001, the capstone).

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
from course.glossary._term import LANGUAGES, Term
from course.glossary._tiering import TIERING_TERMS

__all__ = ["Term", "TERMS", "LANGUAGES", "glossary", "zh", "en", "label"]

#: Every term: those of lessons 01-07 (``_tiering``), then those of lessons 08 and 09 (``_key_accounts``).
TERMS: tuple[Term, ...] = TIERING_TERMS + KEY_ACCOUNT_TERMS


def glossary() -> pd.DataFrame:
    """The glossary as a DataFrame indexed by the English term: ``zh``, ``meaning``, ``lesson``."""
    frame = pd.DataFrame([t[:4] for t in TERMS], columns=["en", "zh", "meaning", "lesson"])
    return frame.set_index("en")


@cache
def _chinese_by_name() -> dict[str, str]:
    names = {t.en.lower(): t.zh for t in TERMS}
    for term in TERMS:
        names.update({code.lower(): term.zh for code in term.codes})
    return names


def zh(term: str) -> str:
    """The Chinese name of an English term or of a code used in the course's tables (case-insensitive)."""
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


def label(value: str, lang: str = "en") -> str:
    """The label of a term or code in ``lang``: the value itself in English, its glossary name in Chinese.

    Examples
    --------
    >>> label("Important value", "zh"), label("old-big", "zh")
    ('重要价值客户', '老客户·大客户')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    return str(value) if lang == "en" else zh(value)
