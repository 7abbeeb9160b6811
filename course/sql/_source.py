"""Where the SQL path reads its data, and the checks it makes before it computes anything.

A source is a pandas DataFrame (or Series), a CSV or Parquet file, or a
folder of them; DuckDB reads files itself, in parallel, without pandas. The
checks are those of :mod:`course.validation` and :mod:`course.purchases`, made
in one SQL scan: a missing column, empty cells, dates and numbers that do not
parse, unknown statuses. The messages are the pandas functions' own: for a
DataFrame the pandas check itself raises (it names rows by their index
label); for a file the same sentence names rows by their position in the file
(0 = the first data row), so a trainee can find them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from course.data.b2b_schema import ORDER_STATUSES
from course.purchases import PURCHASE_STATUS, is_purchase
from course.sql._queries import quote
from course.validation import (
    MAX_ROWS_SHOWN,
    CourseInputError,
    parse_dates,
    parse_numbers,
    require_columns,
    require_no_missing,
    require_not_empty,
)

__all__ = ["Source", "connect", "open_source", "LineChecks", "check_lines", "numbers_check", "fetch"]

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".tsv", ".txt")
_TEXT = ("VARCHAR",)
_DATE_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP WITH TIME ZONE")


_DATABASE = None


def connect():
    """A connection of its own to the course's in-memory DuckDB database (made once: quiet, spilling to disk).

    Each call gets a fresh cursor, whose views and registered frames are its own, without paying for a
    new database every time (about 50 ms).
    """
    global _DATABASE
    if _DATABASE is None:
        import duckdb

        database = duckdb.connect()
        # no progress bar in a terminal; in Jupyter DuckDB shows none without ipywidgets, and refuses the setting
        with contextlib.suppress(duckdb.Error):
            database.execute("SET enable_progress_bar = false")
        spill = Path(tempfile.gettempdir()) / "course-duckdb"
        database.execute(f"SET temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
        _DATABASE = database
    return _DATABASE.cursor()


@dataclass
class Source:
    """A source registered in a DuckDB connection as the view ``source``."""

    con: object
    table: str
    columns: dict[str, str]
    frame: pd.DataFrame | None
    files: tuple[str, ...]
    kind: str

    def empty_frame(self) -> pd.DataFrame:
        """A frame with the source's columns and no rows (to reuse the pandas column checks)."""
        return pd.DataFrame(columns=list(self.columns))


def _files(path: Path, table: str) -> tuple[tuple[str, ...], str]:
    if not path.exists():
        raise CourseInputError(
            f"table '{table}': {path} not found. Give a pandas DataFrame, a CSV or Parquet file, or a folder of them."
        )
    if path.is_dir():
        for suffixes, kind in ((_PARQUET, "parquet"), (_CSV, "csv")):
            found = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in suffixes)
            if found:
                return tuple(found), kind
        raise CourseInputError(f"table '{table}': the folder {path} holds no .parquet or .csv file.")
    suffix = path.suffix.lower()
    if suffix in _PARQUET:
        return (str(path),), "parquet"
    if suffix in _CSV:
        return (str(path),), "csv"
    raise CourseInputError(f"table '{table}': {path.name} is neither a .parquet nor a .csv file.")


def _reader(files: tuple[str, ...], kind: str, *, numbered: bool = False) -> str:
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    if kind == "parquet":
        extra = ", filename = true, file_row_number = true" if numbered else ""
        return f"read_parquet({listed}{extra})"
    return f"read_csv({listed}{', filename = true' if numbered else ''})"


def open_source(con, source: object, *, table: str) -> Source:
    """Register ``source`` as the view ``source`` of ``con``.

    Raises
    ------
    CourseInputError
        When ``source`` is not a DataFrame, Series, path of a CSV / Parquet file or folder, or is missing.
    """
    if isinstance(source, pd.Series):
        source = source.to_frame(str(source.name) if source.name is not None else "value")
    if isinstance(source, pd.DataFrame):
        frame = source
        con.register("_frame", frame)
        con.execute("CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM _frame")
        files, kind = (), "frame"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        files, kind = _files(path, table)
        table = path.name if table in ("transactions", "orders", "values", "rfm", "scores") else table
        con.execute(f"CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM {_reader(files, kind)}")
        frame = None
    else:
        raise CourseInputError(
            f"table '{table}' must be a pandas DataFrame, a CSV or Parquet file, or a folder of them; "
            f"got {type(source).__name__}."
        )
    described = con.execute("DESCRIBE source").fetchall()
    columns = {name: kind_ for name, kind_, *_ in described}
    return Source(con=con, table=table, columns=columns, frame=frame, files=files, kind=kind)


def fetch(con, sql: str) -> pd.DataFrame:
    """Run ``sql`` and return its result as a pandas DataFrame."""
    return con.execute(sql).df()


# --------------------------------------------------------------------------
# messages for files (the same sentences as course.validation's)
# --------------------------------------------------------------------------


