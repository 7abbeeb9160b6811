"""Load, save and validate the B2B customer database (CSV files, one per table).

The shipped database lives in ``data/b2b/`` (one CSV per table of
:data:`course.data.b2b_schema.SCHEMA`). :func:`load_b2b` reads it -- or a
user's own export in the same layout -- and checks it; :func:`save_b2b`
writes a database with deterministic bytes; :func:`b2b_database` is what the
exercise notebooks call with their papermill parameters. The dtypes and key
checks come from :mod:`course.data.coercion`, which the generator shares.

Examples
--------
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> db.orders["revenue"].dtype
dtype('float64')
"""

from __future__ import annotations

import os
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

from course.data._encodings import sniff_encoding
from course.data.b2b_generator import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, generate_b2b
from course.data.b2b_schema import CORE_TABLES, SCHEMA, TABLE_NAMES, B2BDatabase, TableSpec
from course.data.coercion import coerce_database, coerce_table
from course.data.paths import shipped_path
from course.i18n import gettext as _
from course.validation import MAX_ROWS_SHOWN, CourseDataWarning, CourseInputError, listing, row_list

__all__ = ["load_b2b", "save_b2b", "b2b_database"]


def load_b2b(path: str | os.PathLike[str] | None = None, *, dayfirst: bool | None = None) -> B2BDatabase:
    """Load the B2B customer database from a folder of CSV files.

    Parameters
    ----------
    path : str or path-like, optional
        Folder holding one CSV per table (``customers.csv``, ``orders.csv``,
        … as written by :func:`save_b2b`). ``None`` (default) loads the
        database shipped with the course in ``data/b2b``. A user's own export
        in the same layout loads the same way; the key-account tables
        (``account_team.csv`` … ``ticket_followups.csv``, ``invoices.csv``) are optional and
        empty when their file is missing. Files may be UTF-8 (with or without
        a byte-order mark) or GB18030/GBK (Excel on a Chinese Windows); a file
        read in a legacy encoding is named in a :class:`CourseDataWarning`.
    dayfirst : bool, optional
        How to read dates such as ``05.01.2023`` (``True``: 5 January); by
        default a date column in which no row decides is an error.

    Returns
    -------
    B2BDatabase
        Ids and text as strings, dates as ``datetime64[ns]``, money as
        ``float64`` (2 decimals), counts and scores as ``int64``,
        enumerations as ``category``.

    Raises
    ------
    CourseInputError
        Naming the table, column, offending rows and the fix, when a table
        file or a column is missing, a date cannot be parsed, an amount is
        not a number, a key repeats or a row refers to a customer (or
        contact) that does not exist.

    Warns
    -----
    CourseDataWarning
        Naming the table, column and rows of dates after today (orders dated
        in the future), and a file read as GB18030 or with a byte-order mark.

    Examples
    --------
    >>> db = load_b2b()
    >>> len(db.customers)
    2000
    >>> db.orders[["order_id", "line_no", "order_date"]].iloc[0].astype(str).tolist()
    ['O000001', '1', '2020-01-18 00:00:00']
    >>> db.orders["status"].cat.categories.tolist()
    ['completed', 'cancelled', 'returned']
    """
    folder = shipped_path("b2b") if path is None else Path(path)
    if not folder.is_dir():
        raise CourseInputError(
            _(
                "B2B database folder not found: {folder}. Pass the folder that holds customers.csv, orders.csv, … "
                "(or nothing, for the shipped database)."
            ).format(folder=folder)
        )
    raw: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        file = folder / SCHEMA[name].filename
        if not file.is_file():
            if SCHEMA[name].optional:
                continue  # a key-account table: empty when the folder lacks it
            raise CourseInputError(
                _(
                    "table '{table}': file {file} not found. A B2B database folder needs one CSV per core table: "
                    "{files}. Export the missing table or rebuild the shipped data with "
                    "`python -m course data generate`."
                ).format(table=name, file=file, files=listing(SCHEMA[t].filename for t in CORE_TABLES))
            )
        raw[name] = _read_table(file, SCHEMA[name])
    db = coerce_database(raw, dayfirst=dayfirst)
    _warn_future(db, path)
    return db


def _warn_future(db: B2BDatabase, path: object) -> None:
    """A :class:`CourseDataWarning` per table with dates after today (orders dated in the future)."""
    if path is None:
        return  # the shipped data ends before the course's decision day
    today = pd.Timestamp.today().normalize() + pd.Timedelta(days=1)
    for name, frame in db.tables().items():
        for column in (c.name for c in SCHEMA[name].columns if c.kind == "date"):
            future = frame[column] >= today
            if future.any():
                days = frame.loc[future, column].head(MAX_ROWS_SHOWN).dt.date
                rows = row_list(days.items(), show=str)  # the dates without quotes: row 0 (2099-01-01)
                count = int(future.sum())
                more = _(" and {count} more").format(count=count - MAX_ROWS_SHOWN) if count > MAX_ROWS_SHOWN else ""
                warnings.warn(
                    _(
                        "table '{table}', column '{column}': {count:,} rows are dated after today ({today}): "
                        "{rows}{more}. Check the export; analyses with an as-of date leave them out."
                    ).format(
                        table=name,
                        column=column,
                        count=count,
                        today=today.date() - pd.Timedelta(days=1),
                        rows=rows,
                        more=more,
                    ),
                    CourseDataWarning,
                    stacklevel=3,
                )


