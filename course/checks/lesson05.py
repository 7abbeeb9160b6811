"""Checks for Exercise 05, clustering customers (聚类分群).

Each function recomputes the expected answer from the database it is given
with the tested :mod:`course.clustering` functions (buying customers of
``course.customers.customer_table(db, asof="2025-12-31")``; features recency,
frequency, revenue, margin rate, profit and tenure), so the checks hold for
any seed and size. Cluster numbers are arbitrary, so answers about clusters
are compared as partitions (adjusted Rand index) or as sorted values, never
label by label. When an answer is wrong, the message names the likeliest
mistake: prospects kept, no log transform, no scaling, raw ``arcsinh`` of
profit, the wrong ``n_init``, the mean instead of the median…

Examples
--------
>>> from course.checks import lesson05 as check
>>> check.q1(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `X` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, rand_score

from course.checks import (
    answered,
    as_series,
    check_columns,
    check_frame,
    check_number,
    fail,
    matches_frame,
    matches_number,
    mistake_hint,
    passed,
)
from course.clustering import agreement, choose_k, fit_clusters, prepare_features
from course.customers import customer_table
from course.data import DEFAULT_ASOF
from course.tiers import tier_customers

__all__ = ["ASOF", "FEATURES", "K_RANGE", "MIN_K", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]

#: The day of the analysis in every exercise database.
ASOF = pd.Timestamp(DEFAULT_ASOF)

#: The six features of the exercise, in this order.
FEATURES = ["recency_days", "n_orders", "revenue", "margin_rate", "profit", "tenure_years"]

#: The values of k tried in Question 2.
K_RANGE = range(2, 9)

#: Question 3 picks the best k among k >= MIN_K (two clusters are too coarse to act on).
MIN_K = 3

#: Two labelings count as the same partition from this ARI on (a float rounding
#: difference may move one borderline customer).
SAME_PARTITION = 0.995

_PROSPECT_HINT = (
    "keep the buying customers only: `buyers = table[table['n_orders'] > 0]` (prospects have no recency, "
    "tenure or margin rate)."
)


# --------------------------------------------------------------------------- expected answers


def _buyers(db, asof: object = ASOF) -> pd.DataFrame:
    table = customer_table(db, asof=asof)
    return table[table["n_orders"] > 0]


def _features(buyers: pd.DataFrame, **kwargs) -> pd.DataFrame:
    return prepare_features(buyers, FEATURES, **kwargs)


def _k_scores(buyers: pd.DataFrame, *, n_init: int = 10) -> pd.DataFrame:
    return choose_k(_features(buyers), K_RANGE, random_state=0, n_init=n_init)


def _best_k(scores: pd.DataFrame) -> int:
    allowed = scores[scores["k"] >= MIN_K]
    return int(allowed.loc[allowed["silhouette"].idxmax(), "k"])


def _labels(buyers: pd.DataFrame, k: int) -> pd.Series:
    return fit_clusters(buyers, FEATURES, k=k, random_state=0)


# --------------------------------------------------------------------------- questions


def q1(X: object, db) -> None:
    """Question 1: the scaled feature matrix of the buying customers."""
    answered(X, name="X", question="1")
    table = customer_table(db, asof=ASOF)
    buyers = table[table["n_orders"] > 0]
    expected = _features(buyers)
    fix = (
        "log1p of recency_days, n_orders and revenue; profit → np.arcsinh(profit / profit.abs().median()); "
        "margin_rate and tenure_years unchanged; then StandardScaler on all six. "
        "(course.clustering.prepare_features(buyers, features) does all of it.)"
    )
    if isinstance(X, np.ndarray):
        raise fail(
            "1",
            f"`X` is a numpy array; a DataFrame indexed by customer_id is expected (shape {expected.shape}).",
            "wrap it: `pd.DataFrame(scaler.fit_transform(...), index=buyers.index, columns=features)`.",
        )
    if not isinstance(X, pd.DataFrame):
        raise fail("1", f"`X` should be a DataFrame, got {type(X).__name__}.", fix)
    missing = [c for c in FEATURES if c not in X.columns]
    if missing:
        raise fail(
            "1", f"`X` lacks the column(s) {', '.join(map(repr, missing))}.", f"use the six features {FEATURES}."
        )
    values = X[FEATURES]
    if len(values) == len(table) and len(table) != len(buyers):
        raise fail(
            "1",
            f"`X` has {len(values):,} rows, one per customer including prospects; "
            f"{len(buyers):,} buying customers were expected.",
            _PROSPECT_HINT,
        )
    if len(values) != len(buyers):
        raise fail(
            "1", f"`X` has {len(values):,} rows; {len(buyers):,} (the buying customers) were expected.", _PROSPECT_HINT
        )
    numeric = values.apply(pd.to_numeric, errors="coerce")
    if numeric.isna().any().any():
        column = numeric.columns[numeric.isna().any()][0]
        raise fail(
            "1",
            f"`X` has empty (NaN) values, e.g. in column {column!r}.",
            "log1p of a negative number is NaN: transform profit with arcsinh, not log1p. "
            "Prospects must be dropped too.",
        )
    if not values.index.equals(expected.index) and set(values.index) != set(expected.index):
        if np.allclose(numeric.to_numpy(), expected.to_numpy(), rtol=1e-3, atol=1e-6):
            raise fail(
                "1",
                "the values are right but the index is not the customer ids.",
                "pass `index=buyers.index` when you build the DataFrame.",
            )
    if matches_frame(values, expected, rtol=1e-3):
        passed("1", "`X` is right.")
        return
    means, stds = numeric.mean(), numeric.std(ddof=0)
    hint = mistake_hint(
        [
            (
                lambda: (means.abs() > 1e-3).any() or ((stds - 1).abs() > 1e-2).any(),
                "each column should have mean 0 and standard deviation 1: apply StandardScaler() last.",
            ),
            (
                lambda: matches_frame(values, _features(buyers, log_columns=[]), rtol=1e-3),
                "apply np.log1p to recency_days, n_orders and revenue before scaling.",
            ),
            (
                lambda: matches_frame(
                    values, _features(buyers.assign(profit=np.arcsinh(buyers["profit"])), signed_columns=[]), rtol=1e-3
                ),
                "divide profit by its median absolute value BEFORE arcsinh: np.arcsinh(profit / profit.abs().median()).",
            ),
            (
                lambda: matches_frame(values, _features(buyers, signed_columns=[]), rtol=1e-3),
                "profit needs a sign-preserving log: np.arcsinh(profit / profit.abs().median()).",
            ),
            (
                lambda: matches_frame(values, _features(_buyers(db, asof=None)), rtol=1e-3),
                "compute the customer table as of 2025-12-31: customer_table(db, asof='2025-12-31').",
            ),
        ],
        fix,
    )
    check_frame(values, expected, name="X", question="1", rtol=1e-3, hint=hint)


def q2(k_scores: object, db) -> None:
    """Question 2: inertia and silhouette of k-means for k = 2..8."""
    answered(k_scores, name="k_scores", question="2")
    buyers = _buyers(db)
    expected = _k_scores(buyers)
    fix = (
        "for k in range(2, 9): model = KMeans(n_clusters=k, random_state=0, n_init=10).fit(X); keep k, "
        "model.inertia_ and silhouette_score(X, model.labels_) — or course.clustering.choose_k(X)."
    )
    if not isinstance(k_scores, pd.DataFrame):
        raise fail(
            "2",
            f"`k_scores` should be a DataFrame with columns 'k', 'inertia', 'silhouette', "
            f"got {type(k_scores).__name__}.",
            fix,
        )
    check_columns(k_scores, ["k", "inertia", "silhouette"], name="k_scores", question="2", hint=fix)
    ks = sorted(pd.to_numeric(k_scores["k"], errors="coerce").tolist())
    if ks != list(K_RANGE):
        raise fail("2", f"`k_scores` covers k = {ks}; k = 2, 3, …, 8 was expected.", "loop over range(2, 9).")
    got = k_scores.set_index(pd.to_numeric(k_scores["k"]).astype("int64"))[["inertia", "silhouette"]]
    want = expected.set_index("k")[["inertia", "silhouette"]]
    if matches_frame(got, want, rtol=1e-3):
        passed("2", "`k_scores` is right.")
        return
    inertia_ok = matches_frame(got, want, columns=["inertia"], rtol=1e-3)
    hint = mistake_hint(
        [
            (
                lambda: inertia_ok,
                "the inertia is right; the silhouette is silhouette_score(X, model.labels_) on the scaled features X.",
            ),
            (
                lambda: matches_frame(
                    got, _k_scores(buyers, n_init=1).set_index("k")[["inertia", "silhouette"]], rtol=1e-3
                ),
                "keep the best of 10 starts: KMeans(..., random_state=0, n_init=10).",
            ),
        ],
        fix + " Check Question 1 first: the scores are computed on its `X`.",
    )
    check_frame(got, want, name="k_scores", question="2", rtol=1e-3, hint=hint)


def q3(best_k: object, db) -> None:
    """Question 3: the k >= 3 with the highest silhouette."""
    answered(best_k, name="best_k", question="3")
    scores = _k_scores(_buyers(db))
    expected = _best_k(scores)
    by_k = scores.set_index("k")
    hint = mistake_hint(
        [
            (
                lambda: (
                    matches_number(best_k, int(by_k["silhouette"].idxmax()))
                    and int(by_k["silhouette"].idxmax()) < MIN_K
                ),
                f"two clusters are excluded: look only at k >= {MIN_K}.",
            ),
            (
                lambda: matches_number(best_k, int(by_k.loc[by_k.index >= MIN_K, "silhouette"].idxmin())),
                "that is the LOWEST silhouette; take the highest.",
            ),
            (
                lambda: matches_number(best_k, int(by_k["inertia"].idxmin())),
                "inertia always falls as k grows; choose k by the silhouette.",
            ),
        ],
        "best_k = the k (3 to 8) whose silhouette in `k_scores` is highest, e.g. with .idxmax().",
    )
    if isinstance(best_k, (float, np.floating)) and float(best_k).is_integer():
        best_k = int(best_k)
    check_number(best_k, expected, name="best_k", question="3", hint=hint)


def q4(labels: object, db) -> None:
    """Question 4: k-means labels with k = best_k, random_state=0, n_init=10 (any numbering)."""
    answered(labels, name="labels", question="4")
    buyers = _buyers(db)
    k = _best_k(_k_scores(buyers))
    expected = _labels(buyers, k)
    fix = (
        "model = KMeans(n_clusters=best_k, random_state=0, n_init=10).fit(X); "
        "labels = pd.Series(model.labels_, index=X.index)."
    )
    if isinstance(labels, np.ndarray):
        raise fail(
            "4",
            "`labels` is a numpy array; a Series indexed by customer_id is expected.",
            "wrap it: `pd.Series(model.labels_, index=X.index)`.",
        )
    if not isinstance(labels, pd.Series):
        raise fail("4", f"`labels` should be a pandas Series, got {type(labels).__name__}.", fix)
    if len(labels) != len(expected):
        raise fail(
            "4",
            f"`labels` has {len(labels):,} values; {len(expected):,} (one per buying customer) were expected.",
            _PROSPECT_HINT,
        )
    if set(labels.index) != set(expected.index):
        raise fail("4", "`labels` is not indexed by the buying customers' ids.", "use `index=X.index`.")
    if labels.isna().any():
        raise fail("4", f"`labels` has {int(labels.isna().sum())} empty values.", fix)
    n_clusters = labels.nunique()
    if n_clusters != k:
        raise fail(
            "4",
            f"`labels` has {n_clusters} clusters; best_k = {k} were expected.",
            "use n_clusters=best_k from Question 3.",
        )
    ari = adjusted_rand_score(expected.to_numpy(), labels.loc[expected.index].to_numpy())
    if ari < SAME_PARTITION:
        raise fail(
            "4",
            f"`labels` is a different partition (ARI with the expected one = {ari:.3f}).",
            fix + " Fit on the scaled features of Question 1, not on the raw table.",
        )
    passed("4", f"`labels` is right ({k} clusters; the numbering of the clusters does not matter).")


def q5(sizes: object, db) -> None:
    """Question 5: the number of customers in each cluster (compared as sorted counts)."""
    answered(sizes, name="sizes", question="5")
    buyers = _buyers(db)
    expected = _labels(buyers, _best_k(_k_scores(buyers))).value_counts()
    want = sorted(expected.tolist(), reverse=True)
    fix = "sizes = labels.value_counts()."
    sizes = as_series(sizes)
    if not isinstance(sizes, pd.Series):
        raise fail("5", f"`sizes` should be a pandas Series (cluster → customers), got {type(sizes).__name__}.", fix)
    try:
        got = sorted((float(v) for v in sizes.tolist()), reverse=True)
    except (TypeError, ValueError):
        raise fail("5", "`sizes` should hold numbers of customers.", fix) from None
    if len(got) == len(want) and np.allclose(got, want):
        passed("5", "`sizes` is right (cluster numbering aside).")
        return
    total = float(np.sum(got)) if got else 0.0
    if len(got) == len(want) and np.isclose(total, 1.0):
        raise fail(
            "5",
            "`sizes` holds shares that sum to 1; the numbers of customers were expected.",
            "drop normalize=True: labels.value_counts().",
        )
    raise fail(
        "5", f"`sizes` (sorted) = {[round(v) for v in got][:10]}; expected {want}.", fix + " Check Question 4 first."
    )


def q6(top_median_revenue: object, db) -> None:
    """Question 6: the highest median revenue (yuan) of any cluster."""
    name = "top_median_revenue"
    answered(top_median_revenue, name=name, question="6")
    buyers = _buyers(db)
    labels = _labels(buyers, _best_k(_k_scores(buyers)))
    revenue = buyers["revenue"]
    by_cluster = revenue.groupby(labels)
    expected = float(by_cluster.median().max())
    value = top_median_revenue
    hint = mistake_hint(
        [
            (
                lambda: matches_number(value, by_cluster.mean().max()),
                "use the median revenue of each cluster, not the mean.",
            ),
            (
                lambda: any(matches_number(value, m) for m in by_cluster.median().drop(by_cluster.median().idxmax())),
                "that is another cluster: take the cluster with the HIGHEST median (k-means numbers are arbitrary).",
            ),
            (
                lambda: matches_number(value, by_cluster.sum().max()),
                "that is the total; take the median of each cluster.",
            ),
            (
                lambda: (
                    matches_number(value, np.log1p(by_cluster.median().max()), rtol=1e-3)
                    or matches_number(value, by_cluster.median().apply(np.log1p).max(), rtol=1e-3)
                ),
                "give the revenue in yuan from the customer table, not its log.",
            ),
            (
                lambda: abs(float(value)) < 20,
                "give the revenue in yuan from the customer table (`buyers['revenue']`), not the scaled feature.",
            ),
        ],
        "medians = buyers['revenue'].groupby(labels).median(); top_median_revenue = medians.max().",
    )
    check_number(value, expected, name=name, question="6", rtol=1e-6, hint=hint)


def q7(ari_tiers: object, db) -> None:
    """Question 7: adjusted Rand index between the clusters and the rule-based tiers."""
    answered(ari_tiers, name="ari_tiers", question="7")
    table = customer_table(db, asof=ASOF)
    buyers = table[table["n_orders"] > 0]
    labels = _labels(buyers, _best_k(_k_scores(buyers)))
    tiers = tier_customers(table)["tier"]
    expected = agreement(labels, tiers)
    aligned = tiers.loc[labels.index].astype("object").to_numpy()
    value = ari_tiers
    hint = mistake_hint(
        [
            (
                lambda: matches_number(value, rand_score(labels.to_numpy(), aligned)),
                "that is the plain Rand index; use adjusted_rand_score (corrected for chance).",
            ),
            (
                lambda: matches_number(value, 1.0),
                "an ARI of 1 means identical groupings; compare the clusters with the tiers.",
            ),
        ],
        "tiers = tier_customers(table)['tier']; ari_tiers = adjusted_rand_score(labels, tiers.loc[labels.index]).",
    )
    check_number(value, expected, name="ari_tiers", question="7", rtol=1e-6, hint=hint)
