"""Tests of course.clustering: features, choosing k, fitting, profiling, naming, comparing."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

from course.clustering import (
    FEATURES,
    SignedLog,
    agreement,
    choose_k,
    cross_table,
    fit_clusters,
    make_feature_pipeline,
    name_clusters,
    order_clusters,
    prepare_features,
    profile_clusters,
    stability,
)
from course.validation import CourseInputError


def customers_frame(n_per_group: int = 30, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Three well separated groups of customers (big and frequent, mid, small and lapsed), and their truth."""
    rng = np.random.default_rng(seed)
    groups = []
    specs = [  # recency, n_orders, revenue, margin_rate, profit, tenure
        (10, 40, 500_000, 0.35, 80_000, 6.0),
        (60, 8, 40_000, 0.25, 5_000, 3.0),
        (700, 1, 800, 0.10, -400, 1.0),
    ]
    for g, (rec, n, rev, mr, pr, ten) in enumerate(specs):
        groups.append(
            pd.DataFrame(
                {
                    "recency_days": np.round(rec * rng.uniform(0.8, 1.2, n_per_group)).astype("int64"),
                    "n_orders": np.maximum(1, np.round(n * rng.uniform(0.8, 1.2, n_per_group))).astype("int64"),
                    "revenue": rev * rng.uniform(0.8, 1.2, n_per_group),
                    "margin_rate": mr + rng.normal(0, 0.01, n_per_group),
                    "profit": pr * rng.uniform(0.8, 1.2, n_per_group),
                    "tenure_years": ten * rng.uniform(0.9, 1.1, n_per_group),
                    "truth": g,
                }
            )
        )
    frame = pd.concat(groups, ignore_index=True)
    order = rng.permutation(len(frame))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.index = pd.Index([f"C{i:05d}" for i in range(1, len(frame) + 1)], name="customer_id")
    truth = frame.pop("truth").to_numpy()
    return frame, truth


def manual_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The lesson's transform written out by hand: log1p, arcsinh(x / median |x|), then z-scores."""
    out = pd.DataFrame(index=frame.index)
    for column in FEATURES:
        x = frame[column].astype("float64")
        if column in ("recency_days", "n_orders", "revenue"):
            x = np.log1p(x)
        elif column == "profit":
            x = np.arcsinh(x / x.abs().median())
        out[column] = (x - x.mean()) / x.std(ddof=0)
    return out


# --------------------------------------------------------------------------- features


def test_prepare_features_matches_hand_computation():
    frame, _ = customers_frame()
    got = prepare_features(frame)
    pd.testing.assert_frame_equal(got, manual_features(frame), check_exact=False, rtol=1e-10, atol=1e-10)
    assert got.index.equals(frame.index)
    assert list(got.columns) == list(FEATURES)


def test_prepare_features_tiny_example():
    df = pd.DataFrame({"n_orders": [0, 1, 3]})
    got = prepare_features(df, ["n_orders"])["n_orders"].to_numpy()
    logged = np.log([1.0, 2.0, 4.0])  # log1p(0), log1p(1), log1p(3)
    expected = (logged - logged.mean()) / logged.std()
    np.testing.assert_allclose(got, expected)


def test_prepare_features_does_not_modify_input():
    frame, _ = customers_frame()
    before = frame.copy()
    prepare_features(frame)
    fit_clusters(frame, k=3)
    labels = fit_clusters(frame, k=3)
    profile_clusters(frame, labels)
    name_clusters(frame, labels)
    pd.testing.assert_frame_equal(frame, before)


def test_prepare_features_ignores_other_columns_and_accepts_strings_of_numbers():
    frame, _ = customers_frame()
    with_text = frame.assign(industry="Retail", revenue=frame["revenue"].astype(str))
    pd.testing.assert_frame_equal(prepare_features(with_text), prepare_features(frame), check_exact=False)


def test_explicit_transforms():
    df = pd.DataFrame({"a": [1.0, 2.0, 10.0], "b": [-5.0, 0.0, 5.0]})
    got = prepare_features(df, ["a", "b"], log_columns=[], signed_columns=["b"])
    b = np.arcsinh(df["b"] / 5.0)  # median of |b| = 5
    a = df["a"]
    np.testing.assert_allclose(got["a"], (a - a.mean()) / a.std(ddof=0))
    np.testing.assert_allclose(got["b"], (b - b.mean()) / b.std(ddof=0))


