"""The Pareto principle (二八法则): how concentrated customer value is.

A few customers usually bring most of the revenue and most of the profit.
This module measures that concentration on **one value per customer** (total
revenue, margin or profit over a period):

- :func:`concentration_table` -- customers ranked from the largest value
  down, with the cumulative share of customers and of value (the Pareto
  curve); :func:`lorenz_curve` -- the same information ranked from the
  smallest value up, the Lorenz curve (洛伦兹曲线);
- :func:`top_share` -- the share of value held by the top 20% of customers;
- :func:`share_of_customers_for` -- the smallest share of customers that
  holds 80% of the value;
- :func:`gini` -- the Gini coefficient (基尼系数), one number for the whole
  curve;
- :func:`concentration_summary` -- the three figures above in one Series;
- :func:`abc_classes` -- ABC classes (ABC 分类): the customers making the
  first 80% of value (A), the next 15% (B) and the last 5% (C);
- :func:`whale_curve` and :func:`whale_peak` -- the profit whale curve
  (利润鲸鱼曲线): cumulative profit, customers ranked by profit, as a share of
  total profit; it rises above 100% and falls back because the tail of
  customers loses money once cost-to-serve is charged;
- :func:`split_20_60_20` and :func:`split_summary` -- the 20/60/20 rule of
  customer maintenance: the top 20% by profit (invest), the middle 60%
  (retain) and the bottom 20% (let go or re-price).

Definitions used throughout
---------------------------
- Customers are ranked by value, **largest first**; customers with equal
  values keep their input order (a stable sort), so results are
  deterministic. Only :func:`abc_classes` and :func:`split_20_60_20` can
  depend on that order (for tied customers at a class boundary); the
  figures :func:`top_share`, :func:`share_of_customers_for` and
  :func:`gini` never do.
- "The top ``p`` of customers" means the first ``k = ceil(p * n)``
  customers of that ranking: the smallest whole number of customers that is
  at least a share ``p`` of the ``n`` customers (``p * n`` is rounded to 9
  decimals first, so 0.2 * 23,570 is exactly 4,714).
- Concentration measures (:func:`concentration_table`, :func:`lorenz_curve`,
  :func:`top_share`, :func:`share_of_customers_for`, :func:`gini`,
  :func:`abc_classes`) need values that are **non-negative** with a positive
  total; a negative value raises an error (use the whale curve for profit,
  which can be negative). Customers with a value of 0 count as customers:
  they lower the concentration figures' denominators, so decide first who
  the customers are (e.g. those with at least one completed order).

Values can be given as a Series (index = customer id), a 1-d array or list,
or a DataFrame with the value in ``column`` and the id in a ``customer_id``
column (or the index). There must be one value per customer: aggregate
transactions first, e.g. ``orders.groupby("customer_id")["revenue"].sum()``.

Examples
--------
>>> import pandas as pd
>>> from course.pareto import top_share, gini, share_of_customers_for
>>> revenue = pd.Series([500.0, 200.0, 100.0, 100.0, 50.0, 30.0, 10.0, 5.0, 5.0, 0.0],
...                     index=[f"C{i}" for i in range(10)])
>>> round(top_share(revenue), 3)          # the top 2 of 10 customers hold 70%
0.7
>>> share_of_customers_for(revenue, 0.8)  # 3 customers reach 80%
0.3
>>> round(gini(revenue), 3)
0.663
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_columns,
    require_no_missing,
    require_not_empty,
    require_unique,
)

__all__ = [
    "concentration_table",
    "lorenz_curve",
    "top_share",
    "share_of_customers_for",
    "gini",
    "concentration_summary",
    "abc_classes",
    "whale_curve",
    "whale_peak",
    "split_20_60_20",
    "split_summary",
    "SPLIT_LABELS",
]

#: Default group names of the 20/60/20 split, best first (source 004).
SPLIT_LABELS = ("top 20%", "middle 60%", "bottom 20%")

_TABLE = "values"


# ---------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------


def _values(
    values: object,
    column: str | None,
    customer: str,
    *,
    allow_negative: bool,
    what: str,
) -> tuple[np.ndarray, pd.Index]:
    """Return ``(values as float64 array, customer labels)`` after validation."""
    if isinstance(values, pd.DataFrame):
        if column is None:
            numeric = [str(c) for c in values.columns if pd.api.types.is_numeric_dtype(values[c])]
            raise CourseInputError(
                f"table '{_TABLE}' is a DataFrame: pass the name of the value column, e.g. "
                f"column={numeric[0] if numeric else 'revenue'!r} "
                f"(numeric columns: {', '.join(map(repr, numeric)) or 'none'})."
            )
        require_columns(values, [column], table=_TABLE)
        frame = values
        if customer in frame.columns:
            require_no_missing(frame, customer, table=_TABLE)
            labels = pd.Index(frame[customer], name=customer)
        else:
            labels = frame.index
    elif isinstance(values, pd.Series):
        column = str(values.name) if values.name is not None else "value"
        frame = values.to_frame(column)
        labels = values.index
    else:
        array = np.asarray(values)
        if array.ndim != 1:
            raise CourseInputError(
                f"{what} needs one value per customer: a pandas Series, a list or a 1-d array "
                f"(got an array of shape {array.shape})."
            )
        column = "value"
        frame = pd.DataFrame({column: array})
        labels = frame.index
    require_not_empty(frame, table=_TABLE)
    numbers = parse_numbers(frame, column, table=_TABLE)
    if np.isinf(numbers.to_numpy()).any():
        bad = pd.Series(np.isinf(numbers.to_numpy()), index=frame.index)
        detail = describe_rows(frame.assign(**{column: numbers}), bad, column, ("is infinite", "are infinite"))
        raise CourseInputError(f"table '{_TABLE}', column '{column}': {detail}. Fix or drop those rows.")
    if not labels.is_unique:
        shown = frame.assign(_customer=np.asarray(labels))
        require_unique(shown, "_customer", table=_TABLE)  # raises, naming the repeated ids
    if not allow_negative:
        negative = numbers < 0
        if negative.any():
            detail = describe_rows(frame.assign(**{column: numbers}), negative, column, ("is negative", "are negative"))
            raise CourseInputError(
                f"table '{_TABLE}', column '{column}': {detail}. {what} measures the concentration of a "
                "non-negative value (revenue, quantity); for profit, which can be negative, use "
                "whale_curve / split_20_60_20, or drop or clip the negative values first."
            )
        if numbers.sum() <= 0:
            raise CourseInputError(
                f"table '{_TABLE}', column '{column}': every value is 0, so there is no total to share out. "
                "Check that the right column was given."
            )
    return numbers.to_numpy(dtype="float64"), labels


def _count_for_share(p: float, n: int, *, name: str) -> int:
    """``ceil(p * n)``: the number of whole customers that is at least a share ``p`` of ``n``."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) or not 0 <= p <= 1:
        raise CourseInputError(f"{name} must be a share between 0 and 1 (e.g. 0.2 for 20%), got {p!r}.")
    return math.ceil(round(float(p) * n, 9))


