"""Tests of course.pareto: concentration, Gini, ABC classes, whale curve, 20/60/20."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course.pareto import (
    SPLIT_LABELS,
    abc_classes,
    concentration_summary,
    concentration_table,
    gini,
    lorenz_curve,
    share_of_customers_for,
    split_20_60_20,
    split_summary,
    top_share,
    whale_curve,
    whale_peak,
)
from course.validation import CourseInputError

# --- independent reference implementations (loops / pairwise formulas) ------------


def gini_pairs(x):
    """Mean absolute difference over all ordered pairs / (2 * mean)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())


def top_share_loop(x, p):
    ranked = sorted(x, reverse=True)
    k = math.ceil(round(p * len(x), 9))
    return sum(ranked[:k]) / sum(x)


def share_for_loop(x, share):
    if share == 0:
        return 0.0
    ranked = sorted(x, reverse=True)
    total, running = sum(x), 0.0
    for k, v in enumerate(ranked, start=1):
        running += v
        if running >= share * total - 1e-9 * total:
            return k / len(x)
    return 1.0


REVENUE = pd.Series(
    [500.0, 200.0, 100.0, 100.0, 50.0, 30.0, 10.0, 5.0, 5.0, 0.0],
    index=[f"C{i}" for i in range(10)],
    name="revenue",
)

non_negative = arrays(
    np.float64,
    st.integers(1, 60),
    elements=st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
).filter(lambda a: a.sum() > 0)

profits = arrays(
    np.float64,
    st.integers(1, 60),
    elements=st.floats(-1e5, 1e6, allow_nan=False, allow_infinity=False),
).filter(lambda a: a.sum() > 1)


# --- CDNOW: the figures the lesson prints --------------------------------------------


@pytest.fixture(scope="module")
def cdnow_values():
    from course.data.cdnow import load_cdnow

    return load_cdnow().groupby("customer_id")["amount"].sum()


def test_cdnow_key_figures(cdnow_values):
    """Top 20% = ceil(0.2 n) = 4,714 of 23,570 customers (0.2 n is a whole number)."""
    assert len(cdnow_values) == 23_570
    assert round(top_share(cdnow_values), 3) == 0.678
    assert round(gini(cdnow_values), 3) == 0.635
    assert round(share_of_customers_for(cdnow_values, 0.8), 3) == 0.326
    assert share_of_customers_for(cdnow_values, 0.8) * 23_570 == pytest.approx(7_695)
    # the same figures by plain pandas
    ranked = cdnow_values.sort_values(ascending=False)
    assert round(ranked.head(4_714).sum() / ranked.sum(), 3) == 0.678
    assert (ranked.cumsum() / ranked.sum() < 0.8).sum() + 1 == 7_695


# --- concentration_table / lorenz_curve ----------------------------------------------------


def test_concentration_table_hand_example():
    table = concentration_table(REVENUE)
    assert table.index.tolist()[:3] == ["C0", "C1", "C2"]
    assert table["rank"].tolist() == list(range(1, 11))
    assert table["cum_value"].tolist() == [500, 700, 800, 900, 950, 980, 990, 995, 1000, 1000]
    assert table["cum_value_share"].iloc[-1] == 1.0
    assert table["cum_customer_share"].tolist() == pytest.approx([i / 10 for i in range(1, 11)])
    assert table["value_share"].sum() == pytest.approx(1.0)


def test_ties_keep_input_order():
    table = concentration_table(pd.Series({"b": 5.0, "a": 5.0, "c": 9.0}))
    assert table.index.tolist() == ["c", "b", "a"]


