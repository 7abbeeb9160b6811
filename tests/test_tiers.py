"""Tests of course.tiers: tier score, tiers, the four groups, group profit, transitions."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from course.tiers import (
    DEFAULT_WEIGHTS,
    GROUP_DTYPE,
    TIER_DTYPE,
    assign_tiers,
    four_groups,
    group_profit,
    recent_revenue,
    tier_customers,
    tier_score,
    tier_transitions,
)
from course.validation import CourseInputError


@pytest.fixture
def customers() -> pd.DataFrame:
    """Six customers with orders and one prospect, columns as course.customers.customer_table."""
    return pd.DataFrame(
        {
            "revenue": [1000.0, 200.0, 50.0, 400.0, 400.0, 10.0, 0.0],
            "revenue_12m": [500.0, 150.0, 20.0, 400.0, 100.0, 0.0, 0.0],
            "margin": [150.0, 60.0, 20.0, 80.0, 100.0, 4.0, 0.0],
            "cost_to_serve": [100.0, 20.0, 25.0, 30.0, 10.0, 6.0, 0.0],
            "profit": [50.0, 40.0, -5.0, 50.0, 90.0, -2.0, 0.0],
            "tenure_years": [5.0, 1.0, 3.0, 0.5, 2.0, 4.0, np.nan],
            "industry_influence": [5, 2, 1, 3, 4, 1, 2],
            "customisation_requests": [3, 0, 0, 1, 2, 0, 0],
            "n_orders": [40, 5, 12, 3, 10, 20, 0],
        },
        index=pd.Index([f"C{i}" for i in range(1, 8)], name="customer_id"),
    )


# ----------------------------------------------------------------------------- tier_score


def test_tier_score_by_hand():
    frame = pd.DataFrame({"a": [10.0, 20.0, 30.0, 40.0], "b": [4.0, 3.0, 2.0, 1.0]}, index=list("wxyz"))
    score = tier_score(frame, {"a": 3, "b": 1}, prospect_column=None)
    # percentile ranks a: .25 .5 .75 1 ; b: 1 .75 .5 .25 ; weighted (3a + b) / 4
    expected = 100 * (3 * np.array([0.25, 0.5, 0.75, 1.0]) + np.array([1.0, 0.75, 0.5, 0.25])) / 4
    np.testing.assert_allclose(score.to_numpy(), expected)
    assert score.name == "score"
    assert list(score.index) == list("wxyz")


def test_tier_score_matches_scipy_rankdata(customers):
    score = tier_score(customers)
    buyers = customers[customers["n_orders"] > 0]
    w = pd.Series(DEFAULT_WEIGHTS)
    expected = sum(w[c] * rankdata(buyers[c], method="average") / len(buyers) for c in w.index) / w.sum() * 100
    np.testing.assert_allclose(score.loc[buyers.index].to_numpy(), expected)
    assert np.isnan(score["C7"])


def test_tier_score_ties_share_average_rank():
    frame = pd.DataFrame({"a": [1.0, 1.0, 2.0, 3.0]})
    score = tier_score(frame, {"a": 1}, prospect_column=None)
    assert score.tolist() == [37.5, 37.5, 75.0, 100.0]


def test_functions_do_not_modify_input(customers):
    before = customers.copy(deep=True)
    tier_score(customers)
    assign_tiers(tier_score(customers))
    tier_customers(customers)
    four_groups(customers)
    pd.testing.assert_frame_equal(customers, before)
    grouped = customers.assign(group=four_groups(customers))
    grouped_before = grouped.copy(deep=True)
    group_profit(grouped)
    pd.testing.assert_frame_equal(grouped, grouped_before)
    tiers = assign_tiers(tier_score(customers))
    tiers_before = tiers.copy(deep=True)
    tier_transitions(tiers, tiers.iloc[::-1])
    pd.testing.assert_series_equal(tiers, tiers_before)


def test_tier_score_numeric_strings_are_parsed(customers):
    as_text = customers.assign(revenue=customers["revenue"].astype(str))
    pd.testing.assert_series_equal(tier_score(as_text), tier_score(customers))


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"revenu": 1}, "column 'revenu' not found.*did you mean 'revenue'"),
        ({"revenue": -1}, "negative"),
        ({"revenue": 0}, "at least one weight must be positive"),
        ({}, "non-empty mapping"),
        ({"revenue": "high"}, "finite number"),
        ([("revenue", 1)], "non-empty mapping"),
    ],
)
def test_tier_score_bad_weights(customers, weights, message):
    with pytest.raises(CourseInputError, match=message):
        tier_score(customers, weights)


def test_tier_score_bad_inputs(customers):
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame"):
        tier_score(customers.to_dict())
    with pytest.raises(CourseInputError, match="is empty"):
        tier_score(customers.iloc[:0])
    with pytest.raises(CourseInputError, match="column 'profit'.*not a number.*'lots'"):
        tier_score(customers.assign(profit=["lots"] + customers["profit"].tolist()[1:]))
    with pytest.raises(CourseInputError, match="'tenure_years'.*1 row is empty"):
        tier_score(customers.assign(tenure_years=[np.nan] + customers["tenure_years"].tolist()[1:]))
    with pytest.raises(CourseInputError, match="every customer is a prospect"):
        tier_score(customers.assign(n_orders=0))
    with pytest.raises(CourseInputError, match="column 'n_orders' not found"):
        tier_score(customers.drop(columns="n_orders"))
    with pytest.raises(CourseInputError, match="repeat keys"):
        tier_score(customers.set_axis(["C1"] * 7))
    with pytest.raises(CourseInputError, match="index \\(customer ids\\) is empty in every row"):
        tier_score(customers.set_axis([np.nan] * 7))
    with pytest.raises(CourseInputError, match="1 row is empty"):
        tier_score(customers.set_axis(["C1", "C2", np.nan, "C4", "C5", "C6", "C7"]))


# ----------------------------------------------------------------------------- assign_tiers


def test_assign_tiers_by_shares_by_hand():
    scores = pd.Series([90.0, 10.0, 50.0, 70.0, 30.0, 60.0, 20.0, 80.0, 40.0, 100.0, np.nan])
    tiers = assign_tiers(scores, strategic_share=0.1, important_share=0.2)
    # ten scored customers: 100 strategic; 90, 80 important; the rest general
    expected = [
        "important",
        "general",
        "general",
        "general",
        "general",
        "general",
        "general",
        "important",
        "general",
        "strategic",
        "prospect",
    ]
    assert tiers.tolist() == expected
    assert tiers.dtype == TIER_DTYPE
    assert tiers.name == "tier"


def test_assign_tiers_ties_at_boundary_go_up():
    scores = pd.Series([100.0, 90.0, 90.0, 50.0])
    tiers = assign_tiers(scores, strategic_share=0.5, important_share=0.0)
    assert tiers.tolist() == ["strategic", "strategic", "strategic", "general"]


def test_assign_tiers_thresholds_and_frame_input():
    frame = pd.DataFrame({"points": [85.0, 65.0, 64.9, np.nan]})
    tiers = assign_tiers(frame, thresholds={"strategic": 80, "important": 65}, score_column="points")
    assert tiers.tolist() == ["strategic", "important", "general", "prospect"]


def test_assign_tiers_bad_inputs():
    scores = pd.Series([1.0, 2.0])
    with pytest.raises(CourseInputError, match="between 0 and 1"):
        assign_tiers(scores, strategic_share=5)
    with pytest.raises(CourseInputError, match="exceeds 1"):
        assign_tiers(scores, strategic_share=0.6, important_share=0.6)
    with pytest.raises(CourseInputError, match="exactly the keys"):
        assign_tiers(scores, thresholds={"strategic": 80})
    with pytest.raises(CourseInputError, match="below the important one"):
        assign_tiers(scores, thresholds={"strategic": 50, "important": 80})
    with pytest.raises(CourseInputError, match="must be a number"):
        assign_tiers(scores, thresholds={"strategic": "80", "important": 50})
    with pytest.raises(CourseInputError, match="every score is empty"):
        assign_tiers(pd.Series([np.nan, np.nan]))
    with pytest.raises(CourseInputError, match="is empty"):
        assign_tiers(pd.Series([], dtype="float64"))
    with pytest.raises(CourseInputError, match="Series"):
        assign_tiers([1.0, 2.0])
    with pytest.raises(CourseInputError, match="column 'score' not found"):
        assign_tiers(pd.DataFrame({"scor": [1.0]}))
    with pytest.raises(CourseInputError, match="not a number"):
        assign_tiers(pd.Series(["high", "1"]))


def test_tier_customers_adds_columns(customers):
    out = tier_customers(customers, strategic_share=1 / 6, important_share=2 / 6)
    assert list(out.columns) == list(customers.columns) + ["score", "tier"]
    assert out["tier"].value_counts()[["strategic", "important", "general", "prospect"]].tolist() == [1, 2, 3, 1]
    assert out.loc["C1", "tier"] == "strategic"  # largest revenue, longest tenure, most influence


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60),
    s_share=st.floats(0, 0.5),
    i_share=st.floats(0, 0.5),
)
def test_assign_tiers_properties(values, s_share, i_share):
    scores = pd.Series(values)
    tiers = assign_tiers(scores, strategic_share=s_share, important_share=i_share)
    n = len(scores)
    # at most the share (plus ties) is strategic; without ties exactly floor(share * n)
    n_strategic = int((tiers == "strategic").sum())
    n_top = int(tiers.isin(["strategic", "important"]).sum())
    if scores.is_unique:
        assert n_strategic == int(np.floor(s_share * n + 1e-9))
        assert n_top == int(np.floor((s_share + i_share) * n + 1e-9))
    assert n_strategic >= int(np.floor(s_share * n + 1e-9))
    # monotone: a higher score never gets a lower tier
    codes = tiers.cat.codes.to_numpy()
    order = np.argsort(scores.to_numpy(), kind="stable")
    assert np.all(np.diff(codes[order]) >= 0)


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.tuples(st.integers(0, 10**6), st.floats(-1e5, 1e5), st.integers(1, 5)), min_size=2, max_size=40),
    scale=st.floats(0.1, 10),
)
def test_tier_score_properties(data, scale):
    frame = pd.DataFrame(data, columns=["revenue", "profit", "industry_influence"])
    weights = {"revenue": 2.0, "profit": 1.0, "industry_influence": 1.0}
    score = tier_score(frame, weights, prospect_column=None)
    assert ((score > 0) & (score <= 100 + 1e-9)).all()
    # weights are normalised: scaling them changes nothing
    scaled = tier_score(frame, {k: v * scale for k, v in weights.items()}, prospect_column=None)
    np.testing.assert_allclose(score, scaled)
    # percentile ranks: a monotone transform of a criterion changes nothing
    transformed = frame.assign(revenue=np.sqrt(frame["revenue"]) * 3 + 7)
    np.testing.assert_allclose(score, tier_score(transformed, weights, prospect_column=None))


# ----------------------------------------------------------------------------- recent_revenue


@pytest.fixture
def orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C2", "C3", "C4"],
            "order_date": pd.to_datetime(
                ["2024-12-31", "2025-01-01", "2025-12-31", "2025-03-01", "2025-04-01", "2022-01-01", "2026-01-01"]
            ),
            "revenue": [1000.0, 40.0, 60.0, 70.0, 99.0, 10.0, 5.0],
            "status": ["completed", "completed", "completed", "completed", "returned", "completed", "completed"],
        }
    )


def test_recent_revenue_by_hand(orders):
    # window (2024-12-31, 2025-12-31]: C1 40 + 60 ; C2 70 (the returned line does not count) ; C3 none ; C4 after asof
    result = recent_revenue(orders, "2025-12-31")
    assert result.to_dict() == {"C1": 100.0, "C2": 70.0, "C3": 0.0, "C4": 0.0}
    assert result.name == "revenue_12m" and result.index.name == "customer_id"
    # a 90-day window: (2025-10-02, 2025-12-31]
    assert recent_revenue(orders, "2025-12-31", days=90).to_dict() == {"C1": 60.0, "C2": 0.0, "C3": 0.0, "C4": 0.0}
    # without a status column every line counts
    assert recent_revenue(orders.drop(columns="status"), "2025-12-31", status=None)["C2"] == 169.0


def test_recent_revenue_matches_boolean_filter(orders):
    asof = pd.Timestamp("2025-06-30")
    keep = (
        (orders["order_date"] > asof - pd.Timedelta(days=365))
        & (orders["order_date"] <= asof)
        & (orders["status"] == "completed")
    )
    expected = orders[keep].groupby("customer_id")["revenue"].sum()
    result = recent_revenue(orders, asof)
    pd.testing.assert_series_equal(result[expected.index], expected, check_names=False)
    assert (result.drop(expected.index) == 0).all()


def test_recent_revenue_does_not_modify_input(orders):
    before = orders.copy()
    recent_revenue(orders.assign(order_date=orders["order_date"].dt.strftime("%Y-%m-%d").astype(object)), "2025-12-31")
    recent_revenue(orders, "2025-12-31")
    pd.testing.assert_frame_equal(orders, before)


def test_recent_revenue_bad_inputs(orders):
    with pytest.raises(CourseInputError, match="not a valid date"):
        recent_revenue(orders, "2025-13-45")
    with pytest.raises(CourseInputError, match="column 'order_date'.*not a valid date.*'someday'"):
        # object dtype: course.validation.parse_dates warns on pandas 3 "str" columns (reported to its owner)
        bad_dates = pd.Series(["someday"] + ["2025-01-01"] * 6, dtype=object)
        recent_revenue(orders.assign(order_date=bad_dates), "2025-12-31")
    with pytest.raises(CourseInputError, match="column 'revenue'.*not a number"):
        recent_revenue(orders.assign(revenue=["1.000,50"] + [1.0] * 6), "2025-12-31")
    with pytest.raises(CourseInputError, match="column 'amount' not found"):
        recent_revenue(orders, "2025-12-31", amount="amount")
    with pytest.raises(CourseInputError, match="is empty"):
        recent_revenue(orders.iloc[:0], "2025-12-31")
    with pytest.raises(CourseInputError, match="empty in every row"):
        recent_revenue(orders.assign(customer_id=None), "2025-12-31")
    with pytest.raises(CourseInputError, match="positive whole number"):
        recent_revenue(orders, "2025-12-31", days=0)


# ----------------------------------------------------------------------------- four_groups


def test_four_groups_by_hand(customers):
    groups = four_groups(customers, old_after_years=2, big_quantile=0.5, size_column="revenue")
    # lifetime revenue of buyers: 1000, 200, 50, 400, 400, 10 -> median 300 ; big: C1, C4, C5
    # tenure: 5, 1, 3, 0.5, 2, 4 -> old: C1, C3, C5, C6
    assert groups.tolist() == ["old-big", "new-small", "old-small", "new-big", "old-big", "old-small", np.nan]
    assert groups.dtype == GROUP_DTYPE
    assert groups.name == "group"
    # default size: last-12-month revenue 500, 150, 20, 400, 100, 0 -> 0.5 quantile 125 ; big: C1, C2, C4
    groups = four_groups(customers, big_quantile=0.5)
    assert groups.tolist() == ["old-big", "new-big", "old-small", "new-big", "old-small", "old-small", np.nan]


def test_four_groups_default_is_top_20_percent():
    frame = pd.DataFrame({"tenure_years": np.linspace(0.1, 6, 10), "revenue_12m": np.arange(1.0, 11.0), "n_orders": 1})
    groups = four_groups(frame)
    assert groups.isin(["old-big", "new-big"]).sum() == 2  # revenue 9 and 10 are >= the 0.8 quantile 8.2


def test_four_groups_bad_inputs(customers):
    with pytest.raises(CourseInputError, match="column 'tenure' not found"):
        four_groups(customers, tenure_column="tenure")
    with pytest.raises(CourseInputError, match="between 0 and 1"):
        four_groups(customers, big_quantile=80)
    with pytest.raises(CourseInputError, match="old_after_years"):
        four_groups(customers, old_after_years=-1)
    with pytest.raises(CourseInputError, match="'revenue_12m'.*not a number"):
        four_groups(customers.assign(revenue_12m=["¥1,000"] + [1.0] * 6))
    with pytest.raises(CourseInputError, match="'revenue_12m'.*not found.*recent_revenue"):
        four_groups(customers.drop(columns="revenue_12m"))
    with pytest.raises(CourseInputError, match="'tenure_years'.*1 row is empty"):
        four_groups(customers.assign(tenure_years=[np.nan] + [1.0] * 6))
    with pytest.raises(CourseInputError, match="no customer has an order"):
        four_groups(customers.assign(n_orders=0))
    with pytest.raises(CourseInputError, match="is empty"):
        four_groups(customers.iloc[:0])


# ----------------------------------------------------------------------------- group_profit


def test_group_profit_by_hand(customers):
    frame = customers.assign(group=four_groups(customers, big_quantile=0.5, size_column="revenue"))
    table = group_profit(frame)
    assert list(table.index) == ["old-big", "new-big", "new-small", "old-small"]
    old_big = table.loc["old-big"]  # C1 and C5
    assert old_big["customers"] == 2
    assert old_big["revenue"] == 1400.0
    assert old_big["margin_rate"] == pytest.approx(250 / 1400)
    assert old_big["cts_per_revenue"] == pytest.approx(110 / 1400)
    assert old_big["profit"] == pytest.approx(140.0)
    assert old_big["profit_per_customer"] == pytest.approx(70.0)
    assert table["profit"].sum() == pytest.approx((customers["margin"] - customers["cost_to_serve"]).sum())
    assert table["revenue_share"].sum() == pytest.approx(1.0)
    assert table["profit_share"].sum() == pytest.approx(1.0)


def test_group_profit_matches_groupby(customers):
    frame = customers.assign(tier=tier_customers(customers, strategic_share=0.2, important_share=0.3)["tier"])
    table = group_profit(frame, by="tier")
    assert list(table.index) == ["strategic", "important", "general", "prospect"]  # ordered: highest first
    sums = frame.groupby("tier", observed=True)[["revenue", "margin", "cost_to_serve"]].sum()
    for tier in sums.index:
        assert table.loc[tier, "profit"] == pytest.approx(sums.loc[tier, "margin"] - sums.loc[tier, "cost_to_serve"])
        assert table.loc[tier, "revenue"] == pytest.approx(sums.loc[tier, "revenue"])


def test_group_profit_empty_category_kept():
    frame = pd.DataFrame(
        {
            "group": pd.Categorical(["old-big"], dtype=GROUP_DTYPE),
            "revenue": [10.0],
            "margin": [2.0],
            "cost_to_serve": [1.0],
        }
    )
    table = group_profit(frame)
    assert table["customers"].tolist() == [1, 0, 0, 0]
    assert np.isnan(table.loc["new-big", "margin_rate"])


def test_group_profit_bad_inputs(customers):
    with pytest.raises(CourseInputError, match="column 'group' not found"):
        group_profit(customers)
    with pytest.raises(CourseInputError, match="empty in every row"):
        group_profit(customers.assign(group=np.nan))
    with pytest.raises(CourseInputError, match="'margin'.*not numbers"):
        group_profit(customers.assign(group="a", margin="x"))
    with pytest.raises(CourseInputError, match="is empty"):
        group_profit(customers.assign(group="a").iloc[:0])


# ----------------------------------------------------------------------------- tier_transitions


def _tiers(values, index):
    return pd.Series(values, index=index, dtype=TIER_DTYPE)


def test_tier_transitions_by_hand():
    ids = list("ABCDEF")
    before = _tiers(["general", "general", "important", "strategic", "prospect", "general"], ids)
    after = _tiers(["important", "general", "general", "strategic", "general", "general"], ids)
    counts = tier_transitions(before, after)
    assert list(counts.index) == ["strategic", "important", "general", "prospect"]
    assert list(counts.columns) == ["strategic", "important", "general", "prospect"]
    assert counts.loc["general", "general"] == 2
    assert counts.loc["general", "important"] == 1
    assert counts.loc["important", "general"] == 1
    assert counts.loc["prospect", "general"] == 1
    assert counts.to_numpy().sum() == 6
    shares = tier_transitions(before, after, normalize=True)
    assert shares.loc["general"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 0])
    assert shares.sum(axis=1).tolist() == pytest.approx([1, 1, 1, 1])


def test_tier_transitions_aligns_on_ids_and_warns():
    before = _tiers(["general", "strategic", "general"], ["A", "B", "C"])
    after = _tiers(["strategic", "general", "general"], ["B", "A", "D"])
    with pytest.warns(UserWarning, match="2 customer\\(s\\) appear in only one"):
        counts = tier_transitions(before, after)
    assert counts.loc["general", "general"] == 1  # A
    assert counts.loc["strategic", "strategic"] == 1  # B
    assert counts.to_numpy().sum() == 2


def test_tier_transitions_no_warning_when_aligned():
    before = _tiers(["general", "strategic"], ["A", "B"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tier_transitions(before, before)


def test_tier_transitions_plain_labels():
    counts = tier_transitions(pd.Series(["b", "a"], index=[1, 2]), pd.Series(["a", "a"], index=[1, 2]))
    assert list(counts.index) == ["a", "b"] and list(counts.columns) == ["a"]


def test_tier_transitions_bad_inputs():
    good = _tiers(["general"], ["A"])
    with pytest.raises(CourseInputError, match="before must be a pandas Series"):
        tier_transitions(["general"], good)
    with pytest.raises(CourseInputError, match="is empty"):
        tier_transitions(good.iloc[:0], good)
    with pytest.raises(CourseInputError, match="holds no tier"):
        tier_transitions(pd.Series([np.nan], index=["A"]), good)
    with pytest.raises(CourseInputError, match="repeat keys"):
        tier_transitions(_tiers(["general", "general"], ["A", "A"]), good)
    with pytest.raises(CourseInputError, match="share no customer"), pytest.warns(UserWarning):
        tier_transitions(_tiers(["general"], ["B"]), good)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["general", "important", "strategic", "prospect"]),
            st.sampled_from(["general", "important", "strategic", "prospect"]),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_tier_transitions_properties(pairs):
    index = [f"C{i}" for i in range(len(pairs))]
    before = _tiers([p[0] for p in pairs], index)
    after = _tiers([p[1] for p in pairs], index)
    counts = tier_transitions(before, after)
    assert counts.to_numpy().sum() == len(pairs)
    # row sums are the tier counts before, column sums the tier counts after
    assert (counts.sum(axis=1) == before.value_counts().reindex(counts.index)).all()
    assert (counts.sum(axis=0) == after.value_counts().reindex(counts.columns)).all()
    # staying put everywhere gives a diagonal matrix
    same = tier_transitions(before, before)
    assert (same.to_numpy() == np.diag(np.diag(same.to_numpy()))).all()
