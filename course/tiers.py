"""Customer tiering (客户分级): strategic, important and general customers.

Three tools, one idea -- put every customer in a small number of groups that
management can act on:

* :func:`tier_score` and :func:`assign_tiers` -- a transparent, rule-based
  **tier score** from the criteria that make a customer strategic (战略客户):
  revenue, profit contribution (利润贡献), length of cooperation, industry
  influence (行业影响力) and customisation needs; then the tiers strategic /
  important / general (战略 / 重要 / 一般客户).
* :func:`four_groups` -- old / new × big / small (老客户 / 新客户 × 大客户 /
  小客户), the four groups whose profit logic differs (size measured by
  :func:`recent_revenue`), and :func:`group_profit`, the profit view of any
  grouping.
* :func:`tier_transitions` -- how customers move between tiers from one date
  to another.

The input is a customer table with one row per customer, indexed by
``customer_id``, such as :func:`course.customers.customer_table` returns.

Definitions
-----------
Tier score
    For each criterion ``c`` (a column of the customer table, higher meaning
    "more strategic") the percentile rank ``p_c`` of a customer among the
    scored customers is ``rank / n`` (``pandas.Series.rank(pct=True)``, ties
    get their average rank), so ``0 < p_c <= 1``. The score is the weighted
    mean of the percentile ranks on a 0-100 scale::

        score = 100 * sum_c(w_c * p_c) / sum_c(w_c)

    Percentile ranks make criteria in different units (yuan, years, a 1-5
    rating, counts) comparable and make the score robust to a few huge
    accounts.
Prospect
    A customer with no completed order up to the as-of date (``n_orders`` is
    0 or missing). Prospects have no revenue, profit or tenure to rank: they
    get no score (NaN) and the tier ``"prospect"``; they are not counted in
    the tier shares.
Tiers
    Scored customers are ranked by score, highest first (rank 1; tied scores
    share the best rank). With ``n`` scored customers, a customer is
    *strategic* when its rank is at most ``strategic_share * n``, *important*
    when it is at most ``(strategic_share + important_share) * n``, and
    *general* otherwise. Alternatively, fixed score thresholds can be given.
    The result is an ordered categorical: prospect < general < important <
    strategic.

Examples
--------
>>> import pandas as pd
>>> from course.tiers import tier_score, assign_tiers
>>> customers = pd.DataFrame(
...     {"revenue": [900.0, 50.0, 300.0, 0.0], "profit": [120.0, -5.0, 40.0, 0.0],
...      "n_orders": [12, 2, 5, 0]},
...     index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
>>> score = tier_score(customers, weights={"revenue": 1, "profit": 1})
>>> score.round(1).tolist()
[100.0, 33.3, 66.7, nan]
>>> assign_tiers(score, strategic_share=1 / 3, important_share=1 / 3).tolist()
['strategic', 'general', 'important', 'prospect']
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from course.glossary import localise, zh
from course.purchases import day_number, day_numbers, is_purchase
from course.validation import (
    CourseInputError,
    parse_date_parameter,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
    require_unique,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "CRITERIA_ZH",
    "TIERS",
    "TIER_DTYPE",
    "TIERS_ZH",
    "GROUPS",
    "GROUP_DTYPE",
    "GROUPS_ZH",
    "tier_score",
    "assign_tiers",
    "tier_customers",
    "recent_revenue",
    "four_groups",
    "group_profit",
    "tier_transitions",
]

#: Default weight of each criterion (a column of the customer table) in the tier score.
DEFAULT_WEIGHTS: dict[str, float] = {
    "revenue": 0.30,  # order volume, 购买金额 / 订单量大
    "profit": 0.25,  # profit contribution after cost-to-serve, 利润贡献
    "tenure_years": 0.15,  # length of cooperation, 合作时间长
    "industry_influence": 0.15,  # influence in its industry, 行业影响力
    "customisation_requests": 0.15,  # customised needs, 定制需求
}

#: Chinese names of the default criteria (from :mod:`course.glossary`).
CRITERIA_ZH: dict[str, str] = {criterion: zh(criterion) for criterion in DEFAULT_WEIGHTS}

#: Tiers from the lowest to the highest.
TIERS: tuple[str, ...] = ("prospect", "general", "important", "strategic")
#: The dtype of a tier column: an ordered categorical, prospect < general < important < strategic.
TIER_DTYPE = pd.CategoricalDtype(list(TIERS), ordered=True)
#: Chinese names of the tiers (from :mod:`course.glossary`).
TIERS_ZH: dict[str, str] = {tier: zh(tier) for tier in TIERS}

#: The four groups of source 004, in the order the source discusses them.
GROUPS: tuple[str, ...] = ("old-big", "new-big", "new-small", "old-small")
#: The dtype of a group column (unordered categorical; NaN for prospects).
GROUP_DTYPE = pd.CategoricalDtype(list(GROUPS), ordered=False)
#: Chinese names of the four groups (from :mod:`course.glossary`).
GROUPS_ZH: dict[str, str] = {group: zh(group) for group in GROUPS}

_TABLE = "customers"


# --------------------------------------------------------------------------- helpers


def _check_ids(index: pd.Index, *, table: str) -> None:
    """Raise unless the index (the customer ids) is complete and unique."""
    ids = pd.DataFrame({"customer_id": np.asarray(index, dtype=object)})
    where = f"{table} (index)"
    if ids["customer_id"].isna().all():
        raise CourseInputError(
            f"table '{table}': the index (customer ids) is empty in every row. "
            "Index the table by customer id, e.g. customers.set_index('customer_id')."
        )
    require_no_missing(ids, "customer_id", table=where)
    require_unique(ids, "customer_id", table=where)


def _check_table(customers: object, columns: list[str], *, table: str = _TABLE) -> pd.DataFrame:
    """Validate the customer table: a non-empty frame, the columns, unique non-missing ids."""
    frame = require_frame(customers, table=table)
    require_not_empty(frame, table=table)
    require_columns(frame, columns, table=table)
    _check_ids(frame.index, table=table)
    return frame


def _prospect_mask(frame: pd.DataFrame, prospect_column: str | None, *, table: str = _TABLE) -> pd.Series:
    """True for customers without a completed order (``prospect_column`` is 0 or missing)."""
    if prospect_column is None:
        return pd.Series(False, index=frame.index)
    counts = parse_numbers(frame, prospect_column, table=table, allow_missing=True)
    return counts.isna() | (counts <= 0)


def _check_weights(weights: object) -> dict[str, float]:
    if not isinstance(weights, Mapping) or len(weights) == 0:
        raise CourseInputError(
            "weights must be a non-empty mapping {column: weight}, e.g. {'revenue': 0.5, 'profit': 0.5}; "
            f"got {weights!r}."
        )
    clean: dict[str, float] = {}
    for column, weight in weights.items():
        if (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float, np.integer, np.floating))
            or not np.isfinite(weight)
        ):
            raise CourseInputError(f"weights: the weight of {column!r} must be a finite number, got {weight!r}.")
        if weight < 0:
            raise CourseInputError(
                f"weights: the weight of {column!r} is negative ({weight}). Weights must be >= 0; "
                "to reward a LOW value, rank the negated column instead (e.g. customers.assign(x=-customers['x']))."
            )
        clean[column] = float(weight)
    if sum(clean.values()) <= 0:
        raise CourseInputError("weights: at least one weight must be positive.")
    return clean


def _check_share(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not 0 <= value <= 1:
        raise CourseInputError(f"{name} must be a number between 0 and 1 (a share of customers), got {value!r}.")
    return float(value)


# --------------------------------------------------------------------------- tiers


def tier_score(
    customers: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    *,
    prospect_column: str | None = "n_orders",
) -> pd.Series:
    """Score each customer 0-100: the weighted mean of its percentile ranks on the criteria.

    Parameters
    ----------
    customers : DataFrame
        One row per customer, indexed by customer id (e.g.
        :func:`course.customers.customer_table`).
    weights : mapping {column: weight}, optional
        The criteria and their weights; higher values of each column count as
        more strategic. Weights must be >= 0 and are normalised to sum to 1.
        Default :data:`DEFAULT_WEIGHTS`: revenue 0.30, profit 0.25,
        tenure_years 0.15, industry_influence 0.15, customisation_requests 0.15.
    prospect_column : str or None, default "n_orders"
        Rows where this column is 0 or missing are prospects: they are left
        out of the ranking and get NaN. ``None`` scores every row.

    Returns
    -------
    Series
        Named ``"score"``, same index as ``customers``, float in (0, 100];
        NaN for prospects.

    Notes
    -----
    ``score = 100 * sum_c(w_c * p_c) / sum_c(w_c)`` where ``p_c`` is the
    percentile rank (``rank(pct=True)``, ties averaged) of criterion ``c``
    among the scored customers. A customer who is top on every criterion
    scores 100.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"revenue": [10.0, 30.0, 20.0], "industry_influence": [5, 1, 3]},
    ...                          index=["A", "B", "C"])
    >>> tier_score(customers, {"revenue": 3, "industry_influence": 1}, prospect_column=None).round(1)
    A    50.0
    B    83.3
    C    66.7
    Name: score, dtype: float64
    """
    weights = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    columns = list(weights)
    frame = _check_table(customers, columns + ([prospect_column] if prospect_column else []))
    prospects = _prospect_mask(frame, prospect_column)
    scored = frame.loc[~prospects]
    if scored.empty:
        raise CourseInputError(
            f"table '{_TABLE}': every customer is a prospect ({prospect_column!r} is 0 or empty in all "
            f"{len(frame):,} rows), so there is nobody to score. Check the as-of date or pass prospect_column=None."
        )
    values = pd.DataFrame({c: parse_numbers(scored, c, table=_TABLE, allow_missing=True) for c in columns})
    for column in columns:
        require_no_missing(values, column, table="customers with orders")
    ranks = values.rank(pct=True, method="average")
    w = pd.Series(weights)
    score = 100 * ranks[columns].mul(w[columns], axis=1).sum(axis=1) / w.sum()
    return score.reindex(frame.index).astype("float64").rename("score")


def assign_tiers(
    scores: pd.Series | pd.DataFrame,
    strategic_share: float = 0.05,
    important_share: float = 0.15,
    *,
    thresholds: Mapping[str, float] | None = None,
    score_column: str = "score",
) -> pd.Series:
    """Cut tier scores into strategic / important / general (战略 / 重要 / 一般客户).

    Parameters
    ----------
    scores : Series or DataFrame
        Tier scores (from :func:`tier_score`), NaN for prospects; or a frame
        holding them in ``score_column``.
    strategic_share, important_share : float, default 0.05 and 0.15
        Shares of the scored customers to put in the strategic and important
        tiers: the customers ranked (by score, highest first, ties sharing the
        best rank) at most ``strategic_share * n`` are strategic, the next up
        to ``(strategic_share + important_share) * n`` important, the rest
        general. Read them as capacity: how many accounts can a dedicated
        team serve? Ignored when ``thresholds`` is given.
    thresholds : mapping, optional
        Fixed score cut-offs instead of shares, e.g.
        ``{"strategic": 80, "important": 65}``: a score >= 80 is strategic,
        >= 65 important.
    score_column : str, default "score"
        The column holding the score when ``scores`` is a DataFrame.

    Returns
    -------
    Series
        Named ``"tier"``, same index, dtype :data:`TIER_DTYPE` (ordered:
        prospect < general < important < strategic); NaN scores become
        ``"prospect"``.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.Series([95.0, 40.0, 70.0, 20.0, None], index=list("ABCDE"))
    >>> assign_tiers(scores, strategic_share=0.25, important_share=0.25).tolist()
    ['strategic', 'general', 'important', 'general', 'prospect']
    >>> assign_tiers(scores, thresholds={"strategic": 90, "important": 30}).tolist()
    ['strategic', 'important', 'important', 'general', 'prospect']
    """
    if isinstance(scores, pd.DataFrame):
        require_not_empty(scores, table="scores")
        score = parse_numbers(scores, score_column, table="scores", allow_missing=True)
    elif isinstance(scores, pd.Series):
        frame = scores.rename("score").to_frame()
        require_not_empty(frame, table="scores")
        score = parse_numbers(frame, "score", table="scores", allow_missing=True)
    else:
        raise CourseInputError(
            f"scores must be a pandas Series (from tier_score) or a DataFrame with a {score_column!r} column, "
            f"got {type(scores).__name__}."
        )
    scored = score.notna()
    if not scored.any():
        raise CourseInputError(
            "scores: every score is empty (NaN), so every customer is a prospect. Compute tier_score first."
        )
    tier = pd.Series("general", index=score.index, dtype="object")
    if thresholds is not None:
        if not isinstance(thresholds, Mapping) or set(thresholds) != {"strategic", "important"}:
            raise CourseInputError(
                "thresholds must be a mapping with exactly the keys 'strategic' and 'important', "
                f"e.g. {{'strategic': 80, 'important': 65}}; got {thresholds!r}."
            )
        high, mid = thresholds["strategic"], thresholds["important"]
        for key, value in thresholds.items():
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise CourseInputError(f"thresholds[{key!r}] must be a number, got {value!r}.")
        if high < mid:
            raise CourseInputError(
                f"thresholds: the strategic cut-off ({high}) is below the important one ({mid}); "
                "strategic customers must need the higher score."
            )
        tier[score >= mid] = "important"
        tier[score >= high] = "strategic"
    else:
        s_share = _check_share(strategic_share, "strategic_share")
        i_share = _check_share(important_share, "important_share")
        if s_share + i_share > 1 + 1e-12:
            raise CourseInputError(
                f"strategic_share + important_share = {s_share + i_share:g} exceeds 1; "
                "together they can cover at most every scored customer."
            )
        n = int(scored.sum())
        rank = score.rank(ascending=False, method="min")  # 1 = best, ties share the best rank
        eps = 1e-9  # so that e.g. 0.05 * 100 counts as 5 despite floating point
        tier[rank <= (s_share + i_share) * n + eps] = "important"
        tier[rank <= s_share * n + eps] = "strategic"
    tier[~scored] = "prospect"
    return tier.astype(TIER_DTYPE).rename("tier")


def tier_customers(
    customers: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    strategic_share: float = 0.05,
    important_share: float = 0.15,
    *,
    thresholds: Mapping[str, float] | None = None,
    prospect_column: str | None = "n_orders",
) -> pd.DataFrame:
    """Return a copy of ``customers`` with the columns ``score`` and ``tier`` added.

    :func:`tier_score` followed by :func:`assign_tiers`; see them for the
    parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"revenue": [5.0, 1.0, 3.0, 2.0], "n_orders": [3, 1, 2, 1]},
    ...                          index=["A", "B", "C", "D"])
    >>> tier_customers(customers, {"revenue": 1}, strategic_share=0.25, important_share=0.25)
       revenue  n_orders  score       tier
    A      5.0         3  100.0  strategic
    B      1.0         1   25.0    general
    C      3.0         2   75.0  important
    D      2.0         1   50.0    general
    """
    score = tier_score(customers, weights, prospect_column=prospect_column)
    tier = assign_tiers(score, strategic_share, important_share, thresholds=thresholds)
    return customers.assign(score=score, tier=tier)


# --------------------------------------------------------------------------- four groups


def recent_revenue(
    orders: pd.DataFrame,
    asof: object,
    *,
    days: int = 365,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
    status: str | None = "status",
) -> pd.Series:
    """Revenue of each customer's completed order lines in the last ``days`` days up to ``asof``.

    The window is ``(asof - days, asof]``: with the defaults, the last twelve
    months including the as-of day. Only lines with ``status == "completed"``
    count (cancelled and returned lines are never revenue).

    Parameters
    ----------
    orders : DataFrame
        Order lines (``db.orders``).
    asof : date-like
        The last day of the window, e.g. "2025-12-31".
    days : int, default 365
    customer, date, amount, status : str
        Column names; ``status=None`` when every line is completed.

    Returns
    -------
    Series
        Named ``"revenue_12m"`` (whatever ``days``), indexed by customer id,
        one entry per customer that appears in ``orders`` (0 when it has no
        completed line in the window), sorted by id. Reindex it on your
        customer table with ``fill_value=0`` to add customers without orders.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2", "C3"],
    ...                        "order_date": ["2024-12-31", "2025-01-01", "2025-06-30", "2025-07-01", "2023-05-01"],
    ...                        "revenue": [100.0, 40.0, 70.0, 99.0, 10.0],
    ...                        "status": ["completed", "completed", "completed", "cancelled", "completed"]})
    >>> recent_revenue(orders, "2025-12-31")
    customer_id
    C1    40.0
    C2    70.0
    C3     0.0
    Name: revenue_12m, dtype: float64
    """
    table = "orders"
    require_not_empty(require_frame(orders, table=table), table=table)
    require_columns(orders, [customer, date, amount] + ([status] if status else []), table=table)
    stamp = parse_date_parameter(asof, name="asof")
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days <= 0:
        raise CourseInputError(f"days must be a positive whole number of days, got {days!r}.")
    if orders[customer].isna().all():
        raise CourseInputError(
            f"table '{table}', column {customer!r} is empty in every row. Check that the right column was named."
        )
    require_no_missing(orders, customer, table=table)
    day = day_numbers(parse_dates(orders, date, table=table))
    value = parse_numbers(orders, amount, table=table)
    last = day_number(stamp)
    keep = (day > last - int(days)) & (day <= last) & is_purchase(orders, status, table=table)
    ids = orders[customer].astype("object")
    result = value.where(keep, 0.0).groupby(ids).sum()
    result.index.name = customer
    return result.astype("float64").rename("revenue_12m")


def four_groups(
    customers: pd.DataFrame,
    *,
    old_after_years: float = 2.0,
    big_quantile: float = 0.8,
    tenure_column: str = "tenure_years",
    size_column: str = "revenue_12m",
    prospect_column: str | None = "n_orders",
) -> pd.Series:
    """Split customers into old / new × big / small (老客户 / 新客户 × 大客户 / 小客户).

    Definitions (source 004's four customer groups; the same as the data
    generator's tests, ``tests/test_b2b_properties.py``):

    * **old** (老客户): buying for at least ``old_after_years`` years, i.e.
      ``tenure_column`` (years since the first completed order, as of the
      table's as-of date) >= ``old_after_years``; **new** otherwise. With
      whole days and the default of 2 years this is "first purchase more
      than 730 days before the as-of date".
    * **big** (大客户): ``size_column`` at or above its ``big_quantile``
      quantile among the customers with orders (by default: last-12-month
      revenue in the top 20%); **small** otherwise. The size is measured on
      recent revenue, not lifetime revenue, because lifetime revenue grows
      with age and would make almost every old customer big.

    Prospects (``prospect_column`` 0 or missing) belong to no group (NaN).

    Parameters
    ----------
    customers : DataFrame
        One row per customer, indexed by customer id.
    old_after_years : float, default 2
    big_quantile : float, default 0.8
        Between 0 and 1.
    tenure_column : str, default "tenure_years"
        Years since the first purchase (a column of
        :func:`course.customers.customer_table`).
    size_column : str, default "revenue_12m"
        The size measure, e.g. the result of :func:`recent_revenue`.
    prospect_column : str or None, default "n_orders"

    Returns
    -------
    Series
        Named ``"group"``, dtype :data:`GROUP_DTYPE` ("old-big", "new-big",
        "new-small", "old-small"), NaN for prospects.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame(
    ...     {"tenure_years": [5.0, 0.5, 0.8, 3.0, None], "revenue_12m": [900.0, 800.0, 10.0, 20.0, 0.0],
    ...      "n_orders": [40, 3, 1, 9, 0]}, index=["A", "B", "C", "D", "E"])
    >>> four_groups(customers, big_quantile=0.5).tolist()
    ['old-big', 'new-big', 'new-small', 'old-small', nan]
    """
    if isinstance(customers, pd.DataFrame) and size_column == "revenue_12m" and size_column not in customers.columns:
        raise CourseInputError(
            f"table '{_TABLE}': column 'revenue_12m' (last-12-month revenue, the default size measure) not found. "
            "Add it with customers.assign(revenue_12m=recent_revenue(db.orders, asof).reindex(customers.index, "
            "fill_value=0)), or pass another column as size_column."
        )
    frame = _check_table(customers, [tenure_column, size_column] + ([prospect_column] if prospect_column else []))
    if (
        isinstance(old_after_years, bool)
        or not isinstance(old_after_years, (int, float, np.integer, np.floating))
        or old_after_years < 0
    ):
        raise CourseInputError(f"old_after_years must be a number of years >= 0, got {old_after_years!r}.")
    big_quantile = _check_share(big_quantile, "big_quantile")
    prospects = _prospect_mask(frame, prospect_column)
    buyers = frame.loc[~prospects]
    if buyers.empty:
        raise CourseInputError(
            f"table '{_TABLE}': no customer has an order ({prospect_column!r} is 0 or empty everywhere)."
        )
    tenure = parse_numbers(buyers, tenure_column, table=_TABLE, allow_missing=True)
    size = parse_numbers(buyers, size_column, table=_TABLE, allow_missing=True)
    checked = pd.DataFrame({tenure_column: tenure, size_column: size})
    require_no_missing(checked, tenure_column, table="customers with orders")
    require_no_missing(checked, size_column, table="customers with orders")
    old = tenure >= old_after_years
    big = size >= size.quantile(big_quantile)
    label = np.where(old, np.where(big, "old-big", "old-small"), np.where(big, "new-big", "new-small"))
    group = pd.Series(label, index=buyers.index).reindex(frame.index)
    return group.astype(GROUP_DTYPE).rename("group")


def group_profit(
    customers: pd.DataFrame,
    by: str = "group",
    *,
    revenue: str = "revenue",
    margin: str = "margin",
    cost_to_serve: str = "cost_to_serve",
    lang: str = "en",
) -> pd.DataFrame:
    """The profit view of a grouping: volume, margin, cost-to-serve and profit per group.

    Per group (rows with a missing group are left out):

    * ``customers``: number of customers;
    * ``revenue``, ``margin``, ``cost_to_serve``: sums;
    * ``margin_rate`` = margin / revenue (gross margin rate, 毛利率);
    * ``cts_per_revenue`` = cost_to_serve / revenue (服务成本率);
    * ``profit`` = margin - cost_to_serve (profit contribution, 利润贡献);
    * ``profit_rate`` = profit / revenue;
    * ``profit_per_customer`` = profit / customers;
    * ``revenue_share``, ``profit_share``: the group's share of the total
      (the profit share can be negative or above 1 when some group loses
      money).

    Groups are listed in category order; an *ordered* categorical (like the
    tiers) is listed from the highest category down. Empty categories are
    kept with zeros.

    Parameters
    ----------
    customers : DataFrame
        One row per customer with the grouping column and the money columns.
    by : str, default "group"
        The grouping column, e.g. "group" (from :func:`four_groups`) or
        "tier".
    revenue, margin, cost_to_serve : str
        Column names.
    lang : "en" or "zh", default "en"
        Language of the labels: with "zh" the group names (tiers, the four groups) and the column names
        are the glossary's Chinese names (:func:`course.glossary.localise`).

    Returns
    -------
    DataFrame
        Indexed by group.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"group": ["a", "a", "b"], "revenue": [100.0, 300.0, 50.0],
    ...                           "margin": [20.0, 60.0, 25.0], "cost_to_serve": [10.0, 10.0, 30.0]})
    >>> profit = group_profit(customers)
    >>> profit[["customers", "margin_rate", "profit", "profit_per_customer"]]  # doctest: +NORMALIZE_WHITESPACE
           customers  margin_rate  profit  profit_per_customer
    group
    a              2          0.2    60.0                 30.0
    b              1          0.5    -5.0                 -5.0
    """
    frame = require_frame(customers, table=_TABLE)
    require_not_empty(frame, table=_TABLE)
    require_columns(frame, [by, revenue, margin, cost_to_serve], table=_TABLE)
    if frame[by].isna().all():
        raise CourseInputError(
            f"table '{_TABLE}', column {by!r} is empty in every row, so there is no group to summarise. "
            "Assign the groups first (e.g. with four_groups or assign_tiers)."
        )
    money = pd.DataFrame(
        {
            "revenue": parse_numbers(frame, revenue, table=_TABLE, allow_missing=True).fillna(0.0),
            "margin": parse_numbers(frame, margin, table=_TABLE, allow_missing=True).fillna(0.0),
            "cost_to_serve": parse_numbers(frame, cost_to_serve, table=_TABLE, allow_missing=True).fillna(0.0),
        },
        index=frame.index,
    )
    key = frame[by]
    grouped = money.groupby(key, observed=False, sort=True)
    table = grouped.sum()
    table.insert(0, "customers", grouped.size().astype("int64"))
    table.index.name = by
    if isinstance(key.dtype, pd.CategoricalDtype) and key.dtype.ordered:
        table = table.iloc[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["margin_rate"] = table["margin"] / table["revenue"].where(table["revenue"] != 0)
        table["cts_per_revenue"] = table["cost_to_serve"] / table["revenue"].where(table["revenue"] != 0)
        table["profit"] = table["margin"] - table["cost_to_serve"]
        table["profit_rate"] = table["profit"] / table["revenue"].where(table["revenue"] != 0)
        table["profit_per_customer"] = table["profit"] / table["customers"].where(table["customers"] > 0)
    total_revenue, total_profit = table["revenue"].sum(), table["profit"].sum()
    table["revenue_share"] = table["revenue"] / total_revenue if total_revenue else np.nan
    table["profit_share"] = table["profit"] / total_profit if total_profit else np.nan
    return localise(table, lang)


# --------------------------------------------------------------------------- transitions


def tier_transitions(before: pd.Series, after: pd.Series, *, normalize: bool = False, lang: str = "en") -> pd.DataFrame:
    """Count how customers moved between tiers: rows = tier before, columns = tier after.

    Parameters
    ----------
    before, after : Series
        The tier of each customer at two dates, indexed by customer id (e.g.
        two results of :func:`assign_tiers`). Only customers present in both
        are counted; if some are in only one, a single ``UserWarning`` says
        how many were left out.
    normalize : bool, default False
        False: counts. True: row shares -- of the customers in a tier before,
        the share in each tier after (each row sums to 1; an empty row is 0).
    lang : "en" or "zh", default "en"
        Language of the labels: with "zh" the tier names, ``before`` and ``after``
        are the glossary's Chinese names (:func:`course.glossary.localise`).

    Returns
    -------
    DataFrame
        Rows named ``before``, columns named ``after``. Tiers with the
        categorical dtype of the inputs are listed from the highest down and
        all of them are shown, even when empty; other labels are sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> from course.tiers import TIER_DTYPE
    >>> before = pd.Series(["general", "general", "important", "strategic"], index=list("ABCD"), dtype=TIER_DTYPE)
    >>> after = pd.Series(["important", "general", "important", "important"], index=list("ABCD"), dtype=TIER_DTYPE)
    >>> tiers = ["strategic", "important", "general"]
    >>> tier_transitions(before, after).loc[tiers, tiers]  # doctest: +NORMALIZE_WHITESPACE
    after      strategic  important  general
    before
    strategic          0          1        0
    important          0          1        0
    general            0          1        1
    """
    for name, series in (("before", before), ("after", after)):
        if not isinstance(series, pd.Series):
            raise CourseInputError(
                f"{name} must be a pandas Series of tiers indexed by customer id, got {type(series).__name__}."
            )
        require_not_empty(series.to_frame(name), table=name)
        if series.isna().all():
            raise CourseInputError(
                f"'{name}' holds no tier at all (every value is empty). Pass the result of assign_tiers."
            )
        _check_ids(series.index, table=name)
    if before.index.equals(after.index):  # the usual case: two tierings of the same customer table
        common, left_out = before.index, 0
    else:
        common = before.index.intersection(after.index)
        left_out = len(before.index.union(after.index)) - len(common)
    if left_out:
        warnings.warn(
            f"tier_transitions: {left_out:,} customer(s) appear in only one of `before` and `after` and were left out.",
            UserWarning,
            stacklevel=2,
        )
    if len(common) == 0:
        raise CourseInputError("`before` and `after` share no customer id; index both by customer id.")
    b, a = (before, after) if left_out == 0 and common is before.index else (before.loc[common], after.loc[common])

    def _levels(series: pd.Series) -> list:
        if isinstance(series.dtype, pd.CategoricalDtype):
            cats = list(series.cat.categories)
            return cats[::-1] if series.dtype.ordered else cats
        return sorted(series.dropna().unique().tolist())

    rows, cols = _levels(b), _levels(a)
    counts = pd.crosstab(pd.Categorical(b, categories=rows), pd.Categorical(a, categories=cols), dropna=False).reindex(
        index=rows, columns=cols, fill_value=0
    )
    counts.index.name, counts.columns.name = "before", "after"
    counts = counts.astype("int64")
    if not normalize:
        return localise(counts, lang)
    totals = counts.sum(axis=1)
    return localise(counts.div(totals.where(totals > 0), axis=0).fillna(0.0), lang)
