"""Tests of course.rfm: RFM table, tie-safe scores and the segment maps."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.rfm import (
    EIGHT_CLASSES,
    SEGMENT_GRID,
    SEGMENTS,
    eight_classes,
    named_segments,
    rfm_scores,
    rfm_table,
    segment_profile,
    segment_strategies,
)
from course.validation import CourseInputError


@pytest.fixture
def lines() -> pd.DataFrame:
    """Order lines of three customers, hand-made."""
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C3", "C3"],
            "order_id": ["O1", "O1", "O2", "O3", "O4", "O5"],
            "order_date": pd.to_datetime(
                ["2025-12-01", "2025-12-01", "2025-12-21", "2025-06-30", "2024-01-01", "2025-12-31"]
            ),
            "revenue": [100.0, 50.0, 80.0, 500.0, 20.0, 5.0],
        }
    )


def rfm_by_hand(frame, customer, date, amount, order, asof):
    """An independent, loop-based computation of the RFM table (for small frames only)."""
    out = {}
    for row in frame.itertuples(index=False):
        row = row._asdict()
        day = pd.Timestamp(row[date]).normalize()
        if day > asof or row[amount] <= 0:
            continue
        rec = out.setdefault(row[customer], {"last": day, "orders": set(), "days": set(), "m": 0.0})
        rec["last"] = max(rec["last"], day)
        rec["orders"].add(row[order] if order else None)
        rec["days"].add(day)
        rec["m"] += row[amount]
    table = pd.DataFrame(
        {
            "recency": {c: (asof - r["last"]).days for c, r in out.items()},
            "frequency": {c: len(r["orders"] if order else r["days"]) for c, r in out.items()},
            "monetary": {c: r["m"] for c, r in out.items()},
        }
    ).sort_index()
    return table


# ---------------------------------------------------------------- rfm_table


def test_rfm_table_hand_computed(lines):
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    assert rfm.index.name == "customer_id"
    assert rfm.columns.tolist() == ["recency", "frequency", "monetary"]
    assert rfm.loc["C1"].tolist() == [10, 2, 230.0]
    assert rfm.loc["C2"].tolist() == [184, 1, 500.0]
    assert rfm.loc["C3"].tolist() == [0, 2, 25.0]  # bought on the asof day itself: recency 0
    assert rfm["recency"].dtype == "int64" and rfm["frequency"].dtype == "int64"
    assert rfm["monetary"].dtype == "float64"


def test_rfm_table_without_order_counts_purchase_days(lines):
    """A purchase is a customer-day: C1's three lines fall on two days."""
    rfm = rfm_table(lines, date="order_date", amount="revenue", asof="2025-12-31")
    assert rfm.loc["C1", "frequency"] == 2
    same_day = pd.concat([lines, lines.iloc[[3]].assign(order_id="O6", revenue=1.0)])  # C2: a 2nd order that day
    assert rfm_table(same_day, date="order_date", amount="revenue", asof="2025-12-31").loc["C2", "frequency"] == 1
    by_order = rfm_table(same_day, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    assert by_order.loc["C2", "frequency"] == 2


def test_cdnow_frequency_merges_same_day_rows():
    """On CDNOW (rows, no order id) frequency counts distinct purchase days, as lesson 07's summary does."""
    from course.clv import summary
    from course.data import load_cdnow

    cdnow = load_cdnow()
    paid = cdnow[cdnow["amount"] > 0]
    rfm = rfm_table(paid, asof="1998-07-01")
    days = paid.groupby("customer_id")["date"].nunique()
    assert (rfm["frequency"] == days.loc[rfm.index]).all()
    assert rfm["frequency"].sum() < len(paid)  # same-day rows are merged
    repeat = summary(paid, asof="1998-06-30")["frequency"]
    assert (rfm["frequency"] - 1 == repeat.loc[rfm.index]).all()


def test_default_asof_is_day_after_last_transaction(lines):
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id")
    # last transaction 2025-12-31 -> asof 2026-01-01; C3 bought on 2025-12-31
    assert rfm.loc["C3", "recency"] == 1
    assert rfm.loc["C1", "recency"] == 11


def test_time_of_day_is_ignored():
    frame = pd.DataFrame(
        {"customer_id": ["A", "B"], "date": ["2025-03-30 23:59", "2025-03-31 00:01"], "amount": [1.0, 2.0]}
    )
    rfm = rfm_table(frame, asof="2025-03-31 08:00")
    assert rfm["recency"].tolist() == [1, 0]


def test_rows_after_asof_dropped_with_one_warning(lines):
    with pytest.warns(UserWarning, match=r"dropped 1 of 6 rows: 1 dated after asof 2025-12-30") as record:
        rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-30")
    assert len(record) == 1
    assert rfm.loc["C3"].tolist() == [729, 1, 20.0]


def test_non_positive_amounts_dropped_with_one_warning(lines):
    frame = lines.copy()
    frame.loc[0, "revenue"] = -100.0  # a credit note
    frame.loc[3, "revenue"] = 0.0  # a free item: C2's only purchase
    frame.loc[5, "order_date"] = pd.Timestamp("2026-02-01")  # after asof
    with pytest.warns(UserWarning) as record:
        rfm = rfm_table(frame, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    assert len(record) == 1
    message = str(record[0].message)
    assert "dropped 3 of 6 rows" in message and "1 dated after asof" in message and "2 with revenue <= 0" in message
    assert "C2" not in rfm.index
    assert rfm.loc["C1"].tolist() == [10, 2, 130.0]
    assert (rfm["monetary"] > 0).all() and (rfm["frequency"] >= 1).all()


def test_no_warning_when_nothing_dropped(lines):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")


def test_rfm_table_parses_strings(lines):
    frame = lines.astype({"order_date": "str", "revenue": "str"})
    got = rfm_table(frame, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    want = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    pd.testing.assert_frame_equal(got, want)


def test_rfm_table_does_not_modify_input(lines):
    before = lines.copy()
    rfm_table(lines.astype({"order_date": "str"}), date="order_date", amount="revenue", order="order_id")
    rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    pd.testing.assert_frame_equal(lines, before)


def test_rfm_table_categorical_customer(lines):
    frame = lines.assign(customer_id=lines["customer_id"].astype("category").cat.add_categories(["C9"]))
    rfm = rfm_table(frame, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    assert list(rfm.index) == ["C1", "C2", "C3"]  # unused categories are not customers


@pytest.mark.parametrize(
    ("kwargs", "change", "pattern"),
    [
        ({"date": "orderdate"}, None, r"column 'orderdate' not found; available columns: .*did you mean 'order_date'"),
        ({"order": "order"}, None, r"column 'order' not found"),
        ({}, ("revenue", ["10", "x", "1", "1", "1", "1"]), r"column 'revenue': 1 row is not a number: row 1 \('x'\)"),
        ({}, ("order_date", ["2025-01-01", "2025-02-30"] * 3), r"column 'order_date': 3 rows are not valid dates"),
        ({}, ("customer_id", [None] * 6), r"column 'customer_id' is empty in every row"),
        ({}, ("customer_id", ["C1", None, "C1", "C2", "C3", "C3"]), r"column 'customer_id': 1 row is empty"),
        ({}, ("order_id", ["O1", None, "O2", "O3", "O4", "O5"]), r"column 'order_id': 1 row is empty"),
        ({"asof": "2025-13-45"}, None, r"asof='2025-13-45' is not a valid date"),
        ({"asof": "yesterday"}, None, r"asof='yesterday' is not a valid date"),
    ],
)
def test_rfm_table_bad_input(lines, kwargs, change, pattern):
    frame = lines.copy()
    if change:
        frame[change[0]] = pd.Series(change[1], dtype="object")
    params = {"date": "order_date", "amount": "revenue", "order": "order_id", "asof": "2025-12-31"} | kwargs
    with pytest.raises(CourseInputError, match=pattern):
        rfm_table(frame, **params)


def test_rfm_table_empty_and_not_a_frame(lines):
    with pytest.raises(CourseInputError, match="is empty"):
        rfm_table(lines.iloc[0:0], date="order_date", amount="revenue")
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame"):
        rfm_table(lines.to_dict(), date="order_date", amount="revenue")
    with pytest.raises(CourseInputError, match="no purchase is left"), pytest.warns(UserWarning):
        rfm_table(lines, date="order_date", amount="revenue", asof="2020-01-01")


transactions = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C", "D", "E"]),
        st.integers(0, 60),  # day offset
        st.sampled_from([-5.0, 0.0, 1.0, 2.5, 10.0, 99.99]),
        st.integers(0, 8),  # order number
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=transactions, asof_offset=st.integers(0, 70), seed=st.integers(0, 1000), use_order=st.booleans())
def test_rfm_table_properties(rows, asof_offset, seed, use_order):
    start = pd.Timestamp("2025-01-01")
    frame = pd.DataFrame(rows, columns=["customer_id", "day", "amount", "order"])
    frame["date"] = start + pd.to_timedelta(frame["day"], unit="D")
    frame["order_id"] = frame["customer_id"] + "-" + frame["order"].astype("str")
    asof = start + pd.Timedelta(days=asof_offset)
    before = frame.copy()
    order = "order_id" if use_order else None
    keep = (frame["date"] <= asof) & (frame["amount"] > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        if not keep.any():
            with pytest.raises(CourseInputError):
                rfm_table(frame, order=order, asof=asof)
            return
        got = rfm_table(frame, order=order, asof=asof)
        shuffled = rfm_table(frame.sample(frac=1, random_state=seed), order=order, asof=asof)
    pd.testing.assert_frame_equal(frame, before)  # input not modified
    pd.testing.assert_frame_equal(got, shuffled)  # row order does not matter
    want = rfm_by_hand(frame, "customer_id", "date", "amount", order, asof)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_names=False)
    assert (got["recency"] >= 0).all() and (got["frequency"] >= 1).all() and (got["monetary"] > 0).all()


# ---------------------------------------------------------------- rfm_scores


def test_scores_hand_computed():
    rfm = pd.DataFrame(
        {"recency": [5, 40, 40, 300], "frequency": [1, 1, 1, 6], "monetary": [10.0, 20.0, 30.0, 40.0]},
        index=["A", "B", "C", "D"],
    )
    scores = rfm_scores(rfm, bins=4)
    # R: strictly-worse counts (larger recency) 3, 1, 1, 0 -> 1 + 3*4//4 ...
    assert scores["r_score"].tolist() == [4, 2, 2, 1]
    assert scores["f_score"].tolist() == [1, 1, 1, 4]
    assert scores["m_score"].tolist() == [1, 2, 3, 4]
    assert scores["rfm_code"].tolist() == ["411", "212", "213", "144"]


def test_recency_reversed_most_recent_gets_top_score():
    rfm = pd.DataFrame({"recency": np.arange(1, 11), "frequency": 1, "monetary": 1.0})
    scores = rfm_scores(rfm)
    assert scores.loc[0, "r_score"] == 5 and scores.loc[9, "r_score"] == 1
    assert scores["r_score"].is_monotonic_decreasing


def test_distinct_values_give_equal_bins():
    rfm = pd.DataFrame({"recency": np.arange(100), "frequency": np.arange(100) * 3, "monetary": np.arange(100.0)})
    scores = rfm_scores(rfm, bins=5)
    for column in ("r_score", "f_score", "m_score"):
        assert scores[column].value_counts().sort_index().tolist() == [20] * 5


def test_mostly_one_time_buyers_do_not_crash():
    # pd.qcut would raise "Bin edges must be unique" here
    rfm = pd.DataFrame({"recency": [10] * 8 + [3, 1], "frequency": [1] * 8 + [2, 7], "monetary": [5.0] * 10})
    scores = rfm_scores(rfm)
    assert scores["f_score"].tolist() == [1] * 8 + [5, 5]
    assert scores["m_score"].eq(1).all()
    assert scores["r_score"].tolist() == [1] * 8 + [5, 5]


def test_scores_keep_input_columns_and_do_not_modify(lines):
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31")
    before = rfm.copy()
    scores = rfm_scores(rfm)
    pd.testing.assert_frame_equal(rfm, before)
    pd.testing.assert_frame_equal(scores[before.columns], before)
    assert scores[["r_score", "f_score", "m_score"]].dtypes.eq("int64").all()


@pytest.mark.parametrize("bins", [1, 10, 2.5, "5", True])
def test_scores_bad_bins(bins):
    rfm = pd.DataFrame({"recency": [1], "frequency": [1], "monetary": [1.0]})
    with pytest.raises(CourseInputError, match="bins="):
        rfm_scores(rfm, bins=bins)


def test_scores_bad_input():
    rfm = pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": ["1.0", "lots"]})
    with pytest.raises(CourseInputError, match=r"column 'monetary': 1 row is not a number"):
        rfm_scores(rfm)
    with pytest.raises(CourseInputError, match=r"column 'Recency' not found.*did you mean 'recency'"):
        rfm_scores(rfm, recency="Recency")
    with pytest.raises(CourseInputError, match="is empty"):
        rfm_scores(rfm.iloc[0:0])
    with pytest.raises(CourseInputError, match=r"column 'frequency': 1 row is empty"):
        rfm_scores(rfm.assign(monetary=1.0, frequency=[1.0, np.nan]))


rfm_frames = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 6), min_size=n, max_size=n),  # few distinct values: many ties
        st.lists(st.integers(1, 4), min_size=n, max_size=n),
        st.lists(st.sampled_from([1.0, 2.0, 50.0, 1e6]), min_size=n, max_size=n),
    )
)


