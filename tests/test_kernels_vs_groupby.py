"""The fast kernels of rfm_table, lifecycle_states and purchases against a plain pandas group-by.

The kernels work on integer codes, skip copies when every row counts and drop repeated neighbours before
hashing; this file recomputes the same numbers the straightforward way -- filter the rows, then
``groupby`` -- on random tables built to hit the edge cases: ties between customers, customers with one
purchase, customers with only returns (or only cancelled lines), several lines on one day (next to each
other and far apart), non-ASCII ids, integer ids, and rows after the as-of date.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from course import lifecycle, rfm
from course.purchases import purchases

ASOF = pd.Timestamp("2025-06-30")


def _orders(seed: int, ids: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 3_000
    customer = rng.integers(0, 400, n)
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, n), unit="D")
    amount = np.round(rng.lognormal(4, 1, n), 2)
    status = rng.choice(["completed", "cancelled", "returned"], n, p=[0.8, 0.1, 0.1])
    frame = pd.DataFrame({"customer": customer, "order_date": day, "revenue": amount, "status": status})
    # lines of one order: the row repeated next to itself (same customer and day), with its own amount
    twins = frame.iloc[::7].assign(revenue=lambda f: f["revenue"] + 1.0)
    frame = pd.concat([frame, twins]).sort_index(kind="stable").reset_index(drop=True)
    special = pd.DataFrame(
        {
            "customer": [900, 901, 901, 902, 903, 904, 905],
            "order_date": pd.to_datetime(
                ["2025-01-05", "2025-02-01", "2025-02-01", "2025-03-01", "2025-08-01", "2024-05-05", "2024-05-05"]
            ),
            # 900 one purchase; 901 one day, two lines; 902 only a return; 903 only after as-of;
            # 904 and 905 tie on every measure
            "revenue": [50.0, 10.0, 20.0, -30.0, 70.0, 40.0, 40.0],
            "status": ["completed", "completed", "completed", "returned", "completed", "completed", "completed"],
        }
    )
    frame = pd.concat([frame, special], ignore_index=True)
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True) if seed % 2 else frame
    if ids == "text":
        names = {c: (f"C{c:04d}" if c % 3 else f"客户{c}") for c in frame["customer"].unique()}
        frame["customer_id"] = pd.Series(frame["customer"].map(names), dtype="str")
    else:
        frame["customer_id"] = frame["customer"].astype("int64")
    frame["order_id"] = pd.Series([f"O{i // 2}" for i in range(len(frame))], dtype="str")
    return frame.drop(columns="customer")


def _expected_rfm(frame: pd.DataFrame, asof: pd.Timestamp, order: bool) -> pd.DataFrame:
    day = frame["order_date"].dt.floor("D")
    rows = frame[(day <= asof) & (frame["revenue"] > 0)].assign(day=day)
    grouped = rows.groupby("customer_id", sort=True)
    expected = pd.DataFrame(
        {
            "recency": (asof - grouped["day"].max()).dt.days.astype("int64"),
            "frequency": grouped["order_id" if order else "day"].nunique().astype("int64"),
            "monetary": grouped["revenue"].sum().astype("float64"),
        }
    )
    expected.index.name = "customer_id"
    return expected


@pytest.mark.parametrize("ids", ["text", "integer"])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("order", [False, True])
def test_rfm_table_equals_a_plain_groupby(seed, ids, order):
    frame = _orders(seed, ids)
    paid = frame[frame["status"] == "completed"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rows after as-of and returns are announced, then dropped
        got = rfm.rfm_table(paid, date="order_date", amount="revenue", order="order_id" if order else None, asof=ASOF)
    expected = _expected_rfm(paid, ASOF, order)
    pd.testing.assert_index_equal(got.index, expected.index, exact=True)
    pd.testing.assert_frame_equal(got[["recency", "frequency"]], expected[["recency", "frequency"]], check_exact=True)
    np.testing.assert_allclose(got["monetary"].to_numpy(), expected["monetary"].to_numpy(), rtol=1e-12)
    assert got.dtypes.tolist() == [np.dtype("int64"), np.dtype("int64"), np.dtype("float64")]
    if ids == "integer":
        assert 903 not in got.index and 902 not in got.index  # only after as-of / only a return
        if not order:
            assert got.loc[901, "frequency"] == 1  # two lines of one day: one purchase
        assert got.loc[904].tolist() == got.loc[905].tolist()  # a tie stays a tie


@pytest.mark.parametrize("seed", [0, 1])
def test_rfm_table_default_asof_equals_a_plain_groupby(seed):
    frame = _orders(seed, "text")
    paid = frame[(frame["status"] == "completed") & (frame["revenue"] > 0)]
    got = rfm.rfm_table(paid, date="order_date", amount="revenue")
    asof = paid["order_date"].max().floor("D") + pd.Timedelta(days=1)
    pd.testing.assert_frame_equal(got, _expected_rfm(paid, asof, False), check_exact=False, rtol=1e-12)


def _expected_states(frame: pd.DataFrame, asof: pd.Timestamp, rule: str) -> pd.DataFrame:
    day = frame["order_date"].dt.floor("D")
    rows = frame[(frame["status"] == "completed") & (day <= asof)].assign(day=day)
    days = rows.groupby("customer_id", sort=True)["day"]
    distinct = days.unique()
    gaps = distinct.map(
        lambda d: np.median(np.diff(np.sort(d)).astype("timedelta64[D]").astype(float)) if len(d) > 1 else np.nan
    )
    recency = (asof - days.max()).dt.days.astype("float64")
    state = np.where(recency <= 180, "active", np.where(recency <= 365, "dormant", "churned")).astype(object)
    if rule == "rhythm":
        has = gaps.notna() & (gaps > 0)
        ratio = recency / gaps.where(has, 1.0)
        by_rhythm = np.where(ratio <= 2.0, "active", np.where(ratio <= 4.0, "dormant", "churned"))
        state = np.where(has, by_rhythm, state)
    return pd.DataFrame(
        {
            "first_purchase": days.min().astype("datetime64[ns]"),
            "last_purchase": days.max().astype("datetime64[ns]"),
            "n_purchase_days": days.nunique().astype("int64"),
            "recency_days": recency,
            "median_gap_days": gaps.astype("float64"),
            "state": pd.Categorical(state, categories=list(lifecycle.STATES)),
        }
    )


@pytest.mark.parametrize("rule", ["fixed", "rhythm"])
@pytest.mark.parametrize("ids", ["text", "integer"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lifecycle_states_equal_a_plain_groupby(seed, ids, rule):
    frame = _orders(seed, ids)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the purchases after as-of are announced
        got = lifecycle.lifecycle_states(frame, ASOF, rule=rule)
    expected = _expected_states(frame, ASOF, rule)
    expected.index.name = "customer_id"
    pd.testing.assert_index_equal(got.index, expected.index, exact=True)
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_exact=True, check_names=False)
    if ids == "integer":
        assert 902 not in got.index and 903 not in got.index  # only a return; only after as-of


@pytest.mark.parametrize("seed", [0, 1])
def test_purchases_codes_equal_a_plain_factorisation(seed):
    frame = _orders(seed, "text")
    bought = purchases(frame, asof=ASOF)
    day = frame["order_date"].dt.floor("D")
    kept = (frame["status"] == "completed") & (day <= ASOF)
    ids = pd.Index(sorted(frame["customer_id"].unique()), name="customer_id", dtype=frame["customer_id"].dtype)
    pd.testing.assert_index_equal(bought.ids, ids, exact=True)
    assert bought.rows.tolist() == np.flatnonzero(kept).tolist()
    assert bought.ids[bought.code].tolist() == frame.loc[kept, "customer_id"].tolist()
    assert bought.day.tolist() == (day[kept] - pd.Timestamp("1970-01-01")).dt.days.tolist()
    assert bought.n_after == int(((frame["status"] == "completed") & (day > ASOF)).sum())
