"""The sales tables: order lines, opportunities from lead to cash, and the cost to serve."""

from __future__ import annotations

from course.data.b2b_schema._columns import customer_fk, id_column, money_column
from course.data.b2b_schema._specs import ColumnSpec, TableSpec
from course.data.b2b_schema._vocabulary import (
    CHANNELS,
    ORDER_STATUSES,
    PRODUCT_LINES,
    STAGES,
)

__all__ = ["TABLES"]

TABLES = (
    TableSpec(
        "orders",
        "Order lines",
        "订单明细",
        "One row per order line; an order has 1-3 lines. Cancelled and returned lines keep their amounts: "
        "analyses of revenue and margin use completed lines only (status == 'completed').",
        ("order_id", "line_no"),
        (
            id_column("order_id", "Id of the order (shared by its lines).", "订单编号", "O000123"),
            ColumnSpec("line_no", "int", "Line number within the order, 1, 2, 3.", "行号", "1", minimum=1),
            customer_fk(),
            ColumnSpec("order_date", "date", "Date the order was placed.", "下单日期", "2023-06-08"),
            ColumnSpec(
                "product_line",
                "category",
                "Product line of the line.",
                "产品线",
                "Spare parts",
                categories=PRODUCT_LINES,
                closed=False,
            ),
            ColumnSpec(
                "channel",
                "category",
                "Sales channel of the order line.",
                "销售渠道",
                "Distributor",
                categories=CHANNELS,
                closed=False,
            ),
            ColumnSpec("quantity", "int", "Units ordered.", "数量", "12", unit="units", minimum=1),
            money_column(
                "revenue",
                "Net invoiced amount of the line after the customer's discount.",
                "销售收入 / 销售额",
                "1533.60",
            ),
            money_column("cost", "Cost of goods sold of the line.", "销售成本", "1010.88"),
            money_column("margin", "Gross margin of the line: revenue - cost (can be negative).", "毛利", "522.72"),
            ColumnSpec(
                "status",
                "category",
                "completed, cancelled (order withdrawn, ~2 %) or returned (goods sent back, ~1.5 %).",
                "订单状态",
                "completed",
                categories=ORDER_STATUSES,
            ),
        ),
        event_date="order_date",
    ),
    TableSpec(
        "opportunities",
        "Opportunities, lead to cash",
        "商机 / 从线索到回款 (LTC)",
        "One row per sales opportunity followed from lead to cash (LTC): each milestone date is empty until "
        "it is reached. Payment due dates of open contracts can lie after the as-of date.",
        ("opportunity_id",),
        (
            id_column("opportunity_id", "Unique id of the opportunity.", "商机编号", "Y000123"),
            customer_fk(),
            ColumnSpec("lead_date", "date", "Date the lead was recorded.", "线索日期", "2023-01-10"),
            ColumnSpec(
                "qualified_date",
                "date",
                "Date the lead was qualified as an opportunity.",
                "商机确认日期",
                "2023-02-01",
                nullable=True,
            ),
            ColumnSpec(
                "contract_date", "date", "Date the contract was signed.", "签约日期", "2023-03-20", nullable=True
            ),
            ColumnSpec(
                "payment_due_date",
                "date",
                "Date payment is due under the contract.",
                "应收款日期",
                "2023-05-19",
                nullable=True,
            ),
            ColumnSpec(
                "payment_date", "date", "Date the payment was received.", "回款日期", "2023-05-30", nullable=True
            ),
            money_column(
                "expected_amount", "Amount the sales team expected when the lead was recorded.", "预计金额", "120000.00"
            ),
            money_column(
                "contract_amount",
                "Signed contract amount; empty if no contract.",
                "合同金额",
                "110500.00",
                nullable=True,
            ),
            money_column("collected_amount", "Amount collected; 0 until paid.", "回款金额", "110500.00"),
            ColumnSpec(
                "stage",
                "category",
                "Current stage: lead, opportunity (qualified), contract (signed, not yet paid), "
                "collected (paid) or lost.",
                "阶段",
                "collected",
                categories=STAGES,
            ),
        ),
        event_date="lead_date",
    ),
    TableSpec(
        "cost_to_serve",
        "Cost to serve",
        "客户服务成本",
        "One row per customer and calendar year in which the customer was served (any order, interaction, "
        "ticket, opportunity or acquisition effort that year). Customer profit = margin - cost to serve.",
        ("customer_id", "year"),
        (
            customer_fk(),
            ColumnSpec("year", "int", "Calendar year.", "年度", "2024", unit="year"),
            money_column(
                "account_management",
                "Account-management cost: a yearly fee by service level in years with "
                "orders (dedicated team for strategic accounts) plus the cost of calls, emails, visits and events.",
                "客户管理费用",
                "5400.00",
            ),
            money_column(
                "logistics",
                "Delivery and order-handling cost; it grows with the number of order lines, so "
                "many small orders are costly.",
                "物流及订单处理费用",
                "1320.50",
            ),
            money_column(
                "support",
                "Cost of service tickets (more for severe tickets and customisation requests).",
                "服务支持费用",
                "800.00",
            ),
            money_column(
                "marketing",
                "Marketing and acquisition cost; high in the year the customer is won "
                "(onboarding, training, introductory effort).",
                "市场及获客费用",
                "2500.00",
            ),
            money_column("total", "account_management + logistics + support + marketing.", "服务成本合计", "10020.50"),
        ),
        event_date="year",
    ),
    TableSpec(
        "deliveries",
        "Deliveries",
        "交付",
        "One row per signed contract that has been delivered: the delivery (and invoice) date, the LTC step between "
        "the contract and the payment collection (回款). A receivable runs from delivery to payment. Contracts not "
        "delivered by the as-of date have no row.",
        ("opportunity_id",),
        (
            id_column(
                "opportunity_id",
                "The opportunity whose contract was delivered.",
                "商机编号",
                "Y000123",
                references="opportunities",
            ),
            customer_fk(),
            ColumnSpec(
                "delivery_date", "date", "Date the contract was delivered and invoiced.", "交付日期", "2023-04-11"
            ),
        ),
        event_date="delivery_date",
        optional=True,
    ),
    TableSpec(
        "invoices",
        "Invoices",
        "发票 / 应收账款",
        "One row per order with completed lines: the invoice for them (returned lines are netted out, cancelled "
        "orders not invoiced), so a customer's invoices of a year add up to its completed order revenue of that "
        "year. A receivable runs from the invoice date to the paid date; an invoice with no paid date was still "
        "open at the end of the period. The basis of payment collection (回款), receivables ageing and DSO.",
        ("invoice_id",),
        (
            id_column("invoice_id", "Unique id of the invoice.", "发票编号", "V000123"),
            id_column("order_id", "The order invoiced.", "订单编号", "O000123", references="orders"),
            customer_fk(),
            ColumnSpec("invoice_date", "date", "Date of the invoice (the order date).", "开票日期", "2023-04-11"),
            ColumnSpec(
                "due_date",
                "date",
                "Date payment is due: 30 days after the invoice, 60 for strategic accounts (may fall after the "
                "period's end).",
                "应收款到期日",
                "2023-05-11",
            ),
            money_column(
                "amount", "Invoiced amount: the revenue of the order's completed lines.", "发票金额", "18250.40"
            ),
            ColumnSpec(
                "paid_date",
                "date",
                "Date the payment was received; empty while the invoice is open.",
                "回款日期",
                "2023-05-09",
                nullable=True,
            ),
        ),
        event_date="invoice_date",
        optional=True,
    ),
)
