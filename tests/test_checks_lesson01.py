"""The checks of Exercise 01 (customer insight): blank and wrong answers fail, right ones pass."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import answer_check_tests

from course.checks import AnswerError, questions
from course.checks import lesson01 as check
from course.customers import customer_table


@pytest.fixture(scope="module")
def answers(b2b):
    """The right answers, computed the way the solution notebook does, plus pieces for wrong ones."""
    db = b2b
    completed = db.orders[db.orders["status"] == "completed"]
    by = completed.groupby("customer_id")
    revenue = by["revenue"].sum()
    n_orders = by["order_id"].nunique()
    healthcare = db.customers.loc[db.customers["industry"] == "Healthcare", "customer_id"]
    lines = completed[completed["customer_id"].isin(healthcare)]
    per_line = lines.groupby("product_line", observed=True)["revenue"].sum()
    cost_to_serve = db.cost_to_serve.groupby("customer_id")["total"].sum()
    profit = by["margin"].sum() - cost_to_serve.reindex(revenue.index, fill_value=0.0)
    return {
        "completed": completed,
        "lines": lines,
        "revenue": revenue,
        "n_orders": n_orders,
        "avg_order_value": revenue / n_orders,
        "median_revenue": revenue.median(),
        "share_above_mean": (revenue > revenue.mean()).mean(),
        "per_line": per_line,
        "healthcare_mix": per_line / per_line.sum(),
        "profit": profit,
        "loss_share": (profit < 0).mean(),
    }


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("01")


def test_the_customer_table_columns_pass_too(b2b, capsys):
    table = customer_table(b2b)
    check.q1(table["revenue"], b2b)  # prospects with revenue 0 are accepted
    check.q2(table["n_orders"], b2b)
    check.q3(table["avg_order_value"], b2b)
    check.q7((table.loc[table["n_orders"] > 0, "profit"] < 0).mean(), b2b)
    assert capsys.readouterr().out.count("✓") == 4


def wrong_answers(db, a):
    completed, orders = a["completed"], db.orders
    revenue = a["revenue"]
    with_prospects = revenue.reindex(db.customers["customer_id"], fill_value=0.0)
    cts = db.cost_to_serve.groupby("customer_id")["total"].sum()
    return [
        (check.q1, orders.groupby("customer_id")["revenue"].sum(), "includes cancelled and returned"),
        (check.q1, completed.groupby("customer_id")["margin"].sum(), "margin, not the revenue"),
        (check.q1, revenue.iloc[:-5], "values, .* expected"),
        (check.q1, revenue.mean(), "should be a pandas Series"),
        (check.q2, completed.groupby("customer_id").size(), "counts order lines"),
        (check.q2, orders.groupby("customer_id")["order_id"].nunique(), "cancelled and returned orders"),
        (check.q3, completed.groupby("customer_id")["revenue"].mean(), "per order LINE"),
        (check.q3, a["avg_order_value"] * 1.1, "values differ"),
        (check.q4, revenue.mean(), "the mean, not the median"),
        (check.q4, with_prospects.median(), "counts the prospects"),
        (check.q4, completed["revenue"].median(), "median of order lines"),
        (check.q4, "38500", "single number"),
        (check.q5, (revenue > revenue.median()).mean(), "compares with the median"),
        (check.q5, 100 * a["share_above_mean"], "not a percentage"),
        (check.q5, (with_prospects > with_prospects.mean()).mean(), "counts the prospects"),
        (check.q5, float((revenue > revenue.mean()).sum()), "a count of customers"),
        (check.q6, a["per_line"], "amounts; divide them by their total"),
        (check.q6, a["healthcare_mix"] * 100, "not percentages"),
        (check.q6, a["lines"].groupby("product_line", observed=True).size() / len(a["lines"]), "shares of order lines"),
        (
            check.q6,
            orders.loc[orders["customer_id"].isin(a["lines"]["customer_id"])]
            .groupby("product_line", observed=True)["revenue"]
            .sum()
            .pipe(lambda s: s / s.sum()),
            "cancelled and returned",
        ),
        (check.q7, (completed.groupby("customer_id")["margin"].sum() < 0).mean(), "margin alone"),
        (check.q7, (customer_table(db)["profit"] < 0).mean(), "counts the prospects"),
        (check.q7, (revenue - cts.reindex(revenue.index, fill_value=0.0) < 0).mean(), "not revenue − cost to serve"),
        (check.q7, 100 * a["loss_share"], "not a percentage"),
    ]


def test_wrong_answers_fail_with_a_precise_message(b2b, answers):
    for function, value, message in wrong_answers(b2b, answers):
        with pytest.raises(AnswerError, match=message):
            function(value, b2b)


def test_unweighted_mix_is_named(b2b, answers):
    lines = answers["lines"]
    wide = lines.pivot_table(
        index="customer_id", columns="product_line", values="revenue", aggfunc="sum", fill_value=0.0, observed=True
    )
    unweighted = wide.div(wide.sum(axis=1), axis=0).mean()
    with pytest.raises(AnswerError, match="averages each customer's shares"):
        check.q6(unweighted, b2b)


def test_checks_do_not_modify_the_database(b2b, answers):
    before = {name: getattr(b2b, name).copy() for name in ("customers", "orders", "cost_to_serve")}
    for question in questions("01"):
        question.judge([answers[name] for name in question.answers], b2b)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(b2b, name), frame)


def test_q5_accepts_the_share_rounded_to_three_decimals_whatever_its_trailing_zeros(b2b, answers, capsys):
    """round(0.200114, 3) is 0.2: the rounded number does not print its trailing zeros (0.200)."""
    share = answers["share_above_mean"]
    check.q5(round(share, 3), b2b)
    check.q5(float(f"{share:.4f}"), b2b)
    assert capsys.readouterr().out.count("✓") == 2
    with pytest.raises(AnswerError, match="is not right"):
        check.q5(round(share, 3) + 0.001, b2b)  # a wrong share, as many digits as the right one
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q5(round(100 * share, 1), b2b)
    with pytest.raises(AnswerError, match="is still"):
        check.q5(..., b2b)


def test_q6_accepts_shares_rounded_to_three_decimals_and_hints_at_coarser_rounding(b2b, answers, capsys):
    mix = answers["healthcare_mix"]
    check.q6(mix.round(3), b2b)
    check.q6(mix.round(4), b2b)
    assert capsys.readouterr().out.count("✓") == 2
    with pytest.raises(AnswerError, match="don't round"):
        check.q6(mix.round(1), b2b)
    lines = answers["lines"].groupby("product_line", observed=True).size()
    with pytest.raises(AnswerError, match="shares of order lines"):
        check.q6((lines / lines.sum()).round(3), b2b)  # a known mistake is named rounded too
    with pytest.raises(AnswerError, match="is still"):
        check.q6(..., b2b)
