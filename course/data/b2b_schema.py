"""The schema of the synthetic B2B customer database (客户数据库): the single source of truth.

Every table, column, dtype, key and description of the course's B2B database
is declared once, in :data:`SCHEMA`. The loader (:func:`course.data.load_b2b`),
the generator's output coercion (:func:`course.data.generate_b2b`) and the data
dictionary in ``data/README.md`` (:func:`render_data_dictionary`) are all
derived from it, so they cannot drift apart.

Dtypes after loading
--------------------
- ids and free text: pandas' default string dtype ``str``;
- dates: ``datetime64[ns]`` (``NaT`` where a date can be missing);
- money: ``float64`` rounded to 2 decimals, in CNY (元);
- counts and scores: ``int64``;
- enumerations: pandas ``category`` with the categories in the order listed.

Examples
--------
>>> from course.data.b2b_schema import SCHEMA
>>> list(SCHEMA)
['customers', 'orders', 'interactions', 'contacts', 'surveys', 'tickets', 'opportunities', 'cost_to_serve']
>>> SCHEMA["orders"].key
('order_id', 'line_no')
>>> SCHEMA["orders"].column("status").categories
('completed', 'cancelled', 'returned')
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from course.validation import parse_date_parameter

__all__ = [
    "ColumnSpec",
    "TableSpec",
    "SCHEMA",
    "TABLE_NAMES",
    "B2BDatabase",
    "dtype_of",
    "render_data_dictionary",
]

#: Kinds of column and the dtype each has after loading (categories are built per column).
KIND_DTYPES = {
    "id": "str",
    "text": "str",
    "date": "datetime64[ns]",
    "money": "float64",
    "int": "int64",
    "category": "category",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table: its kind, its description and its constraints.

    Parameters
    ----------
    name : str
    kind : {"id", "text", "date", "money", "int", "category"}
    meaning : str
        What the column holds, in one sentence.
    name_zh : str
        The Chinese business term.
    example : str
        A typical value, as written in the CSV.
    unit : str, default ""
        Unit of measurement (CNY, days, minutes, score …).
    nullable : bool, default False
        Whether empty cells are allowed.
    categories : tuple of str, default ()
        The allowed values of a ``category`` column, in display order.
    closed : bool, default True
        For a ``category`` column: whether values outside ``categories`` are
        an error (True) or are added as extra categories (False, for
        descriptive columns such as ``industry`` in a user's own export).
    minimum, maximum : int, optional
        Bounds of an ``int`` column.
    references : str, optional
        Name of the table whose primary key this column refers to (foreign key).
    """

    name: str
    kind: str
    meaning: str
    name_zh: str
    example: str
    unit: str = ""
    nullable: bool = False
    categories: tuple[str, ...] = ()
    closed: bool = True
    minimum: int | None = None
    maximum: int | None = None
    references: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KIND_DTYPES:
            raise ValueError(f"column {self.name!r}: unknown kind {self.kind!r}")
        if (self.kind == "category") != bool(self.categories):
            raise ValueError(f"column {self.name!r}: categories are required for, and only for, kind 'category'")

    @property
    def dtype(self) -> object:
        """The pandas dtype of the column after loading."""
        if self.kind == "category":
            return pd.CategoricalDtype(list(self.categories))
        return KIND_DTYPES[self.kind]


@dataclass(frozen=True)
class TableSpec:
    """One table: its columns (in file order), primary key and description."""

    name: str
    title: str
    title_zh: str
    description: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    #: The column that dates a row (when it happened), used by :meth:`B2BDatabase.until`;
    #: None for a table whose rows follow their customer (contacts).
    event_date: str | None = None

    @property
    def filename(self) -> str:
        """File name of the table in a database folder, e.g. ``orders.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        """Return the spec of column ``name``."""
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        """``(column, parent_table)`` pairs of the table's foreign keys."""
        return [(c.name, c.references) for c in self.columns if c.references]


def _id(name: str, meaning: str, name_zh: str, example: str, **kw: object) -> ColumnSpec:
    return ColumnSpec(name, "id", meaning, name_zh, example, **kw)


