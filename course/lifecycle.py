"""Customer lifecycle (客户生命周期): behaviour classes, cohorts and time to churn.

A customer's *lifecycle state* says where the customer stands today, judged
only by purchase behaviour. Following the behaviour-based classification of
the source material, the course uses four states:

- ``potential`` (潜在客户): a known account that has not bought yet;
- ``active`` (活跃客户): bought recently;
- ``dormant`` (沉睡客户): bought before, but not for a while -- it may wake up;
- ``churned`` (流失客户): bought before and has been silent for so long that
  we count it as lost.

"Recently" and "for a while" are business choices, so they are parameters.
Two rules are offered:

- ``rule="fixed"`` -- the same number of days for every customer. With the
  defaults a buyer is active if its last completed purchase is at most 180
  days before the as-of date, dormant at 181-365 days and churned after
  more than 365 days.
- ``rule="rhythm"`` -- relative to the customer's own purchase rhythm: the
  days since the last purchase divided by the customer's median gap between
  purchase days. Active up to 2 gaps, dormant up to 4, churned beyond. A
  customer with a single purchase day has no rhythm yet and is judged with
  the fixed days.

The module also holds cohort retention (留存), time to churn and a
Kaplan-Meier survival curve built with pandas, and churn rates by group.

Conventions
-----------
- Only order lines whose ``status`` is ``"completed"`` are purchases
  (cancelled and returned lines are not; this is the definition, not a
  warning). Pass ``status=None`` for data that holds purchases only.
- The as-of date (截止日期) is the moment of observation: purchases dated on
  or before it are known, later ones are ignored (one ``UserWarning`` in
  :func:`lifecycle_states` and :func:`cohort_retention`; silently in
  :func:`state_transitions`, whose point is to look back in time). Its
  default is the day after the latest order date, as in :mod:`course.rfm`
  and :func:`course.insight.customer_table`.
- ``recency_days`` = whole days from the last purchase to the as-of date.
  Dates count as days: a time of day, in the data or in ``asof``, is ignored.

Examples
--------
>>> import pandas as pd
>>> from course.lifecycle import lifecycle_states
>>> orders = pd.DataFrame({
...     "customer_id": ["A", "A", "B", "C"],
...     "order_date": pd.to_datetime(["2024-01-10", "2024-11-20", "2024-03-01", "2023-06-30"]),
...     "status": ["completed", "completed", "completed", "completed"]})
>>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"]})
>>> lifecycle_states(orders, "2024-12-31", customers=customers)[["recency_days", "state"]]  # doctest: +NORMALIZE_WHITESPACE
             recency_days      state
customer_id
A                    41.0     active
B                   305.0    dormant
C                   550.0    churned
D                     NaN  potential
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.validation import (
    CourseInputError,
    parse_date_parameter,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_not_empty,
    require_unique,
)

__all__ = [
    "STATES",
    "STATE_NAMES_ZH",
    "NOT_YET",
    "purchase_summary",
    "lifecycle_states",
    "state_transitions",
    "cohort_retention",
    "churn_rate_by",
    "time_to_churn",
    "kaplan_meier",
    "survival_at",
]

#: The lifecycle states, in lifecycle order.
STATES = ("potential", "active", "dormant", "churned")
#: Chinese names of the states.
STATE_NAMES_ZH = {"potential": "潜在客户", "active": "活跃客户", "dormant": "沉睡客户", "churned": "流失客户"}
#: Row label of :func:`state_transitions` for customers not yet known at the first date.
NOT_YET = "not yet acquired"

_PERIODS = ("M", "Q", "Y")


# --------------------------------------------------------------------------- helpers
def _timestamp(value: object, *, name: str) -> pd.Timestamp:
    """Parse one date parameter into a day (see :func:`course.validation.parse_date_parameter`)."""
    return parse_date_parameter(value, name=name)


def _day(stamp: pd.Timestamp) -> int:
    """Whole days since 1970-01-01."""
    return int(np.datetime64(stamp.normalize().to_datetime64(), "D").astype("int64"))


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back to ``datetime64[ns]``."""
    return days.astype("datetime64[D]").astype("datetime64[ns]")


@dataclass
class _Purchases:
    """Completed purchases as integer arrays: customer code (position in ``ids``) and day number."""

    code: np.ndarray
    day: np.ndarray
    ids: pd.Index
    latest: pd.Timestamp  # latest date of any row, whatever its status


