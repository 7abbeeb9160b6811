"""Tests of course.clv: simple CLV, the lifetimes-style summary, BG/NBD, Gamma-Gamma, holdout comparison.

Correctness is checked against independent computations: hand-computed
examples, a naive pandas implementation of the summary built on
``Period`` arithmetic, the BG/NBD likelihood written without logs, the
Gamma-Gamma likelihood by numerical integration, Monte-Carlo simulation of
the BG/NBD process, reference numbers computed once with ``lifetimes``
0.11.3, and the parameters published by Fader, Hardie & Lee for CDNOW.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from course.clv import (
    BetaGeoModel,
    GammaGammaModel,
    calibration_holdout,
    holdout_comparison,
    simple_clv,
    summary,
)
from course.clv._bgnbd import _loglik as bg_loglik
from course.clv._gamma_gamma import _loglik as gg_loglik
from course.data.cdnow import load_cdnow
from course.validation import CourseInputError

CALIBRATION_END = "1997-09-30"
HOLDOUT_END = "1998-06-30"

# Published estimates: Fader, Hardie & Lee (2005), CDNOW 1/10 sample, 39-week calibration;
# Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", the 946 repeat buyers.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "v": 15.44}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def cdnow_sample() -> pd.DataFrame:
    return load_cdnow(sample=True)


@pytest.fixture(scope="module")
def cdnow_split(cdnow_sample) -> pd.DataFrame:
    return calibration_holdout(cdnow_sample, CALIBRATION_END, asof=HOLDOUT_END, freq="D", freq_multiplier=7)


@pytest.fixture(scope="module")
def cdnow_calibration(cdnow_split) -> pd.DataFrame:
    cal = cdnow_split[["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal"]]
    return cal.set_axis(["frequency", "recency", "T", "monetary_value"], axis=1)


@pytest.fixture
def tx() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "C", "C"],
            "date": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-05", "2024-01-11", "2024-01-08", "2024-01-07", "2024-01-08"]
            ),
            "amount": [10.0, 5.0, 20.0, 40.0, 7.0, 3.0, 4.0],
        }
    )


def naive_summary(frame: pd.DataFrame, freq: str, asof: str, multiplier: float = 1) -> pd.DataFrame:
    """The summary by pandas Period arithmetic, one customer at a time (a different method)."""
    frame = frame.assign(period=frame["date"].dt.to_period(freq))
    end = pd.Timestamp(asof).to_period(freq)
    rows = {}
    for cid, grp in frame.groupby("customer_id"):
        per = grp.groupby("period")["amount"].sum().sort_index()
        first, last = per.index[0], per.index[-1]
        rows[cid] = {
            "frequency": len(per) - 1,
            "recency": (last - first).n / multiplier,
            "T": (end - first).n / multiplier,
            "monetary_value": per.iloc[1:].mean() if len(per) > 1 else 0.0,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "customer_id"
    return out


def simulate_bgnbd(r, alpha, a, b, n, seed=0, t_min=20.0, t_max=52.0):
    """Simulate BG/NBD histories (x, t_x, T) for n customers, vectorised."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(t_min, t_max, n)
    t = np.zeros(n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        arrival = t + rng.exponential(1 / lam)
        buy = alive & (arrival <= T)
        x[buy] += 1
        t_x[buy] = arrival[buy]
        t = np.where(buy, arrival, t)
        alive = buy & (rng.random(n) >= p)
    return pd.DataFrame({"frequency": x.astype(int), "recency": t_x, "T": T})


# --------------------------------------------------------------------------- simple CLV


def test_simple_clv_equals_the_sum_of_discounted_margins():
    m, r, d = 1000.0, 0.8, 0.1
    direct = sum(m * r**t / (1 + d) ** t for t in range(1, 2000))
    assert simple_clv(m, r, d) == pytest.approx(direct, rel=1e-12)
    assert simple_clv(m, r, d) == pytest.approx(m * r / (1 + d - r))


@pytest.mark.parametrize("periods", [1, 3, 5, 10])
def test_finite_horizon_clv_equals_the_finite_sum(periods):
    m, r, d = 250.0, 0.9, 0.08
    direct = sum(m * r**t / (1 + d) ** t for t in range(1, periods + 1))
    assert simple_clv(m, r, d, periods=periods) == pytest.approx(direct, rel=1e-12)


def test_finite_horizon_with_full_retention_and_no_discount():
    assert simple_clv(100.0, 1.0, 0.0, periods=4) == pytest.approx(400.0)


def test_simple_clv_with_series_keeps_the_index():
    margins = pd.Series([100.0, 200.0], index=["A", "B"])
    out = simple_clv(margins, retention=pd.Series([0.5, 0.9], index=["A", "B"]), discount=0.1)
    assert list(out.index) == ["A", "B"]
    assert out.tolist() == pytest.approx([100 * 0.5 / 0.6, 200 * 0.9 / 0.2])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"margin": "a lot", "retention": 0.8, "discount": 0.1}, "margin must be a number"),
        ({"margin": 100.0, "retention": 1.2, "discount": 0.1}, "retention must be a probability"),
        ({"margin": 100.0, "retention": -0.1, "discount": 0.1}, "retention must be a probability"),
        ({"margin": 100.0, "retention": 0.8, "discount": -0.1}, "discount must be a rate"),
        ({"margin": 100.0, "retention": 1.0, "discount": 0.0}, "infinite CLV"),
        ({"margin": 100.0, "retention": 0.8, "discount": 0.1, "periods": 0}, "periods must be a positive"),
        ({"margin": 100.0, "retention": 0.8, "discount": 0.1, "periods": 2.5}, "periods must be a positive"),
        ({"margin": float("nan"), "retention": 0.8, "discount": 0.1}, "missing or infinite"),
        ({"margin": True, "retention": 0.8, "discount": 0.1}, "margin must be a number"),
    ],
)
def test_simple_clv_bad_inputs(kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        simple_clv(**kwargs)


@given(
    m=st.floats(0, 1e6),
    r=st.floats(0, 0.99),
    d=st.floats(0, 1),
)
def test_simple_clv_properties(m, r, d):
    value = simple_clv(m, r, d)
    assert value >= 0
    assert value <= m * r / (1 - r) + 1e-6 * (1 + m)  # discounting can only lower it
    assert simple_clv(m, r, d, periods=5) <= value + 1e-9 * (1 + value)


# --------------------------------------------------------------------------- summary


def test_summary_hand_example(tx):
    out = summary(tx, asof="2024-01-15")
    # A: periods Jan 1 (10 + 5), Jan 5 (20), Jan 11 (40) -> 2 repeat periods, mean (20 + 40) / 2.
    assert out.loc["A"].tolist() == [2, 10.0, 14.0, 30.0]
    assert out.loc["B"].tolist() == [0, 0.0, 7.0, 0.0]
    assert out.loc["C"].tolist() == [1, 1.0, 8.0, 4.0]
    assert out["frequency"].dtype == np.int64
    assert out.index.name == "customer_id"


def test_summary_weeks_run_monday_to_sunday(tx):
    out = summary(tx, asof="2024-01-15", freq="W")
    # A: Jan 1 and Jan 5 (week of Mon Jan 1), Jan 11 (week of Jan 8) -> 1 repeat week.
    assert out.loc["A"].tolist() == [1, 1.0, 2.0, 40.0]
    # C: Sunday Jan 7 and Monday Jan 8 are in different weeks.
    assert out.loc["C"].tolist() == [1, 1.0, 2.0, 4.0]


def test_summary_months_and_multiplier(tx):
    months = summary(tx, asof="2024-03-31", freq="M")
    assert months.loc["A"].tolist() == [0, 0.0, 2.0, 0.0]
    weeks = summary(tx, asof="2024-01-15", freq="D", freq_multiplier=7)
    assert weeks.loc["A", "recency"] == pytest.approx(10 / 7)
    assert weeks.loc["A", "T"] == pytest.approx(2.0)


def test_summary_default_asof_is_the_day_after_the_last_date(tx):
    # the course's one as-of convention (course.purchases), not lifetimes' "last date itself"
    out = summary(tx)
    assert out.loc["A", "T"] == 11.0  # last date Jan 11, first Jan 1: T counts to Jan 12
    assert out.loc["A", "T"] == out.loc["A", "recency"] + 1
    assert out.equals(summary(tx, asof="2024-01-12"))


def test_summary_without_amount(tx):
    out = summary(tx, amount=None)
    assert list(out.columns) == ["frequency", "recency", "T"]


def test_summary_drops_rows_after_asof_with_one_warning(tx):
    with pytest.warns(UserWarning, match="3 transaction row") as record:
        out = summary(tx, asof="2024-01-07")
    assert len(record) == 1
    assert "B" not in out.index
    assert out.loc["A"].tolist() == [1, 4.0, 6.0, 20.0]


def test_summary_other_column_names(tx):
    renamed = tx.rename(columns={"customer_id": "client", "date": "day", "amount": "margin"})
    out = summary(renamed, customer="client", date="day", amount="margin", asof="2024-01-15")
    assert out.index.name == "client"
    pd.testing.assert_frame_equal(out.rename_axis("customer_id"), summary(tx, asof="2024-01-15"))


def test_summary_parses_text_dates_and_amounts(tx):
    text = tx.assign(date=tx["date"].dt.strftime("%Y-%m-%d"), amount=tx["amount"].astype(str))
    pd.testing.assert_frame_equal(summary(text, asof="2024-01-15"), summary(tx, asof="2024-01-15"))


def test_summary_does_not_modify_its_input(tx):
    before = tx.copy()
    summary(tx, asof="2024-01-15", freq="W")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calibration_holdout(tx, "2024-01-06", asof="2024-01-15")
    pd.testing.assert_frame_equal(tx, before)


@pytest.mark.parametrize("freq, multiplier", [("D", 1), ("W", 1), ("M", 1), ("D", 7)])
def test_summary_equals_a_naive_period_implementation(cdnow_sample, freq, multiplier):
    mine = summary(cdnow_sample, asof=HOLDOUT_END, freq=freq, freq_multiplier=multiplier)
    naive = naive_summary(cdnow_sample, freq, HOLDOUT_END, multiplier)
    pd.testing.assert_frame_equal(mine.astype(float), naive.astype(float), rtol=1e-12)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.drop(columns="amount"), "column 'amount' not found"),
        (lambda f: f.rename(columns={"date": "dates"}), "did you mean 'dates'"),
        (lambda f: f.assign(amount=["x"] + [1.0] * 6), "is not a number"),
        (lambda f: f.assign(date=["2024-01-01"] * 6 + ["2024-02-30"]), "not a valid date"),
        (lambda f: f.iloc[0:0], "is empty"),
        (lambda f: f.assign(customer_id=None), "empty in every row"),
        (lambda f: f.assign(customer_id=[None] + ["A"] * 6), "1 row is empty"),
        (lambda f: f.assign(date=pd.NaT), "empty in every row"),
    ],
)
def test_summary_bad_inputs(tx, change, message):
    with pytest.raises(CourseInputError, match=message):
        summary(change(tx))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"freq": "Y"}, "freq='Y' is not supported"),
        ({"freq_multiplier": 0}, "freq_multiplier must be positive"),
        ({"freq_multiplier": "7"}, "freq_multiplier must be a positive number"),
        ({"asof": "soon"}, "asof='soon' is not a valid date"),
        ({"asof": "2023-12-31"}, "no transaction is dated on or before asof"),
    ],
)
def test_summary_bad_options(tx, kwargs, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(CourseInputError, match=message):
            summary(tx, **kwargs)


def test_summary_rejects_a_non_frame():
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame"):
        summary([1, 2, 3])


transactions = st.lists(
    st.tuples(st.sampled_from("ABCDE"), st.integers(0, 400), st.floats(0.01, 1000)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=transactions, freq=st.sampled_from(["D", "W", "M"]), multiplier=st.sampled_from([1, 7]))
def test_summary_properties(rows, freq, multiplier):
    frame = pd.DataFrame(rows, columns=["customer_id", "day", "amount"])
    frame["date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(frame["day"], unit="D")
    asof = "2024-02-10"
    out = summary(frame, asof=asof, freq=freq, freq_multiplier=multiplier)
    # an independent method
    naive = naive_summary(frame, freq, asof, multiplier)
    pd.testing.assert_frame_equal(out.astype(float), naive.astype(float), rtol=1e-9)
    # invariants
    assert (out["frequency"] >= 0).all()
    assert ((out["recency"] >= 0) & (out["recency"] <= out["T"])).all()
    assert ((out["frequency"] == 0) == (out["recency"] == 0)).all()
    assert ((out["frequency"] == 0) == (out["monetary_value"] == 0)).all()
    rows_per_customer = frame.groupby("customer_id").size()
    assert (out["frequency"] <= rows_per_customer.reindex(out.index) - 1).all()
    # row order does not matter
    shuffled = frame.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(summary(shuffled, asof=asof, freq=freq, freq_multiplier=multiplier), out)


# --------------------------------------------------------------------------- calibration / holdout


def test_calibration_holdout_hand_example():
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "B"],
            "date": ["2024-01-01", "2024-01-03", "2024-01-20", "2024-01-20", "2024-01-02", "2024-01-25"],
            "amount": [10.0, 20.0, 12.0, 8.0, 5.0, 30.0],
        }
    )
    out = calibration_holdout(frame, "2024-01-10", asof="2024-01-31")
    assert out.loc["A"].tolist() == [1, 2.0, 9.0, 20.0, 1, 20.0, 21.0]  # two rows on Jan 20: one period of 20
    assert out.loc["B"].tolist() == [0, 0.0, 8.0, 0.0, 1, 30.0, 21.0]
    assert out["frequency_holdout"].dtype == np.int64


