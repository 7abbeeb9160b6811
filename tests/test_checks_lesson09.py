"""Tests of the exercise-09 checks: each fails on `...` and on known mistakes, and passes on the right answer."""

from __future__ import annotations

import pandas as pd
import pytest

from course import management, pareto
from course.checks import AnswerError
from course.checks import lesson09 as check
from course.customers import customer_table
from course.data import load_cdnow
from course.lifecycle import lifecycle_states
from course.purchases import completed_orders
from course.rfm import eight_classes, rfm_table
from course.tiers import tier_customers

ASOF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def answers(db, tmp_path_factory):
    table = customer_table(db, asof=ASOF)
    lines = completed_orders(db.orders)
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof=ASOF)
    view = management.customer_360(db, ASOF)
    tiers = management.management_tiers(view)
    decision = management.decision_20_60_20(view)
    buyers = view[view["revenue"] > 0]
    groups = pareto.split_20_60_20(buyers["profit"])
    bottom = groups.index[groups["group"] == "bottom 20%"]
    keep = (table.loc[bottom, "tenure_years"] >= 2) & (view.loc[bottom, "clv"] < buyers["clv"].median())
    cdnow = load_cdnow()
    path = management.write_report(db, tmp_path_factory.mktemp("report") / "report.html", asof=ASOF, view=view)
    return {
        "basics": pd.DataFrame(
            {
                "tier": tier_customers(table)["tier"],
                "rfm_class": eight_classes(rfm)["class_zh"],
                "abc_class": pareto.abc_classes(table.loc[table["n_orders"] > 0, "revenue"])["abc_class"],
                "lifecycle_state": lifecycle_states(table, asof=ASOF)["state"],
            }
        ),
        "final_tier_counts": tiers["final_tier"].value_counts(),
        "top_profit_share": decision.loc["top 20%", "profit_share"],
        "middle_profit_share": decision.loc["middle 60%", "profit_share"],
        "let_go": list(bottom[keep]),
        "hours": management.hours_by_tier(tiers, view, total_hours=30_000)["hours"],
        "call_first": list(view["revenue_at_risk"].nlargest(10).index),
        "report_html": path.read_text(encoding="utf-8"),
        "cdnow_top_share": pareto.top_share(cdnow[cdnow["amount"] > 0].groupby("customer_id")["amount"].sum()),
        "view": view,
        "tiers": tiers,
        "bottom": list(bottom),
    }


CASES = [
    (check.q1, "basics"),
    (check.q2, "final_tier_counts"),
    (check.q3, "top_profit_share"),
    (check.q4, "middle_profit_share"),
    (check.q5, "let_go"),
    (check.q6, "hours"),
    (check.q7, "call_first"),
    (check.q8, "report_html"),
    (check.q9, "cdnow_top_share"),
]


@pytest.mark.parametrize(("fn", "name"), CASES, ids=[name for _, name in CASES])
def test_right_answer_passes_and_blank_fails(fn, name, answers, db, capsys):
    fn(answers[name], db)
    assert capsys.readouterr().out.startswith(f"✓ Question {fn.__name__[1:]}: `{name}` is right.")
    with pytest.raises(AnswerError, match=rf"`{name}` is still `\.\.\.` — replace the dots"):
        fn(..., db)
    with pytest.raises(AnswerError, match="is None"):
        fn(None, db)


def test_known_mistakes(answers, db, tmp_path):
    basics = answers["basics"].copy()
    basics["tier"] = "general"
    with pytest.raises(AnswerError, match="column 'tier'"):
        check.q1(basics, db)
    with pytest.raises(AnswerError, match="lesson 02's tiers"):
        check.q2(answers["tiers"]["tier"].value_counts(), db)
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q3(100 * answers["top_profit_share"], db)
    with pytest.raises(AnswerError, match="break even"):
        check.q4(0.0, db)
    with pytest.raises(AnswerError, match="whole bottom 20"):
        check.q5(answers["bottom"], db)
    with pytest.raises(AnswerError, match="BY PROFIT"):
        hours = management.hours_by_tier(answers["tiers"], answers["view"], total_hours=30_000)
        check.q6(hours["hours_by_profit"], db)
    with pytest.raises(AnswerError, match="AT RISK"):
        check.q7(list(answers["view"]["churn_risk"].nlargest(10).index), db)
    with pytest.raises(AnswerError, match="looks like a file name"):
        check.q8(tmp_path / "report.html", db)
    with pytest.raises(AnswerError, match="looks like a file name"):
        check.q8(str(tmp_path / "report.html"), db)
    with pytest.raises(AnswerError, match="not a page written by"):
        check.q8("<html>not ours</html>", db)
    with pytest.raises(AnswerError, match="not the one of this database"):
        check.q8(answers["report_html"].replace("As of 2025", "As of 2024"), db)
    with pytest.raises(AnswerError, match="a str"):
        check.q8(42, db)
