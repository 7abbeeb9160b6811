"""Tests of the exercise-05 checks: each fails on `...` and on plausible wrong answers, and passes on the right one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import answer_check_tests
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from course.checks import AnswerError
from course.checks import lesson05 as check
from course.customers import customer_table
from course.tiers import tier_customers

FEATURES = check.FEATURES


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


def transform(buyers: pd.DataFrame, *, log=True, signed="scaled", scale=True) -> pd.DataFrame:
    """The feature matrix written out by hand, with switches for the usual mistakes."""
    out = buyers[FEATURES].copy()
    if log:
        for column in ["recency_days", "n_orders", "revenue"]:
            out[column] = np.log1p(out[column])
    if signed == "scaled":
        out["profit"] = np.arcsinh(out["profit"] / out["profit"].abs().median())
    elif signed == "raw":
        out["profit"] = np.arcsinh(out["profit"])
    if scale:
        out = pd.DataFrame(StandardScaler().fit_transform(out), index=out.index, columns=FEATURES)
    return out


@pytest.fixture(scope="module")
def answers(db):
    """The right answers, computed by hand the way the solution notebook does (not with course.clustering)."""
    table = customer_table(db, asof=check.ASOF)
    buyers = table[table["n_orders"] > 0]
    X = transform(buyers)
    with threadpool_limits(1):
        rows = []
        for k in check.K_RANGE:
            model = KMeans(n_clusters=k, random_state=0, n_init=10).fit(X)
            rows.append({"k": k, "inertia": model.inertia_, "silhouette": silhouette_score(X, model.labels_)})
        k_scores = pd.DataFrame(rows)
        candidates = k_scores[k_scores["k"] >= 3]
        best_k = int(candidates.loc[candidates["silhouette"].idxmax(), "k"])
        labels = pd.Series(KMeans(n_clusters=best_k, random_state=0, n_init=10).fit(X).labels_, index=X.index)
    tiers = tier_customers(table)["tier"]
    return {
        "table": table,
        "buyers": buyers,
        "X": X,
        "k_scores": k_scores,
        "best_k": best_k,
        "labels": labels,
        "sizes": labels.value_counts(),
        "top_median_revenue": buyers["revenue"].groupby(labels).median().max(),
        "tiers": tiers,
        "ari_tiers": adjusted_rand_score(labels, tiers.loc[labels.index]),
    }


test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests(
    "05", detailed={"labels", "sizes"}
)


def test_label_permutations_pass(answers, db, capsys):
    labels, k = answers["labels"], answers["best_k"]
    renamed = labels.map({c: f"group {(c * 7) % k}" for c in range(k)})
    check.q4(renamed, db)
    check.q4(labels.sample(frac=1.0, random_state=0), db)  # any row order
    check.q5(renamed.value_counts(), db)
    check.q5(answers["sizes"].sort_index(), db)
    assert capsys.readouterr().out.count("✓") == 4


def test_q1_wrong_answers(answers, db):
    table, buyers, X = answers["table"], answers["buyers"], answers["X"]
    with pytest.raises(AnswerError, match="including prospects"):
        check.q1(transform(table.assign(**{c: table[c].fillna(0) for c in FEATURES})), db)
    with pytest.raises(AnswerError, match="StandardScaler"):
        check.q1(transform(buyers, scale=False), db)
    with pytest.raises(AnswerError, match="log1p to recency_days"):
        check.q1(transform(buyers, log=False), db)
    with pytest.raises(AnswerError, match="BEFORE arcsinh"):
        check.q1(transform(buyers, signed="raw"), db)
    with pytest.raises(AnswerError, match="sign-preserving"):
        check.q1(transform(buyers, signed=None), db)
    with pytest.raises(AnswerError, match="asof='2025-12-31'"):
        default_asof = customer_table(db)
        check.q1(transform(default_asof[default_asof["n_orders"] > 0]), db)
    with pytest.raises(AnswerError, match="numpy array"):
        check.q1(X.to_numpy(), db)
    with pytest.raises(AnswerError, match="index=buyers.index"):
        check.q1(X.reset_index(drop=True), db)
    with pytest.raises(AnswerError, match="lacks the column"):
        check.q1(X.drop(columns="tenure_years"), db)
    logged_profit = buyers[FEATURES].assign(profit=np.log1p(buyers["profit"].clip(lower=-0.5)))
    logged_profit.iloc[0, logged_profit.columns.get_loc("profit")] = np.nan
    with pytest.raises(AnswerError, match="NaN"):
        check.q1(logged_profit, db)


def test_q1_tolerates_sample_standard_deviation(answers, db, capsys):
    unscaled = transform(answers["buyers"], scale=False)
    check.q1((unscaled - unscaled.mean()) / unscaled.std(), db)  # pandas' std has ddof=1
    assert capsys.readouterr().out.startswith("✓")


def test_q2_wrong_answers(answers, db):
    X, k_scores = answers["X"], answers["k_scores"]
    with threadpool_limits(1):
        rows = []
        for k in check.K_RANGE:
            model = KMeans(n_clusters=k, random_state=0, n_init=1).fit(X)
            rows.append({"k": k, "inertia": model.inertia_, "silhouette": silhouette_score(X, model.labels_)})
    single_start = pd.DataFrame(rows)
    if not np.allclose(single_start["inertia"], k_scores["inertia"], rtol=1e-3):
        with pytest.raises(AnswerError, match="n_init=10"):
            check.q2(single_start, db)
    with pytest.raises(AnswerError, match="the inertia is right"):
        check.q2(k_scores.assign(silhouette=k_scores["silhouette"] + 0.05), db)
    with pytest.raises(AnswerError, match=r"range\(2, 9\)"):
        check.q2(k_scores[k_scores["k"] >= 3], db)
    with pytest.raises(AnswerError, match="lacks the column"):
        check.q2(k_scores.drop(columns="silhouette"), db)
    with pytest.raises(AnswerError, match="should be a DataFrame"):
        check.q2(k_scores["silhouette"].tolist(), db)


def test_q3_wrong_answers(answers, db):
    scores = answers["k_scores"].set_index("k")
    best = answers["best_k"]
    overall = int(scores["silhouette"].idxmax())
    if overall != best:  # k = 2 wins overall, as on most customer data
        with pytest.raises(AnswerError, match="k >= 3"):
            check.q3(overall, db)
    worst = int(scores.loc[scores.index >= 3, "silhouette"].idxmin())
    with pytest.raises(AnswerError, match="LOWEST"):
        check.q3(worst, db)
    if best != 8:
        with pytest.raises(AnswerError, match="inertia always falls"):
            check.q3(8, db)
    with pytest.raises(AnswerError, match="single number"):
        check.q3("4", db)


def test_q4_wrong_answers(answers, db):
    X, labels, best = answers["X"], answers["labels"], answers["best_k"]
    with threadpool_limits(1):
        other_k = KMeans(n_clusters=best + 1, random_state=0, n_init=10).fit(X).labels_
        raw = answers["buyers"][FEATURES]
        unscaled = KMeans(n_clusters=best, random_state=0, n_init=10).fit(raw).labels_
    with pytest.raises(AnswerError, match=f"{best + 1} clusters; best_k = {best}"):
        check.q4(pd.Series(other_k, index=X.index), db)
    with pytest.raises(AnswerError, match="different partition"):
        check.q4(pd.Series(unscaled, index=X.index), db)
    with pytest.raises(AnswerError, match="numpy array"):
        check.q4(labels.to_numpy(), db)
    with pytest.raises(AnswerError, match="one per buying customer"):
        check.q4(labels.reindex(answers["table"].index).fillna(-1), db)
    with pytest.raises(AnswerError, match="not indexed by the buying customers"):
        check.q4(labels.reset_index(drop=True), db)


def test_q5_wrong_answers(answers, db):
    labels = answers["labels"]
    with pytest.raises(AnswerError, match="shares"):
        check.q5(labels.value_counts(normalize=True), db)
    wrong = answers["sizes"].copy()
    wrong.iloc[0] += 5
    with pytest.raises(AnswerError, match="expected"):
        check.q5(wrong, db)
    with pytest.raises(AnswerError, match="pandas Series"):
        check.q5(answers["sizes"].tolist(), db)


def test_q6_wrong_answers(answers, db):
    buyers, labels, X = answers["buyers"], answers["labels"], answers["X"]
    by_cluster = buyers["revenue"].groupby(labels)
    with pytest.raises(AnswerError, match="not the mean"):
        check.q6(by_cluster.mean().max(), db)
    with pytest.raises(AnswerError, match="HIGHEST"):
        check.q6(by_cluster.median().min(), db)
    with pytest.raises(AnswerError, match="total"):
        check.q6(by_cluster.sum().max(), db)
    with pytest.raises(AnswerError, match="scaled feature"):
        check.q6(X["revenue"].groupby(labels).median().max(), db)


def test_q7_wrong_answers(answers, db):
    labels, tiers = answers["labels"], answers["tiers"]
    with pytest.raises(AnswerError, match="plain Rand index"):
        check.q7(rand_score(labels, tiers.loc[labels.index]), db)
    with pytest.raises(AnswerError, match="identical groupings"):
        check.q7(1.0, db)
    with pytest.raises(AnswerError, match="not right"):
        check.q7(answers["ari_tiers"] + 0.05, db)


def test_checks_agree_with_the_course_functions(answers, db):
    """The hand-made answers above and course.clustering describe the same clusters."""
    from course.clustering import agreement, fit_clusters, prepare_features

    pd.testing.assert_frame_equal(prepare_features(answers["buyers"], FEATURES), answers["X"], atol=1e-9)
    labels = fit_clusters(answers["buyers"], FEATURES, k=answers["best_k"])
    assert agreement(labels, answers["labels"]) == 1.0
    assert np.isclose(agreement(labels, answers["tiers"]), answers["ari_tiers"])
