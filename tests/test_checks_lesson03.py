"""Tests of the exercise-03 checks: each fails on `...` and on plausible wrong answers, and passes on the right one."""

from __future__ import annotations

import pandas as pd
import pytest

from course.checks import AnswerError
from course.checks import lesson03 as check
from course.data import load_b2b
from course.rfm import eight_classes, rfm_scores, rfm_table

ASOF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def db():
    return load_b2b()


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed the way the solution notebook does."""
    orders = db.orders
    completed = orders[orders["status"] == "completed"]
    by_customer = completed.groupby("customer_id")
    rfm = rfm_table(completed, date="order_date", amount="revenue", order="order_id", asof=ASOF)
    classes = eight_classes(rfm)
    is_value = classes["class_zh"] == "重要价值客户"
    return {
        "orders": orders,
        "completed": completed,
        "rfm": rfm,
        "recency": (ASOF - by_customer["order_date"].max()).dt.days,
        "frequency": by_customer["order_id"].nunique(),
        "monetary": by_customer["revenue"].sum(),
        "scores": rfm_scores(rfm),
        "classes": classes["class_zh"],
        "share": is_value.mean(),
        "revenue_share": classes.loc[is_value, "monetary"].sum() / classes["monetary"].sum(),
        "is_value": is_value,
    }


def test_checks_agree_with_an_independent_computation(answers):
    rfm = answers["rfm"]
    assert (rfm["recency"] == answers["recency"].loc[rfm.index]).all()
    assert (rfm["frequency"] == answers["frequency"].loc[rfm.index]).all()
    assert (rfm["monetary"] - answers["monetary"].loc[rfm.index]).abs().max() < 1e-6
    means = rfm.mean()
    manual = (
        (rfm["recency"] < means["recency"])
        & (rfm["frequency"] > means["frequency"])
        & (rfm["monetary"] > means["monetary"])
    )
    assert (manual == answers["is_value"]).all()


@pytest.mark.parametrize(
    ("fn", "key"),
    [
        (check.q1, "recency"),
        (check.q2, "frequency"),
        (check.q3, "monetary"),
        (check.q4, "scores"),
        (check.q5, "classes"),
        (check.q6, "share"),
        (check.q7, "revenue_share"),
    ],
)
def test_right_answer_passes_and_blank_fails(fn, key, answers, db, capsys):
    fn(answers[key], db)
    assert capsys.readouterr().out.startswith("✓ Question")
    with pytest.raises(AnswerError, match=r"is still `\.\.\.` — replace the dots"):
        fn(..., db)
    with pytest.raises(AnswerError, match="is None"):
        fn(None, db)


def test_q1_wrong_answers(answers, db):
    orders, completed = answers["orders"], answers["completed"]
    with pytest.raises(AnswerError, match="completed"):
        check.q1((ASOF - orders.groupby("customer_id")["order_date"].max()).dt.days, db)
    with pytest.raises(AnswerError, match="not the day after"):
        check.q1(answers["recency"] + 1, db)  # default asof: the day after the last order
    with pytest.raises(AnswerError, match="never negative"):
        check.q1(-answers["recency"], db)  # last - asof
    with pytest.raises(AnswerError, match="LAST purchase"):
        check.q1((ASOF - completed.groupby("customer_id")["order_date"].min()).dt.days, db)
    with pytest.raises(AnswerError, match=r"\.dt\.days"):
        check.q1(ASOF - completed.groupby("customer_id")["order_date"].max(), db)
    with pytest.raises(AnswerError, match="should be a pandas Series"):
        check.q1(3, db)


def test_q2_wrong_answers(answers, db):
    orders, completed = answers["orders"], answers["completed"]
    with pytest.raises(AnswerError, match=r"nunique\(\), not rows"):
        check.q2(completed.groupby("customer_id").size(), db)
    with pytest.raises(AnswerError, match="completed"):
        check.q2(orders.groupby("customer_id")["order_id"].nunique(), db)
    with pytest.raises(AnswerError, match="two mistakes"):
        check.q2(orders.groupby("customer_id").size(), db)


def test_q3_wrong_answers(answers, db):
    orders, completed = answers["orders"], answers["completed"]
    with pytest.raises(AnswerError, match="completed"):
        check.q3(orders.groupby("customer_id")["revenue"].sum(), db)
    with pytest.raises(AnswerError, match="not `margin`"):
        check.q3(completed.groupby("customer_id")["margin"].sum(), db)
    with pytest.raises(AnswerError, match="TOTAL"):
        check.q3(completed.groupby("customer_id")["revenue"].mean(), db)


def test_q4_wrong_answers(answers, db):
    rfm, completed = answers["rfm"], answers["completed"]
    with pytest.raises(AnswerError, match="SMALL recency"):
        check.q4(rfm_scores(rfm.assign(recency=-rfm["recency"])), db)
    with pytest.raises(AnswerError, match="order='order_id'"):
        check.q4(rfm_scores(rfm_table(completed, date="order_date", amount="revenue", asof=ASOF)), db)
    with pytest.raises(AnswerError, match="lacks the column"):
        check.q4(rfm, db)
    # quantiles by row order (pd.qcut on rank(method="first")) split ties arbitrarily
    by_first = answers["scores"].copy()
    by_first["f_score"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=False) + 1
    with pytest.raises(AnswerError, match="f_score"):
        check.q4(by_first, db)


def test_q5_wrong_answers(answers, db):
    rfm = answers["rfm"]
    with pytest.raises(AnswerError, match="BELOW the mean"):
        check.q5(eight_classes(rfm.assign(recency=-rfm["recency"]))["class_zh"], db)
    with pytest.raises(AnswerError, match="not the median"):
        check.q5(eight_classes(rfm, reference="median")["class_zh"], db)
    with pytest.raises(AnswerError, match="not the 1-5 scores"):
        scores = rfm_scores(rfm)
        check.q5(eight_classes(scores, recency="r_score", frequency="f_score", monetary="m_score")["class_zh"], db)
    with pytest.raises(AnswerError, match="Chinese names"):
        check.q5(eight_classes(rfm)["class_en"], db)


def test_q6_wrong_answers(answers, db):
    share, is_value = answers["share"], answers["is_value"]
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q6(100 * share, db)
    with pytest.raises(AnswerError, match="number of customers"):
        check.q6(int(is_value.sum()), db)
    with pytest.raises(AnswerError, match="prospects"):
        check.q6(is_value.sum() / len(db.customers), db)
    with pytest.raises(AnswerError, match="single number"):
        check.q6("14%", db)


def test_q7_wrong_answers(answers, db):
    with pytest.raises(AnswerError, match="share of CUSTOMERS"):
        check.q7(answers["share"], db)
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q7(100 * answers["revenue_share"], db)
    rfm = answers["rfm"]
    all_revenue = rfm.loc[answers["is_value"], "monetary"].sum() / answers["orders"]["revenue"].sum()
    with pytest.raises(AnswerError, match="completed lines only"):
        check.q7(all_revenue, db)