@settings(max_examples=80, deadline=None)
@given(data=rfm_frames, bins=st.integers(2, 9), seed=st.integers(0, 10_000))
def test_scores_properties(data, bins, seed):
    rfm = pd.DataFrame({"recency": data[0], "frequency": data[1], "monetary": data[2]})
    rfm.index = [f"C{i}" for i in range(len(rfm))]
    before = rfm.copy()
    scores = rfm_scores(rfm, bins=bins)
    pd.testing.assert_frame_equal(rfm, before)
    shuffled = rfm_scores(rfm.sample(frac=1, random_state=seed), bins=bins).loc[rfm.index]
    pd.testing.assert_frame_equal(scores, shuffled)
    for raw, score, sign in (("recency", "r_score", -1), ("frequency", "f_score", 1), ("monetary", "m_score", 1)):
        assert scores[score].between(1, bins).all()
        # identical values -> identical scores
        assert (scores.groupby(raw)[score].nunique() == 1).all()
        # better value -> score at least as high (recency reversed)
        ordered = scores.assign(key=sign * scores[raw]).sort_values("key")
        assert ordered[score].is_monotonic_increasing
        # the worst value always scores 1
        assert (scores.loc[scores[raw] == (scores[raw].max() if sign < 0 else scores[raw].min()), score] == 1).all()


