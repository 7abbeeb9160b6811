"""Customer insight (客户洞察): from raw tables to one row per customer.

Customer insight starts by turning the order lines, interactions, surveys,
tickets, contacts and cost-to-serve records of a customer database into one
row per customer that says who buys what, how much, how often, at what margin
and how satisfied the customer is. Every later lesson (tiers, RFM, Pareto,
clustering, lifecycle, key-account planning) starts from this table.

Three functions:

- :func:`customer_table` -- the one-row-per-customer table of a B2B database;
- :func:`product_mix` -- each customer's share of revenue by product line;
- :func:`distribution_summary` -- a robust summary of a skewed column
  (median, quantiles, skewness, share of customers above the mean).

Examples
--------
With the course's database: ``table = customer_table(course.data.load_b2b())``.
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

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_date_parameter,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_not_empty,
    require_unique,
)

__all__ = [
    "CUSTOMER_TABLE_COLUMNS",
    "ORDER_STATUSES",
    "customer_table",
    "product_mix",
    "distribution_summary",
]

#: The order-line statuses of the course's database; only ``completed`` lines count.
ORDER_STATUSES = ("completed", "cancelled", "returned")

#: Columns of :func:`customer_table`, in order.
CUSTOMER_TABLE_COLUMNS = [
    "industry",
    "region",
    "account_manager",
    "employees",
    "industry_influence",
    "acquired_date",
    "first_purchase",
    "last_purchase",
    "n_orders",
    "n_lines",
    "revenue",
    "cost",
    "margin",
    "margin_rate",
    "avg_order_value",
    "cost_to_serve",
    "profit",
    "tenure_years",
    "recency_days",
    "n_product_lines",
    "n_interactions",
    "n_visits",
    "n_tickets",
    "customisation_requests",
    "mean_csat",
    "mean_nps",
    "n_contacts",
]

# table -> columns customer_table reads from it
_NEEDED = {
    "customers": [
        "customer_id",
        "industry",
        "region",
        "account_manager",
        "employees",
        "industry_influence",
        "acquired_date",
    ],
    "orders": ["order_id", "customer_id", "order_date", "product_line", "revenue", "cost", "margin", "status"],
    "interactions": ["customer_id", "date", "type"],
    "contacts": ["customer_id"],
    "surveys": ["customer_id", "date", "csat", "nps"],
    "tickets": ["customer_id", "opened_date", "category"],
    "cost_to_serve": ["customer_id", "year", "total"],
}

# tables that may be absent or empty (their counts are then 0 / NaN)
_OPTIONAL = ("interactions", "contacts", "surveys", "tickets", "cost_to_serve")


def _get_table(db: object, name: str) -> pd.DataFrame:
    """Return ``db.<name>`` checked for the columns customer_table needs.

    An optional table that ``db`` lacks is treated as empty.
    """
    if not hasattr(db, name):
        if name in _OPTIONAL:
            return pd.DataFrame({column: pd.Series(dtype="object") for column in _NEEDED[name]})
        raise CourseInputError(
            f"the database has no table '{name}' (got a {type(db).__name__}). "
            "Pass the object returned by course.data.load_b2b() or course.data.b2b_database()."
        )
    frame = require_frame(getattr(db, name), table=name)
    require_columns(frame, _NEEDED[name], table=name)
    return frame


def _parse_asof(asof: object) -> pd.Timestamp:
    return parse_date_parameter(asof, name="asof", note="or leave it out")


def _codes(frame: pd.DataFrame, ids: pd.Index, *, table: str, parent: pd.DataFrame) -> np.ndarray:
    """Position in ``ids`` of each row's customer (every id must be known)."""
    if len(frame):
        require_no_missing(frame, "customer_id", table=table)
    require_known_keys(frame, "customer_id", parent["customer_id"], table=table, parent_table="customers")
    return ids.get_indexer(frame["customer_id"])


