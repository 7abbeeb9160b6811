"""Tests of course.clv.profit (cost-to-serve rate, profit CLV) and course.clv.sensitivity (penalty path).

The rates are checked against a naive loop over customers and years; the
penalty path against separate fits and the Beta distribution of scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from course.clv import BetaGeoModel, cost_to_serve_rate, penalty_path, profit_clv
from course.validation import CourseInputError


@pytest.fixture
def tables():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "B", "C", "D"],
            "order_date": [
                "2021-05-01",
                "2023-03-01",
                "2024-05-01",
                "2025-02-01",
                "2024-06-01",
                "2025-07-01",
                "2025-06-01",
                "2020-02-01",
            ],
            "margin": [100.0, 500.0, 400.0, 600.0, 50.0, 300.0, 80.0, 90.0],
            "status": ["completed", "completed", "completed", "cancelled", "completed", "completed"]
            + ["completed"] * 2,
        }
    )
    cts = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "B", "C", "D", "D"],
            "year": [2021, 2023, 2024, 2025, 2024, 2025, 2025, 2020, 2024],
            "total": [50.0, 100.0, 300.0, 200.0, 900.0, 600.0, 400.0, 10.0, 70.0],
        }
    )
    return orders, cts


def naive_rates(orders, cts, asof, years):
    """Customer by customer, year by year, the convention written out in plain Python."""
    asof = pd.Timestamp(asof)
    done = orders[(orders["status"] == "completed") & (pd.to_datetime(orders["order_date"]) <= asof)]
    dates = pd.to_datetime(done["order_date"])
    rows = {}
    for customer in sorted(done["customer_id"].unique()):
        first = dates[done["customer_id"] == customer].min().year
        window = [y for y in range(asof.year - years + 1, asof.year + 1) if y > first]
        order_rows = zip(done["customer_id"], dates, done["margin"], strict=True)
        margin = sum(m for c, d, m in order_rows if c == customer and d.year in window)
        cost_rows = zip(cts["customer_id"], cts["year"], cts["total"], strict=True)
        cost = sum(t for c, y, t in cost_rows if c == customer and y in window)
        rows[customer] = (margin, cost)
    own = {c: cost / margin for c, (margin, cost) in rows.items() if margin > 0}
    pooled = sum(rows[c][1] for c in own) / sum(rows[c][0] for c in own)
    return pd.DataFrame(
        {
            "margin": [rows[c][0] for c in rows],
            "cost_to_serve": [rows[c][1] for c in rows],
            "rate": [own.get(c, pooled) for c in rows],
            "pooled": [c not in own for c in rows],
        },
        index=pd.Index(list(rows), name="customer_id"),
    )


@pytest.mark.parametrize("years", [1, 2, 3, 5])
def test_rates_equal_a_naive_loop(tables, years):
    orders, cts = tables
    got = cost_to_serve_rate(orders, cts, "2025-12-31", years=years)
    pd.testing.assert_frame_equal(got, naive_rates(orders, cts, "2025-12-31", years), check_dtype=False)


def test_rates_hand_example(tables):
    orders, cts = tables
    rates = cost_to_serve_rate(orders, cts, "2025-12-31")
    # A: first purchase 2021; 2023-2025 margin 500 + 400 (the 2025 line is cancelled), cost 100 + 300 + 200
    assert rates.loc["A", "margin"] == 900.0 and rates.loc["A", "cost_to_serve"] == 600.0
    assert rates.loc["A", "rate"] == pytest.approx(600 / 900)
    # B: first purchase 2024, so only 2025 counts: 600 / 300 = 2 (it costs twice its margin)
    assert rates.loc["B", "rate"] == pytest.approx(2.0)
    # C (won in 2025) and D (silent since 2020, a cost in 2024) have no margin of their own: pooled rate
    pooled = (600 + 600) / (900 + 300)
    assert rates.loc[["C", "D"], "pooled"].all() and rates.loc[["C", "D"], "rate"].tolist() == [pooled, pooled]


def test_rates_leave_out_rows_after_asof(tables):
    orders, cts = tables
    early = cost_to_serve_rate(orders, cts, "2024-12-31", years=2)
    assert "C" not in early.index  # first purchase after asof
    assert early.loc["A", "margin"] == 900.0 and early.loc["A", "cost_to_serve"] == 400.0


def test_rates_do_not_modify_their_inputs(tables):
    orders, cts = tables
    before = orders.copy(), cts.copy()
    cost_to_serve_rate(orders, cts, "2025-12-31")
    pd.testing.assert_frame_equal(orders, before[0])
    pd.testing.assert_frame_equal(cts, before[1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o, c: (o.drop(columns="margin"), c), "column 'margin' not found"),
        (lambda o, c: (o, c.drop(columns="total")), "table 'cost_to_serve': column 'total' not found"),
        (lambda o, c: (o.assign(margin=["x"] + [1.0] * 7), c), "is not a number"),
        (lambda o, c: (o, c.assign(year=[None] + [2021.0] * 8)), "'year'"),
        (lambda o, c: (o.assign(margin=-1.0), c), "no customer has a positive margin"),
    ],
)
def test_rates_bad_inputs(tables, change, message):
    orders, cts = change(*tables)
    with pytest.raises(CourseInputError, match=message):
        cost_to_serve_rate(orders, cts, "2025-12-31")


def test_rates_bad_years(tables):
    with pytest.raises(CourseInputError, match="whole number of calendar years"):
        cost_to_serve_rate(*tables, "2025-12-31", years=0)


def test_profit_clv_hand_example():
    result = profit_clv(pd.Series({"A": 100.0, "B": 40.0}), pd.Series({"B": 2.0, "A": 0.3}))
    assert result.name == "profit_clv"
    assert result.to_dict() == pytest.approx({"A": 70.0, "B": -40.0})


def test_profit_clv_names_customers_without_a_rate():
    with pytest.raises(CourseInputError, match=r"1 customer\(s\) of margin_clv have no cost-to-serve rate: 'B'"):
        profit_clv(pd.Series({"A": 1.0, "B": 2.0}), pd.Series({"A": 0.5}))
    with pytest.raises(CourseInputError, match="Series of numbers"):
        profit_clv([1.0], pd.Series({"A": 0.5}))
    with pytest.raises(CourseInputError, match="infinite"):
        profit_clv(pd.Series({"A": np.inf}), pd.Series({"A": 0.5}))


def test_profit_clv_on_the_shipped_data_ranks_loss_makers_lower(b2b):
    rates = cost_to_serve_rate(b2b.orders, b2b.cost_to_serve, "2025-12-31")
    assert rates["rate"].gt(0).all() and rates["pooled"].sum() < len(rates) / 3
    margin = pd.Series(1000.0, index=rates.index)
    profit = profit_clv(margin, rates["rate"])
    assert ((profit < 0) == (rates["rate"] > 1)).all()


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
