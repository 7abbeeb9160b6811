"""The course's SQL runs unchanged on Spark SQL (local mode) and gives DuckDB's answers.

Skipped, with the reason, where Java or pyspark is missing (a trainee's laptop); CI installs both
(``.ci/run``: Debian's default-jre-headless and requirements-spark.txt). One Spark session for the
module and the default B2B orders (37,587 lines) keep it to a few seconds once Java has started.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from course import sql

pytestmark = pytest.mark.spark

LINES = {"date": "order_date", "amount": "revenue", "order": "order_id", "status": "status"}


def _pyspark():
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Debian: apt-get install default-jre-headless)", allow_module_level=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark warns that it does not fully support pandas 3; it is not used here
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            pytest.skip("pyspark is not installed (pip install -r requirements-spark.txt)", allow_module_level=True)
    return SparkSession


@pytest.fixture(scope="module")
def spark():
    session_class = _pyspark()
    session = (
        session_class.builder.master("local[2]")
        .appName("course-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def orders_parquet(b2b, tmp_path_factory):
    import duckdb

    path = tmp_path_factory.mktemp("spark") / "orders.parquet"
    con = duckdb.connect()
    con.register("orders", b2b.orders)
    # Spark reads Parquet timestamps in micro- or milliseconds, not pandas' nanoseconds: store the days
    con.execute(
        f"COPY (SELECT * REPLACE (CAST(order_date AS DATE) AS order_date) FROM orders) TO '{path}' (FORMAT parquet)"
    )
    return path


@pytest.fixture(scope="module")
def view(spark, orders_parquet):
    spark.read.parquet(str(orders_parquet)).createOrReplaceTempView("orders")
    return "orders"


def on_duckdb(path, concept, **options) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW orders AS SELECT * FROM '{path}'")
    return con.execute(sql.query(concept, source="orders", **options)).df()


#: One statement per concept (the medians of the eight classes and the rhythm rule included); Spark starts once.
CASES = [
    ("rfm_segments", {**LINES, "reference": "median"}),
    ("abc_classes", {**LINES, "asof": "2025-12-31"}),
    ("concentration", {**LINES, "asof": "2025-12-31", "top": 0.1}),
    ("lifecycle_states", {**LINES, "amount": None, "order": None, "asof": "2025-12-31", "rule": "rhythm"}),
    ("clv_summary", {**LINES, "asof": "2025-12-31", "freq": "W", "freq_multiplier": 7}),
]


@pytest.mark.parametrize(("concept", "options"), CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_spark_runs_the_same_statement_as_duckdb(spark, view, orders_parquet, concept, options):
    got = sql.on_spark(spark, concept, view, **options)
    expected = on_duckdb(orders_parquet, concept, **options)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=False, rtol=1e-12)