def _positive_total(x: np.ndarray) -> float:
    """The total profit, which must be positive for shares of it to mean anything."""
    total = float(x.sum())
    if total <= 0:
        raise CourseInputError(
            f"table '{_TABLE}': the total profit is {total:,.2f}, not positive, so cumulative profit cannot be "
            "shown as a share of it. Check the column (margin minus cost-to-serve?) or use split_summary."
        )
    return total


def _split_counts(top: float, bottom: float, n: int) -> tuple[int, int]:
    """Sizes of the top and bottom groups of the 20/60/20 split."""
    k_top = _count_for_share(top, n, name="top")
    k_bottom = _count_for_share(bottom, n, name="bottom")
    if k_top + k_bottom > n:
        raise CourseInputError(
            f"top ({top}) and bottom ({bottom}) take {k_top} + {k_bottom} customers but there are only {n}; "
            "choose shares whose sum is at most 1."
        )
    return k_top, k_bottom


def _check_abc_arguments(thresholds: object, labels: object) -> None:
    """Raise a clear error unless ``thresholds`` are two increasing shares in (0, 1] and ``labels`` three names."""
    ok = (
        isinstance(thresholds, (tuple, list))
        and len(thresholds) == 2
        and all(isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool) for t in thresholds)
        and 0 < thresholds[0] < thresholds[1] <= 1
    )
    if not ok:
        raise CourseInputError(
            "thresholds must be two increasing cumulative shares between 0 and 1, e.g. (0.8, 0.95); "
            f"got {thresholds!r}."
        )
    _check_labels(labels, "labels must be three different names, e.g. ('A', 'B', 'C')")


