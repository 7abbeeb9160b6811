"""What dropping customers really saves: avoidable versus allocated cost (可避免成本 / 分摊成本).

A customer's profit contribution (利润贡献) is its margin minus the cost to
serve *charged* to it. Dropping a loss-making customer does not make that
negative number disappear from the company's books, because not every cost
charged to the customer goes when the customer goes:

- **avoidable cost** disappears with the customer: deliveries and order
  handling (``logistics``, paid per line), service tickets (``support``);
- **allocated cost** stays: the account-management team's salaries are
  shared out over the accounts it serves (the fee by service level), and the
  marketing spent to win and onboard an account is already paid (a sunk
  cost, 沉没成本).

So the company's profit changes by ``avoidable cost - margin``: it loses the
customer's margin and saves only the avoidable part of its cost. Which
columns are avoidable is a judgement about the company's costs, so it is a
parameter; :func:`drop_impact` makes the calculation for one year.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["A", "B", "B"], "order_date": ["2025-03-01", "2025-04-01", "2025-09-01"],
...                        "margin": [900.0, 300.0, 200.0], "status": ["completed"] * 3})
>>> cts = pd.DataFrame({"customer_id": ["A", "B"], "year": [2025, 2025],
...                     "account_management": [400.0, 500.0], "logistics": [100.0, 250.0],
...                     "support": [0.0, 150.0], "marketing": [50.0, 100.0]})
>>> drop_impact(orders, cts, dropped=["B"], year=2025)
customers             1.0
margin              500.0
cost_to_serve      1000.0
reported_profit    -500.0
avoidable_cost      400.0
allocated_cost      600.0
profit_change      -100.0
Name: drop_impact, dtype: float64

B shows a loss of 500, yet dropping it would have *lowered* the company's
profit by 100: its margin (500) paid for more than its avoidable cost (400).
"""

from __future__ import annotations

from collections.abc import Iterable

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

__all__ = ["COST_COLUMNS", "AVOIDABLE", "drop_impact"]

#: The cost-to-serve columns of the course's database.
COST_COLUMNS = ("account_management", "logistics", "support", "marketing")
#: The default avoidable columns: costs paid per order line and per ticket.
AVOIDABLE = ("logistics", "support")


def _names(value: object, what: str) -> list[str]:
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if names is None or not all(isinstance(n, str) for n in names):
        raise CourseInputError(f"{what} must be a list of column names, got {value!r}.")
    return names


def drop_impact(
    orders: pd.DataFrame,
    cost_to_serve: pd.DataFrame,
    dropped: Iterable[object],
    year: int,
    *,
    avoidable: Iterable[str] = AVOIDABLE,
    cost_columns: Iterable[str] = COST_COLUMNS,
    customer: str = "customer_id",
    date: str = "order_date",
    margin: str = "margin",
    status: str | None = "status",
    year_column: str = "year",
) -> pd.Series:
    """How the company's profit in ``year`` would have changed without the ``dropped`` customers.

    Parameters
    ----------
    orders : DataFrame
        Order lines; completed lines dated in ``year`` count (``status=None``
        if every line is a purchase). Not modified.
    cost_to_serve : DataFrame
        One row per customer and year, one column per kind of cost. Not
        modified.
    dropped : iterable
        The ids of the customers to drop (e.g. the bottom 20% by profit).
    year : int
        The calendar year to evaluate (the latest full year is the best guess
        of next year).
    avoidable : iterable of str, default ("logistics", "support")
        The cost columns that go with the customer; the other
        ``cost_columns`` are allocated and stay.
    cost_columns : iterable of str
        Every cost column of ``cost_to_serve`` (their sum is the cost to serve).
    customer, date, margin, status, year_column : str
        Column names.

    Returns
    -------
    Series
        Named ``drop_impact``: ``customers`` (how many ids were dropped),
        ``margin``, ``cost_to_serve``, ``reported_profit`` (margin - cost to
        serve) of those customers in ``year``, ``avoidable_cost``,
        ``allocated_cost`` and ``profit_change`` = avoidable cost - margin
        (negative: dropping them would have cost the company money).

    Raises
    ------
    CourseInputError
        A table lacks a column, a value is not a number, ``avoidable`` names
        a column outside ``cost_columns``, ``dropped`` is empty, or ``year``
        is not a whole number.
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise CourseInputError(f"year must be a calendar year such as 2025, got {year!r}.")
    columns, saved = _names(cost_columns, "cost_columns"), _names(avoidable, "avoidable")
    unknown = [c for c in saved if c not in columns]
    if unknown:
        raise CourseInputError(
            f"avoidable names {', '.join(map(repr, unknown))}, which are not cost columns; choose among "
            f"{', '.join(map(repr, columns))}."
        )
    ids = pd.Index(pd.unique(pd.Series(list(dropped), dtype="object")))
    if len(ids) == 0:
        raise CourseInputError("dropped is empty: give the ids of the customers to drop.")

    bought = purchases(orders, customer=customer, date=date, status=status, asof=f"{int(year)}-12-31")
    in_year = pd.to_datetime(bought.day, unit="D").year.to_numpy() == year
    owner = bought.ids.to_numpy()[bought.code[in_year]]
    line_margin = parse_numbers(orders, margin, table="orders").to_numpy()[bought.rows[in_year]]
    margin_total = float(line_margin[pd.Index(owner).isin(ids)].sum())

    require_frame(cost_to_serve, table="cost_to_serve")
    require_columns(cost_to_serve, [customer, year_column, *columns], table="cost_to_serve")
    require_no_missing(cost_to_serve, customer, table="cost_to_serve")
    rows = (parse_numbers(cost_to_serve, year_column, table="cost_to_serve") == year) & cost_to_serve[customer].isin(
        ids
    )
    costs = {c: float(parse_numbers(cost_to_serve, c, table="cost_to_serve")[rows].sum()) for c in columns}
    total = sum(costs.values())
    avoidable_cost = sum(costs[c] for c in saved)
    values = {
        "customers": float(len(ids)),
        "margin": margin_total,
        "cost_to_serve": total,
        "reported_profit": margin_total - total,
        "avoidable_cost": avoidable_cost,
        "allocated_cost": total - avoidable_cost,
        "profit_change": avoidable_cost - margin_total,
    }
    return pd.Series(values, name="drop_impact").round(2)
