"""The nine-cell key-account portfolio: our strength against the account's attractiveness (lesson 08).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> table = pd.DataFrame(
...     {"strength": [80.0, 30.0], "attractiveness": [75.0, 20.0], "investment": ["invest to grow", "withdraw"]}
... )
>>> ax = portfolio_chart(table, cuts=(40.0, 70.0))
>>> [t.get_text() for t in ax.get_legend().get_texts()][-1]
'invest to grow (1)'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from course.plots._charts import _axes, _text
from course.plots._fonts import chart_language
from course.validation import CourseInputError, require_columns

__all__ = ["INVESTMENT_COLOURS", "portfolio_chart"]

#: Colour of each investment recommendation of the portfolio (the values of :data:`course.kam.INVESTMENT`
#: and :data:`course.kam.FIX_FIRST`), from green (grow) to red (withdraw); the short list is drawn last, on top.
INVESTMENT_COLOURS = {
    "invest to grow": "C2",
    "invest selectively": "C9",
    "maintain": "C0",
    "harvest": "C8",
    "withdraw": "C3",
    "fix cost to serve first": "C1",
}
_SHORT_LIST = "invest to grow"


def portfolio_chart(
    table: pd.DataFrame,
    *,
    cuts: tuple[float, float],
    highlight: pd.Index | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The nine-cell portfolio (from :func:`course.kam.portfolio`): strength (x) against attractiveness (y).

    Parameters
    ----------
    table : DataFrame
        One row per account with ``attractiveness`` and ``strength`` (0-100)
        and its recommended ``investment``.
    cuts : (low, high)
        Where the levels of both scores are cut: the portfolio's own cuts
        (:data:`course.kam.CUTS`), drawn as lines and named on the x axis.
    highlight : Index, optional
        Accounts circled in black (e.g. the big customers).
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the axes, the legend and the title.
    ax : Axes, optional
    title : str, optional
        Default: "Key-account portfolio: where to invest".

    Returns
    -------
    Axes

    Raises
    ------
    CourseInputError
        A column is missing, or an investment has no colour (not one of :data:`INVESTMENT_COLOURS`).
    """
    require_columns(table, ["attractiveness", "strength", "investment"], table="portfolio")
    unknown = sorted(set(table["investment"].astype("object")) - set(INVESTMENT_COLOURS))
    if unknown:
        raise CourseInputError(
            f"portfolio: column 'investment' holds {unknown}, which the chart has no colour for; "
            f"use the recommendations of course.kam.portfolio ({', '.join(INVESTMENT_COLOURS)})."
        )
    lang = chart_language(lang)
    ax = _axes(ax, (8, 5))
    order = [name for name in INVESTMENT_COLOURS if name != _SHORT_LIST] + [_SHORT_LIST]
    for name in order:
        part = table[table["investment"] == name]
        ax.scatter(
            part["strength"],
            part["attractiveness"],
            s=22 if name == _SHORT_LIST else 10,
            color=INVESTMENT_COLOURS[name],
            alpha=0.7,
            label=f"{_text(name, lang)} ({len(part):,})",
        )
    if highlight is not None:
        part = table.loc[table.index.intersection(highlight)]
        ax.scatter(
            part["strength"],
            part["attractiveness"],
            s=40,
            facecolors="none",
            edgecolors="black",
            label=_text("big customers", lang),
        )
    for cut in cuts:
        ax.axvline(cut, color="black", linewidth=0.7)
        ax.axhline(cut, color="black", linewidth=0.7)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_text("our strength at the account", lang).format(low=cuts[0], high=cuts[1]))
    ax.set_ylabel(_text("attractiveness of the account (0-100)", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, markerscale=1.5)
    ax.set_title(_text(title or "Key-account portfolio: where to invest", lang))
    return ax
