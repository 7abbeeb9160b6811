"""English ↔ Chinese terms of customer tiering and key-account management.

Lessons show the Chinese name of each key term the first time it appears;
this table is where those names come from.

Examples
--------
>>> from course.glossary import zh, glossary
>>> zh("strategic customer")
'战略客户'
>>> glossary().loc["churned customer", "chinese"]
'流失客户'
"""

from __future__ import annotations

import pandas as pd

__all__ = ["TERMS", "glossary", "zh", "en"]

#: (English, Chinese, one-line meaning, lesson that introduces it)
TERMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "customer insight",
        "客户洞察",
        "understanding customers' needs and behaviour from surveys, interviews and data",
        "01",
    ),
    ("market research", "市场调研", "structured surveys of customers and the market", "01"),
    ("customer interview", "客户访谈", "one-to-one conversations that reveal needs and decision processes", "01"),
    ("data analysis", "数据分析", "analysis of transactions and interactions recorded in the CRM", "01"),
    ("purchase amount", "购买金额", "total spend of a customer over a period", "01"),
    ("purchase frequency", "购买频率", "how often a customer buys", "01"),
    ("profit contribution", "利润贡献", "margin minus the cost of serving the customer", "02"),
    ("customer tiering", "客户分级", "ranking customers into service levels by value", "02"),
    ("segmentation", "客户细分", "grouping customers with similar needs or behaviour", "03"),
    ("strategic customer", "战略客户", "few accounts critical to long-term growth, profit and competitiveness", "02"),
    ("important customer", "重要客户", "high-value accounts served by a dedicated account-manager team", "02"),
    ("general customer", "一般客户", "accounts of modest value served efficiently", "02"),
    ("ordinary customer", "普通客户", "the many smaller accounts; small, frequent orders and low loyalty", "02"),
    ("key account", "大客户", "a customer whose volume makes it a priority", "02"),
    ("potential customer", "潜力客户", "low spend today, large possible spend tomorrow", "02"),
    ("strategic partner", "战略合作伙伴", "a strategic customer in deep, long-term co-operation", "02"),
    ("old-big customer", "老大客户", "long-standing, high-volume account: thin margin, hard to motivate", "02"),
    ("new-big customer", "新大客户", "recently won large account: costly and risky at first", "02"),
    ("new-small customer", "新小客户", "recent small account: tomorrow's profit, develop boldly", "02"),
    ("old-small customer", "老小客户", "loyal small account: profitable in total but costly to serve", "02"),
    ("recency", "最近一次消费", "days since the last purchase", "03"),
    ("frequency", "消费频率", "number of distinct purchase occasions", "03"),
    ("monetary value", "消费金额", "total spend", "03"),
    ("as-of date", "分析基准日", "the day from which recency and tenure are measured", "03"),
    ("important value customer", "重要价值客户", "RFM class: recent, frequent, high spend", "03"),
    ("important development customer", "重要发展客户", "RFM class: recent, high spend, infrequent", "03"),
    ("important retention customer", "重要保持客户", "RFM class: frequent, high spend, not recent", "03"),
    ("important win-back customer", "重要挽留客户", "RFM class: high spend, infrequent, not recent", "03"),
    ("general value customer", "一般价值客户", "RFM class: recent, frequent, low spend", "03"),
    ("general development customer", "一般发展客户", "RFM class: recent, infrequent, low spend", "03"),
    ("general retention customer", "一般保持客户", "RFM class: frequent, low spend, not recent", "03"),
    ("general win-back customer", "一般挽留客户", "RFM class: infrequent, low spend, not recent", "03"),
    ("80/20 rule", "二八法则", "a minority of customers brings most of the revenue or profit", "04"),
    ("Lorenz curve", "洛伦兹曲线", "cumulative share of value against cumulative share of customers", "04"),
    ("Gini coefficient", "基尼系数", "0 when all customers are equal, near 1 when one holds everything", "04"),
    (
        "ABC classification",
        "ABC 分类",
        "A: customers making the first 80% of value; B: the next 15%; C: the rest",
        "04",
    ),
    (
        "profit whale curve",
        "利润鲸鱼曲线",
        "cumulative profit by customer, peaking above 100% when some customers lose money",
        "04",
    ),
    ("cost to serve", "服务成本", "sales, logistics, support and marketing cost of one customer", "04"),
    ("clustering", "聚类分群", "grouping customers by similarity, without predefined rules", "05"),
    ("cohort", "同期群", "customers who made their first purchase in the same period", "06"),
    ("customer lifecycle", "客户生命周期", "the stages of a customer relationship from prospect to loss", "06"),
    ("active customer", "活跃客户", "buys regularly and interacts", "06"),
    ("potential customer (prospect)", "潜在客户", "interested but has not bought yet", "06"),
    ("dormant customer", "沉睡客户", "buys rarely; needs to be woken up", "06"),
    ("churned customer", "流失客户", "has stopped buying", "06"),
    ("customer lifetime value", "客户终身价值", "the value a customer will bring over the whole relationship", "07"),
    ("retention rate", "客户保留率", "share of customers still buying after a period", "07"),
    ("discount rate", "折现率", "rate that turns future money into today's value", "07"),
    ("probability alive", "仍活跃的概率", "BG/NBD's probability that a customer has not silently left", "07"),
    ("account manager", "客户经理", "the salesperson responsible for an account", "02"),
    ("customer satisfaction", "客户满意度", "how satisfied customers are, measured by CSAT or NPS", "08"),
    ("voice of the customer", "客户声音", "customers' own feedback, complaints and requests", "08"),
    ("payment collection", "回款", "collecting the money due under a contract", "08"),
    ("lead to cash", "LTC", "the process from a lead through contract to collected payment", "08"),
    ("key-person relationship", "关键客户关系", "relationships with the account's decision makers", "08"),
    ("broad relationship", "普遍客户关系", "relationships across the account's many users and influencers", "08"),
    ("organisational relationship", "组织客户关系", "company-to-company partnership beyond individuals", "08"),
    (
        "iron triangle",
        "铁三角",
        "account, solution and fulfilment responsibles (AR / SR / FR) serving one account",
        "08",
    ),
    ("customer archive", "客户档案", "the structured record of an account: strategy, operations, finance", "08"),
)


def glossary() -> pd.DataFrame:
    """The glossary as a DataFrame indexed by the English term."""
    return pd.DataFrame(TERMS, columns=["english", "chinese", "meaning", "lesson"]).set_index("english")


def zh(term: str) -> str:
    """The Chinese name of an English term (case-insensitive)."""
    for english, chinese, _, _ in TERMS:
        if english.lower() == term.lower():
            return chinese
    raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms")


def en(term: str) -> str:
    """The English name of a Chinese term."""
    for english, chinese, _, _ in TERMS:
        if chinese == term:
            return english
    raise KeyError(f"{term!r} is not in the glossary; see course.glossary.glossary() for the terms")