def test_calibration_part_equals_summary_of_the_calibration_rows(cdnow_sample, cdnow_split):
    cal_rows = cdnow_sample[cdnow_sample["date"] <= CALIBRATION_END]
    direct = summary(cal_rows, asof=CALIBRATION_END, freq="D", freq_multiplier=7)
    got = cdnow_split[["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal"]]
    pd.testing.assert_frame_equal(got.set_axis(direct.columns, axis=1), direct)


def test_calibration_holdout_cdnow_counts(cdnow_sample, cdnow_split):
    assert len(cdnow_split) == 2357
    assert (cdnow_split["duration_holdout"] == 39.0).all()
    hold = cdnow_sample[cdnow_sample["date"] > CALIBRATION_END]
    naive = hold.groupby("customer_id")["date"].nunique()
    assert cdnow_split["frequency_holdout"].sum() == naive.sum()


def test_holdout_customers_new_in_holdout_are_left_out_with_a_warning(tx):
    with pytest.warns(UserWarning, match="2 customer") as record:
        out = calibration_holdout(tx, "2024-01-06", asof="2024-01-15")
    assert len(record) == 1
    assert list(out.index) == ["A"]  # B and C first buy on Jan 8 and Jan 7
    assert out.loc["A", "frequency_holdout"] == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"calibration_end": "2024-01-15", "asof": "2024-01-10"}, "must come after calibration_end"),
        ({"calibration_end": "2023-01-01"}, "no transaction is dated on or before calibration_end"),
        ({"calibration_end": "later"}, "not a valid date"),
    ],
)
def test_calibration_holdout_bad_dates(tx, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        calibration_holdout(tx, **kwargs)


def test_summary_equals_lifetimes_on_full_cdnow():
    """Run only where lifetimes is installed (it needs pandas < 2; see the lesson's notes)."""
    lifetimes_utils = pytest.importorskip("lifetimes.utils")
    master = load_cdnow()
    for freq in ["D", "W"]:
        ref = lifetimes_utils.summary_data_from_transaction_data(
            master, "customer_id", "date", "amount", observation_period_end=HOLDOUT_END, freq=freq
        )
        mine = summary(master, asof=HOLDOUT_END, freq=freq)
        np.testing.assert_allclose(mine.to_numpy(float), ref[mine.columns].to_numpy(float), atol=1e-9)
        ref = lifetimes_utils.calibration_and_holdout_data(
            master, "customer_id", "date", CALIBRATION_END, HOLDOUT_END, freq=freq, monetary_value_col="amount"
        )
        mine = calibration_holdout(master, CALIBRATION_END, asof=HOLDOUT_END, freq=freq)
        same = [c for c in mine.columns if c != "monetary_value_holdout"]  # lifetimes averages raw rows there
        np.testing.assert_allclose(mine[same].to_numpy(float), ref[same].to_numpy(float), atol=1e-9)


# --------------------------------------------------------------------------- BG/NBD


def test_bgnbd_log_likelihood_equals_the_formula_without_logs():
    r, alpha, a, b = 0.5, 3.0, 0.9, 2.0
    x = np.array([0.0, 1.0, 3.0, 7.0])
    t_x = np.array([0.0, 4.0, 20.0, 30.0])
    T = np.array([10.0, 25.0, 30.0, 35.0])
    B = special.beta
    common = special.gamma(r + x) * alpha**r / special.gamma(r)
    direct = B(a, b + x) / B(a, b) * common / (alpha + T) ** (r + x) + (x > 0) * B(
        a + 1, np.maximum(b + x - 1, 1e-12)
    ) / B(a, b) * common / (alpha + t_x) ** (r + x)
    np.testing.assert_allclose(bg_loglik(np.array([r, alpha, a, b]), x, t_x, T), np.log(direct), rtol=1e-12)


def test_bgnbd_reproduces_the_published_cdnow_parameters(cdnow_split):
    model = BetaGeoModel("frequency_cal", "recency_cal", "T_cal").fit(cdnow_split)
    for name, value in PUBLISHED_BGNBD.items():
        assert model.params_[name] == pytest.approx(value, rel=0.01), name
    assert model.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)  # FHL 2005, Table 1
    assert model.n_customers_ == 2357


