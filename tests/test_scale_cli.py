"""``python -m course data transactions`` and ``python -m course notebooks time`` (``make course``)."""

from __future__ import annotations

import duckdb
import pytest

from course.authoring.cli import main
from course.authoring.timing import Timing, format_table, time_notebooks


def _content(path):
    return duckdb.sql(f"SELECT * FROM '{path}' ORDER BY order_id, revenue").fetchall()


def test_transactions_are_written_and_the_same_for_a_seed(tmp_path, capsys):
    assert main(["data", "transactions", "--rows", "2_000", "--out", str(tmp_path / "a.parquet"), "--seed", "4"]) == 0
    assert "2,000 order lines, seed 4" in capsys.readouterr().out
    main(["data", "transactions", "--rows", "2000", "--out", str(tmp_path / "b.parquet"), "--seed", "4"])
    main(["data", "transactions", "--rows", "2000", "--out", str(tmp_path / "c.parquet"), "--seed", "5"])
    assert _content(tmp_path / "a.parquet") == _content(tmp_path / "b.parquet") != _content(tmp_path / "c.parquet")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("0", "at least 1"),
        ("-3", "at least 1"),
        ("1e7", "not a whole number"),
        ("ten", "not a whole number"),
        ("2.5", "not a whole number"),
    ],
)
def test_a_bad_number_of_rows_is_a_clear_error(tmp_path, capsys, rows, message):
    with pytest.raises(SystemExit) as stop:
        main(["data", "transactions", "--rows", rows, "--out", str(tmp_path / "x.parquet")])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.parquet").exists()


def test_an_existing_file_is_kept_without_force(tmp_path, capsys):
    path = tmp_path / "tx.parquet"
    main(["data", "transactions", "--rows", "10", "--out", str(path)])
    assert main(["data", "transactions", "--rows", "20", "--out", str(path)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert len(_content(path)) == 10
    assert main(["data", "transactions", "--rows", "20", "--out", str(path), "--force"]) == 0
    assert len(_content(path)) == 20


def test_notebooks_time_reports_each_notebook_and_a_failure(tmp_path):
    import nbformat

    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), good)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), bad)
    timings, wall = time_notebooks([good, bad], jobs=2)
    assert [t.path for t in timings] == [str(good), str(bad)]
    assert not timings[0].error and "ZeroDivisionError" in timings[1].error
    table = format_table(timings, wall)
    assert "| **2 notebooks** |" in table and "1 failed" in table
    assert "all ok" in format_table([Timing("a", 1.0, "")], 1.0)
