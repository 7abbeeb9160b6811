"""A relationship-health score per account, and the evidence that it predicts next year's churn and growth.

The score turns the three layers of relationships into one number from 0
(no relationship to speak of) to 100 (every layer in good shape). Its five
components, each between 0 and 1, come from :func:`relationship_gaps`:

- ``dm_support`` -- the key decision maker supports us (1), is neutral (0.5)
  or opposes us or is unknown (0);
- ``dm_recent`` -- how recently a decision maker was contacted:
  ``1 - days / 365``, 0 after a year or never;
- ``threads`` -- working relationships in the last year, ``threads / 3``
  capped at 1;
- ``breadth`` -- departments in touch in the last year, ``departments / 3``
  capped at 1;
- ``organisational`` -- an organisational contact in the last 365 days (1) or
  not (0).

``health = 100 * sum(w * component) / sum(w)`` with the weights
:data:`HEALTH_WEIGHTS` (a management choice, a parameter).

A score is only worth using if it predicts. :func:`health_evidence` computes
it as of a past date, for the accounts that bought in the year up to that
date, and adds what happened in the following year: lost (no purchase) and
revenue growth. :func:`evidence_by_band` groups the accounts by health band,
and :func:`health_baselines` asks the harder question: does the score rank
next year's losses better than what the order book alone says -- the days
since the last order, the orders of the year before?

Examples
--------
>>> from course.data import load_b2b
>>> health = relationship_health(load_b2b(), asof="2025-12-31")
>>> float(health["health"].between(0, 100).mean())
1.0
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from course.kam._inputs import DAY, as_of, get_table
from course.kam._relationships import relationship_gaps
from course.purchases import completed_orders
from course.validation import CourseInputError, require_columns

__all__ = ["HEALTH_WEIGHTS", "relationship_health", "health_evidence", "evidence_by_band", "health_baselines"]

#: Default weight of each component of the relationship-health score.
HEALTH_WEIGHTS: dict[str, float] = {
    "dm_support": 0.30,
    "dm_recent": 0.15,
    "threads": 0.25,
    "breadth": 0.10,
    "organisational": 0.20,
}

_DM_SUPPORT = {"supporter": 1.0, "neutral": 0.5, "opponent": 0.0}


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    chosen = dict(HEALTH_WEIGHTS if weights is None else weights)
    bad = [k for k in chosen if k not in HEALTH_WEIGHTS]
    invalid = [k for k, w in chosen.items() if not isinstance(w, (int, float)) or not np.isfinite(w) or w < 0]
    if bad or invalid or not chosen or sum(chosen.values()) <= 0:
        raise CourseInputError(
            f"weights must map some of {', '.join(HEALTH_WEIGHTS)} to numbers >= 0, not all 0; got {weights!r}."
        )
    return chosen


def relationship_health(db: object, asof: object = None, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The relationship-health score (0-100) of every account, with its five components.

    Parameters
    ----------
    db : B2BDatabase
    asof : date-like, optional
    weights : mapping, optional
        Weights of the components (default :data:`HEALTH_WEIGHTS`); a
        component left out gets weight 0.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: the columns of :func:`relationship_gaps`,
        the five components and ``health``.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> h = relationship_health(load_b2b(), asof="2025-12-31", weights={"dm_support": 1})
    >>> sorted(h["health"].unique().tolist())
    [0.0, 50.0, 100.0]
    """
    w = _weights(weights)
    gaps = relationship_gaps(db, asof)
    parts = pd.DataFrame(index=gaps.index)
    parts["dm_support"] = gaps["key_dm_attitude"].map(_DM_SUPPORT).fillna(0.0).astype("float64")
    parts["dm_recent"] = (1 - gaps["days_since_dm_contact"] / 365).clip(0, 1).fillna(0.0)
    parts["threads"] = (gaps["threads_12m"] / 3).clip(upper=1.0)
    parts["breadth"] = (gaps["departments_12m"] / 3).clip(upper=1.0)
    parts["organisational"] = (gaps["days_since_org_contact"] < 365).astype("float64")
    weight = pd.Series(w, dtype="float64").reindex(list(HEALTH_WEIGHTS), fill_value=0.0)
    health = 100 * parts[list(HEALTH_WEIGHTS)].mul(weight).sum(axis=1) / weight.sum()
    return pd.concat([gaps, parts, health.rename("health")], axis=1)