def test_bgnbd_fit_is_a_maximum(cdnow_calibration):
    model = BetaGeoModel().fit(cdnow_calibration)
    best = model.log_likelihood_
    for name in model.params_:
        for factor in (0.98, 1.02):
            moved = dict(model.params_, **{name: model.params_[name] * factor})
            assert BetaGeoModel.from_params(**moved).log_likelihood(cdnow_calibration) < best


# Computed once with lifetimes 0.11.3 (BetaGeoFitter with params_ set to these values).
LIFETIMES_REFERENCE = {
    "params": {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5},
    "history": {"frequency": [0, 2, 2], "recency": [0.0, 30.0, 5.0], "T": [38.0, 38.0, 38.0]},
    "probability_alive": [1.0, 0.73114922, 0.12024683],
    "predict_52": [0.26655069, 1.61326206, 0.26532156],
}


def test_bgnbd_predictions_equal_lifetimes():
    ref = LIFETIMES_REFERENCE
    model = BetaGeoModel.from_params(**ref["params"])
    history = pd.DataFrame(ref["history"])
    np.testing.assert_allclose(model.probability_alive(history), ref["probability_alive"], rtol=1e-7)
    np.testing.assert_allclose(model.predict_purchases(52, history), ref["predict_52"], rtol=1e-7)
    published = BetaGeoModel.from_params(**PUBLISHED_BGNBD)
    assert published.expected_purchases(39.0) == pytest.approx(1.1967231933207985, rel=1e-9)


