"""Answer checks for exercise 09, the capstone (综合案例).

Each check recomputes its expected answer from the database it is given with
:mod:`course.management` and the lessons' functions (as of 2025-12-31), so
the checks hold for the trainee's own seed and size. The 360° view is
computed once per database and reused by the later checks.

Examples
--------
>>> from course.data import load_b2b
>>> from course.checks import lesson09 as check
>>> check.q1(..., load_b2b())
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `basics` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

import pandas as pd

from course import management, pareto
from course.checks import (
    answer_name,
    check_frame,
    check_ids,
    check_number,
    check_series,
    fail,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, PERCENT, completed, customer_sum
from course.customers import customer_table
from course.data import load_cdnow
from course.i18n import N_
from course.i18n import gettext as _
from course.pages import is_course_page
from course.plots import money

__all__ = ["ASOF", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12"]

_BASICS = ["tier", "rfm_class", "abc_class", "lifecycle_state"]


@lru_cache(maxsize=2)
def _view(db) -> pd.DataFrame:
    return management.customer_360(db, ASOF)


@lru_cache(maxsize=2)
def _tiers(db) -> pd.DataFrame:
    return management.management_tiers(_view(db))


def _text_columns(frame: object) -> object:
    """The four columns as plain text (categories and NaN alike), so that equal answers compare equal."""
    if not isinstance(frame, pd.DataFrame):
        return frame
    shown = frame[[c for c in _BASICS if c in frame.columns]]
    return shown.astype("object").where(shown.notna(), "—").astype(str)


@question(N_("tier, RFM class, ABC class and lifecycle state of every customer, from the lessons' functions"))
def q1(basics: object, db) -> None:
    expected = _text_columns(_view(db)[_BASICS])
    hint = _(
        "tier = course.tiers.tier_customers(customer_table(db, asof=ASOF))['tier']; "
        "rfm_class = course.rfm.eight_classes(rfm_table(completed, date='order_date', amount='revenue', "
        "order='order_id', asof=ASOF))['class_zh']; abc_class = course.pareto.abc_classes(revenue of the "
        "buyers)['abc_class']; lifecycle_state = course.lifecycle.lifecycle_states(table, asof=ASOF)['state']."
    )
    check_frame(_text_columns(basics), expected, hint=hint)


def _last_purchase(db) -> pd.Series:
    lines = completed(db)
    return lines.loc[lines["order_date"] <= ASOF].groupby("customer_id")["order_date"].max()


def _current(db) -> pd.Index:
    """Customers with a completed purchase in the 365 days up to ASOF (recomputed from the orders)."""
    last = _last_purchase(db)
    return last.index[(ASOF - last).dt.days <= 365]


def _lost(db) -> pd.Index:
    last = _last_purchase(db)
    return last.index[(ASOF - last).dt.days > 365]


def _recent_profit(db, *, cost: bool = True, lines: pd.DataFrame | None = None) -> pd.Series:
    """Margin of the completed lines of the 365 days up to ASOF minus the cost to serve of ASOF's year."""
    lines = completed(db) if lines is None else lines
    window = lines[(lines["order_date"] > ASOF - pd.Timedelta(days=365)) & (lines["order_date"] <= ASOF)]
    ids = pd.Index(db.customers["customer_id"])
    margin = customer_sum(window, "margin").reindex(ids, fill_value=0.0)
    if not cost:
        return margin
    yearly = db.cost_to_serve[db.cost_to_serve["year"] == ASOF.year]
    return margin - customer_sum(yearly, "total").reindex(ids, fill_value=0.0)


def _share(profit: pd.Series, part: str) -> float:
    """Share of the total of ``profit`` earned by its top 20 % or middle 60 % (ceil(0.2 n) per end, ties in order)."""
    ranked = profit.sort_values(ascending=False, kind="stable")
    n, end = len(ranked), math.ceil(0.2 * len(ranked))
    chosen = ranked.iloc[:end] if part == "top" else ranked.iloc[end : n - end]
    return float(chosen.sum() / ranked.sum())


@question(N_("the current customers: a completed purchase in the 365 days up to ASOF"))
def q2(current: object, db) -> None:
    everyone = set(db.customers["customer_id"])
    buyers = set(_last_purchase(db).index)
    last = _last_purchase(db)
    active = set(last.index[(ASOF - last).dt.days <= 180])
    mistakes = [
        (
            buyers,
            _("that is every buyer since 2020: leave out the lost accounts (no purchase for more than 365 days)."),
        ),
        (everyone, _("that is every customer on file: prospects and lost accounts are not current customers.")),
        (
            active,
            _("a customer silent for 181-365 days (dormant) is still a current customer; only > 365 days is lost."),
        ),
    ]
    hint = _("table.index[(table['n_orders'] > 0) & (table['recency_days'] <= 365)]")
    check_ids(current, _current(db), hint=hint, mistakes=mistakes)


