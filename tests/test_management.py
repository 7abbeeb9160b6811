"""Tests of course.management: the 360° view, the final management tier, the 20/60/20 decision, hours, report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from course import management
from course.customers import customer_table
from course.data import generate_b2b
from course.pareto import split_20_60_20
from course.validation import CourseInputError

ASOF = "2025-12-31"


@pytest.fixture(scope="module")
def view(b2b):
    return management.customer_360(b2b, ASOF)


@pytest.fixture(scope="module")
def tiers(view):
    return management.management_tiers(view)


def test_the_view_has_one_row_per_customer_and_every_lessons_verdict(b2b, view):
    assert list(view.index) == list(b2b.customers["customer_id"])
    assert list(view.columns) == [c for columns in management.VIEW_COLUMNS.values() for c in columns]
    prospects = view["revenue"] == 0
    assert view.loc[prospects, ["rfm_class", "abc_class", "clv"]].isna().all().all()
    assert view.loc[~prospects, ["rfm_class", "abc_class", "cluster", "clv"]].notna().all().all()
    has_risk = view["churn_risk"].notna()
    assert set(view.loc[has_risk, "lifecycle_state"].astype(str)) <= {"active", "dormant"}
    assert np.allclose(
        view.loc[has_risk, "revenue_at_risk"], view.loc[has_risk, "churn_risk"] * view.loc[has_risk, "revenue_12m"]
    )
    assert view["churn_risk"].dropna().between(0, 1).all()


def test_final_tier_is_the_higher_of_value_so_far_and_to_come(tiers, view):
    order = {"prospect": 0, "general": 1, "important": 2, "strategic": 3}
    final = tiers["final_tier"].astype(str).map(order)
    lost = view["lifecycle_state"].astype(str) == "churned"
    bought = view["revenue"] > 0
    expected = np.maximum(tiers["tier"].astype(str).map(order), tiers["clv_tier"].astype(str).map(order))
    assert (final[~lost & bought] == expected[~lost & bought]).all()
    assert (tiers.loc[lost, "final_tier"] == "general").all()
    assert (tiers.loc[~bought, "final_tier"] == "prospect").all()
    assert (tiers["review"] != "").sum() > 0
    assert tiers["name_zh"].notna().all() and tiers["hours_per_customer"].notna().all()


def test_20_60_20_decision_adds_up(view):
    decision = management.decision_20_60_20(view)
    buyers = view[view["revenue"] > 0]
    assert decision["customers"].sum() == len(buyers)
    assert decision["profit"].sum() == pytest.approx(buyers["profit"].sum())
    assert decision["profit_share"].sum() == pytest.approx(1.0)
    assert list(decision["decision"]) == ["keep", "develop", "let go"]
    assert decision.loc["bottom 20%", "loss_makers"] > 0.9
    groups = split_20_60_20(buyers["profit"])["group"]
    assert decision.loc["top 20%", "customers"] == (groups == "top 20%").sum()


def test_let_go_review_splits_the_bottom_fifth(b2b, view):
    table = customer_table(b2b, asof=ASOF)
    review = management.let_go_review(view.assign(tenure_years=table["tenure_years"]))
    bottom = management.decision_20_60_20(view).loc["bottom 20%"]
    assert review["customers"].sum() == bottom["customers"]
    assert review["profit"].sum() == pytest.approx(bottom["profit"])
    with pytest.raises(CourseInputError, match="column 'tenure_years' not found"):
        management.let_go_review(view)


def test_hours_follow_the_playbook_and_are_compared_with_profit(tiers, view):
    hours = management.hours_by_tier(tiers, view, total_hours=10_000)
    assert hours["hours"].sum() == pytest.approx(10_000)
    assert hours["hours_by_profit"].sum() == pytest.approx(10_000)
    assert hours.loc["prospect", "hours"] == 0
    assert hours.loc["strategic", "hours_per_customer"] > hours.loc["general", "hours_per_customer"]


def test_bad_input_is_named(view):
    with pytest.raises(CourseInputError, match=r"table 'view': column 'clv' not found"):
        management.management_tiers(view.drop(columns="clv"))
    with pytest.raises(CourseInputError, match="no customer has revenue"):
        management.decision_20_60_20(view.assign(revenue=0.0))


def test_report_and_inputs_untouched():
    small = generate_b2b(n_customers=300, seed=4)
    before = {name: frame.copy(deep=True) for name, frame in small.tables().items()}
    html = management.management_report(small, ASOF, note="test")
    assert "管理报告" in html and "test" in html
    for name, frame in small.tables().items():
        pdt.assert_frame_equal(frame, before[name])
    assert isinstance(management.customer_360(small, ASOF), pd.DataFrame)