def test_bgnbd_expected_purchases_matches_simulation():
    r, alpha, a, b = 0.8, 5.0, 1.2, 3.0
    n = 200_000
    sim = simulate_bgnbd(r, alpha, a, b, n, seed=3, t_min=30.0, t_max=30.0)
    model = BetaGeoModel.from_params(r=r, alpha=alpha, a=a, b=b)
    mean, se = sim["frequency"].mean(), sim["frequency"].std() / np.sqrt(n)
    assert abs(model.expected_purchases(30.0) - mean) < 4 * se


def test_bgnbd_conditional_forecast_matches_simulation():
    """E[purchases in (T, T+t] | x, t_x, T] against simulated continuations of the same histories."""
    r, alpha, a, b = 0.8, 5.0, 1.2, 3.0
    n, T, t = 300_000, 20.0, 15.0
    whole = simulate_bgnbd(r, alpha, a, b, n, seed=5, t_min=T + t, t_max=T + t)
    # Re-simulate with the same seed to the calibration end only: same customers, same draws up to T.
    cal = simulate_bgnbd(r, alpha, a, b, n, seed=5, t_min=T, t_max=T)
    future = whole["frequency"] - cal["frequency"]
    model = BetaGeoModel.from_params(r=r, alpha=alpha, a=a, b=b)
    predicted = model.predict_purchases(t, cal)
    for x in (0, 1, 2):
        group = cal["frequency"] == x
        actual = future[group].mean()
        se = future[group].std() / np.sqrt(group.sum())
        assert abs(predicted[group].mean() - actual) < 4 * se + 0.01, x


