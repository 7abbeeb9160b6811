"""The checks of Exercise 02: each fails on the blank and on plausible mistakes, and passes on the answer."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from course.checks import AnswerError
from course.checks import lesson02 as check
from course.customers import customer_table
from course.tiers import assign_tiers, four_groups, group_profit, recent_revenue, tier_score, tier_transitions

WEIGHTS = {"revenue": 0.4, "profit": 0.4, "industry_influence": 0.2}


@pytest.fixture(scope="module")
def db():
    from course.data import load_b2b

    return load_b2b()


@pytest.fixture(scope="module")
def customers(db):
    return customer_table(db, asof="2025-12-31")


@pytest.fixture(scope="module")
def buyers(customers):
    return customers[customers["n_orders"] > 0]


@pytest.fixture(scope="module")
def score(customers):
    return tier_score(customers, WEIGHTS)


@pytest.fixture(scope="module")
def tiers(score):
    return assign_tiers(score, strategic_share=0.03, important_share=0.12)


@pytest.fixture(scope="module")
def revenue_12m(db, customers):
    return recent_revenue(db.orders, "2025-12-31").reindex(customers.index, fill_value=0.0)


@pytest.fixture(scope="module")
def groups(customers, revenue_12m):
    return four_groups(customers.assign(revenue_12m=revenue_12m))


def _passes(capsys, func, answer, db):
    func(answer, db)
    assert capsys.readouterr().out.startswith("✓ Question")


def _fails(func, answer, db, match):
    with pytest.raises(AnswerError, match=match):
        func(answer, db)


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"])
def test_every_check_fails_on_the_blank(db, question):
    _fails(getattr(check, question), ..., db, "is still `...`")


# ----------------------------------------------------------------------------- Q1


def test_q1(capsys, db, customers, buyers):
    _passes(capsys, check.q1, buyers["profit"].rank(pct=True), db)
    _passes(capsys, check.q1, buyers["profit"].rank(pct=True).to_frame(), db)  # a one-column frame is fine
    _fails(check.q1, customers["profit"].rank(pct=True), db, "prospects .* were ranked too")
    _fails(check.q1, buyers["profit"].rank(pct=True, ascending=False), db, "reversed")
    _fails(check.q1, buyers["profit"].rank(), db, "not percentile ranks")
    _fails(check.q1, buyers["revenue"].rank(pct=True), db, "ranks revenue")
    _fails(check.q1, buyers["profit"].rank(pct=True).to_numpy(), db, "should be a pandas Series")


# ----------------------------------------------------------------------------- Q2


def test_q2(capsys, db, customers, buyers, score):
    _passes(capsys, check.q2, score, db)
    _passes(capsys, check.q2, score.dropna(), db)  # prospects left out entirely is fine too
    ranks = buyers[list(WEIGHTS)].rank(pct=True)
    by_hand = 100 * (ranks * pd.Series(WEIGHTS)).sum(axis=1)
    _passes(capsys, check.q2, by_hand, db)
    _fails(check.q2, tier_score(customers), db, "default weights")
    _fails(check.q2, score / 100, db, "0-100 scale")
    _fails(check.q2, tier_score(customers, WEIGHTS, prospect_column=None), db, "prospects were ranked")
    _fails(check.q2, tier_score(customers, {"revenue": 1, "profit": 1}), db, "is not right|differ")


# ----------------------------------------------------------------------------- Q3


def test_q3(capsys, db, customers, score, tiers):
    _passes(capsys, check.q3, tiers, db)
    _passes(capsys, check.q3, tiers.astype(str), db)
    _passes(capsys, check.q3, tiers[tiers != "prospect"], db)
    _fails(check.q3, assign_tiers(score), db, "default shares")
    _fails(check.q3, assign_tiers(score, 0.03, 0.15), db, "not the cumulative share")
    _fails(check.q3, assign_tiers(tier_score(customers), 0.03, 0.12), db, "default-weight score")


# ----------------------------------------------------------------------------- Q4


def test_q4(capsys, db, customers, tiers):
    strategic = tiers == "strategic"
    right = customers.loc[strategic, "profit"].sum() / customers["profit"].sum()
    _passes(capsys, check.q4, right, db)
    _fails(check.q4, 100 * right, db, "not a percentage")
    buyers = customers["n_orders"] > 0
    _fails(
        check.q4,
        customers.loc[strategic, "profit"].sum() / customers.loc[buyers, "profit"].sum(),
        db,
        "include the prospects",
    )
    _fails(check.q4, customers.loc[strategic, "revenue"].sum() / customers["revenue"].sum(), db, "share of revenue")
    _fails(check.q4, strategic.mean(), db, "share of customers")
    _fails(check.q4, "41%", db, "single number")


# ----------------------------------------------------------------------------- Q5


def test_q5(capsys, db, customers, revenue_12m, groups):
    _passes(capsys, check.q5, groups, db)
    _passes(capsys, check.q5, groups.dropna().astype(str), db)
    _fails(check.q5, four_groups(customers, size_column="revenue"), db, "lifetime revenue")
    with_cancelled = recent_revenue(db.orders, "2025-12-31", status=None).reindex(customers.index, fill_value=0.0)
    _fails(check.q5, four_groups(customers.assign(revenue_12m=with_cancelled)), db, "cancelled")
    _fails(check.q5, four_groups(customers.assign(revenue_12m=revenue_12m), old_after_years=1), db, "not 1")


# ----------------------------------------------------------------------------- Q6


def test_q6(capsys, db, customers, groups):
    table = group_profit(customers.assign(group=groups), by="group")
    _passes(capsys, check.q6, table["profit_rate"], db)
    _passes(capsys, check.q6, table, db)  # the whole table: its profit_rate column is read
    frame = customers.assign(group=groups).dropna(subset=["group"])
    sums = frame.groupby("group", observed=True)[["profit", "revenue"]].sum()
    _passes(capsys, check.q6, sums["profit"] / sums["revenue"], db)
    mean_of_ratios = (frame["profit"] / frame["revenue"]).groupby(frame["group"], observed=True).mean()
    _fails(check.q6, mean_of_ratios, db, "mean of each customer's profit rate")
    _fails(check.q6, table["margin_rate"], db, "gross margin rate")
    _fails(check.q6, table["profit_per_customer"], db, "profit per customer")


# ----------------------------------------------------------------------------- Q7


def test_q7(capsys, db):
    _passes(capsys, check.q7, "new-big", db)
    _passes(capsys, check.q7, " New-Big ", db)
    _fails(check.q7, "old-big", db, "is not right")
    _fails(check.q7, "the new big ones", db, "should be one of")


# ----------------------------------------------------------------------------- Q8


def test_q8(capsys, db, customers, tiers):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        before = assign_tiers(tier_score(customer_table(db, asof="2024-12-31")))
    after = assign_tiers(tier_score(customers))
    moves = tier_transitions(before, after)
    # independent count from the transition table: cells above the diagonal, prospect row excluded
    up = [("general", "important"), ("general", "strategic"), ("important", "strategic")]
    right = int(sum(moves.loc[b, a] for b, a in up))
    assert right > 0
    assert right == int(((after > before) & (before != "prospect")).sum())
    _passes(capsys, check.q8, right, db)
    _fails(check.q8, int((after > before).sum()), db, "prospects of 2024")
    _fails(check.q8, int(moves.loc["general", ["important", "strategic"]].sum()), db, "only the general customers")
    _fails(check.q8, int(moves.loc["important", "strategic"]), db, "only the moves to strategic")
    _fails(check.q8, int(((after < before) & (before != "prospect")).sum()), db, "moved \\*down\\*")
    _fails(check.q8, right + 5, db, "is not right")
