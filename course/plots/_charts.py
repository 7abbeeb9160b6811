"""The standard charts of the lessons, with labels in English or Chinese (``lang=``)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from course.glossary import label, localise
from course.plots._axes import format_money_axis, format_percent_axis
from course.plots._constants import FONT_SIZES, MIN_FONT_PT
from course.plots._fonts import chart_language


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
    lang: str | None = None,
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
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
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
    lang: str | None = None,
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
    lang: str | None = None,
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
    lang: str | None = None,
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
    lang: str | None = None,
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
