"""Tests of the exercise-10 checks: each fails on `...` and on the usual wrong answers, and passes on the right one.

The right answers are computed here in DuckDB's own SQL, independently of the
pandas functions the checks use, on a small generated Parquet file.
"""

from __future__ import annotations

import math

import duckdb
import pytest

from course.checks import AnswerError
from course.checks import lesson10 as check
from course.rfm import named_segments, rfm_scores


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return check.exercise_data(folder=tmp_path_factory.mktemp("ex10"), seed=3, n_customers=300)


def sql(path, query: str):
    return duckdb.sql(query.format(path=f"'{path}'")).fetchall()


@pytest.fixture(scope="module")
def rfm(path):
    """RFM by hand in SQL: completed lines, orders counted, as of 2025-12-31 (explicit, as in every lesson)."""
    frame = duckdb.sql(
        f"""
        SELECT customer_id,
               DATE '2025-12-31' - max(CAST(order_date AS DATE)) AS recency,
               count(DISTINCT order_id) AS frequency,
               sum(revenue) AS monetary
        FROM '{path}' WHERE status = 'completed' GROUP BY customer_id ORDER BY customer_id
        """
    ).df()
    return frame.set_index("customer_id")


def test_the_file_is_the_exercise_s_own(path):
    (lines,) = sql(path, "SELECT count(*) FROM {path}")[0]
    assert lines == check.LINES_PER_CUSTOMER * 300


def test_blank_answers_fail_with_their_own_message(path):
    for q in (check.q1, check.q2, check.q3, check.q4, check.q5):
        with pytest.raises(AnswerError, match="replace the dots"):
            q(..., path)


def test_q1_counts_completed_lines(path, capsys):
    (completed,) = sql(path, "SELECT count(*) FROM {path} WHERE status = 'completed'")[0]
    (every,) = sql(path, "SELECT count(*) FROM {path}")[0]
    check.q1(completed, path)
    assert "✓ Question 1" in capsys.readouterr().out
    with pytest.raises(AnswerError, match="counts every line"):
        check.q1(every, path)


def test_q2_monetary_per_customer(path, rfm):
    check.q2(rfm["monetary"], path)
    every_line = duckdb.sql(
        f"SELECT customer_id, sum(revenue) AS m FROM '{path}' GROUP BY customer_id ORDER BY customer_id"
    ).df()
    every_line = every_line.set_index("customer_id")["m"].rename("monetary")
    with pytest.raises(AnswerError) as wrong:
        check.q2(every_line, path)
    assert "completed" in wrong.value.hint


def test_q3_champions_share_and_its_percentage(path, rfm):
    segments = named_segments(rfm_scores(rfm.astype({"recency": "int64", "frequency": "int64"})))["segment"]
    share = float((segments == "Champions").mean())
    assert 0 < share < 1
    check.q3(share, path)
    with pytest.raises(AnswerError) as wrong:
        check.q3(100 * share, path)
    assert "fraction" in wrong.value.hint


def test_q4_top_share(path, rfm):
    values = rfm["monetary"].sort_values(ascending=False).to_numpy()
    top = math.ceil(0.2 * len(values))  # the course's top 20%: ceil(0.2 n) customers (course.pareto.top_share)
    share = float(values[:top].sum() / values.sum())
    check.q4(share, path)
    with pytest.raises(AnswerError):
        check.q4(0.8, path)


def churned_as_of(path, as_of: str) -> int:
    (churned,) = sql(
        path,
        f"""
        SELECT count(*) FROM (
            SELECT customer_id FROM {{path}} WHERE status = 'completed' GROUP BY customer_id
            HAVING {as_of} - max(CAST(order_date AS DATE)) > 365)
        """,
    )[0]
    return churned


def test_q5_churned_customers_as_of_2025_12_31(path):
    (last,) = sql(path, "SELECT max(CAST(order_date AS DATE)) FROM {path}")[0]
    assert str(last) == "2025-12-31"  # the file's history ends on the exercise's as-of day
    churned = churned_as_of(path, "DATE '2025-12-31'")
    check.q5(churned, path)
    with pytest.raises(AnswerError):
        check.q5(churned + 3, path)
    assert churned_as_of(path, "DATE '2025-12-31'") <= churned_as_of(path, "DATE '2026-01-01'")
