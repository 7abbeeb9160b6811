"""The key-account tables: our account team (铁三角), who of ours took part in each interaction,
organisational relationships, account plans and their actions, and each account's wallet.

They are what key-account planning (lesson 08) needs beyond the eight core tables. They are *optional*
in a database folder: an export of the eight core tables still loads, with these tables empty.
"""

from __future__ import annotations

from course.data.b2b_schema._columns import customer_fk, id_column, money_column
from course.data.b2b_schema._specs import ColumnSpec, TableSpec
from course.data.b2b_schema._vocabulary import ORG_RELATION_KINDS, PLAN_ACTION_KINDS, PRODUCT_LINES, TEAM_ROLES

__all__ = ["TABLES"]


def _role(meaning: str, name_zh: str = "铁三角角色") -> ColumnSpec:
    return ColumnSpec("role", "category", meaning, name_zh, "AR", categories=TEAM_ROLES)


def _staff(meaning: str) -> ColumnSpec:
    return id_column("staff_id", meaning, "员工编号", "SR03")


TABLES = (
    TableSpec(
        "account_team",
        "Account team (iron triangle)",
        "客户团队 / 铁三角",
        "One row per customer and role of our iron triangle (铁三角): AR, the account responsible (客户经理, the "
        "customer's account manager); SR, the solution responsible (解决方案经理); FR, the fulfilment responsible "
        "(交付经理); and IS, the account's owner in the shared inside-sales and customer-service pool (内部销售). "
        "Every account has an AR (its account manager, the owner of record) and an IS; only key accounts -- those "
        "the key-account team plans for (account_plans) -- have a full iron triangle, the SR and FR from 1 January "
        "of their first plan year.",
        ("customer_id", "role"),
        (
            customer_fk(),
            _role(
                "AR (account responsible), SR (solution responsible), FR (fulfilment responsible) or IS (owner in "
                "the inside-sales pool)."
            ),
            _staff("Our person in the role: AM01-AM30 (account managers), SR01-SR08, FR01-FR06, IS01-IS10."),
            ColumnSpec("since", "date", "Date the person took on the account.", "负责起始日期", "2021-04-02"),
        ),
        event_date="since",
        optional=True,
    ),
    TableSpec(
        "participants",
        "Interaction participants",
        "接触参与人",
        "One row per person of ours who took part in an interaction, with their iron-triangle role: coverage of "
        "the customer's people can be read by role. Every interaction has at least one participant; the SR and FR "
        "take part only at key accounts, once their iron triangle has formed (elsewhere the IS takes their calls "
        "and e-mails).",
        ("interaction_id", "role"),
        (
            id_column("interaction_id", "The interaction.", "接触记录编号", "I0000123", references="interactions"),
            _role("The participant's role on the account: AR, SR, FR or IS."),
            _staff("Our person who took part (the account team member in that role)."),
        ),
        event_date=None,
        optional=True,
    ),
    TableSpec(
        "org_relations",
        "Organisational relationships",
        "组织客户关系",
        "One row per company-to-company contact at executive level: executive visits, top-to-top meetings, "
        "joint events and framework agreements, with the customer's executive and ours.",
        ("relation_id",),
        (
            id_column("relation_id", "Unique id of the organisational contact.", "组织关系记录编号", "R00123"),
            customer_fk(),
            ColumnSpec("date", "date", "Date of the contact or of the signature.", "日期", "2024-05-16"),
            ColumnSpec(
                "kind",
                "category",
                "executive visit (高层拜访), top-to-top meeting (高层会晤), joint event (联合活动) or framework "
                "agreement signed (框架协议).",
                "类型",
                "executive visit",
                categories=ORG_RELATION_KINDS,
            ),
            id_column(
                "contact_id",
                "The customer's executive involved (one of its decision makers).",
                "客户方高层 (联系人编号)",
                "P00077",
                references="contacts",
            ),
            ColumnSpec("our_executive", "text", "Our executive who took part, EX01 (CEO) to EX06.", "我方高管", "EX02"),
        ),
        event_date="date",
        optional=True,
    ),
    TableSpec(
        "account_plans",
        "Account plans",
        "大客户规划",
        "One row per key account and year: the plan agreed at the start of the year with its sales target and "
        "service targets (明确目标: 销售目标与服务目标). The key accounts of a year are the top 5 % of the previous "
        "year's buyers by that year's revenue. Plan vs actual follows from orders, surveys and tickets.",
        ("plan_id",),
        (
            id_column("plan_id", "Unique id of the plan.", "规划编号", "K00012"),
            customer_fk(),
            ColumnSpec("year", "int", "The calendar year the plan covers.", "规划年度", "2025", unit="year"),
            ColumnSpec("agreed_date", "date", "Date the plan was agreed.", "制定日期", "2025-01-17"),
            money_column(
                "sales_target",
                "Revenue target for the year (completed order lines of the year).",
                "销售目标",
                "1250000.00",
            ),
            ColumnSpec(
                "csat_target",
                "number",
                "Service target: the mean CSAT of the year's surveys is at least this.",
                "满意度目标",
                "4.20",
                unit="score 1-5",
            ),
            ColumnSpec(
                "resolution_days_target",
                "int",
                "Service target: the median number of days to close the tickets opened in the year is at most this.",
                "问题解决时长目标",
                "5",
                unit="days",
                minimum=1,
            ),
        ),
        event_date="agreed_date",
        optional=True,
    ),
    TableSpec(
        "plan_actions",
        "Planned actions",
        "行动计划",
        "One row per action of an account plan: the month, the kind, the iron-triangle role that owns it and the "
        "customer's contact it targets. An action is done when an interaction of that kind with that contact, "
        "with someone of the owner's role taking part, took place in that month (organisational kinds: an "
        "organisational relationship of that kind with that contact in that month).",
        ("action_id",),
        (
            id_column("action_id", "Unique id of the planned action.", "行动编号", "A000123"),
            id_column("plan_id", "The plan the action belongs to.", "规划编号", "K00012", references="account_plans"),
            customer_fk(),
            ColumnSpec("month", "date", "First day of the month the action is planned for.", "计划月份", "2025-03-01"),
            ColumnSpec(
                "kind",
                "category",
                "visit, call, event, executive visit or top-to-top meeting.",
                "行动类型",
                "visit",
                categories=PLAN_ACTION_KINDS,
            ),
            ColumnSpec(
                "owner_role",
                "category",
                "The iron-triangle role that owns the action (the AR for organisational actions).",
                "负责角色",
                "SR",
                categories=TEAM_ROLES,
            ),
            id_column(
                "contact_id",
                "The customer's contact the action targets.",
                "目标联系人",
                "P00077",
                references="contacts",
            ),
        ),
        event_date=None,
        optional=True,
    ),
    TableSpec(
        "wallet",
        "Wallet estimates",
        "客户钱包 / 采购总额",
        "One row per customer, year and product line: the customer's estimated spend on the product line in the "
        "year across all its suppliers, us included (from the account team's research). Share of wallet = our "
        "revenue / wallet; white space = wallet - our revenue.",
        ("customer_id", "year", "product_line"),
        (
            customer_fk(),
            ColumnSpec("year", "int", "Calendar year.", "年度", "2025", unit="year"),
            ColumnSpec(
                "product_line",
                "category",
                "Product line.",
                "产品线",
                "Software",
                categories=PRODUCT_LINES,
                closed=False,
            ),
            money_column(
                "wallet",
                "Estimated spend of the customer on the product line in the year, all suppliers (rounded to 100).",
                "客户采购总额 (钱包)",
                "86400.00",
            ),
        ),
        event_date="year",
        optional=True,
    ),
)
