"""Tests of course.churn: leakage-free features and labels, the model, its evaluation, the call list."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from course.churn import (
    FEATURES,
    calibration_table,
    call_list,
    churn_dataset,
    churn_drivers,
    churn_features,
    churn_labels,
    churn_model,
    lift_at,
    score_report,
)
from course.validation import CourseInputError

CUTOFF = pd.Timestamp("2024-12-31")


def _orders(rows):
    frame = pd.DataFrame(
        rows, columns=["order_id", "customer_id", "order_date", "product_line", "quantity", "revenue", "status"]
    )
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


@pytest.fixture
def db():
    """Three customers: A active (orders in both halves of 2024), B dormant, C already churned at the cutoff."""
    orders = _orders(
        [
            ("O1", "A", "2022-12-01", "Hardware", 2, 200.0, "completed"),
            ("O2", "A", "2024-03-01", "Hardware", 1, 90.0, "completed"),  # earlier half of the window
            ("O3", "A", "2024-10-01", "Hardware", 1, 110.0, "completed"),  # recent half
            ("O3", "A", "2024-10-01", "Software", 4, 400.0, "completed"),  # second line of O3
            ("O4", "A", "2024-11-15", "Software", 1, 100.0, "cancelled"),
            ("O5", "B", "2024-02-01", "Software", 2, 200.0, "completed"),
            ("O6", "C", "2023-06-01", "Hardware", 1, 100.0, "completed"),
            ("O7", "A", "2025-03-01", "Hardware", 1, 100.0, "completed"),  # after the cutoff
            ("O8", "C", "2025-04-01", "Hardware", 1, 100.0, "completed"),
            ("O9", "B", "2025-08-01", "Hardware", 1, 100.0, "completed"),
        ]
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B", "A"],
            "date": pd.to_datetime(["2023-01-10", "2024-05-01", "2024-09-01", "2024-04-01", "2025-02-01"]),
            "csat": [5, 3, 4, 2, 1],
            "nps": [9, 6, 8, 3, 0],
        }
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "A"],
            "opened_date": pd.to_datetime(["2024-06-01", "2023-06-01", "2024-07-01", "2025-01-05"]),
            "category": ["complaint", "complaint", "delivery", "complaint"],
        }
    )
    interactions = pd.DataFrame(
        {
            "customer_id": ["A", "B", "B", "C"],
            "date": pd.to_datetime(["2024-12-31", "2024-01-01", "2025-01-02", "2024-05-05"]),
        }
    )
    return SimpleNamespace(orders=orders, surveys=surveys, tickets=tickets, interactions=interactions)


@pytest.fixture(scope="module")
def small_db():
    from course.data import generate_b2b

    return generate_b2b(n_customers=400, seed=11)


# ----------------------------------------------------------------------------- features by hand


def test_features_by_hand(db):
    f = churn_features(db, CUTOFF)
    assert list(f.columns) == FEATURES
    assert list(f.index) == ["A", "B"]  # C last bought 579 days before: already churned
    a, b = f.loc["A"], f.loc["B"]
    assert a["recency_days"] == 91 and a["tenure_days"] == (CUTOFF - pd.Timestamp("2022-12-01")).days
    assert a["orders_12m"] == 2 and a["revenue_12m"] == 600.0  # cancelled O4 and the 2022 order excluded
    assert a["order_trend"] == 0  # one order in each half
    assert b["order_trend"] == -1
    assert a["csat_12m"] == 3.5 and a["csat_change"] == -1.5 and a["nps_12m"] == 7.0
    assert a["tickets_12m"] == 1 and a["complaints_12m"] == 1
    assert b["tickets_12m"] == 1 and b["complaints_12m"] == 0
    # the cutoff day counts; 365 days before it (2024-01-01) and the day after it do not
    assert a["interactions_12m"] == 1 and b["interactions_12m"] == 0
    assert np.isnan(b["csat_change"])  # no survey before the window


def test_price_index_by_hand(db):
    f = churn_features(db, CUTOFF)
    # unit prices <= cutoff: Hardware 100 (O1), 90, 110, 100 (O6) -> median 100; Software 100, 100 -> 100
    # A's lines in the window: 90/100, 110/100, (400/4)/100 -> mean 1.0 ; B: (200/2)/100 = 1.0
    assert f.loc["A", "price_index_12m"] == pytest.approx(1.0)
    assert f.loc["B", "price_index_12m"] == pytest.approx(1.0)


def test_labels_by_hand(db):
    labels = churn_labels(db, CUTOFF, horizon_days=180)
    assert labels.to_dict() == {"A": False, "B": True, "C": False}
    # B buys on 2025-08-01, exactly 213 days after the cutoff: the last day of the horizon counts
    assert not churn_labels(db, CUTOFF, horizon_days=213).loc["B"]
    assert churn_labels(db, CUTOFF, horizon_days=212).loc["B"]
    data = churn_dataset(db, CUTOFF, horizon_days=180)
    assert data["churned"].tolist() == [False, True]
    assert data["churned"].dtype == bool


def test_optional_tables_may_be_missing(db):
    f = churn_features(SimpleNamespace(orders=db.orders), CUTOFF)
    assert f["csat_12m"].isna().all() and (f["tickets_12m"] == 0).all() and (f["interactions_12m"] == 0).all()


# ----------------------------------------------------------------------------- no leakage


def _after(db, cutoff):
    """A copy of db without any row dated after the cutoff."""
    return SimpleNamespace(
        orders=db.orders[db.orders["order_date"] <= cutoff],
        surveys=db.surveys[db.surveys["date"] <= cutoff],
        tickets=db.tickets[db.tickets["opened_date"] <= cutoff],
        interactions=db.interactions[db.interactions["date"] <= cutoff],
    )


def test_features_ignore_everything_after_the_cutoff(small_db):
    cutoff = pd.Timestamp("2024-06-30")
    full = churn_features(small_db, cutoff)
    truncated = churn_features(_after(small_db, cutoff), cutoff)
    pd.testing.assert_frame_equal(full, truncated)
    # scramble the future instead of deleting it: still the same features
    rng = np.random.default_rng(0)
    orders = small_db.orders.copy()
    late = orders["order_date"] > cutoff
    orders.loc[late, "revenue"] = rng.uniform(1, 1e6, late.sum()).round(2)
    orders.loc[late, "customer_id"] = rng.permutation(orders.loc[late, "customer_id"].to_numpy())
    surveys = small_db.surveys.copy()
    surveys.loc[surveys["date"] > cutoff, "csat"] = 1
    tickets = small_db.tickets.copy()
    tickets["closed_date"] = tickets["closed_date"] + pd.Timedelta(days=400)  # closing dates are never used
    scrambled = SimpleNamespace(orders=orders, surveys=surveys, tickets=tickets, interactions=small_db.interactions)
    pd.testing.assert_frame_equal(full, churn_features(scrambled, cutoff))


def test_labels_depend_only_on_rows_after_the_cutoff(small_db):
    cutoff = pd.Timestamp("2024-06-30")
    labels = churn_labels(small_db, cutoff)
    orders = small_db.orders.copy()
    early = orders["order_date"] <= cutoff
    orders.loc[early, "revenue"] = 1.0
    orders.loc[early, "status"] = "cancelled"  # even erasing the past does not move a label
    altered = SimpleNamespace(orders=orders)
    after_only = churn_labels(altered, cutoff)
    pd.testing.assert_series_equal(after_only, labels.reindex(after_only.index))
    # and the label does move when a customer's future purchases are removed
    buyer = labels.index[~labels.to_numpy()][0]
    future = (small_db.orders["customer_id"] == buyer) & (small_db.orders["order_date"] > cutoff)
    assert churn_labels(SimpleNamespace(orders=small_db.orders[~future]), cutoff).loc[buyer]


def test_label_matches_independent_computation(small_db):
    cutoff, horizon = pd.Timestamp("2024-12-31"), 180
    data = churn_dataset(small_db, cutoff, horizon)
    done = small_db.orders[small_db.orders["status"] == "completed"]
    window = done[(done["order_date"] > cutoff) & (done["order_date"] <= cutoff + pd.Timedelta(days=horizon))]
    expected = ~data.index.isin(window["customer_id"])
    assert (data["churned"].to_numpy() == expected).all()
    # the population: last completed purchase at most 365 days before the cutoff
    last = done[done["order_date"] <= cutoff].groupby("customer_id")["order_date"].max()
    assert set(data.index) == set(last.index[(cutoff - last).dt.days <= 365])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(list("ABCDE")), st.integers(min_value=-700, max_value=400), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_property_future_rows_never_change_features(rows):
    """Appending or dropping any row dated after the cutoff leaves the features unchanged."""
    base = _orders(
        [("P0", "A", "2024-06-01", "Hardware", 1, 10.0, "completed")]
        + [
            (
                f"P{i + 1}",
                c,
                (CUTOFF + pd.Timedelta(days=d)).date().isoformat(),
                "Hardware",
                1,
                10.0 + i,
                "completed" if ok else "returned",
            )
            for i, (c, d, ok) in enumerate(rows)
        ]
    )
    base = pd.concat([base, _orders([("Z", "A", "2025-12-31", "Hardware", 1, 1.0, "cancelled")])], ignore_index=True)
    past_only = base[base["order_date"] <= CUTOFF]
    pd.testing.assert_frame_equal(
        churn_features(SimpleNamespace(orders=base), CUTOFF), churn_features(SimpleNamespace(orders=past_only), CUTOFF)
    )
    labels = churn_labels(SimpleNamespace(orders=base), CUTOFF, 180)
    done = base[base["status"] == "completed"]
    window = done[(done["order_date"] > CUTOFF) & (done["order_date"] <= CUTOFF + pd.Timedelta(days=180))]
    assert labels.to_dict() == {c: c not in set(window["customer_id"]) for c in labels.index}


# ----------------------------------------------------------------------------- bad inputs


def test_label_beyond_the_data_is_refused(db):
    with pytest.raises(CourseInputError, match="the label would be unknown"):
        churn_dataset(db, "2025-06-30", horizon_days=180)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"cutoff": "someday"}, "cutoff='someday' is not a valid date"),
        ({"cutoff": "2010-01-01"}, "no completed order on or before cutoff"),
        ({"cutoff": CUTOFF, "window_days": 0}, "window_days=0"),
    ],
)
def test_bad_parameters(db, kwargs, match):
    with pytest.raises(CourseInputError, match=match):
        churn_features(db, **kwargs)


def test_missing_table_and_column(db):
    with pytest.raises(CourseInputError, match="no table 'orders'"):
        churn_features(SimpleNamespace(surveys=db.surveys), CUTOFF)
    with pytest.raises(CourseInputError, match=r"'revenue' not found; available columns"):
        churn_features(SimpleNamespace(orders=db.orders.rename(columns={"revenue": "amount"})), CUTOFF)
    with pytest.raises(CourseInputError, match=r"table 'surveys': column 'csat' not found"):
        churn_features(SimpleNamespace(orders=db.orders, surveys=db.surveys.drop(columns="csat")), CUTOFF)


def test_non_numeric_amount_and_bad_dates(db):
    orders = db.orders.astype({"revenue": "object"})
    orders.loc[2, "revenue"] = "1,200"
    with pytest.raises(CourseInputError, match=r"column 'revenue': 1 row is not a number: row 2"):
        churn_features(SimpleNamespace(orders=orders), CUTOFF)
    orders = db.orders.astype({"order_date": "object"})
    orders.loc[0, "order_date"] = "31/31/2024"
    with pytest.raises(CourseInputError, match="not a valid date"):
        churn_features(SimpleNamespace(orders=orders), CUTOFF)


def test_empty_orders_and_nan_ids(db):
    with pytest.raises(CourseInputError, match="is empty"):
        churn_features(SimpleNamespace(orders=db.orders.iloc[:0]), CUTOFF)
    with pytest.raises(CourseInputError, match="empty in every row"):
        churn_features(SimpleNamespace(orders=db.orders.assign(customer_id=None)), CUTOFF)


def test_inputs_not_modified(small_db):
    before = {name: getattr(small_db, name).copy() for name in ("orders", "surveys", "tickets", "interactions")}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = churn_dataset(small_db, "2024-06-30")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(small_db, name), frame)
    copy = data.copy()
    churn_drivers(data)
    call_list(data.assign(churn_risk=0.5))
    pd.testing.assert_frame_equal(data, copy)


# ----------------------------------------------------------------------------- model


def test_models_fit_predict_and_are_deterministic(small_db):
    train = churn_dataset(small_db, "2024-06-30")
    test = churn_dataset(small_db, "2025-06-30")
    for kind in ("logistic", "boosting"):
        p1 = churn_model(kind).fit(train[FEATURES], train["churned"]).predict_proba(test[FEATURES])[:, 1]
        p2 = churn_model(kind).fit(train[FEATURES], train["churned"]).predict_proba(test[FEATURES])[:, 1]
        np.testing.assert_array_equal(p1, p2)
        assert ((p1 >= 0) & (p1 <= 1)).all()
    with pytest.raises(CourseInputError, match="kind='forest'"):
        churn_model("forest")


# ----------------------------------------------------------------------------- evaluation


def test_lift_by_hand():
    y = [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert lift_at(y, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], fraction=0.1) == pytest.approx(5.0)
    assert lift_at(y, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], fraction=0.3) == pytest.approx((2 / 3) / 0.2)
    # a tie straddling the boundary is shared: top 1 of two tied at the top, one of them a churner
    assert lift_at([1, 0, 0, 0], [5, 5, 1, 0], fraction=0.25) == pytest.approx(0.5 / 0.25)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=5)), min_size=2, max_size=60),
    st.integers(min_value=0, max_value=10_000),
)
def test_lift_ignores_row_order(pairs, seed):
    y = np.array([a for a, _ in pairs], dtype=float)
    s = np.array([b for _, b in pairs], dtype=float)
    if y.sum() == 0:
        y[0] = 1
    perm = np.random.default_rng(seed).permutation(len(y))
    assert lift_at(y, s, 0.3) == pytest.approx(lift_at(y[perm], s[perm], 0.3))
    assert lift_at(y, np.zeros(len(y)), 0.3) == pytest.approx(1.0)  # no information, no lift


def test_score_report_auc_matches_pairwise_definition():
    rng = np.random.default_rng(1)
    y = rng.random(300) < 0.3
    s = rng.integers(0, 20, 300) + 5 * y
    report = score_report(y, {"s": s})
    pos, neg = s[y], s[~y]
    pairwise = ((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (
        len(pos) * len(neg)
    )
    assert report.loc["s", "roc_auc"] == pytest.approx(pairwise)
    assert report.loc["s", "roc_auc"] == pytest.approx(roc_auc_score(y, s))
    assert report.loc["s", "top_churn_rate"] == pytest.approx(report.loc["s", "lift"] * y.mean())


def test_score_report_bad_input():
    with pytest.raises(CourseInputError, match="non-empty dict"):
        score_report([0, 1], [0.1, 0.2])
    with pytest.raises(CourseInputError, match="same length"):
        score_report([0, 1], {"a": [0.1]})
    with pytest.raises(CourseInputError, match="one class only"):
        score_report([1, 1], {"a": [0.1, 0.2]})
    with pytest.raises(CourseInputError, match="missing"):
        score_report([0, 1], {"a": [0.1, np.nan]})


def test_calibration_table_by_hand():
    y = [0, 0, 0, 1, 1, 1]
    p = [0.1, 0.3, 0.2, 0.9, 0.6, 0.4]
    table = calibration_table(y, p, n_bins=3)
    assert table["customers"].tolist() == [2, 2, 2]
    np.testing.assert_allclose(table["predicted"], [0.15, 0.35, 0.75])
    np.testing.assert_allclose(table["observed"], [0.0, 0.5, 1.0])


def test_churn_drivers_by_hand():
    data = pd.DataFrame({"a": [1.0, 3.0, 5.0, np.nan], "b": [0.0, 0.0, 0.0, 1.0], "churned": [0, 0, 1, 1]})
    out = churn_drivers(data, features=["a", "b"])
    assert out.loc["a", "retained"] == 2.0 and out.loc["a", "churned"] == 5.0
    assert out.loc["a", "effect_size"] == pytest.approx(3.0 / np.std([1.0, 3.0, 5.0], ddof=1))
    assert list(out.index) == ["a", "b"]  # sorted by |effect size|: a = 1.5, b = 1.0
    with pytest.raises(CourseInputError, match="one class only"):
        churn_drivers(data.assign(churned=1), features=["a"])


def test_call_list_ranks_by_money_at_risk():
    scored = pd.DataFrame(
        {"churn_risk": [0.5, 0.1, 0.9, 0.5], "revenue_12m": [100.0, 2000.0, 10.0, 100.0]}, index=list("ABCD")
    )
    out = call_list(scored, n=3)
    assert list(out.index) == ["B", "A", "D"]  # 200, 50, 50 (tie keeps order), 9
    assert out["at_risk"].tolist() == [200.0, 50.0, 50.0]
    with pytest.raises(CourseInputError, match="not probabilities"):
        call_list(scored.assign(churn_risk=2.0))
    with pytest.raises(CourseInputError, match="n=0"):
        call_list(scored, n=0)


# --------------------------------------------------------------------------- reading the model


def test_risk_reasons_are_the_largest_contributions_to_the_log_odds(small_db):
    from course.churn_reasons import LABELS, model_coefficients, risk_reasons

    train = churn_dataset(small_db, "2023-12-31", horizon_days=365)
    model = churn_model().fit(train[FEATURES], train["churned"])
    coefficients = model_coefficients(model)
    assert coefficients["coefficient"].abs().is_monotonic_decreasing
    assert set(LABELS) == set(FEATURES)
    assert not any("__" in name for name in coefficients.index)  # every prepared column in words
    # contributions by hand: standardised inputs times coefficients add up to the model's log-odds
    prepared = model[:-1].transform(train[FEATURES])
    classifier = model.named_steps["classify"]
    contribution = prepared * classifier.coef_[0]
    log_odds = np.log(model.predict_proba(train[FEATURES])[:, 1] / model.predict_proba(train[FEATURES])[:, 0])
    assert np.allclose(contribution.sum(axis=1) + classifier.intercept_[0], log_odds)
    reasons = risk_reasons(model, train[FEATURES], n=2)
    names = model.named_steps["prepare"].get_feature_names_out()
    for row, label in enumerate(train.index[:20]):
        top = names[np.argmax(contribution[row])]
        if contribution[row].max() > 0:
            assert coefficients.loc[coefficients["column"] == top].index[0] in reasons.loc[label, "reason_1"]


def test_risk_reasons_errors(small_db):
    from course.churn_reasons import model_coefficients, risk_reasons

    train = churn_dataset(small_db, "2023-12-31", horizon_days=365)
    with pytest.raises(CourseInputError, match="fitted pipeline"):
        model_coefficients(object())
    with pytest.raises(CourseInputError, match="no coefficients"):
        model_coefficients(churn_model("boosting").fit(train[FEATURES], train["churned"]))
    model = churn_model().fit(train[FEATURES], train["churned"])
    with pytest.raises(CourseInputError, match="lacks the model's column"):
        risk_reasons(model, train[FEATURES].drop(columns="nps_12m"))
    with pytest.raises(CourseInputError, match="n must be a whole number"):
        risk_reasons(model, train[FEATURES], n=0)