# ---------------------------------------------------------------- eight classes


def test_eight_classes_table_is_complete():
    assert len(EIGHT_CLASSES) == 8
    assert not EIGHT_CLASSES.duplicated(["recent", "frequent", "high_value"]).any()
    assert EIGHT_CLASSES["class_zh"].str.endswith("客户").all()


def test_recent_frequent_big_buyer_is_important_value():
    # bought yesterday, often and for a lot: 重要价值客户 (recency is LOW, not high)
    rfm = pd.DataFrame(
        {"recency": [1, 400, 380, 350], "frequency": [30, 1, 2, 1], "monetary": [50_000.0, 100.0, 300.0, 80.0]},
        index=["star", "x", "y", "z"],
    )
    got = eight_classes(rfm)
    assert got.loc["star", "class_zh"] == "重要价值客户"
    assert got.loc["star", "class_en"] == "Important value"
    assert bool(got.loc["star", "recent"]) and not got.loc["x", "recent"]


@pytest.mark.parametrize(
    ("recent", "frequent", "high", "expected"),
    [
        (True, True, True, "重要价值客户"),
        (False, True, True, "重要保持客户"),
        (True, False, True, "重要发展客户"),
        (False, False, True, "重要挽留客户"),
        (True, True, False, "一般价值客户"),
        (False, True, False, "一般保持客户"),
        (True, False, False, "一般发展客户"),
        (False, False, False, "一般挽留客户"),
    ],
)
def test_eight_class_mapping(recent, frequent, high, expected):
    # two reference customers put the means at recency 50, frequency 5, monetary 500
    probe = {"recency": 10 if recent else 90, "frequency": 9 if frequent else 1, "monetary": 900.0 if high else 100.0}
    other = {k: 2 * m - probe[k] for k, m in {"recency": 50, "frequency": 5, "monetary": 500.0}.items()}
    rfm = pd.DataFrame([probe, other], index=["probe", "other"])
    got = eight_classes(rfm)
    assert got.loc["probe", "class_zh"] == expected
    row = EIGHT_CLASSES.set_index("class_zh").loc[expected]
    assert got.loc["probe", "class_en"] == row["class_en"]


