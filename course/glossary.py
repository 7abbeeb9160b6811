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

__all__ = ["Term", "TERMS", "LABELS", "LANGUAGES", "glossary", "zh", "en", "label", "localise"]

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
        "ordinary customer", "普通客户", "the many smaller accounts; small, frequent orders and low loyalty", "02", ()
    ),
    Term("key account", "大客户", "a customer whose volume makes it a priority", "02", ()),
    Term("potential customer", "潜力客户", "low spend today, large possible spend tomorrow", "02", ()),
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
    Term("account manager", "客户经理", "the salesperson responsible for an account", "02", ()),
    Term("customer satisfaction", "客户满意度", "how satisfied customers are, measured by CSAT or NPS", "08", ()),
    Term("voice of the customer", "客户声音", "customers' own feedback, complaints and requests", "08", ()),
    Term("payment collection", "回款", "collecting the money due under a contract", "08", ()),
    Term("lead to cash", "LTC", "the process from a lead through contract to collected payment", "08", ()),
    Term("key-person relationship", "关键客户关系", "relationships with the account's decision makers", "08", ()),
    Term(
        "broad relationship", "普遍客户关系", "relationships across the account's many users and influencers", "08", ()
    ),
    Term("organisational relationship", "组织客户关系", "company-to-company partnership beyond individuals", "08", ()),
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
)


#: The words that charts and summary tables put on their axes, legends and columns (what a category
#: *is*, what a bar measures), as code → (English label, Chinese label). They are labels, not terms
#: of the field, so the glossary page does not list them; :func:`label` and :func:`localise` read
#: them like the terms' codes, and charts show the English label instead of a column's code.
LABELS: dict[str, tuple[str, str]] = {
    "tier": ("tier", "客户层级"),
    "group": ("group", "客户分组"),
    "RFM class": ("RFM class", "RFM 客户类别"),
    "class_en": ("RFM class", "RFM 客户类别"),
    "segment": ("segment", "客户细分群"),
    "lifecycle state": ("lifecycle state", "生命周期状态"),
    "state": ("lifecycle state", "生命周期状态"),
    "customers": ("customers", "客户数"),
    "customer_share": ("share of customers", "客户占比"),
    "revenue_share": ("share of revenue", "收入占比"),
    "profit_share": ("share of profit", "利润占比"),
    "monetary_share": ("share of spend", "消费金额占比"),
    "margin": ("margin", "毛利"),
    "margin_rate": ("gross margin rate", "毛利率"),
    "cost_to_serve": ("cost to serve", "服务成本"),
    "cts_per_revenue": ("cost to serve per yuan of revenue", "服务成本率"),
    "profit_rate": ("profit rate", "利润率"),
    "profit_per_customer": ("profit per customer", "单客户利润"),
    "churn_rate": ("churn rate", "流失率"),
    "not yet acquired": ("not yet acquired", "尚未获客"),
    "before": ("before", "之前"),
    "after": ("after", "之后"),
    "share of": ("share of", "占比"),
    "share of the row": ("share of the row", "占该行比例"),
    "share of customers, smallest first": ("share of customers, smallest first", "客户累计占比（从小到大）"),
    "share of customers, most profitable first": (
        "share of customers, most profitable first",
        "客户累计占比（利润从高到低）",
    ),
    "cumulative share of revenue": ("cumulative share of revenue", "收入累计占比"),
    "cumulative share of profit": ("cumulative share of profit", "利润累计占比"),
    "perfect equality": ("perfect equality", "完全平均"),
    "100% of total profit": ("100% of total profit", "总利润的 100%"),
    "peak": ("peak", "峰值"),
    "years since the first purchase": ("years since the first purchase", "首次购买后的年数"),
    "share of customers still buying": ("share of customers still buying", "仍在购买的客户比例"),
    # the cluster names of course.clustering.name_clusters (lesson 05)
    "cluster": ("cluster", "簇"),
    "Key accounts": ("Key accounts", "大客户"),
    "Lapsed": ("Lapsed", "流失/沉睡客户"),
    "Loss-making": ("Loss-making", "亏损客户"),
    "New": ("New", "新客户"),
    "High value, frequent": ("High value, frequent", "高价值·常购"),
    "High value, occasional": ("High value, occasional", "高价值·偶购"),
    "Low value, frequent": ("Low value, frequent", "低价值·常购"),
    "Low value, occasional": ("Low value, occasional", "低价值·偶购"),
    "Clusters: share of customers and share of revenue": (
        "Clusters: share of customers and share of revenue",
        "各簇的客户占比与收入占比",
    ),
}


def glossary() -> pd.DataFrame:
    """The glossary as a DataFrame indexed by the English term: ``zh``, ``meaning``, ``lesson``."""
    frame = pd.DataFrame([t[:4] for t in TERMS], columns=["en", "zh", "meaning", "lesson"])
    return frame.set_index("en")


@cache
def _chinese_by_name() -> dict[str, str]:
    names = {english.lower(): chinese for english, chinese in LABELS.values()}
    names.update({code.lower(): chinese for code, (_, chinese) in LABELS.items()})
    names.update({t.en.lower(): t.zh for t in TERMS})
    for term in TERMS:
        names.update({code.lower(): term.zh for code in term.codes})
    return names


def zh(term: str) -> str:
    """The Chinese name of an English term, a code of the course's tables or a chart label (case-insensitive)."""
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


def label(value: str, lang: str = "en", *, readable: bool = False) -> str:
    """The label of a term or code in ``lang``: the value itself in English, its glossary name in Chinese.

    With ``readable=True`` a column code of :data:`LABELS` reads as words in
    English too (``customer_share`` → ``share of customers``), as charts show it.

    Examples
    --------
    >>> label("Important value", "zh"), label("old-big", "zh")
    ('重要价值客户', '老客户·大客户')
    >>> label("customer_share", "en"), label("customer_share", "en", readable=True)
    ('customer_share', 'share of customers')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    if lang == "zh":
        return zh(value)
    if readable and str(value) in LABELS:
        return LABELS[str(value)][0]
    return str(value)


def localise(table: pd.DataFrame | pd.Series, lang: str = "en", *, columns: bool = True) -> pd.DataFrame | pd.Series:
    """A copy of a summary table with its index labels (and column names) in ``lang``.

    Every label the glossary knows -- a tier, a group, an RFM class or segment,
    a lifecycle state, a column such as ``revenue_share`` -- is translated, and
    so are the names of the index and the columns; any other label (an
    industry, a number) is kept as it is. ``lang="en"`` returns the table
    unchanged (a copy). The input is never modified.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [3, 9]}, index=pd.Index(["strategic", "general"], name="tier"))
    >>> localise(table, "zh")  # doctest: +NORMALIZE_WHITESPACE
          客户数
    客户层级
    战略客户    3
    一般客户    9
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {LANGUAGES}.")
    result = table.copy()
    if lang == "en":
        return result

    def name(value: object) -> object:
        try:
            return zh(str(value)) if isinstance(value, str) else value
        except KeyError:
            return value

    def relabel(index: pd.Index) -> pd.Index:
        if isinstance(index, pd.MultiIndex):
            levels = [level.map(name) for level in index.levels]
            return index.set_levels(levels).set_names([name(n) for n in index.names])
        if isinstance(index, pd.CategoricalIndex):
            index = index.rename_categories(index.categories.map(name))
        else:
            index = index.map(name)
        return index.rename(name(index.name))

    result.index = relabel(result.index)
    if isinstance(result, pd.Series):
        return result.rename(name(result.name))
    if columns:
        result.columns = relabel(result.columns)
    return result
