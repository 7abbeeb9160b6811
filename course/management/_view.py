"""The 360° view (客户360度视图): one row per customer with every lesson's verdict on it.

Lessons 01-08 each judge a customer from one angle: its tier and tier score
(02), RFM class and segment (03), ABC class (04), cluster (05), lifecycle
state and churn risk (06), lifetime value (07), class, share of wallet and
relationship health (08). :func:`customer_360` runs each lesson's tested
function once and joins the answers on ``customer_id``, so that a manager
reads them side by side.

Examples
--------
>>> from course.data import load_b2b
>>> view = customer_360(load_b2b(), asof="2025-12-31")
>>> view.shape[0], view.loc["C00001", ["tier", "abc_class", "lifecycle_state"]].astype(str).tolist()
(2000, ['important', 'A', 'active'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import clv, kam
from course.customers import CUSTOMER_TABLE_COLUMNS, customer_table_of
from course.lifecycle import lifecycle_states
from course.management._recent import recent_profit
from course.pareto import abc_classes
from course.purchases import Purchases, purchases, resolve_asof
from course.rfm import eight_classes, named_segments, rfm_scores, rfm_table
from course.tiers import four_groups, tier_customers
from course.validation import CourseInputError, require_columns, require_frame

__all__ = ["VIEW_COLUMNS", "customer_360", "tier_view"]

#: The columns of :func:`customer_360`, by the lesson that gives them.
VIEW_COLUMNS = {
    "01": [
        "company_name",
        "industry",
        "account_manager",
        "first_purchase",
        "last_purchase",
        "tenure_years",
        "revenue",
        "margin",
        "cost_to_serve",
        "profit",
        "margin_12m",
        "cost_to_serve_12m",
        "profit_12m",
    ],
    "02": ["tier_score", "tier", "group"],
    "03": ["rfm_class", "rfm_class_en", "segment"],
    "04": ["abc_class"],
    "05": ["cluster", "cluster_name"],
    "06": ["lifecycle_state", "churn_risk", "revenue_12m", "revenue_at_risk"],
    "07": ["clv"],
    "08": ["class", "class_zh", "share_of_wallet", "health"],
}


def _rfm(lines: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    rfm = rfm_table(lines, date="order_date", amount="revenue", order="order_id", asof=day)
    classes = eight_classes(rfm)
    segments = named_segments(rfm_scores(rfm))
    return pd.DataFrame(
        {"rfm_class": classes["class_zh"], "rfm_class_en": classes["class_en"], "segment": segments["segment"]}
    )


def _churn_risk(db: object, day: pd.Timestamp, bought: Purchases) -> pd.Series:
    """Churn risk of today's active and dormant customers: lesson 06's model trained on the year before.

    The model learns from the customers active at ``day - 365 days`` who did or did not buy in the
    following year (up to the last order of the data), and scores today's active and dormant customers.
    ``bought`` is every purchase of ``db.orders`` (validated once by the caller).
    """
    # scikit-learn is imported here, not with the module: its import alone takes seconds, and the
    # management tiers (the archive's) do not need the churn model.
    from course.churn import FEATURES, churn_dataset, churn_features, churn_model

    cutoff = day - pd.Timedelta(days=365)
    last = min(day, pd.Timestamp(db.orders["order_date"].max()))  # a label needs its whole horizon in the data
    history = churn_dataset(db, cutoff, horizon_days=max(1, min(365, (last - cutoff).days)), bought=bought)
    if history["churned"].nunique() < 2:
        raise CourseInputError("the churn model needs accounts that left and accounts that stayed in the last year.")
    model = churn_model().fit(history[FEATURES], history["churned"])
    today = churn_features(db, day, bought=bought)
    return pd.Series(model.predict_proba(today[FEATURES])[:, 1], index=today.index, name="churn_risk")


def _clv(lines: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """36-month CLV on margin, BG/NBD + Gamma-Gamma on weekly purchases (lesson 07)."""
    summary = clv.summary(lines, date="order_date", amount="margin", asof=day, freq="W")
    purchases = clv.BetaGeoModel(penalizer=0.001).fit(summary)
    spend = clv.GammaGammaModel().fit(summary)
    return spend.clv(purchases, summary, months=36, discount_rate=0.01).rename("clv")


def _validated(db: object, asof: object) -> tuple[pd.Timestamp, Purchases, Purchases]:
    """The as-of day, every purchase of ``db.orders`` and those known on the day: the orders validated once."""
    every = purchases(db.orders)
    day = every.asof if asof is None else resolve_asof(asof)
    return day, every, every.until(day)


def _ready_table(db: object, bought: Purchases, table: pd.DataFrame | None) -> pd.DataFrame:
    """The customer table as of the purchases' day: the caller's, checked for the columns read, or computed."""
    if table is None:
        return customer_table_of(db, bought)
    require_columns(require_frame(table, table="table"), CUSTOMER_TABLE_COLUMNS, table="table")
    return table


def _tier_columns(db: object, day: pd.Timestamp, bought: Purchases, table: pd.DataFrame) -> pd.DataFrame:
    """The columns of the view that the final management tier reads, with the lifetime money."""
    lines = db.orders.iloc[bought.rows]  # the completed lines known on the day, as completed_orders gives them
    view = table[["revenue", "margin", "cost_to_serve", "profit"]].copy()
    view = view.join(recent_profit(db, day))
    tiers = tier_customers(table)
    view["tier_score"], view["tier"] = tiers["score"], tiers["tier"]
    view["lifecycle_state"] = lifecycle_states(table, asof=day)["state"]
    view["clv"] = _clv(lines, day)
    return view


def tier_view(db: object, asof: object = None, *, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The part of :func:`customer_360` that :func:`management_tiers` reads, without the churn model and clusters.

    Parameters
    ----------
    db : B2BDatabase
    asof : date-like, optional
        Default: the day after the last order.
    table : DataFrame, optional
        The customer table of ``db`` for the same ``asof``
        (:func:`course.customers.customer_table`), to save computing it again.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``revenue``, ``margin``,
        ``cost_to_serve``, ``profit``, ``margin_12m``, ``cost_to_serve_12m``,
        ``profit_12m``, ``tier_score``, ``tier``, ``lifecycle_state`` and
        ``clv``, each the same as in :func:`customer_360` -- so that
        ``management_tiers(tier_view(db, asof))`` equals
        ``management_tiers(customer_360(db, asof))``, in a fraction of the
        time (what ``python -m course archive`` uses).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> from course.management import management_tiers
    >>> management_tiers(tier_view(load_b2b(), "2025-12-31")).loc["C00001", "final_tier"]
    'general'
    """
    day, _, bought = _validated(db, asof)
    return _tier_columns(db, day, bought, _ready_table(db, bought, table))