def test_pipeline_steps_and_defaults():
    pipe = make_feature_pipeline()
    assert [name for name, _ in pipe.steps] == ["transform", "scale"]
    transformers = {name: cols for name, _, cols in pipe.named_steps["transform"].transformers}
    assert transformers == {
        "log1p": ["recency_days", "n_orders", "revenue"],
        "signed_log": ["profit"],
        "keep": ["margin_rate", "tenure_years"],
    }
    frame, _ = customers_frame()
    out = pipe.fit_transform(frame)
    pd.testing.assert_frame_equal(out[list(FEATURES)], manual_features(frame), check_exact=False, atol=1e-10)


def test_signed_log_hand_values_and_zero_scale():
    x = np.array([[-300.0, 0.0], [100.0, 0.0], [200.0, 5.0]])
    transformer = SignedLog().fit(x)
    np.testing.assert_allclose(transformer.scale_, [200.0, 1.0])
    got = transformer.transform(x)
    np.testing.assert_allclose(
        got[:, 0], np.log(np.array([-1.5, 0.5, 1.0]) + np.sqrt(np.array([1.5, 0.5, 1.0]) ** 2 + 1))
    )
    np.testing.assert_allclose(got[:, 1], np.arcsinh([0.0, 0.0, 5.0]))
    # keeps the sign, is odd and monotone
    grid = np.linspace(-1e6, 1e6, 101).reshape(-1, 1)
    out = SignedLog().fit(grid).transform(grid).ravel()
    assert np.all(np.diff(out) > 0) and np.allclose(out, -out[::-1])


def test_signed_log_keeps_pandas_column_names():
    df = pd.DataFrame({"profit": [-5.0, 1.0, 9.0]})
    out = SignedLog().set_output(transform="pandas").fit_transform(df)
    assert list(out.columns) == ["profit"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"columns": []}, "empty"),
        ({"columns": ["revenue", "revenue"]}, "more than once"),
        ({"columns": ["revenue"], "log_columns": ["profit"]}, "not among the features"),
        ({"columns": ["revenue"], "log_columns": ["revenue"], "signed_columns": ["revenue"]}, "both"),
        ({"columns": 3}, "list of column names"),
    ],
)
def test_pipeline_bad_arguments(kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        make_feature_pipeline(**kwargs)


def test_missing_column_lists_available_and_suggests():
    frame, _ = customers_frame()
    frame = frame.rename(columns={"revenue": "revenu"})
    with pytest.raises(CourseInputError, match=r"column 'revenue' not found.*did you mean 'revenu'"):
        prepare_features(frame)


def test_non_numeric_value_is_named():
    frame, _ = customers_frame()
    frame = frame.astype({"revenue": object})
    frame.iloc[2, frame.columns.get_loc("revenue")] = "12,000"
    with pytest.raises(CourseInputError, match=r"column 'revenue': 1 row is not a number: row C00003 \('12,000'\)"):
        prepare_features(frame)


def test_nan_names_column_count_and_suggests_dropping_prospects():
    frame, _ = customers_frame()
    frame.iloc[[0, 5, 7], frame.columns.get_loc("tenure_years")] = np.nan
    with pytest.raises(CourseInputError) as info:
        prepare_features(frame)
    message = str(info.value)
    assert "column 'tenure_years' is empty (NaN) in 3 of 90 rows (rows C00001, C00006, C00008)" in message
    assert "n_orders'] > 0" in message and "fillna" in message


def test_infinite_value_is_named():
    frame, _ = customers_frame()
    frame.iloc[4, frame.columns.get_loc("margin_rate")] = np.inf
    with pytest.raises(CourseInputError, match=r"column 'margin_rate': 1 row is infinite: row C00005"):
        prepare_features(frame)


def test_negative_value_in_log_column():
    frame, _ = customers_frame()
    frame.iloc[1, frame.columns.get_loc("revenue")] = -10.0
    with pytest.raises(CourseInputError, match=r"column 'revenue': 1 row is negative.*signed_columns"):
        prepare_features(frame)


def test_all_nan_column():
    frame, _ = customers_frame()
    frame["profit"] = np.nan
    with pytest.raises(CourseInputError, match="'profit'"):
        prepare_features(frame)


def test_empty_table_and_not_a_frame():
    frame, _ = customers_frame()
    with pytest.raises(CourseInputError, match="empty"):
        prepare_features(frame.iloc[:0])
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame"):
        prepare_features(frame.to_numpy())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e7, allow_nan=False),
            st.floats(-1e6, 1e6, allow_nan=False),
            st.floats(-1, 1, allow_nan=False),
        ),
        min_size=2,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_prepare_features_properties(rows, rnd):
    """Scaled columns have mean 0 and std 1 (or are all 0), and a row's features do not depend on row order."""
    df = pd.DataFrame(rows, columns=["revenue", "profit", "margin_rate"])
    got = prepare_features(df, ["revenue", "profit", "margin_rate"])
    for column in got.columns:
        values = got[column].to_numpy()
        assert abs(values.mean()) < 1e-6
        assert np.isclose(values.std(), 1.0, atol=1e-6) or np.allclose(values, 0.0)
    order = list(range(len(df)))
    rnd.shuffle(order)
    shuffled = prepare_features(df.iloc[order], ["revenue", "profit", "margin_rate"])
    pd.testing.assert_frame_equal(shuffled.loc[got.index], got, check_exact=False, atol=1e-6, rtol=1e-6)


