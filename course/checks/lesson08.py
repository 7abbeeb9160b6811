"""Answer checks for exercise 08, key-account planning (关系营销与大客户规划).

Each check recomputes its expected answer from the database it is given (as
of 2025-12-31), so the checks hold for any seed and size. The trainee
computes with pandas; the checks compute the same figure their own way --
with the tested :mod:`course.kam` functions where one exists (the classes,
the threads, the plan status), else from the tables. A wrong answer that
matches a known mistake -- all customers instead of the buyers, lifetime
instead of recent figures, contacts counted instead of working
relationships, actions not yet due, NPS as a mean score, DSO on the
contracts or on revenue mixed with the contracts' receivables -- gets its
own hint.

Examples
--------
>>> from course.data import load_b2b
>>> from course.checks import lesson08 as check
>>> check.q1(..., load_b2b())
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `big_customers` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import math

import pandas as pd

from course import kam
from course.checks import (
    check_ids,
    check_number,
    check_series,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, COMPLETED_HINT, PERCENT, completed, customer_sum
from course.i18n import N_
from course.i18n import gettext as _

__all__ = ["ASOF", "AT", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"]

#: The earlier date of the order-book question: silence at the end of 2024, losses in 2025.
AT = pd.Timestamp("2024-12-31")
_YEAR = ASOF.year
_DAY = pd.Timedelta(days=1)


def _accounts(db) -> pd.DataFrame:
    return kam.account_table(db, ASOF)


def _top_share(revenue: pd.Series, base: int) -> set[str]:
    return set(revenue[revenue > 0].sort_values(ascending=False, kind="stable").index[: math.ceil(0.05 * base)])


@question(N_("the big customers (大客户): top 5 % of the buyers by revenue of the last 365 days"))
def q1(big_customers: object, db) -> None:
    classes = kam.customer_classes(_accounts(db))
    expected = classes.index[classes["class"] == "big"]
    lines = completed(db)
    recent = customer_sum(lines[lines["order_date"] > ASOF - pd.Timedelta(days=365)], "revenue")
    lifetime = customer_sum(lines, "revenue")
    mistakes = [
        (
            _top_share(recent, len(db.customers)),
            _("5 % of the BUYERS of the last 12 months, not of every customer on file."),
        ),
        (
            _top_share(lifetime, int((recent > 0).sum())),
            _("rank by the revenue of the last 365 days, not of all years."),
        ),
    ]
    hint = _(
        "revenue_12m = completed lines with order_date > ASOF - 365 days, summed per customer; keep those > 0 and "
        "take the first ceil(0.05 * number of buyers) by revenue."
    )
    check_ids(big_customers, expected, hint=hint, mistakes=mistakes)


@question(N_("share of wallet of the big customers in 2025"))
def q2(share_of_wallet: object, db) -> None:
    accounts = _accounts(db)
    classes = kam.customer_classes(accounts)
    big = classes.index[classes["class"] == "big"]
    expected = accounts.loc[big, "share_of_wallet"]
    lines = completed(db)
    wallet = db.wallet.groupby("customer_id")["wallet"].sum()
    lifetime = customer_sum(lines, "revenue").reindex(big) / wallet.reindex(big)
    hint = mistake_hint(
        [
            (lambda: matches_series(share_of_wallet, 100 * expected), _(PERCENT)),
            (lambda: matches_series(share_of_wallet, lifetime), _("use the 2025 revenue and the 2025 wallet only.")),
            (
                lambda: matches_series(share_of_wallet, accounts.loc[big, "revenue_12m"] / accounts.loc[big, "wallet"]),
                _("that is the same here only when the last 365 days are the calendar year; use the 2025 revenue."),
            ),
        ],
        _("sum db.wallet for year 2025 per customer (all product lines) and divide the 2025 completed revenue by it."),
    )
    check_series(share_of_wallet, expected, hint=hint)


def _big(db) -> pd.Index:
    """The big customers with pandas: top 5 % of the buyers of the last 365 days by that revenue."""
    lines = completed(db)
    recent = customer_sum(lines[lines["order_date"] > ASOF - 365 * _DAY], "revenue")
    recent = recent[recent > 0].sort_values(ascending=False, kind="stable")
    return recent.index[: math.ceil(0.05 * len(recent))]


def _profit(lines: pd.DataFrame, costs: pd.DataFrame, among: pd.Index, column: str = "margin") -> pd.Series:
    return customer_sum(lines, column).reindex(among, fill_value=0.0) - customer_sum(costs, "total").reindex(
        among, fill_value=0.0
    )


@question(N_("the big customers that lost money in 2025 (margin - cost to serve < 0)"))
def q3(losing_big: object, db) -> None:
    big = _big(db)
    lines, costs = completed(db), db.cost_to_serve
    year_lines, year_costs = lines[lines["order_date"].dt.year == _YEAR], costs[costs["year"] == _YEAR]
    profit = _profit(year_lines, year_costs, big)
    everyone = pd.Index(db.customers["customer_id"].astype("object"))
    all_lines = db.orders[db.orders["order_date"].dt.year == _YEAR]
    variants = {
        "lifetime": _profit(lines, costs, big),
        "everyone": _profit(year_lines, year_costs, everyone),
        "all lines": _profit(all_lines, year_costs, big),
    }
    mistakes = [
        (
            set(variants["lifetime"].index[variants["lifetime"] < 0]),
            _(
                "use 2025 only: margin and cost to serve of 2025, "
                "not of all years (lifetime profit still carries the first year's acquisition costs)."
            ),
        ),
        (set(variants["everyone"].index[variants["everyone"] < 0]), _("keep only the big customers of question 1.")),
        (set(variants["all lines"].index[variants["all lines"] < 0]), _(COMPLETED_HINT)),
        (
            set(),
            _(
                "nobody? Profit is the 2025 MARGIN minus the 2025 cost to serve (db.cost_to_serve, column 'total'): "
                "neither the margin alone nor the revenue minus the cost."
            ),
        ),
    ]
    hint = _(
        "margin of the completed lines of 2025 per customer, minus db.cost_to_serve's 'total' of 2025 per customer "
        "(reindex both on big_customers with fill_value=0); keep the ids where it is < 0."
    )
    check_ids(losing_big, profit.index[profit < 0], hint=hint, mistakes=mistakes)


@question(N_("working relationships (threads) per customer in the 365 days up to 2025-12-31"))
def q4(threads: object, db) -> None:
    expected = kam.relationship_gaps(db, ASOF)["threads_12m"]
    met = db.interactions.merge(db.participants, on="interaction_id").dropna(subset=["contact_id"])
    recent = met[(met["date"] > ASOF - pd.Timedelta(days=365)) & (met["date"] <= ASOF)]
    contacts_only = recent.groupby("customer_id")["contact_id"].nunique()
    rows = recent.groupby("customer_id").size()
    ever = met[met["date"] <= ASOF][["customer_id", "staff_id", "contact_id"]].drop_duplicates()
    hint = mistake_hint(
        [
            (
                lambda: matches_series(threads, contacts_only),
                _(
                    "a thread is a PAIR: one of our people with one of "
                    "theirs; count distinct (staff_id, contact_id) pairs, not contacts."
                ),
            ),
            (
                lambda: matches_series(threads, rows),
                _("count distinct (staff_id, contact_id) pairs, not interactions."),
            ),
            (lambda: matches_series(threads, ever.groupby("customer_id").size()), _("only the last 365 days count.")),
        ],
        _(
            "merge interactions with participants, keep named contacts and dates in (ASOF - 365 days, ASOF], "
            "drop duplicate (customer_id, staff_id, contact_id) and count per customer (0 for the others)."
        ),
    )
    check_series(threads, expected, hint=hint, accept=[expected[expected > 0]])


def _silence(db, lines: pd.DataFrame | None = None, *, all_before: bool = False) -> tuple[pd.Series, pd.Series]:
    """Days since the last order on AT per 2024 buyer (every earlier buyer with ``all_before``), and lost in 2025."""
    lines = completed(db) if lines is None else lines
    before = lines[(lines["order_date"] > AT - 365 * _DAY) & ~(lines["order_date"] > AT)]
    if all_before:
        before = lines[~(lines["order_date"] > AT)]
    after = lines[(lines["order_date"] > AT) & ~(lines["order_date"] > AT + 365 * _DAY)]
    days = (AT - before.groupby(before["customer_id"].astype("object"))["order_date"].max()).dt.days
    lost = pd.Series(~days.index.isin(after["customer_id"].astype("object")), index=days.index)
    return days, lost


@question(N_("share of the most silent fifth of the 2024 buyers (days since the last order) lost in 2025"))
def q5(lost_silent: object, db) -> None:
    days, lost = _silence(db)
    expected = float(lost[days >= days.quantile(0.8)].mean())
    ranked = days.sort_values(ascending=False, kind="stable")
    accept = [
        float(lost[days > days.quantile(0.8)].mean()),
        float(lost[ranked.index[: len(days) // 5]].mean()),
        float(lost[ranked.index[: math.ceil(len(days) / 5)]].mean()),
        float(lost[pd.qcut(days.rank(method="first"), 5, labels=False) == 4].mean()),
    ]
    evidence = kam.health_evidence(db, at=AT)
    weakest = float(kam.evidence_by_band(evidence)["lost_share"].iloc[0])
    all_days, all_lost = _silence(db, db.orders)
    ever_days, ever_lost = _silence(db, all_before=True)
    check_number(
        lost_silent,
        expected,
        rtol=1e-6,
        accept=accept,
        mistakes=[
            (100 * expected, _(PERCENT)),
            (weakest, _("that is the weakest fifth by HEALTH (printed above); rank by days since the last order.")),
            (
                float(lost[days <= days.quantile(0.2)].mean()),
                _("that is the fifth that ordered most RECENTLY; keep the largest days since the last order."),
            ),
            (float(lost.mean()), _("that is the share lost among all 2024 buyers; keep the most silent fifth.")),
            (float(all_lost[all_days >= all_days.quantile(0.8)].mean()), _(COMPLETED_HINT)),
            (
                float(ever_lost[ever_days >= ever_days.quantile(0.8)].mean()),
                _(
                    "keep only the customers with an order "
                    "in the 365 days up to AT (2024-12-31): those lost earlier are not next year's losses."
                ),
            ),
        ],
        hint=_(
            "before = completed lines in (AT - 365 days, AT]; days = (AT - last order_date per customer).dt.days; "
            "silent = days.index[days >= days.quantile(0.8)]; lost = not among the customers of the completed lines in "
            "(AT, AT + 365 days]; lost_silent = mean of lost over silent."
        ),
    )


@question(N_("execution (actions done / due) per iron-triangle owner role in the 2025 plans"))
def q6(execution_by_role: object, db) -> None:
    actions = kam.action_status(db, ASOF).assign(owner_role=lambda t: t["owner_role"].astype(str))
    due = actions[actions["due"] & (actions["year"] == _YEAR)]
    grouped = due.groupby("owner_role")["done"]
    expected = grouped.sum() / grouped.size()
    every_year = actions[actions["due"]].groupby("owner_role")["done"].mean()
    hint = mistake_hint(
        [
            (lambda: matches_series(execution_by_role, 100 * expected), _(PERCENT)),
            (
                lambda: matches_series(execution_by_role, grouped.sum()),
                _("divide the actions done by the actions due."),
            ),
            (
                lambda: matches_series(execution_by_role, grouped.sum() / grouped.sum().sum()),
                _("that is each role's share of the actions done; divide by each role's actions DUE."),
            ),
            (lambda: matches_series(execution_by_role, every_year), _("keep only the plans of 2025 (`year`).")),
        ],
        _("due = actions[actions['due'] & (actions['year'] == 2025)]; due.groupby('owner_role')['done'].mean()."),
    )
    check_series(execution_by_role, expected, hint=hint)


@question(N_("the 2025 plans that are off plan (execution < 60 % or sales attainment < 90 %)"))
def q7(off_plan: object, db) -> None:
    status = kam.plan_status(db, ASOF)
    status = status[status["year"] == _YEAR]
    expected = status.index[~status["on_plan"]]
    both = status.index[(status["execution"] < 0.6) & (status["sales_attainment"] < 0.9)]
    on = status.index[status["on_plan"]]
    no_revenue = expected.difference(status.index[status["revenue"] == 0])
    mistakes = [
        (set(both), _("a plan is off plan when EITHER the execution OR the sales attainment is too low.")),
        (set(on), _("those are the plans ON plan.")),
        (
            set(no_revenue),
            _(
                "a plan whose customer bought nothing in 2025 reached 0 % of its target: it is off plan "
                "(fill the missing revenue with 0, do not drop the plan)."
            ),
        ),
    ]
    hint = _(
        "execution = done / due per plan_id (question 6's actions); attainment = completed revenue of 2025 of the "
        "plan's customer (0 if none) / sales_target; off plan = ~((execution >= 0.6) & (attainment >= 0.9))."
    )
    check_ids(off_plan, expected, hint=hint, mistakes=mistakes)


@question(N_("NPS of the surveys answered in 2025"))
def q8(nps_2025: object, db) -> None:
    scores = db.surveys.loc[db.surveys["date"].dt.year == _YEAR, "nps"]
    expected = 100 * float((scores >= 9).mean() - (scores <= 6).mean())
    promoters_8 = 100 * ((scores >= 8).mean() - (scores <= 6).mean())
    check_number(
        nps_2025,
        expected,
        mistakes=[
            (expected / 100, _("NPS is given in points from -100 to +100: multiply the difference of shares by 100.")),
            (float(scores.mean()), _("NPS is not the mean score: % promoters (9-10) - % detractors (0-6).")),
            (promoters_8, _("promoters answer 9 or 10, not 8.")),
        ],
        hint=_("nps = 100 * ((scores >= 9).mean() - (scores <= 6).mean()) for the 2025 answers."),
    )


def _invoices(db) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The invoices known on ASOF, and those of them still open (not paid by ASOF)."""
    invoices = db.invoices[~(db.invoices["invoice_date"] > ASOF)]
    return invoices, invoices[~(invoices["paid_date"] <= ASOF)]


