"""Lifecycle states on DuckDB, as :func:`course.lifecycle.lifecycle_states` gives them from order lines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.lifecycle._rules import STATES
from course.lifecycle._states import _universe
from course.lifecycle._summary import as_dates
from course.sql._lines import day_text, read_lines
from course.sql._queries import lifecycle_params, render
from course.validation import after_asof, require_known_keys, warn_after_asof

__all__ = ["lifecycle_states"]


def lifecycle_states(
    orders: object,
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
    acquired: str | None = "acquired_date",
) -> pd.DataFrame:
    """:func:`course.lifecycle.lifecycle_states` from order lines, on DuckDB (a frame, a CSV or Parquet source).

    The customer master ``customers`` (small) is a pandas DataFrame, as in the pandas function; a
    customer table with a ``last_purchase`` column is the pandas function's job.

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...     "order_date": pd.to_datetime(["2024-01-10", "2024-11-20", "2024-03-01", "2023-06-30"]),
    ...     "status": ["completed", "completed", "completed", "completed"]})
    >>> sql.lifecycle_states(orders, "2024-12-31", customers=pd.DataFrame({"customer_id": ["A", "B", "C", "D"]}))[
    ...     "state"].tolist()
    ['active', 'dormant', 'churned', 'potential']
    """
    from course.lifecycle._rules import check_rule

    check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
    lines = read_lines(
        orders, table="orders", customer=customer, date=date, amount=None, order=None, status=status, asof=asof
    )
    try:
        if lines.checks.n_after:
            late = after_asof(lines.checks.n_after, day_text(lines.asof_day), "purchase rows")
            warn_after_asof(f"lifecycle_states: ignored {late}.")
        params = lifecycle_params(rule, active_days, churn_days, active_multiple, churn_multiple, lines.asof_day)
        found = lines.run(
            [("states", render("lifecycle_states", **params))], "SELECT * FROM states ORDER BY customer_id"
        )
        if customers is not None:
            ids, known = _universe(customers, customer=customer, acquired=acquired, asof=lines.asof)
            _check_known(lines, ids, customer)
    finally:
        lines.close()
    table = pd.DataFrame(
        {
            "first_purchase": as_dates(found["first_day"].to_numpy().astype("int64")),
            "last_purchase": as_dates(found["last_day"].to_numpy().astype("int64")),
            "n_purchase_days": found["n_purchase_days"].to_numpy().astype("int64"),
            "recency_days": found["recency_days"].to_numpy().astype("float64"),
            "median_gap_days": found["median_gap_days"].to_numpy().astype("float64"),
        },
        index=pd.Index(found["customer_id"], name=customer),
    )
    state = found["state"].to_numpy()
    if customers is not None:
        keep = known.to_numpy() | ids.isin(table.index)
        position = table.index.get_indexer(ids[keep])
        table = table.reindex(ids[keep])
        state = np.where(position >= 0, state[np.maximum(position, 0)], "potential")
    table.index.name = customer
    table["state"] = pd.Categorical(state, categories=list(STATES))
    table["n_purchase_days"] = table["n_purchase_days"].fillna(0).astype("int64")
    return table


def _check_known(lines, ids: pd.Index, customer: str) -> None:
    """Every customer of the orders must be in the customer master (as in the pandas function)."""
    con = lines.con
    con.register("_master", pd.DataFrame({"customer_id": ids}))
    unknown = con.execute(
        'SELECT count(*) FROM source WHERE "'
        + customer.replace('"', '""')
        + '" NOT IN (SELECT customer_id FROM _master)'
    ).fetchone()[0]
    if not unknown:
        return
    if lines.source.frame is not None:
        require_known_keys(lines.source.frame, customer, ids, table="orders", parent_table="customers")
    from course.validation import CourseInputError

    raise CourseInputError(
        f"table '{lines.source.table}', column '{customer}': {unknown:,} rows refer to ids missing from 'customers'. "
        "Add those ids to 'customers' or remove the rows."
    )
