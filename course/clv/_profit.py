"""From gross-margin CLV to profit CLV: what is left once the cost to serve is paid.

:meth:`course.clv.GammaGammaModel.clv` on order margins is a **gross-margin
CLV** (毛利终身价值): the future margin of a customer, before the account
management, logistics, support and marketing the customer will cost. Its
profit contribution (利润贡献) -- margin minus cost to serve -- is what the
company keeps, and source 003 ranks customers by that. This module projects
the cost to serve over the same horizon as the margin and subtracts it.

The model of cost to serve (stated, because it is a modelling choice)
---------------------------------------------------------------------
Cost to serve is mostly **fixed per account and year** -- the account
manager's fee and calls, the support contract and tickets, promotions --
and partly **variable**, incurred with each delivery (logistics). The
history of each customer is read over the last ``years`` calendar years up
to the as-of date, *leaving out the year of its first purchase* (acquisition
and onboarding are paid once and will not come again):

fixed cost per year
    the fixed components (``account_management``, ``support``,
    ``marketing``) summed over those years, divided by their number. A
    customer won in the as-of year has no such year and gets the **pooled**
    value: the total fixed cost over the total number of customer-years of
    the others.
variable cost per purchase
    the variable components (``logistics``) over those years divided by the
    customer's purchase weeks (Monday-Sunday, the periods the CLV counts) in
    them; pooled (total over total) for a customer without one.

Both are projected with the **same purchase model, horizon and discounting**
as the margin CLV, month by month (``k = 1 .. months``, one month = ``u``
periods, monthly discount rate ``d``)::

    variable = cost per purchase x sum_k (E[Y(k u)] - E[Y((k - 1) u)]) / (1 + d)^k
    fixed    = fixed per year / 12 x sum_k P(alive at T + k u) / (1 + d)^k

An account expected to stop buying stops costing its variable part with its
purchases, and its fixed part with its probability of being alive: the
account team serves an account as long as it is there. Neither part can be
negative; an account with no projected purchases carries its fixed part only.
Then::

    profit CLV = gross-margin CLV - projected cost to serve

- :func:`cost_to_serve_profile` -- fixed cost per year and variable cost
  per purchase of each buyer, from its history;
- :func:`projected_cost_to_serve` -- the fixed and variable parts projected
  with a fitted BG/NBD model;
- :func:`profit_clv` -- gross-margin CLV minus the projected cost.

Examples
--------
>>> import pandas as pd
>>> from course.clv import BetaGeoModel
>>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
...                        "order_date": ["2023-03-01", "2024-05-01", "2025-02-03", "2025-06-02"],
...                        "margin": [500.0, 400.0, 600.0, 300.0], "status": ["completed"] * 4})
>>> cts = pd.DataFrame({"customer_id": ["A", "A", "A", "B"], "year": [2023, 2024, 2025, 2025],
...                     "account_management": [600.0, 200.0, 100.0, 500.0], "support": [0.0, 40.0, 60.0, 0.0],
...                     "marketing": [300.0, 0.0, 0.0, 250.0], "logistics": [50.0, 30.0, 50.0, 20.0]})
>>> profile = cost_to_serve_profile(orders, cts, asof="2025-12-31")
>>> profile[["fixed_per_year", "variable_per_purchase", "pooled_fixed"]]  # doctest: +NORMALIZE_WHITESPACE
             fixed_per_year  variable_per_purchase  pooled_fixed
customer_id
A                     200.0                   40.0         False
B                     200.0                   40.0          True
>>> model = BetaGeoModel.from_params(r=2.0, alpha=20.0, a=1.5, b=20.0)
>>> history = pd.DataFrame({"frequency": [2, 0], "recency": [100.0, 0.0], "T": [148.0, 30.0]}, index=["A", "B"])
>>> cost = projected_cost_to_serve(profile, model, history, months=12)
>>> cost.round(0)  # doctest: +NORMALIZE_WHITESPACE
   fixed  variable  cost_to_serve
A  141.0      35.0          176.0
B  175.0      71.0          246.0
>>> profit_clv(pd.Series({"A": 1000.0, "B": 200.0}), cost["cost_to_serve"]).round(0).tolist()
[824.0, -46.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.clv._bgnbd import BetaGeoModel
from course.clv._gamma_gamma import MONTH_IN, check_horizon, monthly_purchases
from course.purchases import purchases
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
)

__all__ = ["FIXED_COSTS", "VARIABLE_COSTS", "cost_to_serve_profile", "projected_cost_to_serve", "profit_clv"]

#: The components of ``cost_to_serve`` paid per account and year, whatever it buys.
FIXED_COSTS = ("account_management", "support", "marketing")
#: The components paid per delivery: they come and go with the purchases.
VARIABLE_COSTS = ("logistics",)


def _check_years(years: object) -> int:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise CourseInputError(f"years must be a whole number of calendar years, at least 1 (e.g. 3); got {years!r}.")
    return int(years)


def cost_to_serve_profile(
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
    fixed: tuple[str, ...] = FIXED_COSTS,
    variable: tuple[str, ...] = VARIABLE_COSTS,
) -> pd.DataFrame:
    """Each buyer's fixed cost per year and variable cost per purchase week (see the module's model).

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
    year : str
        Column of ``cost_to_serve`` holding the calendar year.
    fixed, variable : tuple of str
        Columns of ``cost_to_serve`` paid per account and year, and per
        delivery.

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted), one row per customer with a
        completed line on or before ``asof``. Over the window's years after
        the customer's first-purchase year: ``years_counted`` (how many),
        ``purchase_weeks``, ``margin``, ``fixed_cost`` and ``variable_cost``
        (sums), ``cost_to_serve`` (their total); then ``fixed_per_year``,
        ``variable_per_purchase`` and the bool ``pooled_fixed``,
        ``pooled_variable`` (True where the pooled value was used).

    Raises
    ------
    CourseInputError
        A table is not a DataFrame or lacks a column, an id, date, margin,
        year or cost is missing or unparsable, a cost is negative, ``years``
        is not a whole number >= 1, or no customer has a year (or a purchase
        week) in the window after its first-purchase year, so there is no
        pooled value either.
    """
    years = _check_years(years)
    bought = purchases(orders, customer=customer, date=date, status=status, asof=asof)
    if len(bought) == 0:
        raise CourseInputError(f"table 'orders': no completed order line on or before asof {bought.asof.date()}.")
    margins = parse_numbers(orders, margin, table="orders").to_numpy()[bought.rows]
    calendar = pd.to_datetime(bought.day, unit="D").year.to_numpy()
    n = len(bought.ids)
    first_year = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_year, bought.code, calendar)
    last, start = bought.asof.year, bought.asof.year - years + 1
    ids = bought.ids

    counted_line = (calendar >= start) & (calendar > first_year[bought.code])
    window_margin = np.bincount(bought.code[counted_line], weights=margins[counted_line], minlength=n)
    week = np.floor_divide(bought.day[counted_line] + 3, 7)  # Monday-Sunday weeks, as course.clv.summary
    pairs = pd.DataFrame({"code": bought.code[counted_line], "week": week}).drop_duplicates()
    weeks = np.bincount(pairs["code"].to_numpy(), minlength=n).astype("float64")
    years_counted = np.clip(last - np.maximum(first_year, start - 1), 0, None).astype("float64")

    require_frame(cost_to_serve, table="cost_to_serve")
    require_columns(cost_to_serve, [customer, year, *fixed, *variable], table="cost_to_serve")
    require_no_missing(cost_to_serve, customer, table="cost_to_serve")
    cost_year = parse_numbers(cost_to_serve, year, table="cost_to_serve").to_numpy()
    parts = {}
    for name, columns in (("fixed", fixed), ("variable", variable)):
        total = np.zeros(len(cost_to_serve))
        for column in columns:
            values = parse_numbers(cost_to_serve, column, table="cost_to_serve").to_numpy()
            if (values < 0).any():
                raise CourseInputError(
                    f"table 'cost_to_serve', column '{column}': {int((values < 0).sum())} negative cost(s), e.g. "
                    f"{values[values < 0][0]:g}. A cost to serve is never negative: fix or drop those rows."
                )
            total = total + values
        parts[name] = total
    owner = ids.get_indexer(cost_to_serve[customer].to_numpy())
    known = owner >= 0
    owner_first = np.where(known, first_year[np.where(known, owner, 0)], np.iinfo(np.int64).max)
    counted_cost = known & (cost_year >= start) & (cost_year <= last) & (cost_year > owner_first)
    sums = {k: np.bincount(owner[counted_cost], weights=v[counted_cost], minlength=n) for k, v in parts.items()}

    own_fixed, own_variable = years_counted > 0, weeks > 0
    if not own_fixed.any() or not own_variable.any():
        raise CourseInputError(
            f"no customer bought in {start}-{last} after its first-purchase year, so no cost to serve per year "
            "or per purchase can be computed: use a longer window (years=...) or a later asof."
        )
    pooled_fixed = sums["fixed"][own_fixed].sum() / years_counted[own_fixed].sum()
    pooled_variable = sums["variable"][own_variable].sum() / weeks[own_variable].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        fixed_per_year = np.where(own_fixed, sums["fixed"] / years_counted, pooled_fixed)
        variable_per_purchase = np.where(own_variable, sums["variable"] / weeks, pooled_variable)
    present = np.bincount(bought.code, minlength=n) > 0  # ids holds every customer of the table, buyer or not
    result = pd.DataFrame(
        {
            "years_counted": years_counted,
            "purchase_weeks": weeks,
            "margin": window_margin,
            "fixed_cost": sums["fixed"],
            "variable_cost": sums["variable"],
            "cost_to_serve": sums["fixed"] + sums["variable"],
            "fixed_per_year": fixed_per_year,
            "variable_per_purchase": variable_per_purchase,
            "pooled_fixed": ~own_fixed,
            "pooled_variable": ~own_variable,
        },
        index=pd.Index(ids, name=customer),
    )
    return result[present]


def projected_cost_to_serve(
    profile: pd.DataFrame,
    purchase_model: BetaGeoModel,
    summary: pd.DataFrame,
    months: int = 36,
    discount_rate: float = 0.01,
    time_unit: str = "W",
) -> pd.DataFrame:
    """Discounted cost to serve over the next ``months`` months, fixed and variable (see the module's model).

    Parameters
    ----------
    profile : DataFrame
        :func:`cost_to_serve_profile` (``fixed_per_year``,
        ``variable_per_purchase``); every customer of ``summary`` needs a
        row. Extra customers are ignored.
    purchase_model : BetaGeoModel
        The fitted BG/NBD model of the margin CLV (same time unit as
        ``summary``).
    summary : DataFrame
        Frequency, recency and T per customer, as for the margin CLV.
    months : int, default 36
        Horizon; use the margin CLV's.
    discount_rate : float, default 0.01
        Discount rate per month; use the margin CLV's.
    time_unit : {"W", "D", "M"}, default "W"
        The time unit of ``summary``.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``fixed``, ``variable`` and their sum
        ``cost_to_serve``, all >= 0.

    Raises
    ------
    CourseInputError
        The model is not a fitted BetaGeoModel, a customer of ``summary`` has
        no profile (the message names them), a profile value is missing or
        negative, or the horizon, rate or time unit is invalid.
    """
    check_horizon(purchase_model, months, discount_rate, time_unit)
    require_frame(profile, table="profile")
    require_columns(profile, ["fixed_per_year", "variable_per_purchase"], table="profile")
    missing = summary.index.difference(profile.index)
    if len(missing):
        shown = ", ".join(map(repr, missing[:5])) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise CourseInputError(
            f"profile: {len(missing):,} customer(s) of summary have no cost-to-serve profile: {shown}. Compute it "
            "with cost_to_serve_profile on the same orders and as-of date as the summary."
        )
    rows = profile.loc[summary.index]
    per_year = parse_numbers(rows, "fixed_per_year", table="profile").to_numpy()
    per_purchase = parse_numbers(rows, "variable_per_purchase", table="profile").to_numpy()
    if (per_year < 0).any() or (per_purchase < 0).any():
        raise CourseInputError("profile: a fixed cost per year or a variable cost per purchase is negative.")
    unit = MONTH_IN[time_unit]
    fixed, variable = np.zeros(len(summary)), np.zeros(len(summary))
    for k, expected in enumerate(monthly_purchases(purchase_model, summary, months, time_unit), start=1):
        discount = (1 + discount_rate) ** k
        variable += per_purchase * np.maximum(expected, 0.0) / discount
        fixed += per_year / 12 * purchase_model.probability_alive(summary, t=k * unit).to_numpy() / discount
    return pd.DataFrame({"fixed": fixed, "variable": variable, "cost_to_serve": fixed + variable}, index=summary.index)


def profit_clv(margin_clv: pd.Series, cost: pd.Series) -> pd.Series:
    """Profit CLV: gross-margin CLV minus the projected cost to serve, customer by customer.

    Parameters
    ----------
    margin_clv : Series
        Gross-margin CLV per customer (:meth:`course.clv.GammaGammaModel.clv`
        on margins).
    cost : Series
        Projected cost to serve per customer over the same horizon
        (``projected_cost_to_serve(...)["cost_to_serve"]``); every customer
        of ``margin_clv`` needs one. Extra customers are ignored.

    Returns
    -------
    Series
        Named ``profit_clv``, indexed like ``margin_clv``. Negative for a
        customer expected to cost more than its margin brings.

    Raises
    ------
    CourseInputError
        Either input is not a Series of finite numbers, a cost is negative,
        or a customer of ``margin_clv`` has no cost (the message names them).

    Examples
    --------
    >>> profit_clv(pd.Series({"A": 100.0, "B": 50.0}), pd.Series({"A": 25.0, "B": 75.0, "C": 10.0}))
    A    75.0
    B   -25.0
    Name: profit_clv, dtype: float64
    """
    for name, series in (("margin_clv", margin_clv), ("cost", cost)):
        if not isinstance(series, pd.Series) or not pd.api.types.is_numeric_dtype(series):
            raise CourseInputError(f"{name} must be a pandas Series of numbers, one per customer.")
    missing = margin_clv.index.difference(cost.dropna().index)
    if len(missing):
        shown = ", ".join(map(repr, missing[:5])) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise CourseInputError(
            f"cost: {len(missing):,} customer(s) of margin_clv have no projected cost to serve: {shown}. Project "
            "it with projected_cost_to_serve on the same summary, model and horizon as the CLV."
        )
    values = margin_clv.astype("float64")
    costs = cost.reindex(margin_clv.index).astype("float64")
    if not np.isfinite(values.to_numpy()).all() or not np.isfinite(costs.to_numpy()).all():
        raise CourseInputError("margin_clv or cost holds a missing or infinite value; give one finite number each.")
    if (costs < 0).any():
        raise CourseInputError(
            f"cost: {int((costs < 0).sum())} negative projected cost(s) to serve, e.g. {costs[costs < 0].index[0]!r}. "
            "A cost to serve is never negative: project it with projected_cost_to_serve."
        )
    return (values - costs).rename("profit_clv")
