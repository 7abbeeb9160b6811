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

import numpy as np
import pandas as pd

from course.checks import as_series, check_number, check_series, check_text, question
from course.checks._lessons import ASOF, PERCENT, buyers, customers
from course.i18n import N_
from course.i18n import gettext as _
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

#: The as-of date of the earlier tiering in Question 8.
ASOF_BEFORE = "2024-12-31"
#: The weights of Question 2.
WEIGHTS = {"revenue": 0.4, "profit": 0.4, "industry_influence": 0.2}
#: The shares of Question 3.
STRATEGIC_SHARE, IMPORTANT_SHARE = 0.03, 0.12


# --------------------------------------------------------------------------- helpers


def _without_prospects(value: object, buyer_ids: pd.Index) -> object:
    """``value`` as a Series (:func:`as_series`) without the prospects' entries when they are missing or 'prospect'
    (both are fine); anything else unchanged."""
    value = as_series(value)
    if not isinstance(value, pd.Series):
        return value
    extra = ~value.index.isin(buyer_ids)
    if extra.any() and (value[extra].isna() | value[extra].astype("object").eq("prospect")).all():
        return value[~extra]
    return value


def _check_buyer_series(value, expected, mistakes, *, buyer_ids: pd.Index, hint: str) -> None:
    """:func:`check_series` with the prospects' entries left out of the answer and of each mistake."""
    mistakes = [(_without_prospects(candidate, buyer_ids), message) for candidate, message in mistakes]
    check_series(_without_prospects(value, buyer_ids), expected, mistakes=mistakes, hint=hint)


def _labels(tiers: pd.Series) -> pd.Series:
    return as_series(tiers.astype("object"))


def _plain(answer: object) -> object:
    """A Series of labels as plain objects (tiers and groups may come as an ordered categorical)."""
    return answer.astype("object") if isinstance(answer, pd.Series) else answer


def _score(table: pd.DataFrame, weights=None, **kwargs) -> pd.Series:
    return tier_score(table, weights, **kwargs)


def _tiers(table: pd.DataFrame) -> pd.Series:
    """The tiers of Question 3: the exercise's weights and shares."""
    return assign_tiers(_score(table, WEIGHTS), STRATEGIC_SHARE, IMPORTANT_SHARE)


def _groups(db, table: pd.DataFrame, **kwargs) -> pd.Series:
    revenue_12m = recent_revenue(db.orders, ASOF, **kwargs).reindex(table.index, fill_value=0.0)
    return four_groups(table.assign(revenue_12m=revenue_12m))


# --------------------------------------------------------------------------- questions


@question(N_("percentile rank of profit among the buying customers"))
def q1(profit_rank: object, db) -> None:
    table = customers(db)
    bought = buyers(table)
    mistakes = [
        (
            table["profit"].rank(pct=True),
            _(
                "the prospects (no completed order) were ranked too; "
                "keep only the customers with `n_orders > 0` before ranking."
            ),
        ),
        (
            bought["profit"].rank(pct=True, ascending=False),
            _(
                "the ranking is reversed: the most profitable customer "
                "should get the highest percentile rank (close to 1)."
            ),
        ),
        (bought["profit"].rank(), _("these are ranks 1…n, not percentile ranks; use `rank(pct=True)`.")),
        (bought["revenue"].rank(pct=True), _("this ranks revenue; rank `profit` (margin minus cost to serve).")),
        (
            bought["margin"].rank(pct=True),
            _("this ranks the gross margin; rank `profit`, which also subtracts the cost to serve."),
        ),
    ]
    check_series(
        profit_rank,
        as_series(bought["profit"].rank(pct=True)),
        mistakes=mistakes,
        hint=_("`buyers = customers[customers['n_orders'] > 0]`, then `buyers['profit'].rank(pct=True)`."),
    )


