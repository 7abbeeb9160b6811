"""Checks for Exercise 02, strategic vs ordinary customers (战略客户与普通客户).

Each function rebuilds the customer table of the database it is given
(:func:`course.customers.customer_table` as of :data:`ASOF`), recomputes the
expected answer with plain pandas or the tested :mod:`course.tiers`
functions, and, when the answer is wrong, looks for the usual mistakes
(prospects ranked, default weights or shares kept, lifetime instead of
last-12-month revenue, a mean of ratios instead of a ratio of sums…) to give a
precise hint.

Examples
--------
>>> from course.checks import lesson02 as check
>>> check.q1(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `profit_rank` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from course.checks import answered, as_series, check_number, check_series, check_text
from course.customers import customer_table
from course.data import DEFAULT_ASOF
from course.tiers import assign_tiers, four_groups, recent_revenue, tier_score

__all__ = [
    "ASOF",
    "ASOF_BEFORE",
    "WEIGHTS",
    "STRATEGIC_SHARE",
    "IMPORTANT_SHARE",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
]

#: The as-of date of the exercise (the last day of the data).
ASOF = DEFAULT_ASOF
#: The as-of date of the earlier tiering in Question 8.
ASOF_BEFORE = "2024-12-31"
#: The weights of Question 2.
WEIGHTS = {"revenue": 0.4, "profit": 0.4, "industry_influence": 0.2}
#: The shares of Question 3.
STRATEGIC_SHARE, IMPORTANT_SHARE = 0.03, 0.12


# --------------------------------------------------------------------------- helpers


def _customers(db, asof: str = ASOF) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rows after asof are left out on purpose
        return customer_table(db, asof=asof)


def _buyers(db) -> pd.DataFrame:
    customers = _customers(db)
    return customers[customers["n_orders"] > 0]


def _without_prospects(value: object, buyers: pd.Index) -> object:
    """``value`` as a Series (:func:`as_series`) without the prospects' entries when they are missing or 'prospect'
    (both are fine); anything else unchanged."""
    value = as_series(value)
    if not isinstance(value, pd.Series):
        return value
    extra = ~value.index.isin(buyers)
    if extra.any() and (value[extra].isna() | value[extra].astype("object").eq("prospect")).all():
        return value[~extra]
    return value


def _check_buyer_series(value, expected, mistakes, *, buyers: pd.Index, **kwargs) -> None:
    """:func:`check_series` with the prospects' entries left out of the answer and of each mistake."""
    mistakes = [(_without_prospects(candidate, buyers), message) for candidate, message in mistakes]
    check_series(_without_prospects(value, buyers), expected, mistakes=mistakes, **kwargs)


def _labels(tiers: pd.Series) -> pd.Series:
    return as_series(tiers.astype("object"))


def _score(customers: pd.DataFrame, weights=None, **kwargs) -> pd.Series:
    return tier_score(customers, weights, **kwargs)


# --------------------------------------------------------------------------- questions


def q1(profit_rank: object, db) -> None:
    """Question 1: percentile rank of profit among the buying customers."""
    name, question = "profit_rank", "1"
    answered(profit_rank, name=name, question=question)
    customers = _customers(db)
    buyers = customers[customers["n_orders"] > 0]
    expected = as_series(buyers["profit"].rank(pct=True))
    mistakes = [
        (
            customers["profit"].rank(pct=True),
            "the prospects (no completed order) were ranked too; "
            "keep only the customers with `n_orders > 0` before ranking.",
        ),
        (
            buyers["profit"].rank(pct=True, ascending=False),
            "the ranking is reversed: the most profitable customer "
            "should get the highest percentile rank (close to 1).",
        ),
        (buyers["profit"].rank(), "these are ranks 1…n, not percentile ranks; use `rank(pct=True)`."),
        (buyers["revenue"].rank(pct=True), "this ranks revenue; rank `profit` (margin minus cost to serve)."),
        (
            buyers["margin"].rank(pct=True),
            "this ranks the gross margin; rank `profit`, which also subtracts the cost to serve.",
        ),
    ]
    check_series(
        profit_rank,
        expected,
        mistakes=mistakes,
        name=name,
        question=question,
        hint="`buyers = customers[customers['n_orders'] > 0]`, then `buyers['profit'].rank(pct=True)`.",
    )


