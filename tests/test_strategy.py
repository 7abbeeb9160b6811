"""Tests of course.strategy: the playbooks and the allocation of account-manager hours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.strategy import DEFAULT_HOURS, allocate_hours, group_playbook, tier_playbook
from course.tiers import GROUPS, TIER_DTYPE, TIERS
from course.validation import CourseInputError


def test_tier_playbook_shape_and_join():
    playbook = tier_playbook()
    assert list(playbook.index) == ["strategic", "important", "general", "prospect"]
    assert set(TIERS) == set(playbook.index)
    for column in ("name_zh", "service_model", "contact_frequency", "offer", "team", "typical_actions", "source"):
        assert playbook[column].notna().all() and (playbook[column].str.len() > 0).all()
    assert playbook["name_zh"].tolist() == ["战略客户", "重要客户", "一般客户", "潜在客户"]
    assert playbook["hours_per_customer"].tolist() == [DEFAULT_HOURS[t] for t in playbook.index]
    customers = pd.DataFrame(
        {"tier": pd.Categorical(["general", "strategic", "prospect"], dtype=TIER_DTYPE)}, index=["A", "B", "C"]
    )
    joined = customers.join(playbook[["name_zh"]], on="tier")
    assert joined["name_zh"].tolist() == ["一般客户", "战略客户", "潜在客户"]
    # plain strings join too
    joined = customers.astype({"tier": "object"}).join(playbook[["team"]], on="tier")
    assert joined["team"].notna().all()


def test_playbooks_are_fresh_copies():
    first = tier_playbook()
    first.loc["strategic", "team"] = "changed"
    assert tier_playbook().loc["strategic", "team"] != "changed"
    groups = group_playbook()
    groups.loc["new-big", "strategy"] = "changed"
    assert group_playbook().loc["new-big", "strategy"] != "changed"


def test_group_playbook():
    playbook = group_playbook()
    assert list(playbook.index) == list(GROUPS)
    assert "black hole" in playbook.loc["new-big", "profit_logic"]
    assert "control" in playbook.loc["old-big", "strategy"]
    assert "boldly" in playbook.loc["new-small", "strategy"]
    assert playbook.notna().all().all()


def test_allocate_hours_default_by_hand():
    customers = pd.DataFrame({"tier": ["strategic"] * 2 + ["important"] * 3 + ["general"] * 10 + ["prospect"] * 5})
    table = allocate_hours(customers)
    assert list(table.index) == ["strategic", "important", "general", "prospect"]
    assert table["customers"].tolist() == [2, 3, 10, 5]
    assert table["hours"].tolist() == [240.0, 120.0, 80.0, 0.0]
    assert table["hours_share"].tolist() == pytest.approx([240 / 440, 120 / 440, 80 / 440, 0.0])
    assert table["customer_share"].tolist() == pytest.approx([0.1, 0.15, 0.5, 0.25])


def test_allocate_hours_capacity_and_categorical():
    tiers = pd.Series(["strategic", "general", "general", "general", "important"], dtype=TIER_DTYPE)
    customers = pd.DataFrame({"level": tiers})
    table = allocate_hours(customers, "level", {"strategic": 6, "important": 2, "general": 1}, total_hours=1100)
    # weights 6 + 2 + 3 * 1 = 11 units -> 100 hours per unit
    assert table["hours_per_customer"].tolist() == pytest.approx([600.0, 200.0, 100.0])
    assert table["hours"].sum() == pytest.approx(1100.0)


def test_allocate_hours_does_not_modify_input():
    customers = pd.DataFrame({"tier": ["general", "strategic"], "x": [1, 2]})
    before = customers.copy()
    allocate_hours(customers, total_hours=100)
    pd.testing.assert_frame_equal(customers, before)


def test_allocate_hours_bad_inputs():
    customers = pd.DataFrame({"tier": ["general", "vip", "vip"]})
    with pytest.raises(CourseInputError, match="2 rows have tiers without hours.*'vip'.*add the missing"):
        allocate_hours(customers)
    with pytest.raises(CourseInputError, match="column 'tier' not found.*did you mean 'tiers'"):
        allocate_hours(customers.rename(columns={"tier": "tiers"}))
    with pytest.raises(CourseInputError, match="1 row is empty"):
        allocate_hours(pd.DataFrame({"tier": ["general", None]}))
    with pytest.raises(CourseInputError, match="is empty"):
        allocate_hours(customers.iloc[:0])
    with pytest.raises(CourseInputError, match="hours >= 0"):
        allocate_hours(customers, hours_per_tier={"general": -1, "vip": 2})
    with pytest.raises(CourseInputError, match="non-empty mapping"):
        allocate_hours(customers, hours_per_tier={})
    with pytest.raises(CourseInputError, match="positive number"):
        allocate_hours(customers, hours_per_tier={"general": 1, "vip": 2}, total_hours=0)
    with pytest.raises(CourseInputError, match="0 hours to every tier"):
        allocate_hours(customers, hours_per_tier={"general": 0, "vip": 0}, total_hours=10)
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame"):
        allocate_hours(["general"])


@settings(max_examples=50, deadline=None)
@given(
    tiers=st.lists(st.sampled_from(["strategic", "important", "general", "prospect"]), min_size=1, max_size=80),
    total=st.floats(1, 1e5),
)
def test_allocate_hours_properties(tiers, total):
    customers = pd.DataFrame({"tier": tiers})
    table = (
        allocate_hours(customers, total_hours=total)
        if any(t != "prospect" for t in tiers)
        else allocate_hours(customers)
    )
    assert table["customers"].sum() == len(tiers)
    counts = pd.Series(tiers).value_counts()
    for tier, n in counts.items():
        assert table.loc[tier, "customers"] == n
    if any(t != "prospect" for t in tiers):
        assert table["hours"].sum() == pytest.approx(total)
        assert table["hours_share"].sum() == pytest.approx(1.0)
        # the ratio between tiers is kept
        ratio = table.loc["strategic", "hours_per_customer"] / table.loc["general", "hours_per_customer"]
        assert ratio == pytest.approx(DEFAULT_HOURS["strategic"] / DEFAULT_HOURS["general"])
    else:
        assert np.all(table["hours"] == 0)


# ---------------------------------------------------------------- service levels


def test_service_levels_equal_a_count_by_hand(b2b):
    from course.customers import customer_table
    from course.strategy import service_levels
    from course.tiers import tier_customers

    tiers = tier_customers(customer_table(b2b, asof="2025-12-31"))["tier"]
    tiers = tiers[tiers != "prospect"].astype(str)
    levels = service_levels(tiers, b2b.interactions, b2b.tickets, b2b.cost_to_serve, 2024)
    assert levels.index.tolist() == ["strategic", "important", "general"]
    for tier, row in levels.iterrows():
        members = set(tiers.index[tiers == tier])
        year = b2b.interactions[b2b.interactions["date"].dt.year == 2024]
        mine = year[year["customer_id"].isin(members)]
        assert row["accounts"] == len(members)
        assert row["contacts"] == pytest.approx(len(mine) / len(members))
        assert row["visits"] == pytest.approx((mine["type"] == "visit").sum() / len(members))
        tickets = b2b.tickets[(b2b.tickets["opened_date"].dt.year == 2024) & b2b.tickets["customer_id"].isin(members)]
        custom = (tickets["category"] == "customisation request").sum()
        assert row["customisation_handled"] == pytest.approx(custom / len(members))
        assert row["days_to_close"] == pytest.approx((tickets["closed_date"] - tickets["opened_date"]).dt.days.median())
    # the service escalates with the tier, as source 002 says it should
    assert levels["visits"].is_monotonic_decreasing and levels["account_management"].is_monotonic_decreasing


def test_service_levels_errors(b2b):
    from course.strategy import service_levels

    with pytest.raises(CourseInputError, match="non-empty Series of tiers"):
        service_levels(pd.Series(dtype=object), b2b.interactions, b2b.tickets, b2b.cost_to_serve, 2025)
    with pytest.raises(CourseInputError, match="calendar year"):
        service_levels(pd.Series({"C00001": "general"}), b2b.interactions, b2b.tickets, b2b.cost_to_serve, "2025")
    with pytest.raises(CourseInputError, match="table 'interactions': column 'type' not found"):
        interactions = b2b.interactions.drop(columns="type")
        service_levels(pd.Series({"C00001": "general"}), interactions, b2b.tickets, b2b.cost_to_serve, 2025)