@question(N_("tier score with weights 0.4 / 0.4 / 0.2"))
def q2(score: object, db) -> None:
    table = customers(db)
    buyer_ids = buyers(table).index
    mistakes = [
        (
            _score(table),
            _("this is the score with the default weights; use `weights = {weights}`.").format(weights=WEIGHTS),
        ),
        (_score(table, WEIGHTS) / 100, _("the score should be on a 0-100 scale; multiply the weighted mean by 100.")),
        (
            _score(table, WEIGHTS, prospect_column=None),
            _("the prospects were ranked too; they have no score (leave them out, or let `tier_score` do it)."),
        ),
        (
            _score(table, {"revenue": 1, "profit": 1, "industry_influence": 1}),
            _("the three criteria got equal weights; use 0.4, 0.4 and 0.2."),
        ),
    ]
    _check_buyer_series(
        score,
        as_series(_score(table, WEIGHTS).loc[buyer_ids]),
        mistakes,
        buyer_ids=buyer_ids,
        hint=f"`tier_score(customers, weights={WEIGHTS})`.",  # code only: the same in every language
    )


@question(N_("tiers with 3% strategic and 12% important customers"))
def q3(tiers: object, db) -> None:
    table = customers(db)
    buyer_ids = buyers(table).index
    score = _score(table, WEIGHTS)
    mistakes = [
        (
            _labels(assign_tiers(score)),
            _("these are the default shares (5% and 15%); use 3% strategic and 12% important."),
        ),
        (
            _labels(assign_tiers(score, STRATEGIC_SHARE, STRATEGIC_SHARE + IMPORTANT_SHARE)),
            _("`important_share` is the share of the important tier alone (0.12), not the cumulative share 0.15."),
        ),
        (
            _labels(assign_tiers(_score(table), STRATEGIC_SHARE, IMPORTANT_SHARE)),
            _("the tiers were cut from the default-weight score; use `score` from Question 2."),
        ),
        (
            _labels(assign_tiers(_score(table, WEIGHTS, prospect_column=None), STRATEGIC_SHARE, IMPORTANT_SHARE)),
            _("the prospects were counted when cutting the shares; they have no score."),
        ),
    ]
    _check_buyer_series(
        _plain(tiers),
        _labels(_tiers(table).loc[buyer_ids]),
        mistakes,
        buyer_ids=buyer_ids,
        hint=_("`assign_tiers(score, strategic_share=0.03, important_share=0.12)`."),
    )


@question(N_("the strategic tier's share of all profit"))
def q4(strategic_profit_share: object, db) -> None:
    table = customers(db)
    strategic = _tiers(table) == "strategic"
    bought = table["n_orders"] > 0
    expected = table.loc[strategic, "profit"].sum() / table["profit"].sum()
    mistakes = [
        (100 * expected, _(PERCENT)),
        (
            table.loc[strategic, "profit"].sum() / table.loc[bought, "profit"].sum(),
            _("the total should include the prospects (their cost to serve makes their profit negative)."),
        ),
        (
            table.loc[strategic, "revenue"].sum() / table["revenue"].sum(),
            _("that is the share of revenue, not of profit."),
        ),
        (
            table.loc[strategic, "margin"].sum() / table["margin"].sum(),
            _("that is the share of gross margin; profit also subtracts the cost to serve."),
        ),
        (strategic.mean(), _("that is the share of customers in the strategic tier, not their share of profit.")),
        (
            strategic.sum() / bought.sum(),
            _("that is the share of buying customers in the strategic tier, not their share of profit."),
        ),
    ]
    check_number(
        strategic_profit_share,
        expected,
        mistakes=mistakes,
        hint=_("`customers.loc[tiers == 'strategic', 'profit'].sum() / customers['profit'].sum()`."),
    )


@question(N_("the four groups old/new × big/small"))
def q5(groups: object, db) -> None:
    table = customers(db)
    buyer_ids = buyers(table).index
    revenue_12m = recent_revenue(db.orders, ASOF).reindex(table.index, fill_value=0.0)
    mistakes = [
        (
            _labels(four_groups(table, size_column="revenue")),
            _(
                "big/small was decided on lifetime revenue; "
                "use the revenue of the last 12 months (`recent_revenue(db.orders, ASOF)`)."
            ),
        ),
        (
            _labels(_groups(db, table, status=None)),
            _("the last-12-month revenue includes cancelled and returned lines; keep only the completed ones."),
        ),
        (
            _labels(four_groups(table.assign(revenue_12m=revenue_12m), old_after_years=1)),
            _("old means a first purchase at least 2 years ago, not 1."),
        ),
    ]
    _check_buyer_series(
        _plain(groups),
        _labels(_groups(db, table).loc[buyer_ids]),
        mistakes,
        buyer_ids=buyer_ids,
        hint=_(
            "add `revenue_12m = recent_revenue(db.orders, ASOF).reindex(customers.index, fill_value=0)` "
            "to the customers, then `four_groups(...)`."
        ),
    )


