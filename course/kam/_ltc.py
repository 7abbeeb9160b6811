"""Ordinary customers' penetration and lead to cash (LTC, 线索到回款): funnel, cycle times, stalls, receivables.

Source 001 develops ordinary customers in three steps: mine opportunities
early, push the first project through, and make sure the contract is
executed and paid (回款). The opportunities table follows each deal from
lead to contract and payment; the deliveries table adds when the contract
was delivered and invoiced.

Definitions
-----------
Stages
    lead (every opportunity) → opportunity (qualified) → contract (signed)
    → delivery (delivered and invoiced) → payment (collected, 回款). A deal
    has reached a stage when the stage's date is on or before the as-of date.
Conversion
    Deals that reached a stage / deals that reached the one before.
Cycle time
    Days between two stages' dates, for the deals that reached both.
Stalled deal
    An open deal (not lost, not paid) that has stayed at its stage longer
    than :data:`STALL_DAYS`, or that is delivered and past its due date.
Receivable
    A delivered (invoiced) contract not paid by the as-of date, for its
    contract amount. *Days outstanding*: since delivery; *days past due*:
    since the payment due date. Ageing buckets (0-30 / 31-60 / 61-90 / 90+
    days) by days past due ("not yet due" before the due date) or by days
    outstanding.
DSO (days sales outstanding)
    Receivables / contract amounts delivered in the 365 days up to the as-of
    date × 365: how many days of sales are waiting to be collected.

The ``stage`` column records the outcome at the end of the data: with an
earlier as-of date, a deal lost later counts as lost already.

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
    "AGE_BUCKETS",
    "deals",
    "ltc_funnel",
    "cycle_times",
    "stalled_deals",
    "receivables",
    "ageing",
    "dso",
    "penetration",
]

#: The LTC stages and the date that marks each.
STAGES: dict[str, str] = {
    "lead": "lead_date",
    "opportunity": "qualified_date",
    "contract": "contract_date",
    "delivery": "delivery_date",
    "payment": "payment_date",
}
#: Days an open deal may stay at a stage before it counts as stalled.
STALL_DAYS: dict[str, int] = {"lead": 60, "opportunity": 120, "contract": 90}
#: Overdue buckets of receivables (days past due).
AGE_BUCKETS: tuple[str, ...] = ("not yet due", "0-30", "31-60", "61-90", "90+")


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

    Returns the deals with ``stuck_at`` (the stage) and ``days_at_stage``,
    longest first.
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
    stalled = open_deals[(open_deals["days_at_stage"] > limit) | overdue]
    return stalled.sort_values("days_at_stage", ascending=False)


def receivables(db: object, asof: object = None, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Delivered contracts not paid on the as-of date: amount, due date, days past due and age bucket."""
    day = as_of(db, asof)
    table = deals(db, day, customers)
    open_items = table[table["delivery_date"].notna() & table["payment_date"].isna()].copy()
    open_items["days_outstanding"] = (day - open_items["delivery_date"]).dt.days
    open_items["days_past_due"] = (day - open_items["payment_due_date"]).dt.days
    bins = [-np.inf, 0, 30, 60, 90, np.inf]
    open_items["bucket"] = pd.cut(open_items["days_past_due"], bins=bins, labels=list(AGE_BUCKETS))
    open_items["outstanding_bucket"] = pd.cut(open_items["days_outstanding"], bins=bins[1:], labels=AGE_BUCKETS[1:])
    columns = [
        "opportunity_id",
        "customer_id",
        "delivery_date",
        "payment_due_date",
        "contract_amount",
        "days_outstanding",
        "days_past_due",
        "bucket",
        "outstanding_bucket",
    ]
    return open_items[columns].sort_values("days_past_due", ascending=False).reset_index(drop=True)


def ageing(open_items: pd.DataFrame, by: str = "past_due") -> pd.DataFrame:
    """Receivables per age bucket (from :func:`receivables`): items, amount and share of the amount.

    ``by="past_due"`` (default) ages them by days past due, ``by="outstanding"`` by days since delivery.
    """
    if by not in ("past_due", "outstanding"):
        raise CourseInputError(f"by must be 'past_due' or 'outstanding', got {by!r}.")
    column = "bucket" if by == "past_due" else "outstanding_bucket"
    grouped = open_items.groupby(column, observed=False)["contract_amount"]
    table = pd.DataFrame({"items": grouped.size(), "amount": grouped.sum()})
    total = table["amount"].sum()
    table["share"] = table["amount"] / total if total else 0.0
    return table


def dso(db: object, asof: object = None, customers: Iterable[str] | None = None) -> float:
    """Days sales outstanding on the as-of date (see the module's definitions); NaN without sales in the year.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> round(dso(load_b2b(), asof="2025-12-31"))
    31
    """
    day = as_of(db, asof)
    table = deals(db, day, customers)
    outstanding = table.loc[table["delivery_date"].notna() & table["payment_date"].isna(), "contract_amount"].sum()
    delivered = table.loc[table["delivery_date"] > day - 365 * DAY, "contract_amount"].sum()
    return float(outstanding / delivered * 365) if delivered > 0 else float("nan")


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
        365 days).
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
    return out
