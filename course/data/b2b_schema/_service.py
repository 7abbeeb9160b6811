"""The service tables: interactions, satisfaction surveys and service tickets."""

from __future__ import annotations

from course.data.b2b_schema._columns import customer_fk, id_column
from course.data.b2b_schema._specs import ColumnSpec, TableSpec
from course.data.b2b_schema._vocabulary import (
    INTERACTION_TYPES,
    SEVERITIES,
    TICKET_CATEGORIES,
    VOC_CATEGORIES,
)

__all__ = ["TABLES"]

TABLES = (
    TableSpec(
        "interactions",
        "Interactions",
        "客户接触记录",
        "One row per contact with the customer: calls, emails, visits and events (regular contact and visits, "
        "定期联系与拜访).",
        ("interaction_id",),
        (
            id_column("interaction_id", "Unique id of the interaction.", "接触记录编号", "I0000123"),
            customer_fk(),
            id_column(
                "contact_id",
                "The contact person involved; empty when nobody in particular (e.g. an event "
                "invitation sent to the company).",
                "联系人编号",
                "P00077",
                nullable=True,
                references="contacts",
            ),
            ColumnSpec("date", "date", "Date of the interaction.", "接触日期", "2024-09-12"),
            ColumnSpec(
                "type",
                "category",
                "call, email, visit (on site) or event (seminar, trade fair).",
                "接触方式",
                "visit",
                categories=INTERACTION_TYPES,
            ),
            ColumnSpec(
                "duration_minutes",
                "int",
                "Time spent by the company on the interaction.",
                "时长",
                "90",
                unit="minutes",
                minimum=0,
            ),
        ),
        event_date="date",
    ),
    TableSpec(
        "surveys",
        "Satisfaction surveys",
        "客户满意度调查",
        "One row per answered satisfaction survey, with the main topic of the customer's comment "
        "(voice of the customer, 客户声音).",
        ("survey_id",),
        (
            id_column("survey_id", "Unique id of the survey answer.", "调查编号", "S000123"),
            customer_fk(),
            ColumnSpec("date", "date", "Date the survey was answered.", "调查日期", "2024-11-02"),
            ColumnSpec(
                "csat",
                "int",
                "Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied).",
                "客户满意度 (CSAT)",
                "4",
                unit="score 1-5",
                minimum=1,
                maximum=5,
            ),
            ColumnSpec(
                "nps",
                "int",
                "Likelihood to recommend, 0 to 10 (9-10 promoter, 0-6 detractor).",
                "净推荐值打分 (NPS)",
                "8",
                unit="score 0-10",
                minimum=0,
                maximum=10,
            ),
            ColumnSpec(
                "voc_category",
                "category",
                "Main topic of the customer's comment.",
                "客户声音类别",
                "delivery",
                categories=VOC_CATEGORIES,
            ),
        ),
        event_date="date",
    ),
    TableSpec(
        "tickets",
        "Service tickets",
        "服务工单",
        "One row per service request or complaint (technical-issue management, 技术问题管理).",
        ("ticket_id",),
        (
            id_column("ticket_id", "Unique id of the ticket.", "工单编号", "T000123"),
            customer_fk(),
            ColumnSpec("opened_date", "date", "Date the ticket was opened.", "开单日期", "2024-02-19"),
            ColumnSpec(
                "closed_date",
                "date",
                "Date the ticket was closed; empty while it is still open.",
                "关闭日期",
                "2024-02-26",
                nullable=True,
            ),
            ColumnSpec(
                "category",
                "category",
                "technical issue, delivery, billing, customisation request (定制需求) or complaint (投诉).",
                "工单类别",
                "technical issue",
                categories=TICKET_CATEGORIES,
            ),
            ColumnSpec("severity", "category", "low, medium or high.", "严重程度", "medium", categories=SEVERITIES),
        ),
        event_date="opened_date",
    ),
    TableSpec(
        "ticket_followups",
        "Ticket follow-up surveys",
        "服务回访",
        "One row per follow-up satisfaction call after a ticket was closed, 7 and 60 days after closing (the "
        "improvement loop of technical-issue management): how satisfied the customer is after the resolution.",
        ("followup_id",),
        (
            id_column("followup_id", "Unique id of the follow-up.", "回访编号", "F000123"),
            id_column("ticket_id", "The closed ticket followed up.", "工单编号", "T000123", references="tickets"),
            customer_fk(),
            ColumnSpec("date", "date", "Date of the follow-up.", "回访日期", "2024-03-04"),
            ColumnSpec(
                "days_after_close",
                "int",
                "Days between the ticket's closing and the follow-up: 7 or 60.",
                "关闭后天数",
                "7",
                unit="days",
                minimum=0,
            ),
            ColumnSpec(
                "csat",
                "int",
                "Customer satisfaction at the follow-up, 1 (very dissatisfied) to 5 (very satisfied).",
                "回访满意度 (CSAT)",
                "4",
                unit="score 1-5",
                minimum=1,
                maximum=5,
            ),
        ),
        event_date="date",
        optional=True,
    ),
)
