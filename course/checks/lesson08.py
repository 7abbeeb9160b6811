"""Answer checks for exercise 08, key-account planning (关系营销与大客户规划).

Each check recomputes its expected answer from the database it is given with
the tested :mod:`course.kam` functions (as of 2025-12-31), so the checks hold
for any seed and size. A wrong answer that matches a known mistake -- all
customers instead of the buyers, lifetime instead of last-12-month revenue,
contacts counted instead of working relationships, NPS as a mean score, DSO
over the wrong sales -- gets its own hint.

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
from collections.abc import Iterable

import pandas as pd

from course import kam
from course.checks import (
    answer_name,
    check_number,
    check_series,
    fail,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, PERCENT, completed, customer_sum

__all__ = ["ASOF", "AT", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"]

#: The earlier date of the health question: health at the end of 2024, losses in 2025.
AT = pd.Timestamp("2024-12-31")
_YEAR = ASOF.year


def _accounts(db) -> pd.DataFrame:
    return kam.account_table(db, ASOF)


def _status(db) -> pd.DataFrame:
    status = kam.plan_status(db, ASOF)
    return status[status["year"] == _YEAR]


def _as_ids(value: object) -> set[str] | None:
    """A collection of ids as a set of str (None when ``value`` is no collection of ids)."""
    if isinstance(value, pd.DataFrame):
        value = value.index
    if isinstance(value, pd.Series):
        value = value.index if value.dtype == bool or pd.api.types.is_numeric_dtype(value) else value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    return {str(v) for v in value}


def _check_ids(value: object, expected: Iterable[str], hint: str, mistakes: Iterable[tuple[set, str]] = ()) -> None:
    """Check a collection of ids (list, set, Index, or the index of a table) against ``expected``, in any order."""
    name = answer_name()
    got, want = _as_ids(value), {str(v) for v in expected}
    if got is None:
        raise fail(f"`{name}` should be a collection of ids (a list, set or Index), got {type(value).__name__}.", hint)
    if got == want:
        return
    for candidate, message in mistakes:
        if got == {str(v) for v in candidate}:
            raise fail(f"`{name}` is not right: {message}", hint)
    missing, extra = sorted(want - got), sorted(got - want)
    parts = [f"{len(missing)} missing (e.g. {missing[:3]})"] if missing else []
    parts += [f"{len(extra)} that should not be there (e.g. {extra[:3]})"] if extra else []
    raise fail(f"`{name}` has {len(got)} ids, {len(want)} expected: {'; '.join(parts)}.", hint)


def _top_share(revenue: pd.Series, base: int) -> set[str]:
    return set(revenue[revenue > 0].sort_values(ascending=False, kind="stable").index[: math.ceil(0.05 * base)])


@question("the big customers (大客户): top 5 % of the buyers by revenue of the last 365 days")
def q1(big_customers: object, db) -> None:
    classes = kam.customer_classes(_accounts(db))
    expected = classes.index[classes["class"] == "big"]
    lines = completed(db)
    recent = customer_sum(lines[lines["order_date"] > ASOF - pd.Timedelta(days=365)], "revenue")
    lifetime = customer_sum(lines, "revenue")
    mistakes = [
        (
            _top_share(recent, len(db.customers)),
            "5 % of the BUYERS of the last 12 months, not of every customer on file.",
        ),
        (_top_share(lifetime, int((recent > 0).sum())), "rank by the revenue of the last 365 days, not of all years."),
    ]
    hint = (
        "revenue_12m = completed lines with order_date > ASOF - 365 days, summed per customer; keep those > 0 and "
        "take the first ceil(0.05 * number of buyers) by revenue."
    )
    _check_ids(big_customers, expected, hint, mistakes)


@question("share of wallet of the big customers in 2025")
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
            (lambda: matches_series(share_of_wallet, 100 * expected), PERCENT),
            (lambda: matches_series(share_of_wallet, lifetime), "use the 2025 revenue and the 2025 wallet only."),
            (
                lambda: matches_series(share_of_wallet, accounts.loc[big, "revenue_12m"] / accounts.loc[big, "wallet"]),
                "that is the same here only when the last 365 days are the calendar year; use the 2025 revenue.",
            ),
        ],
        "sum db.wallet for year 2025 per customer (all product lines) and divide the 2025 completed revenue by it.",
    )
    check_series(share_of_wallet, expected, hint=hint)


@question("working relationships (threads) per customer in the 365 days up to 2025-12-31")
def q3(threads: object, db) -> None:
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
                "a thread is a PAIR: one of our people with one of "
                "theirs; count distinct (staff_id, contact_id) pairs, not contacts.",
            ),
            (lambda: matches_series(threads, rows), "count distinct (staff_id, contact_id) pairs, not interactions."),
            (lambda: matches_series(threads, ever.groupby("customer_id").size()), "only the last 365 days count."),
        ],
        "merge interactions with participants, keep named contacts and dates in (ASOF - 365 days, ASOF], "
        "drop duplicate (customer_id, staff_id, contact_id) and count per customer (0 for the others).",
    )
    check_series(threads, expected, hint=hint, accept=[expected[expected > 0]])


@question("share of 2024 buyers lost in 2025 among the fifth with the weakest relationship health")
def q4(lost_weakest: object, db) -> None:
    evidence = kam.health_evidence(db, at=AT)
    expected = float(kam.evidence_by_band(evidence)["lost_share"].iloc[0])
    by_quantile = float(evidence.loc[evidence["health"] <= evidence["health"].quantile(0.2), "lost"].mean())
    strongest = float(kam.evidence_by_band(evidence)["lost_share"].iloc[-1])
    check_number(
        lost_weakest,
        expected,
        rtol=1e-6,
        accept=[by_quantile],
        mistakes=[(100 * expected, PERCENT), (strongest, "that is the STRONGEST fifth; take the lowest health.")],
        hint="evidence = course.kam.health_evidence(db, at='2024-12-31'); "
        "course.kam.evidence_by_band(evidence)['lost_share'] gives the share per fifth, weakest first.",
    )


@question("execution (actions done / due) of each 2025 account plan")
def q5(execution: object, db) -> None:
    status = _status(db)
    expected = status["execution"]
    hint = mistake_hint(
        [
            (lambda: matches_series(execution, 100 * expected), PERCENT),
            (lambda: matches_series(execution, status["done"]), "divide the actions done by the actions due."),
        ],
        "actions = course.kam.action_status(db, asof=ASOF); per plan of 2025: done.sum() / due.sum() "
        "(course.kam.plan_status gives it as `execution`).",
    )
    check_series(execution, expected, hint=hint)


@question("the 2025 plans that are off plan (execution < 60 % or sales attainment < 90 %)")
def q6(off_plan: object, db) -> None:
    status = _status(db)
    expected = status.index[~status["on_plan"]]
    both = status.index[(status["execution"] < 0.6) & (status["sales_attainment"] < 0.9)]
    on = status.index[status["on_plan"]]
    mistakes = [
        (set(both), "a plan is off plan when EITHER the execution OR the sales attainment is too low."),
        (set(on), "those are the plans ON plan."),
    ]
    _check_ids(off_plan, expected, "off plan = ~((execution >= 0.6) & (sales_attainment >= 0.9)).", mistakes)


@question("NPS of the surveys answered in 2025")
def q7(nps_2025: object, db) -> None:
    scores = db.surveys.loc[db.surveys["date"].dt.year == _YEAR, "nps"]
    expected = kam.nps(scores)
    promoters_8 = 100 * ((scores >= 8).mean() - (scores <= 6).mean())
    check_number(
        nps_2025,
        expected,
        mistakes=[
            (expected / 100, "NPS is given in points from -100 to +100: multiply the difference of shares by 100."),
            (float(scores.mean()), "NPS is not the mean score: % promoters (9-10) - % detractors (0-6)."),
            (promoters_8, "promoters answer 9 or 10, not 8."),
        ],
        hint="nps = 100 * ((scores >= 9).mean() - (scores <= 6).mean()) for the 2025 answers.",
    )


def _receivables(db) -> pd.DataFrame:
    return kam.receivables(db, ASOF)


@question("days sales outstanding (DSO) on 2025-12-31")
def q8(dso_days: object, db) -> None:
    expected = kam.dso(db, ASOF)
    items = _receivables(db)
    outstanding = items["amount"].sum()
    invoices = kam.invoices_as_of(db, ASOF)
    all_time = invoices["amount"].sum()
    overdue_only = items.loc[items["days_past_due"] > 0, "amount"].sum()
    year = invoices.loc[invoices["invoice_date"] > ASOF - pd.Timedelta(days=365), "amount"].sum()
    check_number(
        dso_days,
        expected,
        mistakes=[
            (outstanding / all_time * 365, "divide by the sales of the last 365 days, not of all years."),
            (overdue_only / year * 365, "the receivables are every open invoice, not only the overdue ones."),
            (expected / 365, "multiply by 365: DSO is in days."),
        ],
        hint="receivables = invoices not paid on ASOF (course.kam.receivables); "
        "DSO = receivables / amount invoiced in the last 365 days × 365.",
    )


@question("amount of the receivables past their due date on 2025-12-31")
def q9(overdue_amount: object, db) -> None:
    items = _receivables(db)
    expected = float(items.loc[items["days_past_due"] > 0, "amount"].sum())
    total = float(items["amount"].sum())
    by_age = float(items.loc[items["days_outstanding"] > 30, "amount"].sum())
    check_number(
        overdue_amount,
        expected,
        rtol=1e-6,
        atol=0.01,
        mistakes=[
            (total, "that is every receivable; keep those whose due_date is before ASOF."),
            (by_age, "count from each due date (days_past_due), not from the invoice date: terms differ."),
        ],
        hint="items = course.kam.receivables(db, asof=ASOF); items.loc[items['days_past_due'] > 0, 'amount'].sum().",
    )