# --------------------------------------------------------------------------- choosing k


def test_choose_k_matches_sklearn_and_finds_the_groups():
    frame, _ = customers_frame()
    X = prepare_features(frame)
    table = choose_k(X, k_range=range(2, 6))
    assert list(table.columns) == ["k", "inertia", "silhouette"]
    assert table["k"].tolist() == [2, 3, 4, 5]
    for _, row in table.iterrows():
        model = KMeans(n_clusters=int(row["k"]), random_state=0, n_init=10).fit(X)
        assert np.isclose(row["inertia"], model.inertia_)
        assert np.isclose(row["silhouette"], silhouette_score(X, model.labels_))
    assert table.loc[table["silhouette"].idxmax(), "k"] == 3
    assert table["inertia"].is_monotonic_decreasing


def test_choose_k_accepts_arrays_and_samples_the_silhouette():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(8, 1, (300, 2))])
    full = choose_k(X, k_range=[2], silhouette_sample=None)
    sampled = choose_k(X, k_range=[2], silhouette_sample=200)
    assert sampled.equals(choose_k(X, k_range=[2], silhouette_sample=200))  # deterministic
    assert abs(full.loc[0, "silhouette"] - sampled.loc[0, "silhouette"]) < 0.05
    assert full.loc[0, "inertia"] == sampled.loc[0, "inertia"]


@pytest.mark.parametrize(
    "k_range, message",
    [
        ([2, 10], r"k = 10 is larger than the data allows: there are only 6 rows"),
        ([1], "too small"),
        ([], "empty"),
        ([2.5], "whole number"),
    ],
)
def test_choose_k_bad_k(k_range, message):
    X = np.arange(12, dtype=float).reshape(6, 2)
    with pytest.raises(CourseInputError, match=message):
        choose_k(X, k_range=k_range)


def test_too_few_distinct_rows():
    X = np.array([[0.0, 0.0]] * 5 + [[1.0, 1.0]] * 5)
    with pytest.raises(CourseInputError, match="only 2 rows differ"):
        choose_k(X, k_range=[2, 3])
    with pytest.raises(CourseInputError, match="only 2 rows differ"):
        stability(X, k=3, seeds=[0, 1])
    frame = pd.DataFrame({"revenue": [1.0] * 4 + [9.0] * 4, "n_orders": [1] * 8})
    with pytest.raises(CourseInputError, match="only 2 rows differ"):
        fit_clusters(frame, ["revenue", "n_orders"], k=3)


def test_matrix_functions_do_not_modify_input():
    frame, _ = customers_frame()
    X = prepare_features(frame)
    before = X.copy()
    array = X.to_numpy().copy()
    choose_k(X, k_range=[2, 3])
    stability(X, k=3, seeds=[0, 1])
    stability(array, k=3, seeds=[0, 1])
    labels = fit_clusters(frame, k=3)
    labels_before = labels.copy()
    order_clusters(labels, frame["revenue"])
    agreement(labels, labels)
    cross_table(labels, labels)
    pd.testing.assert_frame_equal(X, before)
    np.testing.assert_array_equal(array, X.to_numpy())
    pd.testing.assert_series_equal(labels, labels_before)


def test_choose_k_bad_matrix():
    with pytest.raises(CourseInputError, match="2 rows hold NaN"):
        choose_k(np.array([[0.0, np.nan], [1.0, 1.0], [np.inf, 2.0], [3.0, 3.0]]), k_range=[2])
    with pytest.raises(CourseInputError, match="2-D"):
        choose_k(np.arange(5.0), k_range=[2])
    with pytest.raises(CourseInputError, match="DataFrame or a numpy array"):
        choose_k([[0.0, 1.0]], k_range=[2])
    with pytest.raises(CourseInputError, match=r"column 'b'.*NaN"):
        choose_k(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, np.nan, 2.0]}), k_range=[2])


