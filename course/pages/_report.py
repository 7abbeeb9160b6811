"""The one-page management report (管理报告): the capstone's conclusions as one self-contained HTML file.

It reads like a memo to the management team. It opens with the
recommendations, each with the figure behind it, then the key figures of the
last 12 months, the final management tiers with their playbook and hours,
the four groups, the 20/60/20 decision with the accounts to let go named, the
win-back list of lost accounts, the key accounts' relationships, white space
and plans, the accounts to call first, and lead to cash with payment
collection on the invoices. Decisions are made on the
current customers (a purchase in the last 365 days) and on the profit after
cost to serve of the last 12 months; every number is computed from the
database given and every account shows one tier, its final management tier.
Charts are embedded PNGs; there is no code and nothing to download.

Examples
--------
>>> from course.data import load_b2b
>>> html = management_report(load_b2b(), asof="2025-12-31")
>>> "Recommendations" in html and "data:image/png;base64," in html and "http" not in html
True
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from course import kam, pareto
from course.glossary import zh
from course.management import (
    current_customers,
    customer_360,
    decision_20_60_20,
    hours_by_tier,
    let_go_accounts,
    management_tiers,
    win_back_list,
)
from course.pages._html import escape, facts_html, figure_html, page, section, table_html
from course.plots import (
    decision_chart,
    funnel_chart,
    money,
    tier_effort_chart,
    use_course_style,
    whale_split_chart,
)
from course.purchases import resolve_asof
from course.strategy import group_playbook
from course.tiers import group_profit

__all__ = ["management_report", "write_report", "report_frames"]

_SHARE = "{:.0%}"
_MONEY = "{:,.0f}"
_TIER_ORDER = ["strategic", "important", "general", "prospect"]
_RECENT = {"revenue": "revenue_12m", "margin": "margin_12m", "cost_to_serve": "cost_to_serve_12m"}


def _period(day: pd.Timestamp) -> str:
    """The 12 months up to ``day`` in words, e.g. '1 Jan 2025 to 31 Dec 2025'."""
    start = day - pd.Timedelta(days=364)
    return f"{start.day} {start:%b %Y} to {day.day} {day:%b %Y}"


def report_frames(view: pd.DataFrame, tiers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables of the report that show accounts, each with its final management tier.

    Returns
    -------
    dict of DataFrame
        ``"call_list"`` (the 10 current customers with the largest revenue at
        risk), ``"let_go"`` (the bottom 20 % by recent profit, account by
        account) and ``"win_back"`` (the 10 most valuable lost accounts), each
        indexed by ``customer_id`` with a ``final_tier`` column taken from
        ``tiers`` -- the one tier the report shows.
    """
    final = tiers["final_tier"].astype("object")
    calls = view.dropna(subset=["revenue_at_risk"]).nlargest(10, "revenue_at_risk")
    call_list = calls[["company_name", "account_manager", "churn_risk", "revenue_12m", "revenue_at_risk"]]
    let_go = let_go_accounts(view)
    win_back = win_back_list(view).head(10)
    return {
        name: frame.assign(final_tier=final.reindex(frame.index))
        for name, frame in {"call_list": call_list, "let_go": let_go, "win_back": win_back}.items()
    }


