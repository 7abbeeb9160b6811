"""The lesson's language and its words: the state, gettext, and the labels of tables and figures."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from course.glossary import LANGUAGES, label

__all__ = [
    "LANGUAGES",
    "LOCALE_DIR",
    "PACKAGE_CATALOGUE",
    "OUTPUT_CONTEXT",
    "MISSING_LABELS_ENV",
    "language",
    "using",
    "gettext",
    "N_",
    "translate_label",
    "catalogue_table",
]

#: Where the catalogues live: ``locale/zh/course.po`` and ``locale/zh/notebooks/<folder>/<stem>.po``.
#: (The repository root is found from this file, not from ``course.REPO_ROOT``: ``course`` lends its
#: ``set_language`` from here, and the package root may not be imported back.)
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
#: The catalogue of the package's own messages (checks, warnings, errors), in ``locale/<lang>/``.
PACKAGE_CATALOGUE = "course.po"
#: The context (``msgctxt``) of a notebook catalogue's entries that translate the words of its outputs.
OUTPUT_CONTEXT = "output"
#: When set to a file, the words a Chinese notebook shows untranslated are appended to it (one per line):
#: ``python -m course translations generate`` adds them to the notebook's catalogue.
MISSING_LABELS_ENV = "COURSE_MISSING_LABELS"

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"[-−+]?\d[\d,]*(?:\.\d+)?")
_state = {"lang": "en"}


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the course; use one of {LANGUAGES}.")
    return lang


def _set(lang: str) -> None:
    """Set the language (:func:`course.i18n.set_language` also installs the display hooks)."""
    _state["lang"] = _checked(lang)


def language() -> str:
    """The language set by :func:`set_language` ("en" until a lesson sets one)."""
    return _state["lang"]


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Within the block, messages and labels in ``lang``; the language before it is restored after.

    Unlike :func:`set_language`, it does not touch the notebook's display hooks:
    the grader and the tests use it to make messages in a submission's language.
    """
    before = _state["lang"]
    _state["lang"] = _checked(lang)
    try:
        yield
    finally:
        _state["lang"] = before


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (for messages kept in constants).

    The constant is translated where it is used, with ``_(CONSTANT)``.
    """
    return message


def _read_entries(path: Path, *, context: str | None) -> dict[str, str]:
    import polib

    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError):  # an unreadable catalogue is reported by `translations check`
        return {}
    return {
        e.msgid: e.msgstr
        for e in po
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags and (e.msgctxt or None) == context
    }


@cache
def catalogue_table(lang: str = "zh") -> dict[str, str]:
    """English → ``lang`` of the package's messages and of the notebooks' output words (translated entries).

    Read once per process from ``locale/<lang>/``; fuzzy and untranslated entries
    are left out (gettext's rule: they stay English).
    """
    folder = LOCALE_DIR / lang
    table: dict[str, str] = {}
    for path in sorted((folder / "notebooks").glob("*/*.po")):
        table.update(_read_entries(path, context=OUTPUT_CONTEXT))
    table.update(_read_entries(folder / PACKAGE_CATALOGUE, context=None))
    return table


def gettext(message: str) -> str:
    """``message`` in the current language: its translation in the package catalogue, else itself.

    Messages with fields are written with named fields and formatted after
    translation, ``_("Question {number}: correct.").format(number=n)``, so that
    a translator can move the fields.
    """
    if _state["lang"] == "en":
        return message
    return catalogue_table(_state["lang"]).get(message, message)


def _template(text: str) -> tuple[str, list[str]]:
    numbers = _NUMBER.findall(text)
    return _NUMBER.sub("{}", text), numbers


def translate_label(text: str, *, missing: bool = True) -> str:
    """A word shown in a table or figure, in the current language.

    The glossary's name first, then the catalogues' translation of the text
    itself, then of the text with its numbers replaced by ``{}`` (the numbers
    are put back in their order). With ``missing`` and the environment variable
    ``COURSE_MISSING_LABELS`` set, a text with English words and no translation
    is written to that file, for the translator.
    """
    lang = _state["lang"]
    if lang == "en" or not text.strip() or _CHINESE.search(text):  # already in Chinese (a chart drawn in zh)
        return text
    try:
        named = label(text, lang)
    except KeyError:
        named = None
    if named is not None and named != text:
        return named
    table = catalogue_table(lang)
    if text in table:
        return table[text]
    template, numbers = _template(text)
    if numbers and template in table:
        pieces = table[template].split("{}")
        if len(pieces) == len(numbers) + 1:
            return "".join(p + n for p, n in zip(pieces, numbers, strict=False)) + pieces[-1]
    if missing and re.search(r"[A-Za-z]{2}", text):
        _note_missing(template if numbers else text)
    return text


def _note_missing(text: str) -> None:
    target = os.environ.get(MISSING_LABELS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as file:
            file.write(text.replace("\n", "\\n") + "\n")