def test_bgnbd_recovers_simulated_parameters():
    true = {"r": 0.6, "alpha": 6.0, "a": 0.9, "b": 2.5}
    sim = simulate_bgnbd(**true, n=8_000, seed=11)
    model = BetaGeoModel().fit(sim)
    assert model.log_likelihood_ >= BetaGeoModel.from_params(**true).log_likelihood(sim)
    assert model.params_["r"] == pytest.approx(true["r"], rel=0.1)
    assert model.params_["alpha"] == pytest.approx(true["alpha"], rel=0.15)
    assert model.params_["a"] / (model.params_["a"] + model.params_["b"]) == pytest.approx(0.9 / 3.4, rel=0.15)


def test_bgnbd_prediction_properties(cdnow_calibration):
    model = BetaGeoModel.from_params(**PUBLISHED_BGNBD)
    alive = model.probability_alive(cdnow_calibration)
    assert ((alive > 0) & (alive <= 1)).all()
    assert (alive[cdnow_calibration["frequency"] == 0] == 1).all()
    near = model.predict_purchases(1e-9, cdnow_calibration)
    short = model.predict_purchases(10, cdnow_calibration)
    long = model.predict_purchases(50, cdnow_calibration)
    assert (near.abs() < 1e-6).all()
    assert ((short >= 0) & (long >= short)).all()
    assert alive.name == "probability_alive" and long.name == "predicted_purchases"
    assert alive.index.equals(cdnow_calibration.index)


