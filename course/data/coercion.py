"""Coerce raw tables to the B2B schema: columns, order, dtypes, and key checks.

Both ways into a :class:`~course.data.b2b_schema.B2BDatabase` end here: the
loader (:func:`course.data.load_b2b`) coerces the text it reads from CSV, the
generator (:func:`course.data.generate_b2b`) the arrays it draws. Keeping the
coercion in its own module lets both import it without importing each other.

- :func:`coerce_table` -- one table to the columns, order and dtypes that
  :data:`~course.data.b2b_schema.SCHEMA` gives it, or a clear error;
- :func:`coerce_database` -- every table, plus unique primary keys and
  foreign keys that refer to existing rows.

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"customer_id": ["C1"], "year": ["2024"], "account_management": ["10"],
...                     "logistics": ["1.234"], "support": ["0"], "marketing": ["0"], "total": ["11.23"]})
>>> coerce_table(raw, "cost_to_serve")["logistics"].tolist()
[1.23]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from course.data.b2b_schema import (
    CORE_TABLES,
    KEY_ACCOUNT_TABLES,
    SCHEMA,
    TABLE_NAMES,
    B2BDatabase,
    ColumnSpec,
    TableSpec,
)
from course.i18n import N_
from course.i18n import gettext as _
from course.validation import (
    NOT_WHOLE,
    CourseInputError,
    describe_rows,
    listing,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_unique,
)

__all__ = ["coerce_table", "coerce_database", "empty_table"]


def empty_table(table: str) -> pd.DataFrame:
    """A table of :data:`SCHEMA` with no rows: its columns in schema order, with their dtypes.

    Stands in for an optional (key-account) table that a database folder lacks.

    Examples
    --------
    >>> frame = empty_table("wallet")
    >>> len(frame), frame.columns.tolist(), str(frame["wallet"].dtype)
    (0, ['customer_id', 'year', 'product_line', 'wallet'], 'float64')
    """
    spec = SCHEMA[table]
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in spec.columns})


def coerce_table(frame: pd.DataFrame, table: str, *, dayfirst: bool | None = None) -> pd.DataFrame:
    """Return ``frame`` with the columns, order and dtypes that :data:`SCHEMA` gives ``table``.

    Columns of the schema come first, in schema order; any extra columns of a
    user's own export are kept after them, unchanged. The index is reset to
    ``0..n-1``. Keys are checked by :func:`coerce_database`, not here.
    ``dayfirst`` says how to read dates such as ``05.01.2023``
    (:func:`course.validation.parse_dates`: by default a column in which no
    row decides is an error).

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
    out = {c.name: _coerce_column(frame, c, table, dayfirst) for c in spec.columns}
    extra = [c for c in frame.columns if c not in out]
    result = pd.DataFrame(out, index=frame.index)
    if extra:
        result = pd.concat([result, frame[extra]], axis=1)
    return result


def coerce_database(tables: Mapping[str, pd.DataFrame], *, dayfirst: bool | None = None) -> B2BDatabase:
    """Coerce every table with :func:`coerce_table` and check keys; return a :class:`B2BDatabase`.

    Checks that each primary key is unique and that every foreign key
    (``customer_id``, ``contact_id``, ``interaction_id`` …) refers to an
    existing row of its parent table. An optional (key-account) table that
    ``tables`` lacks is empty in the result.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=30)
    >>> coerce_database(db.tables()).orders.equals(db.orders)
    True
    """
    missing = [name for name in TABLE_NAMES if name not in tables and not SCHEMA[name].optional]
    if missing:
        raise CourseInputError(
            _(
                "table '{table}' is missing; a B2B database needs the tables {core} (and, optionally, {optional})."
            ).format(table=missing[0], core=listing(CORE_TABLES), optional=listing(KEY_ACCOUNT_TABLES))
        )
    coerced = {
        name: coerce_table(tables[name], name, dayfirst=dayfirst) if name in tables else empty_table(name)
        for name in TABLE_NAMES
    }
    for name in TABLE_NAMES:
        key = list(SCHEMA[name].key)
        if not _key_is_sorted_or_unique(coerced[name], key):
            require_unique(coerced[name], key, table=name)
    for name in TABLE_NAMES:
        for column, parent in SCHEMA[name].foreign_keys:
            known = pd.Index(coerced[parent][SCHEMA[parent].key[0]])
            require_known_keys(coerced[name], column, known, table=name, parent_table=parent)
    return B2BDatabase(**coerced)


