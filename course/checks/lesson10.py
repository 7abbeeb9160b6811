"""Answer checks for exercise 10, at scale (规模化分析): the SQL path on a generated order history.

``db`` is here the Parquet file of order lines the exercise wrote with
:func:`course.data.transactions.write_transactions`. Each check reads that file
and recomputes the expected answer with the pandas functions of the course
(:mod:`course.rfm`, :mod:`course.pareto`, :mod:`course.lifecycle`) -- an
implementation independent of the SQL the trainee runs -- so the checks hold
for any seed and size. The as-of day is explicit, as in every exercise:
2025-12-31, the last day of the file's history (:data:`ASOF`).

Examples
--------
>>> from course.checks import lesson10 as check
>>> check.q1(..., "tx.parquet")
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `n_completed` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from course.checks import check_number, check_series, matches_number, matches_series, mistake_hint, question
from course.checks._lessons import ASOF, FILTER_HINT, PERCENT
from course.i18n import N_
from course.i18n import gettext as _
from course.lifecycle import lifecycle_states
from course.pareto import top_share as pandas_top_share
from course.purchases import completed_orders, is_purchase
from course.rfm import named_segments, rfm_scores, rfm_table
from course.validation import AsofWarning

__all__ = ["LINES_PER_CUSTOMER", "exercise_data", "load_lines", "q1", "q2", "q3", "q4", "q5"]

_LINES = {"date": "order_date", "amount": "revenue"}

#: Order lines per customer in the exercise's file (its set-up cell: ``rows = 50 * n_customers``).
LINES_PER_CUSTOMER = 50


def exercise_data(*, folder: Path, seed: int, n_customers: int) -> Path:
    """The exercise's Parquet file, written into ``folder`` as its set-up cell writes it (for the grader).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = exercise_data(folder=Path(folder), seed=1, n_customers=20)
    ...     len(load_lines(path))
    1000
    """
    from course.data.transactions import write_transactions

    rows = LINES_PER_CUSTOMER * n_customers
    return write_transactions(Path(folder) / "tx.parquet", rows=rows, customers=n_customers, seed=seed)


@lru_cache(maxsize=2)  # the file of the notebook being checked (a grader checks one after another)
def _read(path: str, stamp: float) -> pd.DataFrame:
    import duckdb

    frame = duckdb.sql(f"SELECT * FROM '{path}'").df()
    frame["order_date"] = frame["order_date"].astype("datetime64[ns]")
    return frame


def load_lines(path: object) -> pd.DataFrame:
    """The order lines of the exercise's Parquet file as pandas (read once per file version)."""
    path = Path(os.fspath(path))
    return _read(str(path), path.stat().st_mtime)


def _rfm(db, *, completed_only: bool = True, by_line: bool = False) -> pd.DataFrame:
    lines = load_lines(db)
    chosen = completed_orders(lines) if completed_only else lines
    if by_line:  # the mistake of counting every line as a purchase
        counted = chosen[chosen["order_date"] <= ASOF]
        chosen = counted.assign(order_id=[f"L{i}" for i in range(len(counted))])
    with warnings.catch_warnings():  # the lines after ASOF, if any, are left out on purpose
        warnings.simplefilter("ignore", AsofWarning)
        return rfm_table(chosen, **_LINES, order="order_id", asof=ASOF)


@question(N_("completed order lines in the file, counted by DuckDB"))
def q1(n_completed: object, db) -> None:
    lines = load_lines(db)
    expected = int(is_purchase(lines, table="order lines").sum())
    check_number(
        n_completed,
        expected,
        rtol=0,
        atol=0.5,
        mistakes=[(len(lines), _("that counts every line; keep the completed ones: WHERE status = 'completed'."))],
        hint="duckdb.sql(f\"SELECT count(*) FROM '{path}' WHERE status = 'completed'\").fetchall()[0][0]",
    )


@question(N_("monetary value per customer from course.sql.rfm_table (completed lines, orders counted)"))
def q2(monetary: object, db) -> None:
    hint = mistake_hint(
        [(lambda: matches_series(monetary, _rfm(db, completed_only=False)["monetary"]), _(FILTER_HINT))],
        _(
            "rfm = course.sql.rfm_table(path, date='order_date', amount='revenue', order='order_id', status='status', "
            "asof='2025-12-31'); "
            "monetary = rfm['monetary']."
        ),
    )
    check_series(monetary, _rfm(db)["monetary"], rtol=1e-9, hint=hint)


@question(N_("share of customers who are Champions"))
def q3(champions_share: object, db) -> None:
    segments = named_segments(rfm_scores(_rfm(db)))["segment"]
    expected = float((segments == "Champions").mean())
    by_line = named_segments(rfm_scores(_rfm(db, by_line=True)))["segment"]
    hint = mistake_hint(
        [
            (lambda: matches_number(champions_share, 100 * expected), _(PERCENT)),
            (
                lambda: matches_number(champions_share, (by_line == "Champions").mean()),
                _("frequency counts orders, not lines: pass order='order_id'."),
            ),
        ],
        _("segments = course.sql.rfm_segments(path, ...); (segments['segment'] == 'Champions').mean()."),
    )
    check_number(champions_share, expected, hint=hint)


@question(N_("share of revenue from the top 20% of customers"))
def q4(top_share: object, db) -> None:
    expected = pandas_top_share(_rfm(db)["monetary"])
    all_lines = pandas_top_share(_rfm(db, completed_only=False)["monetary"])
    hint = mistake_hint(
        [
            (lambda: matches_number(top_share, 100 * expected), _(PERCENT)),
            (lambda: matches_number(top_share, all_lines), _(FILTER_HINT)),
        ],
        _("course.sql.top_share(rfm['monetary']) or course.pareto.top_share(rfm['monetary'])."),
    )
    check_number(top_share, expected, rtol=1e-9, hint=hint)


@question(N_("customers churned by the fixed rule (no completed purchase for more than 365 days)"))
def q5(n_churned: object, db) -> None:
    lines = load_lines(db)
    with warnings.catch_warnings():  # the lines after ASOF, if any, are left out on purpose
        warnings.simplefilter("ignore", AsofWarning)
        states = lifecycle_states(lines, ASOF)["state"]
        by_default = lifecycle_states(lines)["state"]  # the day after the latest line
    expected = int((states == "churned").sum())
    hint = mistake_hint(
        [
            (
                lambda: matches_number(n_churned, (states == "churned").mean()),
                _("give the number of customers, not a share."),
            ),
            (
                lambda: matches_number(n_churned, (by_default == "churned").sum()) and (by_default != states).any(),
                _("that uses the default as-of date (the day after the latest line); pass asof='2025-12-31'."),
            ),
        ],
        _(
            "states = course.sql.lifecycle_states(path, '2025-12-31'); n_churned = (states['state'] "
            "== 'churned').sum()."
        ),
    )
    check_number(n_churned, expected, rtol=0, atol=0.5, hint=hint)
