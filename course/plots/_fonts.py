"""The course style: fonts readable at slide size, a CJK font when installed, no axis offsets."""

from __future__ import annotations

from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager

from course import i18n
from course.glossary import LANGUAGES
from course.plots._constants import _LATIN_FONT, CHART_COLOURS, CJK_FONTS, FIGURE_DPI, FIGURE_SIZE, FONT_SIZES
from course.plots._recording import _register_png_formatter


def _installed_families(manager: font_manager.FontManager) -> set[str]:
    return {entry.name for entry in manager.ttflist}


def cjk_font(manager: font_manager.FontManager | None = None) -> str | None:
    """The installed Chinese-capable font family the course uses, or None when there is none.

    Looks in matplotlib's font list first; if none of :data:`CJK_FONTS` is
    there (fonts installed after matplotlib built its font cache), it adds the
    system's font files whose name says CJK and looks again, so a new
    ``apt-get install fonts-noto-cjk`` is seen without clearing any cache.

    Parameters
    ----------
    manager : FontManager, optional
        The font manager to search (matplotlib's own by default); a test
        passes one without CJK fonts to check the English fallback.
    """
    if manager is None:
        return _default_cjk_font()
    return _search_cjk(manager)


@cache
def _default_cjk_font() -> str | None:
    return _search_cjk(font_manager.fontManager)


def _search_cjk(manager: font_manager.FontManager) -> str | None:
    def first() -> str | None:
        families = _installed_families(manager)
        return next((family for family in CJK_FONTS if family in families), None)

    found = first()
    if found is None and manager is font_manager.fontManager:
        for path in font_manager.findSystemFonts():
            name = path.rsplit("/", 1)[-1].lower()
            if any(key in name for key in ("cjk", "wqy", "sourcehan", "notosanssc", "simhei", "yahei")):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                    continue
        found = first()
    return found


def chart_language(lang: str | None, manager: font_manager.FontManager | None = None) -> str:
    """The language a chart can be drawn in: ``lang`` (None: the lesson's, :func:`course.set_language`), or "en"
    when "zh" is asked for and no CJK font exists.

    Examples
    --------
    >>> chart_language("en"), chart_language(None)
    ('en', 'en')
    """
    if lang is None:
        lang = i18n.language()
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    if lang == "zh" and cjk_font(manager) is None:
        return "en"
    return lang


# --------------------------------------------------------------------------- the style


def course_rc(manager: font_manager.FontManager | None = None) -> dict[str, object]:
    """The rcParams of the course's style (what :func:`use_course_style` applies)."""
    cjk = cjk_font(manager)
    sizes = FONT_SIZES
    return {
        "figure.figsize": FIGURE_SIZE,
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": FIGURE_DPI,
        "figure.titlesize": sizes["suptitle"],
        "figure.titleweight": "bold",
        "figure.constrained_layout.use": False,
        "font.family": [_LATIN_FONT] + ([cjk] if cjk else []),
        "font.size": sizes["base"],
        "axes.titlesize": sizes["title"],
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": sizes["label"],
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.formatter.useoffset": False,
        "axes.formatter.limits": (-6, 9),
        "axes.unicode_minus": False,
        "xtick.labelsize": sizes["ticks"],
        "ytick.labelsize": sizes["ticks"],
        "legend.fontsize": sizes["legend"],
        "legend.title_fontsize": sizes["legend"],
        "legend.frameon": False,
        "lines.linewidth": 2.2,
        "lines.markersize": 7,
        "image.cmap": "Blues",
    }


def use_course_style() -> None:
    """Apply the course's look (see the module docstring) and record font sizes in every figure's PNG.

    Call it once at the top of a lesson, after ``import matplotlib.pyplot``.
    """
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette=list(CHART_COLOURS))
    plt.rcParams.update(course_rc())
    _register_png_formatter()


def _reset_for_tests() -> None:
    """Forget the cached CJK font (tests that change the font list call it)."""
    _default_cjk_font.cache_clear()
    mpl.rcParams.update(mpl.rcParamsDefault)
