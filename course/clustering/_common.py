"""What the clustering modules share: the lesson's columns, input checks, labels and the thread limit."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_columns,
    require_frame,
    require_not_empty,
)

#: The lesson's features, columns of ``course.customers.customer_table``:
#: recency (days since the last completed order), frequency (distinct
#: completed orders), monetary value (revenue), margin rate, profit after
#: cost-to-serve, and tenure (years since the first purchase).
FEATURES = ("recency_days", "n_orders", "revenue", "margin_rate", "profit", "tenure_years")


#: Skewed, never-negative columns that get ``log1p`` by default (when they are features).
LOG_COLUMNS = ("recency_days", "n_orders", "n_lines", "revenue", "cost", "margin", "avg_order_value", "cost_to_serve")


#: Signed money columns that get the sign-preserving :class:`SignedLog` by default.
SIGNED_COLUMNS = ("profit",)

#: Below this many rows k-means runs on one thread: on small tables extra
#: threads cost more than they save, and on a busy machine (a workshop server,
#: a test run) they can slow a 0.1 s fit down to several seconds.
SINGLE_THREAD_BELOW = 200_000


def column_list(columns: object, *, what: str) -> list[str]:
    """``columns`` as a non-empty list of distinct names (a single string is one name)."""
    if isinstance(columns, str):
        columns = [columns]
    if not isinstance(columns, Iterable):
        raise CourseInputError(f"{what} must be a list of column names, got {type(columns).__name__}.")
    names = list(columns)
    if not names:
        raise CourseInputError(f"{what} is empty: name at least one column, e.g. {list(FEATURES)}.")
    repeated = sorted({str(c) for c in names if names.count(c) > 1})
    if repeated:
        raise CourseInputError(f"{what} names {', '.join(map(repr, repeated))} more than once; list each column once.")
    return names


def numeric_features(frame: pd.DataFrame, columns: list[str], *, table: str) -> pd.DataFrame:
    """Validated float copy of ``frame[columns]``: numbers, no NaN, no infinities."""
    require_frame(frame, table=table)
    require_not_empty(frame, table=table)
    require_columns(frame, columns, table=table)
    out = {}
    for column in columns:
        values = parse_numbers(frame, column, table=table, allow_missing=True)
        missing = values.isna()
        if missing.any():
            labels = frame.index[missing.to_numpy()]
            shown = ", ".join(map(str, labels[:5])) + (f" and {len(labels) - 5:,} more" if len(labels) > 5 else "")
            raise CourseInputError(
                f"table '{table}', column '{column}' is empty (NaN) in {len(labels):,} of {len(frame):,} rows "
                f"(rows {shown}). k-means needs a value in every cell. Prospects (customers without completed "
                "orders) have no recency, tenure or margin rate: keep buying customers only, e.g. "
                "customers[customers['n_orders'] > 0], or fill the gaps first with .fillna(...)."
            )
        infinite = np.isinf(values)
        if infinite.any():
            detail = describe_rows(frame.assign(**{column: values}), infinite, column, ("is infinite", "are infinite"))
            raise CourseInputError(
                f"table '{table}', column '{column}': {detail}. Replace them (e.g. a ratio divided by 0) "
                "or drop those rows."
            )
        out[column] = values
    return pd.DataFrame(out, index=frame.index)


def feature_matrix(X: object, *, table: str = "X") -> np.ndarray:
    """A validated 2-D float array from a DataFrame or array of features."""
    if isinstance(X, pd.DataFrame):
        return numeric_features(X, list(X.columns), table=table).to_numpy()
    if isinstance(X, np.ndarray):
        if X.ndim != 2:
            raise CourseInputError(f"'{table}' must be 2-D (rows = customers, columns = features), got {X.ndim}-D.")
        if X.shape[0] == 0:
            raise CourseInputError(f"'{table}' has 0 rows. Check the filter applied before this call.")
        try:
            values = X.astype("float64")
        except (TypeError, ValueError):
            raise CourseInputError(
                f"'{table}' holds values that are not numbers; build it with prepare_features."
            ) from None
        bad = ~np.isfinite(values).all(axis=1)
        if bad.any():
            raise CourseInputError(
                f"'{table}': {bad.sum():,} rows hold NaN or infinite values (first at row {int(np.argmax(bad))}). "
                "Drop or fill them first."
            )
        return values
    raise CourseInputError(
        f"'{table}' must be a DataFrame or a numpy array of features, got {type(X).__name__}. "
        "Build it with course.clustering.prepare_features."
    )


def check_k(k: object, n_rows: int, *, minimum: int = 2, maximum: int | None = None) -> int:
    """``k`` as an int in ``[minimum, maximum]`` (``maximum`` defaults to the number of rows)."""
    maximum = n_rows if maximum is None else maximum
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise CourseInputError(f"k must be a whole number of clusters, got {k!r}.")
    k = int(k)
    if k < minimum:
        raise CourseInputError(f"k = {k} is too small: use at least {minimum} clusters.")
    if k > maximum:
        raise CourseInputError(
            f"k = {k} is larger than the data allows: there are only {n_rows:,} rows (at most k = {maximum}). "
            "Use fewer clusters or more customers."
        )
    return k


def check_distinct(values: np.ndarray, k: int) -> None:
    """Raise if ``values`` has fewer distinct rows than ``k`` (k-means could not form k clusters)."""
    distinct = len(pd.DataFrame(values).drop_duplicates())
    if k > distinct:
        raise CourseInputError(
            f"k = {k} is larger than the number of distinct customers: only {distinct:,} rows differ "
            f"(the others repeat them exactly), so k-means cannot form {k} clusters. Use at most k = {distinct}."
        )


def threads(n_rows: int):
    """Context manager: one BLAS / OpenMP thread for tables below :data:`SINGLE_THREAD_BELOW` rows."""
    return threadpool_limits(limits=1) if n_rows < SINGLE_THREAD_BELOW else nullcontext()


def as_labels(labels: object, *, name: str = "labels") -> pd.Series:
    """Validate a Series of cluster labels (or segments, tiers) indexed by customer."""
    if not isinstance(labels, pd.Series):
        raise CourseInputError(
            f"'{name}' must be a pandas Series indexed by customer_id (e.g. the result of fit_clusters), "
            f"got {type(labels).__name__}."
        )
    if len(labels) == 0:
        raise CourseInputError(f"'{name}' is empty (0 rows).")
    if not labels.index.is_unique:
        repeated = labels.index[labels.index.duplicated()].unique()[:5].tolist()
        raise CourseInputError(f"'{name}' repeats customer ids, e.g. {repeated}; give each customer one label.")
    missing = labels.isna()
    if missing.any():
        shown = labels.index[missing.to_numpy()][:5].tolist()
        raise CourseInputError(
            f"'{name}' has {missing.sum():,} missing values (e.g. {shown}). Give every customer a label "
            "or drop those customers first (.dropna())."
        )
    return labels


def align(labels: pd.Series, other: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The two label Series restricted to their shared customers, in the same order."""
    a = as_labels(labels, name="labels")
    b = as_labels(other, name="other")
    if a.index.equals(b.index):
        return a, b
    shared = a.index[a.index.isin(b.index)]
    if len(shared) == 0:
        raise CourseInputError(
            "'labels' and 'other' share no customer id: both must be indexed by customer_id "
            f"(labels starts {a.index[:3].tolist()}, other starts {b.index[:3].tolist()})."
        )
    return a.loc[shared], b.loc[shared]
