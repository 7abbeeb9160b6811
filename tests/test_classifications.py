"""Tests of source 003's classifications and of the drop decision: course.value_classes, course.partners,
course.lifecycle.behaviour_classes and course.avoidable.drop_impact.

Each rule is checked against the same rule written independently (row by row
in plain Python) on random tables, on hand examples, and for its errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.avoidable import drop_impact
from course.lifecycle import behaviour_classes
from course.partners import FACTORS, strategic_partners
from course.validation import CourseInputError
from course.value_classes import VALUE_CLASSES, value_classes


# --------------------------------------------------------------------------- value classes
@pytest.fixture
def accounts():
    rng = np.random.default_rng(1)
    n = 60
    return pd.DataFrame(
        {
            "revenue": rng.lognormal(10, 1, n).round(-2),
            "n_orders": rng.integers(1, 12, n),
            "profit": rng.normal(5000, 8000, n).round(-2),
            "clv": rng.normal(8000, 9000, n).round(-2),
        },
        index=[f"C{i:02d}" for i in range(n)],
    )


def naive_value_class(frame, high=0.5):
    n = len(frame)

    def is_high(column, label):
        # percentile rank with ties averaged: (customers below + (ties + 1) / 2) / n
        value = frame.loc[label, column]
        below = (frame[column] < value).sum()
        ties = (frame[column] == value).sum()
        return (below + (ties + 1) / 2) / n > high

    names = []
    for label in frame.index:
        a, f, p, v = (is_high(c, label) for c in ("revenue", "n_orders", "profit", "clv"))
        if a and f and p:
            names.append("Important value")
        elif a and not f and v:
            names.append("Important development")
        elif not a and not f and not p:
            names.append("Low value")
        else:
            names.append("General value")
    return names


@pytest.mark.parametrize("high", [0.5, 2 / 3, 0.8])
def test_value_classes_equal_the_rule_written_row_by_row(accounts, high):
    got = value_classes(accounts, high=high)
    assert got["class_en"].astype(str).tolist() == naive_value_class(accounts, high)
    zh = dict(zip(VALUE_CLASSES["class_en"], VALUE_CLASSES["class_zh"], strict=True))
    assert (got["class_zh"].astype(str) == got["class_en"].astype(str).map(zh)).all()
    assert list(got["class_en"].cat.categories) == VALUE_CLASSES["class_en"].tolist()


def test_value_classes_keep_the_input(accounts):
    before = accounts.copy()
    got = value_classes(accounts)
    pd.testing.assert_frame_equal(accounts, before)
    pd.testing.assert_frame_equal(got[accounts.columns], before)


def test_value_classes_chinese_names():
    assert VALUE_CLASSES["class_zh"].tolist() == [
        "重要价值客户",
        "重要发展客户",
        "一般价值客户",
        "低价值客户",
        "流失客户",
    ]


@pytest.mark.parametrize("high", [0.5, 0.8])
def test_lost_customers_are_classed_apart_and_take_no_part_in_the_ranks(accounts, high):
    days = pd.Series(np.arange(len(accounts)) * 37 % 800, index=accounts.index, dtype=float)
    got = value_classes(accounts.assign(recency=days), high=high, recency="recency")
    lost = days > 365
    assert (got.loc[lost, "class_en"] == "Lost").all() and (got.loc[~lost, "class_en"] != "Lost").all()
    # the current customers are classed exactly as if the lost ones had never been given
    alone = value_classes(accounts[~lost], high=high)
    assert got.loc[~lost, "class_en"].astype(str).tolist() == alone["class_en"].astype(str).tolist()
    assert not got.loc[lost, ["high_amount", "high_frequency", "high_profit", "high_clv"]].any().any()
    # exactly 365 days is still current (the rule is "more than a year")
    edge = value_classes(accounts.assign(recency=365.0), recency="recency")
    assert (edge["class_en"] != "Lost").all()


@pytest.mark.parametrize("seed", [None, 7])
def test_no_lost_account_is_a_value_class_on_the_data(b2b, seed):
    from course.customers import customer_table
    from course.data import b2b_database

    db = b2b if seed is None else b2b_database(seed=seed, n_customers=1200)
    table = customer_table(db, asof="2025-12-31")
    buyers = table[table["n_orders"] > 0].assign(clv=lambda t: t["profit"])
    got = value_classes(buyers, recency="recency_days")
    lost = buyers["recency_days"] > 365
    assert lost.any() and (got.loc[lost, "class_en"] == "Lost").all()
    assert (got.loc[~lost, "class_en"] != "Lost").all()


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (lambda t: t.drop(columns="clv"), {}, "column 'clv' not found"),
        (lambda t: t.assign(profit=np.where(t.index == "C03", np.nan, t["profit"])), {}, r"\(profit\): 1 row is empty"),
        (lambda t: t, {"high": 1.0}, "strictly between 0 and 1"),
        (lambda t: t.iloc[:0], {}, "is empty"),
        (lambda t: t.assign(recency=400.0), {"recency": "recency"}, "none is current"),
        (lambda t: t, {"recency": "recency"}, "column 'recency' not found"),
        (lambda t: t.assign(recency=1.0), {"recency": "recency", "lost_days": "365"}, "lost_days"),
    ],
)
def test_value_classes_bad_inputs(accounts, change, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        value_classes(change(accounts), **kwargs)


# --------------------------------------------------------------------------- strategic partners
def test_strategic_partners_need_every_factor():
    base = {"class_en": "Important value", "industry_influence": 4, "tenure_years": 3.0}
    base |= {"customisation_requests": 1, "org_contacts": 1}
    rows = [base] + [
        base | {column: value}
        for column, value in [
            ("class_en", "General value"),
            ("industry_influence", 3),
            ("tenure_years", 2.9),
            ("customisation_requests", 0),
            ("org_contacts", 0),
        ]
    ]
    frame = pd.DataFrame(rows, index=["all", *FACTORS])
    got = strategic_partners(frame)
    assert got["strategic_partner"].tolist() == [True, False, False, False, False, False]
    for factor in FACTORS:  # each row fails exactly the factor it is named after
        assert not got.loc[factor, factor] and got.loc[factor, [f for f in FACTORS if f != factor]].all()
    loose = strategic_partners(frame, min_influence=3, value=["Important value", "General value"])
    assert loose.loc[["all", "value", "industry_position"], "strategic_partner"].all()


def test_strategic_partners_errors():
    frame = pd.DataFrame(
        {
            "class_en": ["General value"],
            "industry_influence": [5],
            "tenure_years": [4.0],
            "customisation_requests": [2],
            "org_contacts": [np.nan],
        }
    )
    with pytest.raises(CourseInputError, match="no customer is in the value classes"):
        strategic_partners(frame)
    with pytest.raises(CourseInputError, match="column 'org_contacts': 1 row is empty"):
        strategic_partners(frame, value=["General value"])
    with pytest.raises(CourseInputError, match="must be a number >= 0"):
        strategic_partners(frame.fillna(1), value=["General value"], min_tenure_years=-1)
    with pytest.raises(CourseInputError, match="column 'industry_influence' not found"):
        strategic_partners(frame.drop(columns="industry_influence"))


# --------------------------------------------------------------------------- behaviour classes
def naive_behaviour(row, min_interactions):
    if np.isnan(row["recency_days"]):
        return "potential"
    if row["recency_days"] > 365:
        return "churned"
    recommends = np.isnan(row["nps_12m"]) or row["nps_12m"] >= 7
    if (
        row["recency_days"] <= 180
        and row["orders_12m"] >= 2
        and row["interactions_12m"] >= min_interactions
        and recommends
    ):
        return "active"
    return "dormant"


def test_behaviour_classes_equal_the_rule_written_row_by_row():
    rng = np.random.default_rng(5)
    n = 300
    frame = pd.DataFrame(
        {
            "recency_days": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 700, n)),
            "orders_12m": rng.integers(0, 8, n).astype(float),
            "interactions_12m": rng.integers(0, 20, n).astype(float),
            "nps_12m": np.where(rng.random(n) < 0.3, np.nan, rng.integers(0, 11, n)),
        }
    )
    frame.loc[frame["recency_days"].isna(), ["orders_12m", "interactions_12m"]] = np.nan  # prospects
    alive = frame["recency_days"] <= 365
    median = frame.loc[alive, "interactions_12m"].median()
    got = behaviour_classes(frame)
    expected = [naive_behaviour(row, median) for _, row in frame.iterrows()]
    assert got["state"].astype(str).tolist() == expected
    assert set(expected) == {"potential", "active", "dormant", "churned"}
    assert not got.loc[frame["recency_days"].isna(), ["bought_recently", "interacts", "recommends"]].any().any()


def test_behaviour_classes_on_the_shipped_data_refine_the_recency_rule(b2b):
    from course.churn import churn_features
    from course.lifecycle import lifecycle_states

    features = churn_features(b2b, "2025-12-31", churn_days=10**6)
    got = behaviour_classes(features)
    recency = lifecycle_states(b2b.orders, "2025-12-31")["state"].reindex(got.index)
    # churned agrees with the recency rule; active by behaviour is a subset of active by recency
    assert ((got["state"] == "churned") == (recency == "churned")).all()
    assert (recency[got["state"] == "active"] == "active").all()


def test_behaviour_classes_errors():
    frame = pd.DataFrame({"recency_days": [3.0], "orders_12m": [np.nan], "interactions_12m": [1.0], "nps_12m": [8]})
    with pytest.raises(CourseInputError, match="'orders_12m' is empty for 1 buyer"):
        behaviour_classes(frame)
    with pytest.raises(CourseInputError, match="active_days < churn_days"):
        behaviour_classes(frame.fillna(1), active_days=400)
    with pytest.raises(CourseInputError, match="column 'nps_12m' not found"):
        behaviour_classes(frame.drop(columns="nps_12m"))


# --------------------------------------------------------------------------- drop impact
@pytest.fixture
def books():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B", "C", "C"],
            "order_date": ["2025-01-10", "2024-05-01", "2025-03-01", "2025-08-01", "2025-02-01", "2025-03-01"],
            "margin": [800.0, 999.0, 200.0, 100.0, 50.0, 70.0],
            "status": ["completed", "completed", "completed", "completed", "completed", "returned"],
        }
    )
    cts = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "B"],
            "year": [2025, 2025, 2025, 2024],
            "account_management": [300.0, 400.0, 100.0, 999.0],
            "logistics": [50.0, 120.0, 30.0, 999.0],
            "support": [10.0, 80.0, 0.0, 999.0],
            "marketing": [20.0, 150.0, 60.0, 999.0],
        }
    )
    return orders, cts


def test_drop_impact_by_hand(books):
    orders, cts = books
    got = drop_impact(orders, cts, dropped=["B", "C", "C"], year=2025)
    margin = 200 + 100 + 50  # C's returned line is no margin
    cost = (400 + 120 + 80 + 150) + (100 + 30 + 0 + 60)
    avoidable = 120 + 80 + 30 + 0
    assert got.to_dict() == pytest.approx(
        {
            "customers": 2,
            "margin": margin,
            "cost_to_serve": cost,
            "reported_profit": margin - cost,
            "avoidable_cost": avoidable,
            "allocated_cost": cost - avoidable,
            "profit_change": avoidable - margin,
        }
    )
    # if every cost went with the customers, dropping them would gain exactly their reported loss
    everything = drop_impact(
        orders, cts, ["B", "C"], 2025, avoidable=["account_management", "logistics", "support", "marketing"]
    )
    assert everything["profit_change"] == pytest.approx(-everything["reported_profit"])


def test_drop_impact_keeps_its_inputs(books):
    orders, cts = books
    before = orders.copy(), cts.copy()
    drop_impact(orders, cts, ["A"], 2025)
    pd.testing.assert_frame_equal(orders, before[0])
    pd.testing.assert_frame_equal(cts, before[1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dropped": []}, "dropped is empty"),
        ({"year": "2025"}, "calendar year"),
        ({"avoidable": ["rent"]}, "avoidable names 'rent', which are not cost columns"),
        ({"cost_columns": ["logistics", "support", "freight"]}, "column 'freight' not found"),
    ],
)
def test_drop_impact_errors(books, kwargs, message):
    arguments = {"dropped": ["A"], "year": 2025} | kwargs
    with pytest.raises(CourseInputError, match=message):
        drop_impact(*books, **arguments)