def health_evidence(db: object, at: object, horizon_days: int = 365) -> pd.DataFrame:
    """Health as of ``at`` and what happened next, for the accounts that bought in the 365 days up to ``at``.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``health`` (as of ``at``: no interaction,
        participant or organisational contact after ``at`` is used),
        ``revenue_before`` (the 365 days up to ``at``), ``orders_before``
        (distinct orders in those days), ``days_since_order`` (from the last
        completed order to ``at``), ``revenue_after`` (the ``horizon_days``
        after it), ``lost`` (no completed purchase after) and
        ``growth`` = log((revenue_after + 1000) / (revenue_before + 1000)).

    Notes
    -----
    The contacts table holds each person's attitude as recorded today; a
    strict test would use the attitude recorded at ``at``.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> ev = health_evidence(load_b2b(), at="2024-12-31")
    >>> bool(ev.loc[ev["lost"], "health"].mean() < ev.loc[~ev["lost"], "health"].mean())
    True
    """
    day = as_of(db, at)
    orders = completed_orders(
        get_table(db, "orders", ["order_id", "customer_id", "order_date", "revenue", "status"], purpose="growth")
    )
    before = orders[(orders["order_date"] > day - 365 * DAY) & ~(orders["order_date"] > day)]
    after = orders[(orders["order_date"] > day) & ~(orders["order_date"] > day + horizon_days * DAY)]
    base = pd.Index(before["customer_id"].unique(), name="customer_id").sort_values()
    if base.empty:
        raise CourseInputError(f"no account bought in the 365 days up to {day.date()}: choose a later date `at`.")
    health = relationship_health(db, day)["health"].reindex(base)
    table = pd.DataFrame(
        {
            "health": health,
            "revenue_before": before.groupby("customer_id")["revenue"].sum().reindex(base),
            "orders_before": before.groupby("customer_id")["order_id"].nunique().reindex(base),
            "days_since_order": (day - before.groupby("customer_id")["order_date"].max().reindex(base)).dt.days,
            "revenue_after": after.groupby("customer_id")["revenue"].sum().reindex(base, fill_value=0.0),
        }
    )
    table["lost"] = table["revenue_after"] == 0
    table["growth"] = np.log((table["revenue_after"] + 1000) / (table["revenue_before"] + 1000))
    return table


def evidence_by_band(evidence: pd.DataFrame, bands: int = 5) -> pd.DataFrame:
    """Accounts by health band (quantiles of ``health``, lowest first): accounts, health, lost share, median growth.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = evidence_by_band(health_evidence(load_b2b(), at="2024-12-31"))
    >>> bool(table["lost_share"].iloc[0] > table["lost_share"].iloc[-1])
    True
    """
    ranks = evidence["health"].rank(method="first")
    band = pd.qcut(ranks, bands, labels=[f"{i + 1} of {bands}" for i in range(bands)])
    grouped = evidence.groupby(band, observed=True)
    return pd.DataFrame(
        {
            "accounts": grouped.size(),
            "mean_health": grouped["health"].mean(),
            "lost_share": grouped["lost"].mean(),
            "median_growth": grouped["growth"].median(),
        }
    ).rename_axis("health_band")


#: The predictors :func:`health_baselines` compares, and the direction in which each points to a loss.
_BASELINES = {
    "relationship health": ("health", -1),
    "days since the last order": ("days_since_order", 1),
    "orders in the year before": ("orders_before", -1),
    "revenue in the year before": ("revenue_before", -1),
}


def _auc(score: pd.Series, lost: pd.Series) -> float:
    """Probability that a lost account scores higher than a kept one (ties count half): the ROC AUC."""
    ranks = score.rank(method="average")
    n_lost, n_kept = int(lost.sum()), int((~lost).sum())
    if n_lost == 0 or n_kept == 0:
        return float("nan")
    return float((ranks[lost].sum() - n_lost * (n_lost + 1) / 2) / (n_lost * n_kept))


def health_baselines(evidence: pd.DataFrame) -> pd.DataFrame:
    """How well the health score and two order-book baselines rank next year's losses (AUC; 0.5 = chance).

    A score earns its place only if it adds to what the order book already
    says. For each predictor of :func:`health_evidence` the table gives the
    ROC AUC -- the probability that an account lost next year looks more at
    risk than one kept -- and the lost share of the riskiest fifth.

    Returns
    -------
    DataFrame
        Indexed by predictor (relationship health, days since the last
        order, orders in the year before, revenue in the year before):
        ``auc`` and ``lost_in_riskiest_fifth``.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = health_baselines(health_evidence(load_b2b(), at="2024-12-31"))
    >>> bool(table.loc["relationship health", "auc"] > 0.5)
    True
    """
    require_columns(evidence, ["lost", *(column for column, _ in _BASELINES.values())], table="evidence")
    lost = evidence["lost"].astype(bool)
    rows = {}
    for name, (column, sign) in _BASELINES.items():
        risk = sign * evidence[column].astype("float64")
        riskiest = risk.rank(method="first", ascending=False) <= len(risk) / 5
        rows[name] = {"auc": _auc(risk, lost), "lost_in_riskiest_fifth": float(lost[riskiest].mean())}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("predictor")
