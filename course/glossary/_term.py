"""One glossary entry (:class:`Term`) and the languages of a label."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["LANGUAGES", "Term"]

#: The languages of a label.
LANGUAGES = ("en", "zh")


class Term(NamedTuple):
    """One glossary entry."""

    en: str
    zh: str
    meaning: str
    lesson: str
    #: The labels the course's tables use for this term (tier "strategic", RFM class "Important value" …).
    codes: tuple[str, ...] = ()