def test_value_equal_to_reference_counts_as_low_and_far():
    rfm = pd.DataFrame({"recency": [5, 5], "frequency": [2, 2], "monetary": [3.0, 3.0]})
    assert eight_classes(rfm)["class_zh"].eq("一般挽留客户").all()


def test_reference_median_differs_from_mean():
    rfm = pd.DataFrame({"recency": [10, 20, 30], "frequency": [1, 2, 3], "monetary": [1.0, 2.0, 100.0]})
    assert eight_classes(rfm, reference="mean")["high_value"].tolist() == [False, False, True]
    assert eight_classes(rfm, reference="median")["high_value"].tolist() == [False, False, True]
    assert eight_classes(rfm, reference="median")["recent"].tolist() == [True, False, False]
    assert eight_classes(rfm.assign(monetary=[1.0, 50.0, 60.0]), reference="median")["high_value"].tolist() == [
        False,
        False,
        True,
    ]
    assert eight_classes(rfm.assign(monetary=[1.0, 50.0, 60.0]))["high_value"].tolist() == [False, True, True]


def test_eight_classes_categories_and_bad_input():
    rfm = pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    got = eight_classes(rfm)
    assert list(got["class_zh"].cat.categories) == EIGHT_CLASSES["class_zh"].tolist()
    with pytest.raises(CourseInputError, match="reference='average'"):
        eight_classes(rfm, reference="average")
    with pytest.raises(CourseInputError, match="column 'monetary' not found"):
        eight_classes(rfm.drop(columns="monetary"))
    with pytest.raises(CourseInputError, match="not a number"):
        eight_classes(rfm.assign(recency=["1", "two"]))