def _purchases(
    orders: pd.DataFrame,
    *,
    customer: str,
    date: str,
    status: str | None,
    completed: str = "completed",
    table: str = "orders",
) -> _Purchases:
    """Validate ``orders`` and return its completed purchases (customers factorised once, dates as days)."""
    require_frame(orders, table=table)
    require_not_empty(orders, table=table)
    require_columns(orders, [customer, date], table=table)
    require_no_missing(orders, customer, table=table)
    when = parse_dates(orders, date, table=table)
    keep = np.ones(len(orders), dtype=bool)
    if status is not None:
        if status not in orders.columns:
            listed = ", ".join(repr(str(c)) for c in orders.columns)
            raise CourseInputError(
                f"table '{table}': column {status!r} (the order status) not found; available columns: {listed}. "
                "Pass status='<column>' or status=None if every row is a completed purchase."
            )
        require_no_missing(orders, status, table=table)
        keep = (orders[status].astype("object") == completed).to_numpy()
    codes, ids = pd.factorize(orders[customer], sort=True)
    days = when.to_numpy().astype("datetime64[D]").astype("int64")
    return _Purchases(codes[keep].astype("int64"), days[keep], pd.Index(ids, name=customer), pd.Timestamp(when.max()))


def _default_asof(purchases: _Purchases) -> pd.Timestamp:
    return purchases.latest.normalize().as_unit("ns") + pd.Timedelta(days=1)


def _drop_after(purchases: _Purchases, asof: pd.Timestamp, *, warn: bool, caller: str) -> _Purchases:
    after = purchases.day > _day(asof)
    if after.any():
        if warn:
            warnings.warn(
                f"{caller}: ignored {int(after.sum()):,} purchase rows dated after asof {asof.date()}.",
                UserWarning,
                stacklevel=3,
            )
        purchases = _Purchases(purchases.code[~after], purchases.day[~after], purchases.ids, purchases.latest)
    return purchases


