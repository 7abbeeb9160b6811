"""From gross-margin CLV to profit CLV: what is left once the cost to serve is paid.

:meth:`course.clv.GammaGammaModel.clv` on order margins is a **gross-margin
CLV** (毛利终身价值): the future margin of a customer, before the account
management, logistics, support and marketing the customer will cost. Its
profit contribution (利润贡献) -- margin minus cost to serve -- is what the
company keeps, and source 003 ranks customers by that. This module turns one
into the other.

Convention (stated, because it is a modelling choice)
-----------------------------------------------------
Cost to serve is assumed to grow in step with the margin: a customer who
buys more also needs more deliveries, tickets and calls. Each customer's
**cost-to-serve rate** is its cost to serve divided by its margin over the
last ``years`` calendar years up to the as-of date, *leaving out the year of
its first purchase*: acquisition and onboarding (the marketing of that year)
are paid once and will not come again. Then::

    profit CLV = gross-margin CLV x (1 - cost-to-serve rate)

A rate above 1 means the customer costs more than its margin brings, so its
profit CLV is negative. A customer without a positive margin in those years
(won in the as-of year, or silent throughout) has no rate of its own and gets
the **pooled rate**: the total cost over the total margin of the customers
that have one. :func:`cost_to_serve_rate` says which customers got it.

- :func:`cost_to_serve_rate` -- margin, cost to serve and rate per customer;
- :func:`profit_clv` -- gross-margin CLV times one minus the rate.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
...                        "order_date": ["2023-03-01", "2024-05-01", "2025-02-01", "2025-06-01"],
...                        "margin": [500.0, 400.0, 600.0, 300.0],
...                        "status": ["completed"] * 4})
>>> cts = pd.DataFrame({"customer_id": ["A", "A", "A", "B"], "year": [2023, 2024, 2025, 2025],
...                     "total": [900.0, 300.0, 200.0, 800.0]})
>>> rates = cost_to_serve_rate(orders, cts, asof="2025-12-31")
>>> rates  # doctest: +NORMALIZE_WHITESPACE
             margin  cost_to_serve  rate  pooled
customer_id
A             1000.0          500.0   0.5   False
B                0.0            0.0   0.5    True
>>> profit_clv(pd.Series({"A": 2000.0, "B": 1000.0}), rates["rate"]).tolist()
[1000.0, 500.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.purchases import purchases
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
)

__all__ = ["cost_to_serve_rate", "profit_clv"]


def _check_years(years: object) -> int:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise CourseInputError(f"years must be a whole number of calendar years, at least 1 (e.g. 3); got {years!r}.")
    return int(years)


def cost_to_serve_rate(
    orders: pd.DataFrame,
    cost_to_serve: pd.DataFrame,
    asof: object,
    *,
    years: int = 3,
    customer: str = "customer_id",
    date: str = "order_date",
    margin: str = "margin",
    status: str | None = "status",
    year: str = "year",
    cost: str = "total",
) -> pd.DataFrame:
    """Each buyer's cost to serve per yuan of margin over its recent years (see the module convention).

    Parameters
    ----------
    orders : DataFrame
        Order lines (``db.orders``); only completed lines dated on or before
        ``asof`` count (:mod:`course.purchases`). Not modified.
    cost_to_serve : DataFrame
        One row per customer and calendar year (``db.cost_to_serve``); years
        after ``asof``'s year are left out. Not modified.
    asof : date-like
        The as-of date, e.g. "2025-12-31".
    years : int, default 3
        The window: the calendar years ``asof.year - years + 1 … asof.year``.
    customer, date, margin, status : str
        Columns of ``orders`` (``status=None`` if every line is a purchase).
    year, cost : str
        Columns of ``cost_to_serve``: the calendar year and the total cost.

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted), one row per customer with a
        completed line on or before ``asof``: ``margin`` and
        ``cost_to_serve`` summed over the window's years after the
        customer's first-purchase year, ``rate`` (their ratio, or the pooled
        rate where that margin is not positive) and ``pooled`` (True where
        the pooled rate was used).

    Raises
    ------
    CourseInputError
        A table is not a DataFrame or lacks a column, an id, date, margin or
        year is missing or unparsable, ``years`` is not a whole number >= 1,
        or no customer has a positive margin in the window (so there is no
        pooled rate either).
    """
    years = _check_years(years)
    bought = purchases(orders, customer=customer, date=date, status=status, asof=asof)
    if len(bought) == 0:
        raise CourseInputError(f"table 'orders': no completed order line on or before asof {bought.asof.date()}.")
    margins = parse_numbers(orders, margin, table="orders").to_numpy()[bought.rows]
    calendar = pd.to_datetime(bought.day, unit="D").year.to_numpy()
    first_year = pd.Series(calendar).groupby(bought.code).min()
    ids = bought.ids[first_year.index]
    first_by_id = pd.Series(first_year.to_numpy(), index=ids)
    last, start = bought.asof.year, bought.asof.year - years + 1

    late_order = (calendar >= start) & (calendar > first_year.reindex(bought.code).to_numpy())
    window_margin = pd.Series(margins[late_order]).groupby(bought.code[late_order]).sum()
    window_margin = pd.Series(window_margin.reindex(first_year.index, fill_value=0.0).to_numpy(), index=ids)

    require_frame(cost_to_serve, table="cost_to_serve")
    require_columns(cost_to_serve, [customer, year, cost], table="cost_to_serve")
    require_no_missing(cost_to_serve, customer, table="cost_to_serve")
    cost_year = parse_numbers(cost_to_serve, year, table="cost_to_serve").to_numpy()
    cost_value = parse_numbers(cost_to_serve, cost, table="cost_to_serve").to_numpy()
    owner = cost_to_serve[customer].to_numpy()
    owner_first = first_by_id.reindex(owner).to_numpy()
    counted = (cost_year >= start) & (cost_year <= last) & (cost_year > owner_first)  # NaN first year: never
    window_cost = pd.Series(cost_value[counted]).groupby(owner[counted]).sum().reindex(ids, fill_value=0.0)

    own = window_margin > 0
    if not own.any():
        raise CourseInputError(
            f"no customer has a positive margin in {start}-{last} after its first-purchase year, so no "
            "cost-to-serve rate can be computed: use a longer window (years=...) or a later asof."
        )
    pooled_rate = float(window_cost[own].sum() / window_margin[own].sum())
    rate = (window_cost / window_margin.where(own)).where(own, pooled_rate)
    result = pd.DataFrame(
        {"margin": window_margin, "cost_to_serve": window_cost, "rate": rate, "pooled": ~own},
        index=pd.Index(ids, name=customer),
    )
    return result.astype({"margin": "float64", "cost_to_serve": "float64", "rate": "float64", "pooled": "bool"})


def profit_clv(margin_clv: pd.Series, rate: pd.Series) -> pd.Series:
    """Profit CLV: gross-margin CLV x (1 - cost-to-serve rate), customer by customer.

    Parameters
    ----------
    margin_clv : Series
        Gross-margin CLV per customer (:meth:`course.clv.GammaGammaModel.clv`
        on margins).
    rate : Series
        Cost-to-serve rate per customer (``cost_to_serve_rate(...)["rate"]``);
        every customer of ``margin_clv`` needs one. Extra customers are
        ignored.

    Returns
    -------
    Series
        Named ``profit_clv``, indexed like ``margin_clv``. Negative for a
        customer whose rate is above 1.

    Raises
    ------
    CourseInputError
        Either input is not a Series of finite numbers, or a customer of
        ``margin_clv`` has no rate (the message names them).

    Examples
    --------
    >>> profit_clv(pd.Series({"A": 100.0, "B": 50.0}), pd.Series({"A": 0.25, "B": 1.5, "C": 0.1}))
    A    75.0
    B   -25.0
    Name: profit_clv, dtype: float64
    """
    for name, series in (("margin_clv", margin_clv), ("rate", rate)):
        if not isinstance(series, pd.Series) or not pd.api.types.is_numeric_dtype(series):
            raise CourseInputError(f"{name} must be a pandas Series of numbers, one per customer.")
    missing = margin_clv.index.difference(rate.dropna().index)
    if len(missing):
        shown = ", ".join(map(repr, missing[:5])) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise CourseInputError(
            f"rate: {len(missing):,} customer(s) of margin_clv have no cost-to-serve rate: {shown}. Compute the "
            "rates with cost_to_serve_rate on the same orders and as-of date as the CLV."
        )
    values = margin_clv.astype("float64")
    if not np.isfinite(values.to_numpy()).all():
        raise CourseInputError("margin_clv holds a missing or infinite value; give one finite CLV per customer.")
    return (values * (1 - rate.reindex(margin_clv.index).astype("float64"))).rename("profit_clv")
