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
    check_number,
    check_series,
    fail,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, PERCENT
from course.checks.lesson08 import _check_ids
from course.customers import customer_table
from course.data import load_cdnow
from course.htmlpage import is_course_page
from course.plots import money

__all__ = ["ASOF", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"]

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


@question("tier, RFM class, ABC class and lifecycle state of every customer, from the lessons' functions")
def q1(basics: object, db) -> None:
    expected = _text_columns(_view(db)[_BASICS])
    hint = (
        "tier = course.tiers.tier_customers(customer_table(db, asof=ASOF))['tier']; "
        "rfm_class = course.rfm.eight_classes(rfm_table(completed, date='order_date', amount='revenue', "
        "order='order_id', asof=ASOF))['class_zh']; abc_class = course.pareto.abc_classes(revenue of the "
        "buyers)['abc_class']; lifecycle_state = course.lifecycle.lifecycle_states(table, asof=ASOF)['state']."
    )
    check_frame(_text_columns(basics), expected, hint=hint)


@question("customers per final management tier")
def q2(final_tier_counts: object, db) -> None:
    tiers = _tiers(db)
    expected = tiers["final_tier"].astype(str).value_counts()
    lesson02 = tiers["tier"].astype(str).value_counts()
    hint = mistake_hint(
        [(lambda: matches_series(final_tier_counts, lesson02), "those are lesson 02's tiers; count `final_tier`.")],
        "tiers = course.management.management_tiers(view); tiers['final_tier'].value_counts().",
    )
    series = final_tier_counts
    if isinstance(series, pd.Series):
        series = series[series > 0].set_axis(series[series > 0].index.astype(str))
    check_series(series, expected, hint=hint)


def _decision(db) -> pd.DataFrame:
    return management.decision_20_60_20(_view(db))


@question("share of total profit earned by the top 20 % of the buyers by profit")
def q3(top_profit_share: object, db) -> None:
    decision = _decision(db)
    expected = float(decision.loc["top 20%", "profit_share"])
    buyers = _view(db)[_view(db)["revenue"] > 0]
    by_revenue = buyers.sort_values("revenue", ascending=False)["profit"]
    revenue_ranked = float(by_revenue.head(math.ceil(0.2 * len(buyers))).sum() / buyers["profit"].sum())
    check_number(
        top_profit_share,
        expected,
        mistakes=[(100 * expected, PERCENT), (revenue_ranked, "rank the buyers by PROFIT, not by revenue.")],
        hint="course.management.decision_20_60_20(view).loc['top 20%', 'profit_share'].",
    )


@question("share of total profit earned by the middle 60 %")
def q4(middle_profit_share: object, db) -> None:
    expected = float(_decision(db).loc["middle 60%", "profit_share"])
    check_number(
        middle_profit_share,
        expected,
        mistakes=[(100 * expected, PERCENT), (0.0, "the source says they break even; what do the data say?")],
        hint="course.management.decision_20_60_20(view).loc['middle 60%', 'profit_share'].",
    )


@question("the customers to let go after the review of the bottom 20 %")
def q5(let_go: object, db) -> None:
    view = _view(db)
    table = customer_table(db, asof=ASOF)
    buyers = view[view["revenue"] > 0]
    bottom = pareto.split_20_60_20(buyers["profit"])
    bottom = bottom.index[bottom["group"] == "bottom 20%"]
    young = table["tenure_years"] < 2
    valuable = view["clv"] >= buyers["clv"].median()
    expected = [c for c in bottom if not young[c] and not valuable[c]]
    mistakes = [(set(bottom), "that is the whole bottom 20 %; keep out the young and the high-CLV accounts first.")]
    hint = "bottom 20 % by profit, then drop tenure_years < 2 and clv >= the buyers' median CLV."
    _check_ids(let_go, expected, hint, mistakes)


@question("account-manager hours per final tier (30 × 1,000 hours by the playbook)")
def q6(hours: object, db) -> None:
    table = management.hours_by_tier(_tiers(db), _view(db), total_hours=30 * 1_000)
    expected = table["hours"]
    by_profit = table["hours_by_profit"]
    hint = mistake_hint(
        [(lambda: matches_series(hours, by_profit), "those are the hours BY PROFIT; give the playbook's hours.")],
        "course.management.hours_by_tier(tiers, view, total_hours=30_000)['hours'].",
    )
    series = hours
    if isinstance(series, pd.Series):
        series = series.set_axis(series.index.astype(str))
    check_series(series, expected.set_axis(expected.index.astype(str)), hint=hint, rtol=1e-6)


@question("the 10 accounts with the largest revenue at risk")
def q7(call_first: object, db) -> None:
    view = _view(db)
    expected = view["revenue_at_risk"].nlargest(10).index
    by_risk = view["churn_risk"].nlargest(10).index
    mistakes = [(set(by_risk), "rank by revenue AT RISK (churn risk × revenue_12m), not by churn risk alone.")]
    _check_ids(call_first, expected, "view['revenue_at_risk'].nlargest(10).index.", mistakes)


@question("the text of the management report of this database, written to a file")
def q8(report_html: object, db) -> None:
    name = answer_name()
    hint = (
        "report_file = course.management.write_report(db, REPORT, asof=ASOF); "
        "report_html = Path(report_file).read_text(encoding='utf-8')."
    )
    if isinstance(report_html, os.PathLike) or (
        isinstance(report_html, str) and not report_html.lstrip().startswith("<")
    ):
        raise fail(f"`{name}` looks like a file name: assign the page itself, read back from the file.", hint)
    if not isinstance(report_html, str):
        raise fail(f"`{name}` should be the text of the page (a str), got {type(report_html).__name__}.", hint)
    if not is_course_page(report_html):
        raise fail(f"`{name}` is not a page written by course.management.write_report.", hint)
    revenue = money(_view(db)["revenue_12m"].sum())
    if f"As of {ASOF.date()}" not in report_html or f'<div class="value">{revenue}</div>' not in report_html:
        raise fail(f"`{name}`: the report is not the one of this database as of {ASOF.date()}.", hint)


@question("CDNOW: share of spend of the top 20 % of customers")
def q9(cdnow_top_share: object, db) -> None:
    cdnow = load_cdnow()
    spend = cdnow[cdnow["amount"] > 0].groupby("customer_id")["amount"].sum()
    expected = pareto.top_share(spend)
    with_refunds = pareto.top_share(cdnow.groupby("customer_id")["amount"].sum().clip(lower=0))
    check_number(
        cdnow_top_share,
        expected,
        accept=[with_refunds] if abs(with_refunds - expected) < 1e-3 else [],
        mistakes=[(100 * expected, PERCENT)],
        hint="spend = cdnow[cdnow['amount'] > 0].groupby('customer_id')['amount'].sum(); "
        "course.pareto.top_share(spend).",
    )
