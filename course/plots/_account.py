"""What one account buys: its wallet by product line and its revenue per year (lesson 08, the archive).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> lines = pd.DataFrame({"wallet": [300.0, 60.0], "revenue": [250.0, 0.0]}, index=["servers", "storage"])
>>> wallet_chart(lines, 2025).get_xlabel()
'spend in 2025 (CNY)'
>>> yearly_revenue_chart(pd.Series([1200.0, 3400.0], index=[2024, 2025])).get_ylabel()
'revenue (CNY)'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from course.plots._axes import format_money_axis
from course.plots._charts import _axes, _text
from course.plots._constants import PALETTE
from course.plots._fonts import chart_language
from course.validation import require_columns, require_frame

__all__ = ["wallet_chart", "yearly_revenue_chart"]


def wallet_chart(
    lines: pd.DataFrame, year: int, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Wallet by product line: what the account bought from us and what it spent with other suppliers.

    Parameters
    ----------
    lines : DataFrame
        One row per product line (the index) with ``wallet`` and ``revenue``;
        the grey part of each bar is the white space.
    year : int
        The year of the wallet, on the x axis.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the axis, the legend, the title and the product lines the glossary knows.
    ax : Axes, optional
        Default: a new 8 × 3.2 in figure. The legend sits under the chart, so that it never covers a bar.
    title : str, optional
        Default: "Wallet by product line: our share and the white space".

    Returns
    -------
    Axes
    """
    frame = require_frame(lines, table="wallet lines")
    require_columns(frame, ["wallet", "revenue"], table="wallet lines")
    lang = chart_language(lang)
    ax = _axes(ax, (8, 3.2))
    labels = [_text(name, lang) for name in frame.index.astype(str)]
    ax.barh(labels, frame["revenue"], color="C0", label=_text("bought from us", lang))
    ax.barh(
        labels,
        (frame["wallet"] - frame["revenue"]).clip(lower=0),
        left=frame["revenue"],
        color=PALETTE["light_grey"],
        label=_text("spent with other suppliers (white space)", lang),
    )
    format_money_axis(ax, "x")
    ax.set_xlabel(_text("spend in {year} (CNY)", lang).format(year=year))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=2, frameon=False)
    ax.set_title(_text(title or "Wallet by product line: our share and the white space", lang))
    return ax


def yearly_revenue_chart(
    revenue: pd.Series, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """One bar per calendar year: the revenue of an account (its completed order lines), on a money axis.

    Parameters
    ----------
    revenue : Series
        Revenue indexed by year.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the axes and the title.
    ax : Axes, optional
    title : str, optional
        Default: "Revenue per year (completed order lines)".

    Returns
    -------
    Axes
    """
    lang = chart_language(lang)
    ax = _axes(ax)
    ax.bar(revenue.index.astype(str), revenue, color=PALETTE["blue"])
    format_money_axis(ax, "y")
    ax.set_xlabel(_text("year", lang))
    ax.set_ylabel(_text("revenue (CNY)", lang))
    ax.set_title(_text(title or "Revenue per year (completed order lines)", lang))
    return ax