def _contracts(db) -> tuple[float, float]:
    """Receivables and the value delivered in the last 365 days on the CONTRACTS (opportunities + deliveries)."""
    deals = db.opportunities.merge(db.deliveries[["opportunity_id", "delivery_date"]], on="opportunity_id")
    deals = deals[~(deals["delivery_date"] > ASOF)]
    open_items = deals[~(deals["payment_date"] <= ASOF)]
    recent = deals[deals["delivery_date"] > ASOF - 365 * _DAY]
    return float(open_items["contract_amount"].sum()), float(recent["contract_amount"].sum())


@question(N_("days sales outstanding (DSO) on the invoices, 2025-12-31"))
def q9(dso_days: object, db) -> None:
    invoices, open_invoices = _invoices(db)
    outstanding = float(open_invoices["amount"].sum())
    invoiced = float(invoices.loc[invoices["invoice_date"] > ASOF - 365 * _DAY, "amount"].sum())
    expected = outstanding / invoiced * 365
    lines = completed(db)
    revenue_12m = float(lines.loc[lines["order_date"] > ASOF - 365 * _DAY, "revenue"].sum())
    all_lines = float(db.orders.loc[db.orders["order_date"] > ASOF - 365 * _DAY, "revenue"].sum())
    contract_open, contract_sales = _contracts(db)
    overdue = float(open_invoices.loc[open_invoices["due_date"] < ASOF, "amount"].sum())
    check_number(
        dso_days,
        expected,
        # invoices add up to the completed revenue, so the textbook formula on revenue is right too
        accept=[outstanding / revenue_12m * 365],
        mistakes=[
            (
                contract_open / revenue_12m * 365,
                _(
                    "that is the textbook DSO on revenue, but with the CONTRACTS' receivables (kam.receivables) over "
                    "order revenue: two bases that do not reconcile. Take both from db.invoices: the open invoices "
                    "over the amount invoiced."
                ),
            ),
            (
                contract_open / contract_sales * 365,
                _("that is DSO on the contracts (opportunities and deliveries); use the invoices (db.invoices)."),
            ),
            (
                outstanding / all_lines * 365,
                _("only completed lines are invoiced: {completed}").format(completed=_(COMPLETED_HINT)),
            ),
            (
                outstanding / float(invoices["amount"].sum()) * 365,
                _("divide by the amount invoiced in the last 365 days, not in all years."),
            ),
            (overdue / invoiced * 365, _("the receivables are ALL open invoices, due or not yet due.")),
            (expected / 365, _("multiply by 365: DSO is in days.")),
        ],
        hint=_(
            "open = invoices with invoice_date <= ASOF and no paid_date on or before ASOF; DSO = open amount / "
            "amount invoiced in (ASOF - 365 days, ASOF] × 365."
        ),
    )


