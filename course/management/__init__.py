"""From analysis to a management plan (综合案例): the capstone's toolkit.

Lesson 09 brings lessons 01-08 together. This package holds the steps that
are the capstone's own, one module each:

- ``_view`` -- :func:`customer_360`, the 360° view (客户360度视图): one row per
  customer with its tier, RFM class and segment, ABC class, cluster,
  lifecycle state, churn risk, CLV, class (大客户 / 潜力客户 / 普通客户), share of
  wallet and relationship health (:data:`VIEW_COLUMNS` lists them by lesson),
  and :func:`tier_view`, the part of it the final management tier reads;
- ``_recent`` -- :func:`recent_profit`, margin, cost to serve and profit of
  the 12 months up to the decision day (what a plan is decided on);
- ``_decisions`` -- :func:`current_customers` (bought within 365 days: the
  only customers a plan is made for), :func:`management_tiers` (the final
  management tier and its playbook, sources 000 and 002; lost accounts get
  none), :func:`decision_20_60_20` (keep / retain / let go with the recent
  profit and cost-to-serve figures, source 004), :func:`let_go_accounts` and
  :func:`let_go_review`, :func:`hours_by_tier` (account-manager time by tier
  and by profit) and :func:`win_back_list` (the lost accounts, most valuable
  first);

The one-page management report (管理报告) built on them is a page of
:mod:`course.pages` (:func:`course.pages.management_report`,
``python -m course report``).

Examples
--------
>>> from course.data import load_b2b
>>> from course.management import customer_360, management_tiers
>>> tiers = management_tiers(customer_360(load_b2b(), asof="2025-12-31"))
>>> tiers["final_tier"].value_counts().sort_index(ascending=False).to_dict()
{'strategic': 85, 'important': 265, 'general': 915, 'prospect': 241, 'lost': 494}
"""

from course.management._decisions import (
    DECISIONS,
    FINAL_TIER_DTYPE,
    current_customers,
    decision_20_60_20,
    hours_by_tier,
    let_go_accounts,
    let_go_review,
    management_tiers,
    win_back_list,
)
from course.management._recent import recent_profit
from course.management._view import VIEW_COLUMNS, customer_360, tier_view

__all__ = [
    "VIEW_COLUMNS",
    "customer_360",
    "tier_view",
    "recent_profit",
    "DECISIONS",
    "FINAL_TIER_DTYPE",
    "current_customers",
    "management_tiers",
    "decision_20_60_20",
    "let_go_accounts",
    "let_go_review",
    "win_back_list",
    "hours_by_tier",
]