def _recommendations(view: pd.DataFrame, tiers: pd.DataFrame, frames: dict) -> tuple[str, list[str]]:
    current = view[current_customers(view)]
    decision = decision_20_60_20(view)
    hours = hours_by_tier(tiers, view).loc[["strategic", "important", "general"]]
    top, middle, bottom = (decision.loc[g] for g in ("top 20%", "middle 60%", "bottom 20%"))
    verdicts = frames["let_go"]["verdict"]
    let_go = frames["let_go"][verdicts == "let go"]
    gap = (hours["hours_by_profit"] - hours["hours"]).sort_values()
    short, over = gap.index[-1], gap.index[0]
    win_back = win_back_list(view)
    total = float(let_go["profit_12m"].sum())
    lost_or_earned = f"they lost {money(-total)} CNY" if total < 0 else f"together they earned only {money(total)} CNY"
    items = [
        f"<b>Keep</b> the {top['customers']:,} most profitable current customers: they earned "
        f"{top['profit_share']:.0%} of the last 12 months' profit after cost to serve "
        f"({money(top['profit_12m'])} CNY).",
        (
            f"<b>Retain</b> the middle {middle['customers']:,}: they break even, as the rule of thumb expects "
            f"({middle['profit_share']:.0%} of the profit); serve them through low-cost channels."
            if abs(middle["profit_share"]) < 0.05
            else f"<b>Retain, do not cut</b> the middle {middle['customers']:,}: they do not just break even, they "
            f"earned {middle['profit_share']:.0%} of the profit ({money(middle['profit_per_customer'])} CNY each); "
            "serve them through low-cost channels."
        ),
        f"<b>Let go</b> {len(let_go):,} old accounts at the bottom of the profit ranking with a low lifetime value "
        f"({lost_or_earned} in the last 12 months; named below); review the other "
        f"{int((verdicts != 'let go').sum()):,} of the bottom {bottom['customers']:,} first.",
        f"<b>Move account-manager time to the {short} tier</b>: the playbook gives it "
        f"{hours.loc[short, 'hours']:,.0f} hours a year, its share of the profit would justify "
        f"{hours.loc[short, 'hours_by_profit']:,.0f}; the {over} tier gets "
        f"{hours.loc[over, 'hours'] - hours.loc[over, 'hours_by_profit']:,.0f} hours more than its profit.",
        f"<b>Win back</b> the most valuable of the {len(win_back):,} lost accounts (no purchase for over a year): "
        f"the top 10 earned {money(win_back['profit'].head(10).sum())} CNY of profit while they bought. "
        f"They get no tier and no playbook hours; plans are made for the {len(current):,} current customers.",
    ]
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>", items


def _figures(db: object, view: pd.DataFrame, day: pd.Timestamp) -> str:
    current = current_customers(view)
    surveys = db.surveys[(db.surveys["date"] > day - pd.Timedelta(days=365)) & ~(db.surveys["date"] > day)]
    facts = [
        (f"current customers {zh('current customer')} (bought in the last 12 months)", f"{int(current.sum()):,}"),
        ("lost customers (no purchase for over a year)", f"{int(((view['revenue'] > 0) & ~current).sum()):,}"),
        ("revenue", money(view["revenue_12m"].sum())),
        ("profit after cost to serve", money(view["profit_12m"].sum())),
        (
            "top 20 % of current customers: share of revenue",
            f"{pareto.top_share(view.loc[current, 'revenue_12m']):.0%}",
        ),
        ("current customers losing money", f"{(view.loc[current, 'profit_12m'] < 0).mean():.0%}"),
        ("net promoter score", f"{kam.nps(surveys['nps']):+.0f}"),
    ]
    return facts_html(facts)


def _tier_section(view: pd.DataFrame, tiers: pd.DataFrame, period: str) -> str:
    current = current_customers(view)
    planned = view.assign(final_tier=tiers["final_tier"].astype("object"))[current | (view["revenue"] == 0)]
    by_tier = group_profit(planned, by="final_tier", **_RECENT).reindex(_TIER_ORDER)
    hours = hours_by_tier(tiers, view)
    table = pd.DataFrame(
        {
            "中文": [zh(t) for t in _TIER_ORDER],
            "customers": by_tier["customers"],
            "share of revenue": by_tier["revenue_share"],
            "share of profit": by_tier["profit_share"],
            "hours per customer (playbook)": hours["hours_per_customer"],
            "share of hours (playbook)": hours["hours_share"],
            "share of hours if time followed profit": hours["hours_by_profit"] / hours["hours_by_profit"].sum(),
        }
    )
    playbook = tiers.drop_duplicates("final_tier").set_index("final_tier")[["team", "contact_frequency"]]
    playbook = playbook.set_axis(playbook.index.astype(str)).reindex([*_TIER_ORDER, "lost"])
    playbook.columns = ["who serves the account", "how often"]
    ax = tier_effort_chart(table[["share of revenue", "share of profit", "share of hours (playbook)"]].iloc[:3])
    reviews = tiers["review"].value_counts()
    notes = "".join(f"<li>{count:,} accounts: {escape(text)}</li>" for text, count in reviews.items() if text)
    formats = {c: _SHARE for c in table.columns if c.startswith("share")}
    return section(
        f"Management tiers {zh('management tier')} and their playbook",
        '<p class="note">Current customers only. A customer\'s tier is the higher of its tier by profit after '
        "cost to serve in the last 12 months (top 5 % strategic, next 15 % important) and its tier by lifetime value, "
        "the expected margin of the next three years (same shares). Revenue and profit: "
        f"{period}. Hours: 30 account managers × 1,000 hours a year, shared by the playbook; the last column "
        "shows the shares if time followed profit.</p>",
        '<div class="grid">',
        table_html(table.rename_axis("tier"), formats | {"hours per customer (playbook)": "{:.0f}"}),
        figure_html(ax.figure, "tiers"),
        "</div>",
        f"<ul>{notes}</ul>",
        table_html(playbook.rename_axis("tier")),
    )


