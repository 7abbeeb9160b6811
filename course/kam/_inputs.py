"""What every key-account function checks first: the tables it reads, the customer it is asked about, the as-of day.

A key-account analysis reads several tables of a
:class:`~course.data.B2BDatabase` (or of any object with the same tables as
attributes). A missing table or column, an empty key-account table and an
unknown customer id each end in one :class:`~course.validation.CourseInputError`
that names the table, the column or the id, and the fix.

Examples
--------
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> check_customer(db, "C00001")
'C00001'
>>> check_customer(db, "C0001")  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
course.validation.CourseInputError: customer 'C0001' is not in table 'customers' (2,000 customers, ids C00001 ...
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import pandas as pd

from course.customers import customer_table_of
from course.data.b2b_schema import SCHEMA
from course.purchases import completed_orders, purchases, resolve_asof
from course.validation import CourseInputError, require_columns, require_frame

__all__ = ["get_table", "require_rows", "check_customer", "as_of", "purchases_of", "customer_table_at", "DAY"]

DAY = pd.Timedelta(days=1)


def get_table(db: object, name: str, columns: Iterable[str] = (), *, purpose: str) -> pd.DataFrame:
    """``db.<name>`` checked for ``columns``; ``purpose`` says in the error what needs the table.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> get_table(SimpleNamespace(), "wallet", purpose="share of wallet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: the database has no table 'wallet' (share of wallet needs it), got a ...
    """
    if not hasattr(db, name):
        raise CourseInputError(
            f"the database has no table '{name}' ({purpose} needs it), got a {type(db).__name__}. Pass the object "
            "returned by course.data.load_b2b() or course.data.b2b_database(), or one with the same tables."
        )
    frame = require_frame(getattr(db, name), table=name)
    require_columns(frame, list(columns), table=name)
    return frame


def require_rows(frame: pd.DataFrame, name: str, *, purpose: str) -> None:
    """Raise when a table that ``purpose`` needs has no rows (key-account tables are optional in a folder)."""
    if len(frame) == 0:
        optional = SCHEMA[name].optional if name in SCHEMA else False
        fix = (
            f" The key-account tables are optional when a database is loaded from a folder: add {name}.csv "
            "(its columns are in data/README.md) or use the shipped database."
            if optional
            else " Check the file you loaded or the filter applied before this call."
        )
        raise CourseInputError(f"table '{name}' has no rows; {purpose} needs it.{fix}")


def check_customer(db: object, customer_id: object) -> str:
    """Return ``customer_id`` if it is a customer of ``db``; otherwise explain how to find a valid id."""
    customers = get_table(db, "customers", ["customer_id"], purpose="a customer's analysis")
    ids = customers["customer_id"].astype("str")
    key = str(customer_id)
    if key in set(ids):
        return key
    close = _padded(key, ids) or difflib.get_close_matches(key, ids.tolist(), n=3)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    span = f"ids {ids.min()} … {ids.max()}" if len(ids) else "no ids at all"
    raise CourseInputError(
        f"customer {customer_id!r} is not in table 'customers' ({len(ids):,} customers, {span}{hint}). "
        "Find the valid ids in the customer_id column of db.customers (data/b2b/customers.csv), "
        "e.g. db.customers[['customer_id', 'company_name']].head()."
    )


def _padded(key: str, ids: pd.Series) -> list[str]:
    """The id that ``key`` means when it lacks (or has extra) leading zeros, e.g. 'C1' or 'c0001' for 'C00001'."""
    match = re.fullmatch(r"([A-Za-z]*)0*(\d+)", key.strip())
    if not match or ids.empty:
        return []
    width = len(ids.iloc[0]) - len(match.group(1))
    candidate = match.group(1).upper() + match.group(2).zfill(width)
    return [candidate] if candidate in set(ids) else []


def as_of(db: object, asof: object) -> pd.Timestamp:
    """The as-of day: ``asof`` itself, or the day after the last order of ``db`` (:mod:`course.purchases`)."""
    orders = get_table(db, "orders", ["order_date"], purpose="the as-of date")
    return resolve_asof(asof, orders["order_date"] if asof is None else None)


def purchases_of(db: object, asof: pd.Timestamp) -> pd.DataFrame:
    """Completed order lines dated on or before ``asof`` (the one definition of a purchase)."""
    orders = get_table(
        db, "orders", ["customer_id", "order_date", "product_line", "revenue", "status"], purpose="revenue"
    )
    bought = completed_orders(orders)
    return bought.loc[~(bought["order_date"] > asof)]


def customer_table_at(db: object, asof: pd.Timestamp) -> pd.DataFrame:
    """The customer table as of ``asof``: the orders validated once, the later rows left out without a warning.

    A key-account analysis is made as of a day on purpose, so the rows after it are not news
    (:func:`course.customers.customer_table_of`).
    """
    orders = get_table(db, "orders", ["customer_id", "order_date", "status"], purpose="the customer table")
    return customer_table_of(db, purchases(orders, asof=asof))
