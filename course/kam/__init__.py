"""Key-account management the Huawei way (关系营销与大客户规划): source 001's method as analysis.

Source 001 turns customer insight (客户洞察) into selection and
classification, plans the relationship with each key account on three
layers, runs an account plan, monitors contact and satisfaction, takes every
customer from lead to payment collection (LTC, 从线索到回款; source 001 writes
it for ordinary customers) and keeps a customer archive. Each step is a small
module here, with data behind it (the charts of these analyses are in
:mod:`course.plots`: ``relationship_grid_chart``, ``org_map_chart``,
``portfolio_chart``, ``wallet_chart``, ``funnel_chart``; the customer archive
(客户档案) that puts them on one page is :func:`course.pages.customer_archive`):

- ``_selection`` -- big / high-potential / ordinary customers (大客户 / 潜力客户 /
  普通客户), :func:`account_table`, the nine-cell :func:`portfolio` of the
  current customers (attractiveness × our strength, fixed :data:`CUTS`) with a
  recommended investment per account -- a short list to invest in, never a
  loss-making account (:data:`FIX_FIRST`) -- and :func:`weight_sensitivity`;
- ``_relationships`` -- the three layers (关键 / 普遍 / 组织客户关系):
  :func:`relationship_map` of one account, :func:`relationship_gaps` of
  every account;
- ``_health`` -- :func:`relationship_health` (0-100) and
  :func:`health_evidence` / :func:`evidence_by_band`: does it predict next
  year's churn and growth? :func:`health_baselines`: better than the order book?
- ``_plans`` -- the account plan: :func:`action_status` (done / due),
  :func:`plan_status` (plan vs actual, off plan and why),
  :func:`action_calendar` (months × iron-triangle owner);
- ``_cadence`` -- development and monitoring: :func:`contact_cadence` against
  the tier playbook (:data:`CADENCE`) and :func:`contact_alerts`;
- ``_satisfaction`` -- 客户满意度综合管控: :func:`satisfaction_trend` (CSAT, NPS),
  :func:`voice_of_customer` (客户声音), :func:`ticket_resolution` and
  :func:`recovery_after_tickets` (fast vs slow fixes);
- ``_ltc`` -- lead to cash (LTC, 从线索到回款) for every customer:
  :func:`ltc_funnel`, :func:`cycle_times`, :func:`stalled_deals`,
  :func:`penetration` (with the first project's follow-on), and each key
  account's :func:`account_pipeline` against its plan's sales target
  (:func:`win_rate`, :data:`STAGE_OWNERS`);
- ``_payments`` -- payment collection (回款) on the invoices:
  :func:`receivables`, :func:`ageing`, :func:`dso`,
  :func:`payment_behaviour` (paid late, period by period) and
  :func:`payment_risk` (each customer's cooperation risk);
- ``_wallet`` -- white space and :func:`share_of_wallet` per account and
  product line, :func:`peer_benchmark`, :func:`growth_potential` and
  :func:`white_space_by_class` (big vs high-potential customers);
- ``_inputs`` -- the checks every function starts with (tables, columns,
  customer ids, the as-of date).

Every function takes the database (:func:`course.data.load_b2b`) and an
as-of date, never changes its input, and raises
:class:`course.validation.CourseInputError` with the table, column or id at
fault and the fix.

Examples
--------
>>> from course.data import load_b2b
>>> from course.kam import account_table, customer_classes
>>> classes = customer_classes(account_table(load_b2b(), asof="2025-12-31"))
>>> classes["class_zh"].value_counts().to_dict()
{'普通客户': 1893, '大客户': 64, '潜力客户': 43}
"""

from course.kam._cadence import CADENCE, contact_alerts, contact_cadence
from course.kam._health import (
    HEALTH_WEIGHTS,
    evidence_by_band,
    health_baselines,
    health_evidence,
    relationship_health,
)
from course.kam._ltc import (
    DECIDED_DAYS,
    STAGE_OWNERS,
    STAGES,
    STALL_DAYS,
    account_pipeline,
    cycle_times,
    deals,
    ltc_funnel,
    penetration,
    stalled_deals,
    win_rate,
)
from course.kam._payments import (
    AGE_BUCKETS,
    RISK_RULES,
    ageing,
    dso,
    invoices_as_of,
    payment_behaviour,
    payment_risk,
    receivables,
)
from course.kam._plans import action_calendar, action_status, plan_status
from course.kam._relationships import (
    DEPARTMENTS,
    GAP_LABELS,
    SUPPORT,
    contact_activity,
    gap_list,
    key_decision_makers,
    relationship_gaps,
    relationship_map,
)
from course.kam._satisfaction import (
    nps,
    recovery_after_tickets,
    satisfaction_trend,
    ticket_resolution,
    voice_of_customer,
)
from course.kam._selection import (
    ATTRACTIVENESS,
    CLASSES,
    CUTS,
    FIX_FIRST,
    INVESTMENT,
    LEVELS,
    STRENGTH,
    account_table,
    customer_classes,
    portfolio,
    wallet_year,
    weight_sensitivity,
)
from course.kam._wallet import growth_potential, peer_benchmark, share_of_wallet, white_space_by_class

__all__ = [
    "CLASSES",
    "ATTRACTIVENESS",
    "STRENGTH",
    "LEVELS",
    "CUTS",
    "INVESTMENT",
    "FIX_FIRST",
    "wallet_year",
    "account_table",
    "customer_classes",
    "portfolio",
    "weight_sensitivity",
    "DEPARTMENTS",
    "SUPPORT",
    "GAP_LABELS",
    "key_decision_makers",
    "contact_activity",
    "relationship_map",
    "relationship_gaps",
    "gap_list",
    "HEALTH_WEIGHTS",
    "relationship_health",
    "health_evidence",
    "evidence_by_band",
    "health_baselines",
    "action_status",
    "plan_status",
    "action_calendar",
    "CADENCE",
    "contact_cadence",
    "contact_alerts",
    "nps",
    "satisfaction_trend",
    "voice_of_customer",
    "ticket_resolution",
    "recovery_after_tickets",
    "STAGES",
    "STALL_DAYS",
    "AGE_BUCKETS",
    "deals",
    "ltc_funnel",
    "cycle_times",
    "stalled_deals",
    "penetration",
    "STAGE_OWNERS",
    "DECIDED_DAYS",
    "win_rate",
    "account_pipeline",
    "RISK_RULES",
    "invoices_as_of",
    "receivables",
    "ageing",
    "dso",
    "payment_behaviour",
    "payment_risk",
    "share_of_wallet",
    "peer_benchmark",
    "growth_potential",
    "white_space_by_class",
]
