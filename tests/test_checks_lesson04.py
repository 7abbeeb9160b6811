"""The checks of Exercise 04 (Pareto, whale curve): blank and wrong answers fail, right ones pass."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import answer_check_tests

from course.checks import AnswerError
from course.checks import lesson04 as check


@pytest.fixture(scope="module")
def answers(b2b):
    """The right answers, computed the way the solution notebook does (plain pandas)."""
    db = b2b
    completed = db.orders[db.orders["status"] == "completed"]
    revenue = completed.groupby("customer_id")["revenue"].sum()
    n = len(revenue)
    ranked = revenue.sort_values(ascending=False)
    cum = ranked.cumsum() / ranked.sum()
    before = cum - ranked / ranked.sum()
    abc = pd.Series(np.select([before < 0.8, before < 0.95], ["A", "B"], default="C"), index=ranked.index)
    x = np.sort(revenue.to_numpy())
    i = np.arange(1, n + 1)
    margin = completed.groupby("customer_id")["margin"].sum()
    cts = db.cost_to_serve.groupby("customer_id")["total"].sum()
    profit = margin - cts.reindex(margin.index, fill_value=0.0)
    whale = profit.sort_values(ascending=False).cumsum() / profit.sum()
    return {
        "completed": completed,
        "revenue": revenue,
        "ranked": ranked,
        "n": n,
        "top20_share": ranked.head(math.ceil(0.2 * n)).sum() / ranked.sum(),
        "gini_revenue": 2 * (i * x).sum() / (n * x.sum()) - (n + 1) / n,
        "share_for_80": ((cum < 0.8).sum() + 1) / n,
        "abc_counts": abc.value_counts(),
        "profit": profit,
        "margin": margin,
        "cts": cts,
        "peak_share": whale.max(),
        "loss_share": (profit < 0).mean(),
    }


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("04")


# --- plausible wrong answers, each with its own diagnosis ---------------------------------


def test_q1_wrong_answers(b2b, answers, capsys):
    n, ranked = answers["n"], answers["ranked"]
    everything = b2b.orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    with pytest.raises(AnswerError, match="cancelled"):
        check.q1(everything.head(math.ceil(0.2 * len(everything))).sum() / everything.sum(), b2b)
    with pytest.raises(AnswerError, match="SMALLEST"):
        check.q1(ranked.tail(math.ceil(0.2 * n)).sum() / ranked.sum(), b2b)
    with pytest.raises(AnswerError, match="percentage"):
        check.q1(100 * answers["top20_share"], b2b)
    all_ids = ranked.reindex(b2b.customers["customer_id"], fill_value=0.0).sort_values(ascending=False)
    with pytest.raises(AnswerError, match="prospects"):
        check.q1(all_ids.head(math.ceil(0.2 * len(all_ids))).sum() / all_ids.sum(), b2b)
    with pytest.raises(AnswerError, match="should be a single number"):
        check.q1("74%", b2b)
    # int(0.2 * n) customers is an accepted reading of "the top 20%"
    check.q1(ranked.head(int(0.2 * n)).sum() / ranked.sum(), b2b)
    assert "✓" in capsys.readouterr().out


def test_q2_wrong_answers(b2b, answers, capsys):
    g = answers["gini_revenue"]
    with pytest.raises(AnswerError, match="prospects"):
        from course.pareto import gini

        check.q2(gini(answers["revenue"].reindex(b2b.customers["customer_id"], fill_value=0.0)), b2b)
    with pytest.raises(AnswerError, match="1 − Gini"):
        check.q2(1 - g, b2b)
    with pytest.raises(AnswerError, match="not right"):
        check.q2(g + 0.05, b2b)
    check.q2(g * answers["n"] / (answers["n"] - 1), b2b)  # small-sample correction accepted
    assert "✓" in capsys.readouterr().out


def test_q3_wrong_answers(b2b, answers):
    share, n = answers["share_for_80"], answers["n"]
    with pytest.raises(AnswerError, match="number of customers"):
        check.q3(round(share * n), b2b)
    with pytest.raises(AnswerError, match="BEFORE"):
        check.q3(share - 1 / n, b2b)
    with pytest.raises(AnswerError, match="percentage"):
        check.q3(100 * share, b2b)
    with pytest.raises(AnswerError, match="prospects"):
        check.q3(round(share * n) / len(b2b.customers), b2b)


def test_q4_wrong_answers(b2b, answers, capsys):
    counts = answers["abc_counts"]
    with pytest.raises(AnswerError, match="shares"):
        check.q4(counts / counts.sum(), b2b)
    ascending = answers["revenue"].sort_values()
    cum = ascending.cumsum() / ascending.sum()
    before = cum - ascending / ascending.sum()
    wrong = pd.Series(np.select([before < 0.8, before < 0.95], ["A", "B"], default="C")).value_counts()
    with pytest.raises(AnswerError, match="smallest customer up"):
        check.q4(wrong, b2b)
    with pytest.raises(AnswerError, match=r"labels missing, e\.g\. \['A'\]"):
        check.q4(counts.rename({"A": "a"}), b2b)
    with pytest.raises(AnswerError, match="values differ"):
        check.q4(counts + 1, b2b)
    # a dict, and the "cumulative share <= 80%" convention, are accepted
    check.q4(counts.to_dict(), b2b)
    ranked = answers["ranked"]
    inclusive = ranked.cumsum() / ranked.sum()
    check.q4(pd.Series(np.select([inclusive <= 0.8, inclusive <= 0.95], ["A", "B"], default="C")).value_counts(), b2b)
    assert capsys.readouterr().out.count("✓") == 2


def test_q5_wrong_answers(b2b, answers):
    margin, cts, profit = answers["margin"], answers["cts"], answers["profit"]
    revenue = answers["revenue"]
    with pytest.raises(AnswerError, match="revenue − cost to serve"):
        check.q5(revenue - cts.reindex(revenue.index, fill_value=0.0), b2b)
    with pytest.raises(AnswerError, match="margin alone"):
        check.q5(margin, b2b)
    with pytest.raises(AnswerError, match="prospects"):
        ids = b2b.customers["customer_id"]
        check.q5(margin.reindex(ids, fill_value=0.0) - cts.reindex(ids, fill_value=0.0), b2b)
    all_margin = b2b.orders.groupby("customer_id")["margin"].sum()
    with pytest.raises(AnswerError, match="cancelled"):
        check.q5(all_margin - cts.reindex(all_margin.index, fill_value=0.0), b2b)
    with pytest.raises(AnswerError, match="reversed"):
        check.q5(-profit, b2b)
    with pytest.raises(AnswerError, match="missing values"):
        check.q5(profit.where(profit.index != profit.index[0]), b2b)


def test_q6_wrong_answers(b2b, answers):
    profit, peak = answers["profit"], answers["peak_share"]
    with pytest.raises(AnswerError, match="percentage"):
        check.q6(100 * peak, b2b)
    # the peak lies above 1: a percentage is named as such and the share shown, not "a fraction between 0 and 1"
    for percent in (round(100 * peak, 1), round(100 * peak)):  # 114.2 and 114 on the shipped data
        with pytest.raises(AnswerError) as raised:
            check.q6(percent, b2b)
        message = str(raised.value)
        assert f"`peak_share` = {percent:,.4g} is not right: that is a percentage; give 1.142: the peak as a share" in (
            message
        )
        assert "between 0 and 1" not in message
    with pytest.raises(AnswerError, match="in money"):
        check.q6(profit[profit > 0].sum(), b2b)
    with pytest.raises(AnswerError, match="WHERE"):
        check.q6((profit > 0).mean(), b2b)
    ascending = profit.sort_values().cumsum() / profit.sum()
    with pytest.raises(AnswerError, match="ends at 100%"):
        check.q6(ascending.max(), b2b)


def test_q7_wrong_answers(b2b, answers):
    profit, margin = answers["profit"], answers["margin"]
    with pytest.raises(AnswerError, match="count"):
        check.q7(int((profit < 0).sum()), b2b)
    with pytest.raises(AnswerError, match="percentage"):
        check.q7(100 * answers["loss_share"], b2b)
    ids = b2b.customers["customer_id"]
    all_profit = margin.reindex(ids, fill_value=0.0) - answers["cts"].reindex(ids, fill_value=0.0)
    with pytest.raises(AnswerError, match="prospects"):
        check.q7((all_profit < 0).mean(), b2b)


def test_checks_hold_on_other_data(capsys):
    """The checks recompute from the data they are given: right answers pass on another seed."""
    from course.data import b2b_database

    db = b2b_database(seed=7, n_customers=1200)
    completed = db.orders[db.orders["status"] == "completed"]
    revenue = completed.groupby("customer_id")["revenue"].sum()
    ranked = revenue.sort_values(ascending=False)
    check.q1(ranked.head(math.ceil(0.2 * len(ranked))).sum() / ranked.sum(), db)
    margin = completed.groupby("customer_id")["margin"].sum()
    profit = margin - db.cost_to_serve.groupby("customer_id")["total"].sum().reindex(margin.index, fill_value=0.0)
    check.q5(profit, db)
    peak = (profit.sort_values(ascending=False).cumsum() / profit.sum()).max()
    check.q6(peak, db)
    assert capsys.readouterr().out.count("✓") == 3
    with pytest.raises(AnswerError, match=rf"that is a percentage; give {peak:.4g}: the peak as a share"):
        check.q6(round(100 * peak, 1), db)
