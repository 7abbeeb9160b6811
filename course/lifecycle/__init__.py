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

The package also holds cohort retention (留存), time to churn and a
Kaplan-Meier survival curve built with pandas, and churn rates by group:

- :mod:`course.lifecycle._rules` -- the states and the two rules;
- :mod:`course.lifecycle._summary` -- per-buyer purchase facts
  (:func:`purchase_summary`);
- :mod:`course.lifecycle._states` -- :func:`lifecycle_states`;
- :mod:`course.lifecycle._transitions` -- :func:`state_transitions`;
- :mod:`course.lifecycle._cohorts` -- :func:`cohort_retention`;
- :mod:`course.lifecycle._churn_rates` -- :func:`churn_rate_by`;
- :mod:`course.lifecycle._survival` -- :func:`time_to_churn`,
  :func:`kaplan_meier`, :func:`survival_at`;
- :mod:`course.lifecycle._behaviour` -- :func:`behaviour_classes`, source
  003's classes from purchase, interaction and referral behaviour.

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
  and :func:`course.customers.customer_table`.
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
>>> states = lifecycle_states(orders, "2024-12-31", customers=customers)
>>> states[["recency_days", "state"]]  # doctest: +NORMALIZE_WHITESPACE
             recency_days      state
customer_id
A                    41.0     active
B                   305.0    dormant
C                   550.0    churned
D                     NaN  potential
"""

from course.lifecycle._behaviour import behaviour_classes
from course.lifecycle._churn_rates import churn_rate_by
from course.lifecycle._cohorts import cohort_retention
from course.lifecycle._rules import NOT_YET, STATE_NAMES_ZH, STATES
from course.lifecycle._states import lifecycle_states
from course.lifecycle._summary import purchase_summary
from course.lifecycle._survival import kaplan_meier, survival_at, time_to_churn
from course.lifecycle._transitions import state_transitions

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
    "behaviour_classes",
]
