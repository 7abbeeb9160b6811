"""The course's look: one plotting style, axis formatters and the standard charts of the lessons.

Every lesson calls :func:`use_course_style` once, at the top. It sets

- sizes that read on a projector: figures 8 × 4.5 in at 100 dpi (800 px wide,
  shown at their natural size on the course website and in the slides),
  text of 11-15 pt and never below :data:`MIN_FONT_PT`;
- one palette (seaborn's "deep"), a light grid, no top and right spines;
- no axis offsets and no scientific multipliers ("1e6" in a corner): money
  axes read "2.5M" with :func:`format_money_axis`, shares "40%" with
  :func:`format_percent_axis`;
- a Chinese-capable font when one is installed (Debian's ``fonts-noto-cjk``),
  as a fallback behind DejaVu Sans, so Latin text looks the same everywhere;
- a PNG formatter that writes, into each figure's PNG, the size of the
  smallest text it holds (``course:min-font-pt``); the test suite reads it to
  prove that no stored figure has text below 8 pt at its saved size.

The standard charts -- :func:`category_bars` (tiers, groups, RFM classes,
segments, lifecycle states), :func:`lorenz_chart`, :func:`whale_chart`,
:func:`heatmap` and :func:`survival_chart` -- take ``lang="en" | "zh"``: with
``"zh"`` the category names, axis labels and legends come from
:mod:`course.glossary`. When no CJK font is installed, ``lang="zh"`` quietly
draws the English labels instead (see :func:`chart_language`): a missing glyph
would print a warning into the notebook and draw empty boxes.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from course.plots import use_course_style, category_bars
>>> use_course_style()
>>> shares = pd.Series({"strategic": 0.05, "important": 0.15, "general": 0.80}, name="customer_share")
>>> ax = category_bars(shares, kind="tier", percent=True, title="Customers per tier")
>>> [tick.get_text() for tick in ax.get_xticklabels()]
['strategic', 'important', 'general']
>>> ax.yaxis.get_major_formatter()(0.4, 0)
'40%'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, PercentFormatter

from course.glossary import LANGUAGES, label, localise

__all__ = [
    "MIN_FONT_PT",
    "FIGURE_DPI",
    "FIGURE_SIZE",
    "FONT_SIZES",
    "CJK_FONTS",
    "use_course_style",
    "course_rc",
    "cjk_font",
    "chart_language",
    "money",
    "format_money_axis",
    "format_percent_axis",
    "DISPLAY_WIDTH_PX",
    "figure_png",
    "smallest_text",
    "png_info",
    "category_bars",
    "lorenz_chart",
    "whale_chart",
    "heatmap",
    "survival_chart",
]

#: No text of a course figure may be smaller than this, in points at the figure's saved size.
MIN_FONT_PT = 8.0
#: Resolution of the course's figures: 100 dpi, so 1 pt of text is 1.04 CSS pixels at natural size.
FIGURE_DPI = 100
#: Default figure size in inches: 800 × 450 px, one slide's width.
FIGURE_SIZE = (8.0, 4.5)
#: The style's text sizes in points.
FONT_SIZES = {
    "base": 12.0,
    "title": 14.0,
    "suptitle": 15.0,
    "label": 12.0,
    "ticks": 11.0,
    "legend": 11.0,
    "annotation": 10.0,
}
#: Chinese-capable font families, in order of preference (the first installed one is used).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
)
#: The Latin font: shipped with matplotlib, so it is there on every machine.
_LATIN_FONT = "DejaVu Sans"
#: The PNG text key holding the smallest font size of a figure.
MIN_FONT_KEY = "course:min-font-pt"
#: The widest a figure is shown, in CSS pixels: the article column of the course website in a
#: 1440-px window and the width of a slide. A wider PNG is shrunk to it, and its text with it.
DISPLAY_WIDTH_PX = 800


# --------------------------------------------------------------------------- fonts


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


def chart_language(lang: str, manager: font_manager.FontManager | None = None) -> str:
    """The language a chart can be drawn in: ``lang``, or "en" when "zh" is asked for and no CJK font exists.

    Examples
    --------
    >>> chart_language("en")
    'en'
    """
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

    sns.set_theme(style="whitegrid", context="notebook", palette="deep")
    plt.rcParams.update(course_rc())
    _register_png_formatter()


def _register_png_formatter() -> None:
    """In IPython, show figures through :func:`figure_png`, so each PNG records its smallest text.

    The inline backend installs its own PNG formatter when it is first loaded
    (at the first figure) and whenever it is configured again, so the course's
    formatter is put back before every cell runs.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    backend = getattr(mpl.rcParams, "_get_backend_or_none", lambda: None)()  # without resolving it
    if "inline" in str(backend or ""):
        import matplotlib_inline.backend_inline  # noqa: F401 - loading it installs the inline formatter now

    def install(*_: object) -> None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)

    install()
    if not getattr(shell, "_course_png_formatter", False):
        shell.events.register("pre_run_cell", install)
        shell._course_png_formatter = True


