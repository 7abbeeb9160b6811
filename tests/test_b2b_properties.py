"""The B2B database makes the source material's claims observable.

Each property is checked on the shipped database (loaded from ``data/b2b``)
and on two other seeds (7 and 2025, 2,000 customers, generated in memory), so
the claims follow from the generator's latent structure, not from one lucky
draw. Thresholds keep a clear margin from the values measured on many seeds
(see ``benchmarks/results_generator.md``).

Definitions (the lessons compute them the same way)
---------------------------------------------------
- **As-of date**: 2025-12-31 (``DEFAULT_ASOF``).
- **Completed lines**: order lines with ``status == "completed"``. Revenue,
  margin, orders and purchase dates use completed lines only.
- **Buying customer**: a customer with at least one completed line.
- **Order**: a distinct ``order_id`` among completed lines.
- **First / last purchase**: earliest / latest ``order_date`` of the
  customer's completed lines.
- **Revenue, margin**: sums over the customer's completed lines, whole period.
- **Cost to serve**: sum of ``cost_to_serve.total`` over all years.
- **Profit** = margin - cost to serve (whole period).
- **Last-12-month revenue**: revenue of completed lines with ``order_date`` in
  (as-of - 365 days, as-of].

1. *Top-20 % share*: buying customers sorted by revenue, descending; the first
   ``ceil(0.2 * n)`` customers' share of total revenue.
2. *Loss-making*: profit < 0. *Whale curve*: buying customers sorted by profit,
   descending; cumulative profit as a share of total profit. Its peak is its
   maximum.
3. *Four groups* (source 004): **old** = first purchase more than 730 days
   before the as-of date, else **new**; **big** = last-12-month revenue at or
   above the 80th percentile of buying customers' last-12-month revenue, else
   **small**. Group rates are ratios of sums over the group: margin rate =
   margin / revenue, cost-to-serve rate = cost to serve / revenue, profit rate
   = profit / revenue.
4. *Strategic accounts*: the top 5 % of buying customers by revenue (revenue
   at or above the 95th percentile); **ordinary** = all other buying
   customers. Average order value = revenue / orders per customer; tenure =
   as-of - ``acquired_date`` in years; customisation requests = tickets with
   category "customisation request" per customer. Means over customers.
5. *Churned customers*: last purchase more than 365 days before the as-of
   date, and first purchase at least 730 days before the last one (so both
   windows below are observed). With ``L`` the customer's last purchase and
   ``d = (L - date)`` in days: the **last year before leaving** is
   ``0 < d <= 365`` and the **year before that** is ``365 < d <= 730``. The last
   purchase itself (``d = 0``) marks the moment of leaving and is not counted.
   Pooled over churned customers: mean CSAT of survey answers and number of
   orders in each window. **Retained** customers' recent CSAT: mean CSAT of
   survey answers in the last 365 days before the as-of date of customers who
   are active (below).
6. *States* by days ``d`` since the last purchase at the as-of date: **active**
   ``d <= 180``, **dormant** ``180 < d <= 365``, **churned** ``d > 365``,
   **potential**: no completed purchase at all. Shares of all customers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.data import DEFAULT_ASOF, generate_b2b, load_b2b

ASOF = pd.Timestamp(DEFAULT_ASOF)
DAY = pd.Timedelta(days=1)


# ---------------------------------------------------------------- measures
def completed_lines(db) -> pd.DataFrame:
    """Order lines with status 'completed'."""
    return db.orders[db.orders["status"] == "completed"]


def customer_table(db, asof: pd.Timestamp = ASOF) -> pd.DataFrame:
    """One row per buying customer: revenue, margin, orders, first, last, l12_revenue, cost_to_serve, profit."""
    lines = completed_lines(db)
    by = lines.groupby("customer_id")
    table = pd.DataFrame(
        {
            "revenue": by["revenue"].sum(),
            "margin": by["margin"].sum(),
            "orders": by["order_id"].nunique(),
            "first": by["order_date"].min(),
            "last": by["order_date"].max(),
        }
    )
    recent = lines[lines["order_date"] > asof - 365 * DAY]
    table["l12_revenue"] = recent.groupby("customer_id")["revenue"].sum().reindex(table.index, fill_value=0.0)
    cts = db.cost_to_serve.groupby("customer_id")["total"].sum()
    table["cost_to_serve"] = cts.reindex(table.index, fill_value=0.0)
    table["profit"] = table["margin"] - table["cost_to_serve"]
    return table


def top_share(values: pd.Series, top: float = 0.2) -> float:
    """Share of the total held by the top ``top`` fraction of rows (ceil), sorted descending."""
    ordered = values.sort_values(ascending=False)
    k = math.ceil(top * len(ordered))
    return float(ordered.iloc[:k].sum() / ordered.sum())


def whale_curve(profit: pd.Series) -> pd.Series:
    """Cumulative profit, customers sorted by profit descending, as a share of total profit."""
    ordered = profit.sort_values(ascending=False)
    return ordered.cumsum() / ordered.sum()


def four_groups(table: pd.DataFrame, asof: pd.Timestamp = ASOF) -> pd.Series:
    """'old-big', 'old-small', 'new-big' or 'new-small' per buying customer."""
    old = (asof - table["first"]).dt.days > 730
    big = table["l12_revenue"] >= table["l12_revenue"].quantile(0.8)
    age = np.where(old, "old", "new")
    size = np.where(big, "big", "small")
    return pd.Series(np.char.add(np.char.add(age, "-"), size), index=table.index, name="group")


def group_rates(table: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Per group: share of buying customers, margin rate, cost-to-serve rate, profit rate, profit."""
    sums = table.groupby(groups)[["revenue", "margin", "cost_to_serve", "profit"]].sum()
    return pd.DataFrame(
        {
            "share": groups.value_counts(normalize=True),
            "margin_rate": sums["margin"] / sums["revenue"],
            "cts_rate": sums["cost_to_serve"] / sums["revenue"],
            "profit_rate": sums["profit"] / sums["revenue"],
            "profit": sums["profit"],
        }
    )


