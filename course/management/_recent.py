"""Recent profit after cost to serve: the last 12 months to the decision day, per customer.

A plan for next year is decided on what an account earns **now**, not on its
lifetime profit: profit summed since 2020 still carries the first year's
acquisition marketing (a sunk cost) and the years of an account that has
since shrunk. The recent profit uses only data known on the decision day.

Definitions
-----------
Window
    The ``days`` (default 365) days up to and including the decision day
    ``asof``: ``asof - days < date <= asof``.
``margin_12m``
    Margin of the completed order lines dated in the window.
``cost_to_serve_12m``
    Cost to serve is booked per calendar year (table ``cost_to_serve``). A
    year counts once it has ended on or before ``asof`` (a year still running
    on the decision day is not booked yet); its total is spread evenly over
    its days and the window takes the days it overlaps. Days of the window
    that fall in the year still running are charged at the account's daily
    rate of the last booked year. On a decision day of 31 December the window
    is exactly that calendar year and the cost is that year's total.
``profit_12m``
    ``margin_12m - cost_to_serve_12m``.

Examples
--------
>>> from course.data import load_b2b
>>> recent = recent_profit(load_b2b(), "2025-12-31")
>>> recent.loc["C00001"].round(0).tolist()
[24235.0, 42635.0, -18401.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.purchases import completed_orders, resolve_asof
from course.validation import CourseInputError, require_columns

__all__ = ["recent_profit"]


def _year_bounds(years: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each calendar year in ``years``."""
    first = pd.to_datetime(years.astype("int64").astype(str) + "-01-01")
    return first, first + pd.offsets.YearEnd(0)


def recent_profit(db: object, asof: object, *, days: int = 365) -> pd.DataFrame:
    """Margin, cost to serve and profit of every customer in the ``days`` days up to ``asof``.

    Parameters
    ----------
    db : B2BDatabase
        Needs ``customers``, ``orders`` and ``cost_to_serve``.
    asof : date-like
        The decision day (included in the window).
    days : int, default 365

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (every customer of ``db.customers``, in its
        order), columns ``margin_12m``, ``cost_to_serve_12m`` and
        ``profit_12m`` (0 for a customer without lines or costs in the window).
        Rows dated after ``asof`` (order lines, cost years that end after it)
        change nothing.
    """
    if int(days) <= 0:
        raise CourseInputError(f"recent_profit: days must be a positive number of days, got {days}.")
    day = resolve_asof(asof)
    start = day - pd.Timedelta(days=int(days))
    require_columns(db.cost_to_serve, ["customer_id", "year", "total"], table="cost_to_serve")
    ids = pd.Index(db.customers["customer_id"], name="customer_id")
    lines = completed_orders(db.orders)
    inside = (lines["order_date"] > start) & ~(lines["order_date"] > day)
    margin = lines.loc[inside].groupby("customer_id")["margin"].sum().reindex(ids, fill_value=0.0)

    cts = db.cost_to_serve[["customer_id", "year", "total"]]
    first, last = _year_bounds(cts["year"])
    booked = (last <= day).to_numpy()
    length = ((last - first).dt.days + 1).to_numpy(dtype="float64")
    # Days of the window inside each year: from max(first, start + 1 day) to min(last, day).
    begin = np.maximum(first.to_numpy(), (start + pd.Timedelta(days=1)).to_datetime64())
    end = np.minimum(last.to_numpy(), day.to_datetime64())
    overlap = np.clip((end - begin) / np.timedelta64(1, "D") + 1, 0, None)
    share = np.where(booked, overlap / length, 0.0)
    cost = pd.Series(cts["total"].to_numpy(dtype="float64") * share).groupby(cts["customer_id"].to_numpy()).sum()

    # The window's days in the year still running, at the daily rate of the last booked year.
    last_booked = pd.Timestamp(year=day.year, month=12, day=31)
    if last_booked > day:
        last_booked = pd.Timestamp(year=day.year - 1, month=12, day=31)
    open_days = (day - max(last_booked, start)).days
    if open_days > 0:
        rate = cts.loc[(last == last_booked).to_numpy()]
        daily = rate.groupby("customer_id")["total"].sum() / (366 if last_booked.is_leap_year else 365)
        cost = cost.add(daily * open_days, fill_value=0.0)
    cost = cost.reindex(ids, fill_value=0.0)
    return pd.DataFrame(
        {"margin_12m": margin, "cost_to_serve_12m": cost.round(2), "profit_12m": (margin - cost).round(2)},
        index=ids,
    )
