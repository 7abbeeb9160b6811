"""The account_plans and plan_actions tables: a yearly plan per key account, and its actions (客户规划).

At the start of each year the key-account team picks its key accounts --
the top 5 % of the previous year's buyers by that year's revenue -- and agrees a plan
with each: a sales target (last year's revenue plus an ambition of about
10 %), service targets (CSAT, days to resolve tickets) and 8-30 actions
(visits, calls, events, executive visits, top-to-top meetings), each with a
month, an iron-triangle owner and a target contact.

Plan vs actual follows from the other tables: an action is *done* when a
matching interaction (or organisational contact) took place. The actions
done are drawn from the account's real activities of the year; the others
are planned where nothing happened. How much of its plan an account
executes tracks how its revenue moved that year: teams that work their
plan grow their accounts (the execution rate is a logistic function of the
year's log revenue change, with noise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice, _choice_n
from course.data.b2b_generator._handover import InteractionEvents, OrderLineEvents, ParticipantRows
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._org_relations import executive_contacts
from course.data.b2b_schema import INTERACTION_TYPES, ORG_RELATION_KINDS, PLAN_ACTION_KINDS, TEAM_ROLES

KEY_ACCOUNT_SHARE = 0.05
# interaction type / organisational kind -> code into PLAN_ACTION_KINDS (types that cannot be planned: absent)
_PLANNED_TYPE = {"visit": 0, "call": 1, "event": 2}
_PLANNED_ORG = {"executive visit": 3, "top-to-top meeting": 4}
assert all(PLAN_ACTION_KINDS[c] == k for k, c in (_PLANNED_TYPE | _PLANNED_ORG).items())
assert set(_PLANNED_TYPE) <= set(INTERACTION_TYPES) and set(_PLANNED_ORG) <= set(ORG_RELATION_KINDS)
_KIND_WEIGHT = np.array([3.0, 1.0, 2.0, 3.0, 3.0])  # which activities a plan names more often
_MISSED_KIND = (0.45, 0.30, 0.10, 0.10, 0.05)
_MISSED_ROLE = np.array([(0.6, 0.3, 0.1), (0.5, 0.25, 0.25), (1, 0, 0), (1, 0, 0), (1, 0, 0)])


@dataclass(frozen=True)
class Activities:
    """What the account team did, one row per (customer, month, plannable kind, contact, our role)."""

    customer: np.ndarray
    month: np.ndarray  # months since January of the period's first year
    kind: np.ndarray  # code into PLAN_ACTION_KINDS
    contact: np.ndarray  # row of the contacts table
    role: np.ndarray  # code into TEAM_ROLES

    def keys(self, n_months: int, n_contacts: int) -> np.ndarray:
        return _key(self.customer, self.month, self.kind, self.contact, self.role, n_months, n_contacts)


def _key(customer, month, kind, contact, role, n_months: int, n_contacts: int) -> np.ndarray:
    k = ((customer.astype(np.int64) * n_months + month) * len(PLAN_ACTION_KINDS) + kind) * n_contacts + contact
    return k * len(TEAM_ROLES) + role


def _first_year(latent: LatentCustomers) -> int:
    return int(latent.period.years(np.array([0.0]))[0])


def _n_months(latent: LatentCustomers) -> int:
    """Months from January of the period's first year to December of its last."""
    return 12 * (int(latent.period.years(np.array([latent.period.length - 1.0]))[0]) - _first_year(latent) + 1)


def _months(latent: LatentCustomers, dates: pd.Series) -> np.ndarray:
    """Months since January of the period's first year of each date."""
    month = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
    return (month - np.datetime64(f"{_first_year(latent)}-01", "M")).astype(np.int64)


@dataclass(frozen=True)
class TeamRecord:
    """What the account team did, as the tables and events that record it (the plans' input besides orders)."""

    interactions: pd.DataFrame
    interaction_events: InteractionEvents
    participants: ParticipantRows
    org_relations: pd.DataFrame