def _check_labels(labels: object, message: str) -> None:
    if isinstance(labels, str) or not isinstance(labels, (tuple, list)) or len(labels) != 3 or len(set(labels)) != 3:
        raise CourseInputError(f"{message}; got {labels!r}.")


def _descending(values: np.ndarray) -> np.ndarray:
    """Positions that sort ``values`` from largest to smallest; ties keep input order."""
    return np.argsort(-values, kind="stable")


# ---------------------------------------------------------------------------
# Concentration of a non-negative value
# ---------------------------------------------------------------------------


def concentration_table(values: object, *, column: str | None = None, customer: str = "customer_id") -> pd.DataFrame:
    """Rank customers from the largest value down, with cumulative shares (the Pareto curve).

    Parameters
    ----------
    values : Series, array-like or DataFrame
        One non-negative value per customer (see the module docstring).
    column : str, optional
        The value column when ``values`` is a DataFrame.
    customer : str, default "customer_id"
        The id column when ``values`` is a DataFrame (else its index is used).

    Returns
    -------
    DataFrame
        One row per customer, largest value first (ties in input order),
        indexed by customer, with columns

        - ``rank``: 1, 2, ..., n;
        - ``value``: the customer's value;
        - ``value_share``: value / total;
        - ``cum_value``: running total of ``value``;
        - ``cum_value_share``: running total / total (ends at exactly 1);
        - ``cum_customer_share``: rank / n.

        Plotting ``cum_value_share`` against ``cum_customer_share`` gives the
        Pareto (concentration) curve; ``cum_value_share`` at
        ``cum_customer_share = 0.2`` is :func:`top_share`.

    Raises
    ------
    CourseInputError
        Empty input, a non-numeric, missing, infinite or negative value, a
        total of 0, or a customer id that repeats.

    Examples
    --------
    >>> import pandas as pd
    >>> concentration_table(pd.Series({"A": 10.0, "B": 60.0, "C": 30.0}))
       rank  value  value_share  cum_value  cum_value_share  cum_customer_share
    B     1   60.0          0.6       60.0              0.6            0.333333
    C     2   30.0          0.3       90.0              0.9            0.666667
    A     3   10.0          0.1      100.0              1.0            1.000000
    """
    x, labels = _values(values, column, customer, allow_negative=False, what="concentration_table")
    order = _descending(x)
    v = x[order]
    n = len(v)
    total = v.sum()
    cum = np.cumsum(v)
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype="int64"),
            "value": v,
            "value_share": v / total,
            "cum_value": cum,
            "cum_value_share": cum / cum[-1],
            "cum_customer_share": np.arange(1, n + 1) / n,
        },
        index=labels[order],
    )


def lorenz_curve(values: object, *, column: str | None = None, customer: str = "customer_id") -> pd.DataFrame:
    """The Lorenz curve (洛伦兹曲线): customers ranked from the smallest value up.

    Point ``i`` (``i = 0..n``) says that the ``i`` smallest customers, a share
    ``i / n`` of all customers, hold a share ``L_i`` of the total value. The
    curve starts at (0, 0), ends at (1, 1) and lies on or below the diagonal;
    the further below, the more concentrated the value. It is the Pareto
    curve of :func:`concentration_table` turned upside down:
    ``L(1 - p) = 1 - top share of p``.

    Parameters
    ----------
    values, column, customer
        As in :func:`concentration_table`.

    Returns
    -------
    DataFrame
        ``n + 1`` rows with columns ``customer_share`` (``i / n``) and
        ``value_share`` (``L_i``), starting with the point (0, 0).

    Examples
    --------
    >>> lorenz_curve([10.0, 60.0, 30.0]).round(3)
       customer_share  value_share
    0           0.000          0.0
    1           0.333          0.1
    2           0.667          0.4
    3           1.000          1.0
    """
    x, _ = _values(values, column, customer, allow_negative=False, what="lorenz_curve")
    v = np.sort(x)
    n = len(v)
    cum = np.cumsum(v)
    return pd.DataFrame(
        {
            "customer_share": np.arange(n + 1) / n,
            "value_share": np.concatenate([[0.0], cum / cum[-1]]),
        }
    )


