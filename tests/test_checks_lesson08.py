"""Tests of the exercise-08 checks: each fails on `...` and on known mistakes, and passes on the right answer."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import answer_check_tests

from course import kam
from course.checks import AnswerError
from course.checks import lesson08 as check

ASOF = pd.Timestamp("2025-12-31")
AT = pd.Timestamp("2024-12-31")
DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed with pandas the way the solution notebook does."""
    lines = db.orders[db.orders["status"] == "completed"]
    recent = lines[lines["order_date"] > ASOF - 365 * DAY].groupby("customer_id")["revenue"].sum()
    recent = recent[recent > 0].sort_values(ascending=False)
    big = list(recent.index[: math.ceil(0.05 * len(recent))])
    wallet = db.wallet[db.wallet["year"] == 2025].groupby("customer_id")["wallet"].sum()
    revenue_2025 = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["revenue"].sum()
    margin_2025 = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["margin"].sum()
    costs_2025 = db.cost_to_serve[db.cost_to_serve["year"] == 2025].groupby("customer_id")["total"].sum()
    profit = margin_2025.reindex(big, fill_value=0) - costs_2025.reindex(big, fill_value=0)
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    window = met[(met["date"] > ASOF - 365 * DAY) & (met["date"] <= ASOF)]
    pairs = window[["customer_id", "staff_id", "contact_id"]].drop_duplicates().groupby("customer_id").size()
    before = lines[(lines["order_date"] > AT - 365 * DAY) & (lines["order_date"] <= AT)]
    after = lines[(lines["order_date"] > AT) & (lines["order_date"] <= AT + 365 * DAY)]
    days = (AT - before.groupby("customer_id")["order_date"].max()).dt.days
    silent = days.index[days >= days.quantile(0.8)]
    actions = kam.action_status(db, ASOF)
    due = actions[actions["due"] & (actions["year"] == 2025)]
    execution = due.groupby("plan_id")["done"].mean()
    plans = db.account_plans[db.account_plans["year"] == 2025].set_index("plan_id")
    attainment = revenue_2025.reindex(plans["customer_id"]).fillna(0).to_numpy() / plans["sales_target"]
    on_plan = (execution.reindex(plans.index) >= 0.6) & (attainment >= 0.9)
    scores = db.surveys.loc[db.surveys["date"].dt.year == 2025, "nps"]
    invoices = db.invoices[db.invoices["invoice_date"] <= ASOF]
    open_invoices = invoices[~(invoices["paid_date"] <= ASOF)]
    invoiced = invoices.loc[invoices["invoice_date"] > ASOF - 365 * DAY, "amount"].sum()
    return {
        "big_customers": big,
        "share_of_wallet": revenue_2025.reindex(big, fill_value=0) / wallet.reindex(big),
        "losing_big": list(profit.index[profit < 0]),
        "threads": pairs.reindex(db.customers["customer_id"], fill_value=0),
        "lost_silent": (~silent.isin(after["customer_id"])).mean(),
        "execution_by_role": due.groupby(due["owner_role"].astype(str))["done"].mean(),
        "off_plan": list(plans.index[~on_plan]),
        "nps_2025": 100 * ((scores >= 9).mean() - (scores <= 6).mean()),
        "dso_days": open_invoices["amount"].sum() / invoiced * 365,
        "overdue_amount": open_invoices.loc[open_invoices["due_date"] < ASOF, "amount"].sum(),
        # for the mistakes
        "lines": lines,
        "scores": scores,
        "days": days,
        "after": after,
        "actions": actions,
        "invoices": invoices,
        "open_invoices": open_invoices,
        "invoiced": invoiced,
    }


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("08")


def test_at_least_half_of_the_questions_are_pandas_computations():
    """The exercise asks for computations, not for the names of functions: at most a few use course.kam."""
    from course import REPO_ROOT
    from course.authoring.notebooks import read_notebook

    solution = read_notebook(REPO_ROOT / "solutions" / "08_key_accounts.ipynb")
    blocks = [c.source for c in solution.cells if c.cell_type == "code" and "### BEGIN SOLUTION" in c.source]
    pandas_only = [b for b in blocks if "kam." not in b and any(w in b for w in ("groupby", "merge", "["))]
    assert len(blocks) == 10 and len(pandas_only) >= len(blocks) / 2, len(pandas_only)


def test_q1_known_mistakes(answers, db):
    lines = answers["lines"]
    lifetime = lines.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    recent = lines[lines["order_date"] > ASOF - 365 * DAY].groupby("customer_id")["revenue"].sum()
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


def test_q2_q4_known_mistakes(answers, db):
    with pytest.raises(AnswerError, match="not a percentage"):
        check.q2(100 * answers["share_of_wallet"], db)
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    window = met[(met["date"] > ASOF - 365 * DAY) & (met["date"] <= ASOF)]
    with pytest.raises(AnswerError, match="PAIR"):
        check.q4(window.groupby("customer_id")["contact_id"].nunique(), db)
    with pytest.raises(AnswerError, match="not interactions"):
        check.q4(window.groupby("customer_id").size(), db)


def test_threads_of_buyers_only_are_accepted(answers, db, capsys):
    threads = answers["threads"]
    check.q4(threads[threads > 0], db)
    assert "is right" in capsys.readouterr().out