def _describe(count: int, shown: list[tuple[object, object]], problem: tuple[str, str]) -> str:
    listed = ", ".join(f"row {label} ({value!r})" for label, value in shown)
    more = f" and {count - MAX_ROWS_SHOWN} more" if count > MAX_ROWS_SHOWN else ""
    if count == 1:
        return f"1 row {problem[0]}: {listed}"
    return f"{count} rows {problem[1]}: {listed}{more}"


def _offending(src: Source, column: str, condition: str) -> list[tuple[object, object]]:
    """Up to MAX_ROWS_SHOWN (row, value) pairs of a file where ``condition`` holds."""
    con = src.con
    numbered = _reader(src.files, src.kind, numbered=True)
    several = len(src.files) > 1
    if src.kind == "parquet":
        row = "file_row_number"
    else:
        con.execute("SET threads = 1")  # one reader thread keeps the rows in file order
        row = "row_number() OVER (PARTITION BY filename) - 1"
    try:
        rows = con.execute(
            f"SELECT row, value, filename FROM (SELECT {row} AS row, {quote(column)} AS value, filename, "
            f"({condition}) AS bad FROM {numbered}) WHERE bad ORDER BY filename, row LIMIT {MAX_ROWS_SHOWN}"
        ).fetchall()
    finally:
        con.execute("RESET threads")
    return [(f"{r} of {Path(f).name}" if several else r, v) for r, v, f in rows]


def _raise_for_file(src: Source, column: str, problem: str, count: int, condition: str) -> None:
    table = src.table
    if problem == "missing" and count == src_rows(src):
        raise CourseInputError(
            f"table '{table}', column '{column}' is empty in every row. Check that the right column was named."
        )
    phrases = {
        "missing": (("is empty", "are empty"), "Fill them in or drop those rows first."),
        "date": (("is not a valid date", "are not valid dates"), "Use the format YYYY-MM-DD."),
        "number": (
            ("is not a number", "are not numbers"),
            "Remove currency signs and thousands separators, or fix the value.",
        ),
        "status": (
            ("has an unknown status", "have an unknown status"),
            f"Allowed values are {', '.join(map(repr, ORDER_STATUSES))} (lower case); "
            "pass status=None if every row is a purchase.",
        ),
    }
    words, fix = phrases[problem]
    detail = _describe(count, _offending(src, column, condition), words)
    raise CourseInputError(f"table '{table}', column '{column}': {detail}. {fix}")


def src_rows(src: Source) -> int:
    return int(src.con.execute("SELECT count(*) FROM source").fetchone()[0])


# --------------------------------------------------------------------------
# the checks of an order-line table, in one scan
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChecks:
    """What the scan of an order-line table found: its size, its latest day, the expressions to read it."""

    n_rows: int
    n_purchases: int
    first_day: int
    last_day: int
    n_after: int
    n_non_positive: int
    date_expr: str
    amount_expr: str | None


def _date_expr(src: Source, date: str) -> str:
    kind = src.columns[date]
    if kind in _TEXT:
        return f"TRY_CAST(nullif(trim({quote(date)}), '') AS TIMESTAMP)"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return quote(date)
    raise CourseInputError(
        f"table '{src.table}', column '{date}' holds {kind} values, not dates. Use the format YYYY-MM-DD."
    )


def numbers_check(src: Source, column: str) -> str:
    """The SQL expression reading ``column`` as a number (text is parsed; True/False is refused)."""
    kind = src.columns[column]
    if kind == "BOOLEAN":
        raise CourseInputError(f"table '{src.table}', column '{column}' holds True/False values, not numbers.")
    if kind in _TEXT:
        return f"TRY_CAST(nullif(trim({quote(column)}), '') AS DOUBLE)"
    return f"CAST({quote(column)} AS DOUBLE)"


def _prepare_frame(src: Source, *, date: str, numbers: list[str]) -> Source:
    """For a DataFrame: parse text dates and numbers with pandas (its rules and messages), then re-register."""
    frame = src.frame
    changed = {}
    if not pd.api.types.is_datetime64_any_dtype(frame[date]):
        changed[date] = parse_dates(frame, date, table=src.table)
    for column in numbers:
        if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            changed[column] = parse_numbers(frame, column, table=src.table)
    if not changed:
        return src
    return open_source(src.con, frame.assign(**changed), table=src.table)


