"""Management strategy per tier and per group (分级管理策略), and account-manager time.

Tiering is only useful when each tier is served differently. This module
holds the course's playbooks as small tables that a notebook can join to its
customers, and one helper that turns a tiering into a budget of
account-manager hours.

* :func:`tier_playbook` -- strategic / important / general customers (战略 /
  重要 / 一般客户) and prospects: service model, contact frequency, offer,
  team, typical actions (sources 000 and 002; prospects from 001).
* :func:`group_playbook` -- the four groups old / new × big / small: their
  profit logic and what to do with each (source 004).
* :func:`allocate_hours` -- account-manager hours per tier, from hours per
  customer or by sharing out a fixed capacity;
* :func:`service_levels` -- what each tier actually received in a year:
  contacts, visits, events, customisation requests handled, days to close a
  ticket and account-management cost, so that the playbook's escalating
  service (source 002) can be checked against the data.

Examples
--------
>>> import pandas as pd
>>> from course.strategy import tier_playbook, allocate_hours
>>> tier_playbook().loc["strategic", "name_zh"]
'战略客户'
>>> customers = pd.DataFrame({"tier": ["strategic", "general", "general", "important"]})
>>> allocate_hours(customers)["hours"].tolist()
[120.0, 40.0, 16.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from course.glossary import zh
from course.tiers import GROUP_DTYPE, GROUPS, TIER_DTYPE, TIERS
from course.validation import (
    CourseInputError,
    describe_rows,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
)

__all__ = ["DEFAULT_HOURS", "tier_playbook", "group_playbook", "allocate_hours", "service_levels"]

#: Default account-manager hours per customer and year, by tier.
DEFAULT_HOURS: dict[str, float] = {"strategic": 120.0, "important": 40.0, "general": 8.0, "prospect": 0.0}

_TIER_PLAYBOOK = {
    "strategic": {
        "name_zh": zh("strategic"),
        "service_model": (
            "strategic partnership programme (战略合作伙伴计划): one dedicated team runs the whole relationship"
        ),
        "contact_frequency": "weekly working contact; quarterly business review with senior management",
        "offer": "top-level customised products and solutions, priority handling of orders, value-added services",
        "team": "dedicated strategic-account team (account, solution and delivery leads)",
        "typical_actions": "joint development and co-marketing; analyse the account's purchase data to anticipate "
        "needs; structured feedback after every project",
        "source": "000, 002",
    },
    "important": {
        "name_zh": zh("important"),
        "service_model": "personalised service plan: what, when and how the account is served",
        "contact_frequency": "monthly contact; review twice a year",
        "offer": "customised products and services for its particular needs",
        "team": "dedicated account manager who coordinates internal resources",
        "typical_actions": "build a long-term partnership; keep researching the account's needs and market; "
        "look for the path to strategic",
        "source": "002",
    },
    "general": {
        "name_zh": zh("general"),
        "service_model": "standard service backed by a good customer-information system (CRM)",
        "contact_frequency": "periodic care by phone, e-mail or message; quarterly",
        "offer": "standard products with data-driven recommendations, regular promotions, loyalty points, small gifts",
        "team": "shared inside-sales and customer-service pool",
        "typical_actions": "improve the buying experience; loyalty programme; social-media interaction; "
        "market research on changing needs",
        "source": "000, 002",
    },
    "prospect": {
        "name_zh": zh("prospect"),
        "service_model": "opportunity development: from first lead to first order",
        "contact_frequency": "campaign-driven",
        "offer": "entry offer or trial",
        "team": "marketing and inside sales",
        "typical_actions": (
            "mine opportunities early; qualify the lead; convert it into a first project and its payment"
        ),
        "source": "001",
    },
}

_GROUP_PLAYBOOK = {
    "old-big": {
        "name_zh": zh("old-big"),
        "profit_logic": "high volume but thin margin: they know every policy and negotiate hard, "
        "so general incentives no longer move them; they mostly help to absorb fixed costs",
        "risk": "margin erosion; dependence on a few accounts",
        "strategy": "control their number and their scale",
        "typical_actions": (
            "hold the line on special terms; price by cost-to-serve; do not let one account grow too dominant"
        ),
    },
    "new-big": {
        "name_zh": zh("new-big"),
        "profit_logic": "costly to win (market development, communication, training) while future volume is unknown: "
        "a 'black hole' (黑洞) that eats money now and at best becomes a thin-margin old-big customer",
        "risk": "high: the investment is lost if the deal fails, and the company's practices become known to a rival",
        "strategy": "investigate carefully before investing",
        "typical_actions": "thorough due diligence, a detailed plan with milestones, stage-gated investment",
    },
    "new-small": {
        "name_zh": zh("new-small"),
        "profit_logic": "usually come on their own initiative and earn a little from the start; "
        "the source of future profit",
        "risk": "low: a failure costs little",
        "strategy": "develop boldly: the more the better",
        "typical_actions": "let them prove themselves; support the best performers; pick those that fit the company",
    },
    "old-small": {
        "name_zh": zh("old-small"),
        "profit_logic": "loyal and undemanding, little sales effort needed; small, frequent orders make delivery "
        "and service costly, but as the majority they are profitable in total",
        "risk": "cost-to-serve creeping above margin",
        "strategy": "keep them and serve them efficiently",
        "typical_actions": (
            "use the standard (public) policies; bundle deliveries; move routine service to low-cost channels"
        ),
    },
}


def tier_playbook() -> pd.DataFrame:
    """The management strategy of each tier, as a table to join to customers.

    Returns
    -------
    DataFrame
        Indexed by ``tier`` (categorical, :data:`course.tiers.TIER_DTYPE`,
        listed strategic first), with columns ``name_zh``,
        ``service_model``, ``contact_frequency``, ``offer``, ``team``,
        ``typical_actions``, ``hours_per_customer`` (the default of
        :func:`allocate_hours`) and ``source`` (the source file(s)). A new
        table on every call: changing it changes nothing else.

    Examples
    --------
    >>> import pandas as pd
    >>> tiers = pd.Categorical(["general", "strategic"], categories=["prospect", "general", "important", "strategic"])
    >>> customers = pd.DataFrame({"tier": tiers}, index=["C1", "C2"])
    >>> customers.join(tier_playbook()[["name_zh", "team"]], on="tier")["name_zh"].tolist()
    ['一般客户', '战略客户']
    """
    order = list(TIERS)[::-1]
    table = pd.DataFrame.from_dict(_TIER_PLAYBOOK, orient="index").loc[order]
    table.insert(len(table.columns) - 1, "hours_per_customer", [DEFAULT_HOURS[t] for t in order])
    table.index = pd.CategoricalIndex(order, dtype=TIER_DTYPE, name="tier")
    return table


def group_playbook() -> pd.DataFrame:
    """The profit logic and management strategy of the four groups old / new × big / small (source 004).

    Returns
    -------
    DataFrame
        Indexed by ``group`` (categorical, :data:`course.tiers.GROUP_DTYPE`),
        with columns ``name_zh``, ``profit_logic``, ``risk``, ``strategy`` and
        ``typical_actions``.

    Examples
    --------
    >>> group_playbook().loc["new-big", "strategy"]
    'investigate carefully before investing'
    """
    order = list(GROUPS)
    table = pd.DataFrame.from_dict(_GROUP_PLAYBOOK, orient="index").loc[order]
    table.index = pd.CategoricalIndex(order, dtype=GROUP_DTYPE, name="group")
    return table


def allocate_hours(
    customers: pd.DataFrame,
    tier_column: str = "tier",
    hours_per_tier: Mapping[str, float] | None = None,
    *,
    total_hours: float | None = None,
) -> pd.DataFrame:
    """Account-manager hours per tier: how the team's time is spread over the tiers.

    Parameters
    ----------
    customers : DataFrame
        One row per customer with a tier column.
    tier_column : str, default "tier"
    hours_per_tier : mapping {tier: hours}, optional
        Hours per customer and year in each tier. Default
        :data:`DEFAULT_HOURS` (strategic 120, important 40, general 8,
        prospect 0). Every tier found in the data needs an entry.
    total_hours : float, optional
        The team's capacity (e.g. 30 account managers × 1,200 hours). When
        given, ``hours_per_tier`` are read as *relative* weights and scaled
        so that the hours add up to ``total_hours``.

    Returns
    -------
    DataFrame
        One row per tier (in the order of ``hours_per_tier``; tiers without
        customers get 0), with ``customers``, ``hours_per_customer``,
        ``hours`` (customers × hours_per_customer), ``hours_share`` (share of
        all hours) and ``customer_share``.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"tier": ["strategic", "general", "general", "general"]})
    >>> allocate_hours(customers, hours_per_tier={"strategic": 3, "general": 1},
    ...                total_hours=60)  # doctest: +NORMALIZE_WHITESPACE
               customers  hours_per_customer  hours  hours_share  customer_share
    tier
    strategic          1                30.0   30.0          0.5            0.25
    general            3                10.0   30.0          0.5            0.75
    """
    frame = require_frame(customers, table="customers")
    require_not_empty(frame, table="customers")
    require_columns(frame, [tier_column], table="customers")
    require_no_missing(frame, tier_column, table="customers")
    hours = dict(DEFAULT_HOURS if hours_per_tier is None else hours_per_tier)
    if not isinstance(hours_per_tier, (Mapping, type(None))) or not hours:
        raise CourseInputError(
            f"hours_per_tier must be a non-empty mapping {{tier: hours}}, e.g. {DEFAULT_HOURS}; got {hours_per_tier!r}."
        )
    for tier, value in hours.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not np.isfinite(value)
            or value < 0
        ):
            raise CourseInputError(f"hours_per_tier[{tier!r}] must be a number of hours >= 0, got {value!r}.")
    labels = frame[tier_column].astype("object")
    unknown = ~labels.isin(list(hours))
    if unknown.any():
        detail = describe_rows(frame, unknown, tier_column, ("has a tier without hours", "have tiers without hours"))
        raise CourseInputError(
            f"table 'customers', column {tier_column!r}: {detail}. "
            f"hours_per_tier covers {', '.join(map(repr, hours))}; add the missing tier(s) to it."
        )
    tiers = list(hours)
    counts = labels.value_counts().reindex(tiers, fill_value=0).astype("int64")
    per_customer = pd.Series(hours, dtype="float64").reindex(tiers)
    if total_hours is not None:
        if (
            isinstance(total_hours, bool)
            or not isinstance(total_hours, (int, float, np.integer, np.floating))
            or total_hours <= 0
        ):
            raise CourseInputError(f"total_hours must be a positive number of hours, got {total_hours!r}.")
        weight = float((counts * per_customer).sum())
        if weight == 0:
            raise CourseInputError(
                "hours_per_tier gives 0 hours to every tier that has customers, so total_hours cannot be shared out."
            )
        per_customer = per_customer * (float(total_hours) / weight)
    table = pd.DataFrame({"customers": counts, "hours_per_customer": per_customer})
    table["hours"] = table["customers"] * table["hours_per_customer"]
    total = table["hours"].sum()
    table["hours_share"] = table["hours"] / total if total else 0.0
    table["customer_share"] = table["customers"] / table["customers"].sum()
    table.index.name = "tier"
    return table


def _in_year(frame: pd.DataFrame, date: str, year: int, ids: pd.Index, *, table: str) -> pd.DataFrame:
    require_columns(frame, ["customer_id", date], table=table)
    when = parse_dates(frame, date, table=table)
    return frame.loc[(when.dt.year == year).to_numpy() & frame["customer_id"].isin(ids).to_numpy()]


def service_levels(
    tiers: pd.Series, interactions: pd.DataFrame, tickets: pd.DataFrame, cost_to_serve: pd.DataFrame, year: int
) -> pd.DataFrame:
    """What each tier received in ``year``: the playbook's promises, measured.

    Parameters
    ----------
    tiers : Series
        Tier per customer (index = customer id), e.g. the buyers of ``year``.
    interactions, tickets, cost_to_serve : DataFrame
        The database's tables (``type`` of an interaction: call, email,
        visit, event; ``category`` of a ticket; ``account_management`` cost
        per customer and year). Not modified.
    year : int
        The calendar year measured.

    Returns
    -------
    DataFrame
        One row per tier found in ``tiers`` (in tier order): ``accounts``, and
        per account and year ``contacts`` (every interaction), ``visits``,
        ``events``, ``customisation_handled`` (customisation-request tickets
        opened), the median ``days_to_close`` of the tier's tickets and the
        mean ``account_management`` cost.

    Examples
    --------
    >>> tiers = pd.Series(["strategic", "general"], index=["A", "B"])
    >>> interactions = pd.DataFrame({"customer_id": ["A", "A", "B"], "date": ["2025-01-05", "2025-02-01", "2025-03-01"],
    ...                              "type": ["visit", "call", "email"]})
    >>> tickets = pd.DataFrame({"customer_id": ["A"], "opened_date": ["2025-04-01"], "closed_date": ["2025-04-03"],
    ...                         "category": ["customisation request"]})
    >>> cts = pd.DataFrame({"customer_id": ["A", "B"], "year": [2025, 2025], "account_management": [9000.0, 600.0]})
    >>> levels = service_levels(tiers, interactions, tickets, cts, 2025)
    >>> levels[["accounts", "contacts", "visits", "days_to_close"]]  # doctest: +NORMALIZE_WHITESPACE
               accounts  contacts  visits  days_to_close
    tier
    strategic         1       2.0     1.0            2.0
    general           1       1.0     0.0            NaN
    """
    if not isinstance(tiers, pd.Series) or tiers.empty or tiers.isna().any():
        raise CourseInputError("tiers must be a non-empty Series of tiers indexed by customer id, without gaps.")
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise CourseInputError(f"year must be a calendar year such as 2025, got {year!r}.")
    ids = tiers.index
    tier = tiers.astype("object")
    contacts = _in_year(interactions, "date", year, ids, table="interactions")
    require_columns(contacts, ["type"], table="interactions")
    opened = _in_year(tickets, "opened_date", year, ids, table="tickets")
    require_columns(opened, ["category", "closed_date"], table="tickets")
    days = (
        parse_dates(opened, "closed_date", table="tickets", allow_missing=True) - pd.to_datetime(opened["opened_date"])
    ).dt.days
    require_columns(cost_to_serve, ["customer_id", "year", "account_management"], table="cost_to_serve")
    cts = cost_to_serve.loc[(parse_numbers(cost_to_serve, "year", table="cost_to_serve") == year).to_numpy()]
    am = parse_numbers(cts, "account_management", table="cost_to_serve").groupby(cts["customer_id"].to_numpy()).sum()

    def per_account(frame: pd.DataFrame) -> pd.Series:
        return frame.groupby("customer_id").size().reindex(ids, fill_value=0).groupby(tier.to_numpy()).mean()

    kind = contacts["type"].astype("object")
    table = pd.DataFrame(
        {
            "accounts": tier.value_counts(),
            "contacts": per_account(contacts),
            "visits": per_account(contacts.loc[(kind == "visit").to_numpy()]),
            "events": per_account(contacts.loc[(kind == "event").to_numpy()]),
            "customisation_handled": per_account(
                opened.loc[(opened["category"].astype("object") == "customisation request").to_numpy()]
            ),
            "days_to_close": days.groupby(tier.reindex(opened["customer_id"]).to_numpy()).median(),
            "account_management": am.reindex(ids, fill_value=0.0).groupby(tier.to_numpy()).mean(),
        }
    )
    order = [t for t in TIERS[::-1] if t in table.index] + [t for t in table.index if t not in TIERS]
    table = table.reindex(order)
    table["accounts"] = table["accounts"].astype("int64")
    table.index.name = "tier"
    return table
