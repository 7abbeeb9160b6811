"""The words on the course's charts and summary tables (axes, legends, columns), in English and Chinese."""

from __future__ import annotations

__all__ = ["LABELS"]

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
