"""What dropping customers really saves: avoidable versus allocated cost (可避免成本 / 分摊成本).

A customer's profit contribution (利润贡献) is its margin minus the cost to
serve *charged* to it. Dropping a loss-making customer does not make that
negative number disappear from the company's books, because not every cost
charged to the customer goes when the customer goes:

- **avoidable cost** disappears with the customer: deliveries and order
  handling (``logistics``, paid per line), service tickets (``support``);
- **allocated cost** stays: the account-management team's salaries are
  shared out over the accounts it serves (the fee by service level);
- the marketing spent to win and onboard an account before the decision is
  already paid (a **sunk cost**, 沉没成本): no decision can recover it. After
  its first year an account's ``marketing`` is a small yearly promotion
  budget, which would go with it; the default keeps it with the allocated
  cost, and ``avoidable`` can say otherwise.

So the company's profit changes by ``avoidable cost - margin``: it loses the
customer's margin and saves only the avoidable part of its cost. Which
columns are avoidable is a judgement about the company's costs, so it is a
parameter; :func:`drop_impact` makes the calculation for one year.

Whom to drop is decided on a **decision day** with what was known then;
:func:`decision_day_split` makes source 004's 20/60/20 split (the bottom 20%
are the candidates to let go) on the profit known on that day only, so the
decision can then be judged on the year that followed.

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

from course.pareto import SPLIT_LABELS, split_20_60_20
from course.purchases import purchases
from course.validation import (
    CourseInputError,
    parse_date_parameter,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
)

__all__ = ["COST_COLUMNS", "AVOIDABLE", "drop_impact", "decision_day_split"]

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
        The ids of the customers to drop, chosen on what was known before
        ``year`` began (e.g. the bottom 20% of :func:`decision_day_split`
        on 31 December of the year before).
    year : int
        The calendar year to evaluate: the year that followed the decision.
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


def decision_day_split(
    orders: pd.DataFrame,
    cost_to_serve: pd.DataFrame,
    decision_day: object,
    top: float = 0.2,
    bottom: float = 0.2,
    labels: tuple[str, str, str] = SPLIT_LABELS,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    margin: str = "margin",
    status: str | None = "status",
    cost: str = "total",
    year_column: str = "year",
) -> pd.DataFrame:
    """The 20/60/20 split by profit known on ``decision_day``: whom the rule would let go, without look-ahead.

    What is known on the decision day (at its close):

    - the completed order lines dated on or before it (their margin);
    - the cost-to-serve rows of the calendar years that ended on or before
      it: a yearly row is booked on 31 December, so a decision made on
      2024-12-31 sees the rows of 2024 and earlier, and one made on
      2025-06-30 those of 2024 and earlier too;
    - the candidates: the accounts with at least one completed line dated on
      or before the day. An account won later (or that had not yet bought)
      is not a customer yet and cannot be let go.

    Profit to date = known margin - known cost to serve (0 when none is
    recorded), per candidate; :func:`course.pareto.split_20_60_20` ranks the
    candidates on it (ties in customer-id order). Rows dated after the day,
    and customers that first appear after it, do not change the result by a
    single bit; they are left out without a warning, since that is the
    point.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer``, ``date``, ``margin`` and ``status``
        (``status=None`` if every line is a purchase). Not modified.
    cost_to_serve : DataFrame
        One row per customer and year with the ``cost`` column (the cost to
        serve of that year). Not modified.
    decision_day : date-like
        The day the decision is taken, e.g. ``"2024-12-31"`` to let
        customers go from 1 January 2025.
    top, bottom, labels
        As in :func:`course.pareto.split_20_60_20`.
    customer, date, margin, status, cost, year_column : str
        Column names.

    Returns
    -------
    DataFrame
        The output of :func:`course.pareto.split_20_60_20` on the profit to
        date: one row per candidate, most profitable first, indexed by
        customer, columns ``rank``, ``profit`` and ``group``.

    Raises
    ------
    CourseInputError
        ``decision_day`` is not a date, a table lacks a column, a value is
        not a number, or no account had bought by the decision day.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "B"],
    ...                        "order_date": ["2024-02-01", "2024-05-01", "2024-07-01", "2025-03-01", "2025-04-01"],
    ...                        "margin": [900.0, 300.0, 100.0, 500.0, 800.0], "status": ["completed"] * 5})
    >>> cts = pd.DataFrame({"customer_id": ["A", "B", "C", "B", "D"], "year": [2024, 2024, 2024, 2025, 2025],
    ...                     "total": [200.0, 600.0, 50.0, 100.0, 700.0]})
    >>> decision_day_split(orders, cts, "2024-12-31")  # doctest: +NORMALIZE_WHITESPACE
                 rank  profit       group
    customer_id
    A               1   700.0     top 20%
    C               2    50.0  middle 60%
    B               3  -300.0  bottom 20%

    One customer at each end (ceil(0.2 * 3) = 1). D, won in 2025, is no candidate, and
    B's profitable 2025 is not known yet.
    """
    day = parse_date_parameter(decision_day, name="decision_day", example="2024-12-31")
    bought = purchases(orders, customer=customer, date=date, status=status, asof=day)
    if len(bought) == 0:
        raise CourseInputError(
            f"table 'orders': no completed line is dated on or before the decision day {day.date()}, so there "
            "is no customer to rank; choose a later decision_day."
        )
    known_lines = orders.iloc[bought.rows]
    line_margin = parse_numbers(known_lines, margin, table="orders").to_numpy()
    margin_to_date = pd.Series(line_margin).groupby(bought.ids[bought.code]).sum()

    require_frame(cost_to_serve, table="cost_to_serve")
    require_columns(cost_to_serve, [customer, year_column, cost], table="cost_to_serve")
    require_no_missing(cost_to_serve, customer, table="cost_to_serve")
    # a yearly row is known once its year has ended: 31 December of that year is on or before the day
    last_closed_year = (day + pd.Timedelta(days=1)).year - 1
    closed = (parse_numbers(cost_to_serve, year_column, table="cost_to_serve") <= last_closed_year).to_numpy()
    known_costs = cost_to_serve[closed]
    cost_values = parse_numbers(known_costs, cost, table="cost_to_serve").to_numpy()
    cost_to_date = pd.Series(cost_values).groupby(known_costs[customer].to_numpy()).sum()

    profit = margin_to_date - cost_to_date.reindex(margin_to_date.index, fill_value=0.0)
    profit.index.name = customer
    return split_20_60_20(profit.rename("profit"), top, bottom, labels)