def _encoding(file: Path) -> str:
    """The encoding to read ``file`` with: UTF-8 (a BOM skipped) or GB18030; a clear error for anything else."""
    encoding = sniff_encoding(file.read_bytes())
    if encoding is None:
        raise CourseInputError(
            _(
                "{file}: not a CSV file in UTF-8 or GB18030 (GBK), the encodings read. In Excel, save it with "
                "File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'; in WPS, choose CSV and UTF-8."
            ).format(file=file)
        )
    if encoding != "utf-8":
        label = (
            _("UTF-8 with a byte-order mark")
            if encoding == "utf-8-sig"
            else _("GB18030 (GBK, Excel on a Chinese Windows)")
        )
        warnings.warn(
            _("{file} was read as {label}.").format(file=file.name, label=label), CourseDataWarning, stacklevel=4
        )
    return encoding


def _read_table(file: Path, spec: TableSpec) -> pd.DataFrame:
    """Read one CSV: numbers parsed by the C parser when they are clean, everything else as text.

    Only empty cells are missing values (a company called "NA" stays "NA").
    When a number column holds text, the file is read again as text so that
    the coercion can name the offending rows.
    """
    options = {"keep_default_na": False, "na_values": [""], "encoding": _encoding(file)}
    numeric = {c.name: "float64" for c in spec.columns if c.kind in ("money", "number", "int")}
    try:
        return pd.read_csv(file, dtype=defaultdict(lambda: str, numeric), **options)
    except (ValueError, TypeError):
        return pd.read_csv(file, dtype=str, **options)


def _write_csv(frame: pd.DataFrame, table: str, file: Path) -> None:
    """Write a coerced table: dates ``YYYY-MM-DD``, money ``%.2f``, empty cells for missing, ``\\n`` endings.

    Money is the only float kind of the schema, so ``float_format`` touches
    money only; extra columns of a user's export are written as text, as read.
    """
    spec = SCHEMA[table]
    extra = [c for c in frame.columns if c not in spec.column_names]
    if extra:
        frame = frame.assign(**{c: frame[c].astype("str") for c in extra})
    frame.to_csv(
        file, index=False, lineterminator="\n", na_rep="", encoding="utf-8", float_format="%.2f", date_format="%Y-%m-%d"
    )


def save_b2b(db: B2BDatabase, folder: str | os.PathLike[str]) -> list[Path]:
    """Write each table of ``db`` to ``folder/<table>.csv`` with deterministic bytes.

    Columns in schema order, ``\\n`` line endings, UTF-8, dates as
    ``YYYY-MM-DD``, money with 2 decimals, empty cells for missing values.
    The folder is created if needed; existing table files are overwritten.

    Parameters
    ----------
    db : B2BDatabase
    folder : str or path-like

    Returns
    -------
    list of Path
        The files written, in schema order.

    Examples
    --------
    >>> import tempfile
    >>> from course.data import generate_b2b
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = save_b2b(generate_b2b(n_customers=20), tmp)
    ...     print([f.name for f in files][:2], load_b2b(tmp).customers.shape)
    ['customers.csv', 'orders.csv'] (20, 8)
    """
    if not isinstance(db, B2BDatabase):
        raise CourseInputError(
            _("save_b2b needs a B2BDatabase (from generate_b2b or load_b2b), got {kind}.").format(
                kind=type(db).__name__
            )
        )
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in db.tables().items():
        coerced = coerce_table(frame, name)
        file = target / SCHEMA[name].filename
        _write_csv(coerced, name, file)
        written.append(file)
    return written


def b2b_database(seed: int = DEFAULT_SEED, n_customers: int = DEFAULT_N_CUSTOMERS) -> B2BDatabase:
    """Return the B2B database for an exercise: shipped when the parameters are the defaults.

    Exercise notebooks call this with their papermill parameters. With the
    default ``seed`` (42) and ``n_customers`` (2,000) it loads the shipped
    CSVs in ``data/b2b`` (identical to what the generator produces);
    otherwise it generates the database in memory with
    :func:`course.data.generate_b2b`.

    Parameters
    ----------
    seed : int, default :data:`course.data.DEFAULT_SEED`
    n_customers : int, default :data:`course.data.DEFAULT_N_CUSTOMERS`

    Examples
    --------
    >>> len(b2b_database().customers)
    2000
    >>> len(b2b_database(seed=7, n_customers=60).customers)
    60
    """
    if seed == DEFAULT_SEED and n_customers == DEFAULT_N_CUSTOMERS:
        return load_b2b()
    return generate_b2b(n_customers=n_customers, seed=seed)
