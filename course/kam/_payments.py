"""Payment collection (回款) on the invoices: receivables and their ageing, DSO, and how each customer pays.

Every order with completed lines is invoiced (``invoices``: one invoice per
order, returned lines netted out), so what is invoiced reconciles with the
revenue of every other lesson, customer by customer and year by year.

Definitions (as of a date ``asof``; a payment after it has not happened yet)
------------------------------------------------------------------------
Receivable (应收账款)
    An invoice dated on or before ``asof`` and not paid by ``asof``, for its
    amount. *Days outstanding*: since the invoice date; *days past due*:
    since the due date (negative: not due yet). Ageing buckets by days past
    due: not yet due / 0-30 / 31-60 / 61-90 / 90+ (or by days outstanding).
DSO (days sales outstanding, 应收账款周转天数)
    The textbook period-end measure: receivables at ``asof`` / amount
    invoiced in the 365 days up to ``asof`` × 365. How many days of sales are
    waiting to be collected. See :func:`dso`.
Paid late
    An invoice due by ``asof`` that was paid after its due date, or is still
    unpaid. *Days late*: from the due date to the payment (to ``asof`` while
    unpaid).
Cooperation risk (合作风险)
    Source 001's financial analysis of a customer "assesses the risk of the
    cooperation" from its payment record. Over the invoices due in the 365
    days up to ``asof``: **high** when at least half were paid late or an
    invoice is more than 60 days overdue; **watch** when at least a fifth
    were paid late or one is more than 30 days overdue; **low** otherwise
    (``none`` without an invoice due in the year). See :data:`RISK_RULES`.

Examples
--------
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> items = receivables(db, asof="2025-12-31")
>>> bool(items["days_past_due"].is_monotonic_decreasing)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.kam._inputs import DAY, as_of, check_customer, get_table
from course.validation import CourseInputError

__all__ = [
    "AGE_BUCKETS",
    "RISK_RULES",
    "invoices_as_of",
    "receivables",
    "ageing",
    "dso",
    "payment_behaviour",
    "payment_risk",
]

#: Overdue buckets of receivables (days past due).
AGE_BUCKETS: tuple[str, ...] = ("not yet due", "0-30", "31-60", "61-90", "90+")
#: Cooperation risk from the last year's payments: (share paid late at least, or days overdue more than) per level.
RISK_RULES: dict[str, tuple[float, int]] = {"high": (0.5, 60), "watch": (0.2, 30)}

_COLUMNS = ["invoice_id", "order_id", "customer_id", "invoice_date", "due_date", "amount", "paid_date"]


def invoices_as_of(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """The invoices known on the as-of date; a payment recorded after it is blanked (not paid yet).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> inv = invoices_as_of(load_b2b(), asof="2024-12-31")
    >>> bool((inv["invoice_date"] <= "2024-12-31").all() and (inv["paid_date"].dropna() <= "2024-12-31").all())
    True
    """
    day = as_of(db, asof)
    table = get_table(db, "invoices", _COLUMNS, purpose="payment collection")
    table = table.loc[~(table["invoice_date"] > day)]
    if customers is not None:
        table = table[table["customer_id"].isin(list(customers))]
    table = table.copy()
    table["paid_date"] = table["paid_date"].where(~(table["paid_date"] > day))
    return table.reset_index(drop=True)


def receivables(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Invoices not paid on the as-of date: amount, due date, days outstanding and past due, age bucket.

    Returns
    -------
    DataFrame
        One row per open invoice, most overdue first: ``invoice_id``,
        ``order_id``, ``customer_id``, ``invoice_date``, ``due_date``,
        ``amount``, ``days_outstanding``, ``days_past_due``, ``bucket`` (by
        days past due) and ``outstanding_bucket`` (by days outstanding).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> items = receivables(load_b2b(), asof="2025-12-31")
    >>> items["bucket"].cat.categories.tolist()
    ['not yet due', '0-30', '31-60', '61-90', '90+']
    """
    day = as_of(db, asof)
    table = invoices_as_of(db, day, customers)
    items = table[table["paid_date"].isna()].copy()
    items["days_outstanding"] = (day - items["invoice_date"]).dt.days
    items["days_past_due"] = (day - items["due_date"]).dt.days
    bins = [-np.inf, 0, 30, 60, 90, np.inf]
    items["bucket"] = pd.cut(items["days_past_due"], bins=bins, labels=list(AGE_BUCKETS))
    items["outstanding_bucket"] = pd.cut(items["days_outstanding"], bins=bins[1:], labels=AGE_BUCKETS[1:])
    columns = [c for c in _COLUMNS if c != "paid_date"]
    columns += ["days_outstanding", "days_past_due", "bucket", "outstanding_bucket"]
    return items[columns].sort_values("days_past_due", ascending=False, kind="stable").reset_index(drop=True)