def top_share(values: object, top: float = 0.2, *, column: str | None = None, customer: str = "customer_id") -> float:
    """Share of the total value held by the top ``top`` of customers (e.g. the top 20%).

    The top ``top`` of ``n`` customers are the ``k = ceil(top * n)`` customers
    with the largest values (``top * n`` rounded to 9 decimals first). Ties
    do not matter: whichever tied customer is taken, the sum is the same.

    Parameters
    ----------
    values, column, customer
        As in :func:`concentration_table`.
    top : float, default 0.2
        Share of customers, between 0 and 1.

    Returns
    -------
    float
        Between 0 and 1 (0 when ``top`` is 0).

    Examples
    --------
    >>> top_share([50.0, 20.0, 10.0, 10.0, 5.0, 5.0])       # ceil(0.2 * 6) = 2 customers
    0.7
    >>> top_share([50.0, 20.0, 10.0, 10.0, 5.0, 5.0], top=0.5)
    0.8
    """
    x, _ = _values(values, column, customer, allow_negative=False, what="top_share")
    k = _count_for_share(top, len(x), name="top")
    if k == 0:
        return 0.0
    largest = np.partition(x, len(x) - k)[len(x) - k :] if k < len(x) else x
    return float(largest.sum() / x.sum())


def share_of_customers_for(
    values: object, share: float = 0.8, *, column: str | None = None, customer: str = "customer_id"
) -> float:
    """The smallest share of customers that together hold ``share`` of the total value.

    Customers are taken from the largest value down; the answer is ``k / n``
    where ``k`` is the smallest number of customers whose cumulative value
    reaches at least ``share`` of the total (a relative tolerance of 1e-12
    absorbs floating-point rounding). It is the inverse of :func:`top_share`:
    "32.6% of the customers make 80% of the revenue". Ties do not matter.

    Parameters
    ----------
    values, column, customer
        As in :func:`concentration_table`.
    share : float, default 0.8
        Share of the total value, between 0 and 1.

    Returns
    -------
    float
        ``k / n``, between 0 and 1.

    Examples
    --------
    >>> share_of_customers_for([50.0, 20.0, 10.0, 10.0, 5.0, 5.0])   # 50+20+10 = 80 of 100
    0.5
    >>> share_of_customers_for([50.0, 20.0, 10.0, 10.0, 5.0, 5.0], share=0.5)
    0.16666666666666666
    """
    x, _ = _values(values, column, customer, allow_negative=False, what="share_of_customers_for")
    if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)) or not 0 <= share <= 1:
        raise CourseInputError(f"share must be a share of value between 0 and 1 (e.g. 0.8 for 80%), got {share!r}.")
    cum = np.cumsum(np.sort(x)[::-1])
    target = float(share) * cum[-1] * (1 - 1e-12)
    k = int(np.searchsorted(cum, target, side="left")) + 1 if share > 0 else 0
    return min(k, len(x)) / len(x)