def _money(name: str, meaning: str, name_zh: str, example: str, **kw: object) -> ColumnSpec:
    return ColumnSpec(name, "money", meaning, name_zh, example, unit="CNY", **kw)


def _customer_fk(example: str = "C00042") -> ColumnSpec:
    return _id("customer_id", "The customer the row belongs to.", "客户编号", example, references="customers")


INDUSTRIES = ("Manufacturing", "Retail", "Healthcare", "Finance", "Energy", "Logistics", "Public sector", "Technology")
REGIONS = ("North", "East", "South", "West", "Central")
PRODUCT_LINES = ("Hardware", "Software", "Services", "Spare parts", "Consumables")
CHANNELS = ("Direct sales", "Distributor", "Online")
ORDER_STATUSES = ("completed", "cancelled", "returned")
INTERACTION_TYPES = ("call", "email", "visit", "event")
TITLES = (
    "General Manager",
    "Chief Financial Officer",
    "Chief Technology Officer",
    "Operations Director",
    "Project Manager",
    "IT Manager",
    "Plant Manager",
    "Engineer",
    "Technician",
    "Purchasing Manager",
    "Procurement Officer",
    "Executive Assistant",
)
DECISION_ROLES = ("decision maker", "influencer", "user", "gatekeeper", "coach")
ATTITUDES = ("supporter", "neutral", "opponent")
RELATIONSHIP_LAYERS = ("key-person", "broad", "organisational")
VOC_CATEGORIES = ("product quality", "delivery", "price", "service", "technical support", "process")
TICKET_CATEGORIES = ("technical issue", "delivery", "billing", "customisation request", "complaint")
SEVERITIES = ("low", "medium", "high")
STAGES = ("lead", "opportunity", "contract", "collected", "lost")