def _groups_section(view: pd.DataFrame, period: str) -> str:
    current = view[current_customers(view)]
    groups = group_profit(current, by="group", **_RECENT)
    strategy = group_playbook()["strategy"]
    table = pd.DataFrame(
        {
            "中文": [zh(g) for g in groups.index.astype(str)],
            "customers": groups["customers"],
            "margin per yuan of revenue": groups["margin_rate"],
            "cost to serve per yuan of revenue": groups["cts_per_revenue"],
            "profit per yuan of revenue": groups["profit_rate"],
            "share of profit": groups["profit_share"],
            "strategy": strategy.reindex(groups.index).to_numpy(),
        },
        index=groups.index.astype(str),
    )
    formats = {c: _SHARE for c in table.columns if "yuan" in c or c.startswith("share")}
    return section(
        "Old and new, big and small customers",
        f'<p class="note">Current customers; old = first purchase more than two years ago, big = top 20 % by '
        f"revenue. Revenue, margin, cost to serve and profit: {period}.</p>",
        table_html(table.rename_axis("group"), formats),
    )


def _split_section(view: pd.DataFrame, let_go: pd.DataFrame, period: str) -> str:
    decision = decision_20_60_20(view)
    fig, (ax, whale_ax) = plt.subplots(1, 2, figsize=(10, 3.0))
    decision_chart(decision["profit_12m"], ax=ax)
    whale_split_chart(pareto.whale_curve(view.loc[current_customers(view), "profit_12m"]), ax=whale_ax)
    table = pd.DataFrame(
        {
            "decision": decision["decision"],
            "中文": decision["decision_zh"],
            "customers": decision["customers"],
            "revenue (CNY)": decision["revenue_12m"],
            "cost to serve (CNY)": decision["cost_to_serve_12m"],
            "profit (CNY)": decision["profit_12m"],
            "share of profit": decision["profit_share"],
            "cost to serve per yuan of revenue": decision["cts_per_revenue"],
            "share losing money": decision["loss_makers"],
        }
    )
    formats = {c: (_MONEY if "CNY" in c else _SHARE) for c in table.columns[3:]}
    counts = let_go["verdict"].value_counts()
    young = int(counts.get("review: young account, acquisition cost still in its profit", 0))
    valuable = int(counts.get("review: high lifetime value, fix the cost to serve", 0))
    let_go = let_go[let_go["verdict"] == "let go"].sort_values("profit_12m")
    accounts = pd.DataFrame(
        {
            "company": let_go["company_name"],
            "management tier": let_go["final_tier"],
            "years as customer": let_go["tenure_years"],
            "revenue, last 12 months (CNY)": let_go["revenue_12m"],
            "profit after cost to serve, last 12 months (CNY)": let_go["profit_12m"],
        }
    )
    return section(
        "Keep, retain, let go (the 20/60/20 rule)",
        f'<p class="note">Current customers ranked by profit after cost to serve, {period}.</p>',
        '<div class="grid">',
        table_html(table.rename_axis("group"), formats),
        figure_html(fig, "split"),
        "</div>",
        f"<h3>The bottom 20 %, reviewed account by account</h3><p>Of the {len(let_go) + young + valuable:,} "
        f"accounts, {young:,} are under two years old and still carry the cost of winning them: give "
        f"them time. {valuable:,} have a lifetime value in the top half: serve them more cheaply rather than drop "
        f"them. The other {len(let_go):,} are let go:</p>",
        table_html(
            accounts.rename_axis("customer"),
            {"years as customer": "{:.1f}"} | {c: _MONEY for c in accounts.columns if "CNY" in c},
        ),
    )