# --------------------------------------------------------------------------- fitting and ordering


def test_fit_clusters_recovers_groups_and_orders_by_revenue():
    frame, truth = customers_frame()
    labels = fit_clusters(frame, k=3)
    assert labels.name == "cluster" and labels.dtype == "int64"
    assert labels.index.equals(frame.index)
    assert adjusted_rand_score(truth, labels) == 1.0
    medians = frame["revenue"].groupby(labels).median()
    assert medians.is_monotonic_decreasing  # cluster 0 is the most valuable
    # group 0 of the generator is the big one
    assert set(labels[truth == 0]) == {0}


def test_fit_clusters_labels_stable_across_seeds():
    frame, _ = customers_frame()
    runs = [fit_clusters(frame, k=3, random_state=seed) for seed in range(4)]
    for run in runs[1:]:
        pd.testing.assert_series_equal(run, runs[0])


def test_fit_clusters_matches_sklearn_up_to_order():
    frame, _ = customers_frame(seed=3)
    X = manual_features(frame)
    raw = KMeans(n_clusters=4, random_state=0, n_init=10).fit_predict(X)
    labels = fit_clusters(frame, k=4)
    assert adjusted_rand_score(raw, labels) == 1.0
    unordered = fit_clusters(frame, k=4, order_by=None)
    np.testing.assert_array_equal(unordered.to_numpy(), raw)


def test_fit_clusters_gaussian_mixture():
    frame, truth = customers_frame()
    labels = fit_clusters(frame, k=3, method="gaussian_mixture")
    assert adjusted_rand_score(truth, labels) == 1.0
    assert frame["revenue"].groupby(labels).median().is_monotonic_decreasing


def test_fit_clusters_bad_arguments():
    frame, _ = customers_frame(n_per_group=2)
    with pytest.raises(CourseInputError, match="only 6 rows"):
        fit_clusters(frame, k=7)
    with pytest.raises(CourseInputError, match="method must be one of"):
        fit_clusters(frame, k=2, method="dbscan")
    with pytest.raises(CourseInputError, match="column 'turnover' not found"):
        fit_clusters(frame, k=2, order_by="turnover")
    with pytest.raises(CourseInputError, match="whole number"):
        fit_clusters(frame, k="3")


def test_order_clusters_hand_example_and_ties():
    labels = pd.Series([7, 7, 3, 3, 1, 1], index=list("abcdef"), name="cluster")
    values = pd.Series([1.0, 3.0, 10.0, 10.0, 2.0, 2.0], index=list("abcdef"))
    # medians: 7 -> 2, 3 -> 10, 1 -> 2 (tie with 7, equal means: 7 appears first, so it ranks first)
    got = order_clusters(labels, values)
    assert got.tolist() == [1, 1, 0, 0, 2, 2]
    assert got.name == "cluster"


def test_order_clusters_errors():
    labels = pd.Series([0, 1], index=["a", "b"])
    with pytest.raises(CourseInputError, match="lacks 1 of the labelled customers"):
        order_clusters(labels, pd.Series([1.0], index=["a"]))
    with pytest.raises(CourseInputError, match="must be a pandas Series"):
        order_clusters(labels, [1.0, 2.0])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=60),
    st.permutations([0, 1, 2, 3, 4]),
)
def test_order_clusters_ignores_label_names(rows, perm):
    """Renaming the clusters never changes the ordered labels, and medians fall with the label."""
    labels = pd.Series([r[0] for r in rows])
    values = pd.Series([r[1] for r in rows])
    ordered = order_clusters(labels, values)
    renamed = order_clusters(labels.map(dict(enumerate(perm))), values)
    pd.testing.assert_series_equal(ordered, renamed)
    assert values.groupby(ordered).median().is_monotonic_decreasing
    assert sorted(ordered.unique()) == list(range(labels.nunique()))


# --------------------------------------------------------------------------- profiling and naming


