"""Tests of the exercise-09 checks: each fails on `...` and on the usual mistakes, and passes on the right answer.

The right answers are computed here with plain pandas from the tables, the
way the solution does, independently of :mod:`course.management`.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import answer_check_tests

from course import management, pages, pareto
from course.checks import AnswerError
from course.checks import lesson09 as check
from course.customers import customer_table
from course.data import load_cdnow
from course.lifecycle import lifecycle_states
from course.purchases import completed_orders
from course.rfm import eight_classes, rfm_table
from course.tiers import tier_customers

ASOF = pd.Timestamp("2025-12-31")


def _right_answers(db, tmp_path) -> dict:
    table = customer_table(db, asof=ASOF)
    lines = completed_orders(db.orders)
    view = management.customer_360(db, ASOF)
    tiers = management.management_tiers(view)
    current = table.index[(table["n_orders"] > 0) & (table["recency_days"] <= 365)]
    window = lines[(lines["order_date"] > ASOF - pd.Timedelta(days=365)) & (lines["order_date"] <= ASOF)]
    cost = db.cost_to_serve[db.cost_to_serve["year"] == 2025].groupby("customer_id")["total"].sum()
    profit_12m = window.groupby("customer_id")["margin"].sum().sub(cost, fill_value=0).reindex(current, fill_value=0)
    ranked = profit_12m.sort_values(ascending=False, kind="stable")
    end = math.ceil(0.2 * len(ranked))
    bottom = ranked.index[len(ranked) - end :]
    keep = (table.loc[bottom, "tenure_years"] >= 2) & (view.loc[bottom, "clv"] < view.loc[current, "clv"].median())
    lost = table[(table["n_orders"] > 0) & (table["recency_days"] > 365)]
    cdnow = load_cdnow()
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof=ASOF)
    path = pages.write_report(db, tmp_path / "report.html", asof=ASOF, view=view)
    return {
        "basics": pd.DataFrame(
            {
                "tier": tier_customers(table)["tier"],
                "rfm_class": eight_classes(rfm)["class_zh"],
                "abc_class": pareto.abc_classes(table.loc[table["n_orders"] > 0, "revenue"])["abc_class"],
                "lifecycle_state": lifecycle_states(table, asof=ASOF)["state"],
            }
        ),
        "current": current,
        "profit_12m": profit_12m,
        "top_profit_share": ranked.iloc[:end].sum() / ranked.sum(),
        "middle_profit_share": ranked.iloc[end : len(ranked) - end].sum() / ranked.sum(),
        "let_go": list(bottom[keep]),
        "win_back": list(lost["profit"].nlargest(10).index),
        "final_tier_counts": tiers["final_tier"].value_counts(),
        "hours": management.hours_by_tier(tiers, view, total_hours=30_000)["hours"],
        "call_first": list(view["revenue_at_risk"].nlargest(10).index),
        "report_html": path.read_text(encoding="utf-8"),
        "cdnow_top_share": pareto.top_share(cdnow[cdnow["amount"] > 0].groupby("customer_id")["amount"].sum()),
        # for the mistakes
        "table": table,
        "view": view,
        "tiers": tiers,
        "lines": lines,
        "bottom": list(bottom),
    }


@pytest.fixture(scope="module")
def answers(b2b, tmp_path_factory):
    return _right_answers(b2b, tmp_path_factory.mktemp("report"))


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("09")


@pytest.fixture(scope="module", params=["default", "seed 7, 1,200 customers"])
def case(request, b2b, answers, tmp_path_factory):
    if request.param == "default":
        return b2b, answers
    from course.data import b2b_database

    db = b2b_database(seed=7, n_customers=1200)
    return db, _right_answers(db, tmp_path_factory.mktemp("report7"))


def _old_shares(table: pd.DataFrame) -> tuple[float, float]:
    """Top and middle shares on the lifetime profit of every buyer, lost accounts included (the old answer)."""
    ranked = table.loc[table["n_orders"] > 0, "profit"].sort_values(ascending=False, kind="stable")
    end = math.ceil(0.2 * len(ranked))
    return ranked.iloc[:end].sum() / ranked.sum(), ranked.iloc[end : len(ranked) - end].sum() / ranked.sum()


def test_right_answers_pass_on_another_seed(case, capsys):
    db, right = case
    for number, name in enumerate(
        ["current", "profit_12m", "top_profit_share", "middle_profit_share", "let_go", "win_back"], start=2
    ):
        getattr(check, f"q{number}")(right[name], db)
    assert capsys.readouterr().out.count("✓") == 6


def test_usual_mistakes_get_their_hints(case):
    db, right = case
    table, view, lines = right["table"], right["view"], right["lines"]
    buyers = table.index[table["n_orders"] > 0]
    with pytest.raises(AnswerError, match="leave out the lost accounts"):
        check.q2(buyers, db)
    with pytest.raises(AnswerError, match="dormant"):
        check.q2(table.index[(table["n_orders"] > 0) & (table["recency_days"] <= 180)], db)
    current = right["current"]
    with pytest.raises(AnswerError, match="lifetime profit"):
        check.q3(table.loc[current, "profit"], db)
    window = lines[(lines["order_date"] > ASOF - pd.Timedelta(days=365)) & (lines["order_date"] <= ASOF)]
    margin = window.groupby("customer_id")["margin"].sum().reindex(current, fill_value=0)
    with pytest.raises(AnswerError, match="subtract the cost to serve"):
        check.q3(margin, db)
    old_top, old_middle = _old_shares(table)
    with pytest.raises(AnswerError, match="lifetime profit of every buyer"):
        check.q4(old_top, db)
    with pytest.raises(AnswerError, match="percentage"):
        check.q4(100 * right["top_profit_share"], db)
    with pytest.raises(AnswerError, match="lifetime profit of every buyer"):
        check.q5(old_middle, db)
    with pytest.raises(AnswerError, match="break even"):
        check.q5(0.0, db)
    with pytest.raises(AnswerError, match="whole bottom 20"):
        check.q6(right["bottom"], db)
    lost = table[(table["n_orders"] > 0) & (table["recency_days"] > 365)]
    with pytest.raises(AnswerError, match="not by revenue"):
        check.q7(lost["revenue"].nlargest(10).index, db)
    with pytest.raises(AnswerError, match="lost accounts only"):
        check.q7(table.loc[buyers, "profit"].nlargest(10).index, db)
    with pytest.raises(AnswerError, match="AT RISK"):
        check.q10(list(view["churn_risk"].nlargest(10).index), db)


def test_function_questions_mistakes(answers, b2b, tmp_path):
    db = b2b
    basics = answers["basics"].copy()
    basics["tier"] = "general"
    with pytest.raises(AnswerError, match="column 'tier'"):
        check.q1(basics, db)
    with pytest.raises(AnswerError, match="lesson 02's tiers"):
        check.q8(answers["tiers"]["tier"].value_counts(), db)
    with pytest.raises(AnswerError, match="BY PROFIT"):
        hours = management.hours_by_tier(answers["tiers"], answers["view"], total_hours=30_000)
        check.q9(hours["hours_by_profit"], db)
    with pytest.raises(AnswerError, match="looks like a file name"):
        check.q11(tmp_path / "report.html", db)
    with pytest.raises(AnswerError, match="not a page written by"):
        check.q11("<html>not ours</html>", db)
    with pytest.raises(AnswerError, match="not the one of this database"):
        check.q11(answers["report_html"].replace("As of 2025", "As of 2024"), db)
    with pytest.raises(AnswerError, match="a str"):
        check.q11(42, db)