def smallest_text(fig: Figure) -> tuple[float, str] | None:
    """The size in points and the content of the smallest visible text of ``fig`` (None when it has none).

    Tick labels count only when their tick is inside the axis limits (those
    are the ones drawn). The figure is laid out first, so tick labels exist.
    """
    fig.draw_without_rendering()
    drawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if low - 1e-9 * abs(high - low) <= tick.get_loc() <= high + 1e-9 * abs(high - low):
                    drawn.update({id(tick.label1), id(tick.label2)})
    tick_labels = {
        id(text)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for text in (tick.label1, tick.label2)
    }
    found = None
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in tick_labels and id(text) not in drawn:
            continue
        size = float(text.get_fontsize())
        if found is None or size < found[0]:
            found = (size, text.get_text())
    return found


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, as Jupyter shows it (tight bounding box), with its smallest text size recorded.

    The size goes into the PNG's own text chunk under :data:`MIN_FONT_KEY`,
    with the text itself under ``course:min-font-text``; a figure without text
    records nothing.
    """
    smallest = smallest_text(fig)
    metadata = {"Software": None}
    if smallest is not None:
        metadata[MIN_FONT_KEY] = f"{smallest[0]:.2f}"
        metadata["course:min-font-text"] = smallest[1][:80]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def png_info(png: bytes) -> dict[str, object]:
    """What a stored PNG says about its text: pixel size, dpi, the recorded smallest font and its shown size.

    ``shown_min_font_pt`` is the smallest text as a reader sees it: a PNG of
    ``dpi`` is shown at one image pixel per CSS pixel (1/96 in), shrunk to
    :data:`DISPLAY_WIDTH_PX` when wider, so ``s`` points become
    ``s * dpi / 96 * min(1, DISPLAY_WIDTH_PX / width)``. It is None when the
    PNG records no font size (a figure not drawn through :func:`figure_png`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    >>> _ = ax.set_title("t", fontsize=12)
    >>> info = png_info(figure_png(fig))
    >>> info["dpi"], info["min_font_pt"] <= 12
    (100.0, True)
    >>> plt.close(fig)
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
        dpi = float(image.info.get("dpi", (72.0, 72.0))[0])
        text = dict(getattr(image, "text", {}))
    recorded = text.get(MIN_FONT_KEY)
    min_font = float(recorded) if recorded is not None else None
    shown = None if min_font is None else min_font * dpi / 96.0 * min(1.0, DISPLAY_WIDTH_PX / width)
    return {
        "width": width,
        "height": height,
        "dpi": round(dpi, 1),
        "min_font_pt": min_font,
        "min_font_text": text.get("course:min-font-text"),
        "shown_min_font_pt": shown,
    }


# --------------------------------------------------------------------------- formatters


def money(value: float) -> str:
    """Format an amount compactly: 1234 → '1.2k', 2500000 → '2.5M', 2000000 → '2M'.

    Examples
    --------
    >>> money(1234), money(25_000), money(2_500_000), money(2_000_000), money(-950), money(0)
    ('1.2k', '25k', '2.5M', '2M', '-950', '0')
    """
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".removesuffix(".0") + suffix
    return f"{value:.0f}"


def format_money_axis(ax: Axes, axis: str = "y", *, currency: str = "") -> None:
    """Show an axis's tick labels as compact amounts (950, 1.2k, 25k, 2.5M), optionally with a currency prefix."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda value, _: currency + money(value)))


def format_percent_axis(ax: Axes, axis: str = "y", *, xmax: float = 1.0, decimals: int = 0) -> None:
    """Show an axis holding shares (0–1 by default) as percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=xmax, decimals=decimals))


# --------------------------------------------------------------------------- standard charts


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize)
    return new


def _text(value: str | None, lang: str) -> str | None:
    """A chart text in ``lang``: the glossary's label when it knows the text (a code reads as words), else as given."""
    if value is None:
        return value
    try:
        return label(value, lang, readable=True)
    except KeyError:
        return value