def q2(score: object, db) -> None:
    """Question 2: tier score with the weights of the exercise."""
    name, question = "score", "2"
    answered(score, name=name, question=question)
    customers = _customers(db)
    buyers = customers.index[customers["n_orders"] > 0]
    expected = as_series(_score(customers, WEIGHTS).loc[buyers])
    mistakes = [
        (_score(customers), f"this is the score with the default weights; use `weights = {WEIGHTS}`."),
        (_score(customers, WEIGHTS) / 100, "the score should be on a 0-100 scale; multiply the weighted mean by 100."),
        (
            _score(customers, WEIGHTS, prospect_column=None),
            "the prospects were ranked too; they have no score (leave them out, or let `tier_score` do it).",
        ),
        (
            _score(customers, {"revenue": 1, "profit": 1, "industry_influence": 1}),
            "the three criteria got equal weights; use 0.4, 0.4 and 0.2.",
        ),
    ]
    _check_buyer_series(
        score,
        expected,
        mistakes,
        buyers=buyers,
        name=name,
        question=question,
        hint=f"`tier_score(customers, weights={WEIGHTS})`.",
    )


def q3(tiers: object, db) -> None:
    """Question 3: tiers with 3% strategic and 12% important customers."""
    name, question = "tiers", "3"
    answered(tiers, name=name, question=question)
    customers = _customers(db)
    buyers = customers.index[customers["n_orders"] > 0]
    score = _score(customers, WEIGHTS)
    expected = _labels(assign_tiers(score, STRATEGIC_SHARE, IMPORTANT_SHARE).loc[buyers])
    all_ranked = _score(customers, WEIGHTS, prospect_column=None)
    mistakes = [
        (
            _labels(assign_tiers(score)),
            "these are the default shares (5% and 15%); use 3% strategic and 12% important.",
        ),
        (
            _labels(assign_tiers(score, STRATEGIC_SHARE, STRATEGIC_SHARE + IMPORTANT_SHARE)),
            "`important_share` is the share of the important tier alone (0.12), not the cumulative share 0.15.",
        ),
        (
            _labels(assign_tiers(_score(customers), STRATEGIC_SHARE, IMPORTANT_SHARE)),
            "the tiers were cut from the default-weight score; use `score` from Question 2.",
        ),
        (
            _labels(assign_tiers(all_ranked, STRATEGIC_SHARE, IMPORTANT_SHARE)),
            "the prospects were counted when cutting the shares; they have no score.",
        ),
    ]
    if isinstance(tiers, pd.Series):
        tiers = tiers.astype("object")
    _check_buyer_series(
        tiers,
        expected,
        mistakes,
        buyers=buyers,
        name=name,
        question=question,
        hint="`assign_tiers(score, strategic_share=0.03, important_share=0.12)`.",
    )


def q4(strategic_profit_share: object, db) -> None:
    """Question 4: share of all customers' profit that the strategic tier brings."""
    name, question = "strategic_profit_share", "4"
    customers = _customers(db)
    tiers = assign_tiers(_score(customers, WEIGHTS), STRATEGIC_SHARE, IMPORTANT_SHARE)
    strategic = tiers == "strategic"
    buyers = customers["n_orders"] > 0
    expected = customers.loc[strategic, "profit"].sum() / customers["profit"].sum()
    mistakes = [
        (100 * expected, "give a fraction between 0 and 1, not a percentage."),
        (
            customers.loc[strategic, "profit"].sum() / customers.loc[buyers, "profit"].sum(),
            "the total should include the prospects (their cost to serve makes their profit negative).",
        ),
        (
            customers.loc[strategic, "revenue"].sum() / customers["revenue"].sum(),
            "that is the share of revenue, not of profit.",
        ),
        (
            customers.loc[strategic, "margin"].sum() / customers["margin"].sum(),
            "that is the share of gross margin; profit also subtracts the cost to serve.",
        ),
        (strategic.mean(), "that is the share of customers in the strategic tier, not their share of profit."),
        (
            strategic.sum() / buyers.sum(),
            "that is the share of buying customers in the strategic tier, not their share of profit.",
        ),
    ]
    check_number(
        strategic_profit_share,
        expected,
        mistakes=mistakes,
        name=name,
        question=question,
        hint="`customers.loc[tiers == 'strategic', 'profit'].sum() / customers['profit'].sum()`.",
    )


def _groups(db, customers: pd.DataFrame, **kwargs) -> pd.Series:
    revenue_12m = recent_revenue(db.orders, ASOF, **kwargs).reindex(customers.index, fill_value=0.0)
    return four_groups(customers.assign(revenue_12m=revenue_12m))


