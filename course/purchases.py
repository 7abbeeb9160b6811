"""What counts as a purchase, and up to which day: the one definition every analysis uses.

Every analysis of the course starts from the same question -- which rows of
an order table are purchases the company was paid for, and which of them are
known on the day of the analysis? It is answered here, once, and every module
(customer table, tiers, RFM, lifecycle, churn, lifetime value) and every
answer check uses this module, so they cannot disagree.

Conventions
-----------
Purchase
    An order line whose status is :data:`PURCHASE_STATUS` (``"completed"``).
    Cancelled and returned lines were never paid for: they are not purchases
    (that is the definition, not something to warn about). A status outside
    :data:`ORDER_STATUSES` is an error that names the rows -- a typo such as
    ``"Completed"`` would otherwise drop revenue silently. Data that hold
    purchases only (the CDNOW transactions, a user's own sales export) pass
    ``status=None``.
Day
    Dates are compared by calendar day; a time of day, in the data or in a
    date parameter, is ignored. :func:`day_numbers` counts whole days since
    1970-01-01, so that differences of days are integer subtractions.
Purchase, for frequency
    A **customer-day**: all of a customer's purchases dated on one day count
    as one purchase when purchases are counted (RFM frequency, the repeat
    purchases of the lifetime-value models). Lines of one order, two orders
    placed the same morning, or two rows of a retail log on one date are one
    buying occasion, not several (:func:`count_purchase_days`).
As-of date (分析基准日)
    The day the analysis is made. Rows dated on or before it are known;
    later rows are left out. When no as-of date is given, it is the day
    after the latest date in the data (all rows, whatever their status), so
    the most recent buyer has a recency of one day (:func:`default_asof`).

Examples
--------
>>> import pandas as pd
>>> from course.purchases import purchases
>>> orders = pd.DataFrame({
...     "customer_id": ["A", "A", "B", "C"],
...     "order_date": ["2025-03-01", "2025-05-02 14:30", "2025-04-10", "2025-05-01"],
...     "status": ["completed", "completed", "cancelled", "completed"]})
>>> bought = purchases(orders)
>>> bought.asof, list(bought.ids[bought.code]), bought.n_after
(Timestamp('2025-05-03 00:00:00'), ['A', 'A', 'C'], 0)
>>> purchases(orders, asof="2025-04-30").n_after     # known on 30 April: one purchase of A
2
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from course.data.b2b_schema import ORDER_STATUSES
from course.validation import (
    CourseInputError,
    describe_rows,
    parse_date_parameter,
    parse_dates,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
)

__all__ = [
    "ORDER_STATUSES",
    "PURCHASE_STATUS",
    "Purchases",
    "is_purchase",
    "completed_orders",
    "day_numbers",
    "day_number",
    "default_asof",
    "resolve_asof",
    "purchases",
    "count_purchase_days",
    "factorize_present",
    "sorted_codes",
]

#: The status of an order line that is a purchase.
PURCHASE_STATUS = "completed"

_ASOF_NOTE = "(format YYYY-MM-DD), or leave it out to use the day after the last order"


def is_purchase(frame: pd.DataFrame, status: str | None = "status", *, table: str = "orders") -> np.ndarray:
    """Boolean mask of the rows of ``frame`` that are purchases (completed lines).

    Parameters
    ----------
    frame : DataFrame
        Order lines.
    status : str or None, default "status"
        The status column; ``None`` when every row is a purchase.
    table : str
        Name of the table in error messages.

    Raises
    ------
    CourseInputError
        When the status column is missing, has empty cells, or holds a value
        outside :data:`ORDER_STATUSES`.

    Examples
    --------
    >>> import pandas as pd
    >>> is_purchase(pd.DataFrame({"status": ["completed", "returned"]})).tolist()
    [True, False]
    >>> is_purchase(pd.DataFrame({"status": ["completed", "Completed"]}))  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: table 'orders', column 'status': 1 row has an unknown status: row 1
    ('Completed'). Allowed values are 'completed', 'cancelled', 'returned' (lower case); pass status=None if every
    row is a purchase.
    """
    require_frame(frame, table=table)
    if status is None:
        return np.ones(len(frame), dtype=bool)
    if status not in frame.columns:
        listed = ", ".join(repr(str(c)) for c in frame.columns)
        raise CourseInputError(
            f"table '{table}': column {status!r} (the order status) not found; available columns: {listed}. "
            "Pass status='<column>', or status=None if every row is a completed purchase."
        )
    # One hash pass: the statuses are a handful of distinct values, checked once each, not per row.
    codes, values = factorize_present(frame, status, table=table)
    known = np.array([value in ORDER_STATUSES for value in np.asarray(values, dtype="object")], dtype=bool)
    unknown = pd.Series(~known[codes], index=frame.index)
    if unknown.any():
        detail = describe_rows(frame, unknown, status, ("has an unknown status", "have an unknown status"))
        raise CourseInputError(
            f"table '{table}', column '{status}': {detail}. "
            f"Allowed values are {', '.join(map(repr, ORDER_STATUSES))} (lower case); "
            "pass status=None if every row is a purchase."
        )
    paid = np.array([value == PURCHASE_STATUS for value in np.asarray(values, dtype="object")], dtype=bool)
    return paid[codes]


def completed_orders(orders: pd.DataFrame, status: str = "status") -> pd.DataFrame:
    """The rows of ``orders`` that are purchases, as a new DataFrame (index kept).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"order_id": ["O1", "O2"], "status": ["completed", "cancelled"]})
    >>> completed_orders(orders)["order_id"].tolist()
    ['O1']
    """
    return orders.loc[is_purchase(orders, status)]


def day_numbers(dates: pd.Series | pd.DatetimeIndex | np.ndarray) -> np.ndarray:
    """Whole days since 1970-01-01 of each date (the time of day dropped), as int64.

    Examples
    --------
    >>> import pandas as pd
    >>> day_numbers(pd.to_datetime(pd.Series(["1970-01-02 23:59", "2025-12-31 00:00"]))).tolist()
    [1, 20453]
    """
    # Reading the days' int64 storage (NaT stays the int64 minimum) instead of casting them: the same numbers,
    # several times faster on millions of dates.
    return np.asarray(dates, dtype="datetime64[ns]").astype("datetime64[D]").view("int64")


def day_number(stamp: pd.Timestamp) -> int:
    """The day number of one date (see :func:`day_numbers`).

    Examples
    --------
    >>> import pandas as pd
    >>> day_number(pd.Timestamp("1970-01-11 08:00"))
    10
    """
    return int(day_numbers(pd.Series([stamp]))[0])


def factorize_present(frame: pd.DataFrame, column: str, *, table: str) -> tuple[np.ndarray, object]:
    """Codes (int64) and distinct values of ``frame[column]``, in order of appearance; an empty cell is an error.

    One hash pass over the column, as in a plain group-by: an empty cell gets the code -1, and only then
    does the check run that names the rows.

    Examples
    --------
    >>> import pandas as pd
    >>> codes, ids = factorize_present(pd.DataFrame({"c": ["b", "a", "b"]}), "c", table="orders")
    >>> codes.tolist(), list(ids)
    ([0, 1, 0], ['b', 'a'])
    """
    require_columns(frame, [column], table=table)
    codes, uniques = pd.factorize(frame[column], sort=False)
    if (codes < 0).any():
        require_no_missing(frame, column, table=table)  # raises, naming the rows
    return codes.astype("int64", copy=False), uniques


def sorted_codes(codes: np.ndarray, uniques: object, keep: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes of the kept rows into their sorted distinct ids, exactly as ``pd.factorize(ids[keep], sort=True)``.

    Only the distinct ids are sorted (far fewer than the rows); sorting them with ``pd.factorize`` keeps
    pandas' order for every kind of id (text, numbers, categories).

    Examples
    --------
    >>> import numpy as np
    >>> keep = np.array([True, True, True, False])
    >>> codes, ids = sorted_codes(np.array([0, 1, 0, 2]), pd.Index(["b", "c", "a"]), keep)
    >>> codes.tolist(), list(ids)
    ([0, 1, 0], ['b', 'c'])
    """
    kept = codes if keep.all() else codes[keep]
    present = np.bincount(kept, minlength=len(uniques)) > 0
    everyone = bool(present.all())  # the usual case: no copy of the ids and no remapping table
    distinct = uniques if everyone else uniques[present]
    if not isinstance(distinct, pd.Categorical) and pd.api.types.infer_dtype(distinct, skipna=False) == "string":
        # Text ids: numpy sorts its own string type in C, in the same (code point) order as Python's
        # comparisons, which pandas uses for object and python-backed text -- several times faster.
        order = np.argsort(np.asarray(distinct, dtype=np.dtypes.StringDType()), kind="stable")
        rank = np.empty(len(order), dtype="int64")
        rank[order] = np.arange(len(order))
        ordered = distinct[order]
    else:
        rank, ordered = pd.factorize(distinct, sort=True)
    if everyone:
        return rank[kept], pd.Index(ordered)
    remap = np.full(len(uniques), -1, dtype="int64")
    remap[present] = rank
    return remap[kept], pd.Index(ordered)


