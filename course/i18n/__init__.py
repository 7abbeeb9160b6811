"""The language of a lesson: English or the Chinese edition (中文版), for its tables, figures and messages.

A lesson's parameters cell sets ``lang = "en"`` (the Chinese edition's
notebooks set ``lang = "zh"``) and its first code cell calls
:func:`course.set_language` with it. From then on, in that kernel:

- the course's charts (:mod:`course.plots`) draw their words in that language;
- in a notebook, tables and figures are *shown* in it: the display hooks of
  :mod:`course.i18n._display` give a table's headers and the labels the
  glossary knows their Chinese names, and translate a figure's texts, just
  before Jupyter renders them -- the objects the code holds keep their
  English names, so the code of both editions is the same;
- the course's own messages -- the checks' ✓ and ✗ messages and hints, the
  warnings it prints, the loaders' errors -- are translated by :func:`gettext`
  (written ``_`` where a message is made) from the package catalogue
  ``locale/zh/course.po``.

Where the words come from, in order: :mod:`course.glossary` (the one source
of the field's terms), then the package catalogue, then the entries of the
notebook catalogues whose context is ``output`` (the words of a lesson's own
figures, which the lesson's code writes in English). A figure text with
numbers in it is looked up with each number replaced by ``{}``.

Examples
--------
>>> from course import i18n
>>> i18n.language()
'en'
>>> i18n.gettext("Question {number}: correct.").format(number=2)
'Question 2: correct.'
>>> with i18n.using("zh"):
...     i18n.translate_label("strategic")
'战略客户'
>>> i18n.language()
'en'
"""

from course.i18n._language import (
    LANGUAGES,
    LOCALE_DIR,
    MISSING_LABELS_ENV,
    N_,
    OUTPUT_CONTEXT,
    PACKAGE_CATALOGUE,
    _set,
    catalogue_table,
    gettext,
    language,
    translate_label,
    using,
)

__all__ = [
    "LANGUAGES",
    "LOCALE_DIR",
    "PACKAGE_CATALOGUE",
    "OUTPUT_CONTEXT",
    "MISSING_LABELS_ENV",
    "set_language",
    "language",
    "using",
    "gettext",
    "N_",
    "translate_label",
    "catalogue_table",
]


def set_language(lang: str) -> None:
    """Show this kernel's tables, figures and the course's messages in ``lang`` ("en" or "zh").

    In a Jupyter kernel, "zh" also installs the display hooks that show tables
    and figures with Chinese labels (:mod:`course.i18n._display`); "en" removes
    them, so English outputs are exactly what pandas and matplotlib draw.

    Examples
    --------
    >>> import course
    >>> course.set_language("en")
    >>> course.set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang='fr' is not a language of the course; use one of ('en', 'zh').
    """
    _set(lang)
    from course.i18n import _display  # IPython and matplotlib only when a notebook asks

    _display.follow_language(lang)