def test_q3_known_mistakes(answers, db):
    lines, big = answers["lines"], answers["big_customers"]
    costs = db.cost_to_serve
    lifetime = lines.groupby("customer_id")["margin"].sum().reindex(big, fill_value=0) - costs.groupby("customer_id")[
        "total"
    ].sum().reindex(big, fill_value=0)
    with pytest.raises(AnswerError, match="use 2025 only"):
        check.q3(list(lifetime.index[lifetime < 0]), db)
    year = lines[lines["order_date"].dt.year == 2025]
    cost_2025 = costs[costs["year"] == 2025].groupby("customer_id")["total"].sum()
    everyone = year.groupby("customer_id")["margin"].sum().reindex(db.customers["customer_id"], fill_value=0)
    everyone = everyone - cost_2025.reindex(everyone.index, fill_value=0)
    with pytest.raises(AnswerError, match="only the big customers"):
        check.q3(list(everyone.index[everyone < 0]), db)
    with pytest.raises(AnswerError, match="nobody"):
        check.q3([], db)
    assert 0 < len(answers["losing_big"]) < len(big)


def test_q5_known_mistakes_and_conventions(answers, db, capsys):
    days, after = answers["days"], answers["after"]
    lost = pd.Series(~days.index.isin(after["customer_id"]), index=days.index)
    with pytest.raises(AnswerError, match="percentage"):
        check.q5(100 * answers["lost_silent"], db)
    with pytest.raises(AnswerError, match="by HEALTH"):
        check.q5(kam.evidence_by_band(kam.health_evidence(db, at=AT))["lost_share"].iloc[0], db)
    with pytest.raises(AnswerError, match="most RECENTLY"):
        check.q5(lost[days <= days.quantile(0.2)].mean(), db)
    with pytest.raises(AnswerError, match="all 2024 buyers"):
        check.q5(lost.mean(), db)
    # another reading of "the most silent fifth": the first n // 5 by days, largest first
    check.q5(lost[days.sort_values(ascending=False, kind="stable").index[: len(days) // 5]].mean(), db)
    assert "is right" in capsys.readouterr().out
    assert answers["lost_silent"] > kam.evidence_by_band(kam.health_evidence(db, at=AT))["lost_share"].iloc[0]


def test_q6_q7_known_mistakes(answers, db):
    actions = answers["actions"].assign(owner_role=lambda t: t["owner_role"].astype(str))
    due = actions[actions["due"] & (actions["year"] == 2025)]
    with pytest.raises(AnswerError, match="divide the actions done"):
        check.q6(due.groupby("owner_role")["done"].sum(), db)
    with pytest.raises(AnswerError, match="plans of 2025"):
        check.q6(actions[actions["due"]].groupby("owner_role")["done"].mean(), db)
    status = kam.plan_status(db, ASOF)
    status = status[status["year"] == 2025]
    both = status.index[(status["execution"] < 0.6) & (status["sales_attainment"] < 0.9)]
    with pytest.raises(AnswerError, match="EITHER"):
        check.q7(list(both), db)
    with pytest.raises(AnswerError, match="ON plan"):
        check.q7(list(status.index[status["on_plan"]]), db)
    dropped = set(answers["off_plan"]) - set(status.index[status["revenue"] == 0])
    with pytest.raises(AnswerError, match="do not drop the plan"):
        check.q7(sorted(dropped), db)
    assert set(answers["off_plan"]) == set(status.index[~status["on_plan"]])  # pandas by hand = kam.plan_status


def test_q8_to_q10_known_mistakes(answers, db):
    scores = answers["scores"]
    with pytest.raises(AnswerError, match="not the mean score"):
        check.q8(float(scores.mean()), db)
    with pytest.raises(AnswerError, match="multiply the difference"):
        check.q8(answers["nps_2025"] / 100, db)
    with pytest.raises(AnswerError, match="not 8"):
        check.q8(100 * ((scores >= 8).mean() - (scores <= 6).mean()), db)
    lines, open_invoices, invoiced = answers["lines"], answers["open_invoices"], answers["invoiced"]
    revenue_12m = lines.loc[lines["order_date"] > ASOF - 365 * DAY, "revenue"].sum()
    contracts = db.opportunities.merge(db.deliveries[["opportunity_id", "delivery_date"]], on="opportunity_id")
    contracts = contracts[contracts["delivery_date"] <= ASOF]
    contract_open = contracts.loc[~(contracts["payment_date"] <= ASOF), "contract_amount"].sum()
    with pytest.raises(AnswerError, match="textbook DSO on revenue"):
        check.q9(contract_open / revenue_12m * 365, db)
    delivered = contracts.loc[contracts["delivery_date"] > ASOF - 365 * DAY, "contract_amount"].sum()
    with pytest.raises(AnswerError, match="DSO on the contracts"):
        check.q9(contract_open / delivered * 365, db)
    with pytest.raises(AnswerError, match="in days"):
        check.q9(answers["dso_days"] / 365, db)
    overdue = open_invoices.loc[open_invoices["due_date"] < ASOF, "amount"].sum()
    with pytest.raises(AnswerError, match="ALL open invoices"):
        check.q9(overdue / invoiced * 365, db)
    with pytest.raises(AnswerError, match="every open invoice"):
        check.q10(open_invoices["amount"].sum(), db)
    invoices = answers["invoices"]
    with pytest.raises(AnswerError, match="still OPEN"):
        check.q10(invoices.loc[invoices["due_date"] < ASOF, "amount"].sum(), db)
    old = (ASOF - open_invoices["invoice_date"]).dt.days > 30
    with pytest.raises(AnswerError, match="not 30 days from the invoice date"):
        check.q10(open_invoices.loc[old, "amount"].sum(), db)


def test_dso_on_revenue_is_right_because_invoices_reconcile(answers, db, capsys):
    """The textbook formula on completed revenue equals DSO on the invoices: invoices add up to the revenue."""
    lines, open_invoices = answers["lines"], answers["open_invoices"]
    revenue_12m = lines.loc[lines["order_date"] > ASOF - 365 * DAY, "revenue"].sum()
    check.q9(open_invoices["amount"].sum() / revenue_12m * 365, db)
    assert "is right" in capsys.readouterr().out