def _day(number: int | np.integer) -> pd.Timestamp:
    return pd.Timestamp(np.datetime64(int(number), "D")).as_unit("ns")


def default_asof(dates: pd.Series) -> pd.Timestamp:
    """The as-of date used when none is given: the day after the latest of ``dates``.

    Examples
    --------
    >>> import pandas as pd
    >>> default_asof(pd.to_datetime(pd.Series(["2025-12-30 09:00", "2025-12-31 18:00"])))
    Timestamp('2026-01-01 00:00:00')
    """
    return _day(day_numbers(pd.Series(dates).dropna()).max() + 1)


def resolve_asof(asof: object, dates: pd.Series | None = None, *, name: str = "asof") -> pd.Timestamp:
    """``asof`` as a day (midnight), or :func:`default_asof` of ``dates`` when ``asof`` is None.

    Raises
    ------
    CourseInputError
        When ``asof`` is not a date (or is None and no ``dates`` are given).

    Examples
    --------
    >>> resolve_asof("2025-12-31 17:00")
    Timestamp('2025-12-31 00:00:00')
    """
    if asof is None:
        if dates is None:
            raise CourseInputError(f"{name} is required here: pass a date such as '2025-12-31'.")
        return default_asof(dates)
    return parse_date_parameter(asof, name=name, note=_ASOF_NOTE if dates is not None else "")


