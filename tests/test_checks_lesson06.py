"""The checks of Exercise 06 (lifecycle and churn): blank and wrong answers fail, right ones pass."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import answer_check_tests
from sklearn.metrics import roc_auc_score

from course.checks import AnswerError
from course.checks import lesson06 as check
from course.churn import FEATURES, churn_dataset, churn_model
from course.customers import customer_table
from course.lifecycle import churn_rate_by, cohort_retention, lifecycle_states
from course.tiers import tier_customers

ASOF = "2025-12-31"


@pytest.fixture(scope="module")
def answers(b2b):
    """The right answers, computed the way the solution notebook does, plus pieces for wrong ones."""
    db = b2b
    completed = db.orders[db.orders["status"] == "completed"]
    last = completed.groupby("customer_id")["order_date"].max()
    recency = (pd.Timestamp(ASOF) - last).dt.days
    state = pd.Series(np.select([recency <= 180, recency <= 365], ["active", "dormant"], "churned"), index=last.index)
    state = state.reindex(db.customers["customer_id"]).fillna("potential")

    states = lifecycle_states(db.orders, ASOF, customers=db.customers)
    with pytest.warns(UserWarning):  # rows after 2024-12-31 are left out
        tiers_2024 = tier_customers(customer_table(db, asof="2024-12-31"))
    cohort = churn_dataset(db, "2024-12-31", horizon_days=365).join(tiers_2024["tier"])
    churn_by_tier = churn_rate_by(cohort, "tier", column="churned")["churn_rate"]

    retention = cohort_retention(db.orders, period="Q").loc["2022Q1"].loc[0:8]

    in_2024 = completed[completed["order_date"].dt.year == 2024]
    dataset = in_2024.groupby("customer_id")["order_id"].nunique().to_frame("orders_2024")
    in_2025 = completed[(completed["order_date"] > "2024-12-31") & (completed["order_date"] <= "2025-12-31")]
    dataset["churned"] = ~dataset.index.isin(in_2025["customer_id"])

    train = churn_dataset(db, "2023-12-31", horizon_days=365)
    test = churn_dataset(db, "2024-12-31", horizon_days=365)
    model = churn_model().fit(train[FEATURES], train["churned"])
    auc_model = roc_auc_score(test["churned"], model.predict_proba(test[FEATURES])[:, 1])
    auc_recency = roc_auc_score(test["churned"], test["recency_days"])
    means = train.groupby("churned")["csat_12m"].mean()
    return {
        "completed": completed,
        "state": state,
        "state_counts": state.value_counts(),
        "lifecycle_counts": states["state"].value_counts(),
        "churn_by_tier": churn_by_tier,
        "retention_2022q1": retention,
        "dataset": dataset,
        "cohort": cohort,
        "in_2024": in_2024,
        "train": train,
        "test": test,
        "model": model,
        "auc_model": auc_model,
        "auc_recency": auc_recency,
        "csat_gap": means[True] - means[False],
    }


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("06")


def test_blank_q5_fails_with_its_own_message(b2b, answers):
    with pytest.raises(AnswerError, match=r"`auc_model` is still `...`"):
        check.q5(..., ..., b2b)
    with pytest.raises(AnswerError, match=r"`auc_recency` is still `...`"):
        check.q5(answers["auc_model"], ..., b2b)


def test_right_q5_passes(b2b, answers, capsys):
    check.q5(answers["auc_model"], answers["auc_recency"], b2b)
    out = capsys.readouterr().out
    assert "✓ Question 5: `auc_model` is right." in out and "✓ Question 5: `auc_recency` is right." in out


def test_plain_pandas_answers_pass_too(b2b, answers, capsys):
    check.q1(answers["lifecycle_counts"], b2b)  # categorical index from course.lifecycle
    cohort = answers["cohort"]
    check.q2(cohort.groupby("tier", observed=False)["churned"].mean(), b2b)  # with 'prospect' NaN
    assert capsys.readouterr().out.count("✓") == 2


def test_q2_drills_the_cohort_rate_not_the_biased_snapshot(b2b, answers):
    """The lesson's fair rate: customers active or dormant at 2024-12-31, tiers of that day, lost in 2025."""
    completed = answers["completed"]
    last = completed[completed["order_date"] <= "2024-12-31"].groupby("customer_id")["order_date"].max()
    alive = last.index[(pd.Timestamp("2024-12-31") - last).dt.days <= 365]
    assert set(alive) == set(answers["cohort"].index)  # the same population as churn_dataset, by hand
    bought_2025 = set(completed.loc[completed["order_date"].dt.year == 2025, "customer_id"])
    assert (answers["cohort"]["churned"] == ~answers["cohort"].index.isin(list(bought_2025))).all()


def _state_counts_from(lines, db, *, sign=1, strict=False):
    last = lines.groupby("customer_id")["order_date"].max()
    recency = sign * (pd.Timestamp(ASOF) - last).dt.days
    limits = [recency < 180, recency < 365] if strict else [recency <= 180, recency <= 365]
    state = pd.Series(np.select(limits, ["active", "dormant"], "churned"), index=last.index)
    return state.reindex(db.customers["customer_id"]).fillna("potential").value_counts()