def q5(groups: object, db) -> None:
    """Question 5: the four groups old / new × big / small."""
    name, question = "groups", "5"
    answered(groups, name=name, question=question)
    customers = _customers(db)
    buyers = customers.index[customers["n_orders"] > 0]
    expected = _labels(_groups(db, customers).loc[buyers])
    mistakes = [
        (
            _labels(four_groups(customers, size_column="revenue")),
            "big/small was decided on lifetime revenue; "
            "use the revenue of the last 12 months (`recent_revenue(db.orders, ASOF)`).",
        ),
        (
            _labels(_groups(db, customers, status=None)),
            "the last-12-month revenue includes cancelled and returned lines; keep only the completed ones.",
        ),
        (
            _labels(
                four_groups(
                    customers.assign(
                        revenue_12m=recent_revenue(db.orders, ASOF).reindex(customers.index, fill_value=0.0)
                    ),
                    old_after_years=1,
                )
            ),
            "old means a first purchase at least 2 years ago, not 1.",
        ),
    ]
    if isinstance(groups, pd.Series):
        groups = groups.astype("object")
    _check_buyer_series(
        groups,
        expected,
        mistakes,
        buyers=buyers,
        name=name,
        question=question,
        hint="add `revenue_12m = recent_revenue(db.orders, ASOF).reindex(customers.index, fill_value=0)` "
        "to the customers, then `four_groups(...)`.",
    )


def q6(profit_rate: object, db) -> None:
    """Question 6: profit rate (profit / revenue) of each of the four groups."""
    name, question = "profit_rate", "6"
    answered(profit_rate, name=name, question=question)
    customers = _customers(db)
    customers = customers.assign(group=_groups(db, customers).astype("object"))
    sums = customers.groupby("group")[["revenue", "margin", "cost_to_serve", "profit"]].sum()
    expected = as_series(sums["profit"] / sums["revenue"])
    buyers = customers.dropna(subset=["group"])
    with np.errstate(divide="ignore", invalid="ignore"):
        per_customer = (buyers["profit"] / buyers["revenue"]).groupby(buyers["group"]).mean()
    mistakes = [
        (
            per_customer,
            "this is the mean of each customer's profit rate; take the ratio of the sums: "
            "total profit / total revenue of the group.",
        ),
        (sums["margin"] / sums["revenue"], "that is the gross margin rate; profit also subtracts the cost to serve."),
        (sums["cost_to_serve"] / sums["revenue"], "that is the cost-to-serve rate, not the profit rate."),
        (buyers.groupby("group")["profit"].mean(), "that is the profit per customer, not per yuan of revenue."),
    ]
    if isinstance(profit_rate, pd.DataFrame) and "profit_rate" in profit_rate.columns:
        profit_rate = profit_rate["profit_rate"]
    check_series(
        profit_rate,
        expected,
        mistakes=mistakes,
        name=name,
        question=question,
        hint="`group_profit(customers.assign(group=groups), by='group')['profit_rate']`, or sum profit and revenue per "
        "group and divide.",
    )


def q7(black_hole: object, db=None) -> None:
    """Question 7: the group source 004 calls a black hole (黑洞)."""
    check_text(
        black_hole,
        name="black_hole",
        question="7",
        choices=["old-big", "new-big", "new-small", "old-small"],
        expected="new-big",
        hint="which group is costly to win and to serve, risky, and at best becomes a thin-margin customer later? "
        "Compare the cost-to-serve and profit rates of Question 6.",
    )


def q8(n_promoted: object, db) -> None:
    """Question 8: buying customers of 2024 who are in a higher tier at the end of 2025."""
    name, question = "n_promoted", "8"
    before = assign_tiers(tier_score(_customers(db, ASOF_BEFORE)))
    after = assign_tiers(tier_score(_customers(db, ASOF)))
    was_buyer = before != "prospect"
    expected = int((was_buyer & (after > before)).sum())
    q3_after = assign_tiers(_score(_customers(db), WEIGHTS), STRATEGIC_SHARE, IMPORTANT_SHARE)
    mistakes = [
        (
            int((after > before).sum()),
            "the prospects of 2024 who placed a first order were counted too; "
            "count only the customers who already had a tier (general or important) at the end of 2024.",
        ),
        (
            int(((before == "general") & (after > before)).sum()),
            "only the general customers were counted; important customers who became strategic were promoted too.",
        ),
        (
            int(((before == "important") & (after == "strategic")).sum()),
            "only the moves to strategic were counted; "
            "general customers who became important or strategic were promoted too.",
        ),
        (int((was_buyer & (after < before)).sum()), "these are the customers who moved *down* a tier."),
        (
            int((was_buyer & (after != before)).sum()),
            "these are all the customers who changed tier, up or down; count only the moves up.",
        ),
        (
            int((was_buyer & (q3_after > before)).sum()),
            "the 2025 tiers come from Question 3 (other weights and "
            "shares); tier both years the same way, with the defaults.",
        ),
    ]
    check_number(
        n_promoted,
        expected,
        mistakes=mistakes,
        name=name,
        question=question,
        hint="tier both tables with `assign_tiers(tier_score(...))`; the tiers are ordered, so "
        "`(tiers_2025 > tiers_2024) & (tiers_2024 != 'prospect')` marks the promoted customers. "
        "`tier_transitions(tiers_2024, tiers_2025)` shows the same moves as a table.",
    )