def _count(codes: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Per-customer count (or sum of ``weights``) from customer positions."""
    return np.bincount(codes, weights=weights, minlength=n)


def _check_status(orders: pd.DataFrame, status: str) -> pd.Series:
    """Return the boolean mask of completed lines, rejecting unknown statuses."""
    require_no_missing(orders, status, table="orders")
    values = orders[status].astype("object")
    unknown = ~values.isin(ORDER_STATUSES)
    if unknown.any():
        detail = describe_rows(orders, unknown, status, ("has an unknown status", "have an unknown status"))
        raise CourseInputError(
            f"table 'orders', column '{status}': {detail}. "
            f"Allowed values are {', '.join(map(repr, ORDER_STATUSES))} (lower case)."
        )
    return (values == "completed").to_numpy()


def customer_table(db: object, asof: object = None) -> pd.DataFrame:
    """One row per customer: what, how much, how often, at what margin, how satisfied.

    Parameters
    ----------
    db : B2BDatabase
        The course's customer database (``course.data.load_b2b()``) or any
        object with the same tables as attributes: ``customers`` and
        ``orders`` are required; ``interactions``, ``contacts``, ``surveys``,
        ``tickets`` and ``cost_to_serve`` are treated as empty when absent.
    asof : date-like, optional
        The analysis date ("as of" 截止日期). Default: the day after the
        latest ``order_date`` in ``db.orders`` (all lines, whatever their
        status) -- the same convention as :mod:`course.rfm`, so every buyer
        has a recency of at least one day. Events dated after ``asof``
        (order lines, interactions, surveys, tickets opened, cost-to-serve
        years after the year of ``asof``) are ignored, with one
        ``UserWarning`` saying how many rows were dropped.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, one row per row of ``db.customers``
        (prospects that never bought included), in the same order, with
        columns (see ``CUSTOMER_TABLE_COLUMNS``):

        - ``industry``, ``region``, ``account_manager``, ``employees``,
          ``industry_influence``, ``acquired_date``: copied from customers;
        - ``first_purchase``, ``last_purchase``: first and last
          ``order_date`` of a completed line (NaT if none);
        - ``n_orders``: number of distinct ``order_id`` with a completed
          line (purchase frequency 购买频率); ``n_lines``: completed lines;
        - ``revenue``, ``cost``, ``margin``: sums over completed lines
          (purchase amount 购买金额, gross margin), 0 if none;
        - ``margin_rate``: margin / revenue (NaN when revenue is 0);
        - ``avg_order_value``: revenue / n_orders (NaN without orders);
        - ``cost_to_serve``: sum of ``cost_to_serve.total`` (0 if none);
        - ``profit``: margin - cost_to_serve (profit contribution 利润贡献);
        - ``tenure_years``: (asof - first_purchase) in days / 365.25;
        - ``recency_days``: (asof - last_purchase) in whole days (float,
          NaN for customers without a completed line);
        - ``n_product_lines``: distinct product lines bought (completed);
        - ``n_interactions``, ``n_visits``: interactions, and those of
          type ``"visit"``;
        - ``n_tickets``, ``customisation_requests``: tickets opened, and
          those of category ``"customisation request"``;
        - ``mean_csat``, ``mean_nps``: mean survey scores (NaN if no survey);
        - ``n_contacts``: contacts on file.

        Counts are int64; money is rounded to 2 decimals. Cancelled and
        returned order lines are never counted (they are not a warning:
        that is the definition).

    Raises
    ------
    CourseInputError
        A table or column is missing, customers or orders is empty, a
        customer id is missing, repeated or unknown, a date or an amount
        cannot be parsed, an order status is not one of ``ORDER_STATUSES``,
        or ``asof`` is not a date.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> db = SimpleNamespace(
    ...     customers=pd.DataFrame({"customer_id": ["C1", "C2"], "industry": ["Retail", "Energy"],
    ...                             "region": ["North", "East"], "account_manager": ["AM01", "AM02"],
    ...                             "employees": [50, 900], "industry_influence": [2, 5],
    ...                             "acquired_date": pd.to_datetime(["2024-01-01", "2024-06-01"])}),
    ...     orders=pd.DataFrame({"order_id": ["O1", "O1", "O2"], "customer_id": ["C1"] * 3,
    ...                          "order_date": pd.to_datetime(["2024-02-01", "2024-02-01", "2024-12-30"]),
    ...                          "product_line": ["Hardware", "Services", "Hardware"],
    ...                          "revenue": [100.0, 50.0, 300.0], "cost": [60.0, 20.0, 200.0],
    ...                          "margin": [40.0, 30.0, 100.0],
    ...                          "status": ["completed", "completed", "cancelled"]}),
    ... )
    >>> table = customer_table(db)          # the other tables are missing: counted as 0
    >>> table[["n_orders", "revenue", "margin", "margin_rate", "recency_days"]]  # doctest: +NORMALIZE_WHITESPACE
                 n_orders  revenue  margin  margin_rate  recency_days
    customer_id
    C1                  1    150.0    70.0     0.466667         334.0
    C2                  0      0.0     0.0          NaN           NaN
    """
    customers = _get_table(db, "customers")
    require_not_empty(customers, table="customers")
    require_no_missing(customers, "customer_id", table="customers")
    require_unique(customers, "customer_id", table="customers")
    acquired = parse_dates(customers, "acquired_date", table="customers", allow_missing=True)

    orders = _get_table(db, "orders")
    require_not_empty(orders, table="orders")
    order_date = parse_dates(orders, "order_date", table="orders")
    money = {c: parse_numbers(orders, c, table="orders").to_numpy() for c in ("revenue", "cost", "margin")}
    require_no_missing(orders, "order_id", table="orders")
    completed = _check_status(orders, "status")

    if asof is None:
        asof = order_date.max() + pd.Timedelta(days=1)
    else:
        asof = _parse_asof(asof)

    ids = pd.Index(customers["customer_id"])
    n = len(ids)
    dropped: dict[str, int] = {}

    # --- order lines: completed and dated on or before asof -------------------
    order_codes = _codes(orders, ids, table="orders", parent=customers)
    in_window = (order_date <= asof).to_numpy()
    dropped["orders"] = int((~in_window).sum())
    keep = completed & in_window
    codes = order_codes[keep]
    dates = order_date.to_numpy()[keep]

    n_lines = _count(codes, n).astype("int64")
    sums = {c: np.round(_count(codes, n, money[c][keep]), 2) for c in money}
    pairs = pd.DataFrame({"code": codes, "order": orders["order_id"].to_numpy()[keep]})
    n_orders = _count(pairs.drop_duplicates()["code"].to_numpy(), n).astype("int64")
    lines = pd.DataFrame({"code": codes, "line": orders["product_line"].to_numpy()[keep]})
    n_product_lines = _count(lines.drop_duplicates()["code"].to_numpy(), n).astype("int64")
    by_customer = pd.Series(dates).groupby(codes)
    first = by_customer.min().reindex(range(n)).to_numpy()
    last = by_customer.max().reindex(range(n)).to_numpy()

    # --- the other tables ------------------------------------------------------
    def dated(name: str, column: str) -> tuple[pd.DataFrame, np.ndarray]:
        frame = _get_table(db, name)
        codes_ = _codes(frame, ids, table=name, parent=customers)
        if len(frame) == 0:
            return frame, codes_
        when = parse_dates(frame, column, table=name, allow_missing=True)
        inside = ~(when > asof).to_numpy()
        dropped[name] = int((~inside).sum())
        return frame.loc[inside], codes_[inside]

    interactions, inter_codes = dated("interactions", "date")
    is_visit = (interactions["type"].astype("object") == "visit").to_numpy()
    surveys, survey_codes = dated("surveys", "date")
    tickets, ticket_codes = dated("tickets", "opened_date")
    is_custom = (tickets["category"].astype("object") == "customisation request").to_numpy()
    contacts = _get_table(db, "contacts")
    contact_codes = _codes(contacts, ids, table="contacts", parent=customers)

    cts = _get_table(db, "cost_to_serve")
    cts_codes = _codes(cts, ids, table="cost_to_serve", parent=customers)
    if len(cts):
        year = parse_numbers(cts, "year", table="cost_to_serve").to_numpy()
        total = parse_numbers(cts, "total", table="cost_to_serve").to_numpy()
        inside = year <= asof.year
        dropped["cost_to_serve"] = int((~inside).sum())
        cost_to_serve = np.round(_count(cts_codes[inside], n, total[inside]), 2)
    else:
        cost_to_serve = np.zeros(n)

    def mean_score(column: str) -> np.ndarray:
        if len(surveys) == 0:
            return np.full(n, np.nan)
        score = parse_numbers(surveys, column, table="surveys", allow_missing=True).to_numpy()
        ok = ~np.isnan(score)
        total_ = _count(survey_codes[ok], n, score[ok])
        count_ = _count(survey_codes[ok], n)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count_ > 0, total_ / np.where(count_ > 0, count_, 1), np.nan)

    mean_csat, mean_nps = mean_score("csat"), mean_score("nps")

    dropped_total = sum(dropped.values())
    if dropped_total:
        detail = ", ".join(f"{table}: {count:,}" for table, count in dropped.items() if count)
        warnings.warn(
            f"customer_table: ignored {dropped_total:,} rows dated after asof {asof.date()} ({detail}).",
            UserWarning,
            stacklevel=2,
        )

    # --- assemble ----------------------------------------------------------------
    revenue, n_orders_f = sums["revenue"], n_orders.astype("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        margin_rate = np.where(revenue != 0, sums["margin"] / np.where(revenue != 0, revenue, 1), np.nan)
        avg_order_value = np.where(n_orders > 0, revenue / np.where(n_orders > 0, n_orders_f, 1), np.nan)
    first_ts = pd.DatetimeIndex(first).astype("datetime64[ns]")
    last_ts = pd.DatetimeIndex(last).astype("datetime64[ns]")
    table = pd.DataFrame(
        {
            "industry": customers["industry"].to_numpy(),
            "region": customers["region"].to_numpy(),
            "account_manager": customers["account_manager"].to_numpy(),
            "employees": customers["employees"].to_numpy(),
            "industry_influence": customers["industry_influence"].to_numpy(),
            "acquired_date": acquired.to_numpy(),
            "first_purchase": first_ts,
            "last_purchase": last_ts,
            "n_orders": n_orders,
            "n_lines": n_lines,
            "revenue": revenue,
            "cost": sums["cost"],
            "margin": sums["margin"],
            "margin_rate": margin_rate,
            "avg_order_value": avg_order_value,
            "cost_to_serve": cost_to_serve,
            "profit": np.round(sums["margin"] - cost_to_serve, 2),
            "tenure_years": (asof - first_ts).days.to_numpy(dtype="float64", na_value=np.nan) / 365.25,
            "recency_days": (asof - last_ts).days.to_numpy(dtype="float64", na_value=np.nan),
            "n_product_lines": n_product_lines,
            "n_interactions": _count(inter_codes, n).astype("int64"),
            "n_visits": _count(inter_codes[is_visit], n).astype("int64"),
            "n_tickets": _count(ticket_codes, n).astype("int64"),
            "customisation_requests": _count(ticket_codes[is_custom], n).astype("int64"),
            "mean_csat": mean_csat,
            "mean_nps": mean_nps,
            "n_contacts": _count(contact_codes, n).astype("int64"),
        },
        index=pd.Index(customers["customer_id"].to_numpy(), dtype=customers["customer_id"].dtype, name="customer_id"),
    )
    # keep the customers' dtypes (category, string, int) for the copied columns
    for column in ("industry", "region", "account_manager", "employees", "industry_influence"):
        table[column] = table[column].astype(customers[column].dtype)
    return table


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
    if status is not None:
        keep = _check_status(orders.rename(columns={status: "status"}), "status")
    else:
        keep = np.ones(len(orders), dtype=bool)
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
