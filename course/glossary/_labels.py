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
    # the key-account charts (lesson 08, the customer archive) and the management report's charts (lesson 09)
    "attitude towards us": ("attitude towards us", "对我方的态度"),
    "influence on the decision (1-5)": ("influence on the decision (1-5)", "对决策的影响力（1-5）"),
    "layer": ("layer", "关系层级"),
    "Relationship map: influence and attitude": (
        "Relationship map: influence and attitude",
        "客户关系图：影响力与态度",
    ),
    "decision makers": ("decision\nmakers", "决策者"),
    "influencers, coaches": ("influencers,\ncoaches", "影响者、内线"),
    "users, gatekeepers": ("users,\ngatekeepers", "使用者、把关者"),
    "role in the decision": ("role in the decision", "决策角色"),
    "influence {value}": ("influence {value}", "影响力 {value}"),
    "org map key": (
        "colour: green supporter, grey neutral, red opponent; thick border: key decision maker\n"
        "border: solid = contacted in the last 90 days, dotted = 3-12 months ago,\n"
        "dashed = not for a year",
        "颜色：绿 支持者，灰 中立者，红 反对者；粗边框：关键决策者\n"
        "边框：实线 = 近 90 天内联系过，点线 = 3-12 个月前，\n"
        "虚线 = 一年以上未联系",
    ),
    "Org map of the account": ("Org map of the account", "客户组织结构图"),
    "bought from us": ("bought from us", "向我方采购"),
    "spent with other suppliers (white space)": (
        "spent with other suppliers (white space)",
        "向其他供应商采购（空白点）",
    ),
    "spend in {year} (CNY)": ("spend in {year} (CNY)", "{year} 年采购额（元）"),
    "Wallet by product line: our share and the white space": (
        "Wallet by product line: our share and the white space",
        "按产品线的客户采购总额：我方份额与空白点",
    ),
    "big customers": ("big customers", "大客户"),
    "our strength at the account": (
        "our strength at the account (0-100; low < {low:g} <= medium < {high:g} <= high)",
        "我方在该客户的竞争地位（0-100；低 < {low:g} <= 中 < {high:g} <= 高）",
    ),
    "attractiveness of the account (0-100)": ("attractiveness of the account (0-100)", "客户吸引力（0-100）"),
    "Key-account portfolio: where to invest": ("Key-account portfolio: where to invest", "大客户组合：投资方向"),
    "deals (share of leads)": ("deals (share of leads)", "项目数（占线索的比例）"),
    "stage of the deal": ("stage of the deal", "项目阶段"),
    "Lead to cash: deals reaching each stage": (
        "Lead to cash: deals reaching each stage",
        "从线索到回款：到达各阶段的项目",
    ),
    "year": ("year", "年份"),
    "revenue (CNY)": ("revenue (CNY)", "收入（元）"),
    "Revenue per year (completed order lines)": (
        "Revenue per year (completed order lines)",
        "每年收入（已完成的订单行）",
    ),
    "share of the total": ("share of the total", "占总额比例"),
    "share of revenue": ("share of revenue", "收入占比"),
    "share of profit": ("share of profit", "利润占比"),
    "share of hours (playbook)": ("share of hours (playbook)", "工时占比（服务方案）"),
    "Revenue, profit and account-manager hours by tier": (
        "Revenue, profit and account-manager hours by tier",
        "各层级的收入、利润与客户经理工时",
    ),
    "top 20%": ("top 20%", "前 20%"),
    "middle 60%": ("middle 60%", "中间 60%"),
    "bottom 20%": ("bottom 20%", "后 20%"),
    "profit (CNY)": ("profit (CNY)", "利润（元）"),
    "Profit of the 20/60/20 groups": ("Profit of the 20/60/20 groups", "20/60/20 各组的利润"),
    "current customers, most profitable first": (
        "current customers, most profitable first",
        "当前客户（利润从高到低）",
    ),
    "cumulative profit": ("cumulative profit", "累计利润"),
    "Profit whale curve": ("Profit whale curve", "利润鲸鱼曲线"),
}
