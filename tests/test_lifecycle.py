"""Tests of course.lifecycle: states, transitions, cohorts, churn rates, time to churn, Kaplan-Meier."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.lifecycle import (
    NOT_YET,
    STATES,
    churn_rate_by,
    cohort_retention,
    kaplan_meier,
    lifecycle_states,
    purchase_summary,
    state_transitions,
    survival_at,
    time_to_churn,
)
from course.validation import CourseInputError

ASOF = pd.Timestamp("2025-12-31")


def days_before(n: int) -> pd.Timestamp:
    return ASOF - pd.Timedelta(days=n)


@pytest.fixture
def orders() -> pd.DataFrame:
    """Order lines with known recencies at ASOF: A 180 d, B 181 d, C 365 d, D 366 d, E 10 d (cancelled only)."""
    rows = [
        ("A", days_before(400), "completed"),
        ("A", days_before(180), "completed"),
        ("A", days_before(180), "completed"),  # second line of the same day
        ("B", days_before(181), "completed"),
        ("C", days_before(365), "completed"),
        ("C", days_before(700), "returned"),
        ("D", days_before(366), "completed"),
        ("D", days_before(5), "cancelled"),
        ("E", days_before(10), "cancelled"),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "status"])


@pytest.fixture
def customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E", "F", "G"],
            "acquired_date": pd.to_datetime(
                ["2020-01-01", "2021-01-01", "2021-01-01", "2021-01-01", "2025-01-01", "2025-09-01", "2026-03-01"]
            ),
        }
    )


@pytest.fixture(scope="module")
def small_db():
    from course.data import generate_b2b

    return generate_b2b(n_customers=300, seed=3)


# ----------------------------------------------------------------------------- purchase_summary


def test_purchase_summary_by_hand(orders):
    table = purchase_summary(orders, ASOF)
    assert list(table.index) == ["A", "B", "C", "D"]  # E has no completed line
    assert table.loc["A", "n_purchase_days"] == 2  # two lines on one day count once
    assert table["recency_days"].tolist() == [180.0, 181.0, 365.0, 366.0]
    assert table.loc["A", "median_gap_days"] == 220.0
    assert np.isnan(table.loc["B", "median_gap_days"])
    assert table.loc["A", "first_purchase"] == days_before(400)


def test_purchase_summary_median_gap_matches_numpy():
    dates = pd.to_datetime(["2024-01-01", "2024-01-11", "2024-03-01", "2024-03-02", "2024-09-01"])
    orders = pd.DataFrame({"customer_id": ["X"] * 5, "order_date": dates[::-1]})  # unsorted on purpose
    table = purchase_summary(orders, "2024-12-31", status=None)
    assert table.loc["X", "median_gap_days"] == np.median(
        np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(int)
    )


def test_purchase_summary_default_asof_is_day_after_latest(orders):
    table = purchase_summary(orders)
    # latest order line (any status) is 5 days before ASOF, so asof = ASOF - 4 days
    assert table.loc["A", "recency_days"] == 180 - 4


# ----------------------------------------------------------------------------- lifecycle_states, fixed rule


def test_fixed_rule_boundaries(orders, customers):
    states = lifecycle_states(orders, ASOF, customers=customers)
    assert states["state"].astype(str).to_dict() == {
        "A": "active",  # exactly 180 days
        "B": "dormant",  # 181 days
        "C": "dormant",  # exactly 365 days
        "D": "churned",  # 366 days; its later line is cancelled
        "E": "potential",  # only a cancelled line
        "F": "potential",  # never ordered
    }  # G is acquired after asof: not known yet
    assert list(states["state"].cat.categories) == list(STATES)
    assert states.index.name == "customer_id"


def test_customers_indexed_by_id_and_acquired_none(orders, customers):
    indexed = customers.set_index("customer_id")
    states = lifecycle_states(orders, ASOF, customers=indexed)
    assert list(states.index) == ["A", "B", "C", "D", "E", "F"]
    everyone = lifecycle_states(orders, ASOF, customers=customers, acquired=None)
    assert everyone.loc["G", "state"] == "potential"  # acquisition dates ignored


def test_without_customers_only_buyers(orders):
    states = lifecycle_states(orders, ASOF)
    assert list(states.index) == ["A", "B", "C", "D"]
    assert "potential" not in set(states["state"])


def test_custom_thresholds(orders):
    states = lifecycle_states(orders, ASOF, active_days=30, churn_days=181)
    assert states["state"].astype(str).tolist() == ["dormant", "dormant", "churned", "churned"]


def test_customer_table_input_gives_same_states(small_db):
    from course.customers import customer_table

    asof = "2025-12-31"
    from_orders = lifecycle_states(small_db.orders, asof, customers=small_db.customers)
    table = customer_table(small_db, asof=asof)
    from_table = lifecycle_states(table, asof)
    pd.testing.assert_series_equal(
        from_orders["state"], from_table["state"].reindex(from_orders.index), check_index_type=False
    )


def test_states_match_independent_groupby(small_db):
    orders = small_db.orders
    completed = orders[orders["status"] == "completed"]
    last = completed.groupby("customer_id")["order_date"].max()
    recency = (ASOF - last).dt.days
    expected = (
        pd.Series(np.select([recency <= 180, recency <= 365], ["active", "dormant"], "churned"), index=last.index)
        .reindex(small_db.customers["customer_id"])
        .fillna("potential")
    )
    got = lifecycle_states(orders, ASOF, customers=small_db.customers)["state"].astype(str)
    assert got.to_dict() == expected.to_dict()


def test_orders_after_asof_dropped_with_one_warning(orders):
    late = pd.concat(
        [
            orders,
            pd.DataFrame(
                {
                    "customer_id": ["B", "B"],
                    "order_date": [ASOF + pd.Timedelta(days=3)] * 2,
                    "status": ["completed", "completed"],
                }
            ),
        ],
        ignore_index=True,
    )
    with pytest.warns(UserWarning, match="ignored 2 purchase rows dated after asof 2025-12-31") as record:
        states = lifecycle_states(late, ASOF)
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expected = lifecycle_states(orders, ASOF)
    pd.testing.assert_frame_equal(states, expected)


def test_no_warning_for_cancelled_lines(orders):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lifecycle_states(orders, ASOF)


def test_status_none_counts_every_row(orders):
    states = lifecycle_states(orders, ASOF, status=None)
    assert states.loc["D", "state"] == "active"  # the cancelled line counts now
    assert states.loc["E", "state"] == "active"


# ----------------------------------------------------------------------------- rhythm rule


def test_rhythm_rule_by_hand():
    orders = pd.DataFrame(
        {
            "customer_id": ["W"] * 4 + ["S"] * 3 + ["O"],
            "order_date": pd.to_datetime(
                [
                    "2025-09-01",
                    "2025-09-11",
                    "2025-09-21",
                    "2025-10-01",  # weekly-ish buyer, gap 10
                    "2023-01-01",
                    "2024-01-01",
                    "2025-01-01",  # yearly buyer, gap 365
                    "2025-05-01",
                ]  # one purchase only
            ),
        }
    )
    states = lifecycle_states(orders, "2025-12-31", rule="rhythm", status=None)
    # W: 91 days / 10 = 9.1 gaps -> churned; S: 364 / 365 -> active; O: fixed rule, 244 days -> dormant
    assert states["state"].astype(str).to_dict() == {"O": "dormant", "S": "active", "W": "churned"}
    loose = lifecycle_states(orders, "2025-12-31", rule="rhythm", status=None, active_multiple=5, churn_multiple=10)
    assert loose.loc["W", "state"] == "dormant"


def test_rhythm_rule_needs_orders():
    table = pd.DataFrame({"last_purchase": pd.to_datetime(["2025-01-01"])}, index=pd.Index(["A"], name="customer_id"))
    with pytest.raises(CourseInputError, match="rhythm"):
        lifecycle_states(table, "2025-12-31", rule="rhythm")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.lists(
        st.tuples(st.sampled_from(list("ABCDEFG")), st.integers(min_value=0, max_value=1500)), min_size=1, max_size=40
    )
)
def test_property_states_consistent_with_recency(data):
    orders = pd.DataFrame(
        {"customer_id": [c for c, _ in data], "order_date": [ASOF - pd.Timedelta(days=d) for _, d in data]}
    )
    fixed = lifecycle_states(orders, ASOF, status=None)
    rhythm = lifecycle_states(orders, ASOF, status=None, rule="rhythm")
    expected_recency = orders.groupby("customer_id")["order_date"].max().rsub(ASOF).dt.days
    assert fixed["recency_days"].astype(int).to_dict() == expected_recency.to_dict()
    r = fixed["recency_days"]
    assert ((fixed["state"] == "active") == (r <= 180)).all()
    assert ((fixed["state"] == "churned") == (r > 365)).all()
    # one purchase day: the rhythm rule falls back on the fixed days
    single = fixed["n_purchase_days"] == 1
    assert (rhythm.loc[single, "state"] == fixed.loc[single, "state"]).all()
    ratio = rhythm["recency_days"] / rhythm["median_gap_days"]
    multi = ~single & (rhythm["median_gap_days"] > 0)
    assert ((rhythm.loc[multi, "state"] == "churned") == (ratio[multi] > 4)).all()


# ----------------------------------------------------------------------------- bad inputs


def test_misspelt_column_lists_available(orders):
    with pytest.raises(CourseInputError, match=r"'customer' not found; available columns: 'customer_id'"):
        lifecycle_states(orders, ASOF, customer="customer")


def test_neither_orders_nor_customer_table():
    with pytest.raises(CourseInputError, match="needs order lines"):
        lifecycle_states(pd.DataFrame({"customer_id": ["A"], "day": ["2025-01-01"]}), ASOF)


def test_unparsable_date(orders):
    bad = orders.astype({"order_date": "object"})
    bad.loc[2, "order_date"] = "2025-02-30"
    with pytest.raises(CourseInputError, match=r"column 'order_date': 1 row is not a valid date: row 2"):
        lifecycle_states(bad, ASOF)


def test_empty_table(orders):
    with pytest.raises(CourseInputError, match="is empty"):
        lifecycle_states(orders.iloc[:0], ASOF)


def test_all_nan_ids(orders):
    with pytest.raises(CourseInputError, match="'customer_id' is empty in every row"):
        lifecycle_states(orders.assign(customer_id=np.nan), ASOF)


def test_some_nan_ids(orders):
    bad = orders.copy()
    bad.loc[3, "customer_id"] = None
    with pytest.raises(CourseInputError, match="1 row is empty: row 3"):
        lifecycle_states(bad, ASOF)


def test_missing_status_column_hint(orders):
    with pytest.raises(CourseInputError, match="status=None"):
        lifecycle_states(orders.drop(columns="status"), ASOF)


def test_bad_asof(orders):
    with pytest.raises(CourseInputError, match="asof='yesterday' is not a valid date"):
        lifecycle_states(orders, "yesterday")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"rule": "magic"}, "rule='magic'"),
        ({"active_days": 400}, "active_days"),
        ({"active_multiple": 5, "churn_multiple": 4}, "active_multiple"),
    ],
)
def test_bad_parameters(orders, kwargs, match):
    with pytest.raises(CourseInputError, match=match):
        lifecycle_states(orders, ASOF, **kwargs)


def test_unknown_customer_in_orders(orders, customers):
    with pytest.raises(CourseInputError, match="refers to an id missing from 'customers'"):
        lifecycle_states(orders, ASOF, customers=customers[customers["customer_id"] != "B"])


def test_customer_table_bought_after_asof():
    table = pd.DataFrame({"last_purchase": pd.to_datetime(["2025-06-01"])}, index=pd.Index(["A"], name="customer_id"))
    with pytest.raises(CourseInputError, match="bought after asof"):
        lifecycle_states(table, "2025-01-01")


def test_inputs_not_modified(orders, customers):
    before_o, before_c = orders.copy(), customers.copy()
    lifecycle_states(orders, ASOF, customers=customers, rule="rhythm")
    state_transitions(orders, customers, dates=["2024-12-31", "2025-12-31"])
    cohort_retention(orders)
    time_to_churn(orders, ASOF)
    purchase_summary(orders, ASOF)
    pd.testing.assert_frame_equal(orders, before_o)
    pd.testing.assert_frame_equal(customers, before_c)


# ----------------------------------------------------------------------------- state_transitions


def test_transitions_by_hand(orders, customers):
    table = state_transitions(orders, customers, dates=["2025-06-30", "2025-12-31"])
    # the margins must agree with lifecycle_states at each date
    first = lifecycle_states(orders[orders["order_date"] <= "2025-06-30"], "2025-06-30", customers=customers)["state"]
    second = lifecycle_states(orders, "2025-12-31", customers=customers)["state"]
    assert table.to_numpy().sum() == len(second)
    for state in STATES:
        assert table[state].sum() == (second == state).sum()
        assert table.loc[state].sum() == (first == state).sum()
    assert table.loc[NOT_YET].sum() == len(second) - len(first)  # F acquired in between
    assert table.loc[NOT_YET, "potential"] == 1


def test_transitions_normalized_rows_sum_to_one(small_db):
    table = state_transitions(small_db.orders, small_db.customers, dates=["2023-12-31", "2025-12-31"], normalize=True)
    sums = table.sum(axis=1).dropna()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    assert list(table.columns) == list(STATES)


def test_transitions_no_warning(small_db):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        state_transitions(small_db.orders, small_db.customers, dates=["2022-12-31", "2023-12-31"])


@pytest.mark.parametrize("dates", [["2025-01-01"], ["2025-01-01", "2024-01-01"], "2025-01-01"])
def test_transitions_bad_dates(orders, dates):
    with pytest.raises(CourseInputError, match="dates="):
        state_transitions(orders, dates=dates)


# ----------------------------------------------------------------------------- cohort_retention


def test_cohort_retention_quarters_by_hand():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B", "B", "C", "C"],
            "order_date": pd.to_datetime(
                ["2024-01-15", "2024-02-20", "2024-07-01", "2024-03-31", "2024-12-01", "2024-05-05", "2024-06-06"]
            ),
            "status": ["completed", "completed", "completed", "completed", "completed", "completed", "cancelled"],
        }
    )
    share = cohort_retention(orders, period="Q", asof="2024-12-31")
    assert [str(p) for p in share.index] == ["2024Q1", "2024Q2"]
    # 2024Q1 cohort = {A, B}: Q2 nobody, Q3 A, Q4 B
    np.testing.assert_allclose(share.loc["2024Q1"].to_numpy(), [1.0, 0.0, 0.5, 0.5])
    # 2024Q2 cohort = {C}; periods up to Q4 observed, beyond NaN
    np.testing.assert_allclose(share.loc["2024Q2"].to_numpy(), [1.0, 0.0, 0.0, np.nan])
    counts = cohort_retention(orders, period="Q", asof="2024-12-31", as_share=False)
    assert counts[0].tolist() == [2, 1]


def test_cohort_retention_matches_set_computation(small_db):
    orders = small_db.orders
    share = cohort_retention(orders, period="Y", asof="2025-12-31")
    done = orders[orders["status"] == "completed"]
    years = done.assign(year=done["order_date"].dt.year)
    first = years.groupby("customer_id")["year"].min()
    for cohort_year in (2020, 2022):
        members = set(first[first == cohort_year].index)
        for k in range(2025 - cohort_year + 1):
            buyers = set(years.loc[years["year"] == cohort_year + k, "customer_id"]) & members
            assert share.loc[str(cohort_year), k] == pytest.approx(len(buyers) / len(members))
        assert share.loc[str(cohort_year)].iloc[2025 - cohort_year + 1 :].isna().all()


def test_cohort_sizes_add_up(small_db):
    counts = cohort_retention(small_db.orders, period="M", as_share=False)
    buyers = small_db.orders.loc[small_db.orders["status"] == "completed", "customer_id"].nunique()
    assert counts[0].sum() == buyers


def test_cohort_bad_period(orders):
    with pytest.raises(CourseInputError, match="period='W'"):
        cohort_retention(orders, period="W")


def test_cohort_after_asof_warns(orders):
    with pytest.warns(UserWarning, match="ignored 2 purchase rows") as record:
        cohort_retention(orders, asof=ASOF - pd.Timedelta(days=181))
    assert len(record) == 1


# ----------------------------------------------------------------------------- churn_rate_by


def test_churn_rate_by_states_and_flags():
    frame = pd.DataFrame(
        {
            "tier": ["s", "s", "g", "g", "g", "g"],
            "state": ["active", "churned", "churned", "churned", "dormant", "potential"],
        }
    )
    out = churn_rate_by(frame, "tier")
    assert out.loc["g"].tolist() == [3, 2, pytest.approx(2 / 3)]
    flags = frame.assign(lost=frame["state"].eq("churned"))
    out_flag = churn_rate_by(flags, ["tier"], column="lost")
    assert out_flag.loc["g", "customers"] == 4  # a flag counts every row
    assert out_flag.loc["s", "churn_rate"] == 0.5


def test_churn_rate_by_bad_values():
    frame = pd.DataFrame({"tier": ["a"], "state": ["asleep"]})
    with pytest.raises(CourseInputError, match="lifecycle states"):
        churn_rate_by(frame, "tier")
    with pytest.raises(CourseInputError, match="'tiers' not found"):
        churn_rate_by(frame, "tiers")


# ----------------------------------------------------------------------------- time_to_churn and Kaplan-Meier


def test_time_to_churn_by_hand():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B", "C", "D"],
            "order_date": pd.to_datetime(
                ["2020-01-01", "2022-01-01", "2021-01-01", "2025-11-01", "2025-03-01", "2023-05-05"]
            ),
        }
    )
    table = time_to_churn(orders, "2025-12-31", status=None)
    assert list(table.index) == ["A", "B", "D"]  # C started less than 365 days ago
    assert table.loc["A", "duration_days"] == 731 and table.loc["A", "churned"]
    # B is still buying: censored at asof - 365 days - first purchase
    assert (
        table.loc["B", "duration_days"]
        == (pd.Timestamp("2025-12-31") - pd.Timedelta(days=365) - pd.Timestamp("2021-01-01")).days
    )
    assert not table.loc["B", "churned"]
    assert table.loc["D", "duration_days"] == 0 and table.loc["D", "churned"]


def test_kaplan_meier_by_hand():
    frame = pd.DataFrame({"d": [3, 1, 1, 2, 5, 5], "e": [1, 1, 0, 1, 0, 1]})
    curve = kaplan_meier(frame, "d", "e")
    # t=1: 6 at risk, 1 event -> 5/6; t=2: 4 at risk, 1 -> 5/6*3/4; t=3: 3, 1 -> *2/3; t=5: 2, 1 -> *1/2
    expected = np.cumprod([5 / 6, 3 / 4, 2 / 3, 1 / 2])
    assert curve["time"].tolist() == [1, 2, 3, 5]
    assert curve["at_risk"].tolist() == [6, 4, 3, 2]
    np.testing.assert_allclose(curve["survival"].to_numpy(), expected)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=60))
def test_kaplan_meier_without_censoring_is_empirical_survival(durations):
    frame = pd.DataFrame({"duration_days": durations, "churned": True})
    curve = kaplan_meier(frame)
    values = np.asarray(durations)
    expected = [(values > t).mean() for t in curve["time"]]
    np.testing.assert_allclose(curve["survival"].to_numpy(), expected, atol=1e-12)


def test_kaplan_meier_by_group_equals_separate_curves():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"g": rng.choice(["x", "y"], 200), "duration_days": rng.integers(0, 30, 200), "churned": rng.random(200) < 0.6}
    )
    together = kaplan_meier(frame, by="g")
    for group in ("x", "y"):
        alone = kaplan_meier(frame[frame["g"] == group])
        part = together[together["g"] == group].drop(columns="g").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone)


def test_survival_at_reads_the_step_function():
    frame = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 2, "duration_days": [1, 2, 4, 1, 3], "churned": [1, 1, 0, 0, 1]})
    curve = kaplan_meier(frame, by="g")
    table = survival_at(curve, [0.5, 2, 3, 4], by="g")
    np.testing.assert_allclose(table.loc["a"].to_numpy(), [1.0, 1 / 3, 1 / 3, 1 / 3])
    np.testing.assert_allclose(table.loc["b"].to_numpy(), [1.0, 1.0, 0.0, np.nan])


@pytest.mark.parametrize(
    "frame, match",
    [
        (pd.DataFrame({"duration_days": [-1, 2], "churned": [True, False]}), "negative"),
        (pd.DataFrame({"duration_days": [1, 2], "churned": ["yes", "no"]}), "True/False"),
        (pd.DataFrame({"duration_days": ["a", 2], "churned": [True, False]}), "not a number"),
        (pd.DataFrame({"duration": [1], "churned": [True]}), "'duration_days' not found"),
    ],
)
def test_kaplan_meier_bad_input(frame, match):
    with pytest.raises(CourseInputError, match=match):
        kaplan_meier(frame)


def test_survival_curve_on_data_is_monotone(small_db):
    curve = kaplan_meier(time_to_churn(small_db.orders, "2025-12-31"))
    assert (np.diff(curve["survival"].to_numpy()) <= 1e-12).all()
    assert 0 < curve["survival"].iloc[-1] < 1