@question(N_("amount of the open invoices past their due date on 2025-12-31"))
def q10(overdue_amount: object, db) -> None:
    invoices, open_invoices = _invoices(db)
    expected = float(open_invoices.loc[open_invoices["due_date"] < ASOF, "amount"].sum())
    deals = db.opportunities.merge(db.deliveries[["opportunity_id", "delivery_date"]], on="opportunity_id")
    contracts = deals[~(deals["payment_date"] <= ASOF) & (deals["payment_due_date"] < ASOF)]
    check_number(
        overdue_amount,
        expected,
        rtol=1e-6,
        atol=0.01,
        accept=[float(open_invoices.loc[open_invoices["due_date"] <= ASOF, "amount"].sum())],
        mistakes=[
            (
                float(open_invoices["amount"].sum()),
                _("that is every open invoice; keep those whose due_date is before ASOF."),
            ),
            (
                float(invoices.loc[invoices["due_date"] < ASOF, "amount"].sum()),
                _("keep only the invoices still OPEN on ASOF (not paid by then)."),
            ),
            (float(contracts["contract_amount"].sum()), _("those are the contracts; use the invoices (db.invoices).")),
            (
                float(open_invoices.loc[(ASOF - open_invoices["invoice_date"]).dt.days > 30, "amount"].sum()),
                _("count from each invoice's due_date, not 30 days from the invoice date: terms differ."),
            ),
        ],
        hint=_("open_invoices.loc[open_invoices['due_date'] < ASOF, 'amount'].sum()."),
    )
