"""Checks for Exercise 04, the Pareto principle and the profit whale curve (二八法则).

Each function recomputes the expected answer from the database it is given
(plain pandas on the order lines and cost-to-serve, and the tested
:mod:`course.pareto` functions), so it holds for any seed or size. When an
answer is wrong it looks for the usual mistakes -- cancelled lines kept,
prospects counted as customers, the ranking taken from the bottom, a
percentage instead of a fraction (or, for the whale curve's peak, which lies
above 1, instead of the share itself), margin instead of profit -- and names
the one it finds.

Definitions the questions use: a *customer* is an account with at least one
completed order line; revenue, margin and cost-to-serve are summed over the
whole period; profit = margin - cost-to-serve (0 if none recorded).

Examples
--------
>>> from course.checks import lesson04 as check
>>> check.q1(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `top20_share` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from course import pareto
from course.checks import as_series, check_number, check_series, fail, matches_series, question
from course.checks._lessons import (
    ALL_LINES,
    COMPLETED_LINES,
    PERCENT,
    all_ids,
    completed,
    customer_profit,
    customer_sum,
    ids,
)
from course.i18n import N_
from course.i18n import gettext as _

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]


def _revenue(db) -> pd.Series:
    return customer_sum(completed(db), "revenue")


def _top_share(values: pd.Series, k: int, *, largest: bool = True) -> float:
    ranked = np.sort(values.to_numpy(dtype=float))
    chosen = ranked[len(ranked) - k :] if largest else ranked[:k]
    return float(chosen.sum() / ranked.sum()) if k else 0.0


# --------------------------------------------------------------------------- questions


@question(N_("share of revenue from the top 20% of customers"))
def q1(top20_share: object, db) -> None:
    revenue = _revenue(db)
    n = len(revenue)
    ceil_k, floor_k = math.ceil(round(0.2 * n, 9)), int(0.2 * n)
    expected = _top_share(revenue, ceil_k)
    everything = customer_sum(db.orders, "revenue")
    with_prospects = revenue.reindex(all_ids(db), fill_value=0.0)
    mistakes = [
        (100 * expected, _(PERCENT)),
        (_top_share(everything, math.ceil(0.2 * len(everything))), _(ALL_LINES)),
        (
            _top_share(with_prospects, math.ceil(0.2 * len(with_prospects))),
            _("it counts the prospects (no completed order) as customers: 20% of the buyers only."),
        ),
        (
            _top_share(revenue, ceil_k, largest=False),
            _("that is the share of the SMALLEST 20%; sort from the largest revenue down."),
        ),
        (_top_share(customer_sum(completed(db), "margin"), ceil_k), _("that is the share of margin, not of revenue.")),
    ]
    check_number(
        top20_share,
        expected,
        accept=[_top_share(revenue, floor_k)],
        mistakes=mistakes,
        hint=_(
            "{completed}; revenue per customer with `.groupby('customer_id')['revenue'].sum()`; "
            "then `.sort_values(ascending=False).head(math.ceil(0.2 * n)).sum()` divided by the total."
        ).format(completed=_(COMPLETED_LINES)),
    )


@question(N_("Gini coefficient of revenue per customer"))
def q2(gini_revenue: object, db) -> None:
    revenue = _revenue(db)
    n = len(revenue)
    expected = pareto.gini(revenue)
    mistakes = [
        (100 * expected, _(PERCENT)),
        (pareto.gini(customer_sum(db.orders, "revenue")), _(ALL_LINES)),
        (
            pareto.gini(revenue.reindex(all_ids(db), fill_value=0.0)),
            _("it counts the prospects (revenue 0) as customers."),
        ),
        (
            pareto.gini(customer_sum(completed(db), "margin").clip(lower=0)),
            _("that is the Gini of margin, not of revenue."),
        ),
        (1 - expected, _("that is 1 − Gini; the Gini grows with concentration.")),
    ]
    check_number(
        gini_revenue,
        expected,
        accept=[expected * n / (n - 1)],  # with or without the small-sample correction
        mistakes=mistakes,
        hint=_(
            "sort revenue ascending, x(1) ≤ … ≤ x(n), and use G = 2·Σ i·x(i) / (n·Σ x) − (n + 1)/n, "
            "or `course.pareto.gini(revenue)`."
        ),
    )


@question(N_("smallest share of customers making 80% of revenue"))
def q3(share_for_80: object, db) -> None:
    revenue = _revenue(db)
    n = len(revenue)
    expected = pareto.share_of_customers_for(revenue, 0.8)
    k = round(expected * n)
    ascending = revenue.sort_values().cumsum() / revenue.sum()
    mistakes = [
        (100 * expected, _(PERCENT)),
        (float(k), _("that is the number of customers; divide it by the number of customers.")),
        ((k - 1) / n, _("that counts the customers BEFORE the one that takes the total to 80%; include that one.")),
        (k / len(all_ids(db)), _("it divides by all accounts, prospects included; divide by the buyers.")),
        (
            pareto.share_of_customers_for(customer_sum(db.orders, "revenue"), 0.8),
            _(ALL_LINES),
        ),
        (
            float((ascending < 0.8).sum() + 1) / n,
            _("that walks from the smallest customer up; sort from the largest down."),
        ),
    ]
    check_number(
        share_for_80,
        expected,
        mistakes=mistakes,
        hint=_(
            "rank customers from the largest revenue down, take the cumulative share of revenue, count "
            "the customers until it first reaches 0.8 — `(cum_share < 0.8).sum() + 1` — and divide by n."
        ),
    )


def _abc_counts(values: pd.Series, *, inclusive: bool = False, ascending: bool = False) -> pd.Series:
    ranked = values.sort_values(ascending=ascending, kind="stable")
    cum = ranked.cumsum() / ranked.sum()
    ref = cum if inclusive else cum - ranked / ranked.sum()
    if inclusive:
        labels = np.select([ref <= 0.8 + 1e-12, ref <= 0.95 + 1e-12], ["A", "B"], default="C")
    else:
        labels = np.select([ref < 0.8 - 1e-12, ref < 0.95 - 1e-12], ["A", "B"], default="C")
    counts = pd.Series(labels).value_counts()
    return counts.reindex(pd.Index(["A", "B", "C"], dtype="object"), fill_value=0).astype("int64")


@question(N_("number of customers per ABC class"))
def q4(abc_counts: object, db) -> None:
    revenue = _revenue(db)
    table = pareto.abc_classes(revenue)
    expected = (
        table["abc_class"]
        .astype("object")
        .value_counts()
        .reindex(pd.Index(["A", "B", "C"], dtype="object"), fill_value=0)
    )
    expected = expected.astype("int64")
    value = as_series(abc_counts)
    if isinstance(value, pd.Series) and set(value.index) == {"A", "B", "C"} and np.isclose(float(value.sum()), 1.0):
        raise fail(
            _(
                "`abc_counts` holds shares; the question asks for numbers of customers "
                "(use `.value_counts()`, not `normalize=True`)."
            ),
        )
    mistakes = [
        (_abc_counts(customer_sum(db.orders, "revenue")), _(ALL_LINES)),
        (
            _abc_counts(revenue.reindex(all_ids(db), fill_value=0.0)),
            _("it counts the prospects as (class C) customers; use the buyers only."),
        ),
        (
            _abc_counts(revenue, ascending=True),
            _("the ranking runs from the smallest customer up; sort from the largest down."),
        ),
    ]
    check_series(
        value,
        expected,
        accept=[_abc_counts(revenue, inclusive=True)],  # "cumulative share <= 80%" is accepted too
        mistakes=mistakes,
        hint=_(
            "rank by revenue from the largest down; a customer is A while the customers before it hold less "
            "than 80% of revenue, B while they hold less than 95%, else C; or use "
            "`course.pareto.abc_classes(revenue)`. "
            "Give a Series indexed 'A', 'B', 'C'."
        ),
    )


def _explain_profit(value: pd.Series, expected: pd.Series, db) -> None:
    """For a profit that is neither right nor a known mistake: say which customers are too many, or lack a cost."""
    extra = value.index.difference(expected.index)
    if len(extra) and len(value) == len(expected) + len(extra):
        ordered = set(ids(db.orders["customer_id"]))
        if all(e in ordered for e in extra):
            why = _("customers whose order lines are all cancelled or returned")
        else:
            why = _("prospects without a completed order")
        raise fail(
            _("`profit` has {count} customers too many (e.g. {examples}): {why}.").format(
                count=f"{len(extra):,}", examples=list(extra[:2]), why=why
            ),
            _(
                "compute profit for the customers with completed lines only: "
                "`cost_to_serve.reindex(margin.index, fill_value=0)`."
            ),
        )
    if value.isna().any() and len(value) == len(expected):
        raise fail(
            _("`profit` has {count} missing values: customers without a cost-to-serve record.").format(
                count=f"{int(value.isna().sum()):,}"
            ),
            _("their cost to serve is 0: `margin - cost_to_serve.reindex(margin.index, fill_value=0)`."),
        )


@question(N_("profit per customer after cost-to-serve"))
def q5(profit: object, db) -> None:
    expected = customer_profit(db)
    value = as_series(profit)
    hint = _(
        "{completed}; margin per customer, minus `db.cost_to_serve.groupby('customer_id')['total'].sum()` "
        "aligned on the margin's customers with `.reindex(margin.index, fill_value=0)`."
    ).format(completed=_(COMPLETED_LINES))
    mistakes = [
        (customer_profit(db, column="revenue"), _("that is revenue − cost to serve; profit starts from the margin.")),
        (customer_profit(db, lines=db.orders), _("it includes the margin of cancelled and returned lines.")),
        (customer_sum(completed(db), "margin"), _("that is the margin alone; subtract the cost to serve.")),
        (-expected, _("the sign is reversed: margin − cost to serve.")),
    ]
    known = [expected, *(candidate for candidate, _ in mistakes)]
    if isinstance(value, pd.Series) and not any(matches_series(value, answer) for answer in known):
        _explain_profit(value, expected, db)
    check_series(value, expected, mistakes=mistakes, hint=hint)


@question(N_("height of the profit whale curve's peak"))
def q6(peak_share: object, db) -> None:
    profit = customer_profit(db)
    peak = pareto.whale_peak(profit)
    expected = peak["peak_share"]
    mistakes = [
        # the peak is 1 or more, so PERCENT's "a fraction between 0 and 1" would mislead: show the share itself
        (
            100 * expected,
            _("that is a percentage; give {share}: the peak as a share of total profit, which can exceed 1.").format(
                share=f"{expected:.4g}"
            ),
        ),
        (peak["peak_profit"], _("that is the peak in money; divide it by the total profit.")),
        (
            peak["peak_customer_share"],
            _("that is WHERE the peak falls (share of customers); the question asks how high it is."),
        ),
        (
            1.0,
            _(
                "the curve ends at 100%; its maximum lies before the end when customers are sorted from the most "
                "profitable down."
            ),
        ),
        (
            pareto.whale_peak(customer_profit(db, among=all_ids(db)))["peak_share"],
            _("it counts the prospects as customers; use the buyers only."),
        ),
        (pareto.whale_peak(customer_profit(db, lines=db.orders))["peak_share"], _(ALL_LINES)),
        (
            float(profit.max() / profit.sum()),
            _("that is the first customer only; take the maximum of the cumulative sum."),
        ),
    ]
    check_number(
        peak_share,
        expected,
        mistakes=mistakes,
        hint=_(
            "sort the profit of Question 5 from the largest down, `cumsum()`, divide by the total profit, "
            "and take the `.max()`; or `course.pareto.whale_peak(profit)['peak_share']`."
        ),
    )


@question(N_("share of loss-making customers"))
def q7(loss_share: object, db) -> None:
    profit = customer_profit(db)
    expected = float((profit < 0).mean())
    margin = customer_sum(completed(db), "margin")
    mistakes = [
        (100 * expected, _(PERCENT)),
        (float((profit < 0).sum()), _("that is a count; divide by the number of customers.")),
        (
            float((customer_profit(db, among=all_ids(db)) < 0).mean()),
            _("it counts the prospects too: use only customers who bought."),
        ),
        (float((margin < 0).mean()), _("that uses the margin alone; subtract the cost to serve.")),
        (float((profit <= 0).mean()), _("customers with a profit of exactly 0 do not lose money: use `< 0`.")),
        (
            float((customer_profit(db, column="revenue") < 0).mean()),
            _("profit is margin − cost to serve, not revenue − cost to serve."),
        ),
    ]
    check_number(
        loss_share,
        expected,
        mistakes=mistakes,
        hint=_("with the profit of Question 5: `(profit < 0).mean()`."),
    )