def _win_back_section(view: pd.DataFrame, win_back: pd.DataFrame) -> str:
    lost = win_back_list(view)
    table = pd.DataFrame(
        {
            "company": win_back["company_name"],
            "account manager": win_back["account_manager"],
            "last purchase": win_back["last_purchase"].dt.strftime("%Y-%m-%d"),
            "years buying": win_back["years_bought"],
            "revenue, all years (CNY)": win_back["revenue"],
            "profit, all years (CNY)": win_back["profit"],
            "profit per year (CNY)": win_back["profit_per_year"],
        }
    )
    return section(
        f"Win-back list {zh('win-back list')}: lost customers {zh('lost')}",
        f"<p>{len(lost):,} accounts have not bought for more than a year. They are not in any tier and get no "
        f"playbook hours. While they bought, the profitable ones among them earned "
        f"{money(lost['profit'].clip(lower=0).sum())} CNY of profit after cost to serve. The ten most valuable, "
        "for one call each by the account manager who knew them:</p>",
        table_html(
            table.rename_axis("customer"),
            {"years buying": "{:.1f}"} | {c: _MONEY for c in table.columns if "CNY" in c},
        ),
    )


def _key_accounts_section(db: object, view: pd.DataFrame, day: pd.Timestamp) -> str:
    big = view.index[view["class"].astype("object") == "big"]
    gaps = kam.relationship_gaps(db, day).loc[big]
    shares = gaps[[g for g in kam.GAP_LABELS if g != "no_contacts"]].mean().rename(index=kam.GAP_LABELS)
    parts = [
        facts_html(
            [
                (f"big customers {zh('big')}", f"{len(big)}"),
                ("median relationship health (0-100)", f"{view.loc[big, 'health'].median():.0f}"),
                ("median share of the customer's spend with us", f"{view.loc[big, 'share_of_wallet'].median():.0%}"),
            ]
        ),
        table_html(shares.to_frame("share of big customers").rename_axis("gap"), {"share of big customers": _SHARE}),
    ]
    year = kam.wallet_year(day)
    space = kam.white_space_by_class(db, view[["class"]], year).drop(index="ordinary", errors="ignore")
    white = pd.DataFrame(
        {
            "中文": [zh(c) for c in space.index.astype(str)],
            "accounts": space["accounts"],
            f"their spend in {year}, all suppliers (CNY)": space["wallet"],
            "bought from us (CNY)": space["revenue"],
            "our share": space["share"],
            "growth at the peers' best share (CNY)": space["potential"],
        }
    )
    parts += [
        f"<h3>White space {zh('white space')}: big and high-potential customers</h3>",
        '<p class="note">Growth at the peers\' best share: what each account would add, product line by product '
        "line, if it bought from us the share that the best quarter of its industry's buyers do.</p>",
        table_html(
            white.rename_axis("class"), {c: (_SHARE if c == "our share" else _MONEY) for c in white.columns[2:]}
        ),
    ]
    if len(getattr(db, "account_plans", ())):
        status = kam.plan_status(db, day)
        latest = status[status["year"] == status["year"].max()]
        parts.append(
            f"<p>Account plans {int(latest['year'].max())}: {len(latest)} plans, {latest['on_plan'].mean():.0%} on "
            f"plan; median share of the planned actions done {latest['execution'].median():.0%}, median share "
            f"of the sales target reached {latest['sales_attainment'].median():.0%}.</p>"
        )
    return section("Key accounts: relationships and plans", *parts)