def _distinct(code: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (code, value) pairs sorted by code, then value."""
    if len(code) == 0:
        return code, value
    low = value.min()
    key = np.sort((code << 32) | (value - low), kind="stable")
    key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    return key >> 32, (key & 0xFFFFFFFF) + low


def _summary(purchases: _Purchases, asof: pd.Timestamp) -> pd.DataFrame:
    """Per-customer first/last purchase, purchase days, recency and median gap (buyers only, sorted by id)."""
    code, day = _distinct(purchases.code, purchases.day)
    n_days = np.bincount(code, minlength=len(purchases.ids))
    buyers = np.flatnonzero(n_days)
    first = day[np.searchsorted(code, buyers, side="left")]
    last = day[np.searchsorted(code, buyers, side="right") - 1]
    same = code[1:] == code[:-1]
    gaps = pd.Series((day[1:] - day[:-1])[same], dtype="float64")
    median_gap = gaps.groupby(code[1:][same]).median().reindex(buyers).to_numpy()
    return pd.DataFrame(
        {
            "first_purchase": _dates(first),
            "last_purchase": _dates(last),
            "n_purchase_days": n_days[buyers].astype("int64"),
            "recency_days": (_day(asof) - last).astype("float64"),
            "median_gap_days": median_gap,
        },
        index=purchases.ids[buyers],
    )


def _check_rule(
    rule: str, active_days: float, churn_days: float, active_multiple: float, churn_multiple: float
) -> None:
    if rule not in ("fixed", "rhythm"):
        raise CourseInputError(
            f"rule={rule!r} is not known; use rule='fixed' (days) or rule='rhythm' (multiples of the purchase gap)."
        )
    if not (0 < active_days < churn_days):
        raise CourseInputError(
            f"active_days={active_days!r} and churn_days={churn_days!r}: need 0 < active_days < churn_days (e.g. 180 and 365)."
        )
    if not (0 < active_multiple < churn_multiple):
        raise CourseInputError(
            f"active_multiple={active_multiple!r} and churn_multiple={churn_multiple!r}: "
            "need 0 < active_multiple < churn_multiple (e.g. 2 and 4)."
        )


def _classify(
    recency: pd.Series,
    gap: pd.Series | None,
    *,
    rule: str,
    active_days: float,
    churn_days: float,
    active_multiple: float,
    churn_multiple: float,
) -> pd.Series:
    """State from recency (NaN = never bought) and, for the rhythm rule, the median gap."""
    r = recency.to_numpy(dtype="float64")
    state = np.where(r <= active_days, "active", np.where(r <= churn_days, "dormant", "churned")).astype(object)
    if rule == "rhythm" and gap is not None:
        g = gap.to_numpy(dtype="float64")
        has_rhythm = ~np.isnan(g) & (g > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = r / np.where(has_rhythm, g, 1.0)
        by_rhythm = np.where(
            ratio <= active_multiple, "active", np.where(ratio <= churn_multiple, "dormant", "churned")
        )
        state = np.where(has_rhythm, by_rhythm, state).astype(object)
    state[np.isnan(r)] = "potential"
    return pd.Series(pd.Categorical(state, categories=list(STATES)), index=recency.index, name="state")


def _universe(
    customers: pd.DataFrame, *, customer: str, acquired: str | None, asof: pd.Timestamp
) -> tuple[pd.Index, pd.Series]:
    """Ids of ``customers`` (column or index) and a mask of those acquired on or before ``asof``."""
    require_frame(customers, table="customers")
    require_not_empty(customers, table="customers")
    if customer in customers.columns:
        ids = pd.Index(customers[customer])
        require_no_missing(customers, customer, table="customers")
        require_unique(customers, customer, table="customers")
    elif customers.index.name == customer:
        ids = customers.index
        if ids.hasnans or not ids.is_unique:
            raise CourseInputError(f"table 'customers': the index '{customer}' must hold unique, non-empty ids.")
    else:
        require_columns(customers, [customer], table="customers")
    known = pd.Series(True, index=ids)
    if acquired is not None and acquired in customers.columns:
        when = parse_dates(customers, acquired, table="customers", allow_missing=True)
        known = pd.Series(~(when > asof).to_numpy(), index=ids)
    return ids, known


def _states_from_orders(
    orders: pd.DataFrame,
    asof: object,
    *,
    customers: pd.DataFrame | None,
    rule: str,
    active_days: float,
    churn_days: float,
    active_multiple: float,
    churn_multiple: float,
    customer: str,
    date: str,
    status: str | None,
    acquired: str | None,
    warn: bool,
    caller: str,
) -> pd.DataFrame:
    purchases = _purchases(orders, customer=customer, date=date, status=status)
    asof = _default_asof(purchases) if asof is None else _timestamp(asof, name="asof")
    if customers is not None:
        ids, known = _universe(customers, customer=customer, acquired=acquired, asof=asof)
        if not purchases.ids.isin(ids).all():  # name the offending rows
            require_known_keys(orders, customer, ids, table="orders", parent_table="customers")
    purchases = _drop_after(purchases, asof, warn=warn, caller=caller)
    table = _summary(purchases, asof)
    if customers is not None:
        keep = known.to_numpy() | ids.isin(table.index)
        table = table.reindex(ids[keep])
    table.index.name = customer
    table["state"] = _classify(
        table["recency_days"],
        table["median_gap_days"],
        rule=rule,
        active_days=active_days,
        churn_days=churn_days,
        active_multiple=active_multiple,
        churn_multiple=churn_multiple,
    )
    table["n_purchase_days"] = table["n_purchase_days"].fillna(0).astype("int64")
    return table


# --------------------------------------------------------------------------- public
def purchase_summary(
    orders: pd.DataFrame,
    asof: object = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
) -> pd.DataFrame:
    """First and last purchase, purchase days, recency and purchase rhythm of each buyer.

    Parameters
    ----------
    orders : DataFrame
        Order lines (or transactions), one row each.
    asof : date-like, optional
        The as-of date; default the day after the latest ``date``. Purchases
        after it are ignored with one ``UserWarning``.
    customer, date : str
        Columns of the customer id and the purchase date.
    status : str or None, default "status"
        Column of the line status; only ``"completed"`` lines are purchases.
        None when every row is a purchase.

    Returns
    -------
    DataFrame
        One row per customer with a purchase on or before ``asof`` (sorted by
        id): ``first_purchase``, ``last_purchase``, ``n_purchase_days``
        (distinct days with a purchase), ``recency_days`` (asof minus last
        purchase, whole days) and ``median_gap_days`` (median of the days
        between consecutive purchase days; NaN with a single purchase day).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                        "order_date": ["2024-01-01", "2024-01-31", "2024-04-30", "2024-06-01"]})
    >>> purchase_summary(orders, "2024-12-31", status=None)[["n_purchase_days", "recency_days", "median_gap_days"]]  # doctest: +NORMALIZE_WHITESPACE
                 n_purchase_days  recency_days  median_gap_days
    customer_id
    A                          3         245.0             60.0
    B                          1         213.0              NaN
    """
    purchases = _purchases(orders, customer=customer, date=date, status=status)
    asof = _default_asof(purchases) if asof is None else _timestamp(asof, name="asof")
    purchases = _drop_after(purchases, asof, warn=True, caller="purchase_summary")
    table = _summary(purchases, asof)
    table.index.name = customer
    return table


def lifecycle_states(
    data: pd.DataFrame,
    asof: object = None,
    *,
    customers: pd.DataFrame | None = None,
    rule: str = "fixed",
    active_days: float = 180,
    churn_days: float = 365,
    active_multiple: float = 2.0,
    churn_multiple: float = 4.0,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
    last_purchase: str = "last_purchase",
    acquired: str | None = "acquired_date",
) -> pd.DataFrame:
    """Classify customers as potential, active, dormant or churned at ``asof``.

    Parameters
    ----------
    data : DataFrame
        Either order lines (they hold the ``date`` column) or a customer
        table with one row per customer and a ``last_purchase`` column (NaT
        for a customer who never bought), such as
        :func:`course.insight.customer_table`; its customer id is the
        ``customer`` column or the index.
    asof : date-like, optional
        The as-of date. Default: the day after the latest order date (for a
        customer table: after the latest ``last_purchase``). Purchases after
        it are ignored with one ``UserWarning``.
    customers : DataFrame, optional
        With order lines: the customer master (e.g. ``db.customers``), so
        that accounts without a purchase appear as ``potential``. When it
        has an ``acquired`` column, customers acquired after ``asof`` are
        left out (they were not known yet).
    rule : {"fixed", "rhythm"}
        ``"fixed"``: days since the last completed purchase (recency) at most
        ``active_days`` → active; at most ``churn_days`` → dormant; more →
        churned. ``"rhythm"`` (order lines only): recency divided by the
        customer's median gap between purchase days at most
        ``active_multiple`` → active; at most ``churn_multiple`` → dormant;
        more → churned; customers with one purchase day fall back on the
        fixed days. Never bought → potential, under both rules.
    active_days, churn_days : float, default 180 and 365
    active_multiple, churn_multiple : float, default 2 and 4
    customer, date, status, last_purchase, acquired : str
        Column names. ``status=None`` when every row is a completed
        purchase; ``acquired=None`` to keep every customer.

    Returns
    -------
    DataFrame
        Indexed by customer id (the order of ``customers`` when given, else
        sorted), with ``recency_days`` and ``state`` (categorical, categories
        ``STATES``). From order lines also ``first_purchase``,
        ``last_purchase``, ``n_purchase_days`` and ``median_gap_days`` (see
        :func:`purchase_summary`); from a customer table also
        ``last_purchase``.

    Raises
    ------
    CourseInputError
        Missing column, empty table, missing customer ids, unparsable date,
        unknown rule or inconsistent thresholds, customer ids in the orders
        that are not in ``customers``, or a customer table whose
        ``last_purchase`` is after ``asof``.

    Examples
    --------
    A customer table works too (the rule only needs the last purchase):

    >>> table = pd.DataFrame({"last_purchase": pd.to_datetime(["2025-12-01", "2025-03-01", None])},
    ...                      index=pd.Index(["A", "B", "C"], name="customer_id"))
    >>> lifecycle_states(table, "2025-12-31")["state"].tolist()
    ['active', 'dormant', 'potential']

    The rhythm rule judges each customer against its own purchase gap:

    >>> orders = pd.DataFrame({"customer_id": ["A"] * 4 + ["B"] * 3,
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01",
    ...                                   "2024-01-01", "2024-07-01", "2025-01-01"])})
    >>> lifecycle_states(orders, "2025-09-01", rule="rhythm", status=None)[["median_gap_days", "state"]]  # doctest: +NORMALIZE_WHITESPACE
                 median_gap_days   state
    customer_id
    A                       31.0  churned
    B                      183.0  active
    """
    _check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
    require_frame(data, table="data")
    params = {
        "rule": rule,
        "active_days": active_days,
        "churn_days": churn_days,
        "active_multiple": active_multiple,
        "churn_multiple": churn_multiple,
    }
    if date in data.columns:
        return _states_from_orders(
            data,
            asof,
            customers=customers,
            customer=customer,
            date=date,
            status=status,
            acquired=acquired,
            warn=True,
            caller="lifecycle_states",
            **params,
        )
    if last_purchase not in data.columns:
        listed = ", ".join(repr(str(c)) for c in data.columns)
        raise CourseInputError(
            f"lifecycle_states needs order lines (a {date!r} column) or a customer table "
            f"(a {last_purchase!r} column); the table has: {listed}. "
            "Pass date='<column>' or last_purchase='<column>'."
        )
    if rule == "rhythm":
        raise CourseInputError(
            "rule='rhythm' needs each customer's purchase gaps: pass the order lines, not a customer table."
        )
    require_not_empty(data, table="customer table")
    if customer in data.columns:
        require_no_missing(data, customer, table="customer table")
        index = pd.Index(data[customer], name=customer)
    else:
        index = pd.Index(data.index, name=customer)
        if index.hasnans:
            raise CourseInputError(
                f"table 'customer table': the index holds missing customer ids. Set the index to '{customer}'."
            )
    last = parse_dates(data, last_purchase, table="customer table", allow_missing=True)
    if last.isna().all():
        asof_ts = _timestamp(asof, name="asof") if asof is not None else None
    else:
        asof_ts = last.max() + pd.Timedelta(days=1) if asof is None else _timestamp(asof, name="asof")
    if asof_ts is None:
        raise CourseInputError("no customer has a last_purchase: pass asof explicitly.")
    late = (last > asof_ts).to_numpy()
    if late.any():
        raise CourseInputError(
            f"table 'customer table', column '{last_purchase}': {int(late.sum()):,} customers bought after asof "
            f"{asof_ts.date()}. Rebuild the table with the same asof (e.g. customer_table(db, asof=...))."
        )
    keep = np.ones(len(data), dtype=bool)
    if acquired is not None and acquired in data.columns:
        when = parse_dates(data, acquired, table="customer table", allow_missing=True)
        keep = ~(when > asof_ts).to_numpy() | last.notna().to_numpy()
    out = pd.DataFrame({"last_purchase": last.to_numpy()}, index=index)
    out["recency_days"] = (asof_ts - out["last_purchase"]).dt.days.astype("float64")
    out = out.loc[keep]
    out["state"] = _classify(out["recency_days"], None, **params)
    return out


def state_transitions(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    dates: Sequence[object],
    normalize: bool = False,
    rule: str = "fixed",
    active_days: float = 180,
    churn_days: float = 365,
    active_multiple: float = 2.0,
    churn_multiple: float = 4.0,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
    acquired: str | None = "acquired_date",
) -> pd.DataFrame:
    """Crosstab of lifecycle states at two as-of dates (how customers move).

    Each customer known at the second date is classified at both dates with
    :func:`lifecycle_states` (same rule and thresholds); purchases after each
    date are ignored for that date (no warning: looking back is the point).
    Customers not yet known at the first date -- acquired after it, or,
    without ``customers``, first buying after it -- form the row
    ``NOT_YET`` ("not yet acquired").

    Parameters
    ----------
    orders : DataFrame
        Order lines.
    customers : DataFrame, optional
        Customer master, to include accounts that never bought (see
        :func:`lifecycle_states`).
    dates : pair of date-like
        The two as-of dates, earlier first.
    normalize : bool, default False
        False: customer counts. True: shares of each row (where the
        customers of each earlier state went); rows sum to 1.
    rule, active_days, churn_days, active_multiple, churn_multiple, customer, date, status, acquired
        As in :func:`lifecycle_states`.

    Returns
    -------
    DataFrame
        Rows: state at the first date (``NOT_YET`` first, when present, then
        ``STATES``); columns: state at the second date (``STATES``).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...     "order_date": pd.to_datetime(["2024-10-10", "2025-05-01", "2024-06-01", "2025-03-01"])})
    >>> state_transitions(orders, dates=["2024-12-31", "2025-12-31"], status=None)  # doctest: +NORMALIZE_WHITESPACE
    state at 2025-12-31  potential  active  dormant  churned
    state at 2024-12-31
    not yet acquired             0       0        1        0
    potential                    0       0        0        0
    active                       0       0        1        0
    dormant                      0       0        0        1
    churned                      0       0        0        0
    """
    if isinstance(dates, (str, bytes)) or len(dates) != 2:
        raise CourseInputError(
            f"dates={dates!r}: pass exactly two as-of dates, e.g. dates=['2024-12-31', '2025-12-31']."
        )
    start, end = (_timestamp(d, name="dates") for d in dates)
    if not start < end:
        raise CourseInputError(f"dates={list(dates)!r}: the first date must be before the second.")
    _check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
    params = {
        "customers": customers,
        "rule": rule,
        "active_days": active_days,
        "churn_days": churn_days,
        "active_multiple": active_multiple,
        "churn_multiple": churn_multiple,
        "customer": customer,
        "date": date,
        "status": status,
        "acquired": acquired,
        "warn": False,
        "caller": "state_transitions",
    }
    after = _states_from_orders(orders, end, **params)["state"]
    before = _states_from_orders(orders, start, **params)["state"]
    before = before.reindex(after.index).astype("object").fillna(NOT_YET)
    label_1, label_2 = f"state at {start.date()}", f"state at {end.date()}"
    table = pd.crosstab(
        pd.Series(before.to_numpy(), name=label_1), pd.Series(after.astype("object").to_numpy(), name=label_2)
    )
    rows = [NOT_YET, *STATES]
    table = table.reindex(index=rows, columns=list(STATES), fill_value=0).astype("int64")
    table.index.name, table.columns.name = label_1, label_2
    if normalize:
        totals = table.sum(axis=1)
        table = table.div(totals.where(totals > 0), axis=0)
    return table


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
        Last date observed; default the latest date. Later purchases are
        ignored with one ``UserWarning``.
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
    if period not in _PERIODS:
        raise CourseInputError(f"period={period!r} is not supported; use 'M' (month), 'Q' (quarter) or 'Y' (year).")
    purchases = _purchases(orders, customer=customer, date=date, status=status)
    if asof is None:
        asof_ts = pd.Timestamp(_dates(purchases.day).max()) if len(purchases.day) else purchases.latest.normalize()
    else:
        asof_ts = _timestamp(asof, name="asof")
    purchases = _drop_after(purchases, asof_ts, warn=True, caller="cohort_retention")
    if len(purchases.day) == 0:
        raise CourseInputError("table 'orders' holds no completed purchase on or before asof; check status and asof.")

    def slot_of(days: np.ndarray) -> np.ndarray:
        """Calendar period number since 1970 (months, quarters or years)."""
        dates = np.asarray(days).astype("datetime64[D]")
        if period == "Y":
            return dates.astype("datetime64[Y]").astype("int64")
        months = dates.astype("datetime64[M]").astype("int64")
        return months if period == "M" else months // 3

    code, slot = _distinct(purchases.code, slot_of(purchases.day))
    cohort = slot[np.searchsorted(code, code, side="left")]  # first period of each customer
    k = slot - cohort
    last_slot = int(slot_of(np.array([_day(asof_ts)]))[0])
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


def churn_rate_by(frame: pd.DataFrame, by: str | Sequence[str], *, column: str = "state") -> pd.DataFrame:
    """Churn rate (流失率) by group: which customers are being lost.

    Parameters
    ----------
    frame : DataFrame
        One row per customer with the grouping column(s) ``by`` and
        ``column``, which is either a lifecycle state (then churned means
        state ``"churned"`` and ``"potential"`` customers, who never bought,
        are left out) or a churn flag (True/False or 1/0).
    by : str or list of str
        Grouping column(s), e.g. ``"tier"`` or ``["industry"]``.
    column : str, default "state"

    Returns
    -------
    DataFrame
        One row per group: ``customers`` (customers counted), ``churned``
        and ``churn_rate`` = churned / customers.

    Examples
    --------
    >>> frame = pd.DataFrame({"tier": ["A", "A", "B", "B", "B"],
    ...                       "state": ["active", "churned", "churned", "potential", "dormant"]})
    >>> churn_rate_by(frame, "tier")  # doctest: +NORMALIZE_WHITESPACE
          customers  churned  churn_rate
    tier
    A             2        1         0.5
    B             2        1         0.5
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_frame(frame, table="frame")
    require_columns(frame, [*keys, column], table="frame")
    require_not_empty(frame, table="frame")
    values = frame[column]
    if pd.api.types.is_bool_dtype(values) or (
        pd.api.types.is_numeric_dtype(values) and values.dropna().isin([0, 1]).all()
    ):
        require_no_missing(frame, column, table="frame")
        flag = values.astype("bool").to_numpy()
        counted = np.ones(len(frame), dtype=bool)
    else:
        text = values.astype("object")
        unknown = ~text.isin(STATES)
        if unknown.any():
            raise CourseInputError(
                f"table 'frame', column '{column}' must hold lifecycle states {STATES} or a True/False churn flag; "
                f"found e.g. {text[unknown].iloc[0]!r}."
            )
        flag = (text == "churned").to_numpy()
        counted = (text != "potential").to_numpy()
    data = frame.loc[counted, keys].assign(_churned=flag[counted].astype("int64"))
    grouped = data.groupby(keys, observed=True, sort=True)["_churned"]
    out = pd.DataFrame({"customers": grouped.size(), "churned": grouped.sum()}).astype("int64")
    out["churn_rate"] = out["churned"] / out["customers"]
    return out