def test_lorenz_hand_example():
    curve = lorenz_curve([10.0, 60.0, 30.0])
    assert curve["value_share"].tolist() == pytest.approx([0, 0.1, 0.4, 1.0])
    assert curve["customer_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_dataframe_input_with_customer_column():
    frame = pd.DataFrame({"customer_id": ["x", "y", "z"], "revenue": [1.0, 3.0, 6.0]})
    table = concentration_table(frame, column="revenue")
    assert table.index.tolist() == ["z", "y", "x"]
    assert top_share(frame, 1 / 3, column="revenue") == pytest.approx(0.6)


@settings(max_examples=60, deadline=None)
@given(non_negative)
def test_concentration_shares_are_monotone_and_end_at_one(x):
    table = concentration_table(x)
    cum = table["cum_value_share"].to_numpy()
    assert np.all(np.diff(cum) >= -1e-12)
    assert cum[-1] == 1.0
    assert np.all(np.diff(table["value"].to_numpy()) <= 0)
    # Pareto curve lies on or above the diagonal, Lorenz curve on or below it
    assert np.all(cum >= table["cum_customer_share"].to_numpy() - 1e-9)
    lorenz = lorenz_curve(x)
    assert np.all(np.diff(lorenz["value_share"].to_numpy()) >= -1e-12)
    assert lorenz["value_share"].iloc[-1] == 1.0
    assert np.all(lorenz["value_share"] <= lorenz["customer_share"] + 1e-9)


# --- top_share / share_of_customers_for ------------------------------------------------------


def test_top_share_hand_examples():
    assert top_share(REVENUE) == pytest.approx(0.7)
    assert top_share([50.0, 20.0, 10.0, 10.0, 5.0, 5.0]) == pytest.approx(0.7)  # ceil(1.2) = 2
    assert top_share(REVENUE, 0.0) == 0.0
    assert top_share(REVENUE, 1.0) == pytest.approx(1.0)
    assert top_share([1.0, 1.0, 1.0, 1.0, 1.0], 0.2) == pytest.approx(0.2)


def test_share_of_customers_for_hand_examples():
    assert share_of_customers_for(REVENUE, 0.8) == pytest.approx(0.3)  # exactly 80% after 3 customers
    assert share_of_customers_for(REVENUE, 0.81) == pytest.approx(0.4)
    assert share_of_customers_for(REVENUE, 1.0) == pytest.approx(0.9)  # the zero customer is not needed
    assert share_of_customers_for(REVENUE, 0.0) == 0.0


@settings(max_examples=80, deadline=None)
@given(non_negative, st.floats(0, 1))
def test_top_share_and_share_for_match_loops(x, p):
    assert top_share(x, p) == pytest.approx(top_share_loop(list(x), p), rel=1e-9, abs=1e-12)
    assert share_of_customers_for(x, p) == pytest.approx(share_for_loop(list(x), p))
    assert 0 <= top_share(x, p) <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(non_negative)
def test_top_share_is_monotone_in_top(x):
    shares = [top_share(x, p) for p in np.linspace(0, 1, 11)]
    assert np.all(np.diff(shares) >= -1e-12)
    assert shares[-1] == pytest.approx(1.0)


def test_shuffling_does_not_change_the_figures():
    rng = np.random.default_rng(0)
    x = rng.lognormal(3, 1.5, size=500)
    y = rng.permutation(x)
    assert top_share(x) == pytest.approx(top_share(y))
    assert gini(x) == pytest.approx(gini(y))
    assert share_of_customers_for(x) == share_of_customers_for(y)


# --- gini ---------------------------------------------------------------------------------------


def test_gini_known_cases():
    assert gini([7.0] * 9) == 0.0
    for n in (1, 2, 5, 100):
        assert gini([0.0] * (n - 1) + [3.0]) == pytest.approx((n - 1) / n)
    assert gini([1.0, 3.0]) == pytest.approx(0.25)  # |1-3| * 2 / (2 * 4 * 2)
    assert gini(REVENUE) == pytest.approx(gini_pairs(REVENUE.to_numpy()))


@settings(max_examples=80, deadline=None)
@given(non_negative)
def test_gini_matches_pairwise_formula_and_lorenz_area(x):
    g = gini(x)
    assert 0 <= g < 1
    assert g == pytest.approx(gini_pairs(x), abs=1e-9)
    lorenz = lorenz_curve(x)
    area = np.trapezoid(lorenz["value_share"], lorenz["customer_share"])
    assert g == pytest.approx(1 - 2 * area, abs=1e-9)


def test_gini_scale_invariant():
    x = np.array([1.0, 2.0, 3.0, 10.0])
    assert gini(x) == pytest.approx(gini(1000 * x))


def test_concentration_summary():
    summary = concentration_summary(REVENUE)
    assert summary.index.tolist() == ["customers", "total", "top_share", "customers_for_share", "gini"]
    assert summary["customers"] == 10
    assert summary["top_share"] == pytest.approx(0.7)
    assert summary["customers_for_share"] == pytest.approx(0.3)
    assert summary["gini"] == pytest.approx(gini(REVENUE))


# --- ABC classes --------------------------------------------------------------------------------------


def test_abc_hand_example():
    abc = abc_classes(REVENUE)
    # before-shares: 0, .5, .7, .8, .9, .95, ...  -> A while < .8, B while < .95
    assert abc["abc_class"].tolist() == ["A", "A", "A", "B", "B", "C", "C", "C", "C", "C"]
    assert abc["abc_class"].cat.ordered
    assert list(abc["abc_class"].cat.categories) == ["A", "B", "C"]


def test_abc_custom_thresholds_and_labels():
    abc = abc_classes(REVENUE, thresholds=(0.5, 0.9), labels=("gold", "silver", "bronze"))
    assert abc["abc_class"].value_counts(sort=False).tolist() == [1, 3, 6]


@settings(max_examples=60, deadline=None)
@given(non_negative)
def test_abc_a_class_matches_share_for(x):
    abc = abc_classes(x)
    n_a = (abc["abc_class"] == "A").sum()
    assert n_a == round(share_of_customers_for(x, 0.8) * len(x))
    value = abc.groupby("abc_class", observed=False)["value"].sum() / abc["value"].sum()
    assert value["A"] >= 0.8 - 1e-9
    assert value["A"] + value["B"] >= 0.95 - 1e-9
    # classes never go back up the ranking
    assert np.all(np.diff(abc["abc_class"].cat.codes.to_numpy()) >= 0)


# --- whale curve and 20/60/20 -------------------------------------------------------------------------


def test_whale_hand_example():
    curve = whale_curve(pd.Series({"A": 80.0, "B": 40.0, "C": 0.0, "D": -20.0}))
    assert curve["cum_profit_share"].tolist() == pytest.approx([0.8, 1.2, 1.2, 1.0])
    peak = whale_peak(pd.Series({"A": 80.0, "B": 40.0, "C": 0.0, "D": -20.0}))
    assert peak["peak_share"] == pytest.approx(1.2)
    assert peak["peak_customers"] == 2
    assert peak["loss_customer_share"] == 0.25


@settings(max_examples=60, deadline=None)
@given(profits)
def test_whale_peak_is_the_max_of_the_curve(x):
    curve = whale_curve(x)
    peak = whale_peak(x)
    assert curve["cum_profit_share"].iloc[-1] == pytest.approx(1.0)
    assert peak["peak_share"] == pytest.approx(curve["cum_profit_share"].max())
    assert peak["peak_share"] == pytest.approx(x[x > 0].sum() / x.sum())
    assert peak["peak_share"] >= 1 - 1e-9
    assert peak["peak_customers"] == (x > 0).sum()


def test_split_hand_example():
    x = pd.Series({"A": 90.0, "B": 10.0, "C": 5.0, "D": 0.0, "E": -30.0})
    split = split_20_60_20(x)
    assert split["group"].tolist() == ["top 20%", "middle 60%", "middle 60%", "middle 60%", "bottom 20%"]
    summary = split_summary(x)
    assert summary.index.tolist() == list(SPLIT_LABELS)
    assert summary["customers"].tolist() == [1, 3, 1]
    assert summary["profit"].tolist() == [90.0, 15.0, -30.0]
    assert summary["profit_share"].tolist() == pytest.approx([1.2, 0.2, -0.4])
    assert summary["loss_makers"].tolist() == [0, 0, 1]


@settings(max_examples=60, deadline=None)
@given(profits, st.floats(0, 0.5), st.floats(0, 0.5))
def test_split_counts(x, top, bottom):
    n = len(x)
    assume(math.ceil(round(top * n, 9)) + math.ceil(round(bottom * n, 9)) <= n)  # else a documented error
    summary = split_summary(x, top, bottom)
    assert summary["customers"].tolist() == [
        math.ceil(round(top * n, 9)),
        n - math.ceil(round(top * n, 9)) - math.ceil(round(bottom * n, 9)),
        math.ceil(round(bottom * n, 9)),
    ]
    assert summary["profit"].sum() == pytest.approx(x.sum(), abs=1e-6)


# --- input is never modified ------------------------------------------------------------------------


def test_inputs_not_modified():
    frame = pd.DataFrame({"customer_id": ["x", "y", "z"], "profit": [5.0, -1.0, 3.0], "revenue": [1.0, 3.0, 6.0]})
    series = REVENUE.copy()
    array = np.array([3.0, 1.0, 2.0])
    frame_before, series_before, array_before = frame.copy(), series.copy(), array.copy()
    for func in (concentration_table, lorenz_curve, top_share, share_of_customers_for, gini, abc_classes):
        func(frame, column="revenue")
        func(series)
        func(array)
    for func in (whale_curve, whale_peak, split_20_60_20, split_summary):
        func(frame, column="profit")
        func(series)
        func(array)
    pd.testing.assert_frame_equal(frame, frame_before)
    pd.testing.assert_series_equal(series, series_before)
    np.testing.assert_array_equal(array, array_before)


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "func", [concentration_table, lorenz_curve, top_share, share_of_customers_for, gini, abc_classes]
)
def test_negative_values_rejected(func):
    with pytest.raises(CourseInputError, match=r"1 row is negative: row b \(-2.0\).*whale_curve"):
        func(pd.Series({"a": 5.0, "b": -2.0}, name="revenue"))


