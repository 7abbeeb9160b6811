"""The management report's charts (lesson 09): effort against value by tier, and the 20/60/20 split.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> shares = pd.DataFrame(
...     {"share of revenue": [0.5, 0.3, 0.2], "share of profit": [0.7, 0.3, 0.0]},
...     index=["strategic", "important", "general"],
... ).assign(**{"share of hours (playbook)": [0.2, 0.3, 0.5]})
>>> [t.get_text() for t in tier_effort_chart(shares).get_yticklabels()]
['general', 'important', 'strategic']
>>> profit = pd.Series([900.0, 100.0, -200.0], index=["top 20%", "middle 60%", "bottom 20%"])
>>> decision_chart(profit).get_ylabel()
'profit (CNY)'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from course.plots._axes import format_money_axis, format_percent_axis
from course.plots._charts import _axes, _readable, _text
from course.plots._constants import PALETTE
from course.plots._fonts import chart_language

__all__ = ["tier_effort_chart", "decision_chart", "whale_split_chart"]


def tier_effort_chart(
    shares: pd.DataFrame, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Share of revenue, of profit and of account-manager hours per tier: where the effort goes against the value.

    Parameters
    ----------
    shares : DataFrame
        One row per tier, highest first (drawn on top), with three columns of
        shares (0-1) drawn blue, green and red: revenue, profit, hours.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the tiers, the axes, the legend and the title.
    ax : Axes, optional
        Default: a new 8 × 3 in figure, laid out so that the legend right of the bars fits.
    title : str, optional
        Default: "Revenue, profit and account-manager hours by tier".

    Returns
    -------
    Axes
    """
    lang = chart_language(lang)
    if ax is None:
        _, ax = plt.subplots(figsize=(8.0, 3.0), layout="constrained")
    shown = _readable(shares, lang)[::-1]  # barh draws the first row at the bottom: reversed, the highest is on top
    shown.plot.barh(ax=ax, color=[PALETTE["blue"], PALETTE["green"], PALETTE["red"]])
    format_percent_axis(ax, "x")
    ax.set_xlabel(_text("share of the total", lang))
    ax.set_ylabel(_text("management tier", lang))
    ax.set_title(_text(title or "Revenue, profit and account-manager hours by tier", lang))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    return ax


def decision_chart(
    profit: pd.Series, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The profit of each group of the 20/60/20 split (top, middle, bottom) as bars: green, grey, red.

    Parameters
    ----------
    profit : Series
        Profit per group, indexed top 20% / middle 60% / bottom 20% (``profit_12m``
        of :func:`course.management.decision_20_60_20`).
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
    ax : Axes, optional
    title : str, optional
        Default: "Profit of the 20/60/20 groups".

    Returns
    -------
    Axes
    """
    lang = chart_language(lang)
    ax = _axes(ax)
    groups = [_text(str(group), lang) for group in profit.index]
    ax.bar(groups, profit, color=[PALETTE["green"], PALETTE["grey"], PALETTE["red"]])
    format_money_axis(ax, "y")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(_text("profit (CNY)", lang))
    ax.set_title(_text(title or "Profit of the 20/60/20 groups", lang))
    return ax


def whale_split_chart(
    whale: pd.DataFrame,
    *,
    cuts: tuple[float, ...] = (0.2, 0.8),
    lang: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The profit whale curve with the 20/60/20 cuts marked: the report's small version, without a legend.

    Parameters
    ----------
    whale : DataFrame
        Result of :func:`course.pareto.whale_curve` (``cum_customer_share``, ``cum_profit_share``).
    cuts : tuple of float
        Shares of customers marked by a vertical line.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
    ax : Axes, optional
    title : str, optional
        Default: "Profit whale curve". :func:`course.plots.whale_chart` is the lessons' larger version.

    Returns
    -------
    Axes
    """
    lang = chart_language(lang)
    ax = _axes(ax)
    ax.plot(whale["cum_customer_share"], whale["cum_profit_share"])
    ax.axhline(1.0, color="grey", linestyle="--")
    for cut in cuts:
        ax.axvline(cut, color="black", linewidth=0.7)
    format_percent_axis(ax, "x")
    format_percent_axis(ax, "y")
    ax.set_xlabel(_text("current customers, most profitable first", lang))
    ax.set_ylabel(_text("cumulative profit", lang))
    ax.set_title(_text(title or "Profit whale curve", lang))
    return ax
