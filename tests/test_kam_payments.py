"""Payment collection on the invoices, payment behaviour and cooperation risk, and LTC for the key accounts.

Each rule is checked against a plain pandas computation, on the shipped data
and on another seed and size (seed 7, 1,200 customers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import kam, pages
from course.data import generate_b2b, load_b2b
from course.purchases import completed_orders
from course.validation import CourseInputError

ASOF = pd.Timestamp("2025-12-31")
MID_YEAR = pd.Timestamp("2025-06-30")


@pytest.fixture(scope="module", params=["shipped", "seed 7, 1,200 customers"])
def db(request):
    if request.param == "shipped":
        return load_b2b()
    return generate_b2b(n_customers=1200, seed=7)


def _open_at(db, day):
    inv = db.invoices[db.invoices["invoice_date"] <= day]
    return inv[inv["paid_date"].isna() | (inv["paid_date"] > day)]


# ---------------------------------------------------------------- receivables and DSO on the invoices
@pytest.mark.parametrize("day", [MID_YEAR, ASOF])
def test_receivables_are_the_invoices_open_on_the_day_and_dso_is_the_textbook_ratio(db, day):
    items = kam.receivables(db, day)
    by_hand = _open_at(db, day)
    assert set(items["invoice_id"]) == set(by_hand["invoice_id"])
    days = (day - items["due_date"]).dt.days
    assert (items["days_past_due"] == days).all()
    year = db.invoices[
        (db.invoices["invoice_date"] > day - pd.Timedelta(days=365)) & (db.invoices["invoice_date"] <= day)
    ]
    assert kam.dso(db, day) == pytest.approx(by_hand["amount"].sum() / year["amount"].sum() * 365)
    # a customer's DSO reads that customer's invoices only
    key = items["customer_id"].iloc[0]
    mine = db.invoices["customer_id"] == key
    mine_year = year[year["customer_id"] == key]["amount"].sum()
    if mine_year > 0:
        own = by_hand[by_hand["customer_id"] == key]["amount"].sum() / mine_year * 365
        assert kam.dso(db, day, customers=[key]) == pytest.approx(own)
    assert mine.any()


def test_dso_on_invoices_is_in_line_with_payment_terms(db):
    # 30-day terms (60 for strategic accounts) and some late payers: between one and two months of sales
    assert 25 < kam.dso(db, ASOF) < 60


def test_the_future_does_not_move_the_receivables_of_a_past_day(db):
    before = kam.receivables(db, MID_YEAR)
    changed = db.invoices.copy()
    later = changed["invoice_date"] > MID_YEAR
    changed.loc[later, "amount"] *= 3
    changed.loc[changed["paid_date"] > MID_YEAR, "paid_date"] = pd.NaT
    altered = type(db)(**{**db.tables(), "invoices": changed})
    pd.testing.assert_frame_equal(kam.receivables(altered, MID_YEAR), before)
    assert kam.dso(altered, MID_YEAR) == pytest.approx(kam.dso(db, MID_YEAR))


# ---------------------------------------------------------------- payment behaviour and cooperation risk
def test_payment_behaviour_counts_late_payments_per_year_of_the_due_date(db):
    table = kam.payment_behaviour(db, ASOF)
    due = db.invoices[db.invoices["due_date"] <= ASOF]
    settled = due["paid_date"].fillna(ASOF)
    late = settled > due["due_date"]
    year = due["due_date"].dt.year.astype(str)
    assert (table["invoices"] == due.groupby(year).size().reindex(table.index)).all()
    assert np.allclose(table["paid_late"], late.groupby(year).mean().reindex(table.index))
    days = (settled - due["due_date"]).dt.days.where(late)
    assert np.allclose(table["median_days_late"], days.groupby(year).median().reindex(table.index))
    quarters = kam.payment_behaviour(db, ASOF, freq="Q")
    assert quarters["invoices"].sum() == table["invoices"].sum()
    with pytest.raises(CourseInputError, match="freq"):
        kam.payment_behaviour(db, ASOF, freq="M")


def test_cooperation_risk_follows_its_rules(db):
    risk = kam.payment_risk(db, ASOF)
    share = risk["paid_late_12m"].fillna(0)
    high = (share >= 0.5) | (risk["max_days_overdue"] > 60)
    watch = ~high & ((share >= 0.2) | (risk["max_days_overdue"] > 30))
    assert (risk["risk"] == np.where(high, "high", np.where(watch, "watch", "low"))).all()
    assert set(risk["risk"]) == {"low", "watch", "high"}
    # customers who later leave are more often high-risk in the year before they stop buying
    lines = completed_orders(db.orders)
    last = lines.groupby("customer_id")["order_date"].max()
    at = pd.Timestamp("2024-06-30")
    buying = last.index[(last > at - pd.Timedelta(days=365)) & (lines.groupby("customer_id")["order_date"].min() <= at)]
    lost = last.reindex(buying) <= at + pd.Timedelta(days=365)
    early = kam.payment_risk(db, at).reindex(buying)
    flagged = early["risk"].eq("high")
    assert lost[flagged].mean() > 1.5 * lost[~flagged].mean()


def test_the_archive_shows_the_payment_record_not_only_what_is_open(db):
    key = db.invoices.groupby("customer_id").size().idxmax()
    html = pages.customer_archive(db, key, ASOF)
    assert "How it pays" in html and "合作风险" in html
    assert "Nothing outstanding" not in html


def test_c00001_archive_shows_its_late_payments():
    db = load_b2b()
    html = pages.customer_archive(db, "C00001", ASOF)
    history = kam.payment_behaviour(db, ASOF, customers=["C00001"])
    late = round((history["paid_late"] * history["invoices"]).sum())
    assert late > 0 and f"{late} of its {int(history['invoices'].sum())} invoices so far were paid late" in html


# ---------------------------------------------------------------- LTC for the key accounts
def test_account_pipeline_measures_open_deals_against_the_remaining_target(db):
    pipe = kam.account_pipeline(db, MID_YEAR)
    plans = db.account_plans[db.account_plans["year"] == 2025].set_index("customer_id")
    assert set(pipe.index) == set(plans.index)
    lines = completed_orders(db.orders)
    ytd = lines[(lines["order_date"].dt.year == 2025) & (lines["order_date"] <= MID_YEAR)]
    revenue = ytd.groupby("customer_id")["revenue"].sum().reindex(pipe.index, fill_value=0.0)
    assert np.allclose(pipe["remaining_target"], (plans.loc[pipe.index, "sales_target"] - revenue).clip(lower=0))
    o = db.opportunities
    age = (MID_YEAR - o["lead_date"]).dt.days
    open_deals = o[(o["lead_date"] <= MID_YEAR) & ~(o["contract_date"] <= MID_YEAR) & (age <= kam.DECIDED_DAYS)]
    amount = open_deals.groupby("customer_id")["expected_amount"].sum().reindex(pipe.index, fill_value=0.0)
    assert np.allclose(pipe["open_pipeline"], amount)
    with_target = pipe["remaining_target"] > 0
    assert np.allclose(
        pipe.loc[with_target, "coverage"], amount[with_target] / pipe.loc[with_target, "remaining_target"]
    )
    assert pipe.loc[~with_target, "coverage"].isna().all()
    team = db.account_team.pivot(index="customer_id", columns="role", values="staff_id")
    assert (pipe["SR"] == team.loc[pipe.index, "SR"]).all()


def test_account_pipeline_uses_only_what_was_known_on_the_review_day(db):
    before = kam.account_pipeline(db, MID_YEAR)
    changed = db.opportunities.copy()
    changed["stage"] = "lost"  # the outcome recorded at the end of the data
    changed.loc[changed["lead_date"] > MID_YEAR, "expected_amount"] *= 10
    altered = type(db)(**{**db.tables(), "opportunities": changed})
    pd.testing.assert_frame_equal(kam.account_pipeline(altered, MID_YEAR), before)


def test_win_rate_is_the_share_of_decided_deals_with_a_contract(db):
    o = db.opportunities
    age = (MID_YEAR - o["lead_date"]).dt.days
    decided = o[(age > kam.DECIDED_DAYS) & (age <= kam.DECIDED_DAYS + 365)]
    assert kam.win_rate(db, MID_YEAR) == pytest.approx((decided["contract_date"] <= MID_YEAR).mean())


def test_no_plan_for_the_year_is_a_clear_error(db):
    with pytest.raises(CourseInputError, match="no account plan for 2019"):
        kam.account_pipeline(db, MID_YEAR, year=2019)


def test_stage_owners_are_the_iron_triangle():
    assert set(kam.STAGE_OWNERS) == {"lead", "opportunity", "contract", "delivery"}
    assert set(kam.STAGE_OWNERS.values()) == {"AR", "SR", "FR"}


def test_project_operation_is_the_first_contract_followed_within_a_year(db):
    pen = kam.penetration(db, ASOF)
    o = db.opportunities.dropna(subset=["contract_date"]).sort_values(["customer_id", "contract_date"])
    first = o.groupby("customer_id")["contract_date"].nth(0)
    first = pd.Series(first.to_numpy(), index=o.loc[first.index, "customer_id"])
    second = o.groupby("customer_id")["contract_date"].nth(1)
    second = pd.Series(second.to_numpy(), index=o.loc[second.index, "customer_id"])
    known = first[first <= ASOF - pd.Timedelta(days=365)]
    expected = (second.reindex(known.index) - known).dt.days <= 365
    assert (pen.loc[known.index, "follow_on_12m"].astype(bool) == expected).all()
    assert pen.loc[first[first > ASOF - pd.Timedelta(days=365)].index, "follow_on_12m"].isna().all()


def test_stalled_deals_name_the_role_that_must_act(db):
    stalled = kam.stalled_deals(db, ASOF)
    named = set(zip(db.account_team["customer_id"], db.account_team["role"].astype(str), strict=True))
    for customer, stage, owner in zip(stalled["customer_id"], stalled["stuck_at"], stalled["owner"], strict=True):
        role = kam.STAGE_OWNERS[stage]
        assert owner == (role if role == "AR" or (customer, role) in named else "IS")
