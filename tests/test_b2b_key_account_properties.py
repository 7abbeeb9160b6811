"""The key-account method's claims (source 001) hold in the B2B database: on the shipped data and two other seeds.

Like ``test_b2b_properties.py``, each test states the claim, measures it with
plain pandas and the definitions below (independently of ``course.kam``),
and checks it on three databases. Some claims live in the eight core tables
(decision makers' attitude), the others in the key-account tables, whose
generator draws them so that the claim can be observed (see
``course/data/b2b_generator/_key_accounts.py``).

Definitions (as of 2025-12-31 unless a test says otherwise)
------------------------------------------------------------
- **Completed lines**, **buying customer**: as in ``test_b2b_properties.py``.
- **The decision maker** of an account: its contact with decision role
  "decision maker" and the highest influence (the first on file among equals).
- **Churned**: last completed purchase more than 365 days before the as-of date.
- **Yearly growth**: revenue in year Y+1 / revenue in year Y - 1, for an
  account with revenue in Y (an account that stopped buying counts -100 %);
  pooled over Y = 2021 … 2024.
- **Thread** (a working relationship): a pair (one of our people, one of the
  customer's contacts) with an interaction in the 365 days up to a date, read
  from ``participants`` joined to ``interactions``. **Single-threaded**: at most
  one thread. **Lost**: bought in the 365 days up to the date, not in the 365
  days after it. Pooled over the year-ends 2021 … 2024.
- **Resolution time** of a ticket: closed - opened in days; **fast** <= 3,
  **slow** >= 10. A customer's **usual CSAT** before a ticket: mean CSAT of its
  regular surveys in the 365 days before the ticket was opened; the **gap** of a
  follow-up is usual CSAT - follow-up CSAT.
- An action of a plan is **done** when an interaction of its kind with its
  contact, with one of ours in its owner role taking part, took place in its
  month (organisational kinds: an ``org_relations`` row of that kind with that
  contact in that month). **Execution** of a plan: share of its actions done.
  **Revenue growth** of a plan's year: log((revenue Y + 1000) / (revenue Y-1 + 1000)).
- **Key accounts** for share of wallet: the top 5 % of customers by 2025
  revenue; **share of wallet** = their 2025 revenue / their 2025 wallet (all
  product lines).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from course.data import DEFAULT_ASOF, generate_b2b, load_b2b
from course.purchases import completed_orders

ASOF = pd.Timestamp(DEFAULT_ASOF)
YEAR_ENDS = [pd.Timestamp(f"{y}-12-31") for y in (2021, 2022, 2023, 2024)]


@pytest.fixture(scope="module", params=["shipped", 7, 2025])
def db(request):
    if request.param == "shipped":
        return load_b2b()
    return generate_b2b(n_customers=2000, seed=request.param)


def completed_lines(db) -> pd.DataFrame:
    return completed_orders(db.orders)


def decision_maker_attitude(db) -> pd.Series:
    dms = db.contacts[db.contacts["decision_role"] == "decision maker"]
    first = dms.sort_values("influence", ascending=False, kind="stable").drop_duplicates("customer_id")
    return first.set_index("customer_id")["attitude"].astype(str)


# ---------------------------------------------------------------- 1. decision makers who support us
def test_accounts_whose_decision_maker_supports_us_churn_less_and_grow_faster(db):
    lines = completed_lines(db)
    attitude = decision_maker_attitude(db)
    last = lines.groupby("customer_id")["order_date"].max()
    churned = (ASOF - last).dt.days > 365
    supports = attitude.reindex(churned.index) == "supporter"
    assert churned[supports].mean() < churned[~supports].mean() - 0.08
    assert churned[supports].mean() < 0.25

    by_year = lines.groupby(["customer_id", lines["order_date"].dt.year])["revenue"].sum().unstack(fill_value=0.0)
    growth = []
    for year in range(2021, 2025):
        base = by_year[by_year[year] > 0]
        growth.append(base[year + 1] / base[year] - 1)
    growth = pd.concat(growth)
    supporter = attitude.reindex(growth.index) == "supporter"
    assert growth[supporter].median() > growth[~supporter].median() + 0.02


# ---------------------------------------------------------------- 2. single-threaded accounts
def threads_and_losses(db) -> pd.DataFrame:
    lines = completed_lines(db)
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    rows = []
    for cut in YEAR_ENDS:
        before = lines[(lines["order_date"] > cut - pd.Timedelta(days=365)) & (lines["order_date"] <= cut)]
        after = lines[(lines["order_date"] > cut) & (lines["order_date"] <= cut + pd.Timedelta(days=365))]
        base = pd.Index(before["customer_id"].unique())
        window = met[(met["date"] > cut - pd.Timedelta(days=365)) & (met["date"] <= cut)]
        pairs = window[["customer_id", "staff_id", "contact_id"]].drop_duplicates()
        threads = pairs.groupby("customer_id").size().reindex(base, fill_value=0)
        rows.append(pd.DataFrame({"threads": threads.to_numpy(), "lost": ~base.isin(after["customer_id"])}))
    return pd.concat(rows, ignore_index=True)


def test_single_threaded_accounts_are_lost_more_often(db):
    table = threads_and_losses(db)
    single = table["threads"] <= 1
    assert single.mean() > 0.1  # a real group, not a handful
    assert table.loc[single, "lost"].mean() > 1.3 * table.loc[~single, "lost"].mean()


# ---------------------------------------------------------------- 3. satisfaction after fast and slow fixes
def followup_gaps(db) -> pd.DataFrame:
    tickets = db.tickets[db.tickets["category"] == "technical issue"]
    tickets = tickets.assign(days=(tickets["closed_date"] - tickets["opened_date"]).dt.days)
    follow = db.ticket_followups.merge(tickets[["ticket_id", "days", "opened_date"]], on="ticket_id")
    surveys = db.surveys[["customer_id", "date", "csat"]].rename(columns={"date": "survey_date", "csat": "usual"})
    pairs = follow.merge(surveys, on="customer_id")
    window = (pairs["survey_date"] < pairs["opened_date"]) & (
        pairs["survey_date"] >= pairs["opened_date"] - pd.Timedelta(days=365)
    )
    usual = pairs[window].groupby("followup_id")["usual"].mean()
    follow = follow.assign(gap=follow["followup_id"].map(usual) - follow["csat"])
    follow["speed"] = np.select([follow["days"] <= 3, follow["days"] >= 10], ["fast", "slow"], "medium")
    return follow.groupby(["speed", "days_after_close"])[["csat", "gap"]].mean()


def test_satisfaction_recovers_faster_after_a_fast_fix(db):
    table = followup_gaps(db)
    assert table.loc[("fast", 7), "csat"] > table.loc[("slow", 7), "csat"] + 0.8
    assert table.loc[("fast", 60), "gap"] < 0.35  # back near the usual level within two months
    assert table.loc[("slow", 60), "gap"] > table.loc[("fast", 60), "gap"] + 0.4  # still well below it
    for speed in ("fast", "slow"):
        assert table.loc[(speed, 60), "gap"] < table.loc[(speed, 7), "gap"]  # both recover, at their pace


# ---------------------------------------------------------------- 4. plan attainment
def plan_execution(db) -> pd.DataFrame:
    met = db.interactions.merge(db.participants, on="interaction_id")
    met = pd.DataFrame(
        {
            "customer_id": met["customer_id"],
            "month": met["date"].dt.to_period("M").dt.to_timestamp(),
            "kind": met["type"].astype(str),
            "contact_id": met["contact_id"],
            "owner_role": met["role"].astype(str),
        }
    )
    org = db.org_relations
    org = pd.DataFrame(
        {
            "customer_id": org["customer_id"],
            "month": org["date"].dt.to_period("M").dt.to_timestamp(),
            "kind": org["kind"].astype(str),
            "contact_id": org["contact_id"],
            "owner_role": "AR",
        }
    )
    happened = pd.concat([met, org]).dropna(subset=["contact_id"]).drop_duplicates().assign(done=True)
    plan = db.plan_actions
    actions = plan.assign(kind=plan["kind"].astype(str), owner_role=plan["owner_role"].astype(str))
    actions = actions.merge(happened, on=["customer_id", "month", "kind", "contact_id", "owner_role"], how="left")
    execution = actions["done"].notna().groupby(actions["plan_id"]).mean()
    lines = completed_lines(db)
    revenue = lines.groupby(["customer_id", lines["order_date"].dt.year])["revenue"].sum()
    plans = db.account_plans.set_index("plan_id")
    this = revenue.reindex(list(zip(plans["customer_id"], plans["year"], strict=True)), fill_value=0.0).to_numpy()
    last = revenue.reindex(list(zip(plans["customer_id"], plans["year"] - 1, strict=True)), fill_value=0.0).to_numpy()
    return pd.DataFrame(
        {"execution": execution.reindex(plans.index), "growth": np.log((this + 1000) / (last + 1000))},
        index=plans.index,
    )


def test_plan_attainment_varies_and_explains_revenue_growth(db):
    plans = plan_execution(db)
    lines = completed_lines(db)
    buyers = lines.groupby(lines["order_date"].dt.year)["customer_id"].nunique()
    per_year = db.account_plans.groupby("year").size()
    assert per_year.index.tolist() == [2021, 2022, 2023, 2024, 2025]
    assert all(per_year[y] == math.ceil(0.05 * buyers[y - 1]) for y in per_year.index)  # top 5 % of last year's buyers
    assert plans["execution"].std() > 0.2
    assert plans["execution"].quantile(0.75) - plans["execution"].quantile(0.25) > 0.3
    assert spearmanr(plans["execution"], plans["growth"]).statistic > 0.5
    thirds = pd.qcut(plans["execution"].rank(method="first"), 3, labels=["low", "mid", "high"])
    median_growth = plans.groupby(thirds, observed=True)["growth"].median()
    assert median_growth["high"] > median_growth["low"] + 0.3


# ---------------------------------------------------------------- 5. share of wallet
def test_key_accounts_share_of_wallet_varies_widely(db):
    lines = completed_lines(db)
    revenue = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["revenue"].sum()
    key = revenue.sort_values(ascending=False).head(math.ceil(0.05 * len(db.customers)))
    wallet = db.wallet[db.wallet["year"] == 2025].groupby("customer_id")["wallet"].sum()
    share = key / wallet.reindex(key.index)
    assert share.between(0, 1).all()
    assert share.quantile(0.9) - share.quantile(0.1) > 0.35
    assert share.quantile(0.75) - share.quantile(0.25) > 0.15
