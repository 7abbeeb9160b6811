"""Tests of the shipped CDNOW data and its loader, course.data.cdnow."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from course.data.cdnow import COLUMNS, MASTER_FILE, SAMPLE_FILE, load_cdnow
from course.data.paths import DATA_DIR
from course.validation import CourseInputError

CDNOW_DIR = DATA_DIR / "cdnow"

# sha256 of the files exactly as they are in Lifetimes-0.11.3-py3-none-any.whl (see data/cdnow/README.md).
SHA256 = {
    MASTER_FILE: "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef",
    SAMPLE_FILE: "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
    "LICENSE": "eabba5d927630ba270781bd2704815fd9ec942bceb418ffc05b43fec4d4ac2cc",
}


@pytest.fixture(scope="module")
def master() -> pd.DataFrame:
    return load_cdnow()


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_cdnow(sample=True)


# --- provenance -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHA256))
def test_shipped_file_checksum(name):
    digest = hashlib.sha256((CDNOW_DIR / name).read_bytes()).hexdigest()
    assert digest == SHA256[name], f"{name} differs from the copy in the lifetimes 0.11.3 wheel"


def test_readme_states_the_checksums_and_licence():
    readme = (CDNOW_DIR / "README.md").read_text(encoding="utf-8")
    for digest in SHA256.values():
        assert digest in readme
    assert "0.11.3" in readme and "MIT" in readme
    assert "MIT License" in (CDNOW_DIR / "LICENSE").read_text(encoding="utf-8")


# --- the master file --------------------------------------------------------


def test_master_counts_and_dates(master):
    assert len(master) == 69_659
    assert master["customer_id"].nunique() == 23_570
    assert master["date"].min() == pd.Timestamp("1997-01-01")
    assert master["date"].max() == pd.Timestamp("1998-06-30")


def test_master_cohort_is_first_quarter_1997(master):
    first = master.groupby("customer_id")["date"].min()
    assert first.max() <= pd.Timestamp("1997-03-31")
    assert first.dt.month.value_counts().sort_index().tolist() == [7_846, 8_476, 7_248]


def test_dtypes_and_columns(master, sample):
    for frame in (master, sample):
        assert frame.columns.tolist() == COLUMNS
        assert pd.api.types.is_string_dtype(frame["customer_id"])
        assert frame["date"].dtype == "datetime64[ns]"
        assert frame["cds"].dtype == "int64"
        assert frame["amount"].dtype == "float64"
        assert frame.index.equals(pd.RangeIndex(len(frame)))


def test_values_match_the_raw_file(master):
    """Totals computed straight from the text file, without the loader."""
    lines = (CDNOW_DIR / MASTER_FILE).read_text().splitlines()[1:]
    fields = [line.split() for line in lines]
    assert sum(float(f[3]) for f in fields) == pytest.approx(master["amount"].sum())
    assert sum(int(f[2]) for f in fields) == master["cds"].sum()
    assert master["customer_id"].str.len().eq(5).all()
    assert round(master["amount"].sum(), 2) == 2_500_315.63
    assert (master["amount"] == 0).sum() == 80
    assert (master["cds"] >= 1).all()


def test_sorted_by_customer_and_date(master):
    keys = master[["customer_id", "date"]]
    assert keys.equals(keys.sort_values(["customer_id", "date"]).reset_index(drop=True))


# --- the sample ---------------------------------------------------------------


def test_sample_counts(sample):
    assert sample["customer_id"].nunique() == 2_357
    assert len(sample) == 6_919
    assert sample["date"].min() == pd.Timestamp("1997-01-01")
    assert sample["date"].max() == pd.Timestamp("1998-06-30")


def test_sample_is_complete_histories_of_master_customers(master, sample):
    """The sample holds, for a tenth of the customers, exactly their rows of the master file."""
    subset = master[master["customer_id"].isin(sample["customer_id"])]
    key = ["customer_id", "date", "cds", "amount"]
    a = subset.sort_values(key).reset_index(drop=True)
    b = sample.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


# --- errors -----------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(CourseInputError, match="CDNOW file not found"):
        load_cdnow(path=tmp_path / "nope.txt")


def test_empty_file(tmp_path):
    file = tmp_path / "empty.txt"
    file.write_text("")
    with pytest.raises(CourseInputError, match="empty"):
        load_cdnow(path=file)


def test_wrong_number_of_fields(tmp_path):
    file = tmp_path / "three.txt"
    file.write_text("00001 19970101 1\n00002 19970102 2\n")
    with pytest.raises(CourseInputError, match="3 fields"):
        load_cdnow(path=file)


def test_ragged_lines(tmp_path):
    file = tmp_path / "ragged.txt"
    file.write_text("00001 19970101 1 11.77\n00002 19970102 2 3.0 9 9\n")
    with pytest.raises(CourseInputError, match="different numbers of fields"):
        load_cdnow(path=file)


def test_bad_date(tmp_path):
    file = tmp_path / "bad_date.txt"
    file.write_text("customer_id date number_of_cds dollar_value\n00001 19970101 1 11.77\n00002 19970230 2 3.0\n")
    with pytest.raises(CourseInputError, match=r"column 'date': 1 row is not a valid date: row 1 \('19970230'\)"):
        load_cdnow(path=file)


def test_bad_amount(tmp_path):
    file = tmp_path / "bad_amount.txt"
    file.write_text("00001 19970101 1 $11.77\n")
    with pytest.raises(CourseInputError, match=r"column 'amount'.*not a number"):
        load_cdnow(path=file)


def test_bad_cd_count(tmp_path):
    file = tmp_path / "bad_cds.txt"
    file.write_text("00001 19970101 1.5 11.77\n")
    with pytest.raises(CourseInputError, match=r"column 'cds'.*whole number"):
        load_cdnow(path=file)


def test_custom_path_in_both_layouts(tmp_path):
    master_like = tmp_path / "m.txt"
    master_like.write_text("customer_id date number_of_cds dollar_value\r\n 00007 19970105  1   9.99\r\n")
    sample_like = tmp_path / "s.txt"
    sample_like.write_text(" 00007 0001 19970105  1   9.99\r\n")
    a, b = load_cdnow(path=master_like), load_cdnow(path=sample_like)
    pd.testing.assert_frame_equal(a, b)
    assert a.iloc[0].tolist() == ["00007", pd.Timestamp("1997-01-05"), 1, 9.99]
