"""Time to churn and the Kaplan-Meier survival curve (生存曲线), computed with pandas."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from course.lifecycle._summary import buyer_summary, known_purchases
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
)

__all__ = ["time_to_churn", "kaplan_meier", "survival_at"]


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
    bought = known_purchases(
        orders, asof, customer=customer, date=date, status=status, warn=True, caller="time_to_churn"
    )
    asof_ts = bought.asof
    table = buyer_summary(bought)[["first_purchase", "last_purchase", "recency_days"]]
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
            f"table 'frame', column '{duration}': {int(negative.sum()):,} durations are negative. "
            "Durations must be ≥ 0."
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