@settings(max_examples=60, deadline=None)
@given(data=rfm_frames, reference=st.sampled_from(["mean", "median"]), seed=st.integers(0, 10_000))
def test_eight_classes_properties(data, reference, seed):
    rfm = pd.DataFrame({"recency": data[0], "frequency": data[1], "monetary": data[2]})
    rfm.index = [f"C{i}" for i in range(len(rfm))]
    before = rfm.copy()
    got = eight_classes(rfm, reference=reference)
    pd.testing.assert_frame_equal(rfm, before)
    assert got["class_zh"].notna().all() and got["class_zh"].isin(EIGHT_CLASSES["class_zh"]).all()
    # every customer is in exactly one class: the three flags decide it
    flags = got[["recent", "frequent", "high_value"]].merge(
        EIGHT_CLASSES, on=["recent", "frequent", "high_value"], how="left"
    )
    assert (flags["class_zh"].to_numpy() == got["class_zh"].astype("str").to_numpy()).all()
    ref = getattr(rfm, reference)()
    assert (got["recent"] == (rfm["recency"] < ref["recency"])).all()
    shuffled = eight_classes(rfm.sample(frac=1, random_state=seed), reference=reference).loc[rfm.index]
    pd.testing.assert_frame_equal(got, shuffled)


# ---------------------------------------------------------------- named segments


def test_every_score_cell_maps_to_exactly_one_segment():
    cells = pd.DataFrame(list(itertools.product(range(1, 6), range(1, 6))), columns=["r_score", "f_score"])
    got = named_segments(cells)
    assert got["segment"].notna().all()
    assert set(got["segment"]) == set(SEGMENTS["segment"])  # every segment is used
    assert got["segment"].astype("str").tolist() == [
        SEGMENT_GRID.loc[r, f] for r, f in itertools.product(range(1, 6), repeat=2)
    ]
    lookup = SEGMENTS.set_index("segment")["segment_zh"]
    assert (got["segment_zh"].astype("str").to_numpy() == lookup[got["segment"].astype("str")].to_numpy()).all()


def test_grid_holds_only_known_segments():
    assert SEGMENT_GRID.shape == (5, 5)
    assert set(SEGMENT_GRID.to_numpy().ravel()) == set(SEGMENTS["segment"])


def test_named_segment_direction():
    s = pd.DataFrame({"r_score": [5, 1, 5, 1], "f_score": [5, 5, 1, 1]}, index=list("abcd"))
    got = named_segments(s)["segment"].astype("str").tolist()
    assert got == ["Champions", "Can't lose them", "New customers", "Lost"]


@given(cells=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=50))
@settings(max_examples=60, deadline=None)
def test_named_segments_properties(cells):
    scores = pd.DataFrame(cells, columns=["r_score", "f_score", "m_score"])
    before = scores.copy()
    got = named_segments(scores)
    pd.testing.assert_frame_equal(scores, before)
    assert got["segment"].notna().all() and len(got) == len(scores)
    expected = [SEGMENT_GRID.loc[r, f] for r, f, _ in cells]
    assert got["segment"].astype("str").tolist() == expected


