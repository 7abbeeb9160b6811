"""Customer insight (客户洞察): what customers buy, and how skewed their values are.

Customer insight reads the one-row-per-customer table
(:func:`course.customers.customer_table`) the way an analyst would:

- :func:`product_mix` -- each customer's share of revenue by product line;
- :func:`distribution_summary` -- a robust summary of a skewed column
  (median, quantiles, skewness, share of customers above the mean).

Examples
--------
A skewed column, where the mean says little about a typical customer:

>>> import pandas as pd
>>> from course.insight import distribution_summary
>>> revenue = pd.DataFrame({"revenue": [1.0, 2.0, 2.0, 3.0, 92.0]})
>>> distribution_summary(revenue, "revenue")[["mean", "median", "share_above_mean"]]
mean                20.0
median               2.0
share_above_mean     0.2
Name: revenue, dtype: float64
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from course.purchases import is_purchase
from course.validation import (
    CourseInputError,
    parse_numbers,
    require_columns,
    require_no_missing,
    require_not_empty,
)

__all__ = ["product_mix", "distribution_summary"]


def product_mix(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    category: str = "product_line",
    amount: str = "revenue",
    status: str | None = "status",
) -> pd.DataFrame:
    """Each customer's share of revenue by product line (product mix 产品组合).

    Parameters
    ----------
    orders : DataFrame
        Order lines.
    customer, category, amount : str
        Columns holding the customer id, the product line and the amount.
    status : str or None, default "status"
        Column of the line status; only ``"completed"`` lines count. Pass
        None when ``orders`` holds completed lines only.

    Returns
    -------
    DataFrame
        One row per customer with a positive total amount (indexed by the
        customer id, sorted), one column per product line (in category order
        when ``category`` is categorical, else alphabetical). Each cell is
        that line's share of the customer's amount; rows sum to 1.
        Customers whose completed lines add up to 0 have no row.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2"],
    ...                        "product_line": ["Hardware", "Services", "Services", "Services"],
    ...                        "revenue": [300.0, 100.0, 50.0, 20.0],
    ...                        "status": ["completed", "completed", "completed", "cancelled"]})
    >>> product_mix(orders)  # doctest: +NORMALIZE_WHITESPACE
    product_line  Hardware  Services
    customer_id
    C1                0.75      0.25
    C2                0.00      1.00
    """
    require_columns(orders, [customer, category, amount] + ([status] if status else []), table="orders")
    require_not_empty(orders, table="orders")
    require_no_missing(orders, customer, table="orders")
    require_no_missing(orders, category, table="orders")
    values = parse_numbers(orders, amount, table="orders")
    keep = is_purchase(orders, status)
    frame = pd.DataFrame(
        {
            customer: orders[customer].to_numpy()[keep],
            category: orders[category].to_numpy()[keep],
            amount: values.to_numpy()[keep],
        }
    )
    if isinstance(orders[category].dtype, pd.CategoricalDtype):
        order = [c for c in orders[category].cat.categories if c in set(frame[category])]
    else:
        order = sorted(frame[category].unique())
    wide = frame.pivot_table(
        index=customer, columns=category, values=amount, aggfunc="sum", fill_value=0.0, observed=True
    )
    wide = wide.reindex(columns=order, fill_value=0.0).astype("float64")
    totals = wide.sum(axis=1)
    shares = wide.loc[totals > 0].div(totals[totals > 0], axis=0)
    shares.columns = pd.Index(list(shares.columns), name=category)
    shares.index.name = customer
    return shares.sort_index()


def distribution_summary(
    frame: pd.DataFrame,
    column: str,
    *,
    quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9, 0.99),
) -> pd.Series:
    """Summarise a skewed column: why the mean misleads and the median does not.

    Parameters
    ----------
    frame : DataFrame
    column : str
        A numeric column, e.g. ``revenue`` of :func:`customer_table`.
    quantiles : sequence of float
        Quantiles to report, each in [0, 1].

    Returns
    -------
    Series
        ``count``, ``mean``, ``median``, ``mean_to_median`` (mean / median),
        ``share_above_mean`` (fraction of values strictly above the mean),
        ``skewness`` (adjusted Fisher-Pearson, as ``Series.skew``), one
        ``qNN`` entry per quantile (``q90`` is the 90th percentile, linear
        interpolation) and ``max``. Missing values are dropped first, with
        one ``UserWarning`` saying how many.

    Examples
    --------
    >>> df = pd.DataFrame({"revenue": [1.0, 1.0, 2.0, 2.0, 14.0]})
    >>> distribution_summary(df, "revenue", quantiles=[0.5])[["mean", "median", "share_above_mean", "q50"]]
    mean                4.0
    median              2.0
    share_above_mean    0.2
    q50                 2.0
    Name: revenue, dtype: float64
    """
    require_columns(frame, [column], table="frame")
    require_not_empty(frame, table="frame")
    values = parse_numbers(frame, column, table="frame", allow_missing=True)
    missing = int(values.isna().sum())
    if missing == len(values):
        raise CourseInputError(
            f"table 'frame', column '{column}' is empty in every row. Check that the right column was named."
        )
    if missing:
        warnings.warn(
            f"distribution_summary: dropped {missing:,} rows where '{column}' is missing.", UserWarning, stacklevel=2
        )
        values = values.dropna()
    qs = [float(q) for q in quantiles]
    if any(not 0.0 <= q <= 1.0 for q in qs):
        raise CourseInputError(f"quantiles must lie between 0 and 1, got {list(quantiles)}.")
    mean, median = float(values.mean()), float(values.median())
    summary = {
        "count": float(len(values)),
        "mean": mean,
        "median": median,
        "mean_to_median": mean / median if median != 0 else np.nan,
        "share_above_mean": float((values > mean).mean()),
        "skewness": float(values.skew()) if len(values) > 2 else np.nan,
    }
    for q, value in zip(qs, np.quantile(values.to_numpy(), qs), strict=False):
        summary[f"q{round(q * 100, 6):g}"] = float(value)
    summary["max"] = float(values.max())
    return pd.Series(summary, name=column, dtype="float64")