def strategic_comparison(db, table: pd.DataFrame, asof: pd.Timestamp = ASOF) -> pd.DataFrame:
    """Mean AOV, tenure (years), industry influence and customisation requests: strategic vs ordinary."""
    strategic = table["revenue"] >= table["revenue"].quantile(0.95)
    customers = db.customers.set_index("customer_id").loc[table.index]
    tickets = db.tickets[db.tickets["category"] == "customisation request"]
    features = pd.DataFrame(
        {
            "aov": table["revenue"] / table["orders"],
            "tenure": (asof - customers["acquired_date"]).dt.days / 365.25,
            "influence": customers["industry_influence"],
            "customisation": tickets.groupby("customer_id").size().reindex(table.index, fill_value=0),
        }
    )
    return features.groupby(np.where(strategic, "strategic", "ordinary")).mean()


def churn_windows(db, table: pd.DataFrame, asof: pd.Timestamp = ASOF) -> dict[str, float]:
    """Churned customers' CSAT and orders in the last year before leaving vs the year before."""
    churned = table[((asof - table["last"]).dt.days > 365) & ((table["last"] - table["first"]).dt.days >= 730)]
    last = churned["last"].rename("L")

    def windows(frame: pd.DataFrame, date: str) -> tuple[pd.Series, pd.Series]:
        merged = frame.merge(last, left_on="customer_id", right_index=True)
        d = (merged["L"] - merged[date]).dt.days
        return merged[(d > 0) & (d <= 365)], merged[(d > 365) & (d <= 730)]

    s_recent, s_before = windows(db.surveys, "date")
    orders = completed_lines(db).drop_duplicates("order_id")
    o_recent, o_before = windows(orders, "order_date")
    active = table.index[(asof - table["last"]).dt.days <= 180]
    surveys = db.surveys
    retained = surveys[surveys["customer_id"].isin(active) & (surveys["date"] > asof - 365 * DAY)]
    return {
        "n_churned": len(churned),
        "csat_last_year": s_recent["csat"].mean(),
        "csat_year_before": s_before["csat"].mean(),
        "csat_retained": retained["csat"].mean(),
        "orders_last_year": len(o_recent),
        "orders_year_before": len(o_before),
    }


def state_shares(db, table: pd.DataFrame, asof: pd.Timestamp = ASOF) -> pd.Series:
    """Share of all customers that are active, dormant, churned or potential."""
    days = (asof - table["last"]).dt.days.reindex(db.customers["customer_id"])
    state = np.select([days.isna(), days <= 180, days <= 365], ["potential", "active", "dormant"], "churned")
    shares = pd.Series(state).value_counts(normalize=True)
    return shares.reindex(["active", "dormant", "churned", "potential"], fill_value=0.0)


