"""RFM analysis: recency, frequency and monetary value per customer (RFM 模型).

RFM describes each customer by three numbers taken from the purchase history:

* **recency** (最近一次消费, R): how many days ago the customer last bought;
* **frequency** (消费频率, F): how many times the customer bought;
* **monetary** (消费金额, M): how much the customer spent in total.

This module turns a transaction table into those numbers
(:func:`rfm_table`), scores them 1-5 without depending on row order or
crashing on ties (:func:`rfm_scores`), and maps customers to segments: the
eight classes of the classic Chinese RFM model, 重要价值客户 … 一般挽留客户
(:func:`eight_classes`), and a grid of named segments such as *Champions* or
*At risk* (:func:`named_segments`). :func:`segment_strategies` suggests an
action, a channel and an offer for each segment and :func:`segment_profile`
summarises a segmentation.

Examples
--------
>>> import pandas as pd
>>> from course.rfm import rfm_table, rfm_scores, eight_classes
>>> sales = pd.DataFrame({
...     "customer_id": ["A", "A", "B", "C", "C", "C"],
...     "date": ["2025-01-05", "2025-03-01", "2024-06-30",
...              "2025-02-01", "2025-02-20", "2025-03-30"],
...     "amount": [100.0, 50.0, 900.0, 20.0, 30.0, 10.0],
... })
>>> rfm = rfm_table(sales, asof="2025-03-31")
>>> rfm  # doctest: +NORMALIZE_WHITESPACE
             recency  frequency  monetary
customer_id
A                 30          2     150.0
B                274          1     900.0
C                  1          3      60.0
>>> eight_classes(rfm)["class_en"].tolist()
['General development', 'Important win-back', 'General value']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.glossary import localise, zh
from course.purchases import (
    count_purchase_days,
    day_number,
    day_numbers,
    factorize_present,
    resolve_asof,
    sorted_codes,
)
from course.validation import (
    CourseInputError,
    after_asof,
    describe_rows,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
    warn_after_asof,
)

__all__ = [
    "EIGHT_CLASSES",
    "SEGMENT_GRID",
    "SEGMENTS",
    "rfm_table",
    "rfm_scores",
    "eight_classes",
    "named_segments",
    "segment_strategies",
    "segment_profile",
]

# --------------------------------------------------------------------------
# The segment maps (data, not code, so the lesson can print them)
# --------------------------------------------------------------------------

#: The eight classes of the classic Chinese RFM model. ``recent`` means the
#: recency is *below* the reference (bought more recently than usual),
#: ``frequent`` and ``high_value`` mean frequency / monetary *above* it.
#: Monetary value decides 重要 (important) vs 一般 (general); recency and
#: frequency decide 价值 (value), 发展 (development), 保持 (retention) and
#: 挽留 (win-back).
EIGHT_CLASSES = pd.DataFrame(
    [
        (True, True, True, "Important value"),
        (True, False, True, "Important development"),
        (False, True, True, "Important retention"),
        (False, False, True, "Important win-back"),
        (True, True, False, "General value"),
        (True, False, False, "General development"),
        (False, True, False, "General retention"),
        (False, False, False, "General win-back"),
    ],
    columns=["recent", "frequent", "high_value", "class_en"],
)
EIGHT_CLASSES.insert(3, "class_zh", EIGHT_CLASSES["class_en"].map(zh))

#: Named segments, from best to worst, with their Chinese names.
SEGMENTS = pd.DataFrame(
    [
        ("Champions", "bought recently, buy often"),
        ("Loyal customers", "buy often, fairly recently"),
        ("Potential loyalists", "recent, a few purchases"),
        ("New customers", "bought very recently, once or rarely"),
        ("Promising", "recent, bought rarely"),
        ("Need attention", "average recency and frequency"),
        ("About to sleep", "average recency, rare purchases"),
        ("At risk", "used to buy often, not for a while"),
        ("Can't lose them", "were the most frequent buyers, long ago"),
        ("Hibernating", "rare purchases, long ago"),
        ("Lost", "lowest recency and frequency"),
    ],
    columns=["segment", "description"],
)
SEGMENTS.insert(1, "segment_zh", SEGMENTS["segment"].map(zh))

#: Which named segment each (R score, F score) cell of a 5 x 5 grid belongs
#: to: rows are the R score 1-5 (5 = most recent), columns the F score 1-5.
#: Every one of the 25 cells holds exactly one segment.
SEGMENT_GRID = pd.DataFrame(
    [
        ["Lost", "Hibernating", "At risk", "At risk", "Can't lose them"],
        ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
        ["About to sleep", "About to sleep", "Need attention", "Loyal customers", "Loyal customers"],
        ["Promising", "Potential loyalists", "Potential loyalists", "Loyal customers", "Loyal customers"],
        ["New customers", "Potential loyalists", "Potential loyalists", "Champions", "Champions"],
    ],
    index=pd.Index([1, 2, 3, 4, 5], name="r_score"),
    columns=pd.Index([1, 2, 3, 4, 5], name="f_score"),
)

_STRATEGIES_EIGHT = [
    (
        "Important value",
        "keep and deepen the relationship",
        "dedicated account team, regular business reviews",
        "value-added services, priority delivery, co-development",
    ),
    (
        "Important development",
        "raise purchase frequency",
        "account manager with a development plan",
        "cross-sell and bundles, framework agreement",
    ),
    (
        "Important retention",
        "bring them back before they drift away",
        "account-manager visit, satisfaction survey",
        "personalised service plan, loyalty rebate",
    ),
    (
        "Important win-back",
        "find out why they left and win them back",
        "senior-manager visit, churn interview",
        "tailored win-back offer, fix the service issue",
    ),
    (
        "General value",
        "keep them buying at low cost to serve",
        "e-mail, online shop, inside sales",
        "loyalty programme, volume discount",
    ),
    (
        "General development",
        "turn occasional buyers into regulars",
        "e-mail campaigns, social media",
        "second-order coupon, product recommendations",
    ),
    ("General retention", "remind them of us", "automated care messages, newsletters", "reactivation discount"),
    (
        "General win-back",
        "reactivate cheaply or let go",
        "low-cost mass mailing",
        "one-off promotion; no dedicated resources",
    ),
]

_STRATEGIES_NAMED = [
    (
        "Champions",
        "reward and involve them",
        "account manager, advisory board",
        "early access, co-development, referral programme",
    ),
    (
        "Loyal customers",
        "up-sell and ask for reviews",
        "account manager, e-mail",
        "higher-value products, loyalty programme",
    ),
    (
        "Potential loyalists",
        "build the habit",
        "personalised e-mail, inside sales",
        "membership or framework agreement",
    ),
    ("New customers", "onboard well", "welcome call, onboarding e-mail", "training, starter support"),
    ("Promising", "create brand awareness", "e-mail, social media", "free trial, sample of another product line"),
    (
        "Need attention",
        "re-engage with a reason to buy",
        "inside sales call",
        "limited-time offer based on past purchases",
    ),
    ("About to sleep", "revive interest before it is gone", "e-mail, social media", "popular products, discount"),
    ("At risk", "reconnect personally", "account-manager call or visit", "personalised offer, renewal reminder"),
    (
        "Can't lose them",
        "win them back whatever it takes",
        "senior-manager visit",
        "tailored offer, solve the complaint, new products",
    ),
    ("Hibernating", "reactivate cheaply", "automated e-mail", "relevant products, special discount"),
    ("Lost", "try once, then stop spending", "mass mailing", "one reactivation campaign; otherwise ignore"),
]

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _check_columns_numeric(frame: pd.DataFrame, columns: list[str], *, table: str) -> dict[str, pd.Series]:
    require_frame(frame, table=table)
    require_columns(frame, columns, table=table)
    require_not_empty(frame, table=table)
    return {column: parse_numbers(frame, column, table=table) for column in columns}


# --------------------------------------------------------------------------
# RFM table
# --------------------------------------------------------------------------


def rfm_table(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    order: str | None = None,
    asof: object = None,
    window_days: int | None = None,
) -> pd.DataFrame:
    """Compute recency, frequency and monetary value for every customer.

    Definitions (dates are compared by calendar day; the time of day is
    ignored):

    * ``recency`` -- whole days from the customer's last purchase to
      ``asof``: 0 means the customer bought on the ``asof`` day itself. A
      *small* recency is good (the customer bought recently).
    * ``frequency`` -- the number of purchases, a purchase being a
      customer-day (the course's convention, :mod:`course.purchases`): rows
      of one customer on one day -- the lines of an order, two orders of one
      morning, two rows of a retail log -- count once. With an ``order``
      column, distinct orders are counted instead (order lines of one order
      count once, two orders of one day twice).
    * ``monetary`` -- the total of ``amount`` over the customer's purchases.

    Only purchases up to and including ``asof`` count: rows dated after it
    are dropped. With ``window_days``, only the purchases of the last
    ``window_days`` days count -- dates in ``(asof - window_days, asof]`` --
    so that F and M measure the recent relationship rather than its length
    (over a whole history, an old customer piles up orders that a new one
    cannot have yet); customers without a purchase in the window are left
    out (they have lapsed). Rows before the window are left out silently:
    that is what the window asks for. Rows whose amount is zero or negative (returns, refunds,
    credit notes, free items) are *not* purchases and are dropped too, so
    every customer in the result has ``frequency >= 1`` and
    ``monetary > 0``; if you want spend net of returns, net the amounts out
    before calling. Either drop is announced by one ``UserWarning`` with
    the number of rows. Filtering on an order status (e.g. keeping only
    completed orders) is the caller's job.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase (or per order line when ``order`` is given).
    customer, date, amount : str
        Names of the customer-id, purchase-date and amount columns.
    order : str, optional
        Name of an order-id column; frequency then counts distinct orders
        instead of purchase days.
    asof : date-like, optional
        The day the analysis is made. Default: the day after the latest date
        in ``transactions``, so the most recent buyer has recency 1.
    window_days : int, optional
        Count only the purchases of the last ``window_days`` days up to
        ``asof`` (e.g. 730 for 24 months). Default: the whole history.

    Returns
    -------
    DataFrame
        One row per customer who bought at least once up to ``asof``, indexed
        by the customer id (sorted) and named like ``customer``, with the
        columns ``recency`` (int), ``frequency`` (int) and ``monetary``
        (float).

    Raises
    ------
    CourseInputError
        If a column is missing, a date or an amount cannot be parsed, a
        customer or order id is empty, ``asof`` is not a date, or no purchase
        is left.

    Examples
    --------
    A purchase is a customer-day: the two lines of C1 on 1 December count
    once, and so do C2's two orders of 30 June:

    >>> lines = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C1", "C2", "C2"],
    ...     "order_id": ["O1", "O1", "O2", "O3", "O4"],
    ...     "order_date": ["2025-12-01", "2025-12-01", "2025-12-21", "2025-06-30", "2025-06-30"],
    ...     "revenue": [100.0, 50.0, 80.0, 500.0, 20.0],
    ... })
    >>> rfm_table(lines, date="order_date", amount="revenue", asof="2025-12-31")  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary
    customer_id
    C1                10          2     230.0
    C2               184          1     520.0

    Counting orders instead, C2's two orders of one day count twice:

    >>> rfm_table(lines, date="order_date", amount="revenue", order="order_id",
    ...           asof="2025-12-31")["frequency"].tolist()
    [2, 2]

    Over the last 90 days only, C2 (last order 184 days ago) drops out:

    >>> rfm_table(lines, date="order_date", amount="revenue", asof="2025-12-31",
    ...           window_days=90)  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary
    customer_id
    C1                10          2     230.0
    """
    table = "transactions"
    if window_days is not None and (
        isinstance(window_days, bool) or not isinstance(window_days, (int, np.integer)) or window_days < 1
    ):
        raise CourseInputError(
            f"window_days must be a whole number of days, at least 1 (e.g. 730 for 24 months), got {window_days!r}."
        )
    require_frame(transactions, table=table)
    columns = [customer, date, amount] + ([order] if order is not None else [])
    require_columns(transactions, columns, table=table)
    require_not_empty(transactions, table=table)
    # One hash pass over the ids, as in a plain group-by; an empty id is code -1, named by the check.
    customer_codes, customer_ids = factorize_present(transactions, customer, table=table)
    order_codes = None if order is None else factorize_present(transactions, order, table=table)[0]
    dates = parse_dates(transactions, date, table=table)
    days = day_numbers(dates)
    amounts = parse_numbers(transactions, amount, table=table)

    # the default as-of day from the day numbers at hand (no second pass over the dates)
    asof_day = resolve_asof(asof, dates) if asof is not None else _day_after(days)
    late = days > day_number(asof_day)
    non_positive = ~late & (amounts <= 0).to_numpy()
    if late.any() or non_positive.any():
        reasons = []
        if late.any():
            reasons.append(after_asof(int(late.sum()), asof_day, ""))
        if non_positive.any():
            reasons.append(f"{int(non_positive.sum()):,} with {amount} <= 0 (returns, refunds or free items)")
        warn_after_asof(
            f"rfm_table dropped {int(late.sum() + non_positive.sum()):,} of {len(transactions):,} rows: "
            + " and ".join(reasons)
            + ".",
            other_reasons=bool(non_positive.any()),
        )
    keep = ~(late | non_positive)
    if window_days is not None:
        keep &= days > day_number(asof_day) - int(window_days)
    if not keep.any():
        within = f" in the {window_days} days" if window_days is not None else ""
        raise CourseInputError(
            f"table '{table}': no purchase is left{within} on or before asof {asof_day.date()} with {amount} > 0. "
            "Check the asof date, the window and the filter applied before this call."
        )

    result = _rfm_kernel(
        customer_codes, customer_ids, days, amounts.to_numpy(), order_codes, keep, day_number(asof_day)
    )
    result.index.name = customer
    return result


def _day_after(days: np.ndarray) -> pd.Timestamp:
    """The default as-of date (:func:`course.purchases.default_asof`) from day numbers already computed."""
    return pd.Timestamp(np.datetime64(int(days.max()) + 1, "D")).as_unit("ns")


def _rfm_kernel(
    customer_codes: np.ndarray,
    customer_ids: object,
    days: np.ndarray,
    amounts: np.ndarray,
    order_codes: np.ndarray | None,
    keep: np.ndarray,
    asof_day: int,
) -> pd.DataFrame:
    """Recency, frequency and monetary value from validated arrays (one entry per row of the table).

    ``customer_codes`` index ``customer_ids`` (:func:`course.purchases.factorize_present`), ``days`` are day
    numbers, ``keep`` marks the purchases that count. Nothing is checked here: :func:`rfm_table` did it.
    """
    codes, customers = sorted_codes(customer_codes, customer_ids, keep)
    n_customers = len(customers)
    if not keep.all():  # usually every row counts: then no copy of millions of days and amounts
        days, amounts = days[keep], amounts[keep]
        order_codes = None if order_codes is None else order_codes[keep]
    last = np.full(n_customers, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    # pandas' grouped sum (compensated, in row order) on the codes as they are: a categorical grouper
    # is not hashed again, so the result is the same as grouping by the codes, only faster.
    groups = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n_customers))
    monetary = pd.Series(amounts).groupby(groups, observed=False).sum().to_numpy()
    if order_codes is None:
        frequency = count_purchase_days(codes, days, n_customers)
    else:
        n_orders = int(order_codes.max()) + 1
        pairs = pd.unique(codes * n_orders + order_codes)  # distinct (customer, order) pairs
        frequency = np.bincount(pairs // n_orders, minlength=n_customers)
    return pd.DataFrame(
        {
            "recency": (asof_day - last).astype("int64"),
            "frequency": frequency.astype("int64"),
            "monetary": monetary.astype("float64"),
        },
        index=pd.Index(customers),
    )


# --------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------


def _tie_safe_score(values: pd.Series, bins: int, *, higher_is_better: bool) -> np.ndarray:
    """Score 1..bins: 1 + floor(bins * share of customers strictly worse)."""
    ordered = values if higher_is_better else -values
    worse = ordered.rank(method="min").to_numpy().astype("int64") - 1
    return worse * bins // len(values) + 1


def rfm_scores(
    rfm: pd.DataFrame,
    bins: int = 5,
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> pd.DataFrame:
    """Score recency, frequency and monetary value from 1 to ``bins`` by quantile.

    Method (tie-safe): a customer's score is ``1 + floor(bins * p)``, where
    ``p`` is the share of customers with a strictly *worse* value -- a
    smaller frequency or monetary value, or a *larger* recency. So

    * recency is reversed: the most recent buyers get the top score
      (5 = most recent), the longest-gone get 1;
    * customers with equal values always get equal scores, whatever the row
      order (this is ``Series.rank(method="min")`` followed by fixed-width
      binning of the rank; ``pd.qcut`` crashes on such data with
      "Bin edges must be unique" and ``rank(method="first")`` splits ties by
      row order);
    * the lowest value always scores 1; when many customers share a value
      (e.g. most bought only once) some scores are simply not used, and when
      all values differ each score holds ``1 / bins`` of the customers.

    Parameters
    ----------
    rfm : DataFrame
        One row per customer, e.g. from :func:`rfm_table`.
    bins : int, default 5
        Number of score levels, 2-9.
    recency, frequency, monetary : str
        Names of the three columns in ``rfm``.

    Returns
    -------
    DataFrame
        A copy of ``rfm`` with the int columns ``r_score``, ``f_score``,
        ``m_score`` and the string ``rfm_code`` (e.g. ``"545"``).

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 40, 40, 300], "frequency": [1, 1, 1, 6],
    ...                     "monetary": [10.0, 20.0, 30.0, 40.0]}, index=["A", "B", "C", "D"])
    >>> rfm_scores(rfm, bins=4)
       recency  frequency  monetary  r_score  f_score  m_score rfm_code
    A        5          1      10.0        4        1        1      411
    B       40          1      20.0        2        1        2      212
    C       40          1      30.0        2        1        3      213
    D      300          6      40.0        1        4        4      144
    """
    table = "rfm"
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 9:
        raise CourseInputError(f"bins={bins!r} must be a whole number from 2 to 9 (5 is usual).")
    values = _check_columns_numeric(rfm, [recency, frequency, monetary], table=table)
    result = rfm.copy()
    result["r_score"] = _tie_safe_score(values[recency], int(bins), higher_is_better=False)
    result["f_score"] = _tie_safe_score(values[frequency], int(bins), higher_is_better=True)
    result["m_score"] = _tie_safe_score(values[monetary], int(bins), higher_is_better=True)
    result["rfm_code"] = (
        result["r_score"].astype("str") + result["f_score"].astype("str") + result["m_score"].astype("str")
    )
    return result


# --------------------------------------------------------------------------
# segment maps
# --------------------------------------------------------------------------


def eight_classes(
    rfm: pd.DataFrame,
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
    reference: str = "mean",
) -> pd.DataFrame:
    """Assign each customer to one of the eight classes of the Chinese RFM model.

    Convention: each raw value is compared with the ``reference`` (the mean,
    as in the classic model, or the median) of that column over all rows of
    ``rfm``:

    * ``recent`` -- recency strictly *below* the reference (bought more
      recently than usual: near, good);
    * ``frequent`` -- frequency strictly *above* the reference;
    * ``high_value`` -- monetary strictly *above* the reference.

    A value equal to the reference counts as far / low. Monetary value
    decides 重要 (important) or 一般 (general); then

    ========  =========  ==================================
    recent    frequent   class
    ========  =========  ==================================
    yes       yes        价值 value (重要价值客户 / 一般价值客户)
    yes       no         发展 development
    no        yes        保持 retention
    no        no         挽留 win-back
    ========  =========  ==================================

    The full table with the English names is :data:`EIGHT_CLASSES`.

    Parameters
    ----------
    rfm : DataFrame
        One row per customer, e.g. from :func:`rfm_table`.
    recency, frequency, monetary : str
        Names of the three columns (raw values, not scores).
    reference : {"mean", "median"}, default "mean"

    Returns
    -------
    DataFrame
        A copy of ``rfm`` with the bool columns ``recent``, ``frequent``,
        ``high_value`` and the categorical ``class_zh`` (Chinese name, e.g.
        重要价值客户) and ``class_en`` (e.g. "Important value"), whose
        categories follow the order of :data:`EIGHT_CLASSES`.

    Examples
    --------
    A customer who bought yesterday, often and for a lot is 重要价值客户:

    >>> rfm = pd.DataFrame({"recency": [1, 200, 300], "frequency": [12, 2, 1],
    ...                     "monetary": [9000.0, 300.0, 100.0]}, index=["A", "B", "C"])
    >>> eight_classes(rfm)[["recent", "frequent", "high_value", "class_zh"]]
       recent  frequent  high_value class_zh
    A    True      True        True   重要价值客户
    B   False     False       False   一般挽留客户
    C   False     False       False   一般挽留客户
    """
    table = "rfm"
    if reference not in ("mean", "median"):
        raise CourseInputError(f"reference={reference!r} is not supported; use 'mean' or 'median'.")
    values = _check_columns_numeric(rfm, [recency, frequency, monetary], table=table)
    ref = {column: getattr(series, reference)() for column, series in values.items()}
    recent = (values[recency] < ref[recency]).to_numpy()
    frequent = (values[frequency] > ref[frequency]).to_numpy()
    high = (values[monetary] > ref[monetary]).to_numpy()
    # row position in EIGHT_CLASSES: important before general, then R, then F
    position = (~high) * 4 + (~recent) * 2 + (~frequent) * 1
    result = rfm.copy()
    result["recent"] = recent
    result["frequent"] = frequent
    result["high_value"] = high
    for column in ("class_zh", "class_en"):
        labels = EIGHT_CLASSES[column].tolist()
        result[column] = pd.Categorical.from_codes(position, categories=labels)
    return result


def named_segments(scores: pd.DataFrame, r: str = "r_score", f: str = "f_score") -> pd.DataFrame:
    """Name each customer's segment from the R and F scores (1-5).

    Every cell of the 5 x 5 (R, F) grid belongs to exactly one segment
    (:data:`SEGMENT_GRID`, rows R, columns F); for example R 5 and F 4-5 are
    *Champions*, R 1-2 and F 5 *Can't lose them*, R 1 and F 1 *Lost*. The
    monetary score is not used: it is usually close to the F score, and the
    eight classes (:func:`eight_classes`) cover monetary value.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` with ``bins=5``.
    r, f : str
        Names of the R and F score columns.

    Returns
    -------
    DataFrame
        A copy of ``scores`` with the categorical columns ``segment``
        (English) and ``segment_zh`` (Chinese), categories in the order of
        :data:`SEGMENTS` (best first).

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 5, 3]}, index=["A", "B", "C"])
    >>> named_segments(s)[["segment", "segment_zh"]]
               segment segment_zh
    A        Champions       冠军客户
    B  Can't lose them    不能失去的客户
    C   Need attention     需要关注客户
    """
    table = "scores"
    values = _check_columns_numeric(scores, [r, f], table=table)
    for column, series in values.items():
        bad = ~series.isin([1, 2, 3, 4, 5])
        if bad.any():
            detail = describe_rows(scores, bad, column, ("is not a whole score 1-5", "are not whole scores 1-5"))
            raise CourseInputError(
                f"table '{table}', column '{column}': {detail}. Compute the scores with rfm_scores(rfm, bins=5)."
            )
    names = SEGMENTS["segment"].tolist()
    code_of = {name: i for i, name in enumerate(names)}
    grid = SEGMENT_GRID.apply(lambda column: column.map(code_of)).to_numpy()
    rows = values[r].to_numpy().astype("int64") - 1
    cols = values[f].to_numpy().astype("int64") - 1
    codes = grid[rows, cols]
    result = scores.copy()
    result["segment"] = pd.Categorical.from_codes(codes, categories=names)
    result["segment_zh"] = pd.Categorical.from_codes(codes, categories=SEGMENTS["segment_zh"].tolist())
    return result


def segment_strategies(scheme: str = "eight") -> pd.DataFrame:
    """Suggest an action, a contact channel and an offer for each segment.

    The suggestions follow the course's sources: important and strategic
    customers get a dedicated account team, regular contact, value-added
    and customised services; general customers get low-cost care through an
    information system, promotions and loyalty programmes; lapsing customers
    are first asked why they left; the least valuable are served cheaply or
    let go.

    Parameters
    ----------
    scheme : {"eight", "named"}, default "eight"
        ``"eight"`` for the eight Chinese classes (:func:`eight_classes`),
        ``"named"`` for the named segments (:func:`named_segments`).

    Returns
    -------
    DataFrame
        A new table with the columns ``segment`` (English name, as in
        ``class_en`` or ``segment``), ``segment_zh``, ``action``,
        ``channel`` and ``offer``, one row per segment.

    Examples
    --------
    >>> segment_strategies("eight").loc[0, ["segment_zh", "action"]].tolist()
    ['重要价值客户', 'keep and deepen the relationship']
    """
    if scheme == "eight":
        rows, names = _STRATEGIES_EIGHT, EIGHT_CLASSES.set_index("class_en")["class_zh"]
    elif scheme == "named":
        rows, names = _STRATEGIES_NAMED, SEGMENTS.set_index("segment")["segment_zh"]
    else:
        raise CourseInputError(f"scheme={scheme!r} is not known; use 'eight' or 'named'.")
    table = pd.DataFrame(rows, columns=["segment", "action", "channel", "offer"])
    table.insert(1, "segment_zh", table["segment"].map(names))
    return table


def segment_profile(
    frame: pd.DataFrame,
    segment: str = "class_en",
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
    *,
    lang: str = "en",
) -> pd.DataFrame:
    """Summarise a segmentation: size, average R, F, M and share of spend per segment.

    Parameters
    ----------
    frame : DataFrame
        One row per customer with a segment column and the raw R, F, M.
    segment : str, default "class_en"
        The segment column; if categorical, every category gets a row (empty
        segments show 0 customers).
    recency, frequency, monetary : str
    lang : "en" or "zh", default "en"
        Language of the labels: with "zh" the segment names (RFM classes, named segments) and the column names
        are the glossary's Chinese names (:func:`course.glossary.localise`).

    Returns
    -------
    DataFrame
        Indexed by segment: ``customers``, ``customer_share`` (of all
        customers), mean ``recency``, ``frequency`` and ``monetary``, and
        ``monetary_share`` (share of total spend).

    Examples
    --------
    >>> rfm = pd.DataFrame({"seg": ["a", "a", "b"], "recency": [1, 3, 10],
    ...                     "frequency": [2, 4, 1], "monetary": [10.0, 30.0, 60.0]})
    >>> segment_profile(rfm, segment="seg").round(3)  # doctest: +NORMALIZE_WHITESPACE
         customers  customer_share  recency  frequency  monetary  monetary_share
    seg
    a            2           0.667      2.0        3.0      20.0             0.4
    b            1           0.333     10.0        1.0      60.0             0.6
    """
    table = "frame"
    values = _check_columns_numeric(frame, [recency, frequency, monetary], table=table)
    require_columns(frame, [segment], table=table)
    require_no_missing(frame, segment, table=table)
    work = pd.DataFrame(values)
    work["_segment"] = frame[segment]
    groups = work.groupby("_segment", observed=False, sort=True)
    counts = groups.size()
    result = pd.DataFrame(
        {
            "customers": counts.astype("int64"),
            "customer_share": counts / len(work),
            "recency": groups[recency].mean(),
            "frequency": groups[frequency].mean(),
            "monetary": groups[monetary].mean(),
            "monetary_share": groups[monetary].sum() / values[monetary].sum(),
        }
    )
    result.index.name = segment
    return localise(result, lang)