def ageing(open_items: pd.DataFrame, by: str = "past_due") -> pd.DataFrame:
    """Receivables per age bucket (from :func:`receivables`): items, amount and share of the amount.

    ``by="past_due"`` (default) ages them by days past due, ``by="outstanding"`` by days since the invoice.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = ageing(receivables(load_b2b(), asof="2025-12-31"))
    >>> table.columns.tolist(), bool(abs(table["share"].sum() - 1) < 1e-9)
    (['items', 'amount', 'share'], True)
    """
    if by not in ("past_due", "outstanding"):
        raise CourseInputError(f"ageing: by must be 'past_due' or 'outstanding', got {by!r}.")
    column = "bucket" if by == "past_due" else "outstanding_bucket"
    if not {"amount", column} <= set(open_items.columns):
        raise CourseInputError(
            f"ageing: open_items needs the columns 'amount' and '{column}'; pass the table returned by "
            "course.kam.receivables(db, asof)."
        )
    grouped = open_items.groupby(column, observed=False)["amount"]
    table = pd.DataFrame({"items": grouped.size(), "amount": grouped.sum()})
    total = table["amount"].sum()
    table["share"] = table["amount"] / total if total else 0.0
    return table


def dso(db: object, asof: object = None, customers: Iterable[str] | None = None) -> float:
    """Days sales outstanding (DSO, 应收账款周转天数) on the invoices, the textbook period-end measure.

    DSO = receivables at ``asof`` / amount invoiced in the 365 days up to
    ``asof`` × 365, where the receivables are the invoices dated by ``asof``
    and not paid by then (:func:`receivables`), whatever their age. It says
    how many days of sales are waiting to be collected. NaN when nothing
    was invoiced in the year.

    Parameters
    ----------
    db : B2BDatabase
        Needs the ``invoices`` table.
    asof : date, optional
        The as-of date (default: the last day in the data).
    customers : iterable of str, optional
        Only these customers' invoices (e.g. one account, or the key accounts).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> db = load_b2b()
    >>> inv = db.invoices
    >>> open_amount = inv.loc[inv["paid_date"].isna() | (inv["paid_date"] > "2025-12-31"), "amount"].sum()
    >>> year = inv.loc[inv["invoice_date"] > pd.Timestamp("2025-12-31") - pd.Timedelta(days=365), "amount"].sum()
    >>> bool(np.isclose(dso(db, asof="2025-12-31"), open_amount / year * 365))
    True
    """
    day = as_of(db, asof)
    table = invoices_as_of(db, day, customers)
    outstanding = table.loc[table["paid_date"].isna(), "amount"].sum()
    invoiced = table.loc[table["invoice_date"] > day - 365 * DAY, "amount"].sum()
    return float(outstanding / invoiced * 365) if invoiced > 0 else float("nan")


def _due(db: object, day: pd.Timestamp, customers: Iterable[str] | None) -> pd.DataFrame:
    """The invoices due by ``day``, with ``late`` and ``days_late`` (to the payment, or to ``day`` if unpaid)."""
    table = invoices_as_of(db, day, customers)
    due = table[table["due_date"] <= day].copy()
    settled = due["paid_date"].fillna(day)
    due["late"] = settled > due["due_date"]
    due["days_late"] = (settled - due["due_date"]).dt.days.where(due["late"])
    due["open"] = due["paid_date"].isna()
    return due


