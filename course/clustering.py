"""Clustering customers (聚类分群): features, choosing k, fitting, profiling, naming, comparing.

Rule-based tiers and RFM classes cut the customer base along lines that a
person draws. Clustering lets the data propose the groups instead: customers
that look alike on several measures at once end up together. This module
packages the steps of lesson 05:

1. :func:`make_feature_pipeline` / :func:`prepare_features` -- turn the
   customer table into a numeric feature matrix: ``log1p`` of the skewed,
   non-negative money and counts, a scaled ``arcsinh`` of signed money
   (profit, see :class:`SignedLog`), then standard scaling, so that no single
   measure dominates the distances.
2. :func:`choose_k` -- inertia (the *elbow*) and the silhouette score for a
   range of cluster counts ``k``.
3. :func:`fit_clusters` -- k-means (or a Gaussian mixture) with a fixed
   ``random_state`` and ``n_init``; clusters are renumbered by
   :func:`order_clusters` so that cluster 0 is always the most valuable.
4. :func:`profile_clusters` and :func:`name_clusters` -- size, share, medians
   and revenue share of each cluster, and a business name from a documented
   rule.
5. :func:`agreement`, :func:`cross_table` and :func:`stability` -- how far the
   clusters agree with the rule-based tiers or RFM segments, and how much
   they move across seeds and subsamples (adjusted Rand index, ARI).

Examples
--------
>>> import pandas as pd
>>> customers = pd.DataFrame(
...     {"recency_days": [5, 10, 8, 300, 420, 390],
...      "n_orders": [30, 25, 28, 2, 1, 2],
...      "revenue": [9e5, 7e5, 8e5, 2e3, 1e3, 3e3],
...      "margin_rate": [0.3, 0.32, 0.28, 0.2, 0.25, 0.22],
...      "profit": [2e5, 1.5e5, 1.8e5, -500.0, -800.0, 100.0],
...      "tenure_years": [5.0, 4.0, 4.5, 1.0, 2.0, 1.5]},
...     index=pd.Index(["C1", "C2", "C3", "C4", "C5", "C6"], name="customer_id"))
>>> fit_clusters(customers, k=2).tolist()
[0, 0, 0, 1, 1, 1]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_columns,
    require_frame,
    require_not_empty,
)

__all__ = [
    "FEATURES",
    "LOG_COLUMNS",
    "SIGNED_COLUMNS",
    "PROFILE_COLUMNS",
    "SignedLog",
    "make_feature_pipeline",
    "prepare_features",
    "choose_k",
    "fit_clusters",
    "order_clusters",
    "profile_clusters",
    "name_clusters",
    "agreement",
    "cross_table",
    "stability",
]

#: The lesson's features, columns of ``course.insight.customer_table``:
#: recency (days since the last completed order), frequency (distinct
#: completed orders), monetary value (revenue), margin rate, profit after
#: cost-to-serve, and tenure (years since the first purchase).
FEATURES = ("recency_days", "n_orders", "revenue", "margin_rate", "profit", "tenure_years")

#: Skewed, never-negative columns that get ``log1p`` by default (when they are features).
LOG_COLUMNS = ("recency_days", "n_orders", "n_lines", "revenue", "cost", "margin", "avg_order_value", "cost_to_serve")

#: Signed money columns that get the sign-preserving :class:`SignedLog` by default.
SIGNED_COLUMNS = ("profit",)

#: Columns whose medians :func:`profile_clusters` reports by default.
PROFILE_COLUMNS = FEATURES

METHODS = ("kmeans", "gaussian_mixture")

#: Below this many rows k-means runs on one thread: on small tables extra
#: threads cost more than they save, and on a busy machine (a workshop server,
#: a test run) they can slow a 0.1 s fit down to several seconds.
SINGLE_THREAD_BELOW = 200_000


# --------------------------------------------------------------------------- helpers


def _column_list(columns: object, *, what: str) -> list[str]:
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


def _transform_lists(
    columns: list[str], log_columns: Iterable[str] | None, signed_columns: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    """Resolve the ``log1p`` and ``arcsinh`` column lists against ``columns``."""
    log = [c for c in columns if c in LOG_COLUMNS] if log_columns is None else list(log_columns)
    signed = [c for c in columns if c in SIGNED_COLUMNS] if signed_columns is None else list(signed_columns)
    for name, chosen in (("log_columns", log), ("signed_columns", signed)):
        unknown = [c for c in chosen if c not in columns]
        if unknown:
            raise CourseInputError(
                f"{name} names {', '.join(map(repr, unknown))}, which is not among the features "
                f"{columns}. Add it to the features or remove it from {name}."
            )
    both = [c for c in log if c in signed]
    if both:
        raise CourseInputError(
            f"column(s) {', '.join(map(repr, both))} appear in both log_columns and signed_columns; "
            "choose one transform per column (signed_columns for values that can be negative)."
        )
    return log, signed


def _numeric_features(frame: pd.DataFrame, columns: list[str], *, table: str) -> pd.DataFrame:
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


def _feature_matrix(X: object, *, table: str = "X") -> np.ndarray:
    """A validated 2-D float array from a DataFrame or array of features."""
    if isinstance(X, pd.DataFrame):
        return _numeric_features(X, list(X.columns), table=table).to_numpy()
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


def _check_k(k: object, n_rows: int, *, minimum: int = 2, maximum: int | None = None) -> int:
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


def _check_distinct(values: np.ndarray, k: int) -> None:
    """Raise if ``values`` has fewer distinct rows than ``k`` (k-means could not form k clusters)."""
    distinct = len(pd.DataFrame(values).drop_duplicates())
    if k > distinct:
        raise CourseInputError(
            f"k = {k} is larger than the number of distinct customers: only {distinct:,} rows differ "
            f"(the others repeat them exactly), so k-means cannot form {k} clusters. Use at most k = {distinct}."
        )


def _threads(n_rows: int):
    """Context manager: one BLAS / OpenMP thread for tables below :data:`SINGLE_THREAD_BELOW` rows."""
    return threadpool_limits(limits=1) if n_rows < SINGLE_THREAD_BELOW else nullcontext()


def _labels(labels: object, *, name: str = "labels") -> pd.Series:
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


def _align(labels: pd.Series, other: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The two label Series restricted to their shared customers, in the same order."""
    a = _labels(labels, name="labels")
    b = _labels(other, name="other")
    if a.index.equals(b.index):
        return a, b
    shared = a.index[a.index.isin(b.index)]
    if len(shared) == 0:
        raise CourseInputError(
            "'labels' and 'other' share no customer id: both must be indexed by customer_id "
            f"(labels starts {a.index[:3].tolist()}, other starts {b.index[:3].tolist()})."
        )
    return a.loc[shared], b.loc[shared]


