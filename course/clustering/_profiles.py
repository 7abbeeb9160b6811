"""Profiles and business names of the clusters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from course.clustering._common import FEATURES, as_labels, column_list, numeric_features
from course.validation import (
    CourseInputError,
    require_frame,
)

__all__ = ["PROFILE_COLUMNS", "profile_clusters", "name_clusters"]


#: Columns whose medians :func:`profile_clusters` reports by default.
PROFILE_COLUMNS = FEATURES


def _labelled(customers: pd.DataFrame, labels: pd.Series, columns: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Validated numeric columns of the labelled customers, and the labels."""
    require_frame(customers, table="customers")
    labels = as_labels(labels, name="labels")
    unknown = labels.index.difference(customers.index)
    if len(unknown):
        raise CourseInputError(
            f"'labels' names {len(unknown):,} customers that are not rows of 'customers' "
            f"(e.g. {unknown[:3].tolist()}); index both by customer_id."
        )
    values = numeric_features(customers.loc[labels.index], columns, table="customers")
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
    columns = column_list(columns, what="columns")
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