def gini(values: object, *, column: str | None = None, customer: str = "customer_id") -> float:
    """The Gini coefficient (基尼系数) of a non-negative value across customers.

    With the ``n`` values sorted ascending, ``x_(1) <= ... <= x_(n)``::

        G = 2 * sum_i(i * x_(i)) / (n * sum_i x_(i)) - (n + 1) / n

    which equals the mean absolute difference over all ordered pairs divided
    by twice the mean, ``sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, and one
    minus twice the area under the Lorenz curve drawn with straight segments.
    0 when every customer has the same value; ``(n - 1) / n`` (close to 1)
    when one customer has everything. No small-sample correction
    (``n / (n - 1)``) is applied.

    Parameters
    ----------
    values, column, customer
        As in :func:`concentration_table`.

    Returns
    -------
    float
        In ``[0, 1)``.

    Examples
    --------
    >>> gini([5.0, 5.0, 5.0, 5.0])
    0.0
    >>> gini([0.0, 0.0, 0.0, 12.0])        # one customer has everything: (n - 1) / n
    0.75
    """
    x, _ = _values(values, column, customer, allow_negative=False, what="gini")
    v = np.sort(x)
    n = len(v)
    i = np.arange(1, n + 1, dtype="float64")
    g = 2.0 * np.dot(i, v) / (n * v.sum()) - (n + 1.0) / n
    return float(min(max(g, 0.0), (n - 1.0) / n))


def concentration_summary(
    values: object,
    top: float = 0.2,
    share: float = 0.8,
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.Series:
    """The key concentration figures of one value in a Series.

    Returns
    -------
    Series
        ``customers`` (n), ``total``, ``top_share`` (:func:`top_share` of
        ``top``), ``customers_for_share`` (:func:`share_of_customers_for` of
        ``share``) and ``gini`` (:func:`gini`).

    Examples
    --------
    >>> concentration_summary([50.0, 20.0, 10.0, 10.0, 5.0, 5.0]).round(3)
    customers                6.00
    total                  100.00
    top_share                0.70
    customers_for_share      0.50
    gini                     0.45
    dtype: float64
    """
    x, labels = _values(values, column, customer, allow_negative=False, what="concentration_summary")
    series = pd.Series(x, index=labels)
    return pd.Series(
        {
            "customers": float(len(x)),
            "total": float(x.sum()),
            "top_share": top_share(series, top),
            "customers_for_share": share_of_customers_for(series, share),
            "gini": gini(series),
        }
    )


def abc_classes(
    values: object,
    thresholds: tuple[float, float] = (0.8, 0.95),
    labels: tuple[str, str, str] = ("A", "B", "C"),
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """ABC classes (ABC 分类): A makes the first 80% of value, B the next 15%, C the last 5%.

    Customers are ranked from the largest value down (ties in input order).
    A customer is in class A if the customers ranked **before** it hold less
    than ``thresholds[0]`` of the total (so the customer that crosses 80% is
    still A and the A customers hold at least 80%); in class B if those
    before it hold less than ``thresholds[1]``; otherwise in C. The number of
    A customers is therefore ``share_of_customers_for(values, thresholds[0]) * n``.
    Customers with a value of 0 are always C (with the default thresholds).

    Parameters
    ----------
    values, column, customer
        As in :func:`concentration_table`.
    thresholds : (float, float), default (0.8, 0.95)
        Cumulative value shares closing classes A and B, ``0 < a < b <= 1``.
    labels : three str, default ("A", "B", "C")

    Returns
    -------
    DataFrame
        :func:`concentration_table` plus a column ``abc_class`` (ordered
        category ``labels``).

    Examples
    --------
    >>> abc = abc_classes(pd.Series({"A1": 50.0, "A2": 20.0, "B1": 10.0, "B2": 10.0, "C1": 5.0, "C2": 5.0}))
    >>> abc["abc_class"].tolist()
    ['A', 'A', 'A', 'B', 'B', 'C']
    >>> abc.groupby("abc_class", observed=False)["value"].sum().tolist()
    [80.0, 15.0, 5.0]
    """
    _check_abc_arguments(thresholds, labels)
    table = concentration_table(values, column=column, customer=customer)
    cum = table["cum_value"].to_numpy()
    before = np.concatenate([[0.0], cum[:-1]]) / cum[-1]
    tol = 1e-12
    code = np.where(before < thresholds[0] * (1 - tol), 0, np.where(before < thresholds[1] * (1 - tol), 1, 2))
    table["abc_class"] = pd.Categorical.from_codes(code, categories=list(labels), ordered=True)
    return table


# ---------------------------------------------------------------------------
# Profit: the whale curve and the 20/60/20 split (values may be negative)
# ---------------------------------------------------------------------------


def whale_curve(profits: object, *, column: str | None = None, customer: str = "customer_id") -> pd.DataFrame:
    """The profit whale curve (利润鲸鱼曲线): cumulative profit, most profitable customers first.

    Customers are ranked by profit from the largest down (ties in input
    order); the curve plots the running total of profit as a share of the
    **total** profit against the share of customers. Because profit (margin
    minus cost-to-serve) is negative for some customers, the curve climbs
    above 100% while profitable customers are added, peaks where the
    loss-makers start, and falls back to exactly 100% at the last customer:
    the height of the hump is the profit the loss-makers destroy.

    Parameters
    ----------
    profits : Series, array-like or DataFrame
        One profit per customer; negative values allowed.
    column, customer
        As in :func:`concentration_table`.

    Returns
    -------
    DataFrame
        One row per customer, most profitable first, indexed by customer,
        with columns ``rank``, ``profit``, ``cum_profit``,
        ``cum_profit_share`` (``cum_profit / total profit``) and
        ``cum_customer_share`` (``rank / n``).

    Raises
    ------
    CourseInputError
        Invalid input (as in :func:`concentration_table`, negatives aside)
        or a total profit of 0 or less: shares of a non-positive total have
        no meaning (look at :func:`split_summary` instead).

    Examples
    --------
    >>> whale_curve(pd.Series({"A": 80.0, "B": 40.0, "C": 0.0, "D": -20.0}))
       rank  profit  cum_profit  cum_profit_share  cum_customer_share
    A     1    80.0        80.0               0.8                0.25
    B     2    40.0       120.0               1.2                0.50
    C     3     0.0       120.0               1.2                0.75
    D     4   -20.0       100.0               1.0                1.00
    """
    x, labels = _values(profits, column, customer, allow_negative=True, what="whale_curve")
    total = _positive_total(x)
    order = _descending(x)
    v = x[order]
    n = len(v)
    cum = np.cumsum(v)
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype="int64"),
            "profit": v,
            "cum_profit": cum,
            "cum_profit_share": cum / total,
            "cum_customer_share": np.arange(1, n + 1) / n,
        },
        index=labels[order],
    )


