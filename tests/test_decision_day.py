"""Lesson 04's "let the bottom 20% go": the choice is made on what was known on the decision day.

``course.avoidable.decision_day_split`` picks the bottom 20% by profit to date
(margin of the completed lines dated on or before the day, minus the cost to
serve of the years closed by then). The invariant a manager relies on: rows
dated after the decision day, and customers that first appear after it,
change the selection by no bit. The figures lesson 04 prints (the selection
judged on 2025) are recomputed in plain pandas. Both on the shipped data and
on another seed and size.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.avoidable import decision_day_split, drop_impact
from course.data import b2b_database
from course.validation import CourseInputError

DAY = pd.Timestamp("2024-12-31")


@pytest.fixture(scope="module", params=["default", "seed 7, 1,200 customers"])
def db(request, b2b):
    return b2b if request.param == "default" else b2b_database(seed=7, n_customers=1200)


def by_pandas(db, day=DAY):
    """The bottom 20% by profit to ``day``, written independently with a boolean filter and a group-by."""
    lines = db.orders[(db.orders["status"] == "completed") & (db.orders["order_date"] <= day)]
    margin = lines.groupby("customer_id")["margin"].sum()
    closed = db.cost_to_serve[pd.to_datetime(db.cost_to_serve["year"].astype(str) + "-12-31") <= day]
    cost = closed.groupby("customer_id")["total"].sum()
    profit = margin - cost.reindex(margin.index, fill_value=0.0)
    k = math.ceil(0.2 * len(profit))
    return profit, profit.sort_values(kind="stable").index[:k]


def altered_after(db, day=DAY):
    """The orders and cost-to-serve with every row dated after ``day`` shifted, rescaled, dropped or invented."""
    orders, cts = db.orders, db.cost_to_serve
    later = orders["order_date"] > day
    changed = orders.copy()
    changed.loc[later, "order_date"] = changed.loc[later, "order_date"] + pd.Timedelta(days=45)
    changed.loc[later, ["revenue", "cost", "margin"]] *= -7.5
    changed.loc[later, "status"] = np.where(changed.loc[later, "status"] == "completed", "cancelled", "completed")
    changed = changed.drop(changed.index[later][::3])  # and a third of them gone
    closed_year = (day + pd.Timedelta(days=1)).year - 1
    open_years = cts["year"] > closed_year
    costs = cts.copy()
    costs.loc[open_years, ["account_management", "logistics", "support", "marketing", "total"]] *= 11.0
    costs = costs.drop(costs.index[open_years][::2])
    # customers won after the day: orders and costs dated after it only, ids that sort before and after the real ones
    first = orders[later].head(6).copy()
    first["customer_id"] = ["A0001", "A0002", "A0003", "Z0001", "Z0002", "Z0003"]
    first["order_date"] = day + pd.Timedelta(days=1)
    first["status"] = "completed"
    first["margin"] = -1e7
    fake_costs = pd.DataFrame({"customer_id": first["customer_id"], "year": closed_year + 1})
    for column in ["account_management", "logistics", "support", "marketing", "total"]:
        fake_costs[column] = 5e6
    return (
        pd.concat([first, changed], ignore_index=True),
        pd.concat([costs, fake_costs], ignore_index=True),
    )


def test_selection_matches_pandas(db):
    profit, bottom = by_pandas(db)
    split = decision_day_split(db.orders, db.cost_to_serve, DAY)
    assert split.index.sort_values().equals(profit.index.sort_values())  # the candidates: buyers by the day
    np.testing.assert_allclose(split["profit"], profit.reindex(split.index), rtol=1e-12)
    chosen = split.index[split["group"] == "bottom 20%"]
    assert set(chosen) == set(bottom)
    # a customer first buying after the day is never a candidate
    first_buy = db.orders[db.orders["status"] == "completed"].groupby("customer_id")["order_date"].min()
    assert (first_buy.reindex(split.index) <= DAY).all()
    assert len(first_buy[first_buy > DAY]) > 0  # the data do hold such customers


def test_selection_ignores_everything_after_the_decision_day(db):
    base = decision_day_split(db.orders, db.cost_to_serve, DAY)
    orders, cts = altered_after(db)
    assert len(orders) != len(db.orders) and len(cts) != len(db.cost_to_serve)
    got = decision_day_split(orders, cts, DAY)
    pd.testing.assert_frame_equal(got, base, check_exact=True)
    assert got["profit"].to_numpy().tobytes() == base["profit"].to_numpy().tobytes()
    # with every row after the day deleted, too
    only_known = db.orders[db.orders["order_date"] <= DAY]
    closed = db.cost_to_serve[db.cost_to_serve["year"] <= DAY.year]
    pd.testing.assert_frame_equal(decision_day_split(only_known, closed, DAY), base, check_exact=True)


def test_a_day_inside_a_year_sees_only_the_closed_years(db):
    day = pd.Timestamp("2023-06-30")
    base = decision_day_split(db.orders, db.cost_to_serve, day)
    _, bottom = by_pandas(db, day)  # the 2023 cost rows are not closed on 30 June 2023
    assert set(base.index[base["group"] == "bottom 20%"]) == set(bottom)
    orders, cts = altered_after(db, day)
    pd.testing.assert_frame_equal(decision_day_split(orders, cts, day), base, check_exact=True)


def test_the_selection_differs_from_the_hindsight_one(db):
    """The test can fail: had the function read 2025, the bottom 20% would not be the same."""
    split = decision_day_split(db.orders, db.cost_to_serve, DAY)
    hindsight = decision_day_split(db.orders, db.cost_to_serve, "2025-12-31")
    assert set(split.index[split["group"] == "bottom 20%"]) != set(hindsight.index[hindsight["group"] == "bottom 20%"])


def test_lesson_figures_match_pandas(db):
    """What lesson 04 prints about the bottom 20% chosen on 31 December 2024, judged on 2025."""
    _, bottom = by_pandas(db)
    lines = db.orders[(db.orders["status"] == "completed") & (db.orders["order_date"].dt.year == 2025)]
    margin = lines.loc[lines["customer_id"].isin(bottom), "margin"].sum()
    cts = db.cost_to_serve[(db.cost_to_serve["year"] == 2025) & db.cost_to_serve["customer_id"].isin(bottom)]
    split = decision_day_split(db.orders, db.cost_to_serve, DAY)
    impact = drop_impact(db.orders, db.cost_to_serve, split.index[split["group"] == "bottom 20%"], year=2025)
    assert impact["customers"] == len(bottom) == math.ceil(0.2 * len(split))
    assert impact["margin"] == pytest.approx(margin, abs=0.01)
    assert impact["cost_to_serve"] == pytest.approx(cts["total"].sum(), abs=1.0)
    assert impact["reported_profit"] == pytest.approx(margin - cts["total"].sum(), abs=1.0)
    saved = cts["logistics"].sum() + cts["support"].sum()
    assert impact["profit_change"] == pytest.approx(saved - margin, abs=0.01)


def test_shipped_figures():
    """The numbers lesson 04's prose quotes (section 8), on the shipped data."""
    from course.data import load_b2b

    db = load_b2b()
    split = decision_day_split(db.orders, db.cost_to_serve, DAY)
    bottom = split.index[split["group"] == "bottom 20%"]
    impact = drop_impact(db.orders, db.cost_to_serve, bottom, year=2025)
    assert len(bottom) == 311 and (split.loc[bottom, "profit"] < 0).all()
    assert round(impact["margin"] / 1e6, 2) == 4.54
    assert round(impact["cost_to_serve"] / 1e6, 2) == 2.38
    assert round(impact["reported_profit"] / 1e6, 2) == 2.15
    assert round(impact["profit_change"] / 1e6, 2) == -3.68


def test_inputs_are_not_modified(b2b):
    orders, cts = b2b.orders.copy(), b2b.cost_to_serve.copy()
    decision_day_split(b2b.orders, b2b.cost_to_serve, DAY)
    pd.testing.assert_frame_equal(b2b.orders, orders)
    pd.testing.assert_frame_equal(b2b.cost_to_serve, cts)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"decision_day": "end of 2024"}, "decision_day='end of 2024' is not a valid date"),
        ({"decision_day": "2019-12-31"}, "no completed line is dated on or before the decision day 2019-12-31"),
        ({"cost": "cost_total"}, "column 'cost_total' not found"),
    ],
)
def test_errors(b2b, kwargs, message):
    arguments = {"decision_day": DAY} | kwargs
    with pytest.raises(CourseInputError, match=message):
        decision_day_split(b2b.orders, b2b.cost_to_serve, **arguments)