@dataclass(frozen=True)
class Purchases:
    """The purchases of an order table known on ``asof``, as integer arrays.

    Customers are factorised once (``ids``, sorted, holding every customer
    that appears in the table whatever the status), so that later group-bys
    run on integers -- fast on millions of lines.

    Attributes
    ----------
    code : ndarray of int64
        Position in ``ids`` of each purchase's customer.
    day : ndarray of int64
        Day number (:func:`day_numbers`) of each purchase.
    rows : ndarray of int64
        Position of each purchase in the original table, to read its other
        columns (``frame[column].to_numpy()[purchases.rows]``).
    ids : Index
        The customer ids the codes refer to, named like the customer column.
    asof : Timestamp
        The as-of date used (given, or :func:`default_asof`).
    n_after : int
        Purchases dated after ``asof``, left out (callers say so if they warn).
    n_rows_after : int
        Rows of any status dated after ``asof``.
    row_days : ndarray of int64
        Day number of every row of the table, whatever its status (for
        :meth:`until`).

    An instance is the **validated core** of an order table: the ids,
    dates and statuses have been checked once, so inner callers (the 360°
    view, the report, the archive) pass it on instead of validating the
    table again (:meth:`until` cuts it at an earlier as-of date).
    """

    code: np.ndarray
    day: np.ndarray
    rows: np.ndarray
    ids: pd.Index
    asof: pd.Timestamp
    n_after: int
    n_rows_after: int
    row_days: np.ndarray = field(repr=False)

    @property
    def asof_day(self) -> int:
        """The day number of ``asof``."""
        return day_number(self.asof)

    def __len__(self) -> int:
        return len(self.rows)

    def until(self, asof: object) -> Purchases:
        """The purchases known on ``asof`` (on or before :attr:`asof`): the same as calling :func:`purchases` then.

        Nothing is validated again: ``purchases(frame).until(day)`` equals
        ``purchases(frame, asof=day)`` field by field, at the cost of one
        comparison per row.

        Raises
        ------
        CourseInputError
            When ``asof`` is not a date, or is later than :attr:`asof` while
            rows were left out (they cannot be brought back).

        Examples
        --------
        >>> import pandas as pd
        >>> orders = pd.DataFrame({"customer_id": ["A", "B", "A"],
        ...                        "order_date": ["2025-03-01", "2025-04-10", "2025-05-02"]})
        >>> bought = purchases(orders, status=None)
        >>> cut = bought.until("2025-04-30")
        >>> cut.asof, cut.code.tolist(), cut.n_after, len(bought)
        (Timestamp('2025-04-30 00:00:00'), [0, 1], 1, 3)
        """
        stamp = resolve_asof(asof)
        if stamp > self.asof and self.n_rows_after:
            raise CourseInputError(
                f"asof {stamp.date()} is after the as-of date {self.asof.date()} these purchases were cut at; "
                "call purchases() again with the later date."
            )
        limit = day_number(stamp)
        known = self.day <= limit
        return replace(
            self,
            code=self.code[known],
            day=self.day[known],
            rows=self.rows[known],
            asof=stamp,
            n_after=self.n_after + int((~known).sum()),
            n_rows_after=int((self.row_days > limit).sum()),
        )