def whale_peak(profits: object, *, column: str | None = None, customer: str = "customer_id") -> dict[str, float]:
    """Where the whale curve peaks and how high.

    The cumulative profit is largest after the last customer with a
    positive profit, so the peak falls at ``k`` = the number of customers
    with profit > 0, and its height is (sum of positive profits) / (total
    profit). The difference ``peak_share - 1`` is the profit lost on the
    loss-making customers, as a share of total profit.

    Returns
    -------
    dict
        ``peak_share`` (height of the peak, e.g. 1.35 for 135% of total
        profit), ``peak_customers`` (``k``), ``peak_customer_share``
        (``k / n``), ``peak_profit`` (cumulative profit at the peak),
        ``total_profit`` and ``loss_customer_share`` (share of customers with
        profit < 0).

    Examples
    --------
    >>> whale_peak([80.0, 40.0, 0.0, -20.0])  # doctest: +NORMALIZE_WHITESPACE
    {'peak_share': 1.2, 'peak_customers': 2, 'peak_customer_share': 0.5, 'peak_profit': 120.0,
     'total_profit': 100.0, 'loss_customer_share': 0.25}
    """
    x, _ = _values(profits, column, customer, allow_negative=True, what="whale_peak")
    total = _positive_total(x)
    positive = x > 0
    k = int(positive.sum())
    peak = float(x[positive].sum())
    n = len(x)
    return {
        "peak_share": peak / total,
        "peak_customers": k,
        "peak_customer_share": k / n,
        "peak_profit": peak,
        "total_profit": total,
        "loss_customer_share": float((x < 0).sum() / n),
    }


