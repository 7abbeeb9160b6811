"""Tests of loading, saving and validating the B2B database (``course.data.load_b2b`` and friends)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from course.data import SCHEMA, B2BDatabase, b2b_database, generate_b2b, load_b2b, save_b2b
from course.data.b2b_schema import CORE_TABLES, KEY_ACCOUNT_TABLES, render_data_dictionary
from course.data.paths import DATA_DIR
from course.validation import CourseInputError


@pytest.fixture(scope="module")
def small_db() -> B2BDatabase:
    return generate_b2b(n_customers=60, seed=3)


@pytest.fixture
def folder(small_db, tmp_path) -> Path:
    target = tmp_path / "db"
    save_b2b(small_db, target)
    return target


def edit(folder: Path, table: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    """Rewrite ``folder/table.csv`` after applying ``change`` to its text cells."""
    file = folder / f"{table}.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    change(frame).to_csv(file, index=False, lineterminator="\n")


def set_cell(table_row: int, column: str, value: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[table_row, column] = value
        return frame

    return change


# ---------------------------------------------------------------- loading the shipped data
def test_load_shipped_database():
    db = load_b2b()
    assert isinstance(db, B2BDatabase)
    assert len(db.customers) == 2000
    for name, frame in db.tables().items():
        assert list(frame.columns) == SCHEMA[name].column_names
        for spec in SCHEMA[name].columns:
            assert frame[spec.name].dtype == spec.dtype, (name, spec.name)
    assert db.customers["customer_id"].dtype == "str"
    assert db.interactions["contact_id"].isna().any()


def test_b2b_database_defaults_load_the_shipped_files():
    pdt.assert_frame_equal(b2b_database().orders, load_b2b().orders)


def test_b2b_database_other_parameters_generate_in_memory():
    db = b2b_database(seed=7, n_customers=80)
    pdt.assert_frame_equal(db.orders, generate_b2b(n_customers=80, seed=7).orders)
    assert len(b2b_database(n_customers=70).customers) == 70


def test_load_accepts_str_and_path(folder, small_db):
    for path in (folder, str(folder)):
        db = load_b2b(path)
        for name in SCHEMA:
            pdt.assert_frame_equal(db.tables()[name], small_db.tables()[name])


# ---------------------------------------------------------------- saving
def test_save_writes_deterministic_text(folder, small_db, tmp_path):
    files = save_b2b(small_db, tmp_path / "again")
    assert [f.name for f in files] == [spec.filename for spec in SCHEMA.values()]
    for f in files:
        assert f.read_bytes() == (folder / f.name).read_bytes()
        raw = f.read_bytes()
        assert b"\r" not in raw and raw.endswith(b"\n")
    header = (folder / "orders.csv").read_text(encoding="utf-8").splitlines()
    assert header[0] == ",".join(SCHEMA["orders"].column_names)
    first = dict(zip(header[0].split(","), header[1].split(","), strict=True))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["order_date"])
    for money in ("revenue", "cost", "margin"):
        assert re.fullmatch(r"-?\d+\.\d{2}", first[money])
    tickets = pd.read_csv(folder / "tickets.csv", dtype=str, keep_default_na=False)
    opps = pd.read_csv(folder / "opportunities.csv", dtype=str, keep_default_na=False)
    assert (opps["contract_amount"] == "").any() and not opps["contract_amount"].str.contains("nan").any()
    assert not tickets["closed_date"].str.contains("NaT").any()


def test_save_rejects_other_objects(tmp_path):
    with pytest.raises(CourseInputError, match="B2BDatabase"):
        save_b2b({"orders": pd.DataFrame()}, tmp_path)  # type: ignore[arg-type]


# ---------------------------------------------------------------- bad input
def test_missing_folder(tmp_path):
    with pytest.raises(CourseInputError, match="folder not found"):
        load_b2b(tmp_path / "nowhere")


def test_missing_table_file(folder):
    (folder / "tickets.csv").unlink()
    with pytest.raises(CourseInputError, match=r"table 'tickets': file .*tickets\.csv not found.*generate"):
        load_b2b(folder)


def test_missing_column(folder):
    edit(folder, "orders", lambda f: f.drop(columns="revenue"))
    with pytest.raises(CourseInputError, match=r"table 'orders': column 'revenue' not found"):
        load_b2b(folder)


def test_unparsable_date(folder):
    edit(folder, "orders", set_cell(3, "order_date", "2023-02-30"))
    with pytest.raises(
        CourseInputError,
        match=r"table 'orders', column 'order_date': 1 row is not a valid date: "
        r"row 3 \('2023-02-30'\)\. Use the format YYYY-MM-DD",
    ):
        load_b2b(folder)


def test_non_numeric_amount(folder):
    edit(folder, "orders", set_cell(2, "revenue", "¥1,200.00"))
    with pytest.raises(CourseInputError, match=r"table 'orders', column 'revenue': 1 row is not a number: row 2"):
        load_b2b(folder)


def test_empty_required_cell(folder):
    edit(folder, "surveys", set_cell(0, "csat", ""))
    with pytest.raises(CourseInputError, match=r"table 'surveys', column 'csat': 1 row is empty: row 0"):
        load_b2b(folder)


def test_count_that_is_not_a_whole_number(folder):
    edit(folder, "orders", set_cell(1, "quantity", "2.5"))
    with pytest.raises(CourseInputError, match=r"column 'quantity': 1 row is not a whole number: row 1"):
        load_b2b(folder)


def test_score_out_of_range(folder):
    edit(folder, "surveys", set_cell(4, "csat", "6"))
    with pytest.raises(
        CourseInputError,
        match=r"table 'surveys', column 'csat': 1 row is out of range: "
        r"row 4 \(6\)\. Values must be between 1 and 5",
    ):
        load_b2b(folder)


def test_unknown_status(folder):
    edit(folder, "orders", set_cell(5, "status", "Completed"))
    with pytest.raises(
        CourseInputError,
        match=r"column 'status': 1 row has an unknown value: row 5 \('Completed'\)"
        r"\. Use one of 'completed', 'cancelled', 'returned'",
    ):
        load_b2b(folder)


def test_duplicate_key(folder):
    edit(folder, "customers", lambda f: pd.concat([f, f.iloc[[7]]], ignore_index=True))
    with pytest.raises(
        CourseInputError,
        match=r"table 'customers': key 'customer_id' must be unique but 2 rows "
        r"repeat keys: row 7 \('C00008'\), row 60 \('C00008'\)",
    ):
        load_b2b(folder)


def test_duplicate_order_line(folder):
    edit(folder, "orders", lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True))
    with pytest.raises(CourseInputError, match=r"table 'orders': key 'order_id \+ line_no' must be unique"):
        load_b2b(folder)


CHILD_TABLES = [name for name, spec in SCHEMA.items() if ("customer_id", "customers") in spec.foreign_keys]


@pytest.mark.parametrize("table", CHILD_TABLES)
def test_rows_of_an_unknown_customer(folder, table):
    edit(folder, table, set_cell(0, "customer_id", "C99999"))
    with pytest.raises(
        CourseInputError,
        match=rf"table '{table}', column 'customer_id': 1 row refers to an id missing "
        r"from 'customers': row 0 \('C99999'\)\. Add those ids",
    ):
        load_b2b(folder)


def test_order_of_a_deleted_customer(folder, small_db):
    gone = small_db.orders.loc[0, "customer_id"]
    edit(folder, "customers", lambda f: f[f["customer_id"] != gone])
    pattern = r"table '\w+', column 'customer_id': \d+ rows? refers? to (an id|ids) missing from 'customers'"
    with pytest.raises(CourseInputError, match=pattern):
        load_b2b(folder)


def test_interaction_with_an_unknown_contact(folder, small_db):
    row = int(small_db.interactions["contact_id"].notna().idxmax())
    edit(folder, "interactions", set_cell(row, "contact_id", "P99999"))
    with pytest.raises(
        CourseInputError,
        match=r"table 'interactions', column 'contact_id': 1 row refers to an id "
        r"missing from 'contacts'",
    ):
        load_b2b(folder)


# ---------------------------------------------------------------- a user's own export
def test_users_own_export_in_the_same_layout(small_db, tmp_path):
    """A subset of customers, rows in another order, an extra column and a new industry load the same way.

    The export holds the eight core tables only: the key-account tables are optional and load empty.
    """
    keep = set(small_db.customers["customer_id"].iloc[::2])
    folder = tmp_path / "export"
    folder.mkdir()
    for name in CORE_TABLES:
        frame = small_db.tables()[name]
        part = frame[frame["customer_id"].isin(keep)]
        if name == "interactions":
            known = small_db.contacts.loc[small_db.contacts["customer_id"].isin(keep), "contact_id"]
            part = part[part["contact_id"].isna() | part["contact_id"].isin(known)]
        part = part.iloc[::-1]
        if name == "customers":
            part = part.assign(note="exported from CRM")
            part["industry"] = part["industry"].astype(str)
            part.iloc[0, part.columns.get_loc("industry")] = "Agriculture"
        part.to_csv(folder / f"{name}.csv", index=False, date_format="%Y-%m-%d")
    db = load_b2b(folder)
    assert len(db.customers) == len(keep)
    assert list(db.customers.columns) == SCHEMA["customers"].column_names + ["note"]
    assert "Agriculture" in db.customers["industry"].cat.categories
    assert list(db.customers["industry"].cat.categories[:8]) == list(SCHEMA["customers"].column("industry").categories)
    assert db.orders["revenue"].sum() == pytest.approx(
        small_db.orders.loc[small_db.orders["customer_id"].isin(keep), "revenue"].sum()
    )
    assert db.orders["order_date"].dtype == "datetime64[ns]"
    for name in KEY_ACCOUNT_TABLES:
        table = db.tables()[name]
        assert table.empty and list(table.columns) == SCHEMA[name].column_names, name
        assert all(table[c.name].dtype == c.dtype for c in SCHEMA[name].columns), name


def test_key_account_tables_are_optional_but_checked_when_present(folder):
    (folder / "wallet.csv").unlink()
    assert load_b2b(folder).wallet.empty
    edit(folder, "participants", set_cell(0, "interaction_id", "I9999999"))
    with pytest.raises(
        CourseInputError,
        match=r"table 'participants', column 'interaction_id': 1 row refers to an id missing from 'interactions'",
    ):
        load_b2b(folder)


def test_a_missing_core_table_is_still_an_error(folder):
    (folder / "orders.csv").unlink()
    with pytest.raises(CourseInputError, match=r"table 'orders': file .* not found.*one CSV per core table"):
        load_b2b(folder)


# ---------------------------------------------------------------- the data dictionary
def test_readme_contains_the_data_dictionary_rendered_from_the_schema():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert render_data_dictionary() in readme


def test_data_dictionary_covers_every_column():
    text = render_data_dictionary()
    for name, spec in SCHEMA.items():
        assert f"#### `{name}`" in text
        for column in spec.columns:
            assert column.name_zh and column.meaning and column.example
            assert f"| `{column.name}` |" in text
