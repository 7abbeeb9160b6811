"""Lifecycle states at an as-of date, from order lines or from a customer table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.lifecycle._rules import check_rule, classify
from course.lifecycle._summary import buyer_summary, known_purchases
from course.purchases import resolve_asof
from course.validation import (
    CourseInputError,
    parse_dates,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_not_empty,
    require_unique,
)

__all__ = ["lifecycle_states", "states_from_orders"]


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


def states_from_orders(
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
    """Lifecycle states computed from order lines (see :func:`lifecycle_states`)."""
    bought = known_purchases(orders, asof, customer=customer, date=date, status=status, warn=warn, caller=caller)
    table = buyer_summary(bought)
    if customers is not None:
        ids, known = _universe(customers, customer=customer, acquired=acquired, asof=bought.asof)
        if not bought.ids.isin(ids).all():  # name the offending rows
            require_known_keys(orders, customer, ids, table="orders", parent_table="customers")
        keep = known.to_numpy() | ids.isin(table.index)
        table = table.reindex(ids[keep])
    table.index.name = customer
    table["state"] = classify(
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
        :func:`course.customers.customer_table`; its customer id is the
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
    >>> states = lifecycle_states(orders, "2025-09-01", rule="rhythm", status=None)
    >>> states[["median_gap_days", "state"]]  # doctest: +NORMALIZE_WHITESPACE
                 median_gap_days   state
    customer_id
    A                       31.0  churned
    B                      183.0  active
    """
    check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
    require_frame(data, table="data")
    params = {
        "rule": rule,
        "active_days": active_days,
        "churn_days": churn_days,
        "active_multiple": active_multiple,
        "churn_multiple": churn_multiple,
    }
    if date in data.columns:
        return states_from_orders(
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
    return _states_from_table(
        data,
        asof,
        customer=customer,
        last_purchase=last_purchase,
        acquired=acquired,
        date=date,
        rule=rule,
        params=params,
    )


def _states_from_table(
    data: pd.DataFrame,
    asof: object,
    *,
    customer: str,
    last_purchase: str,
    acquired: str | None,
    date: str,
    rule: str,
    params: dict,
) -> pd.DataFrame:
    """Lifecycle states computed from a customer table with a ``last_purchase`` column."""
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
    if asof is None and last.isna().all():
        raise CourseInputError("no customer has a last_purchase: pass asof explicitly.")
    asof_ts = resolve_asof(asof, last)
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
    out["state"] = classify(out["recency_days"], None, **params)
    return out
