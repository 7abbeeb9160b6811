"""Tests of the exercise-07 checks: each fails on `...` and on plausible wrong answers, and passes on the right one."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import answer_check_tests

from course.checks import AnswerError
from course.checks import lesson07 as check
from course.clv import (
    BetaGeoModel,
    GammaGammaModel,
    cost_to_serve_profile,
    profit_clv,
    projected_cost_to_serve,
    simple_clv,
    summary,
)
from course.tiers import assign_tiers

ASOF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed the way the solution notebook does, plus the ingredients of wrong ones."""
    orders = db.orders
    completed = orders[orders["status"] == "completed"]
    lines_2025 = completed[completed["order_date"].dt.year == 2025]
    margin = lines_2025["margin"].sum() / lines_2025["customer_id"].nunique()
    weekly = summary(completed, date="order_date", amount="margin", asof=ASOF, freq="W")
    model = BetaGeoModel(penalizer=0.001).fit(weekly)
    quiet = ((weekly["T"] - weekly["recency"]) > 26) & (weekly["frequency"] > 0)
    alive = model.probability_alive(weekly)
    days_since = (ASOF - completed.groupby("customer_id")["order_date"].max()).dt.days.reindex(weekly.index)
    quiet_by_days = (days_since > 182) & (weekly["frequency"] > 0)
    spend = GammaGammaModel().fit(weekly)
    clv = spend.clv(model, weekly, months=36, discount_rate=0.01)
    profile = cost_to_serve_profile(orders, db.cost_to_serve, asof=ASOF)
    cost = projected_cost_to_serve(profile, model, weekly, months=36, discount_rate=0.01)
    revenue = lines_2025.groupby("customer_id")["revenue"].sum().reindex(weekly.index, fill_value=0.0)
    by_revenue = assign_tiers(revenue, strategic_share=0.05, important_share=0.15)
    by_clv = assign_tiers(clv, strategic_share=0.05, important_share=0.15)
    return {
        "orders": orders,
        "margin": margin,
        "simple_value": simple_clv(margin, 0.85, 0.10),
        "weekly": weekly,
        "model": model,
        "mean_purchases_52": model.predict_purchases(52, weekly).mean(),
        "alive": alive,
        "quiet": quiet,
        "p_alive_quiet": alive[quiet].mean(),
        "p_alive_quiet_days": alive[quiet_by_days].mean(),
        "with_one_time_buyers": alive[(weekly["T"] - weekly["recency"]) > 26].mean(),
        "spend": spend,
        "clv_36": clv,
        "profile": profile,
        "cost": cost,
        "profit_36": clv - cost["cost_to_serve"],
        "revenue": revenue,
        "n_moved_down": int(((by_revenue != "general") & (by_clv == "general")).sum()),
        "n_moved_up": int(((by_revenue == "general") & (by_clv != "general")).sum()),
    }


def test_answers_agree_with_an_independent_computation(answers, db):
    # simple CLV by summation
    m = answers["margin"]
    assert answers["simple_value"] == pytest.approx(sum(m * (0.85 / 1.1) ** t for t in range(1, 3000)), rel=1e-9)
    # weekly frequency: distinct Monday-Sunday weeks with a completed line, minus one
    completed = db.orders[db.orders["status"] == "completed"]
    weeks = completed.assign(week=completed["order_date"].dt.to_period("W")).groupby("customer_id")["week"].nunique()
    assert (answers["weekly"]["frequency"] == weeks.reindex(answers["weekly"].index) - 1).all()
    assert 0 < answers["p_alive_quiet"] < answers["alive"].mean()
    assert answers["n_moved_down"] > 0
    # profit CLV: the gross-margin CLV minus a cost that is never negative and never above 36 months of the
    # account's fixed cost per year plus its variable cost for every purchase the model expects
    cost, profile, profit = answers["cost"], answers["profile"], answers["profit_36"]
    assert (cost["cost_to_serve"] >= 0).all()
    weekly = answers["weekly"]
    expected_weeks = answers["model"].predict_purchases(36 * 4.345, weekly)
    ceiling = 3 * profile["fixed_per_year"] + profile["variable_per_purchase"] * expected_weeks
    assert (cost["cost_to_serve"] <= ceiling.reindex(cost.index) + 1e-9).all()
    assert (profit - profit_clv(answers["clv_36"], cost["cost_to_serve"])).abs().max() < 1e-9
    assert answers["p_alive_quiet_days"] != answers["p_alive_quiet"]  # two readings of "26 weeks", both accepted


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("07")