# --------------------------------------------------------------------------- features


class SignedLog(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Sign-preserving log transform of money that can be negative: ``arcsinh(x / s)``.

    ``s`` is the *typical size* of the column, the median of ``|x|`` over the
    rows seen by ``fit`` (1 if that median is 0). The transform is about
    ``x / s`` for ``|x|`` below ``s`` and about ``sign(x) * log(2|x| / s)``
    above it: like ``log1p`` it pulls in the long tail of huge accounts, but
    it keeps losses negative and treats a small loss and a small profit as
    close. (Plain ``arcsinh(x)`` in yuan would put a gap of about 14 between
    a loss of 500 and a profit of 500, splitting the customers on the sign of
    an amount that is economically zero.)

    Attributes
    ----------
    scale_ : ndarray
        ``s`` for each column.

    Examples
    --------
    >>> SignedLog().fit_transform(np.array([[-100.0], [0.0], [100.0], [10_000.0]])).round(3)
    array([[-0.881],
           [ 0.   ],
           [ 0.881],
           [ 5.298]])
    """

    def fit(self, X, y=None):
        values = validate_data(self, X, reset=True, dtype="float64")
        scale = np.median(np.abs(values), axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "scale_")
        values = validate_data(self, X, reset=False, dtype="float64")
        return np.arcsinh(values / self.scale_)


def make_feature_pipeline(
    columns: Sequence[str] = FEATURES,
    log_columns: Iterable[str] | None = None,
    signed_columns: Iterable[str] | None = None,
) -> Pipeline:
    """Build the scikit-learn pipeline that turns customer columns into clustering features.

    Step ``transform`` (a ``ColumnTransformer``) picks ``columns`` from the
    table and applies ``log1p`` (``log(1 + x)``) to ``log_columns`` and the
    sign-preserving :class:`SignedLog` (``arcsinh(x / s)``, ``s`` the median
    of ``|x|``) to ``signed_columns``; the other columns pass through
    unchanged. Step
    ``scale`` (``StandardScaler``) then gives every feature mean 0 and
    standard deviation 1, so that each counts equally in the k-means distance.
    Other columns of the table are dropped. The pipeline outputs a DataFrame
    whose columns come in the order log columns, signed columns, the rest.

    Parameters
    ----------
    columns : sequence of str, default :data:`FEATURES`
        The features.
    log_columns : iterable of str, optional
        Columns for ``log1p``; they must never be negative. Default: the
        features that are in :data:`LOG_COLUMNS` (skewed money and counts,
        and recency).
    signed_columns : iterable of str, optional
        Columns for :class:`SignedLog` (money that can be negative). Default:
        the features in :data:`SIGNED_COLUMNS` (profit).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; call ``fit_transform(customers)``. Input validation happens
        in :func:`prepare_features`, which is the safer entry point.

    Examples
    --------
    >>> pipe = make_feature_pipeline(["revenue", "profit", "margin_rate"])
    >>> [name for name, _ in pipe.steps]
    ['transform', 'scale']
    >>> df = pd.DataFrame({"revenue": [0.0, 99.0, 9999.0], "profit": [-10.0, 0.0, 10.0],
    ...                    "margin_rate": [0.1, 0.2, 0.3]})
    >>> pipe.fit_transform(df).round(3) + 0.0
       revenue  profit  margin_rate
    0   -1.225  -1.225       -1.225
    1    0.000   0.000        0.000
    2    1.225   1.225        1.225
    """
    columns = _column_list(columns, what="columns")
    log, signed = _transform_lists(columns, log_columns, signed_columns)
    rest = [c for c in columns if c not in log and c not in signed]
    parts = []
    if log:
        parts.append(("log1p", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), log))
    if signed:
        parts.append(("signed_log", SignedLog(), signed))
    if rest:
        parts.append(("keep", "passthrough", rest))
    transform = ColumnTransformer(parts, remainder="drop", verbose_feature_names_out=False)
    return Pipeline([("transform", transform), ("scale", StandardScaler())]).set_output(transform="pandas")


def prepare_features(
    customers: pd.DataFrame,
    features: Sequence[str] = FEATURES,
    *,
    log_columns: Iterable[str] | None = None,
    signed_columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the scaled feature matrix of ``customers`` (one row per customer).

    Validates the columns, then runs :func:`make_feature_pipeline`
    (``log1p`` of ``log_columns``, :class:`SignedLog` of ``signed_columns``,
    standard scaling of all features).

    Parameters
    ----------
    customers : DataFrame
        One row per customer, e.g. ``course.insight.customer_table(db)``
        restricted to buying customers (prospects have no recency, tenure or
        margin rate, and would all pile up in one cluster of their own).
    features : sequence of str, default :data:`FEATURES`
    log_columns, signed_columns : iterable of str, optional
        See :func:`make_feature_pipeline`.

    Returns
    -------
    DataFrame
        Same index as ``customers``, columns ``features`` in the given order,
        each with mean 0 and (population) standard deviation 1.

    Raises
    ------
    CourseInputError
        A feature is missing, not numeric, empty (NaN, e.g. for prospects) or
        infinite, or a ``log1p`` column holds negative values.

    Examples
    --------
    >>> df = pd.DataFrame({"n_orders": [1, 3, 15], "margin_rate": [0.1, 0.2, 0.3]},
    ...                   index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> prepare_features(df, ["n_orders", "margin_rate"]).round(3) + 0.0  # doctest: +NORMALIZE_WHITESPACE
                 n_orders  margin_rate
    customer_id
    C1             -1.069       -1.225
    C2             -0.267        0.000
    C3              1.336        1.225
    """
    columns = _column_list(features, what="features")
    log, signed = _transform_lists(columns, log_columns, signed_columns)
    values = _numeric_features(customers, columns, table="customers")
    for column in log:
        negative = values[column] < 0
        if negative.any():
            detail = describe_rows(values, negative, column, ("is negative", "are negative"))
            raise CourseInputError(
                f"table 'customers', column '{column}': {detail}. log1p needs values >= 0; "
                f"put '{column}' in signed_columns (SignedLog keeps the sign) or leave it unlogged."
            )
    pipeline = make_feature_pipeline(columns, log_columns=log, signed_columns=signed)
    with _threads(len(values)):
        matrix = pipeline.fit_transform(values)
    return matrix[columns].set_axis(customers.index, axis=0)


# --------------------------------------------------------------------------- choosing k and fitting


def choose_k(
    X: pd.DataFrame | np.ndarray,
    k_range: Iterable[int] = range(2, 9),
    random_state: int = 0,
    *,
    n_init: int = 10,
    silhouette_sample: int | None = 10_000,
) -> pd.DataFrame:
    """Inertia and silhouette of k-means for each ``k`` in ``k_range``.

    - *Inertia* is the sum of squared distances from each row to its cluster
      centre. It always falls as ``k`` grows; look for the *elbow* where it
      stops falling fast.
    - The *silhouette* of a row is ``(b - a) / max(a, b)``, with ``a`` its
      mean distance to the rows of its own cluster and ``b`` its mean distance
      to the nearest other cluster; the score is the mean over rows, from -1
      to 1. Higher means tighter, better separated clusters.

    Parameters
    ----------
    X : DataFrame or ndarray
        Numeric feature matrix, e.g. from :func:`prepare_features`.
    k_range : iterable of int, default ``range(2, 9)``
        Each ``k`` must be at least 2 and below the number of rows.
    random_state : int, default 0
        Seed of k-means (and of the silhouette subsample).
    n_init : int, default 10
        k-means restarts per ``k``; the best (lowest inertia) is kept.
    silhouette_sample : int or None, default 10,000
        The silhouette costs time proportional to rows squared; above this
        many rows it is computed on a random sample of this size. ``None``
        always uses every row.

    Returns
    -------
    DataFrame
        Columns ``k``, ``inertia``, ``silhouette``; one row per ``k``.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0], [9.0, 0.0], [9.1, 0.0]])
    >>> choose_k(X, k_range=[2, 3]).round(3)
       k  inertia  silhouette
    0  2   41.015       0.634
    1  3    0.015       0.985
    """
    values = _feature_matrix(X)
    n = len(values)
    ks = [_check_k(k, n, maximum=n - 1) for k in k_range]
    if not ks:
        raise CourseInputError("k_range is empty; pass e.g. range(2, 9).")
    _check_distinct(values, max(ks))
    sample = silhouette_sample if silhouette_sample is not None and n > silhouette_sample else None
    rows = []
    with _threads(n):
        for k in ks:
            model = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit(values)
            score = silhouette_score(values, model.labels_, sample_size=sample, random_state=random_state)
            rows.append((k, float(model.inertia_), float(score)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"])


def order_clusters(labels: pd.Series, values: pd.Series) -> pd.Series:
    """Renumber clusters so that cluster 0 has the highest median of ``values``.

    k-means numbers its clusters arbitrarily, and the numbers change with the
    seed. Sorting clusters by the median of a business measure (revenue by
    default in :func:`fit_clusters`) makes the labels stable: cluster 0 is
    always the most valuable. Ties are broken by the mean, then by the
    cluster that appears first in ``labels`` (never by the old label, so
    renaming the clusters cannot change the result).

    Parameters
    ----------
    labels : Series
        Cluster label per customer.
    values : Series
        The measure to rank by, on the same index (extra rows are ignored).

    Returns
    -------
    Series
        ``int64`` labels 0..k-1, same index and name as ``labels``.

    Examples
    --------
    >>> labels = pd.Series([5, 5, 2, 2, 9])
    >>> order_clusters(labels, pd.Series([10.0, 20.0, 300.0, 100.0, 1.0])).tolist()
    [1, 1, 0, 0, 2]
    """
    labels = _labels(labels, name="labels")
    if not isinstance(values, pd.Series):
        raise CourseInputError(
            f"'values' must be a pandas Series indexed like the labels, got {type(values).__name__}."
        )
    unknown = labels.index.difference(values.index)
    if len(unknown):
        raise CourseInputError(
            f"'values' lacks {len(unknown):,} of the labelled customers (e.g. {unknown[:3].tolist()}); "
            "index both by customer_id."
        )
    measure = parse_numbers(values.loc[labels.index].to_frame("value"), "value", table="values")
    stats = measure.groupby(labels.to_numpy()).agg(["median", "mean"])
    first_row = pd.Series(np.arange(len(labels))).groupby(labels.to_numpy()).min()
    stats["first_row"] = first_row.reindex(stats.index).to_numpy()
    ranked = stats.sort_values(["median", "mean", "first_row"], ascending=[False, False, True]).index
    mapping = pd.Series(np.arange(len(ranked), dtype="int64"), index=ranked)
    return pd.Series(mapping.loc[labels.to_numpy()].to_numpy(), index=labels.index, name=labels.name)


def fit_clusters(
    customers: pd.DataFrame,
    features: Sequence[str] = FEATURES,
    k: int = 4,
    random_state: int = 0,
    *,
    n_init: int = 10,
    log_columns: Iterable[str] | None = None,
    signed_columns: Iterable[str] | None = None,
    method: str = "kmeans",
    order_by: str | None = "revenue",
) -> pd.Series:
    """Cluster customers and return one label per customer.

    The features are prepared by :func:`prepare_features` (``log1p`` /
    ``arcsinh`` and standard scaling), then clustered by k-means
    (``sklearn.cluster.KMeans(n_clusters=k, random_state=random_state,
    n_init=n_init)``) or by a Gaussian mixture (``method="gaussian_mixture"``,
    full covariance, each customer goes to its most likely component).
    Finally :func:`order_clusters` renumbers the clusters by descending median
    of ``customers[order_by]``, so cluster 0 is the most valuable whatever
    the seed.

    Parameters
    ----------
    customers : DataFrame
        One row per customer (buying customers only; see :func:`prepare_features`).
    features : sequence of str, default :data:`FEATURES`
    k : int, default 4
        Number of clusters, from 2 to the number of rows; choose it with
        :func:`choose_k` -- 4 is only a starting point.
    random_state : int, default 0
    n_init : int, default 10
        Restarts; the best run is kept.
    log_columns, signed_columns : iterable of str, optional
        See :func:`make_feature_pipeline`.
    method : {"kmeans", "gaussian_mixture"}, default "kmeans"
    order_by : str or None, default "revenue"
        Column of ``customers`` whose median ranks the clusters (it need not
        be a feature); ``None`` keeps the algorithm's own numbering.

    Returns
    -------
    Series
        Named ``cluster``, ``int64`` labels 0..k-1, indexed like ``customers``.

    Examples
    --------
    >>> df = pd.DataFrame({"revenue": [1.0, 2.0, 1000.0, 1100.0], "n_orders": [1, 1, 9, 10]},
    ...                   index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
    >>> fit_clusters(df, ["revenue", "n_orders"], k=2)
    customer_id
    C1    1
    C2    1
    C3    0
    C4    0
    Name: cluster, dtype: int64
    """
    if method not in METHODS:
        raise CourseInputError(f"method must be one of {list(METHODS)}, got {method!r}.")
    X = prepare_features(customers, features, log_columns=log_columns, signed_columns=signed_columns)
    k = _check_k(k, len(X))
    _check_distinct(X.to_numpy(), k)
    with _threads(len(X)):
        if method == "kmeans":
            raw = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit_predict(X.to_numpy())
        else:
            model = GaussianMixture(n_components=k, covariance_type="full", random_state=random_state, n_init=n_init)
            raw = model.fit(X.to_numpy()).predict(X.to_numpy())
    labels = pd.Series(raw.astype("int64"), index=customers.index, name="cluster")
    if order_by is None:
        return labels
    require_columns(customers, [order_by], table="customers")
    return order_clusters(labels, customers[order_by])


# --------------------------------------------------------------------------- profiling and naming


def _labelled(customers: pd.DataFrame, labels: pd.Series, columns: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Validated numeric columns of the labelled customers, and the labels."""
    require_frame(customers, table="customers")
    labels = _labels(labels, name="labels")
    unknown = labels.index.difference(customers.index)
    if len(unknown):
        raise CourseInputError(
            f"'labels' names {len(unknown):,} customers that are not rows of 'customers' "
            f"(e.g. {unknown[:3].tolist()}); index both by customer_id."
        )
    values = _numeric_features(customers.loc[labels.index], columns, table="customers")
    return values, labels


def profile_clusters(
    customers: pd.DataFrame,
    labels: pd.Series,
    columns: Sequence[str] = PROFILE_COLUMNS,
    *,
    value: str = "revenue",
) -> pd.DataFrame:
    """Describe each cluster: size, share of customers, medians and share of value.

    Only the customers in ``labels`` are profiled (its index selects rows of
    ``customers``).

    Parameters
    ----------
    customers : DataFrame
        One row per customer, unscaled (profiles speak business units).
    labels : Series
        Cluster per customer, e.g. from :func:`fit_clusters`.
    columns : sequence of str, default :data:`PROFILE_COLUMNS`
        Columns whose median is reported.
    value : str, default "revenue"
        Column whose total is split between clusters.

    Returns
    -------
    DataFrame
        Indexed by cluster (sorted), columns ``size`` (customers), ``share``
        (size / all labelled customers), ``median_<column>`` for each column
        and ``<value>_share`` (cluster total of ``value`` / overall total;
        can be negative for profit).

    Examples
    --------
    >>> df = pd.DataFrame({"revenue": [10.0, 30.0, 60.0], "n_orders": [1, 3, 5]})
    >>> profile_clusters(df, pd.Series([1, 0, 0]), ["n_orders"])  # doctest: +NORMALIZE_WHITESPACE
             size     share  median_n_orders  revenue_share
    cluster
    0           2  0.666667              4.0            0.9
    1           1  0.333333              1.0            0.1
    """
    columns = _column_list(columns, what="columns")
    needed = columns + ([value] if value not in columns else [])
    values, labels = _labelled(customers, labels, needed)
    groups = values.groupby(labels.to_numpy())
    profile = pd.DataFrame({"size": groups.size().astype("int64")})
    profile["share"] = profile["size"] / len(labels)
    medians = groups[columns].median().add_prefix("median_")
    profile = profile.join(medians)
    total = values[value].sum()
    profile[f"{value}_share"] = groups[value].sum() / total if total != 0 else np.nan
    profile.index.name = "cluster"
    return profile


def name_clusters(
    customers: pd.DataFrame,
    labels: pd.Series,
    *,
    recency: str = "recency_days",
    frequency: str = "n_orders",
    monetary: str = "revenue",
    profit: str = "profit",
    tenure: str = "tenure_years",
) -> pd.Series:
    """Name each cluster in business terms from its medians.

    Each cluster's median is compared with the distribution over all
    labelled customers; the first rule that matches gives the name:

    1. ``"Lapsed"`` -- median recency above the customers' 75th percentile
       of recency: most of its customers stopped buying long ago (流失 / 沉睡).
    2. ``"Loss-making"`` -- median profit (after cost-to-serve) below 0.
    3. ``"Key accounts"`` -- median monetary value above the customers' 90th
       percentile: a cluster of big accounts (大客户).
    4. ``"New"`` -- median tenure below the customers' 25th percentile of
       tenure: customers in their first year or two.
    5. ``"High value"`` or ``"Low value"`` -- median monetary value above the
       customers' median or not -- followed by ``", frequent"`` or
       ``", occasional"`` -- median frequency above the customers' median or
       not.

    If two clusters get the same name, the later ones (in label order) get
    `` (2)``, `` (3)`` … appended, so names are unique.

    Parameters
    ----------
    customers : DataFrame
        Unscaled customer table holding the five columns.
    labels : Series
        Cluster per customer.
    recency, frequency, monetary, profit, tenure : str
        Column names (the defaults are those of ``customer_table``).

    Returns
    -------
    Series
        Name per cluster, indexed by cluster (sorted), named ``name``.

    Examples
    --------
    >>> df = pd.DataFrame({"recency_days": [10, 20, 15, 700, 800, 30, 25],
    ...                    "n_orders": [20, 30, 25, 2, 1, 3, 2],
    ...                    "revenue": [9e4, 8e4, 7e4, 900.0, 500.0, 1e3, 2e3],
    ...                    "profit": [1e4, 9e3, 8e3, -50.0, -10.0, -200.0, -100.0],
    ...                    "tenure_years": [5.0, 4.0, 6.0, 3.0, 4.0, 3.5, 4.5]})
    >>> name_clusters(df, pd.Series([0, 0, 0, 1, 1, 2, 2])).tolist()
    ['High value, frequent', 'Lapsed', 'Loss-making']
    """
    columns = [recency, frequency, monetary, profit, tenure]
    values, labels = _labelled(customers, labels, columns)
    medians = values.groupby(labels.to_numpy()).median()
    names = pd.Series(
        np.where(medians[monetary] > values[monetary].median(), "High value", "Low value"), index=medians.index
    )
    names = names + np.where(medians[frequency] > values[frequency].median(), ", frequent", ", occasional")
    # the rules are applied from the last to the first, so the first match wins
    names = names.where(~(medians[tenure] < values[tenure].quantile(0.25)), "New")
    names = names.where(~(medians[monetary] > values[monetary].quantile(0.9)), "Key accounts")
    names = names.where(~(medians[profit] < 0), "Loss-making")
    names = names.where(~(medians[recency] > values[recency].quantile(0.75)), "Lapsed")
    repeat = names.groupby(names).cumcount() + 1
    names = names.where(repeat == 1, names + " (" + repeat.astype(str) + ")")
    names.index.name = "cluster"
    return names.rename("name")


# --------------------------------------------------------------------------- comparing partitions


def agreement(labels: pd.Series, other: pd.Series) -> float:
    """Adjusted Rand index (ARI) between two partitions of the same customers.

    The ARI counts the pairs of customers that both partitions put together
    or both put apart, corrected for chance: 1 means the same grouping (the
    label names and numbers do not matter), about 0 means no more agreement
    than random groups of the same sizes; it can be slightly negative. Only
    customers present in both Series are compared.

    Parameters
    ----------
    labels, other : Series
        Labels indexed by customer_id: clusters, tiers, RFM segments …

    Returns
    -------
    float

    Examples
    --------
    >>> a = pd.Series([0, 0, 1, 1], index=["C1", "C2", "C3", "C4"])
    >>> agreement(a, pd.Series(["gold", "gold", "iron", "iron"], index=["C1", "C2", "C3", "C4"]))
    1.0
    >>> round(agreement(a, pd.Series(["x", "y", "x", "y"], index=["C1", "C2", "C3", "C4"])), 2)
    -0.5
    """
    a, b = _align(labels, other)
    return float(adjusted_rand_score(pd.factorize(a)[0], pd.factorize(b)[0]))


def cross_table(labels: pd.Series, other: pd.Series, *, normalize: bool | str = False) -> pd.DataFrame:
    """Count the customers in each (cluster, other label) pair.

    Parameters
    ----------
    labels, other : Series
        Labels indexed by customer_id; only shared customers are counted.
    normalize : bool or {"index", "columns"}, default False
        As in ``pandas.crosstab``: ``"index"`` gives each cluster's split
        across the other labels (rows sum to 1).

    Returns
    -------
    DataFrame
        Rows: values of ``labels``; columns: values of ``other``.

    Examples
    --------
    >>> a = pd.Series([0, 0, 1], index=["C1", "C2", "C3"], name="cluster")
    >>> cross_table(a, pd.Series(["gold", "iron", "iron"], index=["C1", "C2", "C3"], name="tier"))  # doctest: +NORMALIZE_WHITESPACE
    tier     gold  iron
    cluster
    0           1     1
    1           0     1
    """
    a, b = _align(labels, other)
    return pd.crosstab(a, b, normalize=normalize)


def stability(
    X: pd.DataFrame | np.ndarray,
    k: int,
    seeds: Iterable[int] = range(10),
    subsample: float = 0.8,
    *,
    n_init: int = 10,
) -> pd.DataFrame:
    """How much k-means changes across seeds and subsamples (pairwise ARI).

    For each seed ``s``: draw ``subsample`` of the rows at random (without
    replacement, with ``numpy.random.default_rng(s)``; all rows when
    ``subsample`` is 1), fit ``KMeans(k, random_state=s, n_init=n_init)``
    on them and assign **every** row of ``X`` to its nearest centre. Each
    pair of runs is then compared with the adjusted Rand index on all rows.
    ARIs close to 1 mean the clusters are a property of the data; low ARIs
    mean they are an accident of the seed or of the sample.

    Parameters
    ----------
    X : DataFrame or ndarray
        Numeric feature matrix, e.g. from :func:`prepare_features`.
    k : int
        Number of clusters.
    seeds : iterable of int, default ``range(10)``
        At least two distinct seeds.
    subsample : float, default 0.8
        Fraction of rows each run is fitted on, in (0, 1].
    n_init : int, default 10
        k-means restarts per run (1 shows how much one start depends on its seed).

    Returns
    -------
    DataFrame
        Columns ``seed_a``, ``seed_b``, ``ari``; one row per pair of runs.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.2, 0.1], [0.1, 0.3], [6.0, 6.0], [6.2, 6.1], [6.1, 5.8]])
    >>> stability(X, k=2, seeds=[0, 1, 2], subsample=0.7)
       seed_a  seed_b  ari
    0       0       1  1.0
    1       0       2  1.0
    2       1       2  1.0
    """
    values = _feature_matrix(X)
    n = len(values)
    seeds = list(seeds)
    if len(set(seeds)) < 2 or len(set(seeds)) != len(seeds):
        raise CourseInputError(f"seeds must hold at least two distinct seeds, each once; got {seeds}.")
    if isinstance(subsample, bool) or not isinstance(subsample, (int, float)) or not 0 < subsample <= 1:
        raise CourseInputError(f"subsample is the fraction of rows per run, in (0, 1]; got {subsample!r}.")
    size = n if subsample == 1 else round(subsample * n)
    k = _check_k(k, n, maximum=size)
    _check_distinct(values, k)
    runs = {}
    with _threads(n):
        for seed in seeds:
            rows = np.random.default_rng(seed).choice(n, size=size, replace=False) if size < n else slice(None)
            model = KMeans(n_clusters=k, random_state=seed, n_init=n_init).fit(values[rows])
            runs[seed] = model.predict(values)
    pairs = [(a, b, float(adjusted_rand_score(runs[a], runs[b]))) for a, b in combinations(seeds, 2)]
    return pd.DataFrame(pairs, columns=["seed_a", "seed_b", "ari"])