@pytest.mark.parametrize("func", [top_share, gini, concentration_table])
def test_all_zero_rejected(func):
    with pytest.raises(CourseInputError, match="every value is 0"):
        func([0.0, 0.0])


@pytest.mark.parametrize("func", [top_share, gini, whale_curve, split_20_60_20])
def test_common_bad_inputs(func):
    with pytest.raises(CourseInputError, match="is empty"):
        func(pd.Series([], dtype=float))
    with pytest.raises(CourseInputError, match=r"not a number: row 1 \('12k'\)"):
        func(pd.Series(["5", "12k"]))
    with pytest.raises(CourseInputError, match=r"1 row is empty"):
        func(pd.Series([5.0, np.nan]))
    with pytest.raises(CourseInputError, match="empty in every row"):
        func(pd.Series([np.nan, np.nan]))
    with pytest.raises(CourseInputError, match="infinite"):
        func(pd.Series([5.0, np.inf]))
    with pytest.raises(CourseInputError, match=r"must be unique.*'C1'"):
        func(pd.Series([5.0, 3.0], index=["C1", "C1"]))
    with pytest.raises(CourseInputError, match="True/False"):
        func(pd.Series([True, False]))
    with pytest.raises(CourseInputError, match="1-d"):
        func(np.ones((2, 2)))