def payment_behaviour(
    db: object, asof: object = None, customers: Iterable[str] | None = None, freq: str = "Y"
) -> pd.DataFrame:
    """How the customers paid, period by period of the due date: the history beside the ageing snapshot.

    Parameters
    ----------
    db : B2BDatabase
    asof : date, optional
    customers : iterable of str, optional
        Only these customers (one account for its payment record).
    freq : {"Y", "Q"}
        Calendar years or quarters of the due date.

    Returns
    -------
    DataFrame
        Indexed by period (``"2025"`` or ``"2025Q3"``): ``invoices`` due,
        ``amount``, ``paid_late`` (share of the invoices paid late, unpaid
        ones included), ``amount_late`` (share of the amount),
        ``median_days_late`` (of the late ones) and ``open_overdue`` (still
        unpaid on ``asof``).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = payment_behaviour(load_b2b(), asof="2025-12-31")
    >>> table.index[-1], bool(table["paid_late"].between(0, 1).all())
    ('2025', True)
    """
    if freq not in ("Y", "Q"):
        raise CourseInputError(f"payment_behaviour: freq must be 'Y' (years) or 'Q' (quarters), got {freq!r}.")
    day = as_of(db, asof)
    due = _due(db, day, customers)
    period = due["due_date"].dt.to_period(freq).astype(str).rename("period")
    grouped = due.groupby(period)
    table = pd.DataFrame(
        {
            "invoices": grouped.size(),
            "amount": grouped["amount"].sum(),
            "paid_late": grouped["late"].mean(),
            "amount_late": due["amount"].where(due["late"], 0.0).groupby(period).sum() / grouped["amount"].sum(),
            "median_days_late": grouped["days_late"].median(),
            "open_overdue": grouped["open"].sum().astype("int64"),
        }
    )
    return table


def payment_risk(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Each customer's payment record over the last 365 days and its cooperation risk (合作风险).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with an invoice due in the
        year or an older one still unpaid): ``invoices_due_12m``, ``paid_late_12m`` (share), ``median_days_late_12m``,
        ``overdue_amount`` (unpaid past due on ``asof``, any age),
        ``max_days_overdue`` and ``risk`` (high / watch / low, the module's
        definition and :data:`RISK_RULES`).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> risk = payment_risk(load_b2b(), asof="2025-12-31")
    >>> sorted(risk["risk"].unique())
    ['high', 'low', 'watch']
    """
    day = as_of(db, asof)
    due = _due(db, day, customers)
    year = due[due["due_date"] > day - 365 * DAY]
    grouped = year.groupby("customer_id")
    overdue = due[due["open"]]
    # customers with an invoice due in the year, and those with older invoices still unpaid
    ids = pd.Index(year["customer_id"].unique()).union(pd.Index(overdue["customer_id"].unique()))
    table = pd.DataFrame(
        {
            "invoices_due_12m": grouped.size().reindex(ids, fill_value=0).astype("int64"),
            "paid_late_12m": grouped["late"].mean().reindex(ids),
            "median_days_late_12m": grouped["days_late"].median().reindex(ids),
        }
    )
    table["overdue_amount"] = overdue.groupby("customer_id")["amount"].sum().reindex(table.index, fill_value=0.0)
    table["max_days_overdue"] = overdue.groupby("customer_id")["days_late"].max().reindex(table.index).fillna(0)
    table["max_days_overdue"] = table["max_days_overdue"].astype("int64")
    risk = pd.Series("low", index=table.index)
    for level in ("watch", "high"):  # the higher level overrides
        share, days = RISK_RULES[level]
        risk[(table["paid_late_12m"].fillna(0) >= share) | (table["max_days_overdue"] > days)] = level
    table["risk"] = risk
    table.index.name = "customer_id"
    return table


def payment_record(db: object, customer_id: str, asof: object = None) -> tuple[pd.DataFrame, pd.Series | None]:
    """One customer's payment history per year and its risk row (None without an invoice due in the year)."""
    key = check_customer(db, customer_id)
    day = as_of(db, asof)
    history = payment_behaviour(db, day, customers=[key], freq="Y")
    risk = payment_risk(db, day, customers=[key])
    return history, (risk.loc[key] if key in risk.index else None)
