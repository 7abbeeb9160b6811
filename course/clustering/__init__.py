"""Clustering customers (聚类分群): features, choosing k, fitting, profiling, naming, comparing.

Rule-based tiers and RFM classes cut the customer base along lines that a
person draws. Clustering lets the data propose the groups instead: customers
that look alike on several measures at once end up together. This package
holds the steps of lesson 05, one module each:

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

from course.clustering._common import FEATURES, LOG_COLUMNS, SIGNED_COLUMNS
from course.clustering._comparison import agreement, cross_table, stability
from course.clustering._features import SignedLog, make_feature_pipeline, prepare_features
from course.clustering._fitting import choose_k, fit_clusters, order_clusters
from course.clustering._profiles import PROFILE_COLUMNS, name_clusters, profile_clusters

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
