"""The account tables: customers and their contact persons."""

from __future__ import annotations

from course.data.b2b_schema._columns import customer_fk, id_column
from course.data.b2b_schema._specs import ColumnSpec, TableSpec
from course.data.b2b_schema._vocabulary import (
    ATTITUDES,
    DECISION_ROLES,
    INDUSTRIES,
    REGIONS,
    RELATIONSHIP_LAYERS,
    TITLES,
)

__all__ = ["TABLES"]

TABLES = (
    TableSpec(
        "customers",
        "Customers",
        "客户档案",
        "One row per customer account, including prospects (潜在客户) that have not bought yet.",
        ("customer_id",),
        (
            id_column("customer_id", "Unique id of the customer account.", "客户编号", "C00042"),
            ColumnSpec("company_name", "text", "Fictional company name.", "公司名称", "Huaxin Precision Machinery Ltd"),
            ColumnSpec(
                "industry",
                "category",
                "Industry of the customer.",
                "所属行业",
                "Manufacturing",
                categories=INDUSTRIES,
                closed=False,
            ),
            ColumnSpec(
                "region",
                "category",
                "Sales region the customer belongs to.",
                "销售大区",
                "East",
                categories=REGIONS,
                closed=False,
            ),
            ColumnSpec(
                "employees",
                "int",
                "Number of employees of the customer company.",
                "员工人数",
                "350",
                unit="people",
                minimum=1,
            ),
            ColumnSpec(
                "acquired_date",
                "date",
                "Date of first contact / account opening (prospects have one too); no order precedes it.",
                "建档日期 / 首次接触日期",
                "2021-03-15",
            ),
            ColumnSpec(
                "industry_influence",
                "int",
                "Influence of the customer in its industry, 1 (none) to 5 (sets the standard), "
                "as judged by the sales team.",
                "行业影响力",
                "3",
                unit="score 1-5",
                minimum=1,
                maximum=5,
            ),
            ColumnSpec(
                "account_manager", "text", "Id of the account manager responsible (AM01 … AM30).", "客户经理", "AM07"
            ),
        ),
        event_date="acquired_date",
    ),
    TableSpec(
        "contacts",
        "Contact persons",
        "客户联系人 / 关系图谱",
        "One row per person known at a customer, with their role in buying decisions and the relationship "
        "layer the person belongs to (key-person or broad; the third layer of 三层客户关系, organisational, is "
        "company to company and lives in org_relations). A company has at most one General Manager, one Chief "
        "Financial Officer and one Chief Technology Officer.",
        ("contact_id",),
        (
            id_column("contact_id", "Unique id of the contact person.", "联系人编号", "P00077"),
            customer_fk(),
            ColumnSpec("name", "text", "Fictional name of the person.", "姓名", "Wang Fang"),
            ColumnSpec(
                "title", "category", "Job title.", "职务", "Purchasing Manager", categories=TITLES, closed=False
            ),
            ColumnSpec(
                "decision_role",
                "category",
                "Role in the buying decision: decision maker, influencer, user, gatekeeper or coach "
                "(an insider who guides the sales team).",
                "决策角色",
                "decision maker",
                categories=DECISION_ROLES,
            ),
            ColumnSpec(
                "influence",
                "int",
                "Influence on the buying decision, 1 (little) to 5 (decisive).",
                "影响力",
                "4",
                unit="score 1-5",
                minimum=1,
                maximum=5,
            ),
            ColumnSpec(
                "attitude",
                "category",
                "Attitude towards the company: supporter, neutral or opponent (a coach is always a supporter).",
                "态度 (支持 / 中立 / 反对)",
                "supporter",
                categories=ATTITUDES,
            ),
            ColumnSpec(
                "relationship_layer",
                "category",
                "Relationship layer of the person: key-person (decision makers, coaches and influencers of "
                "influence 4-5) or broad (everybody else, across departments). The organisational layer is "
                "company to company: see org_relations.",
                "关键客户关系 / 普遍客户关系",
                "key-person",
                categories=RELATIONSHIP_LAYERS,
            ),
        ),
        event_date=None,
    ),
)