def test_profile_clusters_hand_example():
    df = pd.DataFrame(
        {"revenue": [100.0, 300.0, 50.0, 50.0, 500.0], "n_orders": [2, 4, 1, 3, 9]},
        index=["a", "b", "c", "d", "e"],
    )
    labels = pd.Series([0, 0, 1, 1, 2], index=["a", "b", "c", "d", "e"])
    got = profile_clusters(df, labels, ["revenue", "n_orders"])
    expected = pd.DataFrame(
        {
            "size": [2, 2, 1],
            "share": [0.4, 0.4, 0.2],
            "median_revenue": [200.0, 50.0, 500.0],
            "median_n_orders": [3.0, 2.0, 9.0],
            "revenue_share": [0.4, 0.1, 0.5],
        },
        index=pd.Index([0, 1, 2], name="cluster"),
    )
    pd.testing.assert_frame_equal(got, expected)


def test_profile_clusters_only_labelled_rows_and_profit_share():
    frame, _ = customers_frame()
    labels = fit_clusters(frame, k=3).iloc[:60]
    got = profile_clusters(frame, labels, value="profit")
    assert got["size"].sum() == 60 and np.isclose(got["share"].sum(), 1.0)
    assert np.isclose(got["profit_share"].sum(), 1.0)
    expected = frame.loc[labels.index, "profit"].groupby(labels).median()
    np.testing.assert_allclose(got["median_profit"], expected)


def test_profile_clusters_bad_labels():
    frame, _ = customers_frame()
    with pytest.raises(CourseInputError, match="not rows of 'customers'"):
        profile_clusters(frame, pd.Series([0, 1], index=["C00001", "X9"]))
    with pytest.raises(CourseInputError, match="2 missing values"):
        profile_clusters(frame, pd.Series([0, np.nan, np.nan], index=frame.index[:3]))
    with pytest.raises(CourseInputError, match="must be a pandas Series"):
        profile_clusters(frame, np.zeros(len(frame)))
    with pytest.raises(CourseInputError, match="repeats customer ids"):
        profile_clusters(frame, pd.Series([0, 1], index=["C00001", "C00001"]))
    with pytest.raises(CourseInputError, match="column 'revenue' not found"):
        profile_clusters(frame.drop(columns="revenue"), pd.Series([0], index=["C00001"]), ["n_orders"])


def test_name_clusters_rules():
    df = pd.DataFrame(
        {
            "recency_days": [10, 12, 800, 900, 5, 6, 15, 18, 16, 17, 11, 14],
            "n_orders": [30, 40, 2, 1, 5, 6, 2, 3, 1, 1, 20, 25],
            "revenue": [9e5, 8e5, 900.0, 500.0, 5e3, 6e3, 7e4, 8e4, 300.0, 200.0, 5e5, 6e5],
            "profit": [9e4, 8e4, 10.0, 20.0, -300.0, -200.0, 5e3, 6e3, 5.0, 4.0, 4e4, 5e4],
            "tenure_years": [6.0, 5.0, 4.0, 5.0, 4.0, 5.0, 4.0, 5.0, 0.2, 0.1, 5.0, 6.0],
        }
    )
    labels = pd.Series([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    names = name_clusters(df, labels)
    # cluster 0's median revenue (850,000) is above the 90th percentile (780,000): key accounts first
    assert names.tolist() == [
        "Key accounts",
        "Lapsed",
        "Loss-making",
        "High value, occasional",
        "New",
        "High value, frequent",
    ]
    assert names.index.name == "cluster" and names.name == "name"


def test_name_clusters_low_value():
    df = pd.DataFrame(
        {
            "recency_days": [10, 10, 10, 10],
            "n_orders": [10, 20, 15, 1],
            "revenue": [100.0, 200.0, 10.0, 20.0],
            "profit": [1.0, 1.0, 1.0, 1.0],
            "tenure_years": [2.0, 2.0, 2.0, 2.0],
        }
    )
    names = name_clusters(df, pd.Series([0, 0, 1, 2]))
    assert names.tolist() == ["High value, frequent", "Low value, frequent", "Low value, occasional"]


def test_name_clusters_unique_names():
    df = pd.DataFrame(
        {
            "recency_days": [10] * 6,
            "n_orders": [9, 9, 1, 1, 2, 2],
            "revenue": [900.0, 800.0, 10.0, 20.0, 30.0, 40.0],
            "profit": [1.0] * 6,
            "tenure_years": [3.0] * 6,
        }
    )
    names = name_clusters(df, pd.Series([0, 0, 1, 1, 2, 2]))
    assert names.tolist() == ["High value, frequent", "Low value, occasional", "Low value, occasional (2)"]


def test_name_clusters_key_accounts():
    n = 20
    df = pd.DataFrame(
        {
            "recency_days": [10] * n,
            "n_orders": list(range(1, n + 1)),
            "revenue": [1e3] * 17 + [1e6, 2e6, 3e6],
            "profit": [1.0] * n,
            "tenure_years": [3.0] * n,
        }
    )
    labels = pd.Series([1] * 17 + [0] * 3)
    assert name_clusters(df, labels).tolist() == ["Key accounts", "Low value, occasional"]


# --------------------------------------------------------------------------- comparing


def test_agreement_matches_sklearn_and_aligns_on_index():
    rng = np.random.default_rng(0)
    ids = [f"C{i}" for i in range(200)]
    a = pd.Series(rng.integers(0, 4, 200), index=ids)
    b = pd.Series(rng.choice(["strategic", "important", "general"], 200), index=ids)
    expected = adjusted_rand_score(a.to_numpy(), b.to_numpy())
    assert np.isclose(agreement(a, b), expected)
    shuffled = b.sample(frac=1.0, random_state=1)
    assert np.isclose(agreement(a, shuffled), expected)
    # extra customers on one side are ignored
    assert np.isclose(agreement(a, pd.concat([b, pd.Series(["x"], index=["Z"])])), expected)
    assert agreement(a, a.map({0: "w", 1: "x", 2: "y", 3: "z"})) == 1.0


def test_agreement_categorical_and_errors():
    a = pd.Series([0, 0, 1, 1], index=list("abcd"))
    tiers = pd.Series(pd.Categorical(["general", "general", "strategic", "strategic"]), index=list("abcd"))
    assert agreement(a, tiers) == 1.0
    with pytest.raises(CourseInputError, match="share no customer id"):
        agreement(a, pd.Series([1, 2], index=["x", "y"]))
    with pytest.raises(CourseInputError, match="'other' has 1 missing"):
        agreement(a, pd.Series([1, None, 2, 2], index=list("abcd")))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=50), st.permutations([0, 1, 2, 3]))
