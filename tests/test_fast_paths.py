"""The fast paths of the pandas functions give, bit for bit, what the straightforward code gave.

The speed-ups of issue 11 are refactors: one hash pass over the ids instead of several, only the distinct
ids sorted, integer aggregations in numpy, pandas' compensated sums kept. Each test here runs the code as
it was before (kept below as the reference) and the function as it is on random tables with ties, empty
ids, rows after the as-of day and amounts of 0 or less, and asks for identical results.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import rfm
from course.purchases import day_number, day_numbers, resolve_asof
from course.validation import CourseInputError, parse_dates, parse_numbers, require_no_missing


def rfm_table_before(transactions, customer="customer_id", date="date", amount="amount", order=None, asof=None):
    """course.rfm.rfm_table's aggregation written plainly, before the speed-up (validation and warnings aside)."""
    require_no_missing(transactions, customer, table="transactions")
    if order is not None:
        require_no_missing(transactions, order, table="transactions")
    dates = parse_dates(transactions, date, table="transactions")
    days = day_numbers(dates)
    amounts = parse_numbers(transactions, amount, table="transactions")
    asof_day = resolve_asof(asof, dates)
    late = days > day_number(asof_day)
    keep = ~(late | (~late & (amounts <= 0).to_numpy()))
    if not keep.any():
        raise ValueError("nothing left")
    codes, customers = pd.factorize(transactions[customer].loc[keep], sort=True)
    n_customers = len(customers)
    last = pd.Series(days[keep]).groupby(codes).max()
    monetary = pd.Series(amounts.to_numpy()[keep]).groupby(codes).sum().to_numpy()
    if order is None:  # a purchase is a customer-day: distinct (customer, day) pairs
        span = int(days.max() - days.min()) + 1
        day_pairs = np.unique(codes.astype("int64") * span + (days[keep] - days.min()))
        frequency = np.bincount(day_pairs // span, minlength=n_customers)
    else:
        order_codes, order_ids = pd.factorize(transactions[order].loc[keep])
        pairs = np.unique(codes.astype("int64") * len(order_ids) + order_codes)
        frequency = np.bincount(pairs // len(order_ids), minlength=n_customers)
    result = pd.DataFrame(
        {
            "recency": (day_number(asof_day) - last).to_numpy().astype("int64"),
            "frequency": frequency.astype("int64"),
            "monetary": monetary.astype("float64"),
        },
        index=pd.Index(customers),
    )
    result.index.name = customer
    return result


ID_KINDS = st.sampled_from(["str", "int", "category", "object"])
ROWS = st.lists(
    st.tuples(
        st.integers(0, 12),  # customer
        st.integers(0, 60),  # day
        st.sampled_from([0.1, 0.2, 0.3, 1.0, 7.5, 0.0, -2.0, 1e6]),  # amount (ties, free items, credit notes)
        st.integers(0, 5),  # order within the customer
    ),
    min_size=1,
    max_size=80,
)


def _frame(rows, kind: str, seed: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["c", "day", "amount", "o"])
    ids = {"str": "K" + frame["c"].astype(str), "int": frame["c"] * 7 - 20, "object": frame["c"].astype(object)}
    if kind == "category":
        column = pd.Categorical(
            "K" + frame["c"].astype(str), categories=[f"K{i}" for i in np.random.default_rng(seed).permutation(14)]
        )
    else:
        column = ids[kind].astype("str") if kind == "str" else ids[kind]
    return pd.DataFrame(
        {
            "customer_id": column,
            "order_id": frame["c"].astype(str) + "-" + frame["o"].astype(str),
            "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(frame["day"], unit="D"),
            "amount": frame["amount"],
        }
    ).sample(frac=1, random_state=seed)


@settings(max_examples=60)
@given(rows=ROWS, kind=ID_KINDS, seed=st.integers(0, 1000), use_order=st.booleans(), offset=st.integers(-10, 30))
def test_rfm_table_is_bit_for_bit_the_straightforward_code(rows, kind, seed, use_order, offset):
    frame = _frame(rows, kind, seed)
    asof = pd.Timestamp("2025-01-31") + pd.Timedelta(days=offset)
    order = "order_id" if use_order else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = rfm_table_before(frame, order=order, asof=asof)
        except ValueError:  # nothing left: the function must say so too
            with pytest.raises(CourseInputError, match="no purchase is left"):
                rfm.rfm_table(frame, order=order, asof=asof)
            return
        got = rfm.rfm_table(frame, order=order, asof=asof)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_an_empty_id_is_still_named_with_its_row():
    frame = pd.DataFrame({"customer_id": ["A", None, "B"], "date": ["2025-01-01"] * 3, "amount": [1.0, 2.0, 3.0]})
    with pytest.raises(CourseInputError, match=r"column 'customer_id': 1 row is empty: row 1"):
        rfm.rfm_table(frame)
    with pytest.raises(CourseInputError, match="is empty in every row"):
        rfm.rfm_table(frame.assign(customer_id=None))


@settings(max_examples=40)
@given(rows=ROWS, kind=ID_KINDS, seed=st.integers(0, 1000), freq=st.sampled_from(["D", "W", "M"]))
def test_clv_summary_is_bit_for_bit_the_straightforward_code(rows, kind, seed, freq):
    from course.clv._summary import _period_numbers, _summarise, summary

    frame = _frame(rows, kind, seed)
    asof = pd.Timestamp("2025-02-20")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = summary(frame, asof=asof, freq=freq)
        except CourseInputError:
            assert (frame["date"] > asof).all()
            return
    keep = (frame["date"] <= asof).to_numpy()
    periods = _period_numbers(frame["date"][keep], freq)
    asof_period = int(_period_numbers(pd.Series([asof]), freq)[0])
    # the ids as a Series: the path that factorises them with pd.factorize(sort=True), as before
    expected = _summarise(
        frame["customer_id"][keep], periods, frame["amount"].to_numpy()[keep], asof_period, 1.0, "customer_id"
    )
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@settings(max_examples=40)
@given(
    rows=ROWS,
    kind=ID_KINDS,
    seed=st.integers(0, 1000),
    statuses=st.lists(st.sampled_from(["completed", "cancelled", "returned"]), min_size=1, max_size=3),
)
def test_purchases_are_the_straightforward_code(rows, kind, seed, statuses):
    from course.purchases import is_purchase, purchases

    frame = _frame(rows, kind, seed)
    frame["status"] = [statuses[i % len(statuses)] for i in range(len(frame))]
    bought = purchases(frame, date="date")
    codes, ids = pd.factorize(frame["customer_id"], sort=True)
    paid = (frame["status"].astype("object") == "completed").to_numpy()
    assert list(bought.ids) == list(ids) and bought.ids.dtype == pd.Index(ids).dtype
    assert bought.code.tolist() == codes[paid].tolist()
    assert is_purchase(frame).tolist() == paid.tolist()


def test_unknown_and_empty_statuses_keep_their_messages():
    from course.purchases import is_purchase

    frame = pd.DataFrame({"status": ["completed", "Completed", None, "done"]})
    with pytest.raises(CourseInputError, match=r"column 'status': 1 row is empty: row 2"):
        is_purchase(frame)
    with pytest.raises(
        CourseInputError, match=r"2 rows have an unknown status: row 1 \('Completed'\), row 3 \('done'\)"
    ):
        is_purchase(frame.dropna())