def activities(
    latent: LatentCustomers, customer_ids: np.ndarray, contacts: pd.DataFrame, record: TeamRecord, only: np.ndarray
) -> Activities:
    """Every plannable thing the team did at the customers ``only`` (a mask): interactions with a contact (one row per
    participant) and executive contacts."""
    people = pd.Index(contacts["contact_id"])
    part = record.participants
    row = part.row[only[record.interaction_events.owner[part.row]]]
    role = part.role[only[record.interaction_events.owner[part.row]]]
    inter = record.interactions
    kind = inter["type"].astype("object").map(_PLANNED_TYPE).to_numpy(dtype=float)[row]
    contact = people.get_indexer(inter["contact_id"].astype("object").to_numpy()[row])
    keep = ~np.isnan(kind) & (contact >= 0)
    org = record.org_relations
    org_owner = pd.Index(customer_ids).get_indexer(org["customer_id"])
    org_kind = org["kind"].astype("object").map(_PLANNED_ORG).to_numpy(dtype=float)
    org_keep = ~np.isnan(org_kind) & only[org_owner]
    return Activities(
        customer=np.concatenate([record.interaction_events.owner[row][keep], org_owner[org_keep]]),
        month=np.concatenate([_months(latent, inter["date"])[row][keep], _months(latent, org["date"])[org_keep]]),
        kind=np.concatenate([kind[keep], org_kind[org_keep]]).astype(np.int64),
        contact=np.concatenate([contact[keep], people.get_indexer(org["contact_id"])[org_keep]]),
        role=np.concatenate([role[keep], np.zeros(int(org_keep.sum()), dtype=np.int64)]).astype(np.int64),
    )


def _plan_years(latent: LatentCustomers) -> tuple[int, list[int]]:
    """The period's first calendar year and the indices of the years that get plans (this and last year complete)."""
    day0 = latent.period.day0
    last = day0 + np.timedelta64(int(latent.period.length) - 1, "D")
    first_year, last_year = int(str(day0)[:4]), int(str(last)[:4])
    complete = [
        y
        for y in range(first_year, last_year + 1)
        if np.datetime64(f"{y}-01-01") >= day0 and np.datetime64(f"{y}-12-31") <= last
    ]
    return first_year, [y - first_year for y in complete if y - 1 in complete]


def _choose_key_accounts(revenue: np.ndarray, years: list[int], share: float) -> tuple[np.ndarray, np.ndarray]:
    """Customer and year index of each plan: the top ``share`` of last year's buyers by last year's revenue."""
    owners, plan_years = [], []
    for y in years:
        prior = revenue[:, y - 1]
        order = np.lexsort((np.arange(prior.size), -prior))
        top = order[: math.ceil(share * int((prior > 0).sum()))]
        owners.append(top)
        plan_years.append(np.full(top.size, y))
    return np.concatenate(owners or [np.zeros(0, int)]), np.concatenate(plan_years or [np.zeros(0, int)])


