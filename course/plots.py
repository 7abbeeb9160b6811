"""The course's plotting style and small helpers shared by the lessons.

Figures use English text only: the default matplotlib fonts have no Chinese
glyphs, and a missing glyph prints a warning into the notebook.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from course.plots import use_course_style, format_money_axis
>>> use_course_style()
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> format_money_axis(ax, "y")
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

__all__ = ["use_course_style", "format_money_axis", "format_percent_axis", "money"]


def use_course_style() -> None:
    """Apply the course's look: seaborn's white grid, readable sizes, one palette."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette="deep")
    plt.rcParams.update({"figure.figsize": (8, 4.5), "figure.dpi": 90, "axes.titleweight": "bold"})


def money(value: float) -> str:
    """Format an amount compactly: 1234 → '1.2k', 2500000 → '2.5M'.

    Examples
    --------
    >>> money(1234), money(2_500_000), money(-950)
    ('1.2k', '2.5M', '-950')
    """
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return f"{value:.0f}"


def format_money_axis(ax: Axes, axis: str = "y") -> None:
    """Show an axis's tick labels as compact amounts (k, M)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda value, _: money(value)))


def format_percent_axis(ax: Axes, axis: str = "y", *, xmax: float = 1.0) -> None:
    """Show an axis holding shares (0–1 by default) as percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=xmax, decimals=0))
