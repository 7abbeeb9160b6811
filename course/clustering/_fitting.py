"""Choosing the number of clusters k and fitting k-means or a Gaussian mixture, clusters ordered by value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture

from course.clustering._common import FEATURES, as_labels, check_distinct, check_k, feature_matrix, threads
from course.clustering._features import prepare_features
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
)

__all__ = ["METHODS", "choose_k", "order_clusters", "fit_clusters"]


METHODS = ("kmeans", "gaussian_mixture")


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
    values = feature_matrix(X)
    n = len(values)
    ks = [check_k(k, n, maximum=n - 1) for k in k_range]
    if not ks:
        raise CourseInputError("k_range is empty; pass e.g. range(2, 9).")
    check_distinct(values, max(ks))
    sample = silhouette_sample if silhouette_sample is not None and n > silhouette_sample else None
    rows = []
    with threads(n):
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
    labels = as_labels(labels, name="labels")
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
    k = check_k(k, len(X))
    check_distinct(X.to_numpy(), k)
    with threads(len(X)):
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
