"""Cohort retention (同期群留存): share of each first-purchase cohort still buying k periods later."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.lifecycle._summary import distinct_pairs, known_purchases
from course.validation import CourseInputError

__all__ = ["PERIODS", "cohort_retention"]

#: The calendar periods a cohort can span.
PERIODS = ("M", "Q", "Y")


def cohort_retention(
    orders: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "order_date",
    period: str = "Q",
    *,
    status: str | None = "status",
    asof: object = None,
    as_share: bool = True,
) -> pd.DataFrame:
    """Cohort retention matrix: share of each first-purchase cohort buying k periods later.

    A customer's *cohort* (同期群) is the calendar period (month, quarter or
    year) of its first completed purchase. Cell (cohort c, k) is the share
    of the cohort's customers with at least one completed purchase in period
    c + k. Column 0 is 1 by definition. Cells after the as-of period are NaN
    (not yet observed); the as-of period itself may be partly observed.

    Parameters
    ----------
    orders : DataFrame
        Order lines.
    customer, date : str
        Column names.
    period : {"M", "Q", "Y"}, default "Q"
        Month, quarter or year.
    status : str or None, default "status"
        Only ``"completed"`` lines count; None when every row is a purchase.
    asof : date-like, optional
        The as-of date: purchases dated on or before it are known, later
        ones ignored with one ``UserWarning``. Default: the day after the
        latest order date, as everywhere in the course
        (:mod:`course.purchases`); pass the last day of a period to end the
        matrix with that period.
    as_share : bool, default True
        False returns customer counts instead of shares (column 0 is then
        the cohort size).

    Returns
    -------
    DataFrame
        Index: cohort (``PeriodIndex`` named ``"cohort"``); columns: periods
        since the first purchase, 0, 1, 2, … (named ``"periods_since_first"``).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-01", "2024-03-03"])})
    >>> cohort_retention(orders, period="M", status=None)  # doctest: +NORMALIZE_WHITESPACE
    periods_since_first    0    1    2
    cohort
    2024-01              1.0  0.5  0.0
    2024-02              1.0  1.0  NaN
    """
    if period not in PERIODS:
        raise CourseInputError(f"period={period!r} is not supported; use 'M' (month), 'Q' (quarter) or 'Y' (year).")
    bought = known_purchases(
        orders, asof, customer=customer, date=date, status=status, warn=True, caller="cohort_retention"
    )
    if len(bought) == 0:
        raise CourseInputError("table 'orders' holds no completed purchase on or before asof; check status and asof.")

    def slot_of(days: np.ndarray) -> np.ndarray:
        """Calendar period number since 1970 (months, quarters or years)."""
        dates = np.asarray(days).astype("datetime64[D]")
        if period == "Y":
            return dates.astype("datetime64[Y]").astype("int64")
        months = dates.astype("datetime64[M]").astype("int64")
        return months if period == "M" else months // 3

    code, slot = distinct_pairs(bought.code, slot_of(bought.day))
    cohort = slot[np.searchsorted(code, code, side="left")]  # first period of each customer
    k = slot - cohort
    last_slot = int(slot_of(np.array([bought.asof_day]))[0])
    first_cohort = int(cohort.min())
    width = last_slot - first_cohort + 1
    flat = (cohort - first_cohort) * width + k
    counts = np.bincount(flat, minlength=width * width).reshape(width, width)
    rows = np.flatnonzero(counts[:, 0])  # cohorts with customers
    counts = counts[rows]
    cohort_slots = first_cohort + rows
    future = (cohort_slots[:, None] + np.arange(width)[None, :]) > last_slot
    values = pd.DataFrame(counts.astype("float64"))
    if as_share:
        values = values.div(counts[:, 0].astype("float64"), axis=0)
    values = values.mask(future)
    if not as_share:
        values = values.astype("Int64")
    if period == "Y":
        years, months = cohort_slots, np.zeros_like(cohort_slots)
    else:
        month_number = cohort_slots * (3 if period == "Q" else 1)
        years, months = np.divmod(month_number, 12)
    starts = pd.to_datetime({"year": 1970 + years, "month": months + 1, "day": 1})
    values.index = pd.PeriodIndex(starts, freq=period, name="cohort")
    values.columns = pd.RangeIndex(width, name="periods_since_first")
    return values