@question(N_("profit rate of each of the four groups"))
def q6(profit_rate: object, db) -> None:
    table = customers(db)
    table = table.assign(group=_groups(db, table).astype("object"))
    sums = table.groupby("group")[["revenue", "margin", "cost_to_serve", "profit"]].sum()
    grouped = table.dropna(subset=["group"])
    with np.errstate(divide="ignore", invalid="ignore"):
        per_customer = (grouped["profit"] / grouped["revenue"]).groupby(grouped["group"]).mean()
    mistakes = [
        (
            per_customer,
            _(
                "this is the mean of each customer's profit rate; take the ratio of the sums: "
                "total profit / total revenue of the group."
            ),
        ),
        (
            sums["margin"] / sums["revenue"],
            _("that is the gross margin rate; profit also subtracts the cost to serve."),
        ),
        (sums["cost_to_serve"] / sums["revenue"], _("that is the cost-to-serve rate, not the profit rate.")),
        (grouped.groupby("group")["profit"].mean(), _("that is the profit per customer, not per yuan of revenue.")),
    ]
    if isinstance(profit_rate, pd.DataFrame) and "profit_rate" in profit_rate.columns:
        profit_rate = profit_rate["profit_rate"]
    check_series(
        profit_rate,
        as_series(sums["profit"] / sums["revenue"]),
        mistakes=mistakes,
        hint=_(
            "`group_profit(customers.assign(group=groups), by='group')['profit_rate']`, or sum profit and revenue per "
            "group and divide."
        ),
    )


@question(N_("the black-hole group"))
def q7(black_hole: object, db=None) -> None:
    check_text(
        black_hole,
        choices=["old-big", "new-big", "new-small", "old-small"],
        expected="new-big",
        hint=_(
            "which group is costly to win and to serve, risky, and at best becomes a thin-margin customer later? "
            "Compare the cost-to-serve and profit rates of Question 6."
        ),
    )


@question(N_("customers with a tier in 2024 who moved up a tier by 2025"))
def q8(n_promoted: object, db) -> None:
    before = assign_tiers(tier_score(customers(db, ASOF_BEFORE)))
    after = assign_tiers(tier_score(customers(db, ASOF)))
    was_buyer = before != "prospect"
    expected = int((was_buyer & (after > before)).sum())
    mistakes = [
        (
            int((after > before).sum()),
            _(
                "the prospects of 2024 who placed a first order were counted too; "
                "count only the customers who already had a tier (general or important) at the end of 2024."
            ),
        ),
        (
            int(((before == "general") & (after > before)).sum()),
            _("only the general customers were counted; important customers who became strategic were promoted too."),
        ),
        (
            int(((before == "important") & (after == "strategic")).sum()),
            _(
                "only the moves to strategic were counted; "
                "general customers who became important or strategic were promoted too."
            ),
        ),
        (int((was_buyer & (after < before)).sum()), _("these are the customers who moved *down* a tier.")),
        (
            int((was_buyer & (after != before)).sum()),
            _("these are all the customers who changed tier, up or down; count only the moves up."),
        ),
        (
            int((was_buyer & (_tiers(customers(db)) > before)).sum()),
            _(
                "the 2025 tiers come from Question 3 (other weights and "
                "shares); tier both years the same way, with the defaults."
            ),
        ),
    ]
    check_number(
        n_promoted,
        expected,
        mistakes=mistakes,
        hint=_(
            "tier both tables with `assign_tiers(tier_score(...))`; the tiers are ordered, so "
            "`(tiers_2025 > tiers_2024) & (tiers_2024 != 'prospect')` marks the promoted customers. "
            "`tier_transitions(tiers_2024, tiers_2025)` shows the same moves as a table."
        ),
    )
