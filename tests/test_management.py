"""Tests of course.management: the 360° view, the final management tier, the 20/60/20 decision, hours, report."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from course import kam, management, pages
from course.data import b2b_database, generate_b2b
from course.pareto import split_20_60_20
from course.validation import CourseInputError

ASOF = "2025-12-31"
DAY = pd.Timestamp(ASOF)


@pytest.fixture(scope="module", params=["default", "seed 7, 1,200 customers"])
def case(request, b2b):
    """The shipped database and another seed and size, each with its view and tiers as of 2025-12-31."""
    db = b2b if request.param == "default" else b2b_database(seed=7, n_customers=1200)
    view = management.customer_360(db, ASOF)
    return {"db": db, "view": view, "tiers": management.management_tiers(view)}


@pytest.fixture(scope="module")
def view(b2b):
    return management.customer_360(b2b, ASOF)


@pytest.fixture(scope="module")
def tiers(view):
    return management.management_tiers(view)


def test_the_view_has_one_row_per_customer_and_every_lessons_verdict(b2b, view):
    assert list(view.index) == list(b2b.customers["customer_id"])
    assert list(view.columns) == [c for columns in management.VIEW_COLUMNS.values() for c in columns]
    prospects = view["revenue"] == 0
    assert view.loc[prospects, ["rfm_class", "abc_class", "clv"]].isna().all().all()
    assert view.loc[~prospects, ["rfm_class", "abc_class", "cluster", "clv"]].notna().all().all()
    has_risk = view["churn_risk"].notna()
    assert set(view.loc[has_risk, "lifecycle_state"].astype(str)) <= {"active", "dormant"}
    assert np.allclose(
        view.loc[has_risk, "revenue_at_risk"], view.loc[has_risk, "churn_risk"] * view.loc[has_risk, "revenue_12m"]
    )
    assert view["churn_risk"].dropna().between(0, 1).all()


def _lost_by_the_365_day_rule(db) -> pd.Index:
    """Accounts whose last completed order is more than 365 days before the decision day (computed by hand)."""
    lines = db.orders[(db.orders["status"] == "completed") & (db.orders["order_date"] <= DAY)]
    last = lines.groupby("customer_id")["order_date"].max()
    return last.index[(DAY - last).dt.days > 365]


def _shares_tier(values: pd.Series, share_top: float = 0.05, share_next: float = 0.15) -> pd.Series:
    """Top 5 % strategic, next 15 % important, the rest general (rank by value, ties by order)."""
    n = len(values)
    rank = values.rank(ascending=False, method="first")
    return pd.Series(
        np.select([rank <= share_top * n, rank <= (share_top + share_next) * n], ["strategic", "important"], "general"),
        index=values.index,
    )


def test_recent_profit_is_the_last_12_months_margin_minus_that_years_cost(case):
    db, view = case["db"], case["view"]
    lines = db.orders[(db.orders["status"] == "completed") & (db.orders["order_date"] > DAY - pd.Timedelta(days=365))]
    lines = lines[lines["order_date"] <= DAY]
    margin = lines.groupby("customer_id")["margin"].sum().reindex(view.index, fill_value=0.0)
    cost = db.cost_to_serve[db.cost_to_serve["year"] == 2025].groupby("customer_id")["total"].sum()
    expected = margin - cost.reindex(view.index, fill_value=0.0)
    assert np.allclose(view["profit_12m"], expected, atol=0.02)
    assert np.allclose(view["margin_12m"], margin, atol=0.01)


def test_no_lost_account_is_kept_retained_let_go_or_given_hours(case):
    view, tiers = case["view"], case["tiers"]
    lost = _lost_by_the_365_day_rule(case["db"])
    assert len(lost) > 50
    assert (tiers.loc[lost, "final_tier"] == "lost").all()
    assert (tiers.loc[lost, "hours_per_customer"] == 0).all()
    assert set(tiers.index[tiers["final_tier"] == "lost"]) == set(lost)
    decision = management.decision_20_60_20(view)
    current = view.index[(view["revenue"] > 0) & ~view.index.isin(lost)]
    assert decision["customers"].sum() == len(current)
    assert decision["profit_12m"].sum() == pytest.approx(view.loc[current, "profit_12m"].sum())
    assert not set(management.let_go_accounts(view).index) & set(lost)
    hours = management.hours_by_tier(tiers, view, total_hours=30_000)
    assert hours["customers"].sum() == len(view) - len(lost)
    assert set(management.win_back_list(view).index) == set(lost)


def test_final_tier_is_the_higher_of_recent_profit_and_lifetime_value(case):
    view, tiers = case["view"], case["tiers"]
    lost = _lost_by_the_365_day_rule(case["db"])
    bought = view["revenue"] > 0
    current = view.index[bought & ~view.index.isin(lost)]
    order = {"general": 1, "important": 2, "strategic": 3}
    by_profit = _shares_tier(view.loc[current, "profit_12m"]).map(order)
    by_clv = _shares_tier(view.loc[current, "clv"]).map(order)
    expected = np.maximum(by_profit, by_clv).map({v: k for k, v in order.items()})
    assert (tiers.loc[current, "final_tier"].astype(str) == expected).all()
    assert (tiers.loc[~bought, "final_tier"] == "prospect").all()
    assert (tiers["review"] != "").sum() > 0
    assert tiers["name_zh"].notna().all() and tiers["hours_per_customer"].notna().all()


def test_20_60_20_decision_adds_up(view):
    decision = management.decision_20_60_20(view)
    current = view[management.current_customers(view)]
    assert decision["customers"].sum() == len(current)
    assert decision["profit_share"].sum() == pytest.approx(1.0)
    assert list(decision["decision"]) == ["keep", "retain", "let go"]
    assert decision.loc["bottom 20%", "loss_makers"] > 0.9
    groups = split_20_60_20(current["profit_12m"])["group"]
    assert decision.loc["top 20%", "customers"] == (groups == "top 20%").sum()


def test_let_go_review_names_and_counts_the_bottom_fifth(view):
    accounts = management.let_go_accounts(view)
    review = management.let_go_review(view)
    bottom = management.decision_20_60_20(view).loc["bottom 20%"]
    assert len(accounts) == review["customers"].sum() == bottom["customers"]
    assert review["profit_12m"].sum() == pytest.approx(bottom["profit_12m"])
    assert accounts["company_name"].notna().all()
    with pytest.raises(CourseInputError, match="column 'tenure_years' not found"):
        management.let_go_review(view.drop(columns="tenure_years"))


def test_tiers_use_only_data_up_to_the_decision_day(case):
    """Rows dated after the decision day (orders, surveys, later cost years) change no tier and no decision."""
    db, day = case["db"], pd.Timestamp("2025-06-30")
    later = db.orders["order_date"] > day
    orders = db.orders.copy()
    orders.loc[later, ["revenue", "cost", "margin"]] *= 7.0
    orders.loc[later & (orders["status"] == "completed"), "status"] = "cancelled"
    cts = db.cost_to_serve.copy()
    cts.loc[cts["year"] >= 2025, ["account_management", "total"]] *= 9.0
    surveys = db.surveys.copy()
    surveys.loc[surveys["date"] > day, "nps"] = 0
    altered = dataclasses.replace(db, orders=orders, cost_to_serve=cts, surveys=surveys)
    before = management.customer_360(db, day)
    after = management.customer_360(altered, day)
    columns = ["margin_12m", "cost_to_serve_12m", "profit_12m", "clv", "lifecycle_state"]
    pdt.assert_frame_equal(before[columns], after[columns])
    pdt.assert_series_equal(
        management.management_tiers(before)["final_tier"], management.management_tiers(after)["final_tier"]
    )
    pdt.assert_frame_equal(management.decision_20_60_20(before), management.decision_20_60_20(after))


def test_hours_follow_the_playbook_and_are_compared_with_profit(tiers, view):
    hours = management.hours_by_tier(tiers, view, total_hours=10_000)
    assert hours["hours"].sum() == pytest.approx(10_000)
    assert hours["hours_by_profit"].sum() == pytest.approx(10_000)
    assert hours.loc["prospect", "hours"] == 0
    assert hours.loc["strategic", "hours_per_customer"] > hours.loc["general", "hours_per_customer"]


def test_bad_input_is_named(view):
    with pytest.raises(CourseInputError, match=r"table 'view': column 'clv' not found"):
        management.management_tiers(view.drop(columns="clv"))
    with pytest.raises(CourseInputError, match="no current customer"):
        management.decision_20_60_20(view.assign(revenue=0.0))
    with pytest.raises(CourseInputError, match="days must be a positive"):
        management.recent_profit(generate_b2b(n_customers=50, seed=1), ASOF, days=0)


class _Tables(HTMLParser):
    """The tables of an HTML page as lists of rows (header row first), cell text only."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_every_tier_in_the_report_is_the_final_tier(case):
    db, view, tiers = case["db"], case["view"], case["tiers"]
    html = pages.management_report(db, ASOF, view=view)
    parser = _Tables()
    parser.feed(html)
    shown = 0
    for table in parser.tables:
        header, rows = table[0], table[1:]
        if header[0] != "customer":
            continue
        assert "tier" not in header, "only the final management tier may be shown"
        if "management tier" in header:
            column = header.index("management tier")
            for row in rows:
                assert row[column] == str(tiers.loc[row[0], "final_tier"]), row
                shown += 1
    assert shown >= 10
    frames = pages.report_frames(view, tiers)
    for frame in frames.values():
        assert (frame["final_tier"].astype(str) == tiers.loc[frame.index, "final_tier"].astype(str)).all()
    assert set(frames["call_list"].index).isdisjoint(_lost_by_the_365_day_rule(db))


