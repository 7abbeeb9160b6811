"""The customer table (客户总表): one row per customer, the starting point of every later lesson.

Customer insight (lesson 01) turns the order lines, interactions, surveys,
tickets, contacts and cost-to-serve records of a customer database into one
row per customer that says who buys what, how much, how often, at what margin
and how satisfied the customer is. Tiers, RFM, Pareto, clustering, lifecycle,
churn and key-account planning all start from :func:`customer_table`.

Purchases, their days and the as-of date follow :mod:`course.purchases`.

Examples
--------
>>> from course.data import load_b2b
>>> table = customer_table(load_b2b(), asof="2025-12-31")
>>> table.shape, table.index.name
((2000, 27), 'customer_id')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.purchases import Purchases, day_number, day_numbers, purchases
from course.validation import (
    CourseInputError,
    after_asof,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_known_keys,
    require_no_missing,
    require_not_empty,
    require_unique,
    warn_after_asof,
)

__all__ = ["CUSTOMER_TABLE_COLUMNS", "customer_table", "customer_table_of"]

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


def _codes(frame: pd.DataFrame, ids: pd.Index, *, table: str, parent: pd.DataFrame) -> np.ndarray:
    """Position in ``ids`` of each row's customer (every id must be known)."""
    if len(frame):
        require_no_missing(frame, "customer_id", table=table)
    require_known_keys(frame, "customer_id", parent["customer_id"], table=table, parent_table="customers")
    return ids.get_indexer(frame["customer_id"])