def test_bgnbd_large_frequencies_do_not_overflow():
    model = BetaGeoModel.from_params(**PUBLISHED_BGNBD)
    history = pd.DataFrame({"frequency": [300, 1000], "recency": [52.0, 52.0], "T": [52.0, 52.0]})
    out = model.predict_purchases(52, history)
    np.testing.assert_allclose(out, [209.75290686, 699.37818704], rtol=1e-7)  # lifetimes 0.11.3
    # 300 purchases in 50 weeks, then two silent weeks: most likely gone.
    gone = history.assign(recency=[50.0, 52.0])
    assert model.probability_alive(gone).iloc[0] < 0.01


def test_bgnbd_penalizer_equals_lifetimes_penalizer_coef(cdnow_split):
    # lifetimes 0.11.3, BetaGeoFitter(penalizer_coef=0.01) on the same calibration summary.
    model = BetaGeoModel("frequency_cal", "recency_cal", "T_cal", penalizer=0.01).fit(cdnow_split)
    lifetimes = {"r": 0.24294200272, "alpha": 4.43250642448, "a": 0.28564280132, "b": 0.65845938610}
    for name, value in lifetimes.items():
        assert model.params_[name] == pytest.approx(value, rel=1e-5), name
    assert repr(model).endswith("penalizer=0.01)")


def test_bgnbd_does_not_modify_its_input(cdnow_calibration):
    before = cdnow_calibration.copy()
    model = BetaGeoModel().fit(cdnow_calibration)
    model.predict_purchases(10, cdnow_calibration)
    model.probability_alive(cdnow_calibration)
    pd.testing.assert_frame_equal(cdnow_calibration, before)


def _history(n=30, **columns):
    frame = pd.DataFrame({"frequency": np.arange(n) % 4, "recency": (np.arange(n) % 4) * 5.0, "T": np.full(n, 30.0)})
    return frame.assign(**columns)


@pytest.mark.parametrize(
    "frame, message",
    [
        (_history().drop(columns="T"), "column 'T' not found"),
        (_history().assign(recency=lambda f: f["T"] + 1), "recency > T"),
        (_history().assign(frequency=lambda f: f["frequency"] - 1), "negative"),
        (_history().assign(frequency=0.5), "not whole numbers"),
        (_history().assign(frequency=0), "frequency 0 but recency > 0"),
        (_history(n=12), "only 9 customer"),
        (_history().assign(T="long"), "are not numbers"),
        (_history().iloc[0:0], "is empty"),
    ],
)
def test_bgnbd_bad_inputs(frame, message):
    with pytest.raises(CourseInputError, match=message):
        BetaGeoModel().fit(frame)


def test_bgnbd_fails_loudly_when_the_fit_does_not_converge():
    # Everyone buys exactly as often and is still buying at T: dropout probability runs off to 0.
    frame = pd.DataFrame({"frequency": np.full(50, 5), "recency": np.full(50, 10.0), "T": np.full(50, 10.0)})
    with pytest.raises(CourseInputError, match="did not converge.*penalizer"):
        BetaGeoModel().fit(frame)


def test_bgnbd_other_errors():
    with pytest.raises(CourseInputError, match="not fitted yet"):
        BetaGeoModel().probability_alive(_history())
    with pytest.raises(CourseInputError, match="t must be a non-negative number"):
        BetaGeoModel.from_params(**PUBLISHED_BGNBD).predict_purchases(-1, _history())
    with pytest.raises(CourseInputError, match="parameter a must be a positive number"):
        BetaGeoModel.from_params(r=1, alpha=1, a=0, b=1)
    with pytest.raises(CourseInputError, match="penalizer must be a number >= 0"):
        BetaGeoModel(penalizer=-1).fit(_history())


# --------------------------------------------------------------------------- Gamma-Gamma


