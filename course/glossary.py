"""English ↔ Chinese terms of customer tiering and key-account management: the one source of Chinese names.

Every Chinese name the package gives a label -- the tiers, the four groups,
the tier criteria, the eight RFM classes and the named segments, the
lifecycle states -- is read from :data:`TERMS` (each term lists the labels the
course's tables use for it, its *codes*), so a name is written once. Lessons
show the Chinese name of each key term the first time it appears, and the
glossary lists them all.

Examples
--------
>>> from course.glossary import label, zh, glossary
>>> zh("strategic customer"), zh("strategic")        # an English term or a code of the course's tables
('战略客户', '战略客户')
>>> label("dormant", "zh"), label("dormant", "en")
('沉睡客户', 'dormant')
>>> glossary().loc["churned customer", "zh"]
'流失客户'
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import pandas as pd

__all__ = ["Term", "TERMS", "LANGUAGES", "glossary", "zh", "en", "label"]

#: The languages of a label.
LANGUAGES = ("en", "zh")


class Term(NamedTuple):
    """One glossary entry."""

    en: str
    zh: str
    meaning: str
    lesson: str
    #: The labels the course's tables use for this term (tier "strategic", RFM class "Important value" …).
    codes: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    Term(
        "customer insight",
        "客户洞察",
        "understanding customers' needs and behaviour from surveys, interviews and data",
        "01",
        (),
    ),
    Term("market research", "市场调研", "structured surveys of customers and the market", "01", ()),
    Term(
        "customer interview", "客户访谈", "one-to-one conversations that reveal needs and decision processes", "01", ()
    ),
    Term("data analysis", "数据分析", "analysis of transactions and interactions recorded in the CRM", "01", ()),
    Term("purchase amount", "购买金额", "total spend of a customer over a period", "01", ("revenue",)),
    Term("purchase frequency", "购买频率", "how often a customer buys", "01", ()),
    Term("profit contribution", "利润贡献", "margin minus the cost of serving the customer", "02", ("profit",)),
    Term("customer tiering", "客户分级", "ranking customers into service levels by value", "02", ()),
    Term("segmentation", "客户细分", "grouping customers with similar needs or behaviour", "03", ()),
    Term(
        "strategic customer",
        "战略客户",
        "few accounts critical to long-term growth, profit and competitiveness",
        "02",
        ("strategic",),
    ),
    Term(
        "important customer",
        "重要客户",
        "high-value accounts served by a dedicated account-manager team",
        "02",
        ("important",),
    ),
    Term("general customer", "一般客户", "accounts of modest value served efficiently", "02", ("general",)),
    Term(
        "ordinary customer",
        "普通客户",
        "the many smaller accounts; small, frequent orders and low loyalty",
        "02",
        ("ordinary",),
    ),
    Term("key account", "大客户", "a customer whose volume makes it a priority", "02", ("big",)),
    Term("potential customer", "潜力客户", "low spend today, large possible spend tomorrow", "02", ("high-potential",)),
    Term("strategic partner", "战略合作伙伴", "a strategic customer in deep, long-term co-operation", "02", ()),
    Term(
        "value-based classification",
        "基于客户价值的分类",
        "classes by purchase amount, frequency, profit contribution and lifetime value",
        "07",
        (),
    ),
    Term(
        "behaviour-based classification",
        "基于客户行为的分类",
        "classes by purchase, interaction and referral behaviour",
        "06",
        (),
    ),
    Term(
        "comprehensive classification",
        "基于客户综合因素的分类",
        "value and behaviour plus industry position, prospects, strategic importance and cooperation history",
        "07",
        (),
    ),
    Term(
        "interaction behaviour", "互动行为", "how often a customer talks to us and takes part in our events", "06", ()
    ),
    Term("referral behaviour", "推荐行为", "whether a customer recommends us to others (NPS)", "06", ()),
    Term(
        "old-big customer",
        "老客户·大客户",
        "long-standing, high-volume account: thin margin, hard to motivate",
        "02",
        ("old-big",),
    ),
    Term(
        "new-big customer", "新客户·大客户", "recently won large account: costly and risky at first", "02", ("new-big",)
    ),
    Term(
        "new-small customer",
        "新客户·小客户",
        "recent small account: tomorrow's profit, develop boldly",
        "02",
        ("new-small",),
    ),
    Term(
        "old-small customer",
        "老客户·小客户",
        "loyal small account: profitable in total but costly to serve",
        "02",
        ("old-small",),
    ),
    Term(
        "length of cooperation", "合作时间", "how long the customer has been buying (tenure)", "02", ("tenure_years",)
    ),
    Term(
        "industry influence", "行业影响力", "the customer's weight in its own industry", "02", ("industry_influence",)
    ),
    Term(
        "customised needs",
        "定制需求",
        "requests for customised products or services",
        "02",
        ("customisation_requests",),
    ),
    Term("recency", "最近一次消费", "days since the last purchase", "03", ()),
    Term("frequency", "消费频率", "number of distinct purchase occasions", "03", ()),
    Term("monetary value", "消费金额", "total spend", "03", ()),
    Term("as-of date", "分析基准日", "the day from which recency and tenure are measured", "03", ()),
    Term(
        "important value customer",
        "重要价值客户",
        "source 003's value class (high amount, frequency and profit); in RFM: recent, frequent, high spend",
        "03",
        ("Important value",),
    ),
    Term(
        "important development customer",
        "重要发展客户",
        "source 003's value class (high amount, low frequency, high lifetime value); in RFM: recent, high spend, "
        "infrequent",
        "03",
        ("Important development",),
    ),
    Term(
        "important retention customer",
        "重要保持客户",
        "RFM class: frequent, high spend, not recent",
        "03",
        ("Important retention",),
    ),
    Term(
        "important win-back customer",
        "重要挽留客户",
        "RFM class: high spend, infrequent, not recent",
        "03",
        ("Important win-back",),
    ),
    Term(
        "general value customer",
        "一般价值客户",
        "source 003's value class (moderate on every criterion); in RFM: recent, frequent, low spend",
        "03",
        ("General value",),
    ),
    Term(
        "low-value customer",
        "低价值客户",
        "source 003's value class: low amount, frequency and profit contribution",
        "07",
        ("Low value",),
    ),
    Term(
        "general development customer",
        "一般发展客户",
        "RFM class: recent, infrequent, low spend",
        "03",
        ("General development",),
    ),
    Term(
        "general retention customer",
        "一般保持客户",
        "RFM class: frequent, low spend, not recent",
        "03",
        ("General retention",),
    ),
    Term(
        "general win-back customer",
        "一般挽留客户",
        "RFM class: infrequent, low spend, not recent",
        "03",
        ("General win-back",),
    ),
    Term("Champions", "冠军客户", "RFM segment: bought recently, buy often", "03", ("Champions",)),
    Term("Loyal customers", "忠诚客户", "RFM segment: buy often, fairly recently", "03", ("Loyal customers",)),
    Term("Potential loyalists", "潜在忠诚客户", "RFM segment: recent, a few purchases", "03", ("Potential loyalists",)),
    Term("New customers", "新客户", "RFM segment: bought very recently, once or rarely", "03", ("New customers",)),
    Term("Promising", "有潜力客户", "RFM segment: recent, bought rarely", "03", ("Promising",)),
    Term("Need attention", "需要关注客户", "RFM segment: average recency and frequency", "03", ("Need attention",)),
    Term("About to sleep", "即将沉睡客户", "RFM segment: average recency, rare purchases", "03", ("About to sleep",)),
    Term("At risk", "有流失风险客户", "RFM segment: used to buy often, not for a while", "03", ("At risk",)),
    Term(
        "Can't lose them",
        "不能失去的客户",
        "RFM segment: were the most frequent buyers, long ago",
        "03",
        ("Can't lose them",),
    ),
    Term("80/20 rule", "二八法则", "a minority of customers brings most of the revenue or profit", "04", ()),
    Term("Lorenz curve", "洛伦兹曲线", "cumulative share of value against cumulative share of customers", "04", ()),
    Term("Gini coefficient", "基尼系数", "0 when all customers are equal, near 1 when one holds everything", "04", ()),
    Term(
        "ABC classification",
        "ABC 分类",
        "A: customers making the first 80% of value; B: the next 15%; C: the rest",
        "04",
        (),
    ),
    Term(
        "profit whale curve",
        "利润鲸鱼曲线",
        "cumulative profit by customer, peaking above 100% when some customers lose money",
        "04",
        (),
    ),
    Term("cost to serve", "服务成本", "sales, logistics, support and marketing cost of one customer", "04", ()),
    Term("gross margin", "毛利", "revenue minus the cost of the goods sold", "01", ("margin",)),
    Term(
        "avoidable cost", "可避免成本", "a cost that disappears when the customer goes (deliveries, tickets)", "04", ()
    ),
    Term(
        "allocated cost",
        "分摊成本",
        "a shared cost charged to a customer that stays when the customer goes (the account team)",
        "04",
        (),
    ),
    Term("sunk cost", "沉没成本", "money already spent (winning an account), which no decision can recover", "04", ()),
    Term("clustering", "聚类分群", "grouping customers by similarity, without predefined rules", "05", ()),
    Term("cohort", "同期群", "customers who made their first purchase in the same period", "06", ()),
    Term("customer lifecycle", "客户生命周期", "the stages of a customer relationship from prospect to loss", "06", ()),
    Term("active customer", "活跃客户", "buys regularly and interacts", "06", ("active",)),
    Term(
        "prospect",
        "潜在客户",
        "a known account that has not bought yet; the lifecycle state 'potential'",
        "06",
        ("prospect", "potential"),
    ),
    Term("dormant customer", "沉睡客户", "buys rarely; needs to be woken up", "06", ("dormant", "Hibernating")),
    Term("churned customer", "流失客户", "has stopped buying", "06", ("churned", "Lost")),
    Term(
        "customer lifetime value",
        "客户终身价值",
        "the value a customer will bring over the whole relationship",
        "07",
        (),
    ),
    Term("retention rate", "客户保留率", "share of customers still buying after a period", "07", ()),
    Term("discount rate", "折现率", "rate that turns future money into today's value", "07", ()),
    Term("probability alive", "仍活跃的概率", "BG/NBD's probability that a customer has not silently left", "07", ()),
    Term(
        "gross-margin CLV",
        "毛利终身价值",
        "lifetime value of the future gross margin, before the cost to serve",
        "07",
        (),
    ),
    Term(
        "profit CLV",
        "利润终身价值",
        "lifetime value of the future profit contribution, after the cost to serve",
        "07",
        (),
    ),
    Term(
        "account manager",
        "客户经理",
        "the salesperson responsible for an account; the AR of the iron triangle",
        "02",
        ("AR",),
    ),
    Term("customer satisfaction", "客户满意度", "how satisfied customers are, measured by CSAT or NPS", "08", ()),
    Term("voice of the customer", "客户声音", "customers' own feedback, complaints and requests", "08", ()),
    Term("payment collection", "回款", "collecting the money due under a contract", "08", ("payment",)),
    Term("lead to cash", "LTC", "the process from a lead through contract to collected payment", "08", ()),
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
    Term("strategic analysis", "战略分析", "where an account stands and where its opportunities are", "08", ()),
    Term("operational analysis", "运营分析", "how an account is served", "08", ()),
    Term("financial analysis", "财务分析", "what an account brings and what it owes", "08", ()),
    Term("lead", "线索", "the first sign of a possible deal", "08", ("lead",)),
    Term("opportunity", "商机", "a qualified lead", "08", ("opportunity",)),
    Term("contract", "签约", "a signed deal", "08", ("contract",)),
    Term("delivery", "交付", "the contract delivered and invoiced", "08", ("delivery",)),
    Term("receivable", "应收账款", "money invoiced and not yet collected", "08", ()),
    Term("days sales outstanding", "应收账款周转天数", "receivables / sales of the last year × 365", "08", ("dso",)),
    Term("net promoter score", "净推荐值", "% promoters (9-10) - % detractors (0-6)", "08", ("nps",)),
    Term("technical-issue management", "技术问题管理", "handling service tickets fast and well", "08", ()),
    Term("satisfaction management", "客户满意度综合管控", "voice of the customer, technical issues, surveys", "08", ()),
    Term("penetration", "渗透", "growing an ordinary customer from first lead to many product lines", "08", ()),
    Term("customer 360° view", "客户360度视图", "one table with every analysis of a customer", "09", ()),
    Term("management report", "管理报告", "the one-page summary of the analysis for management", "09", ()),
    Term("management tier", "管理等级", "the tier a customer is managed by, from value so far and to come", "09", ()),
    Term("keep", "重点保持", "20/60/20 decision for the most profitable 20 %: serve them best", "09", ("keep",)),
    Term("develop", "设法留住", "20/60/20 decision for the middle 60 %: keep them and grow them", "09", ("develop",)),
    Term(
        "let go",
        "果断放弃",
        "20/60/20 decision for the least profitable 20 %: stop wasting resources",
        "09",
        ("let go",),
    ),
)


def glossary() -> pd.DataFrame:
    """The glossary as a DataFrame indexed by the English term: ``zh``, ``meaning``, ``lesson``."""
    frame = pd.DataFrame([t[:4] for t in TERMS], columns=["en", "zh", "meaning", "lesson"])
    return frame.set_index("en")


@cache
def _chinese_by_name() -> dict[str, str]:
    names = {t.en.lower(): t.zh for t in TERMS}
    for term in TERMS:
        names.update({code.lower(): term.zh for code in term.codes})
    return names


def zh(term: str) -> str:
    """The Chinese name of an English term or of a code used in the course's tables (case-insensitive)."""
    try:
        return _chinese_by_name()[str(term).lower()]
    except KeyError:
        raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms") from None


def en(term: str) -> str:
    """The English name of a Chinese term."""
    for entry in TERMS:
        if entry.zh == term:
            return entry.en
    raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms")


def label(value: str, lang: str = "en") -> str:
    """The label of a term or code in ``lang``: the value itself in English, its glossary name in Chinese.

    Examples
    --------
    >>> label("Important value", "zh"), label("old-big", "zh")
    ('重要价值客户', '老客户·大客户')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    return str(value) if lang == "en" else zh(value)
