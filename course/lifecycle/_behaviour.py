"""Source 003's behaviour-based classes from purchase, interaction *and* referral behaviour.

The recency rules of :func:`course.lifecycle.lifecycle_states` read purchases
only. Source 003 describes an **active** customer (活跃客户) as one who buys
often, interacts with us (互动行为) and is glad to recommend us (推荐行为); a
**dormant** one (沉睡客户) buys rarely and seldom talks to us; a **churned**
one (流失客户) has stopped buying. :func:`behaviour_classes` writes that down
for a table of the last twelve months per customer
(:func:`course.churn.churn_features` holds every column it reads). First
match:

- ``potential`` -- never bought (recency empty);
- ``churned`` -- no purchase for more than ``churn_days`` days;
- ``active`` -- bought in the last ``active_days`` days **and** at least
  ``min_orders`` orders in the last twelve months **and** at least
  ``min_interactions`` interactions (default: the median of the customers
  not churned) **and** does not discourage others: a mean NPS of at least
  ``min_nps`` (a customer without a survey is not held against);
- ``dormant`` -- every other buyer: rare purchases, little contact, or
  unwilling to recommend us.

Examples
--------
>>> import numpy as np, pandas as pd
>>> last_year = pd.DataFrame({"recency_days": [10, 20, 30, 200, 400, np.nan], "orders_12m": [6, 5, 1, 2, 0, 0],
...                           "interactions_12m": [12, 9, 8, 1, 0, 0], "nps_12m": [9, 3, np.nan, 8, 7, np.nan]},
...                          index=list("ABCDEF"))
>>> behaviour_classes(last_year, min_interactions=5)["state"].tolist()
['active', 'dormant', 'dormant', 'dormant', 'churned', 'potential']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.lifecycle._rules import STATES
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
    require_frame,
    require_not_empty,
    require_number,
)

__all__ = ["behaviour_classes"]

_TABLE = "features"


def behaviour_classes(
    features: pd.DataFrame,
    *,
    recency: str = "recency_days",
    orders: str = "orders_12m",
    interactions: str = "interactions_12m",
    nps: str = "nps_12m",
    active_days: float = 180,
    churn_days: float = 365,
    min_orders: float = 2,
    min_interactions: float | None = None,
    min_nps: float = 7,
) -> pd.DataFrame:
    """Classify customers as potential, active, dormant or churned by purchase, interaction and referral.

    Parameters
    ----------
    features : DataFrame
        One row per customer: days since the last purchase (empty for a
        prospect), orders, interactions and mean NPS of the last twelve months
        (NPS may be empty: no survey). Not modified.
    recency, orders, interactions, nps : str
        Column names.
    active_days, churn_days : float, default 180 and 365
        As in the fixed recency rule.
    min_orders : float, default 2
        "Buys often": at least this many orders in the twelve months.
    min_interactions : float, optional
        "Interacts": at least this many interactions; default the median of
        the customers who are not churned.
    min_nps : float, default 7
        "Recommends us": mean NPS at least this (7-8 passive, 9-10 promoter,
        0-6 detractor).

    Returns
    -------
    DataFrame
        A copy of ``features`` with the bool columns ``bought_recently``,
        ``buys_often``, ``interacts``, ``recommends`` and ``state`` (a
        categorical :data:`course.lifecycle.STATES`).

    Raises
    ------
    CourseInputError
        A column is missing or not numeric, orders or interactions are empty
        for a buyer, or a threshold is negative (or ``active_days`` is not
        below ``churn_days``).
    """
    require_not_empty(require_frame(features, table=_TABLE), table=_TABLE)
    require_columns(features, [recency, orders, interactions, nps], table=_TABLE)
    active_days = require_number(active_days, name="active_days", minimum=0)
    if not 0 < active_days < require_number(churn_days, name="churn_days", minimum=0):
        raise CourseInputError(
            f"need 0 < active_days < churn_days (e.g. 180 and 365), got {active_days}, {churn_days}."
        )
    r = parse_numbers(features, recency, table=_TABLE, allow_missing=True).to_numpy()
    buyer = ~np.isnan(r)
    counts = {}
    for column in (orders, interactions):
        values = parse_numbers(features, column, table=_TABLE, allow_missing=True).to_numpy()
        if np.isnan(values[buyer]).any():
            raise CourseInputError(
                f"table '{_TABLE}', column '{column}' is empty for {int(np.isnan(values[buyer]).sum())} buyer(s); "
                "count 0 where there was nothing (e.g. .fillna(0))."
            )
        counts[column] = np.nan_to_num(values)
    score = parse_numbers(features, nps, table=_TABLE, allow_missing=True).to_numpy()
    with np.errstate(invalid="ignore"):
        churned = buyer & (r > churn_days)
        recent = buyer & (r <= active_days)
    if min_interactions is None:
        alive = buyer & ~churned
        min_interactions = float(np.median(counts[interactions][alive])) if alive.any() else 0.0
    often = counts[orders] >= require_number(min_orders, name="min_orders", minimum=0)
    interacts = counts[interactions] >= require_number(min_interactions, name="min_interactions", minimum=0)
    recommends = np.isnan(score) | (score >= require_number(min_nps, name="min_nps", minimum=0))
    state = np.select(
        [~buyer, churned, recent & often & interacts & recommends], ["potential", "churned", "active"], "dormant"
    )
    result = features.copy()
    for name, flag in [("bought_recently", recent), ("buys_often", often), ("interacts", interacts)]:
        result[name] = flag & buyer
    result["recommends"] = recommends & buyer
    result["state"] = pd.Categorical(state, categories=list(STATES))
    return result