# ---------------------------------------------------------------- one column, by kind
def _coerce_column(frame: pd.DataFrame, spec: ColumnSpec, table: str, dayfirst: bool | None = None) -> pd.Series:
    """Return ``frame[spec.name]`` converted to the column's dtype, or raise a clear error."""
    coerce = {
        "id": _coerce_text,
        "text": _coerce_text,
        "date": _coerce_date,
        "money": _coerce_money,
        "number": _coerce_money,  # any measure with decimals: parsed and rounded like money
        "int": _coerce_int,
    }.get(spec.kind, _coerce_category)
    if spec.kind == "date":
        return _coerce_date(frame, spec, table, dayfirst)
    return coerce(frame, spec, table)


def _coerce_text(frame: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    if not spec.nullable:
        require_no_missing(frame, spec.name, table=table)
    values = frame[spec.name]
    if values.dtype == "str":
        return values
    # ids given as numbers (a frame built by hand) become text; CSVs are read as text, keeping leading zeros
    return values.astype("str")


def _coerce_date(frame: pd.DataFrame, spec: ColumnSpec, table: str, dayfirst: bool | None = None) -> pd.Series:
    fast = _fast_parse(frame[spec.name], spec, lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce"))
    if fast is not None:
        return fast.astype("datetime64[ns]")
    return parse_dates(frame, spec.name, table=table, allow_missing=spec.nullable, dayfirst=dayfirst)


def _coerce_money(frame: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    fast = _fast_parse(frame[spec.name], spec, _to_float)
    numbers = fast if fast is not None else parse_numbers(frame, spec.name, table=table, allow_missing=spec.nullable)
    # + 0.0 turns -0.0 into 0.0, so that a rounded amount is never written as "-0.00"
    return numbers.round(2) + 0.0


def _coerce_int(frame: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    name = spec.name
    values = frame[name]
    fast = _fast_parse(values, spec, _to_float)
    numbers = fast if fast is not None else parse_numbers(frame, name, table=table, allow_missing=False)
    checked = frame.assign(**{name: values})
    fractional = numbers != np.floor(numbers)
    if fractional.any():
        detail = describe_rows(checked, fractional, name, NOT_WHOLE)
        raise CourseInputError(
            _("table '{table}', column '{column}': {detail}. Use whole numbers (counts or scores).").format(
                table=table, column=name, detail=detail
            )
        )
    low = spec.minimum if spec.minimum is not None else -np.inf
    high = spec.maximum if spec.maximum is not None else np.inf
    outside = (numbers < low) | (numbers > high)
    if outside.any():
        if spec.maximum is not None:
            bounds = _("between {low} and {high}").format(low=spec.minimum, high=spec.maximum)
        else:
            bounds = _("at least {low}").format(low=spec.minimum)
        whole = frame.assign(**{name: numbers.astype("int64")})
        detail = describe_rows(whole, outside, name, (N_("is out of range"), N_("are out of range")))
        raise CourseInputError(
            _("table '{table}', column '{column}': {detail}. Values must be {bounds}.").format(
                table=table, column=name, detail=detail, bounds=bounds
            )
        )
    return numbers.astype("int64")


def _coerce_category(frame: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    """Recode to the schema's categories (through the codes when the input is categorical already)."""
    name = spec.name
    values = frame[name]
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
            problem = (N_("has an unknown value"), N_("have unknown values"))
            detail = describe_rows(frame.assign(**{name: text}), unknown, name, problem)
            listed = listing(repr(v) for v in allowed)
            raise CourseInputError(
                _(
                    "table '{table}', column '{column}': {detail}. Use one of {listed} (spelling and case matter)."
                ).format(table=table, column=name, detail=detail, listed=listed)
            )
        allowed += sorted(text[unknown].unique())
    return pd.Series(pd.Categorical(text, categories=allowed), index=frame.index, name=name)


# ---------------------------------------------------------------- fast paths
def _to_float(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("float64")


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


def _key_is_sorted_or_unique(frame: pd.DataFrame, key: list[str]) -> bool:
    """Fast check that ``key`` is unique (``False`` means: run the full check, which names the rows).

    A key sorted in strictly increasing order, as in every file written by
    :func:`course.data.save_b2b`, is unique; checking that is much faster than
    hashing millions of strings.
    """
    if len(frame) < 2:
        return True
    if len(key) == 1:
        return bool(pd.Index(frame[key[0]]).is_unique)
    a = frame[key[0]].to_numpy()
    b = frame[key[1]].to_numpy()
    increasing = (a[1:] > a[:-1]) | ((a[1:] == a[:-1]) & (b[1:] > b[:-1]))
    return bool(increasing.all()) or not frame.duplicated(subset=key).any()
