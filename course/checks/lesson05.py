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
    as_series,
    check_columns,
    check_frame,
    check_number,
    fail,
    matches_frame,
    matches_number,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, buyers, customers
from course.clustering import agreement, choose_k, fit_clusters, prepare_features
from course.i18n import N_
from course.i18n import gettext as _
from course.tiers import tier_customers

__all__ = ["ASOF", "FEATURES", "K_RANGE", "MIN_K", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]

#: The six features of the exercise, in this order.
FEATURES = ["recency_days", "n_orders", "revenue", "margin_rate", "profit", "tenure_years"]

#: The values of k tried in Question 2.
K_RANGE = range(2, 9)

#: Question 3 picks the best k among k >= MIN_K (two clusters are too coarse to act on).
MIN_K = 3

#: Two labelings count as the same partition from this ARI on (a float rounding
#: difference may move one borderline customer).
SAME_PARTITION = 0.995

_PROSPECT_HINT = N_(
    "keep the buying customers only: `buyers = table[table['n_orders'] > 0]` (prospects have no recency, "
    "tenure or margin rate)."
)


# --------------------------------------------------------------------------- expected answers


def _buyers(db, asof: object = ASOF) -> pd.DataFrame:
    return buyers(customers(db, asof))


def _features(chosen: pd.DataFrame, **kwargs) -> pd.DataFrame:
    return prepare_features(chosen, FEATURES, **kwargs)


def _k_scores(chosen: pd.DataFrame, *, n_init: int = 10) -> pd.DataFrame:
    return choose_k(_features(chosen), K_RANGE, random_state=0, n_init=n_init)


def _best_k(scores: pd.DataFrame) -> int:
    allowed = scores[scores["k"] >= MIN_K]
    return int(allowed.loc[allowed["silhouette"].idxmax(), "k"])


def _labels(chosen: pd.DataFrame, k: int) -> pd.Series:
    return fit_clusters(chosen, FEATURES, k=k, random_state=0)


def _clusters(chosen: pd.DataFrame) -> tuple[int, pd.Series]:
    """The best k of Question 3 and the labels of Question 4, for the buying customers ``chosen``."""
    k = _best_k(_k_scores(chosen))
    return k, _labels(chosen, k)


# --------------------------------------------------------------------------- questions


def _feature_values(X: object, table: pd.DataFrame, chosen: pd.DataFrame, expected: pd.DataFrame, fix: str):
    """The six feature columns of ``X`` as given and as numbers; raise when ``X`` has the wrong shape."""
    if isinstance(X, np.ndarray):
        raise fail(
            _("`X` is a numpy array; a DataFrame indexed by customer_id is expected (shape {shape}).").format(
                shape=expected.shape
            ),
            _("wrap it: `pd.DataFrame(scaler.fit_transform(...), index=buyers.index, columns=features)`."),
        )
    if not isinstance(X, pd.DataFrame):
        raise fail(_("`X` should be a DataFrame, got {type}.").format(type=type(X).__name__), fix)
    missing = [c for c in FEATURES if c not in X.columns]
    if missing:
        raise fail(
            _("`X` lacks the column(s) {missing}.").format(missing=", ".join(map(repr, missing))),
            _("use the six features {features}.").format(features=FEATURES),
        )
    values = X[FEATURES]
    if len(values) == len(table) and len(table) != len(chosen):
        raise fail(
            _(
                "`X` has {rows} rows, one per customer including prospects; {expected} buying customers were expected."
            ).format(rows=f"{len(values):,}", expected=f"{len(chosen):,}"),
            _(_PROSPECT_HINT),
        )
    if len(values) != len(chosen):
        raise fail(
            _("`X` has {rows} rows; {expected} (the buying customers) were expected.").format(
                rows=f"{len(values):,}", expected=f"{len(chosen):,}"
            ),
            _(_PROSPECT_HINT),
        )
    numeric = values.apply(pd.to_numeric, errors="coerce")
    if numeric.isna().any().any():
        column = numeric.columns[numeric.isna().any()][0]
        raise fail(
            _("`X` has empty (NaN) values, e.g. in column {column}.").format(column=repr(column)),
            _(
                "log1p of a negative number is NaN: transform profit with arcsinh, not log1p. "
                "Prospects must be dropped too."
            ),
        )
    if (
        not values.index.equals(expected.index)
        and set(values.index) != set(expected.index)
        and np.allclose(numeric.to_numpy(), expected.to_numpy(), rtol=1e-3, atol=1e-6)
    ):
        raise fail(
            _("the values are right but the index is not the customer ids."),
            _("pass `index=buyers.index` when you build the DataFrame."),
        )
    return values, numeric