def time_to_churn(
    orders: pd.DataFrame,
    asof: object = None,
    *,
    churn_days: float = 365,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
) -> pd.DataFrame:
    """Each buyer's buying lifetime, observed or censored, for a survival curve.

    A customer's *lifetime* is the days from its first to its last completed
    purchase. It is known (the customer is churned, ``churned=True``) once
    more than ``churn_days`` have passed since the last purchase. For the
    others we only know that the lifetime exceeds ``asof - churn_days -
    first_purchase`` days (right-censored, 删失). So

    - ``duration_days`` = lifetime if churned, else asof - churn_days -
      first purchase;
    - customers whose first purchase is less than ``churn_days`` before
      ``asof`` cannot have been seen to churn yet and are left out (this is
      part of the definition, not a warning).

    Censoring then depends only on when a customer started, so the
    Kaplan-Meier curve of these durations (:func:`kaplan_meier`) estimates
    the share of customers still buying t days after their first purchase.

    Parameters
    ----------
    orders : DataFrame
        Order lines.
    asof : date-like, optional
        Default: the day after the latest order date. Later purchases are
        ignored with one ``UserWarning``.
    churn_days : float, default 365
        Silence after which a customer counts as churned (as in the fixed
        rule of :func:`lifecycle_states`).
    customer, date, status : str
        Column names (``status=None``: every row is a purchase).

    Returns
    -------
    DataFrame
        Indexed by customer id: ``first_purchase``, ``last_purchase``,
        ``duration_days`` (float), ``churned`` (bool).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "B", "C"],
    ...     "order_date": pd.to_datetime(["2020-01-01", "2021-01-01", "2020-01-01", "2025-06-01", "2025-01-01"])})
    >>> time_to_churn(orders, "2025-12-31", status=None)[["duration_days", "churned"]]  # doctest: +NORMALIZE_WHITESPACE
                 duration_days  churned
    customer_id
    A                    366.0     True
    B                   1826.0    False
    """
    if not churn_days > 0:
        raise CourseInputError(f"churn_days={churn_days!r} must be positive (e.g. 365).")
    purchases = _purchases(orders, customer=customer, date=date, status=status)
    asof_ts = _default_asof(purchases) if asof is None else _timestamp(asof, name="asof")
    purchases = _drop_after(purchases, asof_ts, warn=True, caller="time_to_churn")
    table = _summary(purchases, asof_ts)[["first_purchase", "last_purchase", "recency_days"]]
    table.index.name = customer
    lifetime = (table["last_purchase"] - table["first_purchase"]).dt.days.astype("float64")
    window = (asof_ts - table["first_purchase"]).dt.days.astype("float64") - churn_days
    churned = table["recency_days"] > churn_days
    table["duration_days"] = np.where(churned, lifetime, window)
    table["churned"] = churned.astype("bool")
    table = table.loc[window >= 0]
    return table[["first_purchase", "last_purchase", "duration_days", "churned"]]


