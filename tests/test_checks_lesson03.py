"""Tests of the exercise-03 checks: each fails on `...` and on plausible wrong answers, and passes on the right one."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import answer_check_tests

from course.checks import AnswerError
from course.checks import lesson03 as check
from course.rfm import eight_classes, rfm_scores, rfm_table

ASOF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed the way the solution notebook does."""
    orders = db.orders
    completed = orders[orders["status"] == "completed"]
    by_customer = completed.groupby("customer_id")
    rfm = rfm_table(completed, date="order_date", amount="revenue", asof=ASOF)
    classes = eight_classes(rfm)
    is_value = classes["class_zh"] == "重要价值客户"
    return {
        "orders": orders,
        "completed": completed,
        "rfm": rfm,
        "recency": (ASOF - by_customer["order_date"].max()).dt.days,
        "frequency": completed.assign(day=completed["order_date"].dt.normalize())
        .groupby("customer_id")["day"]
        .nunique(),
        "monetary": by_customer["revenue"].sum(),
        "scores": rfm_scores(rfm),
        "f_score": rfm_scores(rfm)["f_score"],
        "classes": classes["class_zh"],
        "share_important_value": is_value.mean(),
        "important_value_revenue_share": classes.loc[is_value, "monetary"].sum() / classes["monetary"].sum(),
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


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("03")


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
    with pytest.raises(AnswerError, match="counts order lines"):
        check.q2(completed.groupby("customer_id").size(), db)
    with pytest.raises(AnswerError, match="two orders on one day, which is one purchase"):
        check.q2(completed.groupby("customer_id")["order_id"].nunique(), db)
    with pytest.raises(AnswerError, match="completed"):
        check.q2(orders.assign(day=orders["order_date"].dt.normalize()).groupby("customer_id")["day"].nunique(), db)
    with pytest.raises(AnswerError, match="two mistakes"):
        check.q2(orders.groupby("customer_id").size(), db)


def test_frequency_counts_customer_days_as_lesson_07_does(answers):
    """One convention: RFM frequency = purchase days = 1 + the repeat purchases of lesson 07's summary."""
    from course.clv import summary

    repeat = summary(answers["completed"], date="order_date", amount="revenue", asof=ASOF)["frequency"]
    frequency = answers["rfm"]["frequency"]
    assert (frequency == repeat.loc[frequency.index] + 1).all()
    assert (frequency <= answers["completed"].groupby("customer_id")["order_id"].nunique().loc[frequency.index]).all()


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
    frequency = rfm["frequency"]
    by_first = pd.qcut(frequency.rank(method="first"), 5, labels=False) + 1  # ties split by row order
    with pytest.raises(AnswerError, match=r"qcut on rank\(method='first'\) breaks ties by ROW ORDER"):
        check.q4(by_first, db)
    shuffled = frequency.sample(frac=1, random_state=0)  # the same mistake on another row order
    with pytest.raises(AnswerError, match="not tie-safe") as error:
        check.q4(pd.qcut(shuffled.rank(method="first"), 5, labels=False) + 1, db)
    assert "rank(method='first')" in str(error.value)
    worse = frequency.rank(method="min") - 1
    with pytest.raises(AnswerError, match="run 0-4"):
        check.q4(worse * 5 // len(rfm), db)
    with pytest.raises(AnswerError, match="direction is reversed"):
        check.q4((-frequency).rank(method="min").sub(1) * 5 // len(rfm) + 1, db)
    with pytest.raises(AnswerError, match="method='average'"):
        check.q4((frequency.rank(method="average") - 1) * 5 // len(rfm) + 1, db)
    by_orders = rfm_scores(rfm_table(completed, date="order_date", amount="revenue", order="order_id", asof=ASOF))
    with pytest.raises(AnswerError, match="not orders"):
        check.q4(by_orders["f_score"], db)
    with pytest.raises(AnswerError, match="pandas Series"):
        check.q4(answers["scores"], db)  # the whole score table, not the F scores


def test_q4_accepts_the_tie_safe_scores_by_hand(answers, db, capsys):
    frequency = answers["rfm"]["frequency"]
    by_hand = (frequency.rank(method="min") - 1) * 5 // len(frequency) + 1
    check.q4(by_hand, db)  # floats 1.0 ... 5.0
    check.q4(by_hand.astype(int).to_dict(), db)
    assert capsys.readouterr().out.count("✓") == 2


def test_q1_to_q3_accept_prospects_kept_with_zeros(answers, db, capsys):
    """Lesson 01 keeps the prospects (no completed order) with 0: that is the same answer in substance."""
    every = db.customers["customer_id"]
    check.q1(answers["recency"].reindex(every), db)  # prospects have no recency: NaN
    check.q2(answers["frequency"].reindex(every, fill_value=0), db)
    check.q3(answers["monetary"].reindex(every, fill_value=0.0), db)
    assert capsys.readouterr().out.count("✓") == 3


def test_q1_rejects_a_recency_of_0_for_prospects(answers, db, capsys):
    """0 means "bought on the as-of day"; a prospect never bought: its recency is missing, or it is left out."""
    every = db.customers["customer_id"]
    with pytest.raises(AnswerError, match="never bought") as error:
        check.q1(answers["recency"].reindex(every, fill_value=0), db)
    assert "NaN" in str(error.value)
    check.q1(answers["recency"].reindex(every), db)  # missing: right
    check.q1(answers["recency"], db)  # left out: right
    assert capsys.readouterr().out.count("✓") == 2


def test_q4_q5_accept_prospects_kept_without_a_score_or_class(answers, db, capsys):
    every = db.customers["customer_id"]
    check.q4(answers["f_score"].reindex(every), db)
    check.q5(answers["classes"].reindex(every), db)
    assert capsys.readouterr().out.count("✓") == 2
    with pytest.raises(AnswerError):
        check.q5(answers["classes"].reindex(every, fill_value="一般挽留客户"), db)  # a class for a prospect is wrong
    with pytest.raises(AnswerError):
        check.q4(answers["f_score"].reindex(every, fill_value=1), db)


def test_q6_q7_accept_sensibly_rounded_shares(answers, db, capsys):
    check.q6(round(answers["share_important_value"], 4), db)
    check.q7(round(answers["important_value_revenue_share"], 3), db)
    assert capsys.readouterr().out.count("✓") == 2
    with pytest.raises(AnswerError, match="don't round"):
        check.q6(round(answers["share_important_value"], 2), db)


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
    share, is_value = answers["share_important_value"], answers["is_value"]
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
        check.q7(answers["share_important_value"], db)
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q7(100 * answers["important_value_revenue_share"], db)
    rfm = answers["rfm"]
    all_revenue = rfm.loc[answers["is_value"], "monetary"].sum() / answers["orders"]["revenue"].sum()
    with pytest.raises(AnswerError, match="completed lines only"):
        check.q7(all_revenue, db)


def test_prospects_and_purchase_days_on_another_seed_and_size(capsys):
    """Recency 0 for prospects fails, NaN passes, frequency counts purchase days: on seed 7, 1,200 customers."""
    from course.data import b2b_database

    other = b2b_database(seed=7, n_customers=1200)
    completed = other.orders[other.orders["status"] == "completed"]
    recency = (ASOF - completed.groupby("customer_id")["order_date"].max()).dt.days
    every = other.customers["customer_id"]
    with pytest.raises(AnswerError, match="never bought"):
        check.q1(recency.reindex(every, fill_value=0), other)
    check.q1(recency.reindex(every), other)
    days = completed.assign(day=completed["order_date"].dt.normalize()).groupby("customer_id")["day"].nunique()
    check.q2(days, other)
    assert capsys.readouterr().out.count("✓") == 2
    orders = completed.groupby("customer_id")["order_id"].nunique()
    assert not orders.equals(days)  # some customers place two orders on one day
    with pytest.raises(AnswerError, match="counts orders"):
        check.q2(orders, other)
