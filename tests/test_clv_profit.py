"""Tests of course.clv's profit CLV (cost-to-serve profile, projection, profit CLV) and penalty path.

The profile is checked against a naive loop over customers and years, the projection against a hand
computation with a numerical integral for the survival; the invariants on the shipped data and on seed 7; the
penalty path against separate fits and the Beta distribution of scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from course.clv import (
    BetaGeoModel,
    cost_to_serve_profile,
    penalty_path,
    profit_clv,
    projected_cost_to_serve,
    summary,
)
from course.data import b2b_database
from course.validation import CourseInputError


def mean_survival(a, b, r, alpha, x, T, t):
    """E[(1 + p t / (alpha + T))^-(r + x)] for p ~ Beta(a, b + x), by numerical integration."""
    density = stats.beta(a, b + x).pdf
    return integrate.quad(lambda p: density(p) * (1 + p * t / (alpha + T)) ** -(r + x), 0, 1)[0]


@pytest.fixture
def tables():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "A", "B", "B", "C", "D"],
            "order_date": [
                "2021-05-01",
                "2023-03-01",
                "2023-03-03",  # same Monday-Sunday week as 1 March: one purchase week
                "2024-05-01",
                "2025-02-01",
                "2024-06-01",
                "2025-07-01",
                "2025-06-01",
                "2020-02-01",
            ],
            "margin": [100.0, 500.0, 50.0, 400.0, 600.0, 50.0, 300.0, 80.0, 90.0],
            "status": ["completed", "completed", "completed", "completed", "cancelled"] + ["completed"] * 4,
        }
    )
    cts = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "B", "C", "D", "D"],
            "year": [2021, 2023, 2024, 2025, 2024, 2025, 2025, 2020, 2024],
            "account_management": [50.0, 100.0, 200.0, 150.0, 900.0, 500.0, 300.0, 10.0, 60.0],
            "support": [0.0, 20.0, 40.0, 0.0, 0.0, 100.0, 0.0, 0.0, 10.0],
            "marketing": [500.0, 0.0, 30.0, 0.0, 800.0, 0.0, 900.0, 5.0, 0.0],
            "logistics": [5.0, 60.0, 30.0, 0.0, 9.0, 40.0, 20.0, 2.0, 0.0],
        }
    )
    return orders, cts


def naive_profile(orders, cts, asof, years):
    """Customer by customer, year by year, the model written out in plain Python."""
    asof = pd.Timestamp(asof)
    done = orders[(orders["status"] == "completed") & (pd.to_datetime(orders["order_date"]) <= asof)]
    dates = pd.to_datetime(done["order_date"])
    rows = {}
    for customer in sorted(done["customer_id"].unique()):
        first = dates[done["customer_id"] == customer].min().year
        window = [y for y in range(asof.year - years + 1, asof.year + 1) if y > first]
        mine = [d for c, d in zip(done["customer_id"], dates, strict=True) if c == customer and d.year in window]
        weeks = len({d.to_period("W") for d in mine})
        cost_rows = [r for _, r in cts.iterrows() if r["customer_id"] == customer and r["year"] in window]
        fixed = sum(r["account_management"] + r["support"] + r["marketing"] for r in cost_rows)
        variable = sum(r["logistics"] for r in cost_rows)
        rows[customer] = (len(window), weeks, fixed, variable)
    with_years = [c for c in rows if rows[c][0] > 0]
    with_weeks = [c for c in rows if rows[c][1] > 0]
    pooled_fixed = sum(rows[c][2] for c in with_years) / sum(rows[c][0] for c in with_years)
    pooled_variable = sum(rows[c][3] for c in with_weeks) / sum(rows[c][1] for c in with_weeks)
    return pd.DataFrame(
        {
            "fixed_per_year": [rows[c][2] / rows[c][0] if rows[c][0] else pooled_fixed for c in rows],
            "variable_per_purchase": [rows[c][3] / rows[c][1] if rows[c][1] else pooled_variable for c in rows],
        },
        index=pd.Index(list(rows), name="customer_id"),
    )


@pytest.mark.parametrize("years", [1, 2, 3, 5])
def test_profile_equals_a_naive_loop(tables, years):
    orders, cts = tables
    got = cost_to_serve_profile(orders, cts, "2025-12-31", years=years)
    want = naive_profile(orders, cts, "2025-12-31", years)
    pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)


def test_profile_hand_example(tables):
    orders, cts = tables
    profile = cost_to_serve_profile(orders, cts, "2025-12-31")
    # A: first purchase 2021, so 2023-2025 count (3 years); two purchase weeks (two lines in one week in
    # March 2023, May 2024; the 2025 line is cancelled); fixed 120 + 270 + 150, logistics 60 + 30 + 0
    assert profile.loc["A", ["years_counted", "purchase_weeks"]].tolist() == [3.0, 2.0]
    assert profile.loc["A", "fixed_per_year"] == pytest.approx(540 / 3)
    assert profile.loc["A", "variable_per_purchase"] == pytest.approx(90 / 2)
    # B: first purchase 2024 (its acquisition marketing of 800 is left out): 2025 only
    assert profile.loc["B", "fixed_per_year"] == 600.0 and profile.loc["B", "variable_per_purchase"] == 40.0
    # C, won in 2025, has no year of its own: pooled over A, B and D's 3 + 1 + 3 customer-years
    assert profile.loc["C", "pooled_fixed"] and profile.loc["C", "fixed_per_year"] == pytest.approx(
        (540 + 600 + 70) / 7
    )
    # D: silent since 2020, but a customer for three years of the window: a fixed cost of its own, no purchase
    assert not profile.loc["D", "pooled_fixed"] and profile.loc["D", "pooled_variable"]
    assert profile.loc["D", "variable_per_purchase"] == pytest.approx((90 + 40) / (2 + 1))


def test_profile_leaves_out_rows_after_asof(tables):
    orders, cts = tables
    early = cost_to_serve_profile(orders, cts, "2024-12-31", years=2)
    assert "C" not in early.index  # first purchase after asof
    assert early.loc["A", "fixed_cost"] == 390.0 and early.loc["A", "variable_cost"] == 90.0


def test_profile_does_not_modify_its_inputs(tables):
    orders, cts = tables
    before = orders.copy(), cts.copy()
    cost_to_serve_profile(orders, cts, "2025-12-31")
    pd.testing.assert_frame_equal(orders, before[0])
    pd.testing.assert_frame_equal(cts, before[1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o, c: (o.drop(columns="margin"), c), "column 'margin' not found"),
        (lambda o, c: (o, c.drop(columns="logistics")), "table 'cost_to_serve': column 'logistics' not found"),
        (lambda o, c: (o.assign(margin=["x"] + [1.0] * 8), c), "is not a number"),
        (lambda o, c: (o, c.assign(year=[None] + [2021.0] * 8)), "'year'"),
        (lambda o, c: (o, c.assign(support=-1.0)), "'support': 9 negative cost"),
    ],
)
def test_profile_bad_inputs(tables, change, message):
    orders, cts = change(*tables)
    with pytest.raises(CourseInputError, match=message):
        cost_to_serve_profile(orders, cts, "2025-12-31")


def test_profile_bad_years(tables):
    with pytest.raises(CourseInputError, match="whole number of calendar years"):
        cost_to_serve_profile(*tables, "2025-12-31", years=0)
    with pytest.raises(CourseInputError, match="no customer bought"):
        cost_to_serve_profile(*tables, "2021-12-31", years=1)


# --------------------------------------------------------------------------- projection


def test_probability_alive_ahead_equals_an_integral():
    """P(alive at T + t) = P(alive at T) E[exp(-lambda p t)], integrated over the posterior numerically."""
    r, alpha, a, b = 0.4, 6.0, 0.9, 3.0
    model = BetaGeoModel.from_params(r=r, alpha=alpha, a=a, b=b)
    history = pd.DataFrame({"frequency": [0, 3, 25], "recency": [0.0, 20.0, 60.0], "T": [10.0, 52.0, 150.0]})
    now = model.probability_alive(history).to_numpy()
    for t in (4.345, 52.0, 520.0):
        got = model.probability_alive(history, t=t).to_numpy()
        for i, (x, T) in enumerate(zip(history["frequency"], history["T"], strict=True)):
            assert got[i] == pytest.approx(now[i] * mean_survival(a, b, r, alpha, x, T, t), rel=1e-7)
    assert (model.probability_alive(history, t=52.0) <= now).all()


def hand_projection(fixed_per_year, per_purchase, model, row, months, rate):
    """One customer, month by month, from the published formulas (no course code but the model's two forecasts)."""
    fixed = variable = 0.0
    for k in range(1, months + 1):
        t0, t1 = (k - 1) * 4.345, k * 4.345
        bought = model.predict_purchases(t1, row).iloc[0] - model.predict_purchases(t0, row).iloc[0]
        r, alpha, a, b = (model.params_[n] for n in ("r", "alpha", "a", "b"))
        x, T = row["frequency"].iloc[0], row["T"].iloc[0]
        alive = model.probability_alive(row).iloc[0] * mean_survival(a, b, r, alpha, x, T, t1)
        fixed += fixed_per_year / 12 * alive / (1 + rate) ** k
        variable += per_purchase * bought / (1 + rate) ** k
    return fixed, variable


def test_projection_equals_a_hand_computation():
    model = BetaGeoModel.from_params(r=2.0, alpha=20.0, a=1.5, b=20.0)
    history = pd.DataFrame({"frequency": [6], "recency": [90.0], "T": [150.0]}, index=["A"])
    profile = pd.DataFrame({"fixed_per_year": [1200.0], "variable_per_purchase": [80.0]}, index=["A"])
    got = projected_cost_to_serve(profile, model, history, months=24, discount_rate=0.01)
    fixed, variable = hand_projection(1200.0, 80.0, model, history, 24, 0.01)
    assert got.loc["A", "fixed"] == pytest.approx(fixed, rel=1e-7)
    assert got.loc["A", "variable"] == pytest.approx(variable, rel=1e-9)
    assert got.loc["A", "cost_to_serve"] == pytest.approx(fixed + variable)
    # never more than paying the fixed cost every month for two years, undiscounted
    assert fixed < 2 * 1200.0


def test_no_projected_purchases_means_fixed_cost_only():
    model = BetaGeoModel.from_params(r=2.0, alpha=20.0, a=1.5, b=20.0)
    # "gone": 40 purchases in its first 10 weeks, then 4,000 weeks of silence -- no purchase is expected
    history = pd.DataFrame({"frequency": [40, 3], "recency": [10.0, 5.0], "T": [4000.0, 30.0]}, index=["gone", "B"])
    profile = pd.DataFrame(
        {"fixed_per_year": [500.0, 500.0], "variable_per_purchase": [60.0, 0.0]}, index=["gone", "B"]
    )
    got = projected_cost_to_serve(profile, model, history, months=36)
    assert model.predict_purchases(156, history).loc["gone"] < 1e-80
    assert got.loc["gone", "variable"] < 1e-78 and got.loc["gone", "cost_to_serve"] == pytest.approx(
        got.loc["gone", "fixed"]
    )
    # B has no variable cost per purchase: its projected cost is exactly its fixed part, whatever it buys
    assert got.loc["B", "variable"] == 0.0 and got.loc["B", "cost_to_serve"] == got.loc["B", "fixed"] > 0


def test_projection_bad_inputs():
    model = BetaGeoModel.from_params(r=2.0, alpha=20.0, a=1.5, b=20.0)
    history = pd.DataFrame({"frequency": [1, 2], "recency": [5.0, 9.0], "T": [10.0, 10.0]}, index=["A", "B"])
    profile = pd.DataFrame({"fixed_per_year": [1.0], "variable_per_purchase": [1.0]}, index=["A"])
    with pytest.raises(CourseInputError, match=r"1 customer\(s\) of summary have no cost-to-serve profile: 'B'"):
        projected_cost_to_serve(profile, model, history)
    with pytest.raises(CourseInputError, match="negative"):
        projected_cost_to_serve(profile.assign(fixed_per_year=-1.0), model, history.loc[["A"]])
    with pytest.raises(CourseInputError, match="fitted BetaGeoModel"):
        projected_cost_to_serve(profile, "model", history.loc[["A"]])
    with pytest.raises(CourseInputError, match="months"):
        projected_cost_to_serve(profile, model, history.loc[["A"]], months=0)


def test_profit_clv_hand_example():
    result = profit_clv(pd.Series({"A": 100.0, "B": 40.0}), pd.Series({"B": 70.0, "A": 30.0, "C": 1.0}))
    assert result.name == "profit_clv"
    assert result.to_dict() == pytest.approx({"A": 70.0, "B": -30.0})


def test_profit_clv_bad_inputs():
    with pytest.raises(CourseInputError, match=r"1 customer\(s\) of margin_clv have no projected cost to serve: 'B'"):
        profit_clv(pd.Series({"A": 1.0, "B": 2.0}), pd.Series({"A": 0.5}))
    with pytest.raises(CourseInputError, match="Series of numbers"):
        profit_clv([1.0], pd.Series({"A": 0.5}))
    with pytest.raises(CourseInputError, match="infinite"):
        profit_clv(pd.Series({"A": np.inf}), pd.Series({"A": 0.5}))
    with pytest.raises(CourseInputError, match="never negative"):
        profit_clv(pd.Series({"A": 1.0}), pd.Series({"A": -0.5}))


@pytest.fixture(scope="module", params=["shipped", "seed 7, 1,200 customers"])
def projected(request, b2b):
    db = b2b if request.param == "shipped" else b2b_database(seed=7, n_customers=1200)
    completed = db.orders[db.orders["status"] == "completed"]
    history = summary(completed, date="order_date", amount="margin", asof="2025-12-31", freq="W")
    model = BetaGeoModel(penalizer=0.001).fit(history)
    profile = cost_to_serve_profile(db.orders, db.cost_to_serve, "2025-12-31")
    cost = projected_cost_to_serve(profile, model, history, months=36)
    return profile.loc[history.index], model, history, cost


def test_projected_cost_is_never_negative(projected):
    _, _, _, cost = projected
    assert (cost[["fixed", "variable", "cost_to_serve"]] >= 0).all().all()


def test_projected_cost_without_purchases_is_the_fixed_part(projected):
    profile, model, history, cost = projected
    # the invariant: the cost beyond the fixed part is the variable cost of the projected purchases, so an
    # account with none (or almost none) carries its fixed part only
    expected = model.predict_purchases(36 * 4.345, history)
    assert (cost["variable"] <= profile["variable_per_purchase"] * expected + 1e-9).all()
    none = expected < 1e-6
    assert np.allclose(cost.loc[none, "cost_to_serve"], cost.loc[none, "fixed"], rtol=0, atol=1e-3)
    # and the fixed part never exceeds three years of the account's fixed cost per year
    assert (cost["fixed"] <= 3 * profile["fixed_per_year"] + 1e-9).all()


def test_projected_cost_is_bounded_by_the_observed_cost(projected):
    profile, _, _, cost = projected
    # accounts with a history of their own: 36 months ahead cost at most twice their last three years
    own = ~profile["pooled_fixed"] & ~profile["pooled_variable"]
    observed_per_year = profile["cost_to_serve"] / profile["years_counted"]
    assert (cost.loc[own, "cost_to_serve"] <= 2 * 3 * observed_per_year[own]).all()
    # the old model gave C00112 ten times its observed cost; no account may now reach twice its own
    worst = (cost.loc[own, "cost_to_serve"] / (3 * observed_per_year[own])).max()
    assert worst < 2


# --------------------------------------------------------------------------- penalty path


@pytest.fixture(scope="module")
def simulated():
    rng = np.random.default_rng(3)
    n = 400
    lam = rng.gamma(2.0, 1 / 20.0, n)
    p = rng.beta(1.0, 6.0, n)
    T = rng.uniform(30, 104, n)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t, alive = 0.0, True
        while alive:
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            x[i], t_x[i] = x[i] + 1, t
            alive = rng.random() > p[i]
    return pd.DataFrame({"frequency": x, "recency": t_x, "T": T})


def test_penalty_path_equals_separate_fits(simulated):
    path = penalty_path(simulated, [0.0, 0.01])
    for penalizer in (0.0, 0.01):
        model = BetaGeoModel(penalizer=penalizer).fit(simulated)
        row = path.loc[penalizer]
        assert row["converged"]
        assert [row[k] for k in ("r", "alpha", "a", "b")] == pytest.approx(list(model.params_.values()))
        assert row["log_likelihood"] == pytest.approx(model.log_likelihood_)
        beta = stats.beta(model.params_["a"], model.params_["b"])
        assert row["dropout_mean"] == pytest.approx(beta.mean())
        assert row["dropout_median"] == pytest.approx(beta.median())
    # the penalty costs likelihood: the unpenalised fit is the best fit to the data
    assert path.loc[0.0, "log_likelihood"] >= path.loc[0.01, "log_likelihood"]


def test_penalty_path_marks_a_fit_that_runs_off():
    # everyone buys every week up to T: no spread in dropout, so a and b run off without a penalty
    weekly = pd.DataFrame(
        {"frequency": np.arange(5, 45), "recency": np.arange(5, 45) * 1.0, "T": np.arange(5, 45) * 1.0}
    )
    path = penalty_path(weekly, [0.0])
    assert not path.loc[0.0, "converged"] and path.loc[0.0, ["r", "a"]].isna().all()


def test_penalty_path_bad_inputs(simulated):
    with pytest.raises(CourseInputError, match="non-empty list of numbers >= 0"):
        penalty_path(simulated, [])
    with pytest.raises(CourseInputError, match="non-empty list of numbers >= 0"):
        penalty_path(simulated, [-1.0])
    with pytest.raises(CourseInputError, match="column 'frequency' not found"):
        penalty_path(simulated.rename(columns={"frequency": "x"}), [0.01])


def test_dropout_summary_equals_scipy():
    model = BetaGeoModel.from_params(r=1.0, alpha=2.0, a=0.3, b=5.0)
    spread = model.dropout_summary()
    beta = stats.beta(0.3, 5.0)
    assert spread["mean"] == pytest.approx(0.3 / 5.3)
    assert spread["median"] == pytest.approx(beta.ppf(0.5))
    assert spread["q90"] == pytest.approx(beta.ppf(0.9))
    assert spread["share_below_1pct"] == pytest.approx(beta.cdf(0.01))
    assert spread["median"] < spread["mean"]  # J-shaped: a < 1


def test_one_shipped_account_by_hand(b2b):
    """C00112 (first bought before 2023): its profile from the raw tables with pandas, its projection month by month."""
    completed = b2b.orders[b2b.orders["status"] == "completed"]
    history = summary(completed, date="order_date", amount="margin", asof="2025-12-31", freq="W")
    model = BetaGeoModel(penalizer=0.001).fit(history)
    mine = completed[completed["customer_id"] == "C00112"]
    assert mine["order_date"].min().year < 2023
    window = mine[mine["order_date"].dt.year.between(2023, 2025)]
    weeks = window["order_date"].dt.to_period("W").nunique()
    costs = b2b.cost_to_serve[
        (b2b.cost_to_serve["customer_id"] == "C00112") & b2b.cost_to_serve["year"].between(2023, 2025)
    ]
    fixed_per_year = costs[["account_management", "support", "marketing"]].to_numpy().sum() / 3
    per_purchase = costs["logistics"].sum() / weeks
    profile = cost_to_serve_profile(b2b.orders, b2b.cost_to_serve, "2025-12-31")
    assert profile.loc["C00112", "fixed_per_year"] == pytest.approx(fixed_per_year)
    assert profile.loc["C00112", "variable_per_purchase"] == pytest.approx(per_purchase)
    row = history.loc[["C00112"]]
    got = projected_cost_to_serve(profile, model, row, months=36)
    fixed, variable = hand_projection(fixed_per_year, per_purchase, model, row, 36, 0.01)
    assert got.loc["C00112", "fixed"] == pytest.approx(fixed, rel=1e-7)
    assert got.loc["C00112", "variable"] == pytest.approx(variable, rel=1e-9)
    # below its observed three years of cost to serve (the old rate-based model put it at ten times that)
    assert (
        got.loc["C00112", "cost_to_serve"]
        < costs[["account_management", "support", "marketing", "logistics"]].to_numpy().sum()
    )
