"""Axis formatters: money as 950, 1.2k, 2.5M; shares as percentages."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter


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