def test_dataframe_column_errors():
    frame = pd.DataFrame({"customer_id": ["a", "b"], "revenue": [1.0, 2.0]})
    with pytest.raises(CourseInputError, match=r"pass the name of the value column, e\.g\. column='revenue'"):
        top_share(frame)
    with pytest.raises(CourseInputError, match=r"column 'revnue' not found.*did you mean 'revenue'"):
        gini(frame, column="revnue")
    with pytest.raises(CourseInputError, match="empty in every row"):
        gini(pd.DataFrame({"customer_id": [None, None], "revenue": [1.0, 2.0]}), column="revenue")


def test_bad_parameters():
    with pytest.raises(CourseInputError, match="top must be a share between 0 and 1"):
        top_share(REVENUE, 20)
    with pytest.raises(CourseInputError, match="share must be a share"):
        share_of_customers_for(REVENUE, 80)
    with pytest.raises(CourseInputError, match="thresholds"):
        abc_classes(REVENUE, thresholds=(0.95, 0.8))
    with pytest.raises(CourseInputError, match="labels"):
        abc_classes(REVENUE, labels=("A", "A", "C"))
    with pytest.raises(CourseInputError, match="sum is at most 1"):
        split_20_60_20(REVENUE, 0.6, 0.6)


def test_whale_rejects_non_positive_total():
    with pytest.raises(CourseInputError, match="total profit is -5.00"):
        whale_curve([5.0, -10.0])
    # split_summary still works with a loss overall
    assert split_summary([5.0, -10.0], 0.5, 0.5)["profit"].tolist() == [5.0, 0.0, -10.0]