def key_account_plans(
    latent: LatentCustomers, lines: OrderLineEvents
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Which accounts get a plan in which year -- the key accounts -- from the order lines (draws nothing).

    Returns ``owner`` and ``year`` (index from the period's first year) of
    each plan, the completed revenue per customer and year index, and the
    period's first calendar year. An account is a key account from 1 January
    of its first plan year.
    """
    first_year, years = _plan_years(latent)
    n_years = _n_months(latent) // 12
    done_lines = lines.completed()
    cell = lines.owner[done_lines] * n_years + latent.period.years(lines.t[done_lines]) - first_year
    revenue = np.bincount(cell, weights=lines.revenue[done_lines], minlength=latent.n * n_years).reshape(-1, n_years)
    owner, year = _choose_key_accounts(revenue, years, KEY_ACCOUNT_SHARE)
    return owner, year, revenue, first_year


def key_account_start(latent: LatentCustomers, lines: OrderLineEvents) -> np.ndarray:
    """Time (days since the period's start) from which each customer is a key account; ``inf`` if never.

    It is 1 January of the account's first plan year: the iron triangle forms then.
    """
    owner, year, _, first_year = key_account_plans(latent, lines)
    start = np.full(latent.n, np.inf)
    if owner.size:
        jan = np.array([f"{first_year + y}-01-01" for y in year], dtype="datetime64[D]") - latent.period.day0
        np.minimum.at(start, owner, jan.astype(np.int64).astype(float))
    return start


def build_account_plans(
    rng: np.random.Generator,
    latent: LatentCustomers,
    customer_ids: np.ndarray,
    lines: OrderLineEvents,
    contacts: pd.DataFrame,
    surveys: pd.DataFrame,
    record: TeamRecord,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw the account_plans and plan_actions tables.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    lines : OrderLineEvents
        The order lines (revenue per customer and year).
    contacts, surveys : pandas.DataFrame
        The contacts (targets of actions) and surveys (last year's CSAT, for the target) tables.
    record : TeamRecord
        The interactions, their participants and the organisational relationships.

    Returns
    -------
    plans, actions : pandas.DataFrame
        The columns of the schema's ``account_plans`` and ``plan_actions`` tables.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=400, seed=1)
    >>> bought_2024 = db.orders.loc[db.orders["order_date"].dt.year == 2024, "customer_id"].nunique()
    >>> int((db.account_plans["year"] == 2025).sum()) <= math.ceil(0.05 * bought_2024)
    True
    """
    n_months, n_contacts = _n_months(latent), len(contacts)
    owner, year, revenue, first_year = key_account_plans(latent, lines)
    done = activities(latent, customer_ids, contacts, record, np.isin(np.arange(latent.n), owner))
    plans = _plans(rng, latent, customer_ids, owner, year, first_year, revenue, surveys)
    n_actions = np.where(latent.strategic[owner], 14 + rng.poisson(6.0, owner.size), 8 + rng.poisson(4.0, owner.size))
    growth = np.clip(np.log((revenue[owner, year] + 1000.0) / (revenue[owner, year - 1] + 1000.0)), -3.0, 1.0)
    execution = np.clip(1.0 / (1.0 + np.exp(-(0.7 + 1.8 * growth + rng.normal(0.0, 0.9, owner.size)))), 0.02, 0.98)
    wanted = rng.binomial(n_actions, execution)
    executed, n_executed = _executed(rng, done, owner, year, wanted, n_months, n_contacts)
    missed = _missed(rng, latent, contacts, customer_ids, owner, year, n_actions - n_executed, done, n_months)
    actions = _actions_table(latent, plans, contacts, *executed, *missed)
    return plans, actions


def _plans(rng, latent, customer_ids, owner, year, first_year, revenue, surveys) -> pd.DataFrame:
    m = owner.size
    ambition = rng.normal(0.06, 0.06, m)
    last, before = revenue[owner, year - 1], revenue[owner, np.maximum(year - 2, 0)]
    base = np.where((year >= 2) & (before > 0), 0.6 * last + 0.4 * before, last)  # a two-year base, when known
    target = np.maximum(1000.0, np.round(base * (1.0 + ambition), -3))
    survey_owner = pd.Index(customer_ids).get_indexer(surveys["customer_id"])
    survey_year = surveys["date"].dt.year.to_numpy() - first_year
    cells = survey_owner * 1000 + survey_year
    mean = pd.Series(surveys["csat"].to_numpy(dtype=float)).groupby(cells).mean()
    last_csat = mean.reindex(owner * 1000 + year - 1).fillna(4.0).to_numpy()
    csat = np.clip(np.round(last_csat + rng.normal(0.1, 0.1, m), 1), 3.5, 4.8)
    days = np.array([3, 5, 7])[_choice_n(rng, (0.3, 0.5, 0.2), m)]
    agreed = np.array([f"{first_year + y}-01-05" for y in year], dtype="datetime64[D]") + rng.integers(0, 21, m)
    return pd.DataFrame(
        {
            "plan_id": _str(_ids("K", np.arange(1, m + 1), 5)),
            "customer_id": _str(customer_ids[owner]),
            "year": (first_year + year).astype(np.int64),
            "agreed_date": agreed.astype("datetime64[ns]"),
            "sales_target": target,
            "csat_target": csat,
            "resolution_days_target": days.astype(np.int64),
        }
    )


def _executed(rng, done: Activities, owner, year, wanted, n_months: int, n_contacts: int):
    """Pick each plan's executed actions among its account's activities of the year (weighted, no repeats)."""
    plan_of = pd.Series(np.arange(owner.size), index=pd.MultiIndex.from_arrays([owner, year]))
    unique = np.unique(done.keys(n_months, n_contacts), return_index=True)[1]
    cand = Activities(*(getattr(done, f)[unique] for f in ("customer", "month", "kind", "contact", "role")))
    plan = plan_of.reindex(pd.MultiIndex.from_arrays([cand.customer, cand.month // 12])).to_numpy()
    ok = ~np.isnan(plan)
    plan = plan[ok].astype(np.int64)
    cand = Activities(*(getattr(cand, f)[ok] for f in ("customer", "month", "kind", "contact", "role")))
    priority = np.log(rng.random(plan.size)) / _KIND_WEIGHT[cand.kind]
    order = np.lexsort((-priority, plan))
    rank = np.arange(order.size) - np.searchsorted(plan[order], plan[order])
    take = order[rank < wanted[plan[order]]]
    count = np.bincount(plan[take], minlength=owner.size)
    return (plan[take], cand.month[take], cand.kind[take], cand.contact[take], cand.role[take]), count


def _missed(rng, latent, contacts, customer_ids, owner, year, count, done: Activities, n_months):
    """Planned actions that did not happen: drawn where no matching activity took place."""
    plan = np.repeat(np.arange(owner.size), np.maximum(count, 0))
    m = plan.size
    who = owner[plan]
    kind = _choice_n(rng, _MISSED_KIND, m)
    role = _choice(rng, _MISSED_ROLE[kind])
    codes = pd.Index(customer_ids).get_indexer(contacts["customer_id"])
    n_people = np.bincount(codes, minlength=latent.n)
    first_person = np.concatenate([[0], np.cumsum(n_people)[:-1]])
    anyone = first_person[who] + np.floor(rng.random(m) * n_people[who]).astype(np.int64)
    first, n_exec, rows = executive_contacts(contacts, latent.n, codes)
    executive = rows[first[who] + np.floor(rng.random(m) * n_exec[who]).astype(np.int64)]
    contact = np.where(kind >= 3, executive, anyone)
    n_contacts = len(contacts)
    happened = np.sort(done.keys(n_months, n_contacts))
    month = year[plan] * 12 + rng.integers(0, 12, m)
    for _ in range(4):  # move an action that happens to match an activity to another month
        clash = np.isin(_key(who, month, kind, contact, role, n_months, n_contacts), happened)
        month = np.where(clash, year[plan] * 12 + rng.integers(0, 12, m), month)
    keep = ~np.isin(_key(who, month, kind, contact, role, n_months, n_contacts), happened)
    return plan[keep], month[keep], kind[keep], contact[keep], role[keep]


def _actions_table(latent, plans, contacts, *parts) -> pd.DataFrame:
    executed, missed = parts[:5], parts[5:]
    plan, month, kind, contact, role = (
        np.concatenate([a, b]).astype(np.int64) for a, b in zip(executed, missed, strict=True)
    )
    order = np.lexsort((contact, kind, month, plan))
    plan, month, kind, contact, role = plan[order], month[order], kind[order], contact[order], role[order]
    first_month = np.datetime64(f"{_first_year(latent)}-01", "M")
    return pd.DataFrame(
        {
            "action_id": _str(_ids("A", np.arange(1, plan.size + 1), 6)),
            "plan_id": _str(plans["plan_id"].to_numpy(dtype=object)[plan]),
            "customer_id": _str(plans["customer_id"].to_numpy(dtype=object)[plan]),
            "month": (first_month + month).astype("datetime64[D]").astype("datetime64[ns]"),
            "kind": _cat(kind, PLAN_ACTION_KINDS),
            "owner_role": _cat(role, TEAM_ROLES),
            "contact_id": _str(contacts["contact_id"].to_numpy(dtype=object)[contact]),
        }
    )