def _readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with its labels in ``lang``, column codes as words (for legends and axes)."""
    shown = localise(frame, lang)
    if lang == "en":
        shown.columns = [_text(str(column), lang) for column in shown.columns]
    return shown


def category_bars(
    values: pd.Series | pd.DataFrame,
    *,
    kind: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    horizontal: bool = False,
    percent: bool = False,
    money_axis: bool = False,
    title: str | None = None,
    value_label: str | None = None,
    legend_title: str | None = None,
) -> Axes:
    """Bars per category -- tier, group, RFM class, segment, lifecycle state -- one colour per column.

    Parameters
    ----------
    values : Series or DataFrame
        Indexed by category (in the order to draw); a DataFrame draws grouped
        bars, one per column (e.g. ``customer_share`` and ``revenue_share``).
    kind : str, optional
        What the categories are ("tier", "group", "RFM class", "segment",
        "lifecycle state"): the category axis's label. Default: the index name.
    lang : "en" or "zh"
        Language of the category names, the axis labels and the legend
        (through :mod:`course.glossary`; "zh" falls back to "en" without a CJK font).
    horizontal : bool
        Horizontal bars, first category on top (for long names such as the eight RFM classes).
    percent, money_axis : bool
        Format the value axis as shares (0-1 → %) or as amounts (k, M).
    title, value_label, legend_title : str, optional
        Texts; translated when the glossary knows them.

    Returns
    -------
    Axes
    """
    lang = chart_language(lang)
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    frame = _readable(frame, lang)
    ax = _axes(ax, (8.0, max(3.5, 0.45 * len(frame) + 1.2)) if horizontal else None)
    frame.plot.barh(ax=ax, width=0.8) if horizontal else frame.plot.bar(ax=ax, rot=0, width=0.8)
    category_label = _text(kind or frame.index.name, lang)
    if horizontal:
        ax.invert_yaxis()
        ax.set_ylabel(category_label or "")
        ax.set_xlabel(_text(value_label, lang) or "")
        value_axis = "x"
    else:
        ax.set_xlabel(category_label or "")
        ax.set_ylabel(_text(value_label, lang) or "")
        value_axis = "y"
        if max((len(str(name)) for name in frame.index), default=0) * len(frame) > 60:
            plt.setp(ax.get_xticklabels(), rotation=25, ha="right")
    if percent:
        format_percent_axis(ax, value_axis)
    if money_axis:
        format_money_axis(ax, value_axis)
    if frame.shape[1] > 1:
        ax.legend(title=_text(legend_title, lang))
    elif ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.grid(axis="y" if horizontal else "x", visible=False)
    if title:
        ax.set_title(_text(title, lang))
    return ax


def lorenz_chart(
    curves: pd.DataFrame | Mapping[str, pd.DataFrame],
    *,
    lang: str = "en",
    ax: Axes | None = None,
    title: str | None = None,
    shade: bool = True,
    mark_share: float | None = None,
    value_label: str = "cumulative share of revenue",
) -> Axes:
    """Lorenz curve(s): cumulative share of value against cumulative share of customers, smallest first.

    Parameters
    ----------
    curves : DataFrame or mapping of name → DataFrame
        Results of :func:`course.pareto.lorenz_curve` (columns ``customer_share``
        and ``value_share``); several curves are drawn with their names in the legend.
    mark_share : float, optional
        Draw a vertical line at this share of customers (0.8: the top 20% lie to its right).
    value_label : str
        The vertical axis's label.
    """
    lang = chart_language(lang)
    named = {"": curves} if isinstance(curves, pd.DataFrame) else dict(curves)
    ax = _axes(ax, (6.5, 5.5))
    for name, curve in named.items():
        line = ax.plot(curve["customer_share"], curve["value_share"], label=_text(name, lang) or None)[0]
        if shade and len(named) == 1:
            ax.fill_between(
                curve["customer_share"],
                curve["value_share"],
                curve["customer_share"],
                color=line.get_color(),
                alpha=0.15,
            )
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1.2, label=_text("perfect equality", lang))
    if mark_share is not None:
        ax.axvline(mark_share, color="black", linewidth=0.9)
    format_percent_axis(ax, "x")
    format_percent_axis(ax, "y")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(_text("share of customers, smallest first", lang))
    ax.set_ylabel(_text(value_label, lang))
    ax.legend(loc="upper left")
    if title:
        ax.set_title(_text(title, lang))
    return ax


def whale_chart(
    whale: pd.DataFrame,
    peak: Mapping[str, float] | None = None,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The profit whale curve: cumulative profit (share of the total) by customer, most profitable first.

    Parameters
    ----------
    whale : DataFrame
        Result of :func:`course.pareto.whale_curve` (``cum_customer_share``, ``cum_profit_share``).
    peak : mapping, optional
        Result of :func:`course.pareto.whale_peak`; its point is marked.
    """
    lang = chart_language(lang)
    ax = _axes(ax)
    ax.plot(whale["cum_customer_share"], whale["cum_profit_share"], label=_text("cumulative share of profit", lang))
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=1.2, label=_text("100% of total profit", lang))
    if peak is not None:
        ax.scatter(
            [peak["peak_customer_share"]],
            [peak["peak_share"]],
            color="crimson",
            s=60,
            zorder=3,
            label=_text("peak", lang),
        )
    format_percent_axis(ax, "x")
    format_percent_axis(ax, "y")
    ax.set_xlabel(_text("share of customers, most profitable first", lang))
    ax.set_ylabel(_text("cumulative share of profit", lang))
    ax.legend(loc="lower right")
    if title:
        ax.set_title(_text(title, lang))
    return ax


