"""The key-account tables follow the course's own definitions, and the invoices reconcile with the orders.

Each rule is a property of the generator, checked on the shipped data and on
another seed and size (seed 7, 1,200 customers), measured with plain pandas.

Definitions
-----------
- **Key account**: an account the key-account team plans for (a row in
  ``account_plans``: the top 5 % of the previous year's buyers by revenue);
  it is a key account from 1 January of its first plan year.
- **Iron triangle** (铁三角): AR, SR and FR named in ``account_team``. The AR of
  every account is its account manager (the owner of record); every account
  also has an owner in the shared inside-sales pool (IS), the only other
  person named at an account that is not a key account.
- **Relationship layers** (三层客户关系): a person is in the key-person layer
  (关键客户关系: decision makers, coaches, influencers of influence 4-5) or in
  the broad layer (普遍客户关系); the organisational layer (组织客户关系) is
  company to company and lives in ``org_relations``.
- **Top titles**: General Manager, Chief Financial Officer, Chief Technology Officer.
- **Invoiced revenue** of a customer and year: the sum of ``invoices.amount``
  by invoice year; **order revenue**: completed order lines by order year.
- **Late**: paid after the due date. **Declining**: an invoice dated in the
  365 days before its customer's last completed purchase, for a customer
  whose last purchase is more than 365 days before the end (a lost customer).
"""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import spearmanr

from course.data import DEFAULT_END, generate_b2b, load_b2b
from course.purchases import completed_orders

END = pd.Timestamp(DEFAULT_END)
TOP_TITLES = ("General Manager", "Chief Financial Officer", "Chief Technology Officer")


@pytest.fixture(scope="module", params=["shipped", "seed 7, 1,200 customers"])
def db(request):
    if request.param == "shipped":
        return load_b2b()
    return generate_b2b(n_customers=1200, seed=7)


# ---------------------------------------------------------------- the iron triangle only for key accounts
def test_only_key_accounts_have_an_sr_and_an_fr(db):
    team = db.account_team
    key = set(db.account_plans["customer_id"])
    for role in ("SR", "FR"):
        assert set(team.loc[team["role"] == role, "customer_id"]) == key, role
    # every account has its account manager as AR and an owner in the inside-sales pool (IS); the others no one else
    for role in ("AR", "IS"):
        assert team.loc[team["role"] == role, "customer_id"].nunique() == len(db.customers), role
    others = team[~team["customer_id"].isin(key)]
    assert others["role"].isin(["AR", "IS"]).all()


def test_a_key_account_team_looks_after_tens_of_accounts_not_hundreds(db):
    team = db.account_team
    for role in ("SR", "FR"):
        per_person = team[team["role"] == role].groupby("staff_id").size()
        assert per_person.max() <= 40, role
    # the pools carry far more accounts per person than a key-account SR
    per_sr = team[team["role"] == "SR"].groupby("staff_id").size().median()
    assert db.customers.groupby("account_manager").size().median() > 2 * per_sr
    assert team[team["role"] == "IS"].groupby("staff_id").size().median() > 5 * per_sr


def test_sr_and_fr_take_part_only_at_key_accounts_once_the_triangle_has_formed(db):
    part = db.participants.merge(db.interactions[["interaction_id", "customer_id", "date"]], on="interaction_id")
    since = db.account_team.set_index(["customer_id", "role"])["since"]
    others = part[part["role"] != "AR"]
    start = since.reindex(list(zip(others["customer_id"], others["role"].astype(str), strict=True)))
    assert start.notna().all()
    assert (start.to_numpy() <= others["date"].to_numpy()).all()


# ---------------------------------------------------------------- the people at the customer
def test_a_coach_is_a_supporter(db):
    coaches = db.contacts[db.contacts["decision_role"] == "coach"]
    assert len(coaches) > 0 and (coaches["attitude"] == "supporter").all()


def test_people_are_in_the_key_person_or_broad_layer_organisational_relations_are_company_level(db):
    c = db.contacts
    layer = c["relationship_layer"].astype(str)
    assert set(layer) == {"key-person", "broad"}
    role = c["decision_role"].astype(str)
    key_person = role.isin(["decision maker", "coach"]) | ((role == "influencer") & (c["influence"] >= 4))
    assert (layer.eq("key-person") == key_person).all()
    # the organisational layer: company-to-company contacts at executive level, with a decision maker
    org = db.org_relations.merge(c[["contact_id", "decision_role"]], on="contact_id")
    assert len(org) == len(db.org_relations) and (org["decision_role"] == "decision maker").all()


