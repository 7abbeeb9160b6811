"""How customers move between lifecycle states from one as-of date to another."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from course.glossary import localise
from course.lifecycle._rules import NOT_YET, STATES, check_rule
from course.lifecycle._states import states_from_orders
from course.validation import CourseInputError, parse_date_parameter

__all__ = ["state_transitions"]


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
    lang: str = "en",
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
    lang : "en" or "zh", default "en"
        Language of the labels: with "zh" the state names
        are the glossary's Chinese names (:func:`course.glossary.localise`).

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
    start, end = (parse_date_parameter(d, name="dates") for d in dates)
    if not start < end:
        raise CourseInputError(f"dates={list(dates)!r}: the first date must be before the second.")
    check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
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
    after = states_from_orders(orders, end, **params)["state"]
    before = states_from_orders(orders, start, **params)["state"]
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
    return localise(table, lang)