def customer_360(
    db: object, asof: object = None, *, k: int = 4, random_state: int = 0, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per customer with the verdict of every lesson (see :data:`VIEW_COLUMNS`).

    Parameters
    ----------
    db : B2BDatabase
    asof : date-like, optional
        Default: the day after the last order.
    k, random_state : int
        Clusters of lesson 05 (k-means on its default features).
    table : DataFrame, optional
        The customer table of ``db`` for the same ``asof``
        (:func:`course.customers.customer_table`), to save computing it again.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, every customer of ``db.customers``.
        ``revenue``, ``margin``, ``cost_to_serve`` and ``profit`` are summed
        over all years up to ``asof`` (lifetime); ``margin_12m``,
        ``cost_to_serve_12m`` and ``profit_12m`` cover the 365 days up to
        ``asof`` (:func:`recent_profit`), like ``revenue_12m``; prospects
        have no RFM class, ABC class, cluster, churn risk or CLV
        (NaN). ``churn_risk`` exists for active and dormant customers only (a
        churned customer has already left); ``revenue_at_risk`` = churn risk ×
        ``revenue_12m``.

    Notes
    -----
    The order table is validated once (:func:`course.purchases.purchases`)
    and every lesson's function below works from that validated core: the
    customer table is computed once, and no warning about the rows after
    ``asof`` arises (leaving them out is what "as of" means).
    """
    # scikit-learn (k-means) is imported here, not with the module: see _churn_risk.
    from course.clustering import fit_clusters, name_clusters

    day, every, bought = _validated(db, asof)
    table = _ready_table(db, bought, table)
    lines = db.orders.iloc[bought.rows]  # the completed lines known on the day, as completed_orders gives them
    buyers = table[table["n_orders"] > 0]
    accounts = kam.account_table(db, day, table=table)
    core = _tier_columns(db, day, bought, table)
    columns = ["industry", "account_manager", "first_purchase", "last_purchase", "tenure_years"]
    view = table[columns].join(core[["revenue", "margin", "cost_to_serve", "profit"]])
    view = view.join(core[["margin_12m", "cost_to_serve_12m", "profit_12m"]])
    names = db.customers.set_index("customer_id")["company_name"]
    view.insert(0, "company_name", names.reindex(view.index))
    view["tier_score"], view["tier"] = core["tier_score"], core["tier"]
    view["group"] = four_groups(table.assign(revenue_12m=accounts["revenue_12m"]))
    view = view.join(_rfm(lines, day))
    view["abc_class"] = abc_classes(buyers["revenue"])["abc_class"]
    labels = fit_clusters(buyers, k=k, random_state=random_state)
    view["cluster"] = labels.reindex(view.index).astype("Int64")
    view["cluster_name"] = labels.map(name_clusters(buyers, labels)).reindex(view.index)
    view["lifecycle_state"] = core["lifecycle_state"]
    view["churn_risk"] = _churn_risk(db, day, every)
    view["revenue_12m"] = accounts["revenue_12m"]
    view["revenue_at_risk"] = view["churn_risk"] * view["revenue_12m"]
    view["clv"] = core["clv"]
    classes = kam.customer_classes(accounts)
    view["class"], view["class_zh"] = classes["class"], classes["class_zh"]
    view["share_of_wallet"], view["health"] = accounts["share_of_wallet"], accounts["health"]
    ordered = [c for lesson in VIEW_COLUMNS.values() for c in lesson]
    assert sorted(ordered) == sorted(view.columns), set(view.columns) ^ set(ordered)
    return view[ordered].replace({np.inf: np.nan})