def _count(codes: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Per-customer count (or sum of ``weights``) from customer positions."""
    return np.bincount(codes, weights=weights, minlength=n)


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
        status) -- the course's one convention (:mod:`course.purchases`), so
        every buyer has a recency of at least one day. Events dated after ``asof``
        (order lines, interactions, surveys, tickets opened, cost-to-serve
        years after the year of ``asof``) are ignored, with one
        :class:`~course.validation.AsofWarning` (a ``UserWarning``) saying
        how many rows were dropped (:func:`customer_table_of` gives the same
        table from purchases already validated, without it).

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
        cannot be parsed, an order status is not one of
        :data:`course.purchases.ORDER_STATUSES`,
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

    customers, acquired = _checked_customers(db)
    bought = purchases(_get_table(db, "orders"), asof=asof)
    table, dropped = _table(db, customers, acquired, bought)
    _warn_dropped(dropped, bought.asof)
    return table


def customer_table_of(db: object, bought: Purchases) -> pd.DataFrame:
    """:func:`customer_table` from the already validated purchases of ``db.orders``: the inner callers' entry.

    ``bought`` is ``course.purchases.purchases(db.orders)`` cut at the as-of
    date (:meth:`~course.purchases.Purchases.until`), computed once by the
    caller (the 360° view, the report, the archive) and shared, so that the
    order table is not validated again. The rows after the as-of date are left
    out without a warning: a caller that cuts at a date means it. The other
    tables are checked as in :func:`customer_table`.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> from course.purchases import purchases
    >>> db = load_b2b()
    >>> bought = purchases(db.orders).until("2025-12-31")
    >>> customer_table_of(db, bought).equals(customer_table(db, asof="2025-12-31"))
    True
    """
    if not isinstance(bought, Purchases) or len(bought.row_days) != len(_get_table(db, "orders")):
        raise CourseInputError(
            "bought must be course.purchases.purchases(db.orders) (or its .until(asof)) of this database, got "
            f"{type(bought).__name__}. Or call customer_table(db, asof), which validates the orders itself."
        )
    customers, acquired = _checked_customers(db)
    return _table(db, customers, acquired, bought)[0]


def _checked_customers(db: object) -> tuple[pd.DataFrame, pd.Series]:
    """The customers table, checked (not empty, ids present and unique), and its acquisition dates."""
    customers = _get_table(db, "customers")
    require_not_empty(customers, table="customers")
    require_no_missing(customers, "customer_id", table="customers")
    require_unique(customers, "customer_id", table="customers")
    return customers, parse_dates(customers, "acquired_date", table="customers", allow_missing=True)


def _table(
    db: object, customers: pd.DataFrame, acquired: pd.Series, bought: Purchases
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The customer table and the rows left out after the as-of date, table by table."""
    orders = _get_table(db, "orders")
    ids = pd.Index(customers["customer_id"])
    dropped = {"orders": bought.n_rows_after}
    facts = _purchase_facts(orders, bought, ids, customers)
    facts.update(_activity(db, ids, customers, bought.asof, dropped))
    return _assemble(customers, acquired, facts, bought.asof), dropped


def _purchase_facts(orders: pd.DataFrame, bought: Purchases, ids: pd.Index, customers: pd.DataFrame) -> dict:
    """Per-customer arrays from the completed lines known on asof: dates, counts, money."""
    money = {c: parse_numbers(orders, c, table="orders").to_numpy() for c in ("revenue", "cost", "margin")}
    require_no_missing(orders, "order_id", table="orders")
    n = len(ids)
    order_codes = _codes(orders, ids, table="orders", parent=customers)
    rows = bought.rows
    codes = order_codes[rows]
    pairs = pd.DataFrame({"code": codes, "order": orders["order_id"].to_numpy()[rows]})
    lines = pd.DataFrame({"code": codes, "line": orders["product_line"].to_numpy()[rows]})
    by_customer = pd.Series(bought.day).groupby(codes)
    return {
        "first_purchase": _days_to_dates(by_customer.min().reindex(range(n)).to_numpy()),
        "last_purchase": _days_to_dates(by_customer.max().reindex(range(n)).to_numpy()),
        "n_orders": _count(pairs.drop_duplicates()["code"].to_numpy(), n).astype("int64"),
        "n_lines": _count(codes, n).astype("int64"),
        **{c: np.round(_count(codes, n, money[c][rows]), 2) for c in money},
        "n_product_lines": _count(lines.drop_duplicates()["code"].to_numpy(), n).astype("int64"),
    }


def _days_to_dates(days: np.ndarray) -> pd.DatetimeIndex:
    """Day numbers (NaN where a customer has none) as dates (NaT)."""
    return pd.DatetimeIndex(pd.to_datetime(days, unit="D")).astype("datetime64[ns]")


def _dated(
    db: object, name: str, column: str, ids: pd.Index, customers: pd.DataFrame, asof: pd.Timestamp, dropped: dict
):
    """Rows of an optional table dated on or before ``asof`` and their customer positions; counts the rest."""
    frame = _get_table(db, name)
    codes = _codes(frame, ids, table=name, parent=customers)
    if len(frame) == 0:
        return frame, codes
    when = parse_dates(frame, column, table=name, allow_missing=True)
    inside = ~(day_numbers(when.fillna(asof)) > day_number(asof))  # an empty date is not "after"
    dropped[name] = int((~inside).sum())
    return frame.loc[inside], codes[inside]


def _activity(db: object, ids: pd.Index, customers: pd.DataFrame, asof: pd.Timestamp, dropped: dict) -> dict:
    """Per-customer counts of interactions, visits, tickets, contacts; cost to serve; survey means."""
    n = len(ids)
    interactions, inter_codes = _dated(db, "interactions", "date", ids, customers, asof, dropped)
    is_visit = (interactions["type"].astype("object") == "visit").to_numpy()
    surveys, survey_codes = _dated(db, "surveys", "date", ids, customers, asof, dropped)
    tickets, ticket_codes = _dated(db, "tickets", "opened_date", ids, customers, asof, dropped)
    is_custom = (tickets["category"].astype("object") == "customisation request").to_numpy()
    contact_codes = _codes(_get_table(db, "contacts"), ids, table="contacts", parent=customers)
    return {
        "cost_to_serve": _cost_to_serve(db, ids, customers, asof, dropped),
        "n_interactions": _count(inter_codes, n).astype("int64"),
        "n_visits": _count(inter_codes[is_visit], n).astype("int64"),
        "n_tickets": _count(ticket_codes, n).astype("int64"),
        "customisation_requests": _count(ticket_codes[is_custom], n).astype("int64"),
        "mean_csat": _mean_score(surveys, survey_codes, "csat", n),
        "mean_nps": _mean_score(surveys, survey_codes, "nps", n),
        "n_contacts": _count(contact_codes, n).astype("int64"),
    }


def _cost_to_serve(db: object, ids: pd.Index, customers: pd.DataFrame, asof: pd.Timestamp, dropped: dict) -> np.ndarray:
    """Cost to serve per customer, summed over the years up to asof's year."""
    cts = _get_table(db, "cost_to_serve")
    codes = _codes(cts, ids, table="cost_to_serve", parent=customers)
    if len(cts) == 0:
        return np.zeros(len(ids))
    year = parse_numbers(cts, "year", table="cost_to_serve").to_numpy()
    total = parse_numbers(cts, "total", table="cost_to_serve").to_numpy()
    inside = year <= asof.year
    dropped["cost_to_serve"] = int((~inside).sum())
    return np.round(_count(codes[inside], len(ids), total[inside]), 2)


def _mean_score(surveys: pd.DataFrame, codes: np.ndarray, column: str, n: int) -> np.ndarray:
    """Mean survey score per customer (NaN without a survey)."""
    if len(surveys) == 0:
        return np.full(n, np.nan)
    score = parse_numbers(surveys, column, table="surveys", allow_missing=True).to_numpy()
    ok = ~np.isnan(score)
    total = _count(codes[ok], n, score[ok])
    count = _count(codes[ok], n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.where(count > 0, count, 1), np.nan)


def _warn_dropped(dropped: dict, asof: pd.Timestamp) -> None:
    """One warning for every row dated after asof, table by table."""
    total = sum(dropped.values())
    if total:
        detail = ", ".join(f"{table}: {count:,}" for table, count in dropped.items() if count)
        warn_after_asof(f"customer_table: ignored {after_asof(total, asof)} ({detail}).", stacklevel=3)


def _assemble(customers: pd.DataFrame, acquired: pd.Series, facts: dict, asof: pd.Timestamp) -> pd.DataFrame:
    """The customer table from the per-customer arrays, in CUSTOMER_TABLE_COLUMNS order."""
    revenue, n_orders = facts["revenue"], facts["n_orders"]
    with np.errstate(invalid="ignore", divide="ignore"):
        margin_rate = np.where(revenue != 0, facts["margin"] / np.where(revenue != 0, revenue, 1), np.nan)
        avg_order_value = np.where(n_orders > 0, revenue / np.where(n_orders > 0, n_orders, 1), np.nan)
    copied = ("industry", "region", "account_manager", "employees", "industry_influence")
    derived = {
        "acquired_date": acquired.to_numpy(),
        "margin_rate": margin_rate,
        "avg_order_value": avg_order_value,
        "profit": np.round(facts["margin"] - facts["cost_to_serve"], 2),
        "tenure_years": (asof - facts["first_purchase"]).days.to_numpy(dtype="float64", na_value=np.nan) / 365.25,
        "recency_days": (asof - facts["last_purchase"]).days.to_numpy(dtype="float64", na_value=np.nan),
    }
    columns = {c: customers[c].to_numpy() for c in copied} | facts | derived
    index = pd.Index(customers["customer_id"].to_numpy(), dtype=customers["customer_id"].dtype, name="customer_id")
    table = pd.DataFrame({c: columns[c] for c in CUSTOMER_TABLE_COLUMNS}, index=index)
    # keep the customers' dtypes (category, string, int) for the copied columns
    for column in copied:
        table[column] = table[column].astype(customers[column].dtype)
    return table
