"""Per-buyer purchase facts (first, last, purchase days, recency, rhythm) from :mod:`course.purchases`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.purchases import Purchases, purchases
from course.validation import after_asof, warn_after_asof

__all__ = ["as_dates", "distinct_pairs", "buyer_summary", "known_purchases", "purchase_summary"]


def as_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back to ``datetime64[ns]``."""
    return days.astype("datetime64[D]").astype("datetime64[ns]")


def distinct_pairs(code: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (code, value) pairs sorted by code, then value."""
    if len(code) == 0:
        return code, value
    low = value.min()
    key = (code << 32) | (value - low)
    # A repeat of the row above (the lines of one order sit together in an export) is dropped before the
    # sort, with one comparison per row: the sort then sees far fewer rows, and the result is the same.
    key = np.sort(key[_fresh(key)])
    key = key[_fresh(key)]
    return key >> 32, (key & 0xFFFFFFFF) + low


def _fresh(key: np.ndarray) -> np.ndarray:
    """Mask of the entries of ``key`` that differ from the one before them (the first one included)."""
    fresh = np.empty(len(key), dtype=bool)
    fresh[0] = True
    np.not_equal(key[1:], key[:-1], out=fresh[1:])
    return fresh


def known_purchases(
    orders: pd.DataFrame, asof: object, *, customer: str, date: str, status: str | None, warn: bool, caller: str
) -> Purchases:
    """The purchases of ``orders`` known on ``asof``; with ``warn``, one ``UserWarning`` for those left out."""
    bought = purchases(orders, customer=customer, date=date, status=status, asof=asof)
    if warn and bought.n_after:
        warn_after_asof(f"{caller}: ignored {after_asof(bought.n_after, bought.asof, 'purchase rows')}.", stacklevel=3)
    return bought


def buyer_summary(bought: Purchases) -> pd.DataFrame:
    """Per-customer first/last purchase, purchase days, recency and median gap (buyers only, sorted by id)."""
    code, day = distinct_pairs(bought.code, bought.day)
    n_days = np.bincount(code, minlength=len(bought.ids))
    buyers = np.flatnonzero(n_days)
    first = day[np.searchsorted(code, buyers, side="left")]
    last = day[np.searchsorted(code, buyers, side="right") - 1]
    same = code[1:] == code[:-1]
    gaps = pd.Series((day[1:] - day[:-1])[same], dtype="float64")
    median_gap = gaps.groupby(code[1:][same]).median().reindex(buyers).to_numpy()
    return pd.DataFrame(
        {
            "first_purchase": as_dates(first),
            "last_purchase": as_dates(last),
            "n_purchase_days": n_days[buyers].astype("int64"),
            "recency_days": (bought.asof_day - last).astype("float64"),
            "median_gap_days": median_gap,
        },
        index=bought.ids.copy() if len(buyers) == len(bought.ids) else bought.ids[buyers],
    )


def purchase_summary(
    orders: pd.DataFrame,
    asof: object = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    status: str | None = "status",
) -> pd.DataFrame:
    """First and last purchase, purchase days, recency and purchase rhythm of each buyer.

    Parameters
    ----------
    orders : DataFrame
        Order lines (or transactions), one row each.
    asof : date-like, optional
        The as-of date; default the day after the latest ``date``. Purchases
        after it are ignored with one ``UserWarning``.
    customer, date : str
        Columns of the customer id and the purchase date.
    status : str or None, default "status"
        Column of the line status; only ``"completed"`` lines are purchases.
        None when every row is a purchase.

    Returns
    -------
    DataFrame
        One row per customer with a purchase on or before ``asof`` (sorted by
        id): ``first_purchase``, ``last_purchase``, ``n_purchase_days``
        (distinct days with a purchase), ``recency_days`` (asof minus last
        purchase, whole days) and ``median_gap_days`` (median of the days
        between consecutive purchase days; NaN with a single purchase day).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                        "order_date": ["2024-01-01", "2024-01-31", "2024-04-30", "2024-06-01"]})
    >>> summary = purchase_summary(orders, "2024-12-31", status=None)
    >>> summary[["n_purchase_days", "recency_days", "median_gap_days"]]  # doctest: +NORMALIZE_WHITESPACE
                 n_purchase_days  recency_days  median_gap_days
    customer_id
    A                          3         245.0             60.0
    B                          1         213.0              NaN
    """
    bought = known_purchases(
        orders, asof, customer=customer, date=date, status=status, warn=True, caller="purchase_summary"
    )
    table = buyer_summary(bought)
    table.index.name = customer
    return table
