"""Lead to cash (LTC, 从线索到回款) for every customer: funnel, cycle times, stalls, key-account pipelines.

LTC is the end-to-end process from a lead to the money collected, run for
every customer by the iron triangle (铁三角); the leads come from MTL
(market to lead, 市场到线索: marketing campaigns turn the market into leads,
source 001's "early opportunity mining"). Source 001 describes the same
three steps for developing ordinary customers -- mine opportunities early,
push the (first) project through, collect the payment -- but the steps are
the company's one sales process, and key accounts run them too, against
their plan's sales target. The opportunities table follows each deal from
lead to contract and payment; the deliveries table adds when the contract
was delivered; payment collection on every order (the invoices) is in
:mod:`course.kam._payments`.

Definitions
-----------
Stages
    lead (every opportunity) → opportunity (qualified) → contract (signed)
    → delivery (delivered and invoiced) → payment (collected, 回款). A deal
    has reached a stage when the stage's date is on or before the as-of date.
Owner of a stage (:data:`STAGE_OWNERS`)
    Who of the iron triangle moves a deal out of the stage it has reached:
    the AR qualifies a lead, the SR turns an opportunity into a contract
    (the solution and the bid), the FR delivers the contract, the AR
    collects the payment. At an account without an SR and FR (not a key
    account) their steps fall to the inside-sales owner (IS) and the AR.
Conversion
    Deals that reached a stage / deals that reached the one before.
Cycle time
    Days between two stages' dates, for the deals that reached both.
Stalled deal
    An open deal (not lost, not paid) that has stayed at its stage longer
    than :data:`STALL_DAYS`, or that is delivered and past its due date.
Open pipeline (for :func:`account_pipeline`)
    Deals without a contract on the as-of date whose lead is at most
    :data:`DECIDED_DAYS` days old, for their expected amount. The table has
    no date of loss: a deal still without a contract that long after its
    lead is taken as lost or stalled (99 % of the contracts in the shipped
    data are signed within 160 days of the lead), so that the pipeline uses
    only what was known on the as-of date.
Win rate
    Of the deals whose lead is between ``DECIDED_DAYS + 365`` and
    ``DECIDED_DAYS`` days old on the as-of date (all decided by then): the
    share with a contract.

The ``stage`` column records the outcome at the end of the data: with an
earlier as-of date, :func:`deals` counts a deal lost later as lost already
(:func:`account_pipeline` does not use it).

Examples
--------
>>> from course.data import load_b2b
>>> funnel = ltc_funnel(load_b2b(), asof="2025-12-31")
>>> funnel.index.tolist()
['lead', 'opportunity', 'contract', 'delivery', 'payment']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.kam._inputs import DAY, as_of, get_table, purchases_of
from course.validation import CourseInputError

__all__ = [
    "STAGES",
    "STALL_DAYS",
    "deals",
    "ltc_funnel",
    "cycle_times",
    "stalled_deals",
    "penetration",
    "STAGE_OWNERS",
    "DECIDED_DAYS",
    "win_rate",
    "account_pipeline",
]

#: The LTC stages and the date that marks each.
STAGES: dict[str, str] = {
    "lead": "lead_date",
    "opportunity": "qualified_date",
    "contract": "contract_date",
    "delivery": "delivery_date",
    "payment": "payment_date",
}
#: Who of the iron triangle moves a deal on from the stage it has reached (the next step's owner).
STAGE_OWNERS: dict[str, str] = {"lead": "AR", "opportunity": "SR", "contract": "FR", "delivery": "AR"}
#: Days after its lead by which a deal without a contract counts as decided (lost or stalled).
DECIDED_DAYS = 180
#: Days an open deal may stay at a stage before it counts as stalled.
STALL_DAYS: dict[str, int] = {"lead": 60, "opportunity": 120, "contract": 90}


def deals(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """The opportunities known on the as-of date with their delivery date and the last stage reached.

    Stage dates after the as-of date are blanked (not reached yet); ``reached``
    is the last stage reached, ``lost`` whether the deal was lost.
    """
    day = as_of(db, asof)
    opps = get_table(
        db,
        "opportunities",
        [
            "opportunity_id",
            "customer_id",
            *list(STAGES.values())[:3],
            "payment_due_date",
            "payment_date",
            "expected_amount",
            "contract_amount",
            "stage",
        ],
        purpose="lead to cash",
    )
    delivered = get_table(db, "deliveries", ["opportunity_id", "delivery_date"], purpose="lead to cash")
    table = opps.loc[~(opps["lead_date"] > day)].merge(delivered[["opportunity_id", "delivery_date"]], how="left")
    if customers is not None:
        table = table[table["customer_id"].isin(list(customers))]
    for column in STAGES.values():
        table.loc[table[column] > day, column] = pd.NaT
    reached = np.select([table[c].notna() for c in list(STAGES.values())[::-1]], list(STAGES)[::-1], "lead")
    table["reached"] = pd.Categorical(reached, categories=list(STAGES), ordered=True)
    table["lost"] = (table["stage"].astype("object") == "lost") & table["contract_date"].isna()
    return table.reset_index(drop=True)


def ltc_funnel(
    db: object, asof: object = None, customers: Iterable[str] | None = None, min_age_days: int = 0
) -> pd.DataFrame:
    """The LTC funnel: deals reaching each stage, conversion from the stage before and from the lead.

    ``min_age_days`` keeps only leads at least that old, so that young deals
    that simply had no time yet do not pull the conversion down.
    """
    day = as_of(db, asof)
    table = deals(db, day, customers)
    table = table[table["lead_date"] <= day - min_age_days * DAY]
    if table.empty:
        raise CourseInputError("no deal is old enough for this funnel: lower min_age_days or choose a later asof.")
    counts = pd.Series({stage: int(table[column].notna().sum()) for stage, column in STAGES.items()})
    amount = pd.Series(
        {
            stage: float(table.loc[table[column].notna(), "expected_amount" if i < 2 else "contract_amount"].sum())
            for i, (stage, column) in enumerate(STAGES.items())
        }
    )
    funnel = pd.DataFrame({"deals": counts, "amount": amount})
    funnel["conversion"] = funnel["deals"] / funnel["deals"].shift(1)
    funnel["from_lead"] = funnel["deals"] / funnel["deals"].iloc[0]
    funnel.index.name = "stage"
    return funnel


def cycle_times(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Median and 90th-percentile days of each LTC step (and lead to payment), for the deals that made the step."""
    table = deals(db, asof, customers)
    steps = list(zip(list(STAGES)[:-1], list(STAGES)[1:], strict=True)) + [("lead", "payment")]
    rows = {}
    for start, end in steps:
        days = (table[STAGES[end]] - table[STAGES[start]]).dt.days.dropna()
        rows[f"{start} → {end}"] = {"deals": len(days), "median_days": days.median(), "p90_days": days.quantile(0.9)}
    return pd.DataFrame(rows).T.astype({"deals": "int64"}).rename_axis("step")