def _feature_hint(values: pd.DataFrame, numeric: pd.DataFrame, chosen: pd.DataFrame, db, fix: str) -> str:
    means, stds = numeric.mean(), numeric.std(ddof=0)
    raw_arcsinh = chosen.assign(profit=np.arcsinh(chosen["profit"]))
    return mistake_hint(
        [
            (
                lambda: (means.abs() > 1e-3).any() or ((stds - 1).abs() > 1e-2).any(),
                _("each column should have mean 0 and standard deviation 1: apply StandardScaler() last."),
            ),
            (
                lambda: matches_frame(values, _features(chosen, log_columns=[]), rtol=1e-3),
                _("apply np.log1p to recency_days, n_orders and revenue before scaling."),
            ),
            (
                lambda: matches_frame(values, _features(raw_arcsinh, signed_columns=[]), rtol=1e-3),
                _(
                    "divide profit by its median absolute value BEFORE arcsinh: "
                    "np.arcsinh(profit / profit.abs().median())."
                ),
            ),
            (
                lambda: matches_frame(values, _features(chosen, signed_columns=[]), rtol=1e-3),
                _("profit needs a sign-preserving log: np.arcsinh(profit / profit.abs().median())."),
            ),
            (
                lambda: matches_frame(values, _features(_buyers(db, asof=None)), rtol=1e-3),
                _("compute the customer table as of 2025-12-31: customer_table(db, asof='2025-12-31')."),
            ),
        ],
        fix,
    )


@question(N_("the scaled feature matrix of the buying customers"))
def q1(X: object, db) -> None:
    table = customers(db)
    chosen = buyers(table)
    expected = _features(chosen)
    fix = _(
        "log1p of recency_days, n_orders and revenue; profit → np.arcsinh(profit / profit.abs().median()); "
        "margin_rate and tenure_years unchanged; then StandardScaler on all six. "
        "(course.clustering.prepare_features(buyers, features) does all of it.)"
    )
    values, numeric = _feature_values(X, table, chosen, expected, fix)
    if matches_frame(values, expected, rtol=1e-3):
        return
    check_frame(values, expected, rtol=1e-3, hint=_feature_hint(values, numeric, chosen, db, fix))


