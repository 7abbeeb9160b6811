"""Tests of course.kam: key-account selection, relationships, plans, cadence, satisfaction, LTC, wallet, archive."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from course import kam, pages
from course.data import generate_b2b
from course.purchases import completed_orders
from course.validation import CourseInputError

ASOF = "2025-12-31"
DAY = pd.Timestamp(ASOF)


@pytest.fixture(scope="module")
def db(b2b):
    return b2b


@pytest.fixture(scope="module")
def small():
    return generate_b2b(n_customers=300, seed=11)


@pytest.fixture(scope="module")
def accounts(db):
    return kam.account_table(db, ASOF)


@pytest.fixture(scope="module")
def actions(db):
    return kam.action_status(db, ASOF)


# ---------------------------------------------------------------- selection
def test_big_customers_are_the_top_5_percent_of_buyers_by_recent_revenue(accounts):
    classes = kam.customer_classes(accounts)
    buyers = accounts[accounts["revenue_12m"] > 0]
    big = classes.index[classes["class"] == "big"]
    assert len(big) == math.ceil(0.05 * len(buyers))
    assert buyers.loc[big, "revenue_12m"].min() >= buyers.drop(big)["revenue_12m"].max()
    threshold = accounts.loc[big, "wallet"].median()
    potential = classes.index[classes["class"] == "high-potential"]
    assert (accounts.loc[potential, "wallet"] >= threshold).all()
    assert set(classes["class_zh"]) == {"大客户", "潜力客户", "普通客户"}


def test_share_of_wallet_is_our_revenue_over_the_wallet(db, accounts):
    lines = completed_orders(db.orders)
    revenue = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["revenue"].sum()
    wallet = db.wallet[db.wallet["year"] == 2025].groupby("customer_id")["wallet"].sum()
    expected = (revenue.reindex(wallet.index, fill_value=0) / wallet).rename("share_of_wallet")
    pdt.assert_series_equal(accounts["share_of_wallet"].reindex(expected.index), expected, check_names=False)


def test_portfolio_has_nine_cells_and_a_recommendation_for_each(accounts):
    table = kam.portfolio(accounts)
    assert len(table) == int(accounts["current"].sum())
    assert table["cell"].nunique() == 9
    assert table["attractiveness"].between(0, 100).all() and table["strength"].between(0, 100).all()
    low, high = kam.CUTS
    assert (table.loc[table["attractiveness"] >= high, "attractiveness_level"] == "high").all()
    assert (table.loc[table["strength"] < low, "strength_level"] == "low").all()
    for (a, s), investment in kam.INVESTMENT.items():
        cell = table[(table["attractiveness_level"] == a) & (table["strength_level"] == s)]
        assert (cell["cell_investment"] == investment).all()
    assert set(kam.INVESTMENT.values()) == {"invest to grow", "invest selectively", "maintain", "harvest", "withdraw"}


@pytest.fixture(scope="module")
def seed7():
    from course.data import b2b_database

    return b2b_database(seed=7, n_customers=1200)


@pytest.mark.parametrize("which", ["default", "seed 7, 1,200 customers"])
def test_the_investment_call_is_a_short_list_of_profitable_current_customers(which, db, seed7):
    """Decided as a manager would: current customers only, profit after cost to serve, a short list."""
    data = db if which == "default" else seed7
    accounts = kam.account_table(data, ASOF)
    table = kam.portfolio(accounts)
    # profit of 2025 after cost to serve, recomputed from the tables
    lines = completed_orders(data.orders)
    margin = lines[lines["order_date"].dt.year == 2025].groupby("customer_id")["margin"].sum()
    costs = data.cost_to_serve[data.cost_to_serve["year"] == 2025].groupby("customer_id")["total"].sum()
    profit = margin.reindex(accounts.index, fill_value=0) - costs.reindex(accounts.index, fill_value=0)
    last = lines[lines["order_date"] <= DAY].groupby("customer_id")["order_date"].max()
    lost = last.index[(DAY - last).dt.days > 365]
    grow = table.index[table["investment"] == "invest to grow"]
    assert len(grow) > 0
    assert (profit[grow] > 0).all(), "a loss-making account is on the invest-to-grow list"
    assert not grow.isin(lost).any() and not table.index.isin(lost).any(), "a lost account is in the portfolio"
    assert len(grow) <= math.ceil(0.05 * len(table)), "the short list is not short"
    losing = table.index[(profit[table.index] < 0) & table["cell_investment"].str.startswith("invest")]
    assert (table.loc[losing, "investment"] == kam.FIX_FIRST).all()
    classes = kam.customer_classes(accounts)
    assert not classes.index[classes["class"] == "high-potential"].isin(lost).any()


def test_the_selection_uses_only_what_was_known_on_the_decision_day(db):
    """Rows dated after the decision day (orders, surveys, interactions) change no recommendation."""
    day = pd.Timestamp("2024-12-31")
    before = kam.portfolio(kam.account_table(db, day))
    orders = db.orders.copy()
    later = orders["order_date"] > day
    orders.loc[later, ["revenue", "margin"]] = orders.loc[later, ["revenue", "margin"]] * 10
    costs = db.cost_to_serve.copy()
    costs.loc[costs["year"] > day.year, "total"] = 0.0
    changed = dataclasses.replace(db, orders=orders, cost_to_serve=costs)
    after = kam.portfolio(kam.account_table(changed, day))
    pdt.assert_frame_equal(before, after)


def test_bad_portfolio_options(accounts):
    with pytest.raises(CourseInputError, match="cuts must be"):
        kam.portfolio(accounts, cuts=(70, 40))
    with pytest.raises(CourseInputError, match="short_list_share"):
        kam.portfolio(accounts, short_list_share=0)
    with pytest.raises(CourseInputError, match="column 'current' not found"):
        kam.portfolio(accounts.drop(columns="current"))


def test_weights_are_parameters_and_their_sensitivity_is_measured(accounts):
    only_wallet = kam.portfolio(accounts, attractiveness={"wallet": 1.0})
    ranks = accounts.loc[accounts["current"], "wallet"].rank(pct=True) * 100
    assert np.allclose(only_wallet["attractiveness"], ranks)
    sensitivity = kam.weight_sensitivity(accounts, change=0.5)
    assert len(sensitivity) == 2 * (len(kam.ATTRACTIVENESS) + len(kam.STRENGTH))
    assert sensitivity["moved"].between(0, 1).all() and sensitivity["kept"].between(0, 1).all()
    with pytest.raises(CourseInputError, match="change must be"):
        kam.weight_sensitivity(accounts, change=1.5)


def test_bad_selection_input(accounts):
    with pytest.raises(CourseInputError, match="big_share"):
        kam.customer_classes(accounts, big_share=0)
    with pytest.raises(CourseInputError, match=r"table 'accounts': column 'wallet' not found"):
        kam.customer_classes(accounts.drop(columns="wallet"))
    with pytest.raises(CourseInputError, match=r"column 'nope' not found"):
        kam.portfolio(accounts, attractiveness={"nope": 1})


# ---------------------------------------------------------------- relationships
def test_relationship_map_of_one_account(db):
    rmap = kam.relationship_map(db, "C00001", ASOF)
    people = db.contacts[db.contacts["customer_id"] == "C00001"]
    assert set(rmap.index) == set(people["contact_id"])
    assert rmap["key_decision_maker"].sum() == 1
    key = rmap.index[rmap["key_decision_maker"]][0]
    dms = rmap[rmap["decision_role"] == "decision maker"]
    assert rmap.loc[key, "influence"] == dms["influence"].max()
    assert set(rmap["support"]) <= {-1, 0, 1}
    assert rmap["met_by_12m"].str.fullmatch(r"((AR|SR|FR)(, (AR|SR|FR))*)?").all()


def test_unknown_customer_id_says_where_to_find_valid_ids(db):
    with pytest.raises(CourseInputError, match=r"customer 'C99999' is not in table 'customers'.*customer_id column"):
        kam.relationship_map(db, "C99999", ASOF)
    with pytest.raises(CourseInputError, match="did you mean 'C00001'"):
        pages.customer_archive(db, "C0001", ASOF)


def test_an_account_without_contacts_has_no_map(small):
    victim = small.customers["customer_id"].iloc[0]
    no_contacts = dataclasses.replace(
        small,
        contacts=small.contacts[small.contacts["customer_id"] != victim],
        interactions=small.interactions.assign(
            contact_id=small.interactions["contact_id"].where(small.interactions["customer_id"] != victim)
        ),
    )
    with pytest.raises(CourseInputError, match=rf"customer '{victim}' has no contact person in table 'contacts'"):
        kam.relationship_map(no_contacts, victim, ASOF)
    gaps = kam.relationship_gaps(no_contacts, ASOF)
    assert gaps.loc[victim, "no_contacts"] and gaps.loc[victim, "n_contacts"] == 0


def test_threads_are_pairs_of_our_people_and_their_contacts(db):
    gaps = kam.relationship_gaps(db, ASOF)
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    window = met[(met["date"] > DAY - pd.Timedelta(days=365)) & (met["date"] <= DAY)]
    pairs = window[["customer_id", "staff_id", "contact_id"]].drop_duplicates().groupby("customer_id").size()
    expected = pairs.reindex(gaps.index, fill_value=0)
    assert (gaps["threads_12m"] == expected).all()
    assert (gaps["single_threaded"] == (expected <= 1)).all()


def test_gap_flags_follow_their_definitions(db):
    gaps = kam.relationship_gaps(db, ASOF)
    assert (gaps["dm_not_met_6m"] == ~(gaps["days_since_dm_contact"] < 182)).all()
    assert (gaps["no_org_contact_12m"] == ~(gaps["days_since_org_contact"] < 365)).all()
    assert (gaps["narrow_coverage"] == (gaps["departments_12m"] < 3)).all()
    assert gaps["n_gaps"].equals(gaps[list(kam.GAP_LABELS)].sum(axis=1).astype("int64"))
    some = gaps.index[gaps["n_gaps"] > 0][0]
    assert len(kam.gap_list(gaps, some)) == gaps.loc[some, "n_gaps"]


def test_health_is_a_weighted_score_of_its_components(db):
    health = kam.relationship_health(db, ASOF)
    assert health["health"].between(0, 100).all()
    parts = health[list(kam.HEALTH_WEIGHTS)]
    weights = pd.Series(kam.HEALTH_WEIGHTS)
    assert np.allclose(health["health"], 100 * (parts * weights).sum(axis=1) / weights.sum())
    with pytest.raises(CourseInputError, match="weights must map"):
        kam.relationship_health(db, ASOF, weights={"charm": 1})


def test_health_predicts_next_years_losses(db):
    evidence = kam.health_evidence(db, at="2024-12-31")
    lines = completed_orders(db.orders)
    bought_2024 = lines[(lines["order_date"] > "2024-01-01") & (lines["order_date"] <= "2024-12-31")]
    assert set(evidence.index) == set(bought_2024["customer_id"])
    bands = kam.evidence_by_band(evidence)
    assert bands["accounts"].sum() == len(evidence)
    assert bands["lost_share"].iloc[0] > 2 * bands["lost_share"].iloc[-1]


def test_health_is_compared_with_the_order_book_baselines(db):
    from sklearn.metrics import roc_auc_score

    at = pd.Timestamp("2024-12-31")
    evidence = kam.health_evidence(db, at=at)
    lines = completed_orders(db.orders)
    year = lines[(lines["order_date"] > at - pd.Timedelta(days=365)) & (lines["order_date"] <= at)]
    orders = year.groupby("customer_id")["order_id"].nunique()
    days = (at - year.groupby("customer_id")["order_date"].max()).dt.days
    pdt.assert_series_equal(evidence["orders_before"], orders.reindex(evidence.index), check_names=False)
    pdt.assert_series_equal(evidence["days_since_order"], days.reindex(evidence.index), check_names=False)
    table = kam.health_baselines(evidence)
    lost = evidence["lost"]
    assert table.loc["relationship health", "auc"] == pytest.approx(roc_auc_score(lost, -evidence["health"]))
    assert table.loc["days since the last order", "auc"] == pytest.approx(roc_auc_score(lost, days.reindex(lost.index)))
    assert table.loc["orders in the year before", "auc"] == pytest.approx(
        roc_auc_score(lost, -orders.reindex(lost.index))
    )
    assert table["lost_in_riskiest_fifth"].between(0, 1).all()


# ---------------------------------------------------------------- plans
def test_an_action_is_done_when_a_matching_interaction_took_place(db, actions):
    met = db.interactions.merge(db.participants, on="interaction_id")
    done = actions[actions["done"] & actions["kind"].isin(["visit", "call", "event"])].head(50)
    for _, action in done.iterrows():
        month = met["date"].dt.to_period("M").dt.to_timestamp() == action["month"]
        match = met[
            month
            & (met["customer_id"] == action["customer_id"])
            & (met["contact_id"] == action["contact_id"])
            & (met["type"].astype(str) == action["kind"])
            & (met["role"].astype(str) == action["owner_role"])
        ]
        assert len(match) and match["date"].min() == action["done_date"]
    assert actions.loc[~actions["done"], "done_date"].isna().all()


def test_plan_status_reads_targets_and_actuals(db, actions):
    status = kam.plan_status(db, ASOF, actions=actions)
    assert len(status) == len(db.account_plans)
    assert (status["execution"] == status["done"] / status["due"]).all()
    row = status.iloc[0]
    lines = completed_orders(db.orders)
    mine = lines[(lines["customer_id"] == row["customer_id"]) & (lines["order_date"].dt.year == row["year"])]
    assert row["revenue"] == pytest.approx(mine["revenue"].sum())
    assert row["sales_attainment"] == pytest.approx(row["revenue"] / row["sales_target"])
    off = status[~status["on_plan"]]
    assert (off["why"] != "").all()
    assert status["execution"].std() > 0.2  # attainment varies across accounts


def test_action_calendar(actions):
    plan = actions["plan_id"].iloc[0]
    calendar = kam.action_calendar(actions, plan)
    assert list(calendar.columns) == ["AR", "SR", "FR"]
    assert calendar.to_numpy().astype(str).tolist()  # months × owners, text cells
    with pytest.raises(CourseInputError, match="plan 'K99999' has no actions"):
        kam.action_calendar(actions, "K99999")


def test_a_plan_that_names_an_unknown_contact_is_an_error(db):
    bad = db.plan_actions.copy()
    bad.loc[3, "contact_id"] = "P99999"
    with pytest.raises(CourseInputError, match=r"table 'plan_actions', column 'contact_id': 1 row names an unknown "):
        kam.action_status(dataclasses.replace(db, plan_actions=bad), ASOF)
    other = db.contacts.loc[db.contacts["customer_id"] != bad.loc[5, "customer_id"], "contact_id"].iloc[0]
    bad = db.plan_actions.copy()
    bad.loc[5, "contact_id"] = other
    with pytest.raises(CourseInputError, match="targets another customer's contact"):
        kam.plan_status(dataclasses.replace(db, plan_actions=bad), ASOF)


def test_missing_tables_and_columns_are_named(db):
    with pytest.raises(CourseInputError, match=r"table 'participants': column 'role' not found"):
        kam.relationship_gaps(dataclasses.replace(db, participants=db.participants.drop(columns="role")), ASOF)
    with pytest.raises(CourseInputError, match=r"the database has no table 'account_plans'"):
        kam.plan_status(_without(db, "account_plans"), ASOF)
    empty = dataclasses.replace(db, account_plans=db.account_plans.iloc[:0])
    with pytest.raises(CourseInputError, match=r"table 'account_plans' has no rows.*optional"):
        kam.plan_status(empty, ASOF)


def _without(db, table: str) -> object:
    """An object with every table of ``db`` but ``table``."""

    class Partial:
        pass

    partial = Partial()
    for name, frame in db.tables().items():
        if name != table:
            setattr(partial, name, frame)
    return partial


# ---------------------------------------------------------------- cadence
def test_contact_cadence_against_the_tier_norms(db):
    tiers = pd.Series("general", index=db.customers["customer_id"])
    tiers.iloc[:10] = "strategic"
    cadence = kam.contact_cadence(db, tiers, ASOF)
    window = db.interactions[(db.interactions["date"] > DAY - pd.Timedelta(days=365))]
    counts = window.groupby("customer_id").size().reindex(cadence.index, fill_value=0)
    assert (cadence["contacts_12m"] == counts).all()
    assert (cadence.loc[tiers.index[:10], "norm_per_year"] == 52).all()
    assert np.allclose(cadence["attainment"], cadence["contacts_12m"] / cadence["norm_per_year"])


def test_alerts_are_for_key_accounts_that_still_buy(db):
    tiers = pd.Series("important", index=db.customers["customer_id"])
    alerts = kam.contact_alerts(db, tiers, ASOF)
    lines = completed_orders(db.orders)
    recent = set(lines.loc[lines["order_date"] > DAY - pd.Timedelta(days=365), "customer_id"])
    assert set(alerts.index) <= recent
    assert (alerts["contact_lapsed"] | alerts["dm_lapsed"]).all()
    assert (alerts.loc[alerts["contact_lapsed"], "days_since_contact"].fillna(np.inf) > 60).all()
    with pytest.raises(CourseInputError, match="no contact norm"):
        kam.contact_cadence(db, pd.Series("vip", index=db.customers["customer_id"]), ASOF)


# ---------------------------------------------------------------- satisfaction
def test_nps_definition():
    assert kam.nps(pd.Series([9, 10, 7, 8, 0])) == pytest.approx(20.0)
    assert math.isnan(kam.nps(pd.Series([], dtype=float)))


def test_satisfaction_trend_and_voice_of_the_customer(db):
    trend = kam.satisfaction_trend(db, asof=ASOF)
    surveys = db.surveys
    assert trend["surveys"].sum() == len(surveys)
    assert trend.loc[2025, "mean_csat"] == pytest.approx(surveys.loc[surveys["date"].dt.year == 2025, "csat"].mean())
    voice = kam.voice_of_customer(db, ASOF)
    assert voice["share"].sum() == pytest.approx(1.0) and voice["comments"].is_monotonic_decreasing
    assert np.allclose(kam.voice_of_customer(db, ASOF, by_year=True).sum(axis=1), 1.0)


def test_satisfaction_recovers_faster_after_fast_fixes(db):
    table = kam.recovery_after_tickets(db, ASOF)
    assert table.loc[("fast", 60), "gap"] < table.loc[("slow", 60), "gap"] - 0.3
    assert table.loc[("fast", 7), "mean_csat"] > table.loc[("slow", 7), "mean_csat"]
    # slow fixes are more often severe: the effect must hold within each severity
    split = kam.recovery_after_tickets(db, ASOF, by="severity")
    assert (
        split["followups"]
        .groupby(level=["speed", "days_after_close"])
        .sum()
        .reindex(table.index)
        .equals(table["followups"])
    )
    for severity in ("low", "medium", "high"):
        assert split.loc[(severity, "fast", 7), "gap"] < split.loc[(severity, "slow", 7), "gap"]
    with pytest.raises(CourseInputError, match="by must be"):
        kam.recovery_after_tickets(db, ASOF, by="category")
    resolution = kam.ticket_resolution(db, ASOF)
    assert resolution["tickets"].sum() == len(db.tickets)


# ---------------------------------------------------------------- lead to cash
def test_ltc_funnel_narrows_stage_by_stage(db):
    funnel = kam.ltc_funnel(db, ASOF)
    assert funnel["deals"].is_monotonic_decreasing
    assert funnel.loc["lead", "deals"] == len(db.opportunities)
    assert funnel.loc["delivery", "deals"] == len(db.deliveries)
    assert funnel.loc["payment", "deals"] == db.opportunities["payment_date"].notna().sum()
    assert funnel["conversion"].iloc[1:].between(0, 1).all()
    steps = kam.cycle_times(db, ASOF)
    assert (steps["median_days"] > 0).all()


def test_receivables_ageing_and_dso(db):
    items = kam.receivables(db, ASOF)
    invoices = db.invoices.set_index("invoice_id")
    assert invoices.loc[items["invoice_id"], "paid_date"].isna().all()
    table = kam.ageing(items)
    assert list(table.index) == list(kam.AGE_BUCKETS)
    assert table["amount"].sum() == pytest.approx(items["amount"].sum())
    sales = db.invoices.loc[db.invoices["invoice_date"] > DAY - pd.Timedelta(days=365), "amount"].sum()
    assert kam.dso(db, ASOF) == pytest.approx(items["amount"].sum() / sales * 365)
    with pytest.raises(CourseInputError, match="by must be"):
        kam.ageing(items, by="weeks")


def test_stalled_deals_and_penetration(db):
    stalled = kam.stalled_deals(db, ASOF)
    assert stalled["payment_date"].isna().all() and not stalled["lost"].any()
    assert set(stalled["stuck_at"]) <= set(kam.STAGES)
    pen = kam.penetration(db, ASOF)
    assert (pen["white_space_lines"] <= pen["lines_in_wallet"]).all()
    assert pen["lines_bought_12m"].between(0, 5).all()


# ---------------------------------------------------------------- wallet
def test_white_space_by_class_adds_up_the_growth_potential(db, accounts):
    classes = kam.customer_classes(accounts)
    table = kam.white_space_by_class(db, classes, 2025)
    sow = kam.share_of_wallet(db, 2025)
    lines = kam.growth_potential(sow, kam.peer_benchmark(sow))
    assert table["potential"].sum() == pytest.approx(lines["potential"].sum())
    big = classes.index[classes["class"] == "big"]
    assert table.loc["big", "potential"] == pytest.approx(
        lines.loc[lines.index.get_level_values("customer_id").isin(big), "potential"].sum()
    )
    assert table.loc["high-potential", "accounts"] == (classes["class"] == "high-potential").sum()
    by_line = kam.white_space_by_class(db, classes, 2025, by_line=True)
    assert np.allclose(by_line.groupby(level="class", sort=False)["potential"].sum(), table["potential"])
    with pytest.raises(CourseInputError, match="no class for"):
        kam.white_space_by_class(db, classes.loc[big], 2025)


def test_share_of_wallet_per_product_line_and_peers(db):
    sow = kam.share_of_wallet(db, 2025)
    assert np.allclose(sow["share"], sow["revenue"] / sow["wallet"])
    assert (sow["white_space"] >= 0).all() and (sow["share"] <= 1).all()
    peers = kam.peer_benchmark(sow)
    assert (peers["best_share"] >= peers["typical_share"]).all()
    potential = kam.growth_potential(sow, peers)
    assert (potential["potential"] >= 0).all() and potential["potential"].is_monotonic_decreasing
    with pytest.raises(CourseInputError, match="no estimate for 1999"):
        kam.share_of_wallet(db, 1999)


# ---------------------------------------------------------------- archive and inputs
def test_customer_archive_is_one_self_contained_page(small, tmp_path):
    key = small.account_plans["customer_id"].iloc[-1]
    path = pages.write_archive(small, key, tmp_path / "archive.html", asof=ASOF)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for title in ("战略分析", "运营分析", "财务分析", "客户规划", "客户满意度", "回款", "铁三角"):
        assert title in html
    assert html.count("data:image/png;base64,") >= 4
    assert "<script" not in html and "http://" not in html and "https://" not in html and 'src="data:' in html


def test_inputs_are_never_modified(small):
    before = {name: frame.copy(deep=True) for name, frame in small.tables().items()}
    kam.plan_status(small, ASOF)
    kam.relationship_health(small, ASOF)
    kam.portfolio(kam.account_table(small, ASOF))
    kam.receivables(small, ASOF)
    kam.recovery_after_tickets(small, ASOF)
    for name, frame in small.tables().items():
        pdt.assert_frame_equal(frame, before[name])
