"""Input validation: every bad input gets one clear message naming column, rows and fix."""

import numpy as np
import pandas as pd
import pytest

from course.validation import (
    CourseInputError,
    parse_dates,
    parse_numbers,
    require_columns,
    require_known_keys,
    require_not_empty,
    require_number,
    require_unique,
)


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3"],
            "customer_id": ["C1", "C2", "C9"],
            "amount": ["10", "2.5", "x"],
            "day": ["2024-01-01", "bad", None],
        }
    )


def test_missing_column_lists_available_and_suggests(orders):
    with pytest.raises(
        CourseInputError, match=r"column 'amout' not found; available columns: 'order_id', .*did you mean 'amount'"
    ):
        require_columns(orders, ["amout"], table="orders")


def test_not_a_dataframe():
    with pytest.raises(CourseInputError, match="must be a pandas DataFrame, got list"):
        require_columns([1, 2], ["a"], table="orders")


def test_empty_table():
    with pytest.raises(CourseInputError, match="table 'orders' is empty"):
        require_not_empty(pd.DataFrame({"a": []}), table="orders")


def test_non_numeric_value_is_named(orders):
    with pytest.raises(CourseInputError, match=r"column 'amount': 1 row is not a number: row 2 \('x'\)"):
        parse_numbers(orders, "amount", table="orders")


def test_numbers_parse_and_input_is_untouched(orders):
    before = orders.copy()
    assert parse_numbers(orders.iloc[:2], "amount", table="orders").tolist() == [10.0, 2.5]
    pd.testing.assert_frame_equal(orders, before)


def test_unparsable_date_is_named(orders):
    with pytest.raises(CourseInputError, match=r"column 'day': 1 row is not a valid date: row 1 \('bad'\)"):
        parse_dates(orders, "day", table="orders")


def test_missing_date_is_named():
    frame = pd.DataFrame({"day": ["2024-01-01", None]})
    with pytest.raises(CourseInputError, match=r"1 row is empty: row 1"):
        parse_dates(frame, "day", table="orders")
    assert parse_dates(frame, "day", table="orders", allow_missing=True).isna().sum() == 1


def test_all_missing_column():
    frame = pd.DataFrame({"customer_id": [None, None]})
    with pytest.raises(CourseInputError, match="empty in every row"):
        parse_numbers(frame, "customer_id", table="orders")


def test_duplicate_key_is_named():
    frame = pd.DataFrame({"customer_id": ["C1", "C2", "C1"]})
    with pytest.raises(
        CourseInputError,
        match=r"key 'customer_id' must be unique but 2 rows repeat keys: row 0 \('C1'\), row 2 \('C1'\)",
    ):
        require_unique(frame, "customer_id", table="customers")


def test_unknown_foreign_key_is_named(orders):
    with pytest.raises(CourseInputError, match=r"1 row refers to an id missing from 'customers': row 2 \('C9'\)"):
        require_known_keys(orders, "customer_id", pd.Series(["C1", "C2"]), table="orders", parent_table="customers")


def test_long_lists_are_summarised():
    frame = pd.DataFrame({"amount": [f"x{i}" for i in range(12)]})
    with pytest.raises(CourseInputError, match=r"12 rows are not numbers: .* and 7 more"):
        parse_numbers(frame, "amount", table="orders")


@pytest.mark.parametrize("value", [7, 7.5, 0, np.int64(3), np.float32(0.5)])
def test_require_number_returns_a_float(value):
    got = require_number(value, name="threshold", minimum=0)
    assert isinstance(got, float) and got == float(value)


@pytest.mark.parametrize("value", [True, "7", None, float("nan"), float("inf"), -0.1, [1]])
def test_require_number_names_the_parameter(value):
    with pytest.raises(CourseInputError, match=r"^threshold must be a number >= 0, got "):
        require_number(value, name="threshold", minimum=0)


def test_require_number_without_a_minimum_accepts_negatives():
    assert require_number(-3, name="shift") == -3.0
    with pytest.raises(CourseInputError, match=r"^shift must be a number, got 'x'"):
        require_number("x", name="shift")