def test_named_segments_bad_input():
    with pytest.raises(CourseInputError, match=r"column 'r_score': 1 row is not a whole score 1-5: row 1 \(6\)"):
        named_segments(pd.DataFrame({"r_score": [1, 6], "f_score": [1, 2]}))
    with pytest.raises(CourseInputError, match=r"column 'f_score': 1 row is not a whole score 1-5: row 0 \(1.5\)"):
        named_segments(pd.DataFrame({"r_score": [1, 2], "f_score": [1.5, 2]}))
    with pytest.raises(CourseInputError, match="column 'f_score' not found"):
        named_segments(pd.DataFrame({"r_score": [1, 2]}))


# ---------------------------------------------------------------- strategies and profile


@pytest.mark.parametrize(("scheme", "names"), [("eight", EIGHT_CLASSES["class_en"]), ("named", SEGMENTS["segment"])])
def test_strategies_cover_every_segment(scheme, names):
    table = segment_strategies(scheme)
    assert table.columns.tolist() == ["segment", "segment_zh", "action", "channel", "offer"]
    assert table["segment"].tolist() == names.tolist()
    assert table.notna().all().all() and (table.map(len) > 0).all().all()
    table.loc[0, "action"] = "changed"  # a fresh copy every call
    assert segment_strategies(scheme).loc[0, "action"] != "changed"


def test_strategies_bad_scheme():
    with pytest.raises(CourseInputError, match="scheme='rfm'"):
        segment_strategies("rfm")


def test_segment_profile():
    rfm = pd.DataFrame({"recency": [1, 3, 10], "frequency": [2, 4, 1], "monetary": [10.0, 30.0, 60.0]})
    classes = eight_classes(rfm)
    profile = segment_profile(classes)
    assert profile.index.tolist() == EIGHT_CLASSES["class_en"].tolist()  # empty classes kept
    assert profile["customers"].sum() == 3
    assert profile["monetary_share"].sum() == pytest.approx(1.0)
    assert profile.loc["Important win-back", "monetary"] == 60.0
    with pytest.raises(CourseInputError, match="column 'segment' not found"):
        segment_profile(classes, segment="segment")


# ---------------------------------------------------------------- rfm_table over a recent window


@pytest.mark.parametrize("window_days", [1, 30, 184, 185, 731])
def test_window_equals_the_loop_on_the_window_rows(lines, window_days):
    asof = pd.Timestamp("2025-12-31")
    inside = lines[lines["order_date"] > asof - pd.Timedelta(days=window_days)]
    expected = rfm_by_hand(inside, "customer_id", "order_date", "revenue", "order_id", asof)
    got = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof=asof, window_days=window_days)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False)


def test_window_leaves_out_lapsed_customers_without_a_warning(lines):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof="2025-12-31", window_days=90)
    assert rfm.index.tolist() == ["C1", "C3"]  # C2 last bought 184 days ago
    assert rfm.loc["C3"].tolist() == [0, 1, 5.0]  # C3's order of 2024 is outside the window


@pytest.mark.parametrize("window_days", [0, -5, 1.5, True])
def test_window_must_be_whole_days(lines, window_days):
    with pytest.raises(CourseInputError, match="window_days must be a whole number of days"):
        rfm_table(lines, date="order_date", amount="revenue", asof="2025-12-31", window_days=window_days)


def test_window_without_purchases_says_so(lines):
    with pytest.raises(CourseInputError, match="no purchase is left in the 10 days"):
        rfm_table(lines, date="order_date", amount="revenue", asof="2026-03-31", window_days=10)


@pytest.mark.parametrize("parameters", [{}, {"seed": 7, "n_customers": 1200}], ids=["default", "seed7-n1200"])
def test_one_purchase_convention_for_rfm_and_clv(parameters):
    """RFM frequency = distinct purchase days = 1 + clv.summary's repeat purchases (lessons 03 and 07)."""
    from course.clv import summary
    from course.data import b2b_database
    from course.purchases import completed_orders

    db = b2b_database(**parameters)
    lines = completed_orders(db.orders)
    table = rfm_table(lines, date="order_date", amount="revenue", asof="2025-12-31")
    days = lines.assign(day=lines["order_date"].dt.normalize()).groupby("customer_id")["day"].nunique()
    assert (table["frequency"] == days.loc[table.index]).all()
    repeat = summary(lines, date="order_date", amount="revenue", asof="2025-12-31")["frequency"]
    assert (table["frequency"] == repeat.loc[table.index] + 1).all()