def test_gamma_gamma_log_likelihood_by_numerical_integration():
    """f(m | x) = integral over nu of Gamma(m; shape p x, rate x nu) * Gamma(nu; shape q, rate v)."""
    p, q, v = 6.0, 3.5, 15.0
    for x, m in [(1, 20.0), (3, 35.0), (8, 12.5)]:

        def integrand(nu, x=x, m=m):
            return stats.gamma.pdf(m, p * x, scale=1 / (x * nu)) * stats.gamma.pdf(nu, q, scale=1 / v)

        value, _ = integrate.quad(integrand, 0, np.inf, limit=200)
        assert gg_loglik(np.array([p, q, v]), np.array([x]), np.array([m]))[0] == pytest.approx(np.log(value), rel=1e-7)


def test_gamma_gamma_reproduces_the_published_cdnow_parameters(cdnow_calibration):
    model = GammaGammaModel().fit(cdnow_calibration)
    for name, value in PUBLISHED_GG.items():
        assert model.params_[name] == pytest.approx(value, rel=0.01), name
    assert model.n_customers_ == 946  # repeat buyers only


def test_gamma_gamma_recovers_simulated_parameters():
    rng = np.random.default_rng(2)
    p, q, v, n = 4.0, 5.0, 40.0, 20_000
    nu = rng.gamma(q, 1 / v, n)
    x = rng.integers(1, 8, n)
    m = rng.gamma(p * x, 1 / (x * nu)) / 1  # mean of x gamma(p, nu) amounts
    model = GammaGammaModel().fit(pd.DataFrame({"frequency": x, "monetary_value": m}))
    assert model.params_["p"] == pytest.approx(p, rel=0.1)
    assert model.params_["q"] == pytest.approx(q, rel=0.15)
    assert model.population_mean() == pytest.approx(p * v / (q - 1), rel=0.05)


def test_gamma_gamma_is_scale_free(cdnow_calibration):
    one = GammaGammaModel().fit(cdnow_calibration)
    hundred = GammaGammaModel().fit(cdnow_calibration.assign(monetary_value=lambda f: f["monetary_value"] * 100))
    assert hundred.params_["p"] == pytest.approx(one.params_["p"], rel=1e-4)
    assert hundred.params_["v"] == pytest.approx(100 * one.params_["v"], rel=1e-4)


def test_conditional_expected_average_profit_by_hand():
    model = GammaGammaModel.from_params(p=6.25, q=3.74, v=15.44)
    mean = 6.25 * 15.44 / 2.74
    history = pd.DataFrame({"frequency": [0, 1, 10], "monetary_value": [0.0, 100.0, 100.0]})
    w1, w10 = 6.25 / (6.25 + 2.74), 62.5 / (62.5 + 2.74)
    expected = [mean, (1 - w1) * mean + w1 * 100, (1 - w10) * mean + w10 * 100]
    np.testing.assert_allclose(model.conditional_expected_average_profit(history), expected, rtol=1e-12)


def test_clv_is_the_discounted_sum_of_monthly_expectations(cdnow_calibration):
    bg = BetaGeoModel.from_params(**PUBLISHED_BGNBD)
    gg = GammaGammaModel.from_params(**PUBLISHED_GG)
    head = cdnow_calibration.head(50)
    spend = gg.conditional_expected_average_profit(head)
    expected = sum(
        spend
        * (bg.predict_purchases(k * 4.345, head) - (bg.predict_purchases((k - 1) * 4.345, head) if k > 1 else 0))
        / 1.02**k
        for k in range(1, 7)
    )
    pd.testing.assert_series_equal(gg.clv(bg, head, months=6, discount_rate=0.02), expected.rename("clv"))
    # lifetimes 0.11.3: GammaGammaFitter.customer_lifetime_value for one history (computed once)
    one = pd.DataFrame({"frequency": [2], "recency": [30.4], "T": [38.9], "monetary_value": [22.35]})
    assert gg.clv(bg, one).iloc[0] == pytest.approx(36.22194454, rel=1e-8)


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"frequency": np.arange(30) % 3, "monetary_value": (np.arange(30) % 3) * 10.0 - 10}), "negative"),
        (pd.DataFrame({"frequency": np.arange(30) % 3 + 1, "monetary_value": (np.arange(30) % 3) * 10.0}), "<= 0"),
        (pd.DataFrame({"frequency": [1] * 5 + [0] * 20, "monetary_value": [10.0] * 25}), "only 5 customer"),
        (pd.DataFrame({"frequency": [1] * 20, "amount": [10.0] * 20}), "column 'monetary_value' not found"),
        (pd.DataFrame({"frequency": np.arange(40) % 3 + 1, "monetary_value": np.full(40, 10.0)}), "did not converge"),
    ],
)
def test_gamma_gamma_bad_inputs(frame, message):
    with pytest.raises(CourseInputError, match=message):
        GammaGammaModel().fit(frame)


