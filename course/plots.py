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
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

__all__ = ["use_course_style", "format_money_axis", "format_percent_axis", "money", "labelled_heatmap"]


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


def labelled_heatmap(
    counts: pd.DataFrame, labels: pd.DataFrame | None = None, *, ax: Axes | None = None, colorbar: str = "customers"
) -> Axes:
    """A heat map of a small table of counts, each cell written with its label and its count.

    Rows are drawn bottom up (the first row at the bottom, as a score of 1
    should be), with the index and columns as tick labels. ``labels`` (same
    shape) names each cell, e.g. the RFM segment of an (R, F) cell; the
    first space of a label becomes a line break.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> counts = pd.DataFrame([[5, 1], [2, 9]], index=[1, 2], columns=[1, 2])
    >>> names = pd.DataFrame([["Lost", "At risk"], ["New", "Champions"]], index=[1, 2], columns=[1, 2])
    >>> ax = labelled_heatmap(counts, names)
    >>> [t.get_text() for t in ax.texts]
    ['Lost\\n5', 'At\\nrisk\\n1', 'New\\n2', 'Champions\\n9']
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 6))
    values = counts.to_numpy()
    image = ax.imshow(values, origin="lower", cmap="Blues")
    ax.grid(False)
    for row in range(values.shape[0]):
        for col in range(values.shape[1]):
            name = "" if labels is None else str(labels.iloc[row, col]).replace(" ", "\n", 1) + "\n"
            colour = "white" if values[row, col] > 0.6 * values.max() else "black"
            ax.text(col, row, f"{name}{values[row, col]}", ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(values.shape[1]), counts.columns)
    ax.set_yticks(range(values.shape[0]), counts.index)
    ax.figure.colorbar(image, ax=ax, label=colorbar)
    return ax
