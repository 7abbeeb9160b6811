"""Validate at the door, compute on a validated core: one as-of warning class, one validation per report.

- :class:`course.validation.AsofWarning` is the one category of every "rows after as-of were left out"
  message (pandas and DuckDB paths alike), emitted once per call, and the inner callers (the 360° view, the
  report, the archive) raise none: they compute on the validated purchases instead of calling the public,
  validating functions again.
- One management report validates the order table once: one ``purchases()`` and one customer table, counted
  on the real call (a regression back to recomputing them fails here).
- ``python -m course archive`` writes many archives in one call (ids, ``--tier``, ``--class``); an unknown id
  is an error that names it, and then nothing is written.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from course import REPO_ROOT, clv, customers, kam, lifecycle, management, pages, purchases, rfm, sql
from course.data import b2b_database
from course.validation import AsofWarning, CourseInputError, warn_after_asof

ASOF = "2025-06-30"  # inside the shipped data: rows after it exist in every table


def _caught(call) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return caught


# ---------------------------------------------------------------- one warning class
def test_asof_warning_is_a_user_warning_and_the_helper_chooses_it():
    assert issubclass(AsofWarning, UserWarning)
    caught = _caught(lambda: warn_after_asof("3 rows dated after asof 2025-12-31 were left out."))
    assert [w.category for w in caught] == [AsofWarning]
    mixed = _caught(lambda: warn_after_asof("…; and 2 with revenue <= 0.", other_reasons=True))
    assert [w.category for w in mixed] == [UserWarning], "another reason must not hide behind the as-of filter"


def _every_asof_message(b2b) -> dict[str, object]:
    """Each public function that cuts at the as-of date, called on the shipped data as of mid-2025."""
    lines = purchases.completed_orders(b2b.orders)
    return {
        "customer_table": lambda: customers.customer_table(b2b, asof=ASOF),
        "rfm_table": lambda: rfm.rfm_table(lines, date="order_date", amount="revenue", asof=ASOF),
        "lifecycle_states": lambda: lifecycle.lifecycle_states(b2b.orders, ASOF),
        "clv.summary": lambda: clv.summary(lines, date="order_date", amount="margin", asof=ASOF),
        "sql.rfm_table": lambda: sql.rfm_table(lines, date="order_date", amount="revenue", asof=ASOF),
        "sql.lifecycle_states": lambda: sql.lifecycle_states(b2b.orders, ASOF),
        "sql.summary": lambda: sql.summary(lines, date="order_date", amount="margin", asof=ASOF),
    }


def test_every_asof_message_is_one_asof_warning(b2b):
    for name, call in _every_asof_message(b2b).items():
        caught = _caught(call)
        assert [w.category for w in caught] == [AsofWarning], (name, [str(w.message) for w in caught])
        assert "dated after asof 2025-06-30" in str(caught[0].message), name
        if name != "lifecycle_states":  # its orders path is one call deeper than known_purchases' stacklevel
            assert caught[0].filename == __file__, f"{name}: the warning must point at the caller's line"


def test_filtering_the_category_silences_the_cut_and_nothing_else(b2b):
    frame = purchases.completed_orders(b2b.orders).copy()
    frame.loc[frame.index[0], "revenue"] = -5.0  # a credit note: another reason to drop a row
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", AsofWarning)
        customers.customer_table(b2b, asof=ASOF)
        rfm.rfm_table(frame, date="order_date", amount="revenue", asof=ASOF)
    assert len(caught) == 1 and caught[0].category is UserWarning
    assert "with revenue <= 0" in str(caught[0].message)


def test_inner_callers_leak_no_asof_warning(b2b):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AsofWarning)
        view = management.customer_360(b2b, ASOF)
        kam.account_table(b2b, ASOF)
        html = pages.customer_archive(b2b, "C00001", asof=ASOF)
    assert len(view) == len(b2b.customers) and "C00001" in html


# ---------------------------------------------------------------- the validated core
def test_purchases_until_equals_purchases_as_of(b2b):
    every = purchases.purchases(b2b.orders)
    for day in ("2023-03-15", ASOF, "2026-02-01"):
        cut, direct = every.until(day), purchases.purchases(b2b.orders, asof=day)
        for field in ("code", "day", "rows", "row_days"):
            np.testing.assert_array_equal(getattr(cut, field), getattr(direct, field))
        assert (cut.asof, cut.n_after, cut.n_rows_after) == (direct.asof, direct.n_after, direct.n_rows_after)
        assert cut.ids.equals(direct.ids)
    with pytest.raises(CourseInputError, match="cannot be brought back|call purchases"):
        every.until("2024-01-01").until(ASOF)


def test_customer_table_of_is_customer_table_without_the_warning(b2b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AsofWarning)
        expected = customers.customer_table(b2b, asof=ASOF)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = customers.customer_table_of(b2b, purchases.purchases(b2b.orders).until(ASOF))
    pd.testing.assert_frame_equal(got, expected)
    with pytest.raises(CourseInputError, match="purchases"):
        customers.customer_table_of(b2b, b2b.orders)


def test_a_ready_table_gives_the_same_view_and_the_tier_view_the_same_tiers(b2b):
    view = management.customer_360(b2b, "2025-12-31")
    table = customers.customer_table(b2b, asof="2025-12-31")
    pd.testing.assert_frame_equal(management.customer_360(b2b, "2025-12-31", table=table), view)
    light = management.tier_view(b2b, "2025-12-31", table=table)
    pd.testing.assert_frame_equal(management.management_tiers(light), management.management_tiers(view))
    with pytest.raises(CourseInputError, match="table 'table'"):
        management.customer_360(b2b, "2025-12-31", table=table.drop(columns="revenue"))


def _count_calls(monkeypatch, module, name: str) -> list:
    """Wrap ``module.name`` (and the names other modules imported it under) to count its calls."""
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("course") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, counted)
    return calls


def test_one_report_validates_the_orders_once_and_builds_one_customer_table(b2b, monkeypatch, tmp_path):
    validated = _count_calls(monkeypatch, purchases, "purchases")
    tables = _count_calls(monkeypatch, customers, "customer_table_of")
    public = _count_calls(monkeypatch, customers, "customer_table")
    pages.write_report(b2b, tmp_path / "report.html", asof="2025-12-31")
    assert (len(validated), len(tables), len(public)) == (1, 1, 0)


# ---------------------------------------------------------------- many archives in one call
def course_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=REPO_ROOT, timeout=900
    )


def test_batch_archives_are_the_single_archives(b2b):
    tiers = {"C00001": "general", "C00002": "lost"}
    pages = dict(pages.customer_archives(b2b, ["C00002", "C00001", "C00002"], asof="2025-12-31", tiers=tiers))
    assert list(pages) == ["C00002", "C00001"], "in the order given, each once"
    for key, html in pages.items():
        assert html == pages.customer_archive(b2b, key, asof="2025-12-31", tier=tiers[key])


def test_archive_command_writes_the_ids_the_tiers_and_the_classes_asked_for(tmp_path):
    # in two processes (-j 2): the pages are still those of customer_archive, byte for byte
    small = ("--seed", "3", "--n-customers", "300")  # a small database: a handful of accounts per tier
    result = course_command(
        "archive", "C00001", "--tier", "strategic", "--class", "big", *small, "--out-dir", str(tmp_path), "-j", "2"
    )
    assert result.returncode == 0, result.stderr
    db = b2b_database(seed=3, n_customers=300)
    final = management.management_tiers(management.tier_view(db, "2025-12-31"))["final_tier"].astype(str)
    classes = kam.customer_classes(kam.account_table(db, "2025-12-31"))["class"].astype(str)
    asked = set(final.index[final == "strategic"]) | set(classes.index[classes == "big"]) | {"C00001"}
    written = {p.name for p in tmp_path.glob("archive_*.html")}
    assert len(asked) > 3 and written == {f"archive_{key}.html" for key in asked}
    assert f"wrote {len(written)} customer archives" in result.stdout
    shown = (tmp_path / "archive_C00001.html").read_text(encoding="utf-8")
    assert shown == pages.customer_archive(db, "C00001", asof="2025-12-31", tier=final["C00001"])


def test_archive_command_names_every_unknown_id_and_writes_nothing(tmp_path):
    result = course_command("archive", "C00001", "C1", "X9", "--out-dir", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "2 of the ids given are not customers" in result.stderr
    assert "customer 'C1' is not in table 'customers'" in result.stderr and "'X9'" in result.stderr
    assert not list(tmp_path.iterdir()), "no archive is written when an id is unknown"


def test_archive_command_refuses_one_out_file_for_several_archives(tmp_path):
    result = course_command("archive", "C00001", "C00002", "--out", str(tmp_path / "one.html"))
    assert result.returncode == 2 and "--out-dir" in result.stderr
    assert not list(tmp_path.iterdir())
    nothing = course_command("archive")
    assert nothing.returncode == 2 and "--tier" in nothing.stderr


def test_page_commands_do_not_import_the_notebook_machinery():
    code = (
        "import sys; from course.authoring.cli import build_parser; build_parser('report'); "
        "print(sorted(m for m in ('nbformat', 'jsonschema', 'sklearn', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