def test_q1_wrong_answers(b2b, answers):
    right = answers["state_counts"]
    with pytest.raises(AnswerError, match="cancelled and returned"):
        check.q1(_state_counts_from(b2b.orders, b2b), b2b)
    with pytest.raises(AnswerError, match="negative"):
        check.q1(_state_counts_from(answers["completed"], b2b, sign=-1), b2b)
    with pytest.raises(AnswerError, match="no 'potential' state"):
        check.q1(right.drop("potential"), b2b)
    with pytest.raises(AnswerError, match="not the shares"):
        check.q1(right / right.sum(), b2b)


def test_q2_wrong_answers(b2b, answers):
    right, cohort = answers["churn_by_tier"], answers["cohort"]
    tiers_today = tier_customers(customer_table(b2b, asof=ASOF))["tier"]
    states = lifecycle_states(b2b.orders, ASOF, customers=b2b.customers).join(tiers_today)
    buyers = states[states["state"] != "potential"]
    with pytest.raises(AnswerError, match="today's snapshot, which lesson 06 calls biased"):
        check.q2(churn_rate_by(buyers, "tier")["churn_rate"], b2b)
    with pytest.raises(AnswerError, match="tiers must be those of 2024-12-31"):
        check.q2(cohort[["churned"]].join(tiers_today).groupby("tier", observed=True)["churned"].mean(), b2b)
    short = churn_dataset(b2b, "2024-12-31", horizon_days=180).join(cohort["tier"])
    with pytest.raises(AnswerError, match="horizon is 365 days"):
        check.q2(short.groupby("tier", observed=True)["churned"].mean(), b2b)
    with pytest.raises(AnswerError, match="numbers of customers"):
        check.q2(cohort.groupby("tier", observed=True)["churned"].sum(), b2b)
    with pytest.raises(AnswerError, match="not percentages"):
        check.q2(right * 100, b2b)


def test_q3_wrong_answers(b2b, answers):
    right = answers["retention_2022q1"]
    with pytest.raises(AnswerError, match="not percentages"):
        check.q3(right * 100, b2b)
    with pytest.raises(AnswerError, match="too many values"):
        check.q3(cohort_retention(b2b.orders, period="Q").loc["2022Q1"].dropna(), b2b)
    all_lines = cohort_retention(b2b.orders, period="Q", status=None).loc["2022Q1"].loc[0:8]
    if not np.allclose(all_lines.to_numpy(), right.to_numpy()):
        with pytest.raises(AnswerError, match="completed lines only"):
            check.q3(all_lines, b2b)
    with pytest.raises(AnswerError):
        check.q3(cohort_retention(b2b.orders, period="Q").loc["2022Q2"].loc[0:8], b2b)


def test_q4_wrong_answers(b2b, answers):
    right, completed = answers["dataset"], answers["completed"]
    with pytest.raises(AnswerError, match="inverted"):
        check.q4(right.assign(churned=~right["churned"]), b2b)
    h1 = completed[(completed["order_date"] > "2024-12-31") & (completed["order_date"] <= "2025-06-30")]
    with pytest.raises(AnswerError, match="horizon is one year"):
        check.q4(right.assign(churned=~right.index.isin(h1["customer_id"])), b2b)
    lines = answers["in_2024"].groupby("customer_id").size()
    with pytest.raises(AnswerError, match="counts order lines"):
        check.q4(right.assign(orders_2024=lines), b2b)
    with pytest.raises(AnswerError, match="rows"):
        check.q4(right.iloc[:-5], b2b)
    with pytest.raises(AnswerError, match="lacks the column"):
        check.q4(right[["orders_2024"]].rename(columns={"orders_2024": "n"}).assign(x=1), b2b)


def test_q5_wrong_answers(b2b, answers):
    model, train, test = answers["model"], answers["train"], answers["test"]
    on_train = roc_auc_score(train["churned"], model.predict_proba(train[FEATURES])[:, 1])
    with pytest.raises(AnswerError, match="training data"):
        check.q5(on_train, answers["auc_recency"], b2b)
    with pytest.raises(AnswerError, match="not the 0/1 predictions"):
        check.q5(roc_auc_score(test["churned"], model.predict(test[FEATURES])), answers["auc_recency"], b2b)
    with pytest.raises(AnswerError, match="column 1"):
        check.q5(1 - answers["auc_model"], answers["auc_recency"], b2b)
    with pytest.raises(AnswerError, match="MORE risk"):
        check.q5(answers["auc_model"], 1 - answers["auc_recency"], b2b)


def test_q6_wrong_answers(b2b, answers):
    test = answers["train"]  # Question 6 explores the training cutoff
    with pytest.raises(AnswerError, match="sign is reversed"):
        check.q6(-answers["csat_gap"], b2b)
    filled = test["csat_12m"].fillna(0).groupby(test["churned"]).mean()
    with pytest.raises(AnswerError, match="NaN"):
        check.q6(filled[True] - filled[False], b2b)
    with pytest.raises(AnswerError, match="churners' mean only"):
        check.q6(test.loc[test["churned"], "csat_12m"].mean(), b2b)
    later = answers["test"].groupby("churned")["csat_12m"].mean()
    with pytest.raises(AnswerError, match="kept to score the model"):
        check.q6(later[True] - later[False], b2b)
