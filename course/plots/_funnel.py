"""The lead-to-cash funnel: deals reaching each stage, with the share of the leads (lesson 08, the report).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> funnel = pd.DataFrame({"deals": [100, 40, 30], "from_lead": [1.0, 0.4, 0.3]}, index=["lead", "contract", "payment"])
>>> [t.get_text() for t in funnel_chart(funnel).texts]  # drawn bottom up: the last stage first
[' 30 (30%)', ' 40 (40%)', ' 100 (100%)']
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from course.plots._charts import _axes, _text
from course.plots._constants import FONT_SIZES, MIN_FONT_PT
from course.plots._fonts import chart_language
from course.validation import require_columns

__all__ = ["funnel_chart"]


def funnel_chart(
    funnel: pd.DataFrame, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Horizontal bars of the LTC funnel (from :func:`course.kam.ltc_funnel`), with the share of leads at each stage.

    Parameters
    ----------
    funnel : DataFrame
        One row per stage, first stage first (drawn on top), with ``deals`` and ``from_lead``.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the stages, the axes and the title.
    ax : Axes, optional
        Default: a new 8 × 3.6 in figure.
    title : str, optional
        Default: "Lead to cash: deals reaching each stage".

    Returns
    -------
    Axes
    """
    require_columns(funnel, ["deals", "from_lead"], table="funnel")
    lang = chart_language(lang)
    ax = _axes(ax, (8, 3.6))
    stages = [_text(str(stage), lang) for stage in funnel.index][::-1]
    ax.barh(stages, funnel["deals"].to_numpy()[::-1], color="C0")
    for y, (deals, share) in enumerate(
        zip(funnel["deals"].to_numpy()[::-1], funnel["from_lead"].to_numpy()[::-1], strict=True)
    ):
        ax.text(deals, y, f" {deals:,} ({share:.0%})", va="center", fontsize=max(MIN_FONT_PT, FONT_SIZES["annotation"]))
    ax.set_xlim(0, float(np.max(funnel["deals"])) * 1.25)
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.set_xlabel(_text("deals (share of leads)", lang))
    ax.set_ylabel(_text("stage of the deal", lang))
    ax.set_title(_text(title or "Lead to cash: deals reaching each stage", lang))
    return ax