def check_lines(
    src: Source,
    *,
    customer: str,
    date: str,
    amount: str | None,
    order: str | None,
    status: str | None,
    asof_day: int | None,
    status_table: str | None = None,
) -> tuple[Source, LineChecks]:
    """Check an order-line source as the pandas functions do; return it (re-read if parsed) and what was found.

    ``asof_day`` (or None for the default) lets the same scan count the purchases after the as-of day and
    those with an amount of 0 or less.
    """
    empty = src.empty_frame()
    needed = [customer, date] + ([amount] if amount else []) + ([order] if order else [])
    require_columns(empty, needed, table=src.table)
    if status is not None:
        is_purchase(empty, status, table=status_table or src.table)  # names a missing status column
    if src.frame is not None:
        require_not_empty(src.frame, table=src.table)
        src = _prepare_frame(src, date=date, numbers=[amount] if amount else [])
    date_expr = _date_expr(src, date)
    amount_expr = numbers_check(src, amount) if amount else None
    known = ", ".join("'" + s + "'" for s in ORDER_STATUSES)
    purchase = f"{quote(status)} = '{PURCHASE_STATUS}'" if status else "TRUE"
    day = f"(CAST(CAST({date_expr} AS DATE) - DATE '1970-01-01' AS INTEGER))"
    after = f"{day} > {asof_day}" if asof_day is not None else "FALSE"
    checks = {"missing_customer": f"{quote(customer)} IS NULL"}
    if order:
        checks["missing_order"] = f"{quote(order)} IS NULL"
    checks.update(_parse_checks(src, date, date_expr, "date"))
    if amount:
        checks.update(_parse_checks(src, amount, amount_expr, "amount"))
    if status:
        checks["missing_status"] = f"{quote(status)} IS NULL"
        checks["bad_status"] = f"CAST({quote(status)} AS VARCHAR) NOT IN ({known})"
    # Parquet files count the empty cells of each column in their footer: the ids need not be read for that.
    footer = _parquet_nulls(src, {"missing_customer": customer, "missing_order": order})
    scanned = {name: cond for name, cond in checks.items() if name not in footer}
    counts = "".join(f",\ncount(*) FILTER (WHERE {cond}) AS {name}" for name, cond in scanned.items())
    non_positive = f"{purchase} AND NOT ({after}) AND {amount_expr} <= 0" if amount else "FALSE"
    row = src.con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {purchase}), min({day}), max({day}), "
        f"count(*) FILTER (WHERE {purchase} AND {after}), count(*) FILTER (WHERE {non_positive}){counts}\n"
        "FROM source"
    ).fetchone()
    n_rows, n_purchases, first_day, last_day, n_after, n_non_positive = row[:6]
    found = {**dict(zip(scanned, row[6:], strict=True)), **footer}
    if n_rows == 0:
        require_not_empty(empty, table=src.table)
    _raise_problems(
        src,
        found,
        checks,
        customer=customer,
        date=date,
        amount=amount,
        order=order,
        status=status,
        status_table=status_table,
    )
    return src, LineChecks(
        n_rows=int(n_rows),
        n_purchases=int(n_purchases),
        first_day=int(first_day),
        last_day=int(last_day),
        n_after=int(n_after),
        n_non_positive=int(n_non_positive),
        date_expr=date_expr,
        amount_expr=amount_expr,
    )


def _parquet_nulls(src: Source, columns: dict[str, str | None]) -> dict[str, int]:
    """Empty cells per column from the Parquet footers, for the columns whose every row group has the count."""
    if src.kind != "parquet":
        return {}
    wanted = {column: name for name, column in columns.items() if column is not None}
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in src.files) + "]"
    rows = src.con.execute(
        f"SELECT path_in_schema, sum(stats_null_count), count(*) FILTER (WHERE stats_null_count IS NULL) "
        f"FROM parquet_metadata({listed}) GROUP BY path_in_schema"
    ).fetchall()
    return {wanted[column]: int(nulls) for column, nulls, unknown in rows if column in wanted and unknown == 0}


def _parse_checks(src: Source, column: str, parsed: str, what: str) -> dict[str, str]:
    """Conditions for a value that does not parse (and is not blank) and for an empty cell."""
    if src.columns[column] in _TEXT:
        blank = f"({quote(column)} IS NULL OR trim({quote(column)}) = '')"
        return {f"bad_{what}": f"{parsed} IS NULL AND NOT {blank}", f"missing_{what}": blank}
    return {f"missing_{what}": f"{quote(column)} IS NULL"}


def _raise_problems(src, found, checks, *, customer, date, amount, order, status, status_table) -> None:
    """Raise the first problem found, with the pandas check's message (a frame) or the same sentence (a file)."""
    order_of_checks = [
        ("missing_customer", customer, "missing"),
        ("missing_order", order, "missing"),
        ("bad_date", date, "date"),
        ("missing_date", date, "missing"),
        ("bad_amount", amount, "number"),
        ("missing_amount", amount, "missing"),
        ("missing_status", status, "missing"),
        ("bad_status", status, "status"),
    ]
    for name, column, problem in order_of_checks:
        count = int(found.get(name, 0) or 0)
        if not count:
            continue
        is_status = name.endswith("_status")
        table = (status_table or src.table) if is_status else src.table
        if src.frame is not None:  # the pandas check itself raises, naming rows by their index label
            if is_status:
                is_purchase(src.frame, status, table=table)
            elif problem == "missing":
                require_no_missing(src.frame, column, table=table)
        _raise_for_file(
            Source(src.con, table, src.columns, None, src.files, src.kind), column, problem, count, checks[name]
        )