def test_agreement_ignores_label_names(values, perm):
    a = pd.Series(values)
    assert np.isclose(agreement(a, a.map(dict(enumerate(perm)))), 1.0)


def test_cross_table_counts():
    a = pd.Series([0, 0, 1, 1, 1], index=list("abcde"), name="cluster")
    b = pd.Series(["s", "g", "g", "g", "s"], index=list("edcba"), name="tier")
    got = cross_table(a, b)
    # aligned by id: a->s, b->g, c->g, d->g, e->s
    assert got.loc[0, "s"] == 1 and got.loc[0, "g"] == 1
    assert got.loc[1, "g"] == 2 and got.loc[1, "s"] == 1
    shares = cross_table(a, b, normalize="index")
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_stability_pairs_and_values():
    frame, _ = customers_frame()
    X = prepare_features(frame)
    table = stability(X, k=3, seeds=range(4))
    assert list(table.columns) == ["seed_a", "seed_b", "ari"]
    assert list(zip(table.seed_a, table.seed_b, strict=False)) == list(itertools.combinations(range(4), 2))
    assert (table["ari"] == 1.0).all()  # well separated groups: every run agrees
    # a matrix without structure is unstable across subsamples
    noise = np.random.default_rng(0).normal(size=(300, 2))
    noisy = stability(noise, k=6, seeds=range(5), subsample=0.5, n_init=1)
    assert noisy["ari"].mean() < 0.95


def test_stability_matches_a_direct_computation():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(120, 3))
    got = stability(X, k=3, seeds=[1, 2], subsample=0.5, n_init=2)
    runs = []
    for seed in (1, 2):
        rows = np.random.default_rng(seed).choice(120, size=60, replace=False)
        runs.append(KMeans(3, random_state=seed, n_init=2).fit(X[rows]).predict(X))
    assert np.isclose(got.loc[0, "ari"], adjusted_rand_score(*runs))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"seeds": [0]}, "at least two distinct seeds"),
        ({"seeds": [0, 0, 1]}, "at least two distinct seeds"),
        ({"subsample": 0}, r"in \(0, 1\]"),
        ({"subsample": 1.5}, r"in \(0, 1\]"),
        ({"k": 9, "subsample": 0.5}, "larger than the data allows"),
    ],
)
def test_stability_bad_arguments(kwargs, message):
    X = np.random.default_rng(0).normal(size=(16, 2))
    args = {"k": 2, "seeds": [0, 1]} | kwargs
    with pytest.raises(CourseInputError, match=message):
        stability(X, **args)