def _call_list_section(calls: pd.DataFrame) -> str:
    table = pd.DataFrame(
        {
            "company": calls["company_name"],
            "management tier": calls["final_tier"],
            "account manager": calls["account_manager"],
            "chance of leaving within a year": calls["churn_risk"],
            "revenue, last 12 months (CNY)": calls["revenue_12m"],
            "revenue at risk (CNY)": calls["revenue_at_risk"],
        }
    )
    return section(
        "Accounts to call first: chance of leaving × revenue",
        table_html(
            table.rename_axis("customer"),
            {
                "chance of leaving within a year": _SHARE,
                "revenue, last 12 months (CNY)": _MONEY,
                "revenue at risk (CNY)": _MONEY,
            },
        ),
    )


def _ltc_section(db: object, day: pd.Timestamp, period: str) -> str:
    funnel = kam.ltc_funnel(db, day, min_age_days=180)
    fig, ax = plt.subplots(figsize=(6.5, 2.6))
    funnel_chart(funnel, ax=ax, title="Leads at least six months old: how far they got")
    stages = funnel[["deals", "conversion", "from_lead"]].set_axis(
        ["deals", "share of the stage before", "share of the leads"], axis=1
    )
    parts = [figure_html(fig, "funnel"), '<div class="grid">']
    parts.append(table_html(stages, {"share of the stage before": _SHARE, "share of the leads": _SHARE}))
    if len(getattr(db, "invoices", ())):
        known = kam.invoices_as_of(db, day)
        invoiced = float(known.loc[known["invoice_date"] > day - pd.Timedelta(days=365), "amount"].sum())
        ageing = kam.ageing(kam.receivables(db, day)).rename_axis("days past due")
        ageing.columns = ["invoices", "amount (CNY)", "share"]
        history = kam.payment_behaviour(db, day).tail(3)
        history = pd.DataFrame(
            {
                "invoices due": history["invoices"],
                "share paid late": history["paid_late"],
                "median days late (late ones)": history["median_days_late"],
            }
        ).rename_axis("year due")
        parts.insert(
            1,
            f'<p class="note">Payment collection on the invoices (one per order): {money(invoiced)} CNY invoiced '
            f"{period}, the order revenue of the period; days sales outstanding on {day.date()}: "
            f"{kam.dso(db, day):.0f} (invoices not yet paid / invoiced in the 12 months × 365). The tables: "
            "the invoices not yet paid on that day by days past their due date, and how the invoices of the last "
            "three years were paid.</p>",
        )
        parts.append(table_html(ageing, {"amount (CNY)": _MONEY, "share": _SHARE}))
        parts.append(table_html(history, {"share paid late": _SHARE, "median days late (late ones)": "{:.0f}"}))
    parts.append("</div>")
    return section(f"Lead to cash and payment collection {zh('payment collection')}", *parts)


def management_report(db: object, asof: object = None, note: str = "", view: pd.DataFrame | None = None) -> str:
    """The one-page management report as a self-contained HTML page (see the module docstring).

    ``note`` is printed under the title (e.g. which database the report was made from); ``view`` may pass
    the :func:`customer_360` of ``db`` for the same ``asof``, to save computing it again.
    """
    day = resolve_asof(asof, db.orders["order_date"] if asof is None else None)
    period = _period(day)
    with matplotlib.rc_context():
        use_course_style()
        view = customer_360(db, day) if view is None else view
        tiers = management_tiers(view)
        frames = report_frames(view, tiers)
        recommendations, _ = _recommendations(view, tiers, frames)
        sections = [
            section("Recommendations", recommendations),
            section(f"Key figures, {period}", _figures(db, view, day)),
            _tier_section(view, tiers, period),
            _groups_section(view, period),
            _split_section(view, frames["let_go"], period),
            _win_back_section(view, frames["win_back"]),
            _key_accounts_section(db, view, day),
            _call_list_section(frames["call_list"]),
            _ltc_section(db, day, period),
        ]
    subtitle = f"As of {day.date()}. {note}".strip()
    return page(
        f"Management report {zh('management report')}: customer tiering and key accounts",
        sections,
        subtitle=subtitle,
        footer="Generated by python -m course report. Synthetic data.",
    )


def write_report(
    db: object, path: str | os.PathLike[str], asof: object = None, note: str = "", view: pd.DataFrame | None = None
) -> Path:
    """Write :func:`management_report` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(management_report(db, asof, note, view), encoding="utf-8")
    return target