def heatmap(
    matrix: pd.DataFrame,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    fmt: str | None = "{:.0%}",
    cell_text: pd.DataFrame | None = None,
    cmap: str = "Blues",
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar_label: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    origin: str = "upper",
    annotation_size: float | None = None,
) -> Axes:
    """An annotated heat map (tier transitions, R × F cells, cohort retention) with readable cells.

    Parameters
    ----------
    matrix : DataFrame
        Values to colour; its index and columns label the rows and columns
        (translated with ``lang`` when the glossary knows them).
    fmt : str or None
        Format of each cell's number ("{:.0%}", "{:,}"); None writes no number.
    cell_text : DataFrame, optional
        Text per cell instead of (or above) the number, e.g. the segment names.
    origin : "upper" or "lower"
        Where the first row is drawn ("lower" for score grids, 1 at the bottom).
    annotation_size : float, optional
        Size of the cell texts in points (default :data:`FONT_SIZES`\\ ["annotation"],
        never below :data:`MIN_FONT_PT`).
    """
    lang = chart_language(lang)
    shown = localise(matrix, lang)
    values = matrix.to_numpy(dtype=float)
    ax = _axes(ax)
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, origin=origin, aspect="auto")
    ax.grid(False)
    ax.set_xticks(range(shown.shape[1]), [str(c) for c in shown.columns])
    ax.set_yticks(range(shown.shape[0]), [str(i) for i in shown.index])
    size = max(MIN_FONT_PT, annotation_size or FONT_SIZES["annotation"])
    if fmt is not None or cell_text is not None:
        finite = values[np.isfinite(values)]
        low = vmin if vmin is not None else (finite.min() if finite.size else 0.0)
        high = vmax if vmax is not None else (finite.max() if finite.size else 1.0)
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                parts = []
                if cell_text is not None:
                    parts.append(_text(str(cell_text.iat[i, j]), lang))
                if fmt is not None and np.isfinite(value):
                    parts.append(fmt.format(value))
                if not parts:
                    continue
                dark = np.isfinite(value) and high > low and (value - low) / (high - low) > 0.6
                ax.text(
                    j, i, "\n".join(parts), ha="center", va="center", fontsize=size, color="white" if dark else "black"
                )
    ax.figure.colorbar(image, ax=ax, label=_text(colorbar_label, lang) or "")
    ax.set_xlabel(_text(xlabel, lang) if xlabel else _text(matrix.columns.name, lang) or "")
    ax.set_ylabel(_text(ylabel, lang) if ylabel else _text(matrix.index.name, lang) or "")
    if title:
        ax.set_title(_text(title, lang))
    return ax


def survival_chart(
    curves: pd.DataFrame,
    *,
    by: str = "tier",
    lang: str = "en",
    ax: Axes | None = None,
    title: str | None = None,
    time: str = "time",
    survival: str = "survival",
    days_per_unit: float = 365.25,
) -> Axes:
    """Kaplan-Meier curves, one step line per group (e.g. per tier), time in years.

    Parameters
    ----------
    curves : DataFrame
        Result of :func:`course.lifecycle.kaplan_meier` with ``by=...``:
        columns ``by``, ``time`` (days) and ``survival``.
    """
    lang = chart_language(lang)
    ax = _axes(ax)
    for group, part in curves.groupby(by, observed=True, sort=False):
        ax.step(part[time] / days_per_unit, part[survival], where="post", label=_text(str(group), lang))
    ax.set_xlabel(_text("years since the first purchase", lang))
    ax.set_ylabel(_text("share of customers still buying", lang))
    ax.set_ylim(0, 1.02)
    format_percent_axis(ax, "y")
    ax.legend(title=_text(by, lang))
    if title:
        ax.set_title(_text(title, lang))
    return ax


def _reset_for_tests() -> None:
    """Forget the cached CJK font (tests that change the font list call it)."""
    _default_cjk_font.cache_clear()
    mpl.rcParams.update(mpl.rcParamsDefault)
