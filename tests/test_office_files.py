"""Files a real office produces (issue 18, points 7-9): dd.mm.yyyy dates, Excel's Chinese encodings, future orders.

Each case is a database saved by the course, then rewritten as an office would export it; the loader must read
it right or say exactly what to fix -- never swap days and months silently.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from course.data import generate_b2b, load_b2b, save_b2b
from course.validation import CourseDataWarning, CourseInputError


@pytest.fixture(scope="module")
def small_db():
    return generate_b2b(n_customers=60, seed=7)


@pytest.fixture
def folder(small_db, tmp_path):
    save_b2b(small_db, tmp_path / "db")
    return tmp_path / "db"


def _rewrite_dates(folder, fmt, table="orders", column="order_date"):
    file = folder / f"{table}.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame[column] = pd.to_datetime(frame[column]).dt.strftime(fmt)
    frame.to_csv(file, index=False, lineterminator="\n")
    return frame


def test_a_day_first_column_is_read_day_first_as_a_whole(folder, small_db):
    _rewrite_dates(folder, "%d.%m.%Y")  # some day is above 12, so the column decides: day first
    loaded = load_b2b(folder)
    pd.testing.assert_series_equal(loaded.orders["order_date"], small_db.orders["order_date"])


def test_a_month_first_column_is_read_month_first(folder, small_db):
    _rewrite_dates(folder, "%m/%d/%Y")
    assert load_b2b(folder).orders["order_date"].equals(small_db.orders["order_date"])


def test_an_ambiguous_column_is_an_error_naming_table_column_rows_and_fix(folder, small_db):
    frame = _rewrite_dates(folder, "%d.%m.%Y")
    frame = frame[pd.to_datetime(small_db.orders["order_date"]).dt.day.le(12).to_numpy()]  # no row decides
    frame.to_csv(folder / "orders.csv", index=False, lineterminator="\n")
    invoices = pd.read_csv(folder / "invoices.csv", dtype=str, keep_default_na=False)
    kept = invoices[invoices["order_id"].isin(frame["order_id"])]  # invoices of the orders kept
    kept.to_csv(folder / "invoices.csv", index=False, lineterminator="\n")
    with pytest.raises(CourseInputError) as error:
        load_b2b(folder)
    message = str(error.value)
    assert "table 'orders', column 'order_date'" in message and "row 0 (" in message and "dayfirst=True" in message
    by_day = load_b2b(folder, dayfirst=True).orders["order_date"]  # the fix the message names
    assert by_day.dt.strftime("%d.%m.%Y").tolist() == frame["order_date"].tolist()


def test_one_column_is_read_with_one_rule(folder):
    file = folder / "orders.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame["order_date"] = "05/01/2023"
    frame.loc[0, "order_date"] = "13/01/2023"
    frame.to_csv(file, index=False, lineterminator="\n")
    dates = load_b2b(folder).orders["order_date"]
    assert (dates.iloc[1:] == pd.Timestamp("2023-01-05")).all()  # day first, like row 0, never 1 May
    frame.loc[1, "order_date"] = "01/13/2023"  # now the column mixes both conventions
    frame.to_csv(file, index=False, lineterminator="\n")
    with pytest.raises(CourseInputError, match=r"mixes two conventions: day first in row 0 .*month first in row 1"):
        load_b2b(folder)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_a_chinese_office_s_csv_loads_and_says_its_encoding(folder, small_db, encoding):
    file = folder / "customers.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame["company_name"] = "上海" + frame["company_name"]  # Chinese text, as a real customer list has
    frame.to_csv(file, index=False, lineterminator="\n", encoding=encoding)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load_b2b(folder)
    assert loaded.customers["company_name"].str.startswith("上海").all()
    said = [str(w.message) for w in caught if issubclass(w.category, CourseDataWarning)]
    if encoding == "utf-8":
        assert said == []
    else:
        label = "byte-order mark" if encoding == "utf-8-sig" else "GB18030"
        assert len(said) == 1 and "customers.csv" in said[0] and label in said[0]


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1"])
def test_a_file_in_another_encoding_is_named_with_how_to_save_it(folder, encoding):
    file = folder / "customers.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame["company_name"] = "Café Ñandú ÿ" + frame["company_name"]
    frame.to_csv(file, index=False, lineterminator="\n", encoding=encoding)
    with pytest.raises(CourseInputError, match=r"customers\.csv: not a CSV file in UTF-8 or GB18030.*CSV UTF-8"):
        load_b2b(folder)


def test_orders_dated_in_the_future_are_said_at_load(folder):
    file = folder / "orders.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame.loc[[3, 8], "order_date"] = "2099-01-01"
    frame.to_csv(file, index=False, lineterminator="\n")
    with pytest.warns(CourseDataWarning, match=r"table 'orders', column 'order_date': 2 rows .*row 3 \(2099-01-01\)"):
        load_b2b(folder)


def test_the_shipped_data_loads_without_a_word():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_b2b()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["05/05/2023", "2024-01-31"], ["2023-05-05", "2024-01-31"]),  # the same read either way
        (["2024/1/5", "2024年1月31日", "31 Jan 2024"], ["2024-01-05", "2024-01-31", "2024-01-31"]),
        (["31/31/2024", "2024-01-01"], "not a valid date: row 0 ('31/31/2024')"),  # no date in either reading
        (["05/01/23"], "not a valid date"),  # a two-digit year is not guessed
    ],
)
def test_dates_an_office_types(values, expected):
    from course.validation import parse_dates

    frame = pd.DataFrame({"day": values})
    if isinstance(expected, str):
        with pytest.raises(CourseInputError, match=re.escape(expected)):
            parse_dates(frame, "day", table="orders")
    else:
        assert parse_dates(frame, "day", table="orders").dt.strftime("%Y-%m-%d").tolist() == expected