def test_report_is_a_managers_page(b2b, view):
    html = pages.management_report(b2b, ASOF, view=view)
    body = html.split("<body>", 1)[1]
    first = body.split("<section>")[1]
    assert first.startswith("<h2>Recommendations</h2>")
    assert 3 <= first.count("<li>") <= 5
    decision = management.decision_20_60_20(view)
    assert f"{decision.loc['top 20%', 'profit_share']:.0%} of the last 12 months" in first
    parser = _Tables()
    parser.feed(html)
    headers = [cell for table in parser.tables for cell in table[0]]
    assert not [h for h in headers if "_" in h], "column names in words"
    for internal in ("lesson 0", "source 0", "revenue_share", "cts_per_revenue", "hours_if_by_profit"):
        assert internal not in html
    invoices = b2b.invoices[b2b.invoices["invoice_date"] <= DAY]
    still_open = invoices.loc[~(invoices["paid_date"] <= DAY), "amount"].sum()
    invoiced = invoices.loc[invoices["invoice_date"] > DAY - pd.Timedelta(days=365), "amount"].sum()
    assert invoiced == pytest.approx(view["revenue_12m"].sum(), rel=1e-6), "invoices tie to the order revenue"
    assert f"days sales outstanding on {ASOF}: {365 * still_open / invoiced:.0f} " in html
    assert f"{365 * still_open / invoiced:.0f} " == f"{kam.dso(b2b, ASOF):.0f} "
    lost = management.win_back_list(view)
    assert lost.index[0] in html and lost["company_name"].iloc[0] in html
    accounts = management.let_go_accounts(view)
    for account in accounts.index[accounts["verdict"] == "let go"]:
        assert f">{account}<" in html


