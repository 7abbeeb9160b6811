"""Tests of the synthetic B2B database generator: determinism, integrity, reproducibility of the shipped CSVs."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.data import (
    DEFAULT_ASOF,
    DEFAULT_END,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    DEFAULT_START,
    SCHEMA,
    B2BDatabase,
    generate_b2b,
    load_b2b,
    save_b2b,
)
from course.data.paths import DATA_DIR
from course.purchases import completed_orders
from course.validation import CourseInputError

START, END = pd.Timestamp(DEFAULT_START), pd.Timestamp(DEFAULT_END)


@pytest.fixture(scope="module")
def db() -> B2BDatabase:
    return generate_b2b()


@pytest.fixture(scope="module")
def small() -> B2BDatabase:
    return generate_b2b(n_customers=300, seed=5)


# ---------------------------------------------------------------- API and defaults
def test_defaults():
    assert (DEFAULT_N_CUSTOMERS, DEFAULT_SEED) == (2000, 42)
    assert (DEFAULT_START, DEFAULT_END, DEFAULT_ASOF) == ("2020-01-01", "2025-12-31", "2025-12-31")


def test_database_has_one_frame_per_schema_table(small):
    assert list(small.tables()) == list(SCHEMA)
    for name, frame in small.tables().items():
        assert frame is getattr(small, name)
        assert list(frame.columns) == SCHEMA[name].column_names


def test_database_is_frozen(small):
    with pytest.raises(dataclasses.FrozenInstanceError):
        small.orders = small.orders.head()  # type: ignore[misc]


def test_repr_lists_tables_and_row_counts(small):
    text = repr(small)
    assert text.splitlines()[0] == f"B2BDatabase with {len(SCHEMA)} tables:"
    for name, frame in small.tables().items():
        assert name in text and f"{len(frame):,} rows" in text
    assert len(text.splitlines()) == len(SCHEMA) + 1


def test_dtypes_follow_the_schema(small):
    for name, frame in small.tables().items():
        for spec in SCHEMA[name].columns:
            assert frame[spec.name].dtype == spec.dtype, (name, spec.name)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_customers": 0},
        {"n_customers": 2.5},
        {"n_customers": True},
        {"seed": -1},
        {"seed": "42"},
        {"start": "2020-13-01"},
        {"end": "not a date"},
        {"start": "2024-01-01", "end": "2024-12-31"},
    ],
)
def test_bad_arguments_raise_a_course_error(kwargs):
    with pytest.raises(CourseInputError, match="generate_b2b"):
        generate_b2b(**kwargs)


# ---------------------------------------------------------------- determinism
def test_same_seed_gives_identical_frames():
    a, b = generate_b2b(n_customers=200, seed=11), generate_b2b(n_customers=200, seed=11)
    for name in SCHEMA:
        pdt.assert_frame_equal(a.tables()[name], b.tables()[name])


def test_different_seeds_give_different_data():
    a, b = generate_b2b(n_customers=200, seed=11), generate_b2b(n_customers=200, seed=12)
    assert not a.orders.equals(b.orders)
    assert not a.customers.equals(b.customers)


def test_generation_leaves_global_random_state_alone():
    state = np.random.get_state()[1].copy()
    generate_b2b(n_customers=50, seed=1)
    assert (np.random.get_state()[1] == state).all()


def test_generated_equals_loaded(db):
    loaded = load_b2b()
    for name in SCHEMA:
        pdt.assert_frame_equal(db.tables()[name], loaded.tables()[name], check_exact=True)


def test_regenerating_the_default_database_gives_the_shipped_files_byte_for_byte(db, tmp_path):
    save_b2b(db, tmp_path)
    for spec in SCHEMA.values():
        shipped = (DATA_DIR / "b2b" / spec.filename).read_bytes()
        assert (tmp_path / spec.filename).read_bytes() == shipped, spec.filename


def test_shipped_csvs_are_modest():
    total = sum((DATA_DIR / "b2b" / spec.filename).stat().st_size for spec in SCHEMA.values())
    assert total < 15_000_000


# ---------------------------------------------------------------- integrity
def check_integrity(db: B2BDatabase, start: pd.Timestamp = START, end: pd.Timestamp = END) -> None:
    """Every invariant the lessons rely on; used on the default database and on random small ones."""
    tables = db.tables()
    customers = db.customers.set_index("customer_id")
    # keys unique, foreign keys valid
    for name, spec in SCHEMA.items():
        assert not tables[name].duplicated(list(spec.key)).any(), name
        for column, parent in spec.foreign_keys:
            values = tables[name][column].dropna()
            assert values.isin(tables[parent][SCHEMA[parent].key[0]]).all(), (name, column)
    # an interaction's contact works at the interaction's customer
    contact_owner = db.contacts.set_index("contact_id")["customer_id"]
    with_contact = db.interactions.dropna(subset=["contact_id"])
    assert (contact_owner.loc[with_contact["contact_id"]].to_numpy() == with_contact["customer_id"].to_numpy()).all()
    # money
    orders = db.orders
    assert ((orders["revenue"] - orders["cost"] - orders["margin"]).abs() < 0.006).all()
    assert (orders["revenue"] > 0).all() and (orders["cost"] > 0).all() and (orders["quantity"] >= 1).all()
    cts = db.cost_to_serve
    parts = cts[["account_management", "logistics", "support", "marketing"]].sum(axis=1)
    assert ((parts - cts["total"]).abs() < 0.006).all()
    assert (cts[["account_management", "logistics", "support", "marketing"]] >= 0).all().all()
    for frame in tables.values():
        for column in frame.select_dtypes("float").columns:
            values = frame[column].dropna()
            assert ((values * 100).round() == (values * 100).round(6)).all(), column
    # dates within the period (payment due dates of open contracts and invoices may lie after it)
    for name, spec in SCHEMA.items():
        for c in spec.columns:
            if c.kind == "date" and c.name not in ("payment_due_date", "due_date"):
                dates = tables[name][c.name].dropna()
                assert dates.between(start, end).all(), (name, c.name)
    # nothing happens before the customer was acquired
    acquired = customers["acquired_date"]
    for name, column in [
        ("orders", "order_date"),
        ("interactions", "date"),
        ("surveys", "date"),
        ("tickets", "opened_date"),
        ("opportunities", "lead_date"),
    ]:
        frame = tables[name]
        assert (frame[column].to_numpy() >= acquired.loc[frame["customer_id"]].to_numpy()).all(), name
    # order lines: numbered 1..k within an order, one customer, date and channel per order
    per_order = orders.groupby("order_id").agg(
        n=("line_no", "size"),
        top=("line_no", "max"),
        customers=("customer_id", "nunique"),
        dates=("order_date", "nunique"),
        channels=("channel", "nunique"),
    )
    assert (per_order["n"] == per_order["top"]).all() and per_order["n"].between(1, 3).all()
    assert (per_order[["customers", "dates", "channels"]] == 1).all().all()
    # tickets close after they open; opportunity milestones in order
    t = db.tickets.dropna(subset=["closed_date"])
    assert (t["closed_date"] >= t["opened_date"]).all()
    o = db.opportunities
    chain = ["lead_date", "qualified_date", "contract_date", "payment_due_date"]
    for a, b in itertools.pairwise(chain):
        both = o[[a, b]].dropna()
        assert (both[b] >= both[a]).all(), (a, b)
    # stages agree with milestones and amounts
    collected = o["stage"] == "collected"
    assert o.loc[collected, "payment_date"].notna().all()
    assert (o.loc[collected, "collected_amount"] == o.loc[collected, "contract_amount"]).all()
    assert (o.loc[~collected, "collected_amount"] == 0).all() and o.loc[~collected, "payment_date"].isna().all()
    signed = o["stage"].isin(["contract", "collected"])
    assert o.loc[signed, ["contract_date", "contract_amount"]].notna().all().all()
    assert o.loc[~signed, ["contract_date", "contract_amount"]].isna().all().all()
    assert o.loc[o["stage"] == "lead", "qualified_date"].isna().all()
    # prospects (customers without orders) never bought: no contract, no ticket, no survey, no order cost
    buyers = set(orders["customer_id"])
    prospects = db.customers.loc[~db.customers["customer_id"].isin(buyers), "customer_id"]
    assert not o.loc[o["customer_id"].isin(prospects), "stage"].isin(["contract", "collected"]).any()
    assert not db.tickets["customer_id"].isin(prospects).any()
    assert not db.surveys["customer_id"].isin(prospects).any()
    assert (cts.loc[cts["customer_id"].isin(prospects), "logistics"] == 0).all()
    # every customer has at least one contact and a decision maker
    assert set(db.contacts["customer_id"]) == set(db.customers["customer_id"])
    dm = db.contacts[db.contacts["decision_role"] == "decision maker"]
    assert set(dm["customer_id"]) == set(db.customers["customer_id"])
    # a buyer's first order is completed
    first = orders.sort_values(["order_date", "order_id"]).groupby("customer_id").head(1)
    assert (first["status"] == "completed").all()
    check_key_account_integrity(db)


def check_key_account_integrity(db: B2BDatabase) -> None:
    """The invariants of the key-account tables (each row agrees with the core tables it was drawn from)."""
    customers = db.customers.set_index("customer_id")
    owner = db.contacts.set_index("contact_id")["customer_id"]
    # the AR is the account manager of every account; only key accounts (an account plan) have an SR and an FR,
    # both from 1 January of their first plan year
    team = db.account_team.pivot(index="customer_id", columns="role", values="staff_id")
    assert (team["AR"].reindex(customers.index) == customers["account_manager"]).all()
    assert team.index.equals(pd.Index(customers.index))
    first_plan = db.account_plans.groupby("customer_id")["year"].min()
    for role in ("SR", "FR"):
        named = db.account_team[db.account_team["role"] == role].set_index("customer_id")["since"]
        assert set(named.index) == set(first_plan.index), role
        assert (named.reindex(first_plan.index) == pd.to_datetime(first_plan.astype(str) + "-01-01")).all(), role
    # every interaction has a participant, who is the account's team member in that role, on the account by then
    part = db.participants.merge(db.interactions[["interaction_id", "customer_id", "date"]], on="interaction_id")
    assert len(part) == len(db.participants)
    assert set(db.interactions["interaction_id"]) == set(db.participants["interaction_id"])
    expected = db.account_team.set_index(["customer_id", "role"])
    keys = list(zip(part["customer_id"], part["role"].astype(str), strict=True))
    assert (expected["staff_id"].reindex(keys).to_numpy() == part["staff_id"].to_numpy()).all()
    not_ar = (part["role"] != "AR").to_numpy()
    assert (expected["since"].reindex(keys).to_numpy()[not_ar] <= part["date"].to_numpy()[not_ar]).all()
    # contacts named by organisational relationships and planned actions work at that customer
    for table in (db.org_relations, db.plan_actions):
        assert (owner.reindex(table["contact_id"]).to_numpy() == table["customer_id"].to_numpy()).all()
    plans = db.account_plans.set_index("plan_id")
    assert not db.account_plans.duplicated(["customer_id", "year"]).any()
    assert (plans.loc[db.plan_actions["plan_id"], "customer_id"].to_numpy() == db.plan_actions["customer_id"]).all()
    assert (db.plan_actions["month"].dt.day == 1).all()
    assert (plans.loc[db.plan_actions["plan_id"], "year"].to_numpy() == db.plan_actions["month"].dt.year).all()
    # a delivery lies between the contract and the payment
    deals = db.opportunities.set_index("opportunity_id").loc[db.deliveries["opportunity_id"]]
    delivered = db.deliveries["delivery_date"].to_numpy()
    assert (delivered >= deals["contract_date"].to_numpy()).all()
    paid = deals["payment_date"].notna().to_numpy()
    assert (delivered[paid] <= deals["payment_date"].to_numpy()[paid]).all()
    # follow-ups come 7 or 60 days after a ticket was closed, at that ticket's customer
    tickets = db.tickets.set_index("ticket_id").loc[db.ticket_followups["ticket_id"]]
    days = (db.ticket_followups["date"].to_numpy() - tickets["closed_date"].to_numpy()) / np.timedelta64(1, "D")
    assert (days == db.ticket_followups["days_after_close"].to_numpy()).all()
    assert (tickets["customer_id"].to_numpy() == db.ticket_followups["customer_id"].to_numpy()).all()
    # no wallet estimate is below what the account bought from us
    lines = completed_orders(db.orders)
    ours = lines.groupby(["customer_id", lines["order_date"].dt.year.rename("year"), "product_line"], observed=True)[
        "revenue"
    ].sum()
    wallet = db.wallet.set_index(["customer_id", "year", "product_line"])["wallet"]
    assert (wallet.reindex(ours.index) >= ours).all()


def test_default_database_integrity(db):
    check_integrity(db)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_customers=st.integers(1, 120), seed=st.integers(0, 2**32 - 1))
def test_integrity_holds_for_any_seed_and_size(n_customers, seed):
    check_integrity(generate_b2b(n_customers=n_customers, seed=seed))


def test_integrity_holds_for_another_period():
    db = generate_b2b(n_customers=300, seed=3, start="2021-07-01", end="2024-06-30")
    check_integrity(db, pd.Timestamp("2021-07-01"), pd.Timestamp("2024-06-30"))
    assert db.orders["order_date"].max() <= pd.Timestamp("2024-06-30")


def test_ids_are_fixed_width_and_sequential(db):
    assert db.customers["customer_id"].tolist() == [f"C{i:05d}" for i in range(1, 2001)]
    assert db.customers["acquired_date"].is_monotonic_increasing
    assert db.orders["order_id"].str.fullmatch(r"O\d{6}").all()
    assert db.orders["order_date"].is_monotonic_increasing
    assert db.customers["account_manager"].str.fullmatch(r"AM(0[1-9]|[12]\d|30)").all()


def test_ids_widen_when_numbers_need_more_digits():
    from course.data.b2b_generator._columns import _ids

    assert _ids("C", np.array([1, 42]), 5).tolist() == ["C00001", "C00042"]
    assert _ids("C", np.array([1, 123456]), 5).tolist() == ["C000001", "C123456"]


def test_shares_of_prospects_cancellations_and_returns(db):
    buyers = db.orders["customer_id"].nunique()
    assert 0.09 <= 1 - buyers / len(db.customers) <= 0.15
    status = db.orders["status"].value_counts(normalize=True)
    assert 0.01 <= status["cancelled"] <= 0.03
    assert 0.008 <= status["returned"] <= 0.025


def test_strategic_accounts_have_more_contacts_key_relationships_and_visits(db):
    revenue = db.orders[db.orders["status"] == "completed"].groupby("customer_id")["revenue"].sum()
    top = revenue.index[revenue >= revenue.quantile(0.95)]
    rest = revenue.index.difference(top)
    contacts = db.contacts.groupby("customer_id").size()
    key = db.contacts[db.contacts["relationship_layer"] != "broad"].groupby("customer_id").size()
    visits = db.interactions[db.interactions["type"] == "visit"].groupby("customer_id").size()
    for counts in (contacts, key, visits):
        counts = counts.reindex(revenue.index, fill_value=0)
        assert counts[top].mean() > 2 * counts[rest].mean()


def test_until_cuts_the_key_account_tables_with_their_parents(small):
    past = small.until("2023-12-31")
    day = pd.Timestamp("2023-12-31")
    assert set(past.participants["interaction_id"]) <= set(past.interactions["interaction_id"])
    assert set(past.interactions["interaction_id"]) <= set(past.participants["interaction_id"])
    assert set(past.plan_actions["plan_id"]) == set(past.account_plans["plan_id"])
    assert (past.account_plans["agreed_date"] <= day).all() and (past.wallet["year"] <= 2023).all()
    assert (past.deliveries["delivery_date"] <= day).all() and (past.ticket_followups["date"] <= day).all()
    assert (past.account_team["since"] <= day).all() and (past.org_relations["date"] <= day).all()
    # a plan agreed by then keeps its later months: they were planned
    assert len(past.plan_actions) == small.plan_actions["plan_id"].isin(past.account_plans["plan_id"]).sum()