@question(N_("inertia and silhouette for k = 2..8"))
def q2(k_scores: object, db) -> None:
    chosen = _buyers(db)
    expected = _k_scores(chosen)
    fix = _(
        "for k in range(2, 9): model = KMeans(n_clusters=k, random_state=0, n_init=10).fit(X); keep k, "
        "model.inertia_ and silhouette_score(X, model.labels_) — or course.clustering.choose_k(X)."
    )
    if not isinstance(k_scores, pd.DataFrame):
        raise fail(
            _("`k_scores` should be a DataFrame with columns 'k', 'inertia', 'silhouette', got {type}.").format(
                type=type(k_scores).__name__
            ),
            fix,
        )
    check_columns(k_scores, ["k", "inertia", "silhouette"], hint=fix)
    ks = sorted(pd.to_numeric(k_scores["k"], errors="coerce").tolist())
    if ks != list(K_RANGE):
        raise fail(
            _("`k_scores` covers k = {ks}; k = 2, 3, …, 8 was expected.").format(ks=ks), _("loop over range(2, 9).")
        )
    got = k_scores.set_index(pd.to_numeric(k_scores["k"]).astype("int64"))[["inertia", "silhouette"]]
    want = expected.set_index("k")[["inertia", "silhouette"]]
    if matches_frame(got, want, rtol=1e-3):
        return
    inertia_ok = matches_frame(got, want, columns=["inertia"], rtol=1e-3)
    hint = mistake_hint(
        [
            (
                lambda: inertia_ok,
                _(
                    "the inertia is right; the silhouette is silhouette_score(X, model.labels_) on "
                    "the scaled features X."
                ),
            ),
            (
                lambda: matches_frame(
                    got, _k_scores(chosen, n_init=1).set_index("k")[["inertia", "silhouette"]], rtol=1e-3
                ),
                _("keep the best of 10 starts: KMeans(..., random_state=0, n_init=10)."),
            ),
        ],
        fix + _(" Check Question 1 first: the scores are computed on its `X`."),
    )
    check_frame(got, want, rtol=1e-3, hint=hint)


@question(N_("the k (3 to 8) with the highest silhouette"))
def q3(best_k: object, db) -> None:
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
                _("two clusters are excluded: look only at k >= {min_k}.").format(min_k=MIN_K),
            ),
            (
                lambda: matches_number(best_k, int(by_k.loc[by_k.index >= MIN_K, "silhouette"].idxmin())),
                _("that is the LOWEST silhouette; take the highest."),
            ),
            (
                lambda: matches_number(best_k, int(by_k["inertia"].idxmin())),
                _("inertia always falls as k grows; choose k by the silhouette."),
            ),
        ],
        _("best_k = the k (3 to 8) whose silhouette in `k_scores` is highest, e.g. with .idxmax()."),
    )
    if isinstance(best_k, (float, np.floating)) and float(best_k).is_integer():
        best_k = int(best_k)
    check_number(best_k, expected, hint=hint)


@question(N_("k-means labels for k = best_k"))
def q4(labels: object, db) -> str:
    k, expected = _clusters(_buyers(db))
    fix = _(
        "model = KMeans(n_clusters=best_k, random_state=0, n_init=10).fit(X); "
        "labels = pd.Series(model.labels_, index=X.index)."
    )
    if isinstance(labels, np.ndarray):
        raise fail(
            _("`labels` is a numpy array; a Series indexed by customer_id is expected."),
            _("wrap it: `pd.Series(model.labels_, index=X.index)`."),
        )
    if not isinstance(labels, pd.Series):
        raise fail(_("`labels` should be a pandas Series, got {type}.").format(type=type(labels).__name__), fix)
    if len(labels) != len(expected):
        raise fail(
            _("`labels` has {count} values; {expected} (one per buying customer) were expected.").format(
                count=f"{len(labels):,}", expected=f"{len(expected):,}"
            ),
            _(_PROSPECT_HINT),
        )
    if set(labels.index) != set(expected.index):
        raise fail(_("`labels` is not indexed by the buying customers' ids."), _("use `index=X.index`."))
    if labels.isna().any():
        raise fail(_("`labels` has {count} empty values.").format(count=int(labels.isna().sum())), fix)
    n_clusters = labels.nunique()
    if n_clusters != k:
        raise fail(
            _("`labels` has {count} clusters; best_k = {k} were expected.").format(count=n_clusters, k=k),
            _("use n_clusters=best_k from Question 3."),
        )
    ari = adjusted_rand_score(expected.to_numpy(), labels.loc[expected.index].to_numpy())
    if ari < SAME_PARTITION:
        raise fail(
            _("`labels` is a different partition (ARI with the expected one = {ari}).").format(ari=f"{ari:.3f}"),
            fix + _(" Fit on the scaled features of Question 1, not on the raw table."),
        )
    return _("`labels` is right ({k} clusters; the numbering of the clusters does not matter).").format(k=k)