_TABLES = (
    TableSpec(
        "customers",
        "Customers",
        "客户档案",
        "One row per customer account, including prospects (潜在客户) that have not bought yet.",
        ("customer_id",),
        (
            _id("customer_id", "Unique id of the customer account.", "客户编号", "C00042"),
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
        "orders",
        "Order lines",
        "订单明细",
        "One row per order line; an order has 1-3 lines. Cancelled and returned lines keep their amounts: "
        "analyses of revenue and margin use completed lines only (status == 'completed').",
        ("order_id", "line_no"),
        (
            _id("order_id", "Id of the order (shared by its lines).", "订单编号", "O000123"),
            ColumnSpec("line_no", "int", "Line number within the order, 1, 2, 3.", "行号", "1", minimum=1),
            _customer_fk(),
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
            _money(
                "revenue",
                "Net invoiced amount of the line after the customer's discount.",
                "销售收入 / 销售额",
                "1533.60",
            ),
            _money("cost", "Cost of goods sold of the line.", "销售成本", "1010.88"),
            _money("margin", "Gross margin of the line: revenue - cost (can be negative).", "毛利", "522.72"),
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
        "interactions",
        "Interactions",
        "客户接触记录",
        "One row per contact with the customer: calls, emails, visits and events (regular contact and visits, "
        "定期联系与拜访).",
        ("interaction_id",),
        (
            _id("interaction_id", "Unique id of the interaction.", "接触记录编号", "I0000123"),
            _customer_fk(),
            _id(
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
        "contacts",
        "Contact persons",
        "客户联系人 / 关系图谱",
        "One row per person known at a customer, with their role in buying decisions and the relationship "
        "layer (三层客户关系: key-person, broad, organisational).",
        ("contact_id",),
        (
            _id("contact_id", "Unique id of the contact person.", "联系人编号", "P00077"),
            _customer_fk(),
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
                "Attitude towards the company: supporter, neutral or opponent.",
                "态度 (支持 / 中立 / 反对)",
                "supporter",
                categories=ATTITUDES,
            ),
            ColumnSpec(
                "relationship_layer",
                "category",
                "Relationship layer: key-person (decision makers and their circle), broad (many people "
                "across departments) or organisational (company-to-company partnership at executive level).",
                "关键客户关系 / 普遍客户关系 / 组织客户关系",
                "key-person",
                categories=RELATIONSHIP_LAYERS,
            ),
        ),
        event_date=None,
    ),
    TableSpec(
        "surveys",
        "Satisfaction surveys",
        "客户满意度调查",
        "One row per answered satisfaction survey, with the main topic of the customer's comment "
        "(voice of the customer, 客户声音).",
        ("survey_id",),
        (
            _id("survey_id", "Unique id of the survey answer.", "调查编号", "S000123"),
            _customer_fk(),
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
            _id("ticket_id", "Unique id of the ticket.", "工单编号", "T000123"),
            _customer_fk(),
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
        "opportunities",
        "Opportunities, lead to cash",
        "商机 / 从线索到回款 (LTC)",
        "One row per sales opportunity followed from lead to cash (LTC): each milestone date is empty until "
        "it is reached. Payment due dates of open contracts can lie after the as-of date.",
        ("opportunity_id",),
        (
            _id("opportunity_id", "Unique id of the opportunity.", "商机编号", "Y000123"),
            _customer_fk(),
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
            _money(
                "expected_amount", "Amount the sales team expected when the lead was recorded.", "预计金额", "120000.00"
            ),
            _money(
                "contract_amount",
                "Signed contract amount; empty if no contract.",
                "合同金额",
                "110500.00",
                nullable=True,
            ),
            _money("collected_amount", "Amount collected; 0 until paid.", "回款金额", "110500.00"),
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
            _customer_fk(),
            ColumnSpec("year", "int", "Calendar year.", "年度", "2024", unit="year"),
            _money(
                "account_management",
                "Account-management cost: a yearly fee by service level in years with "
                "orders (dedicated team for strategic accounts) plus the cost of calls, emails, visits and events.",
                "客户管理费用",
                "5400.00",
            ),
            _money(
                "logistics",
                "Delivery and order-handling cost; it grows with the number of order lines, so "
                "many small orders are costly.",
                "物流及订单处理费用",
                "1320.50",
            ),
            _money(
                "support",
                "Cost of service tickets (more for severe tickets and customisation requests).",
                "服务支持费用",
                "800.00",
            ),
            _money(
                "marketing",
                "Marketing and acquisition cost; high in the year the customer is won "
                "(onboarding, training, introductory effort).",
                "市场及获客费用",
                "2500.00",
            ),
            _money("total", "account_management + logistics + support + marketing.", "服务成本合计", "10020.50"),
        ),
        event_date="year",
    ),
)

#: The tables of the B2B database, by name, in a fixed order.
SCHEMA: dict[str, TableSpec] = {t.name: t for t in _TABLES}

#: Table names in the order used everywhere (files, :class:`B2BDatabase` fields, reprs).
TABLE_NAMES: tuple[str, ...] = tuple(SCHEMA)


def dtype_of(table: str, column: str) -> object:
    """Return the pandas dtype that ``table.column`` has after loading.

    Examples
    --------
    >>> dtype_of("orders", "revenue")
    'float64'
    >>> dtype_of("orders", "status")
    CategoricalDtype(categories=['completed', 'cancelled', 'returned'], ordered=False, categories_dtype=str)
    """
    return SCHEMA[table].column(column).dtype


@dataclass(frozen=True, eq=False)
class B2BDatabase:
    """The B2B customer database: one DataFrame per table of :data:`SCHEMA`.

    Build it with :func:`course.data.generate_b2b`, :func:`course.data.load_b2b`
    or :func:`course.data.b2b_database`; each attribute is a table.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=50)
    >>> db.customers.shape[1]
    8
    >>> list(db.tables()) == list(SCHEMA)
    True
    """

    customers: pd.DataFrame
    orders: pd.DataFrame
    interactions: pd.DataFrame
    contacts: pd.DataFrame
    surveys: pd.DataFrame
    tickets: pd.DataFrame
    opportunities: pd.DataFrame
    cost_to_serve: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables as a dict ``name -> DataFrame`` in schema order.

        Examples
        --------
        >>> from course.data import generate_b2b
        >>> {name: len(t) > 0 for name, t in generate_b2b(n_customers=50).tables().items()}["orders"]
        True
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def until(self, date: object) -> B2BDatabase:
        """The database as far as it had happened by ``date``: rows dated after it left out.

        Each table is cut at its :attr:`TableSpec.event_date` (orders at
        ``order_date``, tickets at ``opened_date``, cost to serve at its
        ``year`` …); customers acquired after ``date`` leave with all their
        rows, contacts included. Columns of the rows kept are unchanged: a
        ticket opened before ``date`` keeps the ``closed_date`` recorded
        later. Use it to make sure an analysis "as of" a past date cannot see
        the future. ``self`` is not modified.

        Examples
        --------
        >>> from course.data import load_b2b
        >>> db = load_b2b()
        >>> past = db.until("2023-12-31")
        >>> past.orders["order_date"].max() <= pd.Timestamp("2023-12-31"), len(past.orders) < len(db.orders)
        (True, True)
        """
        day = parse_date_parameter(date, name="date")
        known = self.customers.loc[~(self.customers["acquired_date"] > day), "customer_id"]
        cut = {}
        for name, frame in self.tables().items():
            keep = frame["customer_id"].isin(known)
            column = SCHEMA[name].event_date
            if column == "year":
                keep &= frame[column] <= day.year
            elif column is not None:
                keep &= ~(frame[column] > day)
            cut[name] = frame.loc[keep]
        return B2BDatabase(**cut)

    def __repr__(self) -> str:
        width = max(len(name) for name in TABLE_NAMES)
        lines = [f"B2BDatabase with {len(TABLE_NAMES)} tables:"]
        lines += [f"  {name:<{width}}  {len(frame):>9,} rows" for name, frame in self.tables().items()]
        return "\n".join(lines)


assert [f.name for f in fields(B2BDatabase)] == list(TABLE_NAMES)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type_label(spec: ColumnSpec) -> str:
    if spec.kind == "category":
        values = ", ".join(spec.categories)
        return f"category ({values}{', …' if not spec.closed else ''})"
    label = {
        "id": "id (string)",
        "text": "text",
        "date": "date",
        "money": "money (float, 2 decimals)",
        "int": "integer",
    }[spec.kind]
    if spec.kind == "int" and (spec.minimum is not None or spec.maximum is not None):
        lo = "" if spec.minimum is None else str(spec.minimum)
        hi = "" if spec.maximum is None else str(spec.maximum)
        label += f" {lo}..{hi}" if hi else f" ≥ {lo}"
    return label


def render_data_dictionary() -> str:
    """Render the data dictionary of every table and column as markdown, from :data:`SCHEMA`.

    ``data/README.md`` contains exactly this text (a test checks it), so the
    documentation cannot drift from the loader.

    Examples
    --------
    >>> text = render_data_dictionary()
    >>> text.splitlines()[0]
    '#### `customers` — Customers (客户档案)'
    >>> "| `margin` |" in text
    True
    """
    out: list[str] = []
    for table in SCHEMA.values():
        out.append(f"#### `{table.name}` — {table.title} ({table.title_zh})")
        out.append("")
        out.append(table.description)
        out.append("")
        key = " + ".join(f"`{k}`" for k in table.key)
        out.append(f"File `{table.filename}`. Primary key: {key}.")
        fks = table.foreign_keys
        if fks:
            refs = "; ".join(f"`{col}` → `{parent}`" for col, parent in fks)
            out.append(f"Foreign keys: {refs}.")
        out.append("")
        out.append("| column | type | unit | meaning | example | 中文 |")
        out.append("|---|---|---|---|---|---|")
        for c in table.columns:
            meaning = c.meaning + (" May be empty." if c.nullable and "empty" not in c.meaning else "")
            out.append(
                f"| `{c.name}` | {_cell(_type_label(c))} | {_cell(c.unit) or '–'} | {_cell(meaning)} | "
                f"`{_cell(c.example)}` | {_cell(c.name_zh)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