@question(N_("recent profit of each current customer: margin minus cost to serve, 12 months to ASOF"))
def q3(profit_12m: object, db) -> None:
    ids = _current(db)
    expected = _recent_profit(db).reindex(ids)
    lifetime = customer_table(db, asof=ASOF)["profit"]
    hint = _(
        "lines = completed[(completed['order_date'] > ASOF - pd.Timedelta(days=365)) & "
        "(completed['order_date'] <= ASOF)]; margin per customer minus db.cost_to_serve of year 2025 per "
        "customer (fill_value=0), for the current customers."
    )
    check_series(
        profit_12m,
        expected,
        rtol=1e-6,
        hint=hint,
        mistakes=[
            (lifetime.reindex(ids), _("that is the lifetime profit since 2020; take the last 12 months only.")),
            (_recent_profit(db, cost=False).reindex(ids), _("that is the margin: subtract the cost to serve of 2025.")),
            (
                _recent_profit(db, lines=db.orders).reindex(ids),
                _("count the completed order lines only, not the cancelled ones."),
            ),
            (_recent_profit(db).reindex(_last_purchase(db).index), _("keep the current customers only, not the lost.")),
            (_recent_profit(db), _("keep the current customers only, not every customer on file.")),
        ],
    )


def _old_answers(db) -> dict[str, float]:
    """The shares on the lifetime profit of every buyer, lost accounts included (the usual mistake)."""
    lifetime = customer_table(db, asof=ASOF)["profit"].reindex(_last_purchase(db).index)
    recent_all = _recent_profit(db).reindex(_last_purchase(db).index)
    return {
        "lifetime_top": _share(lifetime, "top"),
        "lifetime_middle": _share(lifetime, "middle"),
        "with_lost_top": _share(recent_all, "top"),
        "with_lost_middle": _share(recent_all, "middle"),
    }


@question(N_("share of the recent profit earned by the top 20 % of the current customers"))
def q4(top_profit_share: object, db) -> None:
    recent = _recent_profit(db).reindex(_current(db))
    expected = _share(recent, "top")
    old = _old_answers(db)
    revenue = customer_sum(completed(db)[completed(db)["order_date"] > ASOF - pd.Timedelta(days=365)], "revenue")
    by_revenue = recent.loc[revenue.reindex(recent.index, fill_value=0.0).sort_values(ascending=False).index]
    revenue_ranked = float(by_revenue.head(math.ceil(0.2 * len(recent))).sum() / recent.sum())
    check_number(
        top_profit_share,
        expected,
        mistakes=[
            (100 * expected, _(PERCENT)),
            (
                old["lifetime_top"],
                _("that is on the lifetime profit of every buyer: rank the CURRENT customers by their RECENT profit."),
            ),
            (old["with_lost_top"], _("the lost accounts are in your ranking: current customers only.")),
            (revenue_ranked, _("rank the customers by PROFIT, not by revenue.")),
        ],
        hint=_(
            "rank profit_12m from the largest down; the first ceil(0.2 × n) are the top 20 %; their sum / the total."
        ),
    )


@question(N_("share of the recent profit earned by the middle 60 % of the current customers"))
def q5(middle_profit_share: object, db) -> None:
    expected = _share(_recent_profit(db).reindex(_current(db)), "middle")
    old = _old_answers(db)
    check_number(
        middle_profit_share,
        expected,
        mistakes=[
            (100 * expected, _(PERCENT)),
            (0.0, _("the source says they break even; what do the data say?")),
            (
                old["lifetime_middle"],
                _("that is on the lifetime profit of every buyer: use current customers' recent profit."),
            ),
            (old["with_lost_middle"], _("the lost accounts are in your ranking: current customers only.")),
        ],
        hint=_("the customers between the top and the bottom ceil(0.2 × n) of profit_12m; their sum / the total."),
    )


@question(N_("the current customers to let go after the review of the bottom 20 %"))
def q6(let_go: object, db) -> None:
    view = _view(db)
    ids = _current(db)
    recent = _recent_profit(db).reindex(ids).sort_values(ascending=False, kind="stable")
    bottom = recent.index[len(recent) - math.ceil(0.2 * len(recent)) :]
    tenure = view["tenure_years"]
    median_clv = view.loc[ids, "clv"].median()
    expected = [c for c in bottom if tenure[c] >= 2 and view.loc[c, "clv"] < median_clv]
    # The usual mistake: the bottom fifth of every buyer by lifetime profit.
    buyers = view[view["revenue"] > 0]
    lifetime = buyers["profit"].sort_values(ascending=False, kind="stable")
    old_bottom = lifetime.index[len(lifetime) - math.ceil(0.2 * len(lifetime)) :]
    old = [c for c in old_bottom if tenure[c] >= 2 and view.loc[c, "clv"] < buyers["clv"].median()]
    mistakes = [
        (set(bottom), _("that is the whole bottom 20 %; keep out the young and the high-CLV accounts first.")),
        (
            set(old),
            _("that is the bottom 20 % of every buyer by lifetime profit: rank the current customers by profit_12m."),
        ),
    ]
    hint = _(
        "bottom 20 % of the current customers by profit_12m, then drop tenure_years < 2 and clv >= the median CLV "
        "of the current customers."
    )
    check_ids(let_go, expected, hint=hint, mistakes=mistakes)


