"""The one-page management report (管理报告): the capstone's conclusions as one self-contained HTML file.

It reads like a memo to the management team: the key figures, the final
management tiers with their playbook and hours, the four groups, the 20/60/20
decision with the profit and cost-to-serve figures behind it (and whether the
middle 60 % really break even), the key accounts' relationships and plans,
the accounts to call first, and lead to cash. Every number is computed from
the database given; charts are embedded PNGs; there is no code and nothing
to download.

Examples
--------
>>> from course.data import load_b2b
>>> html = management_report(load_b2b(), asof="2025-12-31")
>>> "20/60/20" in html and "data:image/png;base64," in html and "http" not in html
True
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from course import kam, pareto
from course.customers import customer_table
from course.glossary import zh
from course.htmlpage import facts_html, figure_html, page, section, table_html
from course.management._decisions import decision_20_60_20, hours_by_tier, let_go_review, management_tiers
from course.management._view import customer_360
from course.plots import format_money_axis, format_percent_axis, money, use_course_style
from course.purchases import resolve_asof
from course.strategy import group_playbook
from course.tiers import group_profit

__all__ = ["management_report", "write_report"]

_SHARE = "{:.0%}"
_TIER_ORDER = ["strategic", "important", "general", "prospect"]
_MONEY = "{:,.0f}"


def _figures(db: object, view: pd.DataFrame, day: pd.Timestamp) -> tuple[str, dict]:
    buyers = view[view["revenue"] > 0]
    surveys = db.surveys[(db.surveys["date"] > day - pd.Timedelta(days=365)) & ~(db.surveys["date"] > day)]
    facts = {
        "customers on file": f"{len(view):,}",
        "bought in the last 12 months": f"{int((view['revenue_12m'] > 0).sum()):,}",
        "revenue, last 12 months": money(view["revenue_12m"].sum()),
        "profit after cost to serve, all years": money(view["profit"].sum()),
        "top 20 % of buyers: share of revenue": f"{pareto.top_share(buyers['revenue']):.0%}",
        "loss-making buyers": f"{(buyers['profit'] < 0).mean():.0%}",
        "NPS, last 12 months": f"{kam.nps(surveys['nps']):+.0f}",
        "days sales outstanding": f"{kam.dso(db, day):.0f}",
    }
    return facts_html(list(facts.items())), facts


def _tier_section(view: pd.DataFrame, tiers: pd.DataFrame) -> str:
    by_tier = group_profit(view.assign(final_tier=tiers["final_tier"]), by="final_tier")
    hours = hours_by_tier(tiers, view)
    table = pd.DataFrame(
        {
            "中文": [zh(t) for t in by_tier.index.astype(str)],
            "customers": by_tier["customers"],
            "revenue_share": by_tier["revenue_share"],
            "profit_share": by_tier["profit_share"],
            "hours_per_customer": hours["hours_per_customer"],
            "hours_share": hours["hours_share"],
            "hours_if_by_profit": hours["hours_by_profit"] / hours["hours_by_profit"].sum(),
        }
    ).reindex(_TIER_ORDER)
    playbook = tiers.drop_duplicates("final_tier").set_index("final_tier")[["team", "contact_frequency"]]
    playbook = playbook.set_axis(playbook.index.astype(str)).reindex(_TIER_ORDER)
    fig, ax = plt.subplots(figsize=(6.5, 3.0))
    shares = table[["revenue_share", "profit_share", "hours_share"]].iloc[::-1]
    shares.plot.barh(ax=ax, color=["#4c72b0", "#55a868", "#c44e52"])
    format_percent_axis(ax, "x")
    ax.set_xlabel("share of the total")
    ax.set_ylabel("final tier")
    ax.set_title("Revenue, profit and account-manager hours by tier")
    reviews = tiers["review"].value_counts()
    notes = "".join(f"<li>{count:,} accounts: {text}</li>" for text, count in reviews.items() if text)
    formats = dict.fromkeys(("revenue_share", "profit_share", "hours_share", "hours_if_by_profit"), _SHARE)
    return section(
        f"Final management tiers {zh('management tier')} and their playbook",
        '<p class="note">Final tier: the higher of the tier by value so far (lesson 02) and by lifetime value '
        "(lesson 07); lost accounts are general. Hours: 30 account managers × 1,000 hours, shared by the "
        "playbook; the last column shows the shares if time followed profit (source 004).</p>",
        '<div class="grid">',
        table_html(table.rename_axis("tier"), formats | {"hours_per_customer": "{:.0f}"}),
        figure_html(fig, "tiers"),
        "</div>",
        f"<ul>{notes}</ul>",
        table_html(playbook.rename_axis("tier")),
    )


def _groups_section(view: pd.DataFrame) -> str:
    groups = group_profit(view, by="group")
    strategy = group_playbook()["strategy"]
    table = groups[["customers", "margin_rate", "cts_per_revenue", "profit_rate", "profit_share"]].copy()
    table.insert(0, "中文", [zh(g) for g in table.index.astype(str)])
    table["strategy"] = strategy.reindex(table.index).to_numpy()
    formats = dict.fromkeys(("margin_rate", "cts_per_revenue", "profit_rate", "profit_share"), _SHARE)
    return section("The four groups (source 004)", table_html(table.rename_axis("group"), formats))


def _split_section(view: pd.DataFrame, table: pd.DataFrame) -> str:
    decision = decision_20_60_20(view)
    review = let_go_review(view.assign(tenure_years=table["tenure_years"]))
    middle = decision.loc["middle 60%"]
    verdict = (
        "break even, as source 004 says"
        if abs(middle["profit_share"]) < 0.05
        else f"do <b>not</b> just break even: they earn {middle['profit_share']:.0%} of the profit "
        f"({money(middle['profit_per_customer'])} per customer)"
    )
    fig, (ax, whale_ax) = plt.subplots(1, 2, figsize=(10, 3.0))
    ax.bar(decision.index, decision["profit"], color=["#55a868", "#8c8c8c", "#c44e52"])
    format_money_axis(ax, "y")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel("profit (CNY)")
    ax.set_title("Profit of the 20/60/20 groups")
    whale = pareto.whale_curve(view.loc[view["revenue"] > 0, "profit"])
    whale_ax.plot(whale["cum_customer_share"], whale["cum_profit_share"])
    whale_ax.axhline(1.0, color="grey", linestyle="--")
    for cut in (0.2, 0.8):
        whale_ax.axvline(cut, color="black", linewidth=0.7)
    format_percent_axis(whale_ax, "x")
    format_percent_axis(whale_ax, "y")
    whale_ax.set_xlabel("buyers, most profitable first")
    whale_ax.set_ylabel("cumulative profit")
    whale_ax.set_title("Profit whale curve")
    columns = [
        "decision",
        "decision_zh",
        "customers",
        "revenue",
        "cost_to_serve",
        "profit",
        "profit_share",
        "cts_per_revenue",
        "loss_makers",
        "median_clv",
    ]
    formats = {
        "revenue": _MONEY,
        "cost_to_serve": _MONEY,
        "profit": _MONEY,
        "median_clv": _MONEY,
        "profit_share": _SHARE,
        "cts_per_revenue": _SHARE,
        "loss_makers": _SHARE,
    }
    return section(
        "The 20/60/20 decision: keep, develop, let go",
        f"<p>The middle 60 % of the buyers {verdict}. The bottom 20 % cost "
        f"{decision.loc['bottom 20%', 'cts_per_revenue']:.0%} of their revenue to serve.</p>",
        '<div class="grid">',
        table_html(decision[columns].rename_axis("group"), formats),
        figure_html(fig, "split"),
        "</div><h3>Before letting go</h3>",
        table_html(review, {"profit": _MONEY, "revenue": _MONEY, "median_clv": _MONEY}),
    )


def _key_accounts_section(db: object, view: pd.DataFrame, day: pd.Timestamp) -> str:
    big = view.index[view["class"].astype("object") == "big"]
    gaps = kam.relationship_gaps(db, day).loc[big]
    shares = gaps[[g for g in kam.GAP_LABELS if g != "no_contacts"]].mean().rename(index=kam.GAP_LABELS)
    parts = [
        facts_html(
            [
                ("big customers 大客户", f"{len(big)}"),
                ("median relationship health", f"{view.loc[big, 'health'].median():.0f}"),
                ("median share of wallet", f"{view.loc[big, 'share_of_wallet'].median():.0%}"),
            ]
        ),
        table_html(shares.to_frame("share of big customers").rename_axis("gap"), {"share of big customers": _SHARE}),
    ]
    if len(getattr(db, "account_plans", ())):
        status = kam.plan_status(db, day)
        latest = status[status["year"] == status["year"].max()]
        parts.append(
            f"<p>Account plans {int(latest['year'].max())}: {len(latest)} plans, {latest['on_plan'].mean():.0%} on "
            f"plan; median execution {latest['execution'].median():.0%}, median sales attainment "
            f"{latest['sales_attainment'].median():.0%}.</p>"
        )
    return section("Key accounts: relationships and plans", *parts)


def _call_list_section(view: pd.DataFrame) -> str:
    calls = view.dropna(subset=["revenue_at_risk"]).nlargest(10, "revenue_at_risk")
    table = calls[["company_name", "tier", "account_manager", "churn_risk", "revenue_12m", "revenue_at_risk"]]
    return section(
        "Accounts to call first (churn risk × revenue)",
        table_html(table, {"churn_risk": _SHARE, "revenue_12m": _MONEY, "revenue_at_risk": _MONEY}),
    )


def _ltc_section(db: object, day: pd.Timestamp) -> str:
    funnel = kam.ltc_funnel(db, day, min_age_days=180)
    items = kam.receivables(db, day)
    fig, ax = plt.subplots(figsize=(6.5, 2.6))
    kam.plot_funnel(funnel, ax=ax, title="Leads at least six months old: how far they got")
    return section(
        f"Lead to cash and payment collection {zh('payment collection')}",
        figure_html(fig, "funnel"),
        '<div class="grid">',
        table_html(funnel[["deals", "conversion", "from_lead"]], {"conversion": _SHARE, "from_lead": _SHARE}),
        table_html(kam.ageing(items).rename_axis("days past due"), {"amount": _MONEY, "share": _SHARE}),
        "</div>",
    )


def management_report(db: object, asof: object = None, note: str = "", view: pd.DataFrame | None = None) -> str:
    """The one-page management report as a self-contained HTML page (see the module docstring).

    ``note`` is printed under the title (e.g. which database the report was made from); ``view`` may pass
    the :func:`customer_360` of ``db`` for the same ``asof``, to save computing it again.
    """
    day = resolve_asof(asof, db.orders["order_date"] if asof is None else None)
    with matplotlib.rc_context():
        use_course_style()
        with warnings.catch_warnings():  # rows after the as-of day are left out: that is what "as of" means
            warnings.filterwarnings("ignore", message="customer_table: ignored", category=UserWarning)
            table = customer_table(db, asof=day)
        view = customer_360(db, day) if view is None else view
        tiers = management_tiers(view)
        facts, _ = _figures(db, view, day)
        sections = [
            section("Key figures", facts),
            _tier_section(view, tiers),
            _groups_section(view),
            _split_section(view, table),
            _key_accounts_section(db, view, day),
            _call_list_section(view),
            _ltc_section(db, day),
        ]
    subtitle = f"As of {day.date()}. {note}".strip()
    return page(
        f"Management report {zh('management report')}: customer tiering and key accounts",
        sections,
        subtitle=subtitle,
        footer="Generated by python -m course report (course.management.management_report). Synthetic data.",
    )


def write_report(
    db: object, path: str | os.PathLike[str], asof: object = None, note: str = "", view: pd.DataFrame | None = None
) -> Path:
    """Write :func:`management_report` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(management_report(db, asof, note, view), encoding="utf-8")
    return target