def _wrong_answers(answers, db):
    orders = answers["orders"]
    lines_2025_all = orders[orders["order_date"].dt.year == 2025]
    m, weekly, model = answers["margin"], answers["weekly"], answers["model"]
    all_statuses = summary(orders, date="order_date", amount="margin", asof=ASOF, freq="W")
    return [
        (
            check.q1,
            simple_clv(lines_2025_all["margin"].sum() / lines_2025_all["customer_id"].nunique(), 0.85, 0.1),
            "completed",
        ),
        (check.q1, m * 0.85 / (1 - 0.85), "left out the discount"),
        (check.q1, m * 1.1 / (1.1 - 0.85), "already earned"),
        (check.q2, all_statuses, "completed"),
        (
            check.q2,
            summary(orders[orders["status"] == "completed"], date="order_date", amount="margin", asof=ASOF),
            "freq='W'",
        ),
        (check.q2, weekly.assign(recency=weekly["T"] - weekly["recency"]), "RFM recency"),
        (
            check.q2,
            summary(orders[orders["status"] == "completed"], date="order_date", amount="revenue", asof=ASOF, freq="W"),
            "margin",
        ),
        (check.q3, model.predict_purchases(12, weekly).mean(), "52 weeks, not 12"),
        (check.q3, model.predict_purchases(52, weekly).sum(), "mean per customer"),
        (check.q3, model.expected_purchases(52), "brand-new customer"),
        (check.q4, answers["alive"][(weekly["recency"] > 26) & (weekly["frequency"] > 0)].mean(), "T - recency"),
        (check.q4, answers["alive"][weekly["frequency"] > 0].mean(), "quiet repeat buyers only"),
        (check.q4, answers["with_one_time_buyers"], "one-time buyers"),
        (check.q5, answers["spend"].clv(model, weekly, months=12, discount_rate=0.01), "36 months"),
        (check.q5, answers["spend"].clv(model, weekly, months=36, discount_rate=0.10), "1% a MONTH"),
        (
            check.q6,
            answers["n_moved_up"] if answers["n_moved_up"] != answers["n_moved_down"] else answers["n_moved_down"] + 1,
            "Question 6",
        ),
        (check.q6, True, "single number"),
        (check.q7, answers["clv_36"], "gross-margin CLV of Question 5"),
        (check.q7, answers["cost"]["cost_to_serve"], "cost to serve itself"),
        (check.q7, answers["clv_36"] - answers["profile"]["cost_to_serve"].reindex(weekly.index), "PAST three"),
        (check.q7, answers["clv_36"] - answers["cost"]["fixed"], "fixed part only"),
        (
            check.q7,
            answers["clv_36"] - projected_cost_to_serve(answers["profile"], model, weekly, months=12)["cost_to_serve"],
            "not 12",
        ),
        (
            check.q7,
            answers["clv_36"]
            - projected_cost_to_serve(
                cost_to_serve_profile(orders, db.cost_to_serve, ASOF, years=1), model, weekly, months=36
            )["cost_to_serve"],
            "not 1",
        ),
    ]


def test_checks_fail_on_plausible_wrong_answers(answers, db):
    for fn, wrong, expected_text in _wrong_answers(answers, db):
        with pytest.raises(AnswerError) as error:
            fn(wrong, db)
        assert expected_text in str(error.value), f"{fn.__name__}: {error.value}"


def test_checks_reject_wrong_types(db):
    with pytest.raises(AnswerError, match="single number"):
        check.q1("62,000", db)
    with pytest.raises(AnswerError, match="DataFrame"):
        check.q2(pd.Series([1.0]), db)
    with pytest.raises(AnswerError, match="pandas Series"):
        check.q5(3.0, db)


def test_checks_accept_other_defensible_answers(answers, db, capsys):
    """The days-based reading of "26 weeks" (182 days) and sensibly rounded numbers pass."""
    check.q4(answers["p_alive_quiet_days"], db)
    check.q1(round(answers["simple_value"]), db)  # 62,071 CNY
    check.q1(round(answers["simple_value"], -1), db)  # 62,070: four digits kept
    check.q3(round(answers["mean_purchases_52"], 3), db)
    assert capsys.readouterr().out.count("✓") == 4


def test_a_coarsely_rounded_answer_gets_the_dont_round_hint(answers, db):
    with pytest.raises(AnswerError, match="don't round"):
        check.q1(round(answers["simple_value"], -3), db)  # 62,000: two digits only
