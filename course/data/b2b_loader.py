"""Load, save and validate the B2B customer database (CSV files, one per table).

The shipped database lives in ``data/b2b/`` (one CSV per table of
:data:`course.data.b2b_schema.SCHEMA`). :func:`load_b2b` reads it -- or a
user's own export in the same layout -- and checks it; :func:`save_b2b`
writes a database with deterministic bytes; :func:`b2b_database` is what the
exercise notebooks call with their papermill parameters.

Examples
--------
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> db.orders["revenue"].dtype
dtype('float64')
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from course.data.b2b_generator import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, generate_b2b
from course.data.b2b_schema import SCHEMA, TABLE_NAMES, B2BDatabase, ColumnSpec, TableSpec
from course.data.paths import shipped_path
from course.validation import (
    CourseInputError,
    describe_rows,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_unique,
)

__all__ = ["load_b2b", "save_b2b", "b2b_database", "coerce_table", "coerce_database"]


def _fast_parse(values: pd.Series, spec: ColumnSpec, parse: Callable[[pd.Series], pd.Series]) -> pd.Series | None:
    """Parse clean text in one vectorised step; ``None`` when any cell needs the full check (and its message).

    Text read from a CSV is parsed with ``parse``; the result is used only if
    it introduced no missing value and every cell that must be filled is. In
    every other case the caller runs the :mod:`course.validation` parser,
    which names the offending rows.
    """
    if values.dtype != "str" or (spec.kind == "int" and spec.nullable):
        return None
    parsed = parse(values)
    missing = parsed.isna()
    if not missing.equals(values.isna()) or (missing.any() and not spec.nullable):
        return None
    return parsed


def _coerce_column(frame: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    """Return ``frame[spec.name]`` converted to the column's dtype, or raise a clear error."""
    name = spec.name
    values = frame[name]
    if spec.kind in ("id", "text"):
        if not spec.nullable:
            require_no_missing(frame, name, table=table)
        if values.dtype == "str":
            return values
        # ids given as numbers (a frame built by hand) become text; CSVs are read as text, keeping leading zeros
        return values.astype("str")
    if spec.kind == "date":
        fast = _fast_parse(values, spec, lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce"))
        if fast is not None:
            return fast.astype("datetime64[ns]")
        return parse_dates(frame, name, table=table, allow_missing=spec.nullable)
    if spec.kind == "money":
        fast = _fast_parse(values, spec, lambda v: pd.to_numeric(v, errors="coerce").astype("float64"))
        numbers = fast if fast is not None else parse_numbers(frame, name, table=table, allow_missing=spec.nullable)
        # + 0.0 turns -0.0 into 0.0, so that a rounded amount is never written as "-0.00"
        return numbers.round(2) + 0.0
    if spec.kind == "int":
        fast = _fast_parse(values, spec, lambda v: pd.to_numeric(v, errors="coerce").astype("float64"))
        numbers = fast if fast is not None else parse_numbers(frame, name, table=table, allow_missing=False)
        checked = frame.assign(**{name: values})
        fractional = numbers != np.floor(numbers)
        if fractional.any():
            detail = describe_rows(checked, fractional, name, ("is not a whole number", "are not whole numbers"))
            raise CourseInputError(f"table '{table}', column '{name}': {detail}. Use whole numbers (counts or scores).")
        low = spec.minimum if spec.minimum is not None else -np.inf
        high = spec.maximum if spec.maximum is not None else np.inf
        outside = (numbers < low) | (numbers > high)
        if outside.any():
            if spec.maximum is not None:
                bounds = f"between {spec.minimum} and {spec.maximum}"
            else:
                bounds = f"at least {spec.minimum}"
            whole = frame.assign(**{name: numbers.astype("int64")})
            detail = describe_rows(whole, outside, name, ("is out of range", "are out of range"))
            raise CourseInputError(f"table '{table}', column '{name}': {detail}. Values must be {bounds}.")
        return numbers.astype("int64")
    # category: recode to the schema's categories (through the codes when the input is categorical already)
    require_no_missing(frame, name, table=table)
    allowed = list(spec.categories)
    if isinstance(values.dtype, pd.CategoricalDtype):
        used = [str(c) for c in values.cat.remove_unused_categories().cat.categories]
        extra = sorted(set(used) - set(allowed))
        if not extra:
            return values.cat.rename_categories(str).cat.set_categories(allowed)
        values = values.astype("str")
    text = values.astype("str")
    unknown = ~text.isin(allowed)
    if unknown.any():
        if spec.closed:
            problem = ("has an unknown value", "have unknown values")
            detail = describe_rows(frame.assign(**{name: text}), unknown, name, problem)
            listed = ", ".join(repr(v) for v in allowed)
            raise CourseInputError(
                f"table '{table}', column '{name}': {detail}. Use one of {listed} (spelling and case matter)."
            )
        allowed += sorted(text[unknown].unique())
    return pd.Series(pd.Categorical(text, categories=allowed), index=frame.index, name=name)


def coerce_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with the columns, order and dtypes that :data:`SCHEMA` gives ``table``.

    Columns of the schema come first, in schema order; any extra columns of a
    user's own export are kept after them, unchanged. The index is reset to
    ``0..n-1``. Keys are checked by :func:`coerce_database`, not here.

    Raises
    ------
    CourseInputError
        When a column is missing, a date cannot be parsed, an amount is not a
        number, a count is not a whole number or out of range, or a closed
        enumeration holds an unknown value.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"customer_id": ["C1"], "year": ["2024"], "account_management": ["10"],
    ...                     "logistics": ["1.234"], "support": ["0"], "marketing": ["0"], "total": ["11.23"]})
    >>> coerce_table(raw, "cost_to_serve").dtypes.astype(str).tolist()
    ['str', 'int64', 'float64', 'float64', 'float64', 'float64', 'float64']
    """
    spec: TableSpec = SCHEMA[table]
    require_frame(frame, table=table)
    require_columns(frame, spec.column_names, table=table)
    frame = frame.reset_index(drop=True)
    out = {c.name: _coerce_column(frame, c, table) for c in spec.columns}
    extra = [c for c in frame.columns if c not in out]
    result = pd.DataFrame(out, index=frame.index)
    if extra:
        result = pd.concat([result, frame[extra]], axis=1)
    return result


def coerce_database(tables: Mapping[str, pd.DataFrame]) -> B2BDatabase:
    """Coerce every table with :func:`coerce_table` and check keys; return a :class:`B2BDatabase`.

    Checks that each primary key is unique and that every ``customer_id``
    (and ``contact_id`` in interactions) refers to an existing row of its
    parent table.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=30)
    >>> coerce_database(db.tables()).orders.equals(db.orders)
    True
    """
    missing = [name for name in TABLE_NAMES if name not in tables]
    if missing:
        raise CourseInputError(
            f"table '{missing[0]}' is missing; a B2B database needs the tables {', '.join(TABLE_NAMES)}."
        )
    coerced = {name: coerce_table(tables[name], name) for name in TABLE_NAMES}
    for name in TABLE_NAMES:
        key = list(SCHEMA[name].key)
        if not _key_is_sorted_or_unique(coerced[name], key):
            require_unique(coerced[name], key, table=name)
    for name in TABLE_NAMES:
        for column, parent in SCHEMA[name].foreign_keys:
            known = pd.Index(coerced[parent][SCHEMA[parent].key[0]])
            require_known_keys(coerced[name], column, known, table=name, parent_table=parent)
    return B2BDatabase(**coerced)


def _key_is_sorted_or_unique(frame: pd.DataFrame, key: list[str]) -> bool:
    """Fast check that ``key`` is unique (``False`` means: run the full check, which names the rows).

    A key sorted in strictly increasing order, as in every file written by
    :func:`save_b2b`, is unique; checking that is much faster than hashing
    millions of strings.
    """
    if len(frame) < 2:
        return True
    if len(key) == 1:
        return bool(pd.Index(frame[key[0]]).is_unique)
    a = frame[key[0]].to_numpy()
    b = frame[key[1]].to_numpy()
    increasing = (a[1:] > a[:-1]) | ((a[1:] == a[:-1]) & (b[1:] > b[:-1]))
    return bool(increasing.all()) or not frame.duplicated(subset=key).any()


def load_b2b(path: str | os.PathLike[str] | None = None) -> B2BDatabase:
    """Load the B2B customer database from a folder of CSV files.

    Parameters
    ----------
    path : str or path-like, optional
        Folder holding one CSV per table (``customers.csv``, ``orders.csv``,
        … as written by :func:`save_b2b`). ``None`` (default) loads the
        database shipped with the course in ``data/b2b``. A user's own export
        in the same layout loads the same way.

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
            f"B2B database folder not found: {folder}. Pass the folder that holds customers.csv, orders.csv, … "
            "(or nothing, for the shipped database)."
        )
    raw: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        file = folder / SCHEMA[name].filename
        if not file.is_file():
            raise CourseInputError(
                f"table '{name}': file {file} not found. A B2B database folder needs one CSV per table: "
                f"{', '.join(SCHEMA[t].filename for t in TABLE_NAMES)}. Export the missing table or rebuild the "
                "shipped data with `python -m course data generate`."
            )
        raw[name] = _read_table(file, SCHEMA[name])
    return coerce_database(raw)


def _read_table(file: Path, spec: TableSpec) -> pd.DataFrame:
    """Read one CSV: numbers parsed by the C parser when they are clean, everything else as text.

    Only empty cells are missing values (a company called "NA" stays "NA").
    When a number column holds text, the file is read again as text so that
    the coercion can name the offending rows.
    """
    options = {"keep_default_na": False, "na_values": [""], "encoding": "utf-8"}
    numeric = {c.name: "float64" for c in spec.columns if c.kind in ("money", "int")}
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
            f"save_b2b needs a B2BDatabase (from generate_b2b or load_b2b), got {type(db).__name__}."
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