@question(N_("the number of customers in each cluster"))
def q5(sizes: object, db) -> str:
    expected = _clusters(_buyers(db))[1].value_counts()
    want = sorted(expected.tolist(), reverse=True)
    fix = _("sizes = labels.value_counts().")
    sizes = as_series(sizes)
    if not isinstance(sizes, pd.Series):
        raise fail(
            _("`sizes` should be a pandas Series (cluster → customers), got {type}.").format(type=type(sizes).__name__),
            fix,
        )
    try:
        got = sorted((float(v) for v in sizes.tolist()), reverse=True)
    except (TypeError, ValueError):
        raise fail(_("`sizes` should hold numbers of customers."), fix) from None
    if len(got) == len(want) and np.allclose(got, want):
        return _("`sizes` is right (cluster numbering aside).")
    total = float(np.sum(got)) if got else 0.0
    if len(got) == len(want) and np.isclose(total, 1.0):
        raise fail(
            _("`sizes` holds shares that sum to 1; the numbers of customers were expected."),
            _("drop normalize=True: labels.value_counts()."),
        )
    raise fail(
        _("`sizes` (sorted) = {got}; expected {expected}.").format(
            got=[round(v) if np.isfinite(v) else v for v in got][:10], expected=want
        ),
        fix + _(" Check Question 4 first."),
    )


@question(N_("the median revenue of the most valuable cluster"))
def q6(top_median_revenue: object, db) -> None:
    chosen = _buyers(db)
    labels = _clusters(chosen)[1]
    revenue = chosen["revenue"]
    by_cluster = revenue.groupby(labels)
    expected = float(by_cluster.median().max())
    value = top_median_revenue
    hint = mistake_hint(
        [
            (
                lambda: matches_number(value, by_cluster.mean().max()),
                _("use the median revenue of each cluster, not the mean."),
            ),
            (
                lambda: any(matches_number(value, m) for m in by_cluster.median().drop(by_cluster.median().idxmax())),
                _("that is another cluster: take the cluster with the HIGHEST median (k-means numbers are arbitrary)."),
            ),
            (
                lambda: matches_number(value, by_cluster.sum().max()),
                _("that is the total; take the median of each cluster."),
            ),
            (
                lambda: (
                    matches_number(value, np.log1p(by_cluster.median().max()), rtol=1e-3)
                    or matches_number(value, by_cluster.median().apply(np.log1p).max(), rtol=1e-3)
                ),
                _("give the revenue in yuan from the customer table, not its log."),
            ),
            (
                lambda: abs(float(value)) < 20,
                _("give the revenue in yuan from the customer table (`buyers['revenue']`), not the scaled feature."),
            ),
        ],
        _("medians = buyers['revenue'].groupby(labels).median(); top_median_revenue = medians.max()."),
    )
    check_number(value, expected, rtol=1e-6, hint=hint)


@question(N_("adjusted Rand index between the clusters and the tiers"))
def q7(ari_tiers: object, db) -> None:
    table = customers(db)
    labels = _clusters(buyers(table))[1]
    tiers = tier_customers(table)["tier"]
    expected = agreement(labels, tiers)
    aligned = tiers.loc[labels.index].astype("object").to_numpy()
    value = ari_tiers
    hint = mistake_hint(
        [
            (
                lambda: matches_number(value, rand_score(labels.to_numpy(), aligned)),
                _("that is the plain Rand index; use adjusted_rand_score (corrected for chance)."),
            ),
            (
                lambda: matches_number(value, 1.0),
                _("an ARI of 1 means identical groupings; compare the clusters with the tiers."),
            ),
        ],
        _("tiers = tier_customers(table)['tier']; ari_tiers = adjusted_rand_score(labels, tiers.loc[labels.index])."),
    )
    check_number(value, expected, rtol=1e-6, hint=hint)