def test_report_and_inputs_untouched():
    small = generate_b2b(n_customers=300, seed=4)
    before = {name: frame.copy(deep=True) for name, frame in small.tables().items()}
    html = pages.management_report(small, ASOF, note="test")
    assert "管理报告" in html and "test" in html
    for name, frame in small.tables().items():
        pdt.assert_frame_equal(frame, before[name])
    assert isinstance(management.customer_360(small, ASOF), pd.DataFrame)


def test_recent_profit_mid_year_charges_the_running_year_at_last_years_rate(b2b):
    """On 30 June 2025 the window is 1 July 2024 - 30 June 2025: 2025's cost is not booked yet.

    2024 (a leap year, 366 days) is booked: its 184 days in the window count at its daily rate, and the
    181 days of 2025 at the same rate, so the cost is 2024's total × 365 / 366.
    """
    day = pd.Timestamp("2025-06-30")
    recent = management.recent_profit(b2b, day)
    cost_2024 = b2b.cost_to_serve[b2b.cost_to_serve["year"] == 2024].groupby("customer_id")["total"].sum()
    expected = cost_2024.reindex(recent.index, fill_value=0.0) * 365 / 366
    assert np.allclose(recent["cost_to_serve_12m"], expected, atol=0.01)
    lines = b2b.orders[
        (b2b.orders["status"] == "completed") & (b2b.orders["order_date"] > day - pd.Timedelta(days=365))
    ]
    margin = lines[lines["order_date"] <= day].groupby("customer_id")["margin"].sum()
    assert np.allclose(recent["margin_12m"], margin.reindex(recent.index, fill_value=0.0))
    with pytest.raises(CourseInputError, match="column 'total' not found"):
        management.recent_profit(dataclasses.replace(b2b, cost_to_serve=b2b.cost_to_serve.drop(columns="total")), day)
