"""Order lines at company scale: millions of synthetic transactions, written as Parquet.

The B2B database (:func:`course.data.generate_b2b`) is rich but small: a
few thousand customers. Lesson 10 needs the other extreme -- an order history
of tens of millions of lines, like a trainee's company export -- to show the
SQL path (:mod:`course.sql`) at work. :func:`write_transactions` writes it
straight to Parquet, without building it in pandas first, with one SQL
statement that DuckDB runs on every core and streams to disk, so 10 million
lines take a few seconds and 100 million fit in any memory.

The table
---------
Columns as in the B2B ``orders`` table, so lesson code reads the same:

``order_id`` (``"O000000001"`` …), ``customer_id`` (``"C0000001"`` …),
``order_date`` (a DATE between 2020-01-01 and 2025-12-31), ``revenue``
(log-normal, rounded to cents) and ``status`` (``completed``, with about
3 % ``cancelled`` and 1 % ``returned`` orders).

How it is drawn
---------------
Every random number is a hash of (seed, row or order or customer number, a
label), so the table is the same for a seed whatever the number of threads,
and the first rows of a large table are those of a small one with the same
number of customers. There are ``rows // 10`` customers to draw from (at least one); an
order has two lines (the last one possibly one); each order picks a customer
with a skew (a few customers place many orders), and each customer is active
over a random span of the six years, so recency and tenure vary as in real
data.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_transactions(folder / "tx.parquet", rows=1_000, seed=1)
>>> import duckdb  # pandas needs pyarrow to read Parquet; DuckDB reads it on its own
>>> duckdb.sql(f"SELECT count(*), count(DISTINCT customer_id) FROM '{path}'").fetchall()[0]
(1000, 99)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from pathlib import Path

from course.i18n import gettext as _
from course.validation import CourseInputError

__all__ = ["DEFAULT_TX_SEED", "TRANSACTIONS_SQL", "check_rows", "transactions_sql", "write_transactions"]

#: The seed used when none is given.
DEFAULT_TX_SEED = 0

#: The generating query; ``{rows}``, ``{customers}``, ``{seed}`` and the id widths are filled in.
#: ``_u(...)`` is a uniform number in (0, 1) from a hash, so every draw is reproducible.
TRANSACTIONS_SQL = """
WITH lines AS (
    SELECT i, i // 2 AS o FROM range({rows}) AS t(i)
), orders AS (
    SELECT i, o,
           -- skewed choice: customer c is picked with probability ~ 1 / sqrt(c)
           CAST(floor({customers} * pow(_u(o, 1), 2)) AS BIGINT) AS c,
           _u(o, 2) AS when_u, _u(o, 3) AS status_u
    FROM lines
), spans AS (
    SELECT *,
           -- each customer is active from a first day for a span of days (a churner stops early)
           CAST(floor(2192 * pow(_u(c, 4), 1.5)) AS BIGINT) AS first_day,
           CAST(floor(2192 * _u(c, 5)) AS BIGINT) AS span_days
    FROM orders
)
SELECT
    'O' || lpad(CAST(o AS VARCHAR), {order_width}, '0') AS order_id,
    'C' || lpad(CAST(c AS VARCHAR), {customer_width}, '0') AS customer_id,
    CAST(DATE '2020-01-01' + CAST(first_day + floor(when_u * (least(span_days, 2191 - first_day) + 1)) AS INTEGER)
         AS DATE) AS order_date,
    round(exp(8 + 1.2 * sqrt(-2 * ln(_u(i, 6))) * cos(2 * pi() * _u(i, 7))), 2) AS revenue,
    CASE WHEN status_u < 0.96 THEN 'completed' WHEN status_u < 0.99 THEN 'cancelled' ELSE 'returned' END AS status
