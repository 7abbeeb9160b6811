"""The course's look: one plotting style, axis formatters and the standard charts of the lessons.

Every lesson calls :func:`use_course_style` once, at the top. It sets

- sizes that read on a projector: figures 8 × 4.5 in at 100 dpi (800 px wide,
  shown at their natural size on the course website and in the slides),
  text of 11-15 pt and never below :data:`MIN_FONT_PT`;
- one palette (:data:`PALETTE`; its first ten colours, seaborn's "deep", are the
  colour cycle "C0" .. "C9"), a light grid, no top and right spines;
- no axis offsets and no scientific multipliers ("1e6" in a corner): money
  axes read "2.5M" with :func:`format_money_axis`, shares "40%" with
  :func:`format_percent_axis`;
- a Chinese-capable font when one is installed (Debian's ``fonts-noto-cjk``),
  as a fallback behind DejaVu Sans, so Latin text looks the same everywhere;
- a PNG formatter that writes, into each figure's PNG, the size of the
  smallest text it holds (``course:min-font-pt``); the test suite reads it to
  prove that no stored figure has text below 8 pt at its saved size.

Every chart of the course is a function ``<what>_chart`` here (``category_bars``
and ``heatmap`` keep their names), one small module per idea, and takes
``lang="en" | "zh"``: with ``"zh"`` the category names, axis labels and
legends come from :mod:`course.glossary`. The standard charts of the lessons
-- :func:`category_bars` (tiers, groups, RFM classes, segments, lifecycle
states), :func:`lorenz_chart`, :func:`whale_chart`, :func:`heatmap` and
:func:`survival_chart` -- are in ``_charts``; the key-account charts of
lesson 08 and the customer archive in ``_relationships``
(:func:`relationship_grid_chart`, :func:`org_map_chart`), ``_portfolio``
(:func:`portfolio_chart`), ``_account`` (:func:`wallet_chart`,
:func:`yearly_revenue_chart`) and ``_funnel`` (:func:`funnel_chart`); the
management report's in ``_management`` (:func:`tier_effort_chart`,
:func:`decision_chart`, :func:`whale_split_chart`). Colours are the
palette's: :data:`PALETTE` is the one place a hex colour is written.

When no CJK font is installed, ``lang="zh"`` quietly draws the English
labels instead (see :func:`chart_language`): a missing glyph would print a
warning into the notebook and draw empty boxes.

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

from course.plots._account import wallet_chart, yearly_revenue_chart
from course.plots._axes import format_money_axis, format_percent_axis, money, money_zh
from course.plots._charts import category_bars, heatmap, lorenz_chart, survival_chart, whale_chart
from course.plots._constants import (
    CHART_COLOURS,
    CJK_FONTS,
    DISPLAY_WIDTH_PX,
    FIGURE_DPI,
    FIGURE_SIZE,
    FONT_SIZES,
    MIN_FONT_PT,
    PALETTE,
)
from course.plots._fonts import _reset_for_tests as _reset_for_tests  # the tests reset the style
from course.plots._fonts import chart_language, cjk_font, course_rc, use_course_style
from course.plots._funnel import funnel_chart
from course.plots._management import decision_chart, tier_effort_chart, whale_split_chart
from course.plots._portfolio import INVESTMENT_COLOURS, portfolio_chart
from course.plots._recording import figure_png, png_info, smallest_text
from course.plots._relationships import ATTITUDE_COLOURS, org_map_chart, relationship_grid_chart

__all__ = [
    "MIN_FONT_PT",
    "FIGURE_DPI",
    "FIGURE_SIZE",
    "FONT_SIZES",
    "CJK_FONTS",
    "PALETTE",
    "CHART_COLOURS",
    "use_course_style",
    "course_rc",
    "cjk_font",
    "chart_language",
    "money",
    "money_zh",
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
    "ATTITUDE_COLOURS",
    "relationship_grid_chart",
    "org_map_chart",
    "INVESTMENT_COLOURS",
    "portfolio_chart",
    "wallet_chart",
    "yearly_revenue_chart",
    "funnel_chart",
    "tier_effort_chart",
    "decision_chart",
    "whale_split_chart",
]
