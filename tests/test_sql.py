"""course.sql gives the pandas functions' results: same customers, same values, same classes, ties included.

Integers, dates, scores, classes and segments must be identical; sums of money are compared to 1e-12
relative, because DuckDB adds a customer's amounts in another order than pandas (the last bit of a
float sum depends on the order, in pandas too).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import lifecycle, pareto, rfm, sql
from course.clv import summary
from course.data import load_cdnow
from course.data.transactions import write_transactions
from course.purchases import completed_orders
from course.validation import CourseInputError

ASOF = "2025-12-31"
LINES = {"date": "order_date", "amount": "revenue", "order": "order_id"}
CLASS_COLUMNS = ["recent", "frequent", "high_value", "class_zh", "class_en"]


def same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=1e-12, atol=0)


def pandas_segments(table: pd.DataFrame, reference: str = "mean") -> pd.DataFrame:
    classes = rfm.eight_classes(table, reference=reference)[CLASS_COLUMNS]
    return rfm.named_segments(rfm.rfm_scores(table)).join(classes)


@pytest.fixture(scope="module")
def orders(b2b):
    return b2b.orders


@pytest.fixture(scope="module")
def b2b_rfm(orders):
    return rfm.rfm_table(completed_orders(orders), asof=ASOF, **LINES)


@pytest.fixture(scope="module")
def million(tmp_path_factory):
    """One million generated order lines, as a Parquet file and as the pandas frame read from it."""
    import duckdb

    path = write_transactions(tmp_path_factory.mktemp("tx") / "tx.parquet", rows=1_000_000, seed=3)
    return path, duckdb.sql(f"SELECT * FROM '{path}'").df()


# ---------------------------------------------------------------- RFM on the default data


def test_rfm_table_equals_pandas_on_the_b2b_orders(orders, b2b_rfm):
    pd.testing.assert_frame_equal(sql.rfm_table(orders, asof=ASOF, status="status", **LINES), b2b_rfm)


def test_rfm_segments_equal_the_pandas_chain(orders, b2b_rfm):
    same(sql.rfm_segments(orders, asof=ASOF, status="status", **LINES), pandas_segments(b2b_rfm))


@pytest.mark.parametrize("reference", ["mean", "median"])
def test_per_customer_steps_equal_pandas(b2b_rfm, reference):
    pd.testing.assert_frame_equal(
        sql.eight_classes(b2b_rfm, reference=reference), rfm.eight_classes(b2b_rfm, reference=reference)
    )
    scores = rfm.rfm_scores(b2b_rfm, bins=4 if reference == "median" else 5)
    pd.testing.assert_frame_equal(sql.rfm_scores(b2b_rfm, bins=4 if reference == "median" else 5), scores)
    five = rfm.rfm_scores(b2b_rfm)
    pd.testing.assert_frame_equal(sql.named_segments(five), rfm.named_segments(five))


def test_cdnow_rfm_with_its_ties_and_free_items():
    cdnow = load_cdnow()
    with pytest.warns(UserWarning) as pandas_warning:
        expected = pandas_segments(rfm.rfm_table(cdnow, asof="1998-07-01"))
    with pytest.warns(UserWarning) as sql_warning:
        got = sql.rfm_segments(cdnow, asof="1998-07-01")
    assert str(sql_warning[0].message) == str(pandas_warning[0].message).replace("rfm_table", "rfm_segments")
    same(got, expected)


def test_default_asof_is_the_day_after_the_latest_line_of_any_status(orders):
    got = sql.rfm_table(orders, status="status", **LINES)
    expected = rfm.rfm_table(completed_orders(orders), asof=orders["order_date"].max() + pd.Timedelta(days=1), **LINES)
    pd.testing.assert_frame_equal(got, expected)


# ---------------------------------------------------------------- Pareto, lifecycle, CLV


def test_pareto_figures_equal_pandas(b2b_rfm):
    revenue = b2b_rfm["monetary"]
    assert sql.top_share(revenue) == pytest.approx(pareto.top_share(revenue), rel=1e-12)
    assert sql.gini(revenue) == pytest.approx(pareto.gini(revenue), rel=1e-12)
    for share in (0.0, 0.5, 0.8, 1.0):
        assert sql.share_of_customers_for(revenue, share) == pareto.share_of_customers_for(revenue, share)
    pd.testing.assert_series_equal(
        sql.concentration_summary(revenue, 0.1, 0.9), pareto.concentration_summary(revenue, 0.1, 0.9), rtol=1e-12
    )
    same(sql.abc_classes(revenue), pareto.abc_classes(revenue))


def test_abc_ties_keep_the_input_order():
    values = pd.Series([5.0, 10.0, 5.0, 5.0, 75.0], index=["e", "d", "c", "b", "a"])
    same(
        sql.abc_classes(values, thresholds=(0.8, 0.9), labels=("x", "y", "z")),
        pareto.abc_classes(values, thresholds=(0.8, 0.9), labels=("x", "y", "z")),
    )
    assert sql.gini([0.0, 0.0, 0.0, 12.0]) == pareto.gini([0.0, 0.0, 0.0, 12.0])


@pytest.mark.parametrize("rule", ["fixed", "rhythm"])
def test_lifecycle_states_equal_pandas(b2b, rule):
    expected = lifecycle.lifecycle_states(b2b.orders, ASOF, customers=b2b.customers, rule=rule)
    got = sql.lifecycle_states(b2b.orders, ASOF, customers=b2b.customers, rule=rule)
    same(got, expected)
    same(
        sql.lifecycle_states(b2b.orders, rule=rule, active_days=90, churn_days=200),
        lifecycle.lifecycle_states(b2b.orders, rule=rule, active_days=90, churn_days=200),
    )


@pytest.mark.parametrize(("freq", "multiplier"), [("D", 1), ("D", 7), ("W", 1), ("M", 1)])
def test_clv_summary_equals_pandas_on_cdnow(freq, multiplier):
    cdnow = load_cdnow()
    calibration = cdnow[cdnow["date"] <= "1997-09-30"]
    expected = summary(calibration, asof="1997-09-30", freq=freq, freq_multiplier=multiplier)
    same(sql.summary(calibration, asof="1997-09-30", freq=freq, freq_multiplier=multiplier), expected)


def test_clv_summary_warns_like_pandas_about_later_rows():
    cdnow = load_cdnow()
    with pytest.warns(UserWarning, match="were left out") as record:
        got = sql.summary(cdnow, asof="1997-09-30", amount=None)
    with pytest.warns(UserWarning) as pandas_record:
        expected = summary(cdnow, asof="1997-09-30", amount=None)
    assert str(record[0].message) == str(pandas_record[0].message)
    same(got, expected)


# ---------------------------------------------------------------- a million generated lines


def test_a_million_lines_from_parquet_equal_pandas(million):
    path, frame = million
    expected_rfm = rfm.rfm_table(completed_orders(frame), **LINES)
    same(sql.rfm_table(path, status="status", **LINES), expected_rfm)
    same(sql.rfm_segments(path, status="status", **LINES), pandas_segments(expected_rfm))
    same(sql.abc_classes(expected_rfm["monetary"]), pareto.abc_classes(expected_rfm["monetary"]))


def test_a_million_lines_lifecycle_and_clv_equal_pandas(million):
    path, frame = million
    same(sql.lifecycle_states(path, rule="rhythm"), lifecycle.lifecycle_states(frame, rule="rhythm"))
    completed = completed_orders(frame)
    expected = summary(completed, date="order_date", amount="revenue", asof="2026-01-01", freq="W")
    same(sql.summary(path, date="order_date", amount="revenue", asof="2026-01-01", freq="W", status="status"), expected)


# ---------------------------------------------------------------- sources


def test_csv_folder_and_frame_sources_agree(tmp_path, orders, b2b_rfm):
    import duckdb

    orders.to_csv(tmp_path / "orders.csv", index=False)
    parts = tmp_path / "parts"
    parts.mkdir()
    con = duckdb.connect()
    con.register("o", orders)
    half = len(orders) // 2
    con.execute(f"COPY (SELECT * FROM o LIMIT {half}) TO '{parts / 'a.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT * FROM o OFFSET {half}) TO '{parts / 'b.parquet'}' (FORMAT parquet)")
    text_dates = orders.assign(order_date=orders["order_date"].dt.strftime("%Y-%m-%d"))
    for source in (tmp_path / "orders.csv", parts, str(parts), text_dates):
        pd.testing.assert_frame_equal(sql.rfm_table(source, asof=ASOF, status="status", **LINES), b2b_rfm)


def test_a_per_customer_file_is_read_by_duckdb(tmp_path, b2b_rfm):
    b2b_rfm.reset_index().to_csv(tmp_path / "rfm.csv", index=False)
    scores = sql.rfm_scores(tmp_path / "rfm.csv")
    assert scores["rfm_code"].tolist() == rfm.rfm_scores(b2b_rfm)["rfm_code"].tolist()


@settings(max_examples=15)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 40), st.sampled_from([1.0, 2.5, 10.0, 0.1]), st.integers(0, 3)),
        min_size=1,
        max_size=40,
    )
)
def test_random_small_tables_equal_pandas(rows):
    """Many ties (few customers, days and amounts): scores, classes and segments still agree."""
    frame = pd.DataFrame(rows, columns=["customer", "day", "amount", "order"])
    frame["customer_id"] = "K" + frame["customer"].astype(str)
    frame["order_id"] = frame["customer_id"] + "-" + frame["order"].astype(str)
    frame["order_date"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(frame["day"], unit="D")
    frame["revenue"] = frame["amount"]
    expected = rfm.rfm_table(frame, **LINES)
    same(sql.rfm_segments(frame, **LINES), pandas_segments(expected))
    same(
        sql.lifecycle_states(frame, rule="rhythm", status=None),
        lifecycle.lifecycle_states(frame, rule="rhythm", status=None),
    )


# ---------------------------------------------------------------- errors and warnings: the pandas messages


def _message(call) -> str:
    with pytest.raises(CourseInputError) as error:
        call()
    return str(error.value)


def test_a_misspelt_column_gets_the_pandas_message(orders):
    bad = {**LINES, "amount": "revenu"}
    assert _message(lambda: sql.rfm_table(orders, **bad)) == _message(lambda: rfm.rfm_table(orders, **bad))


def test_empty_cells_of_a_frame_get_the_pandas_message(orders):
    broken = orders.head(20).copy()
    broken.loc[[3, 7], "customer_id"] = None
    assert _message(lambda: sql.rfm_table(broken, **LINES)) == _message(lambda: rfm.rfm_table(broken, **LINES))
    assert _message(lambda: sql.lifecycle_states(broken)) == _message(lambda: lifecycle.lifecycle_states(broken))


def test_an_unknown_status_in_a_file_names_its_rows(tmp_path, orders):
    broken = orders.head(50).astype({"status": "str"})
    broken.loc[[4, 9], "status"] = "Completed"
    broken.to_csv(tmp_path / "orders.csv", index=False)
    message = _message(lambda: sql.lifecycle_states(tmp_path / "orders.csv"))
    assert message == _message(lambda: lifecycle.lifecycle_states(broken)).replace("'orders'", "'orders.csv'")


def test_text_that_is_not_a_date_or_a_number_in_a_file(tmp_path):
    (tmp_path / "tx.csv").write_text("customer_id,date,amount\nA,2024-01-31,10\nB,2024-02-30,5\nC,2024-03-01,ten\n")
    assert "column 'date': 1 row is not a valid date: row 1 ('2024-02-30')" in _message(
        lambda: sql.rfm_table(tmp_path / "tx.csv")
    )


def test_sources_that_are_not_tables(tmp_path):
    assert "must be a pandas DataFrame, a CSV or Parquet file" in _message(lambda: sql.rfm_table([1, 2]))
    assert "not found" in _message(lambda: sql.rfm_table(tmp_path / "nowhere.parquet"))
    assert "holds no .parquet or .csv file" in _message(lambda: sql.rfm_table(tmp_path))


def test_rows_after_asof_get_the_pandas_warning(orders):
    completed = completed_orders(orders)
    with pytest.warns(UserWarning) as expected:
        rfm.rfm_table(completed, asof="2024-12-31", **LINES)
    with pytest.warns(UserWarning) as got:
        sql.rfm_table(orders, asof="2024-12-31", status="status", **LINES)
    assert [str(w.message) for w in got] == [str(w.message) for w in expected]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sql.rfm_table(orders, asof=ASOF, status="status", **LINES)


# ---------------------------------------------------------------- the SQL text and the generator


def test_every_sql_file_is_a_concept_and_reads_well():
    assert set(sql.names()) >= {
        "order_lines",
        "purchases",
        "rfm_table",
        "rfm_scores",
        "eight_classes",
        "named_segments",
        "concentration",
        "abc_classes",
        "lifecycle_states",
        "clv_summary",
    }
    for name in sql.names():
        assert sql.text(name).startswith("--"), f"{name}.sql should open with a comment saying what it computes"


def test_query_is_one_statement_that_duckdb_runs(orders, b2b_rfm):
    import duckdb

    con = duckdb.connect()
    con.register("tx", orders)
    statement = sql.query("rfm_table", source="tx", asof=ASOF, status="status", **LINES)
    got = con.execute(statement).df().set_index("customer_id")
    assert got["frequency"].tolist() == b2b_rfm["frequency"].tolist()


def test_the_generator_is_deterministic_for_a_seed(tmp_path):
    import duckdb

    def content(path):
        return duckdb.sql(f"SELECT * FROM '{path}'").df()

    first = content(write_transactions(tmp_path / "a.parquet", rows=5_000, seed=7))
    again = content(write_transactions(tmp_path / "b.parquet", rows=5_000, seed=7))
    other = content(write_transactions(tmp_path / "c.parquet", rows=5_000, seed=8))
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)
    assert len(first) == 5_000 and first["customer_id"].nunique() <= 500
    assert set(first["status"]) == {"completed", "cancelled", "returned"}
    assert first["order_date"].between("2020-01-01", "2025-12-31").all() and (first["revenue"] > 0).all()


@pytest.mark.parametrize("rows", [0, -5, 2.5, "10", True])
def test_the_generator_refuses_a_bad_number_of_rows(tmp_path, rows):
    assert "whole number of at least 1" in _message(lambda: write_transactions(tmp_path / "x.parquet", rows=rows))


def test_the_generator_never_overwrites_without_force(tmp_path):
    path = write_transactions(tmp_path / "tx.parquet", rows=10)
    assert "exists already" in _message(lambda: write_transactions(path, rows=10))
    write_transactions(path, rows=20, force=True)
    import duckdb

    assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0] == 20
    assert not np.any([p.name.endswith(".partial") for p in tmp_path.iterdir()])


def test_empty_ids_in_a_parquet_file_are_found_from_its_footer_and_named(tmp_path, orders):
    import duckdb

    broken = orders.head(30).astype({"customer_id": "object"})
    broken.loc[[2, 11], "customer_id"] = None
    con = duckdb.connect()
    con.register("o", broken)
    con.execute(f"COPY o TO '{tmp_path / 'o.parquet'}' (FORMAT parquet)")
    message = _message(lambda: sql.rfm_table(tmp_path / "o.parquet", **LINES))
    assert message == (
        "table 'o.parquet', column 'customer_id': 2 rows are empty: row 2 (None), row 11 (None). "
        "Fill them in or drop those rows first."
    )
