"""The four lifecycle states and the two rules that assign them (fixed days, purchase rhythm)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.glossary import zh
from course.validation import CourseInputError

__all__ = ["STATES", "STATE_NAMES_ZH", "NOT_YET", "check_rule", "classify"]

#: The lifecycle states, in lifecycle order.
STATES = ("potential", "active", "dormant", "churned")
#: Chinese names of the states (from :mod:`course.glossary`).
STATE_NAMES_ZH = {state: zh(state) for state in STATES}
#: Row label of :func:`course.lifecycle.state_transitions` for customers not yet known at the first date.
NOT_YET = "not yet acquired"


def check_rule(rule: str, active_days: float, churn_days: float, active_multiple: float, churn_multiple: float) -> None:
    if rule not in ("fixed", "rhythm"):
        raise CourseInputError(
            f"rule={rule!r} is not known; use rule='fixed' (days) or rule='rhythm' (multiples of the purchase gap)."
        )
    if not (0 < active_days < churn_days):
        raise CourseInputError(
            f"active_days={active_days!r} and churn_days={churn_days!r}: "
            "need 0 < active_days < churn_days (e.g. 180 and 365)."
        )
    if not (0 < active_multiple < churn_multiple):
        raise CourseInputError(
            f"active_multiple={active_multiple!r} and churn_multiple={churn_multiple!r}: "
            "need 0 < active_multiple < churn_multiple (e.g. 2 and 4)."
        )


def classify(
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
    # Positions in STATES (0 potential, 1 active, 2 dormant, 3 churned): integers, not one string per customer.
    state = np.where(r <= active_days, 1, np.where(r <= churn_days, 2, 3)).astype("int8")
    if rule == "rhythm" and gap is not None:
        g = gap.to_numpy(dtype="float64")
        has_rhythm = ~np.isnan(g) & (g > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = r / np.where(has_rhythm, g, 1.0)
        by_rhythm = np.where(ratio <= active_multiple, 1, np.where(ratio <= churn_multiple, 2, 3))
        state = np.where(has_rhythm, by_rhythm, state).astype("int8")
    state[np.isnan(r)] = 0
    return pd.Series(pd.Categorical.from_codes(state, categories=list(STATES)), index=recency.index, name="state")