def kaplan_meier(
    frame: pd.DataFrame,
    duration: str = "duration_days",
    event: str = "churned",
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Kaplan-Meier survival curve (生存曲线), computed with pandas.

    At each distinct time t with at least one customer: ``at_risk`` = number
    of customers with a duration ≥ t, ``events`` = number of churns at t, and
    ``survival`` = product over times s ≤ t of (1 - events(s) / at_risk(s)),
    the estimated share of customers still alive (still buying) after t.
    Censored customers count as at risk up to and including their duration.

    Parameters
    ----------
    frame : DataFrame
        One row per customer, e.g. from :func:`time_to_churn`.
    duration : str, default "duration_days"
        Non-negative duration column.
    event : str, default "churned"
        True/1 if the event (churn) was observed, False/0 if censored.
    by : str or list of str, optional
        Grouping column(s): one curve per group.

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, ``time``, ``at_risk``, ``events``,
        ``survival``; one row per group and distinct time, sorted.

    Examples
    --------
    >>> frame = pd.DataFrame({"duration_days": [1, 2, 2, 3, 4], "churned": [True, False, True, True, False]})
    >>> kaplan_meier(frame)  # doctest: +NORMALIZE_WHITESPACE
       time  at_risk  events  survival
    0   1.0        5       1       0.8
    1   2.0        4       1       0.6
    2   3.0        2       1       0.3
    3   4.0        1       0       0.3
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    require_frame(frame, table="frame")
    require_columns(frame, [duration, event, *keys], table="frame")
    require_not_empty(frame, table="frame")
    times = parse_numbers(frame, duration, table="frame")
    negative = (times < 0).to_numpy()
    if negative.any():
        raise CourseInputError(
            f"table 'frame', column '{duration}': {int(negative.sum()):,} durations are negative. Durations must be ≥ 0."
        )
    flags = frame[event]
    require_no_missing(frame, event, table="frame")
    if not (pd.api.types.is_bool_dtype(flags) or (pd.api.types.is_numeric_dtype(flags) and flags.isin([0, 1]).all())):
        raise CourseInputError(
            f"table 'frame', column '{event}' must be True/False (or 1/0): True when the churn was observed."
        )
    data = frame[keys].copy() if keys else pd.DataFrame(index=frame.index)
    data["time"] = times.to_numpy()
    data["_event"] = flags.astype("int64").to_numpy()
    table = data.groupby([*keys, "time"], observed=True, sort=True)["_event"].agg(["size", "sum"]).reset_index()
    table = table.rename(columns={"sum": "events"})
    if keys:
        group = table.groupby(keys, observed=True, sort=False)["size"]
        total, before = group.transform("sum"), group.cumsum() - table["size"]
    else:
        total, before = table["size"].sum(), table["size"].cumsum() - table["size"]
    table["at_risk"] = (total - before).astype("int64")
    factor = 1.0 - table["events"] / table["at_risk"]
    table["survival"] = factor.groupby([table[k] for k in keys], observed=True).cumprod() if keys else factor.cumprod()
    table["events"] = table["events"].astype("int64")
    return table[[*keys, "time", "at_risk", "events", "survival"]].reset_index(drop=True)


def survival_at(curve: pd.DataFrame, times: Sequence[float], *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Read a Kaplan-Meier curve at chosen times (e.g. 1, 2 and 3 years).

    The survival at t is that of the last curve time ≤ t (1.0 before the
    first time); NaN beyond the longest duration of the group, where the
    curve says nothing.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`kaplan_meier`.
    times : list of float
        Times, in the unit of the curve (days for :func:`time_to_churn`).
    by : str or list of str, optional
        The grouping column(s) the curve was built with.

    Returns
    -------
    DataFrame
        One row per group (a single row ``"all"`` without ``by``), one
        column per time.

    Examples
    --------
    >>> frame = pd.DataFrame({"duration_days": [1, 2, 2, 3, 4], "churned": [True, False, True, True, False]})
    >>> survival_at(kaplan_meier(frame), [0, 2, 3.5, 10])  # doctest: +NORMALIZE_WHITESPACE
    time  0.0  2.0  3.5  10.0
    all   1.0  0.6  0.3   NaN
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    require_frame(curve, table="curve")
    require_columns(curve, [*keys, "time", "survival"], table="curve")
    grid_times = np.asarray(sorted({float(t) for t in times}), dtype="float64")
    if len(grid_times) == 0:
        raise CourseInputError("times is empty: pass at least one time, e.g. [365, 730].")
    data = curve[[*keys, "time", "survival"]].copy()
    data["time"] = data["time"].astype("float64")
    if not keys:
        data["_group"] = "all"
        keys_used = ["_group"]
    else:
        keys_used = keys
    groups = data[keys_used].drop_duplicates()
    grid = groups.merge(pd.DataFrame({"time": grid_times}), how="cross").sort_values("time", kind="stable")
    merged = pd.merge_asof(grid, data.sort_values("time", kind="stable"), on="time", by=keys_used, direction="backward")
    merged["survival"] = merged["survival"].fillna(1.0)
    longest = data.groupby(keys_used, observed=True)["time"].max().rename("_longest").reset_index()
    merged = merged.merge(longest, on=keys_used, how="left")
    merged.loc[merged["time"] > merged["_longest"], "survival"] = np.nan
    out = merged.pivot_table(index=keys_used, columns="time", values="survival", dropna=False, observed=True, sort=True)
    out = out.reindex(columns=grid_times)
    if not keys:
        out.index = pd.Index(["all"])
    out.columns.name = "time"
    return out
