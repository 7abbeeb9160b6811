"""The glossary's terms of key-account planning and the capstone (lessons 08 and 09, source 001)."""

from __future__ import annotations

from course.glossary._term import Term

__all__ = ["KEY_ACCOUNT_TERMS"]

KEY_ACCOUNT_TERMS: tuple[Term, ...] = (
    Term("customer satisfaction", "客户满意度", "how satisfied customers are, measured by CSAT or NPS", "08", ()),
    Term("voice of the customer", "客户声音", "customers' own feedback, complaints and requests", "08", ()),
    Term("payment collection", "回款", "collecting the money due under a contract", "08", ("payment",)),
    Term(
        "lead to cash",
        "从线索到回款",
        "LTC: the process from a lead through contract and delivery to the money collected, for every customer",
        "08",
        ("LTC",),
    ),
    Term(
        "key-person relationship",
        "关键客户关系",
        "relationships with the account's decision makers",
        "08",
        ("key-person",),
    ),
    Term(
        "broad relationship",
        "普遍客户关系",
        "relationships across the account's many users and influencers",
        "08",
        ("broad",),
    ),
    Term(
        "organisational relationship",
        "组织客户关系",
        "company-to-company partnership beyond individuals",
        "08",
        ("organisational",),
    ),
    Term(
        "iron triangle",
        "铁三角",
        "account, solution and fulfilment responsibles (AR / SR / FR) serving one account",
        "08",
        (),
    ),
    Term(
        "customer archive", "客户档案", "the structured record of an account: strategy, operations, finance", "08", ()
    ),
    Term("solution responsible", "解决方案经理", "the SR of the iron triangle: owns the solution", "08", ("SR",)),
    Term("fulfilment responsible", "交付经理", "the FR of the iron triangle: owns delivery and service", "08", ("FR",)),
    Term("decision maker", "决策者", "the person who decides the purchase", "08", ("decision maker",)),
    Term("influencer", "影响者", "shapes the decision without taking it", "08", ("influencer",)),
    Term("user", "使用者", "works with what we deliver", "08", ("user",)),
    Term("gatekeeper", "把关者", "controls access and paperwork (purchasing, assistants)", "08", ("gatekeeper",)),
    Term("coach", "内线", "an insider who guides our team", "08", ("coach",)),
    Term("supporter", "支持者", "a contact whose attitude towards us is positive", "08", ("supporter",)),
    Term("neutral contact", "中立者", "a contact neither for nor against us", "08", ("neutral",)),
    Term("opponent", "反对者", "a contact who works against us", "08", ("opponent",)),
    Term(
        "relationship health",
        "客户关系健康度",
        "one score of an account's three relationship layers",
        "08",
        ("health",),
    ),
    Term(
        "single-threaded account",
        "单线联系",
        "one of our people in touch with one of theirs",
        "08",
        ("single_threaded",),
    ),
    Term("wallet", "客户采购总额", "what an account spends with all its suppliers", "08", ("wallet",)),
    Term("share of wallet", "钱包份额", "our revenue from an account / its wallet", "08", ("share_of_wallet",)),
    Term(
        "white space", "空白点", "the part of an account's wallet that goes to other suppliers", "08", ("white_space",)
    ),
    Term("account plan", "客户规划", "an account's goals, action plan and their evaluation", "08", ()),
    Term("sales target", "销售目标", "the revenue an account plan aims at", "08", ("sales_target",)),
    Term("service target", "服务目标", "the satisfaction and service level an account plan aims at", "08", ()),
    Term("action plan", "行动计划", "the planned visits, calls and events of an account plan", "08", ()),
    Term(
        "attractiveness", "客户吸引力", "how attractive an account is, whoever supplies it", "08", ("attractiveness",)
    ),
    Term("competitive strength", "我方竞争地位", "how strong our position at an account is", "08", ("strength",)),
    Term(
        "invest to grow", "投资发展", "portfolio advice: put more resources into the account", "08", ("invest to grow",)
    ),
    Term(
        "invest selectively", "选择性投资", "portfolio advice: invest where it can win", "08", ("invest selectively",)
    ),
    Term("maintain", "维持", "portfolio advice: keep the position at today's cost", "08", ("maintain",)),
    Term("harvest", "收割", "portfolio advice: serve efficiently, invest little", "08", ("harvest",)),
    Term("withdraw", "退出", "portfolio advice: reduce the effort to a minimum", "08", ("withdraw",)),
    Term(
        "fix cost to serve first",
        "先降服务成本",
        "portfolio advice for a loss-making account in an invest cell: make it profitable before investing",
        "08",
        ("fix cost to serve first",),
    ),
    Term("strategic analysis", "战略分析", "where an account stands and where its opportunities are", "08", ()),
    Term("operational analysis", "运营分析", "how an account is served", "08", ()),
    Term("financial analysis", "财务分析", "what an account brings and what it owes", "08", ()),
    Term("lead", "线索", "the first sign of a possible deal", "08", ("lead",)),
    Term("opportunity", "商机", "a qualified lead", "08", ("opportunity",)),
    Term("contract", "签约", "a signed deal", "08", ("contract",)),
    Term("delivery", "交付", "the contract delivered and invoiced", "08", ("delivery",)),
    Term("receivable", "应收账款", "money invoiced and not yet collected", "08", ()),
    Term(
        "invoice",
        "发票",
        "the bill for an order's completed lines, due 30 days later (60 for strategic accounts)",
        "08",
        (),
    ),
    Term(
        "cooperation risk",
        "合作风险",
        "the risk a customer's payment record shows: paid late or overdue (low / watch / high)",
        "08",
        (),
    ),
    Term("market to lead", "MTL", "marketing that turns the market into leads (市场到线索), before LTC", "08", ()),
    Term(
        "inside sales",
        "内部销售",
        "the shared pool that looks after the accounts without a key-account team (IS): calls, e-mails, orders",
        "08",
        ("IS",),
    ),
    Term("days sales outstanding", "应收账款周转天数", "receivables / sales of the last year × 365", "08", ("dso",)),
    Term("net promoter score", "净推荐值", "% promoters (9-10) - % detractors (0-6)", "08", ("nps",)),
    Term("technical-issue management", "技术问题管理", "handling service tickets fast and well", "08", ()),
    Term("satisfaction management", "客户满意度综合管控", "voice of the customer, technical issues, surveys", "08", ()),
    Term("penetration", "渗透", "growing an ordinary customer from first lead to many product lines", "08", ()),
    Term("customer 360° view", "客户360度视图", "one table with every analysis of a customer", "09", ()),
    Term("management report", "管理报告", "the one-page summary of the analysis for management", "09", ()),
    Term(
        "management tier", "客户管理等级", "the tier a customer is managed by, from value so far and to come", "09", ()
    ),
    Term("keep", "重点保持", "20/60/20 decision for the most profitable 20 %: serve them best", "09", ("keep",)),
    # Source 004: the middle 60 % "neither lose nor earn, but keep the company's scale: find ways to keep them"
    # (想办法留住) -- retain, not develop.
    Term(
        "retain",
        "设法留住",
        "20/60/20 decision for the middle 60 %: they carry the company's scale; find ways to keep them",
        "09",
        ("retain",),
    ),
    Term(
        "let go",
        "果断放弃",
        "20/60/20 decision for the least profitable 20 %: stop wasting resources",
        "09",
        ("let go",),
    ),
)