def test_gamma_gamma_other_errors(cdnow_calibration):
    with pytest.raises(CourseInputError, match="not fitted yet"):
        GammaGammaModel().population_mean()
    heavy = GammaGammaModel.from_params(p=2.0, q=0.9, v=10.0)
    with pytest.raises(CourseInputError, match="not above 1"):
        heavy.conditional_expected_average_profit(cdnow_calibration)
    gg = GammaGammaModel.from_params(**PUBLISHED_GG)
    bg = BetaGeoModel.from_params(**PUBLISHED_BGNBD)
    with pytest.raises(CourseInputError, match="must be a fitted BetaGeoModel"):
        gg.clv("bg", cdnow_calibration)
    with pytest.raises(CourseInputError, match="time_unit='Y'"):
        gg.clv(bg, cdnow_calibration, time_unit="Y")
    with pytest.raises(CourseInputError, match="months must be a positive whole number"):
        gg.clv(bg, cdnow_calibration, months=0)
    with pytest.raises(CourseInputError, match="discount_rate must be a number above -1"):
        gg.clv(bg, cdnow_calibration, discount_rate=-2)


def test_gamma_gamma_does_not_modify_its_input(cdnow_calibration):
    before = cdnow_calibration.copy()
    gg = GammaGammaModel().fit(cdnow_calibration)
    gg.clv(BetaGeoModel.from_params(**PUBLISHED_BGNBD), cdnow_calibration, months=2)
    pd.testing.assert_frame_equal(cdnow_calibration, before)


# --------------------------------------------------------------------------- holdout comparison


def test_holdout_comparison_by_hand(cdnow_split):
    model = BetaGeoModel.from_params(**PUBLISHED_BGNBD, frequency="frequency_cal", recency="recency_cal", T="T_cal")
    table = holdout_comparison(model, cdnow_split)
    assert list(table.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table["customers"].sum() == 2357
    zero = cdnow_split["frequency_cal"] == 0
    assert table.loc["0", "actual"] == pytest.approx(cdnow_split.loc[zero, "frequency_holdout"].mean())
    predicted = model.predict_purchases(39.0, cdnow_split)
    assert table.loc["7+", "predicted"] == pytest.approx(predicted[cdnow_split["frequency_cal"] >= 7].mean())


def test_holdout_comparison_errors(cdnow_split):
    model = BetaGeoModel.from_params(**PUBLISHED_BGNBD, frequency="frequency_cal", recency="recency_cal", T="T_cal")
    with pytest.raises(CourseInputError, match="one holdout length"):
        holdout_comparison(model, cdnow_split.assign(duration_holdout=np.arange(len(cdnow_split))))
    with pytest.raises(CourseInputError, match="max_frequency"):
        holdout_comparison(model, cdnow_split, max_frequency=0)
    with pytest.raises(CourseInputError, match="fitted BetaGeoModel"):
        holdout_comparison(None, cdnow_split)


def test_gamma_gamma_keeps_weeks_with_a_margin_at_or_below_zero_in_the_mean(b2b):
    """Lesson 07, section 8: a purchase week whose margin is <= 0 stays in the account's mean margin per
    purchase (dropping it would overstate the margin); the model needs each repeat buyer's mean above zero."""
    completed = b2b.orders[b2b.orders["status"] == "completed"]
    weeks = completed.assign(week=completed["order_date"].dt.to_period("W"))
    per_week = weeks.groupby(["customer_id", "week"])["margin"].sum().reset_index()
    repeat = per_week[per_week["week"] > per_week.groupby("customer_id")["week"].transform("min")]
    assert (repeat["margin"] <= 0).sum() > 0  # the shipped data have such weeks
    got = summary(completed, date="order_date", amount="margin", asof="2025-12-31", freq="W")
    mean = repeat.groupby("customer_id")["margin"].mean()
    assert np.allclose(got.loc[mean.index, "monetary_value"], mean)
    assert (mean > 0).all()
    assert GammaGammaModel().fit(got).n_customers_ == len(mean)
    # one account whose weeks average to a loss: the fit refuses and says why, rather than dropping it silently
    losing = got.copy()
    for loss, message in ((-1.0, "is negative"), (0.0, "<= 0")):
        losing.loc[mean.index[0], "monetary_value"] = loss
        with pytest.raises(CourseInputError, match=message):
            GammaGammaModel().fit(losing)
