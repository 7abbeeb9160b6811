"""Tests of the exercise-08 checks: each fails on `...` and on known mistakes, and passes on the right answer."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course import kam
from course.checks import AnswerError
from course.checks import lesson08 as check
from course.purchases import completed_orders

ASOF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed with pandas the way the solution notebook does."""
    lines = completed_orders(db.orders)
    recent = lines[lines["order_date"] > ASOF - pd.Timedelta(days=365)].groupby("customer_id")["revenue"].sum()
    recent = recent[recent > 0].sort_values(ascending=False)
    big = list(recent.index[: math.ceil(0.05 * len(recent))])
    wallet = db.wallet[db.wallet["year"] == 2025].groupby("customer_id")["wallet"].sum()
    revenue_2025 = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["revenue"].sum()
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    window = met[(met["date"] > ASOF - pd.Timedelta(days=365)) & (met["date"] <= ASOF)]
    pairs = window[["customer_id", "staff_id", "contact_id"]].drop_duplicates().groupby("customer_id").size()
    status = kam.plan_status(db, ASOF)
    status = status[status["year"] == 2025]
    scores = db.surveys.loc[db.surveys["date"].dt.year == 2025, "nps"]
    items = kam.receivables(db, ASOF)
    invoiced = db.invoices.loc[db.invoices["invoice_date"] > ASOF - pd.Timedelta(days=365), "amount"].sum()
    evidence = kam.health_evidence(db, at="2024-12-31")
    return {
        "big_customers": big,
        "share_of_wallet": revenue_2025.reindex(big, fill_value=0) / wallet.reindex(big),
        "threads": pairs.reindex(db.customers["customer_id"], fill_value=0),
        "lost_weakest": kam.evidence_by_band(evidence)["lost_share"].iloc[0],
        "execution": status["done"] / status["due"],
        "off_plan": list(status.index[(status["execution"] < 0.6) | (status["sales_attainment"] < 0.9)]),
        "nps_2025": 100 * ((scores >= 9).mean() - (scores <= 6).mean()),
        "dso_days": items["amount"].sum() / invoiced * 365,
        "overdue_amount": items.loc[items["days_past_due"] > 0, "amount"].sum(),
        "scores": scores,
        "lines": lines,
    }


CASES = [
    (check.q1, "big_customers"),
    (check.q2, "share_of_wallet"),
    (check.q3, "threads"),
    (check.q4, "lost_weakest"),
    (check.q5, "execution"),
    (check.q6, "off_plan"),
    (check.q7, "nps_2025"),
    (check.q8, "dso_days"),
    (check.q9, "overdue_amount"),
]


@pytest.mark.parametrize(("fn", "name"), CASES, ids=[name for _, name in CASES])
def test_right_answer_passes_and_blank_fails(fn, name, answers, db, capsys):
    fn(answers[name], db)
    assert capsys.readouterr().out.startswith(f"✓ Question {fn.__name__[1:]}: `{name}` is right.")
    with pytest.raises(AnswerError, match=rf"`{name}` is still `\.\.\.` — replace the dots"):
        fn(..., db)
    with pytest.raises(AnswerError, match="is None"):
        fn(None, db)


def test_q1_known_mistakes(answers, db):
    lines = answers["lines"]
    lifetime = lines.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    recent = lines[lines["order_date"] > ASOF - pd.Timedelta(days=365)].groupby("customer_id")["revenue"].sum()
    n_buyers = int((recent > 0).sum())
    with pytest.raises(AnswerError, match="not of all years"):
        check.q1(list(lifetime.index[: math.ceil(0.05 * n_buyers)]), db)
    all_customers = recent.sort_values(ascending=False).index[: math.ceil(0.05 * len(db.customers))]
    with pytest.raises(AnswerError, match="BUYERS"):
        check.q1(set(all_customers), db)
    with pytest.raises(AnswerError, match="1 missing"):
        check.q1(answers["big_customers"][1:], db)
    with pytest.raises(AnswerError, match="collection of ids"):
        check.q1("C00001", db)


def test_q2_q3_known_mistakes(answers, db):
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q2(100 * answers["share_of_wallet"], db)
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    window = met[(met["date"] > ASOF - pd.Timedelta(days=365)) & (met["date"] <= ASOF)]
    with pytest.raises(AnswerError, match="PAIR"):
        check.q3(window.groupby("customer_id")["contact_id"].nunique(), db)
    with pytest.raises(AnswerError, match="not interactions"):
        check.q3(window.groupby("customer_id").size(), db)


def test_threads_of_buyers_only_are_accepted(answers, db, capsys):
    threads = answers["threads"]
    check.q3(threads[threads > 0], db)
    assert "is right" in capsys.readouterr().out


def test_q4_to_q6_known_mistakes(answers, db):
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q4(100 * answers["lost_weakest"], db)
    with pytest.raises(AnswerError, match="STRONGEST"):
        evidence = kam.health_evidence(db, at="2024-12-31")
        check.q4(kam.evidence_by_band(evidence)["lost_share"].iloc[-1], db)
    with pytest.raises(AnswerError, match="divide the actions done"):
        status = kam.plan_status(db, ASOF)
        check.q5(status.loc[status["year"] == 2025, "done"], db)
    status = kam.plan_status(db, ASOF)
    status = status[status["year"] == 2025]
    both = status.index[(status["execution"] < 0.6) & (status["sales_attainment"] < 0.9)]
    with pytest.raises(AnswerError, match="EITHER"):
        check.q6(list(both), db)
    with pytest.raises(AnswerError, match="ON plan"):
        check.q6(list(status.index[status["on_plan"]]), db)


def test_q7_to_q9_known_mistakes(answers, db):
    scores = answers["scores"]
    with pytest.raises(AnswerError, match="not the mean score"):
        check.q7(float(scores.mean()), db)
    with pytest.raises(AnswerError, match="multiply the difference"):
        check.q7(answers["nps_2025"] / 100, db)
    with pytest.raises(AnswerError, match="not 8"):
        check.q7(100 * ((scores >= 8).mean() - (scores <= 6).mean()), db)
    with pytest.raises(AnswerError, match="in days"):
        check.q8(answers["dso_days"] / 365, db)
    items = kam.receivables(db, ASOF)
    with pytest.raises(AnswerError, match="every receivable"):
        check.q9(items["amount"].sum(), db)
    with pytest.raises(AnswerError, match="not of all years"):
        check.q8(items["amount"].sum() / db.invoices["amount"].sum() * 365, db)
    with pytest.raises(AnswerError, match="not from the invoice date"):
        check.q9(items.loc[items["days_outstanding"] > 30, "amount"].sum(), db)
    assert np.isfinite(answers["overdue_amount"]) and answers["overdue_amount"] > 0
