"""Axis formatters: money as 950, 1.2k, 2.5M (in Chinese 9,500, 2.5万, 1.2亿); shares as percentages."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from course import i18n


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


def money_zh(value: float) -> str:
    """Format an amount as a Chinese reader counts it, in 万 (10⁴) and 亿 (10⁸): 9,500, 2.5万, 250万, 1.2亿.

    Examples
    --------
    >>> money_zh(9_500), money_zh(25_000), money_zh(2_500_000), money_zh(120_000_000), money_zh(-950)
    ('9,500', '2.5万', '250万', '1.2亿', '-950')
    """
    for limit, suffix in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= limit:
            return f"{value / limit:,.1f}".removesuffix(".0") + suffix
    return f"{value:,.0f}"


def format_money_axis(ax: Axes, axis: str = "y", *, currency: str = "") -> None:
    """Show an axis's tick labels as compact amounts (950, 1.2k, 25k, 2.5M), optionally with a currency prefix.

    The labels follow the lesson's language when the figure is drawn: in the
    Chinese edition (:func:`course.set_language`) they count in 万 and 亿
    (:func:`money_zh`), as the Chinese prose does.
    """
    target = ax.yaxis if axis == "y" else ax.xaxis

    def label(value: float, _position: int) -> str:
        return currency + (money_zh(value) if i18n.language() == "zh" else money(value))

    target.set_major_formatter(FuncFormatter(label))


def format_percent_axis(ax: Axes, axis: str = "y", *, xmax: float = 1.0, decimals: int = 0) -> None:
    """Show an axis holding shares (0–1 by default) as percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=xmax, decimals=decimals))