def test_at_most_one_person_per_top_title_per_company(db):
    top = db.contacts[db.contacts["title"].astype(str).isin(TOP_TITLES)]
    assert not top.duplicated(["customer_id", "title"]).any()
    assert (db.contacts.groupby("customer_id")["title"].apply(lambda t: t.eq("General Manager").sum()) <= 1).all()


def test_contact_counts_grow_with_company_size_and_stay_below_it(db):
    counts = db.contacts.groupby("customer_id").size()
    employees = db.customers.set_index("customer_id")["employees"].reindex(counts.index)
    assert (counts <= employees).all()
    assert spearmanr(counts, employees).statistic > 0.15


# ---------------------------------------------------------------- invoices and payment collection (回款)
def test_invoiced_amounts_reconcile_with_completed_order_revenue_per_customer_and_year(db):
    lines = completed_orders(db.orders)
    orders = lines.groupby(["customer_id", lines["order_date"].dt.year.rename("year")])["revenue"].sum()
    inv = db.invoices
    invoiced = inv.groupby(["customer_id", inv["invoice_date"].dt.year.rename("year")])["amount"].sum()
    assert invoiced.index.sort_values().equals(orders.index.sort_values())
    n = inv.groupby(["customer_id", inv["invoice_date"].dt.year.rename("year")]).size()
    # each invoice is rounded to the cent once: at most half a cent per invoice apart
    assert ((invoiced - orders.reindex(invoiced.index)).abs() <= 0.005 * n + 1e-6).all()


def test_one_invoice_per_order_with_completed_lines_on_its_order_date(db):
    lines = completed_orders(db.orders)
    first = lines.groupby("order_id").agg(customer_id=("customer_id", "first"), date=("order_date", "first"))
    inv = db.invoices.set_index("order_id")
    assert not inv.index.duplicated().any() and set(inv.index) == set(first.index)
    assert (inv["customer_id"] == first.loc[inv.index, "customer_id"]).all()
    assert (inv["invoice_date"] == first.loc[inv.index, "date"]).all()
    terms = (inv["due_date"] - inv["invoice_date"]).dt.days
    assert terms.isin([30, 60]).all()
    paid = inv.dropna(subset=["paid_date"])
    assert (paid["paid_date"] > paid["invoice_date"]).all() and (paid["paid_date"] <= END).all()


def test_most_invoices_are_paid_on_time_some_late_a_few_open(db):
    inv = db.invoices
    paid = inv.dropna(subset=["paid_date"])
    late = paid["paid_date"] > paid["due_date"]
    assert 0.1 < late.mean() < 0.4
    by_customer = paid.assign(late=late).groupby("customer_id")["late"].mean()
    # most customers pay on time as a rule, a few are chronically late
    assert (by_customer <= 0.2).mean() > 0.5
    assert 0.02 < (by_customer >= 0.6).mean() < 0.25
    assert 0 < inv["paid_date"].isna().mean() < 0.05


def test_customers_pay_later_before_they_leave(db):
    lines = completed_orders(db.orders)
    last = lines.groupby("customer_id")["order_date"].max()
    lost = last[(END - last).dt.days > 365]
    inv = db.invoices.assign(last=db.invoices["customer_id"].map(lost))
    declining = inv["last"].notna() & ((inv["last"] - inv["invoice_date"]).dt.days <= 365)
    paid = inv["paid_date"].notna()
    late = inv["paid_date"] > inv["due_date"]
    late_declining = late[declining & paid].mean()
    late_other = late[~declining & paid].mean()
    assert late_declining > late_other + 0.1
    # and some of their last invoices go to collection: paid months late, or still open
    months_late = ~paid | ((inv["paid_date"] - inv["due_date"]).dt.days > 90)
    old_enough = (END - inv["due_date"]).dt.days > 90  # could have been paid 90 days late by the end
    assert months_late[declining & old_enough].mean() > 0.1
    assert months_late[declining & old_enough].mean() > 5 * months_late[~declining & old_enough].mean()
