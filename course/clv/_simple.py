"""Simple customer lifetime value (客户终身价值): margin, retention and discount.

The textbook formula for a customer who brings a margin ``m`` each period,
stays with probability ``r`` from one period to the next (retention rate) and
whose future money is discounted at ``d`` per period::

    CLV = sum_{t=1..inf} m * r^t / (1 + d)^t = m * r / (1 + d - r)

Conventions: the margin of the current period is already earned and not
counted; each later margin arrives at the end of its period, if the customer
is still there. Over a finite horizon of ``n`` periods, with
``k = r / (1 + d)``::

    CLV_n = m * k * (1 - k^n) / (1 - k)

Assumptions, worth saying out loud: the margin is constant, the retention
rate is the same every year and for every customer in the group, a lost
customer never comes back, and the discount rate is fixed. The model-based
CLV of :class:`course.clv.BetaGeoModel` and :class:`course.clv.GammaGammaModel` drops the
first three.

Examples
--------
>>> from course.clv import simple_clv
>>> round(simple_clv(margin=1000, retention=0.8, discount=0.1), 2)
2666.67
>>> round(simple_clv(margin=1000, retention=0.8, discount=0.1, periods=5), 2)
2124.1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.validation import CourseInputError

__all__ = ["simple_clv"]


def _as_numbers(value: object, name: str) -> np.ndarray:
    if isinstance(value, bool) or value is None:
        raise CourseInputError(f"{name} must be a number or a Series of numbers, got {value!r}.")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise CourseInputError(f"{name} must be a number or a Series of numbers, got {value!r}.") from None
    if array.dtype == bool or not np.all(np.isfinite(array)):
        raise CourseInputError(f"{name} holds a missing or infinite value; give finite numbers.")
    return array


def simple_clv(
    margin: float | pd.Series,
    retention: float | pd.Series,
    discount: float | pd.Series,
    periods: int | None = None,
) -> float | pd.Series:
    """Lifetime value from a constant margin, retention rate and discount rate.

    Parameters
    ----------
    margin : float or Series
        Margin (profit contribution, 利润贡献) per period, e.g. per year.
    retention : float or Series
        Probability that a customer still buys next period, 0 <= r <= 1
        (r = 1 needs a finite ``periods`` or a positive discount).
    discount : float or Series
        Discount rate per period, e.g. 0.1 for 10% a year; must be >= 0.
    periods : int, optional
        Horizon in periods; default: no end (``m r / (1 + d - r)``).

    Returns
    -------
    float or Series
        A float for scalar inputs; a Series (index of the first Series given)
        when any input is a Series. Inputs are broadcast like numpy arrays.

    Raises
    ------
    CourseInputError
        Non-numeric input, retention outside [0, 1], negative discount,
        ``periods`` not a positive whole number, or an infinite value
        (r = 1 and d = 0 with no horizon).

    Examples
    --------
    >>> import pandas as pd
    >>> margins = pd.Series([100.0, 200.0], index=["A", "B"])
    >>> simple_clv(margins, retention=0.9, discount=0.1)
    A    450.0
    B    900.0
    dtype: float64
    """
    m = _as_numbers(margin, "margin")
    r = _as_numbers(retention, "retention")
    d = _as_numbers(discount, "discount")
    if np.any((r < 0) | (r > 1)):
        raise CourseInputError(
            f"retention must be a probability between 0 and 1, got {retention!r} (e.g. 0.8 for 80%)."
        )
    if np.any(d < 0):
        raise CourseInputError(f"discount must be a rate >= 0, got {discount!r} (e.g. 0.1 for 10% a period).")
    k = r / (1 + d)
    if periods is None:
        if np.any(k >= 1):
            raise CourseInputError(
                "with retention 1 and discount 0 the sum never ends (infinite CLV); give a horizon with "
                "periods=... or a positive discount."
            )
        value = m * k / (1 - k)
    else:
        if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
            raise CourseInputError(f"periods must be a positive whole number (e.g. 5 years), got {periods!r}.")
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(k == 1, m * periods, m * k * (1 - k**periods) / np.where(k == 1, 0.5, 1 - k))
    for given in (margin, retention, discount):
        if isinstance(given, pd.Series):
            return pd.Series(np.broadcast_to(value, given.shape).astype(float), index=given.index)
    if np.ndim(value) == 0:
        return float(value)
    return value  # type: ignore[return-value]