FROM spans
"""


def check_rows(rows: object, *, name: str = "rows") -> int:
    """``rows`` as a positive int, or a clear error (a float, text or a number below 1 is refused).

    Examples
    --------
    >>> check_rows(10_000)
    10000
    >>> check_rows(0)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: rows=0: the number of transactions must be a whole number of at least 1,
    e.g. 10000000.
    """
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise CourseInputError(
            _(
                "{name}={value!r}: the number of transactions must be a whole number of at least 1, e.g. 10000000."
            ).format(name=name, value=rows)
        )
    return rows


def transactions_sql(rows: int, seed: int = DEFAULT_TX_SEED, customers: int | None = None) -> str:
    """The query that draws ``rows`` transactions for ``seed`` (DuckDB SQL; see the module docstring).

    Examples
    --------
    >>> "range(1000)" in transactions_sql(1000)
    True
    """
    rows = check_rows(rows)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise CourseInputError(_("seed={value!r} must be a whole number, e.g. 0.").format(value=seed))
    customers = max(rows // 10, 1) if customers is None else check_rows(customers, name="customers")
    orders = (rows + 1) // 2
    return TRANSACTIONS_SQL.format(
        rows=rows,
        customers=customers,
        order_width=max(len(str(orders - 1)), 9),
        customer_width=max(len(str(customers - 1)), 7),
    )


def _connect(seed: int):
    import duckdb

    con = duckdb.connect()
    # no progress bar in a terminal; in Jupyter DuckDB shows none without ipywidgets, and refuses the setting
    with contextlib.suppress(duckdb.Error):
        con.execute("SET enable_progress_bar = false")
    # u(key, label): a uniform number in (0, 1), a pure function of (seed, key, label).
    con.execute(f"CREATE MACRO _u(key, label) AS (CAST(hash({int(seed)}, key, label) AS DOUBLE) + 0.5) / 2 ** 64")
    return con


#: Bytes a row takes in the Parquet file, with a margin (13 measured on a million rows).
BYTES_PER_ROW = 20


def _require_space(out: Path, rows: int) -> None:
    """Refuse a file the free disk cannot hold, before writing a byte of it."""
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free, needed = shutil.disk_usage(folder).free, rows * BYTES_PER_ROW
    if needed > free * 0.9:
        raise CourseInputError(
            _(
                "{rows:,} order lines take about {needed:,.1f} GB and {folder} has {free:,.1f} GB free; "
                "write fewer rows, choose another --out, or pass --no-space-check to write anyway."
            ).format(rows=rows, needed=needed / 1e9, folder=folder, free=free / 1e9)
        )


def _interruptible(con, sql: str) -> None:
    """Run ``sql``; Ctrl-C interrupts DuckDB, which does not look at Python's signals while it works.

    The signal's wake-up byte (:func:`signal.set_wakeup_fd`) reaches a watcher thread at once, even while the
    main thread is inside DuckDB; the watcher interrupts the query, and the main thread raises
    ``KeyboardInterrupt`` as usual.
    """
    read, write = os.pipe()
    os.set_blocking(write, False)
    try:
        previous = signal.set_wakeup_fd(write)
    except ValueError:  # not the main thread: no signal arrives here anyway
        os.close(read)
        os.close(write)
        con.execute(sql)
        return
    done = threading.Event()
    interrupted = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if os.read(read, 1) == bytes([signal.SIGINT]) and not done.is_set():  # other signals: not ours
                interrupted.set()
                con.interrupt()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        con.execute(sql)
    except Exception:
        # DuckDB reports the interruption as its own error, and Python's KeyboardInterrupt may never follow
        # it: the user's Ctrl-C is raised as one, whichever arrives.
        if interrupted.is_set():
            raise KeyboardInterrupt from None
        raise
    finally:
        done.set()
        signal.set_wakeup_fd(previous)
        os.write(write, b"\0")  # wakes the watcher, which then ends
        watcher.join()
        os.close(read)
        os.close(write)


def write_transactions(
    out: str | Path,
    rows: int,
    *,
    seed: int = DEFAULT_TX_SEED,
    customers: int | None = None,
    force: bool = False,
    row_group_size: int = 1_000_000,
    check_space: bool = True,
) -> Path:
    """Write ``rows`` synthetic order lines to the Parquet file ``out`` (see the module docstring).

    Parameters
    ----------
    out : path
        The Parquet file to write; its folder is created if needed.
    rows : int
        Number of order lines, at least 1.
    seed : int, default 0
        The same seed gives the same table.
    customers : int, optional
        Number of customers the orders are drawn from; default ``rows // 10``.
    force : bool, default False
        Overwrite ``out`` if it exists (otherwise an existing file is an error).
    row_group_size : int
        Rows per Parquet row group (readers parallelise over row groups).
    check_space : bool, default True
        Refuse when the file would not fit on the free disk
        (:data:`BYTES_PER_ROW` a row); ``False`` (``--no-space-check``) writes anyway.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    CourseInputError
        When ``rows`` is not a whole number of at least 1, ``seed`` is not a
        whole number, ``out`` exists and ``force`` is False, or the file
        would not fit on the disk. Interrupted (Ctrl-C), no file is left behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_transactions(pathlib.Path(tempfile.mkdtemp()) / "tx.parquet", rows=10)
    >>> write_transactions(path, rows=10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: .../tx.parquet exists already; pass force=True (--force) to overwrite it.
    """
    query = transactions_sql(rows, seed, customers)
    out = Path(out)
    if out.exists() and not force:
        raise CourseInputError(_("{out} exists already; pass force=True (--force) to overwrite it.").format(out=out))
    if out.is_dir():
        raise CourseInputError(_("{out} is a folder; give the path of a .parquet file to write.").format(out=out))
    if check_space:
        _require_space(out, rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    con = _connect(seed)
    path = str(partial).replace("'", "''")
    copy = f"COPY ({query}) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE {int(row_group_size)})"
    try:
        _interruptible(con, copy)
    except BaseException:  # an error, a full disk, Ctrl-C: no half-written file stays behind
        con.close()
        partial.unlink(missing_ok=True)
        raise
    con.close()
    partial.replace(out)  # never leave a half-written file under the final name
    return out