def split_20_60_20(
    profits: object,
    top: float = 0.2,
    bottom: float = 0.2,
    labels: tuple[str, str, str] = SPLIT_LABELS,
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """The 20/60/20 rule: the top 20% by profit, the middle 60%, the bottom 20%.

    Source 004's rule of customer maintenance: the most valuable 20% bring
    most of the profit (invest in them), about 60% roughly break even but
    carry the company's scale (retain them), and 20% waste resources (let
    them go, or re-price and serve them more cheaply). Here: customers are
    ranked by profit from the largest down (ties in input order); the first
    ``ceil(top * n)`` are the top group, the last ``ceil(bottom * n)`` the
    bottom group, the others the middle group. Negative profits allowed.

    Parameters
    ----------
    profits, column, customer
        As in :func:`whale_curve`.
    top, bottom : float, default 0.2
        Shares of customers in the top and bottom groups (``top + bottom <= 1``).
    labels : three str
        Names of the top, middle and bottom groups.

    Returns
    -------
    DataFrame
        One row per customer, most profitable first, indexed by customer,
        with columns ``rank``, ``profit`` and ``group`` (ordered category
        ``labels``).

    Examples
    --------
    >>> split = split_20_60_20(pd.Series({"A": 90.0, "B": 10.0, "C": 5.0, "D": 0.0, "E": -30.0}))
    >>> split["group"].tolist()
    ['top 20%', 'middle 60%', 'middle 60%', 'middle 60%', 'bottom 20%']
    """
    x, names = _values(profits, column, customer, allow_negative=True, what="split_20_60_20")
    n = len(x)
    k_top, k_bottom = _split_counts(top, bottom, n)
    _check_labels(labels, "labels must be three different names (top, middle, bottom)")
    order = _descending(x)
    rank = np.arange(1, n + 1, dtype="int64")
    code = np.where(rank <= k_top, 0, np.where(rank > n - k_bottom, 2, 1))
    return pd.DataFrame(
        {
            "rank": rank,
            "profit": x[order],
            "group": pd.Categorical.from_codes(code, categories=list(labels), ordered=True),
        },
        index=names[order],
    )


def split_summary(
    profits: object,
    top: float = 0.2,
    bottom: float = 0.2,
    labels: tuple[str, str, str] = SPLIT_LABELS,
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """Customers and profit of each group of :func:`split_20_60_20`.

    Returns
    -------
    DataFrame
        Indexed by group (top, middle, bottom), columns ``customers``,
        ``customer_share``, ``profit`` (sum), ``profit_share`` (of the total
        profit; NaN if the total is 0), ``mean_profit``, ``min_profit``,
        ``max_profit`` and ``loss_makers`` (customers with profit < 0).

    Examples
    --------
    >>> split = split_summary([90.0, 10.0, 5.0, 0.0, -30.0])
    >>> split[["customers", "profit", "profit_share"]]  # doctest: +NORMALIZE_WHITESPACE
                customers  profit  profit_share
    group
    top 20%             1    90.0           1.2
    middle 60%          3    15.0           0.2
    bottom 20%          1   -30.0          -0.4
    """
    x, _ = _values(profits, column, customer, allow_negative=True, what="split_summary")
    n = len(x)
    k_top, k_bottom = _split_counts(top, bottom, n)
    _check_labels(labels, "labels must be three different names (top, middle, bottom)")
    ranked = -np.sort(-x)  # largest first; the groups are consecutive runs of this ranking
    parts = [ranked[:k_top], ranked[k_top : n - k_bottom], ranked[n - k_bottom :]]
    total = ranked.sum()

    def stat(func, part):
        return float(func(part)) if len(part) else np.nan

    summary = pd.DataFrame(
        {
            "customers": [len(p) for p in parts],
            "customer_share": [len(p) / n for p in parts],
            "profit": [float(p.sum()) for p in parts],
            "profit_share": [float(p.sum()) / total if total != 0 else np.nan for p in parts],
            "mean_profit": [stat(np.mean, p) for p in parts],
            "min_profit": [stat(np.min, p) for p in parts],
            "max_profit": [stat(np.max, p) for p in parts],
            "loss_makers": [int((p < 0).sum()) for p in parts],
        },
        index=pd.CategoricalIndex(list(labels), categories=list(labels), ordered=True, name="group"),
    )
    summary["customers"] = summary["customers"].astype("int64")
    summary["loss_makers"] = summary["loss_makers"].astype("int64")
    return summary