def purchases(
    frame: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
    asof: object = None,
    table: str = "orders",
) -> Purchases:
    """Validate an order table and return its purchases known on ``asof`` (see the module conventions).

    Parameters
    ----------
    frame : DataFrame
        Order lines or transactions, one row each.
    customer, date : str
        Columns holding the customer id and the order date.
    status : str or None, default "status"
        Column of the line status (only ``"completed"`` lines are purchases);
        ``None`` when every row is a purchase.
    asof : date-like, optional
        The as-of date; default :func:`default_asof` of ``frame[date]``.
    table : str
        Name of the table in error messages.

    Raises
    ------
    CourseInputError
        When ``frame`` is not a non-empty DataFrame, a column is missing, a
        customer id or date is empty or unparsable, a status is unknown, or
        ``asof`` is not a date.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": ["B", "A"], "date": ["2024-06-01", "2024-07-01"]})
    >>> bought = purchases(sales, date="date", status=None, asof="2024-06-30")
    >>> bought.ids.tolist(), bought.code.tolist(), bought.n_after
    (['A', 'B'], [1], 1)
    """
    require_frame(frame, table=table)
    require_not_empty(frame, table=table)
    require_columns(frame, [customer, date], table=table)
    customer_codes, customer_ids = factorize_present(frame, customer, table=table)
    days = day_numbers(parse_dates(frame, date, table=table))
    paid = is_purchase(frame, status, table=table)
    stamp = _day(days.max() + 1) if asof is None else resolve_asof(asof)
    limit = day_number(stamp)
    late = days > limit
    after = paid & late
    keep = np.flatnonzero(paid & ~late)
    codes, ids = sorted_codes(customer_codes, customer_ids, np.ones(len(frame), dtype=bool))
    every_row = len(keep) == len(frame)  # the usual case: the arrays serve as they are, no copies
    return Purchases(
        code=(codes if every_row else codes[keep]).astype("int64", copy=False),
        day=days if every_row else days[keep],
        rows=keep.astype("int64", copy=False),
        ids=pd.Index(ids, name=customer),
        asof=stamp,
        n_after=int(after.sum()),
        n_rows_after=int(late.sum()),
        row_days=days,
    )


def count_purchase_days(codes: np.ndarray, days: np.ndarray, n_customers: int) -> np.ndarray:
    """The number of purchases of each customer, a purchase being a customer-day (the course's convention).

    Parameters
    ----------
    codes : ndarray of int
        Customer code (0 … ``n_customers`` - 1) of each purchase row.
    days : ndarray of int
        Day number (:func:`day_numbers`) of each purchase row.
    n_customers : int
        The number of customers (the length of the result).

    Returns
    -------
    ndarray of int64
        Distinct days with a purchase, per customer code.

    Examples
    --------
    >>> import numpy as np
    >>> count_purchase_days(np.array([0, 0, 0, 1]), np.array([10, 10, 12, 10]), 3).tolist()  # two rows on day 10
    [2, 1, 0]
    """
    codes = np.asarray(codes, dtype="int64")
    days = np.asarray(days, dtype="int64")
    if len(codes) == 0:
        return np.zeros(n_customers, dtype="int64")
    first = days.min()
    span = int(days.max() - first) + 1
    pairs = codes * span  # built in place: no temporary arrays of millions of rows
    pairs += days
    pairs -= first
    # The lines of one order sit next to each other in an export: a repeat of the row above is dropped first
    # (one comparison per row), so that the hashing below sees each run of equal pairs once.
    fresh = np.empty(len(pairs), dtype=bool)
    fresh[0] = True
    np.not_equal(pairs[1:], pairs[:-1], out=fresh[1:])
    cells = pd.unique(pairs[fresh])  # distinct (customer, day) pairs
    return np.bincount(cells // span, minlength=n_customers).astype("int64")
