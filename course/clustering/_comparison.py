"""How far two partitions agree (adjusted Rand index, cross table) and how stable clusters are."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from course.clustering._common import align, check_distinct, check_k, feature_matrix, threads
from course.validation import (
    CourseInputError,
)

__all__ = ["agreement", "cross_table", "stability"]


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
    a, b = align(labels, other)
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
    >>> b = pd.Series(["gold", "iron", "iron"], index=["C1", "C2", "C3"], name="tier")
    >>> cross_table(a, b)  # doctest: +NORMALIZE_WHITESPACE
    tier     gold  iron
    cluster
    0           1     1
    1           0     1
    """
    a, b = align(labels, other)
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
    values = feature_matrix(X)
    n = len(values)
    seeds = list(seeds)
    if len(set(seeds)) < 2 or len(set(seeds)) != len(seeds):
        raise CourseInputError(f"seeds must hold at least two distinct seeds, each once; got {seeds}.")
    if isinstance(subsample, bool) or not isinstance(subsample, (int, float)) or not 0 < subsample <= 1:
        raise CourseInputError(f"subsample is the fraction of rows per run, in (0, 1]; got {subsample!r}.")
    size = n if subsample == 1 else round(subsample * n)
    k = check_k(k, n, maximum=size)
    check_distinct(values, k)
    runs = {}
    with threads(n):
        for seed in seeds:
            rows = np.random.default_rng(seed).choice(n, size=size, replace=False) if size < n else slice(None)
            model = KMeans(n_clusters=k, random_state=seed, n_init=n_init).fit(values[rows])
            runs[seed] = model.predict(values)
    pairs = [(a, b, float(adjusted_rand_score(runs[a], runs[b]))) for a, b in combinations(seeds, 2)]
    return pd.DataFrame(pairs, columns=["seed_a", "seed_b", "ari"])