@question(N_("the win-back list: the 10 lost accounts with the largest lifetime profit after cost to serve"))
def q7(win_back: object, db) -> None:
    table = customer_table(db, asof=ASOF)
    lost = table.loc[_lost(db)]
    expected = lost["profit"].sort_values(ascending=False, kind="stable").index[:10]
    buyers = table[table["n_orders"] > 0]
    mistakes = [
        (set(lost["revenue"].nlargest(10).index), _("rank them by PROFIT after cost to serve, not by revenue.")),
        (
            set(buyers["profit"].nlargest(10).index),
            _("those are the most profitable of every buyer: lost accounts only (no purchase for more than 365 days)."),
        ),
    ]
    hint = _("lost = recency_days > 365; table.loc[lost, 'profit'].nlargest(10).index")
    check_ids(win_back, expected, hint=hint, mistakes=mistakes)


@question(N_("customers per final management tier"))
def q8(final_tier_counts: object, db) -> None:
    tiers = _tiers(db)
    expected = tiers["final_tier"].astype(str).value_counts()
    lesson02 = tiers["tier"].astype(str).value_counts()
    hint = mistake_hint(
        [(lambda: matches_series(final_tier_counts, lesson02), _("those are lesson 02's tiers; count `final_tier`."))],
        _("tiers = course.management.management_tiers(view); tiers['final_tier'].value_counts()."),
    )
    series = final_tier_counts
    if isinstance(series, pd.Series):
        series = series[series > 0].set_axis(series[series > 0].index.astype(str))
    check_series(series, expected, hint=hint)


@question(N_("account-manager hours per final tier (30 × 1,000 hours by the playbook)"))
def q9(hours: object, db) -> None:
    table = management.hours_by_tier(_tiers(db), _view(db), total_hours=30 * 1_000)
    expected = table["hours"]
    by_profit = table["hours_by_profit"]
    hint = mistake_hint(
        [(lambda: matches_series(hours, by_profit), _("those are the hours BY PROFIT; give the playbook's hours."))],
        _("course.management.hours_by_tier(tiers, view, total_hours=30_000)['hours']."),
    )
    series = hours
    if isinstance(series, pd.Series):
        series = series.set_axis(series.index.astype(str))
    check_series(series, expected.set_axis(expected.index.astype(str)), hint=hint, rtol=1e-6)


@question(N_("the 10 accounts with the largest revenue at risk"))
def q10(call_first: object, db) -> None:
    view = _view(db)
    expected = view["revenue_at_risk"].nlargest(10).index
    by_risk = view["churn_risk"].nlargest(10).index
    mistakes = [(set(by_risk), _("rank by revenue AT RISK (churn risk × revenue_12m), not by churn risk alone."))]
    check_ids(call_first, expected, hint="view['revenue_at_risk'].nlargest(10).index.", mistakes=mistakes)


@question(N_("the text of the management report of this database, written to a file"))
def q11(report_html: object, db) -> None:
    name = answer_name()
    hint = _(
        "report_file = course.pages.write_report(db, REPORT, asof=ASOF); "
        "report_html = Path(report_file).read_text(encoding='utf-8')."
    )
    if isinstance(report_html, os.PathLike) or (
        isinstance(report_html, str) and not report_html.lstrip().startswith("<")
    ):
        raise fail(
            _("`{name}` looks like a file name: assign the page itself, read back from the file.").format(name=name),
            hint,
        )
    if not isinstance(report_html, str):
        raise fail(
            _("`{name}` should be the text of the page (a str), got {type}.").format(
                name=name, type=type(report_html).__name__
            ),
            hint,
        )
    if not is_course_page(report_html):
        raise fail(_("`{name}` is not a page written by course.pages.write_report.").format(name=name), hint)
    revenue = money(_view(db)["revenue_12m"].sum())
    if f"As of {ASOF.date()}" not in report_html or f'<div class="value">{revenue}</div>' not in report_html:
        raise fail(
            _("`{name}`: the report is not the one of this database as of {asof}.").format(name=name, asof=ASOF.date()),
            hint,
        )


@question(N_("CDNOW: share of spend of the top 20 % of customers"))
def q12(cdnow_top_share: object, db) -> None:
    cdnow = load_cdnow()
    spend = cdnow[cdnow["amount"] > 0].groupby("customer_id")["amount"].sum()
    expected = pareto.top_share(spend)
    with_refunds = pareto.top_share(cdnow.groupby("customer_id")["amount"].sum().clip(lower=0))
    check_number(
        cdnow_top_share,
        expected,
        accept=[with_refunds] if abs(with_refunds - expected) < 1e-3 else [],
        mistakes=[(100 * expected, _(PERCENT))],
        hint=_(
            "spend = cdnow[cdnow['amount'] > 0].groupby('customer_id')['amount'].sum(); course.pareto.top_share(spend)."
        ),
    )