def stalled_deals(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Open deals stuck at a stage longer than :data:`STALL_DAYS`, and delivered deals past due and unpaid.

    Returns the deals with ``stuck_at`` (the stage), ``days_at_stage`` and
    ``owner`` (the role that must move the deal on, :data:`STAGE_OWNERS`;
    IS instead of SR or FR at an account without them), longest first.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> stalled = stalled_deals(load_b2b(), asof="2025-12-31")
    >>> set(stalled["owner"]) <= {"AR", "SR", "FR", "IS"}
    True
    """
    day = as_of(db, asof)
    table = deals(db, day, customers)
    open_deals = table[~table["lost"] & table["payment_date"].isna()].copy()
    at = open_deals["reached"].astype("object")
    since = pd.Series(pd.NaT, index=open_deals.index, dtype="datetime64[ns]")
    for stage, column in STAGES.items():
        since = since.where(at != stage, open_deals[column])
    open_deals["stuck_at"] = at
    open_deals["days_at_stage"] = (day - since).dt.days
    limit = at.map(STALL_DAYS)
    overdue = (at == "delivery") & (open_deals["payment_due_date"] < day)
    stalled = open_deals[(open_deals["days_at_stage"] > limit) | overdue].copy()
    team = get_table(db, "account_team", ["customer_id", "role"], purpose="the owners of stalled deals")
    named = set(zip(team["customer_id"], team["role"].astype("object"), strict=True))
    role = stalled["stuck_at"].map(STAGE_OWNERS)
    has_role = np.array([(c, r) in named for c, r in zip(stalled["customer_id"], role, strict=True)], dtype=bool)
    stalled["owner"] = role.where(has_role | (role == "AR"), "IS")
    return stalled.sort_values("days_at_stage", ascending=False)


def penetration(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """How far we have penetrated each account: product lines bought, white-space lines, new leads, first projects.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``lines_bought_12m`` (product lines with
        a completed purchase in the last 365 days), ``lines_in_wallet``
        (product lines with a wallet estimate above 0 in the wallet year),
        ``white_space_lines`` (in the wallet, not bought), ``leads_12m`` and
        ``contracts_12m`` (opportunities with a lead / a contract in the last
        365 days), ``first_contract`` (date of the account's first signed
        contract, NaT if none) and ``follow_on_12m``: whether a second contract
        followed within 365 days of the first -- source 001's project
        operation (项目运作推动), the first project pushed through to the next
        one; <NA> while the first contract is less than 365 days old.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> pen = penetration(load_b2b(), asof="2025-12-31")
    >>> bool(pen.loc[pen["first_contract"] > "2025-01-01", "follow_on_12m"].isna().all())
    True
    """
    from course.kam._selection import wallet_year  # same package: the wallet year is defined once

    day = as_of(db, asof)
    ids = pd.Index(get_table(db, "customers", ["customer_id"], purpose="penetration")["customer_id"])
    if customers is not None:
        ids = ids[ids.isin(list(customers))]
    lines = purchases_of(db, day)
    recent = lines[lines["order_date"] > day - 365 * DAY]
    wallet = get_table(db, "wallet", ["customer_id", "year", "product_line", "wallet"], purpose="penetration")
    wallet = wallet[(wallet["year"] == wallet_year(day)) & (wallet["wallet"] > 0)]
    bought = recent.groupby("customer_id")["product_line"].nunique()
    pairs_bought = set(zip(recent["customer_id"], recent["product_line"].astype("object"), strict=True))
    spare = wallet[
        [
            (c, p) not in pairs_bought
            for c, p in zip(wallet["customer_id"], wallet["product_line"].astype("object"), strict=True)
        ]
    ]
    table = deals(db, day)
    out = pd.DataFrame(index=ids.rename("customer_id"))
    out["lines_bought_12m"] = bought.reindex(out.index, fill_value=0).astype("int64")
    out["lines_in_wallet"] = wallet.groupby("customer_id").size().reindex(out.index, fill_value=0).astype("int64")
    out["white_space_lines"] = spare.groupby("customer_id").size().reindex(out.index, fill_value=0).astype("int64")
    for name, column in (("leads_12m", "lead_date"), ("contracts_12m", "contract_date")):
        recent_deals = table[table[column] > day - 365 * DAY]
        out[name] = recent_deals.groupby("customer_id").size().reindex(out.index, fill_value=0).astype("int64")
    signed = table.dropna(subset=["contract_date"]).sort_values(["customer_id", "contract_date"], kind="stable")
    first = signed.groupby("customer_id")["contract_date"].first()
    second = signed.groupby("customer_id")["contract_date"].nth(1)
    second = pd.Series(second.to_numpy(), index=signed.loc[second.index, "customer_id"].to_numpy())
    out["first_contract"] = first.reindex(out.index)
    gap = (second.reindex(out.index) - out["first_contract"]).dt.days
    follow_on = pd.Series(gap <= 365, index=out.index, dtype="boolean")
    out["follow_on_12m"] = follow_on.where(out["first_contract"] <= day - 365 * DAY, pd.NA)
    return out


def win_rate(db: object, asof: object = None, customers: Iterable[str] | None = None) -> float:
    """Share of the decided deals that were won: the module's definition (leads 180 to 545 days old on ``asof``).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> 0 < win_rate(load_b2b(), asof="2025-06-30") < 1
    True
    """
    day = as_of(db, asof)
    table = deals(db, day, customers)
    age = (day - table["lead_date"]).dt.days
    decided = table[(age > DECIDED_DAYS) & (age <= DECIDED_DAYS + 365)]
    return float(decided["contract_date"].notna().mean()) if len(decided) else float("nan")


def account_pipeline(
    db: object, asof: object = None, customers: Iterable[str] | None = None, year: int | None = None
) -> pd.DataFrame:
    """LTC for the key accounts: each planned account's open pipeline against what remains of its sales target.

    Parameters
    ----------
    db : B2BDatabase
        Needs opportunities, account_plans, account_team, orders.
    asof : date, optional
        The review date (a mid-year review, say); only what was known then is used.
    customers : iterable of str, optional
        Only these accounts (default: every account with a plan for ``year``).
    year : int, optional
        The plan year (default: the as-of date's year).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``AR``, ``SR``, ``FR`` (the account's
        iron triangle), ``sales_target``, ``revenue_ytd`` (completed order
        revenue of the plan year up to ``asof``), ``remaining_target``
        (target - revenue so far, at least 0), ``open_leads`` (owner: the AR)
        and ``open_opportunities`` (owner: the SR) with their
        ``open_pipeline`` (expected amount, the module's definition),
        ``win_rate`` (the planned accounts' pooled win rate, :func:`win_rate`),
        ``expected_wins`` (pipeline × win rate) and ``coverage`` = open
        pipeline / remaining target (NaN when the target is already met).
        A contract's amount is taken as sales to come: the data link contracts
        and orders only through the customer.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> pipe = account_pipeline(load_b2b(), asof="2025-06-30")
    >>> bool((pipe["remaining_target"] >= 0).all()), pipe.columns[:3].tolist()
    (True, ['AR', 'SR', 'FR'])
    """
    day = as_of(db, asof)
    year = day.year if year is None else int(year)
    plans = get_table(db, "account_plans", ["customer_id", "year", "sales_target"], purpose="the key-account pipeline")
    plans = plans[plans["year"] == year].set_index("customer_id")
    if customers is not None:
        plans = plans[plans.index.isin(list(customers))]
    if plans.empty:
        raise CourseInputError(
            f"account_pipeline: no account plan for {year} in table 'account_plans'"
            + (" among the customers given" if customers is not None else "")
            + ". Choose a plan year that has plans (account_plans['year'])."
        )
    ids = plans.index
    team = get_table(db, "account_team", ["customer_id", "role", "staff_id"], purpose="the key-account pipeline")
    team = team[team["customer_id"].isin(ids)].pivot(index="customer_id", columns="role", values="staff_id")
    out = pd.DataFrame(index=ids.rename("customer_id"))
    for role in ("AR", "SR", "FR"):
        out[role] = team[role].reindex(ids) if role in team.columns else pd.NA
    lines = purchases_of(db, day)
    ytd = lines[(lines["order_date"].dt.year == year) & lines["customer_id"].isin(ids)]
    out["sales_target"] = plans["sales_target"]
    out["revenue_ytd"] = ytd.groupby("customer_id")["revenue"].sum().reindex(ids, fill_value=0.0)
    out["remaining_target"] = (out["sales_target"] - out["revenue_ytd"]).clip(lower=0.0)
    table = deals(db, day, ids)
    age = (day - table["lead_date"]).dt.days
    pipeline = table[table["contract_date"].isna() & (age <= DECIDED_DAYS)]
    qualified = pipeline["qualified_date"].notna()
    out["open_leads"] = pipeline[~qualified].groupby("customer_id").size().reindex(ids, fill_value=0).astype("int64")
    opportunities = pipeline[qualified].groupby("customer_id").size()
    out["open_opportunities"] = opportunities.reindex(ids, fill_value=0).astype("int64")
    out["open_pipeline"] = pipeline.groupby("customer_id")["expected_amount"].sum().reindex(ids, fill_value=0.0)
    out["win_rate"] = win_rate(db, day, ids)
    out["expected_wins"] = out["open_pipeline"] * out["win_rate"]
    out["coverage"] = out["open_pipeline"] / out["remaining_target"].where(out["remaining_target"] > 0)
    return out
