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

from course.plots._axes import format_money_axis, format_percent_axis, money
from course.plots._charts import category_bars, heatmap, lorenz_chart, survival_chart, whale_chart
from course.plots._constants import CJK_FONTS, DISPLAY_WIDTH_PX, FIGURE_DPI, FIGURE_SIZE, FONT_SIZES, MIN_FONT_PT
from course.plots._fonts import _reset_for_tests as _reset_for_tests  # the tests reset the style
from course.plots._fonts import chart_language, cjk_font, course_rc, use_course_style
from course.plots._recording import figure_png, png_info, smallest_text

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