# ---------------------------------------------------------------- databases
@pytest.fixture(scope="module", params=["shipped", 7, 2025])
def db(request):
    if request.param == "shipped":
        return load_b2b()
    return generate_b2b(n_customers=2000, seed=request.param)


@pytest.fixture(scope="module")
def table(db):
    return customer_table(db)


# ---------------------------------------------------------------- 1. concentration
def test_top_20_percent_hold_65_to_85_percent_of_revenue(table):
    assert 0.65 <= top_share(table["revenue"]) <= 0.85


# ---------------------------------------------------------------- 2. profit and whale curve
def test_a_loss_making_tail_of_15_to_30_percent(table):
    assert 0.15 <= (table["profit"] < 0).mean() <= 0.30


def test_whale_curve_peaks_above_100_percent(table):
    curve = whale_curve(table["profit"])
    assert curve.max() > 1.05
    assert curve.iloc[-1] == pytest.approx(1.0)


# ---------------------------------------------------------------- 3. the four groups of source 004
@pytest.fixture(scope="module")
def groups(table):
    return group_rates(table, four_groups(table))


def test_each_group_holds_at_least_5_percent_of_buyers(groups):
    assert set(groups.index) == {"old-big", "old-small", "new-big", "new-small"}
    assert (groups["share"] >= 0.05).all()


def test_old_big_buy_at_the_thinnest_margin(groups):
    rate = groups["margin_rate"]
    assert rate["old-big"] < rate["old-small"] - 0.05
    assert rate["old-big"] < rate["new-small"] - 0.05


def test_new_big_is_the_costly_black_hole(groups):
    assert groups.loc["new-big", "cts_rate"] > groups.loc["old-big", "cts_rate"] + 0.05
    assert groups.loc["new-big", "profit_rate"] < groups.loc["old-big", "profit_rate"] - 0.03


def test_old_small_are_costly_to_serve(groups):
    assert groups.loc["old-small", "cts_rate"] > groups.loc["old-big", "cts_rate"] + 0.02


def test_new_small_are_not_loss_making(groups):
    assert groups.loc["new-small", "profit"] > 0
    assert groups.loc["new-small", "profit_rate"] > 0.03


# ---------------------------------------------------------------- 4. strategic accounts (source 000)
def test_strategic_accounts_differ_from_ordinary_ones(db, table):
    cmp = strategic_comparison(db, table)
    strategic, ordinary = cmp.loc["strategic"], cmp.loc["ordinary"]
    assert strategic["aov"] > 2 * ordinary["aov"]
    assert strategic["tenure"] > ordinary["tenure"] + 0.5
    assert strategic["influence"] > ordinary["influence"] + 1
    assert strategic["customisation"] > 3 * ordinary["customisation"]


# ---------------------------------------------------------------- 5. churn (source 004: why, who, when)
def test_churned_customers_were_less_satisfied_and_bought_less_before_leaving(db, table):
    w = churn_windows(db, table)
    assert w["n_churned"] >= 100
    assert w["csat_last_year"] < w["csat_year_before"] - 0.15
    assert w["csat_last_year"] < w["csat_retained"] - 0.15
    assert w["orders_last_year"] < 0.95 * w["orders_year_before"]


def test_complaints_and_technical_issues_rise_before_churn(db, table):
    """Complaint and technical-issue tickets of churned customers: last year before leaving vs. the year before."""
    churned = table[((ASOF - table["last"]).dt.days > 365) & ((table["last"] - table["first"]).dt.days >= 730)]
    tickets = db.tickets[db.tickets["category"].isin(["complaint", "technical issue"])]
    merged = tickets.merge(churned["last"], left_on="customer_id", right_index=True)
    d = (merged["last"] - merged["opened_date"]).dt.days
    assert ((d > 0) & (d <= 365)).sum() > 1.2 * ((d > 365) & (d <= 730)).sum()


# ---------------------------------------------------------------- 6. lifecycle states (source 003)
def test_each_lifecycle_state_holds_at_least_5_percent(db, table):
    shares = state_shares(db, table)
    assert (shares >= 0.05).all(), shares.to_dict()
    assert shares.sum() == pytest.approx(1.0)
