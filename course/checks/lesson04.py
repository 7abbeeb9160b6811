"""Checks for Exercise 04, the Pareto principle and the profit whale curve (二八法则).

Each function recomputes the expected answer from the database it is given
(plain pandas on the order lines and cost-to-serve, and the tested
:mod:`course.pareto` functions), so it holds for any seed or size. When an
answer is wrong it looks for the usual mistakes -- cancelled lines kept,
prospects counted as customers, the ranking taken from the bottom, a
percentage instead of a fraction, margin instead of profit -- and names the
one it finds.

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
from course.checks import (
    answered,
    as_series,
    check_number,
    check_series,
    fail,
    matches_series,
)
from course.purchases import completed_orders

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

_COMPLETED = "keep only the completed order lines: `db.orders[db.orders['status'] == 'completed']`"
_PERCENT = "give a fraction between 0 and 1, not a percentage."


# --------------------------------------------------------------------------- the data, recomputed


def _ids(series: pd.Series) -> pd.Series:
    return series.astype("object")


def _completed(db) -> pd.DataFrame:
    return completed_orders(db.orders)


def _per_customer(lines: pd.DataFrame, column: str) -> pd.Series:
    return lines.groupby(_ids(lines["customer_id"]), sort=True)[column].sum()


def _cost_to_serve(db) -> pd.Series:
    cts = db.cost_to_serve
    return cts.groupby(_ids(cts["customer_id"]), sort=True)["total"].sum()


def _revenue(db) -> pd.Series:
    return _per_customer(_completed(db), "revenue")


def _all_ids(db) -> pd.Index:
    return pd.Index(_ids(db.customers["customer_id"]))


def _profit(db, *, lines: pd.DataFrame | None = None, column: str = "margin", ids: pd.Index | None = None) -> pd.Series:
    """Margin (or another column) of ``lines`` minus cost-to-serve, for the buyers (or ``ids``)."""
    lines = _completed(db) if lines is None else lines
    value = _per_customer(lines, column)
    ids = value.index if ids is None else ids
    return value.reindex(ids, fill_value=0.0) - _cost_to_serve(db).reindex(ids, fill_value=0.0)


def _top_share(values: pd.Series, k: int, *, largest: bool = True) -> float:
    ranked = np.sort(values.to_numpy(dtype=float))
    chosen = ranked[len(ranked) - k :] if largest else ranked[:k]
    return float(chosen.sum() / ranked.sum()) if k else 0.0


# --------------------------------------------------------------------------- questions


def q1(top20_share: object, db) -> None:
    """Question 1: share of revenue made by the top 20% of customers."""
    answered(top20_share, name="top20_share", question="1")
    revenue = _revenue(db)
    n = len(revenue)
    ceil_k, floor_k = math.ceil(round(0.2 * n, 9)), int(0.2 * n)
    expected = _top_share(revenue, ceil_k)
    everything = _per_customer(db.orders, "revenue")
    with_prospects = revenue.reindex(_all_ids(db), fill_value=0.0)
    mistakes = [
        (100 * expected, _PERCENT),
        (_top_share(everything, math.ceil(0.2 * len(everything))), "it includes cancelled and returned lines."),
        (
            _top_share(with_prospects, math.ceil(0.2 * len(with_prospects))),
            "it counts the prospects (no completed order) as customers: 20% of the buyers only.",
        ),
        (
            _top_share(revenue, ceil_k, largest=False),
            "that is the share of the SMALLEST 20%; sort from the largest revenue down.",
        ),
        (_top_share(_per_customer(_completed(db), "margin"), ceil_k), "that is the share of margin, not of revenue."),
    ]
    check_number(
        top20_share,
        expected,
        accept=[_top_share(revenue, floor_k)],
        mistakes=mistakes,
        name="top20_share",
        question="1",
        hint=f"{_COMPLETED}; revenue per customer with `.groupby('customer_id')['revenue'].sum()`; "
        "then `.sort_values(ascending=False).head(math.ceil(0.2 * n)).sum()` divided by the total.",
    )


def q2(gini_revenue: object, db) -> None:
    """Question 2: Gini coefficient of revenue per customer."""
    answered(gini_revenue, name="gini_revenue", question="2")
    revenue = _revenue(db)
    n = len(revenue)
    expected = pareto.gini(revenue)
    mistakes = [
        (100 * expected, _PERCENT),
        (pareto.gini(_per_customer(db.orders, "revenue")), "it includes cancelled and returned lines."),
        (
            pareto.gini(revenue.reindex(_all_ids(db), fill_value=0.0)),
            "it counts the prospects (revenue 0) as customers.",
        ),
        (
            pareto.gini(_per_customer(_completed(db), "margin").clip(lower=0)),
            "that is the Gini of margin, not of revenue.",
        ),
        (1 - expected, "that is 1 − Gini; the Gini grows with concentration."),
    ]
    check_number(
        gini_revenue,
        expected,
        accept=[expected * n / (n - 1)],  # with or without the small-sample correction
        mistakes=mistakes,
        name="gini_revenue",
        question="2",
        hint="sort revenue ascending, x(1) ≤ … ≤ x(n), and use G = 2·Σ i·x(i) / (n·Σ x) − (n + 1)/n, "
        "or `course.pareto.gini(revenue)`.",
    )


def q3(share_for_80: object, db) -> None:
    """Question 3: smallest share of customers that make 80% of revenue."""
    answered(share_for_80, name="share_for_80", question="3")
    revenue = _revenue(db)
    n = len(revenue)
    expected = pareto.share_of_customers_for(revenue, 0.8)
    k = round(expected * n)
    ascending = revenue.sort_values().cumsum() / revenue.sum()
    mistakes = [
        (100 * expected, _PERCENT),
        (float(k), "that is the number of customers; divide it by the number of customers."),
        ((k - 1) / n, "that counts the customers BEFORE the one that takes the total to 80%; include that one."),
        (k / len(_all_ids(db)), "it divides by all accounts, prospects included; divide by the buyers."),
        (
            pareto.share_of_customers_for(_per_customer(db.orders, "revenue"), 0.8),
            "it includes cancelled and returned lines.",
        ),
        (
            float((ascending < 0.8).sum() + 1) / n,
            "that walks from the smallest customer up; sort from the largest down.",
        ),
    ]
    check_number(
        share_for_80,
        expected,
        mistakes=mistakes,
        name="share_for_80",
        question="3",
        hint="rank customers from the largest revenue down, take the cumulative share of revenue, count "
        "the customers until it first reaches 0.8 — `(cum_share < 0.8).sum() + 1` — and divide by n.",
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


def q4(abc_counts: object, db) -> None:
    """Question 4: number of customers in ABC classes A, B and C (80% / 15% / 5% of revenue)."""
    answered(abc_counts, name="abc_counts", question="4")
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
            "4",
            "`abc_counts` holds shares; the question asks for numbers of customers (use `.value_counts()`, not `normalize=True`).",
        )
    mistakes = [
        (_abc_counts(_per_customer(db.orders, "revenue")), "it includes cancelled and returned lines."),
        (
            _abc_counts(revenue.reindex(_all_ids(db), fill_value=0.0)),
            "it counts the prospects as (class C) customers; use the buyers only.",
        ),
        (
            _abc_counts(revenue, ascending=True),
            "the ranking runs from the smallest customer up; sort from the largest down.",
        ),
    ]
    check_series(
        value,
        expected,
        accept=[_abc_counts(revenue, inclusive=True)],  # "cumulative share <= 80%" is accepted too
        mistakes=mistakes,
        name="abc_counts",
        question="4",
        hint="rank by revenue from the largest down; a customer is A while the customers before it hold less "
        "than 80% of revenue, B while they hold less than 95%, else C; or use `course.pareto.abc_classes(revenue)`. "
        "Give a Series indexed 'A', 'B', 'C'.",
    )


def q5(profit: object, db) -> None:
    """Question 5: profit per customer = margin − cost-to-serve."""
    answered(profit, name="profit", question="5")
    expected = _profit(db)
    value = as_series(profit)
    hint = (
        f"{_COMPLETED}; margin per customer, minus `db.cost_to_serve.groupby('customer_id')['total'].sum()` "
        "aligned on the margin's customers with `.reindex(margin.index, fill_value=0)`."
    )
    mistakes = [
        (_profit(db, column="revenue"), "that is revenue − cost to serve; profit starts from the margin."),
        (_profit(db, lines=db.orders), "it includes the margin of cancelled and returned lines."),
        (_per_customer(_completed(db), "margin"), "that is the margin alone; subtract the cost to serve."),
        (-expected, "the sign is reversed: margin − cost to serve."),
    ]
    known = [expected, *(candidate for candidate, _ in mistakes)]
    if isinstance(value, pd.Series) and not any(matches_series(value, answer) for answer in known):
        # neither right nor a known mistake: say which customers are too many, or missing a cost to serve
        extra = value.index.difference(expected.index)
        if len(extra) and len(value) == len(expected) + len(extra):
            ordered = set(_ids(db.orders["customer_id"]))
            if all(e in ordered for e in extra):
                why = "customers whose order lines are all cancelled or returned"
            else:
                why = "prospects without a completed order"
            raise fail(
                "5",
                f"`profit` has {len(extra):,} customers too many (e.g. {list(extra[:2])}): {why}.",
                "compute profit for the customers with completed lines only: `cost_to_serve.reindex(margin.index, fill_value=0)`.",
            )
        if value.isna().any() and len(value) == len(expected):
            raise fail(
                "5",
                f"`profit` has {int(value.isna().sum()):,} missing values: customers without a cost-to-serve record.",
                "their cost to serve is 0: `margin - cost_to_serve.reindex(margin.index, fill_value=0)`.",
            )
    check_series(value, expected, mistakes=mistakes, name="profit", question="5", hint=hint)


def q6(peak_share: object, db) -> None:
    """Question 6: height of the profit whale curve's peak, as a share of total profit."""
    answered(peak_share, name="peak_share", question="6")
    profit = _profit(db)
    peak = pareto.whale_peak(profit)
    expected = peak["peak_share"]
    mistakes = [
        (100 * expected, _PERCENT),
        (peak["peak_profit"], "that is the peak in money; divide it by the total profit."),
        (
            peak["peak_customer_share"],
            "that is WHERE the peak falls (share of customers); the question asks how high it is.",
        ),
        (
            1.0,
            "the curve ends at 100%; its maximum lies before the end when customers are sorted from the most profitable down.",
        ),
        (
            pareto.whale_peak(_profit(db, ids=_all_ids(db)))["peak_share"],
            "it counts the prospects as customers; use the buyers only.",
        ),
        (pareto.whale_peak(_profit(db, lines=db.orders))["peak_share"], "it includes cancelled and returned lines."),
        (
            float(profit.max() / profit.sum()),
            "that is the first customer only; take the maximum of the cumulative sum.",
        ),
    ]
    check_number(
        peak_share,
        expected,
        mistakes=mistakes,
        name="peak_share",
        question="6",
        hint="sort the profit of Question 5 from the largest down, `cumsum()`, divide by the total profit, "
        "and take the `.max()`; or `course.pareto.whale_peak(profit)['peak_share']`.",
    )


def q7(loss_share: object, db) -> None:
    """Question 7: share of customers whose profit is negative."""
    answered(loss_share, name="loss_share", question="7")
    profit = _profit(db)
    expected = float((profit < 0).mean())
    margin = _per_customer(_completed(db), "margin")
    mistakes = [
        (100 * expected, _PERCENT),
        (float((profit < 0).sum()), "that is a count; divide by the number of customers."),
        (
            float((_profit(db, ids=_all_ids(db)) < 0).mean()),
            "it counts the prospects too: use only customers who bought.",
        ),
        (float((margin < 0).mean()), "that uses the margin alone; subtract the cost to serve."),
        (float((profit <= 0).mean()), "customers with a profit of exactly 0 do not lose money: use `< 0`."),
        (
            float((_profit(db, column="revenue") < 0).mean()),
            "profit is margin − cost to serve, not revenue − cost to serve.",
        ),
    ]
    check_number(
        loss_share,
        expected,
        mistakes=mistakes,
        name="loss_share",
        question="7",
        hint="with the profit of Question 5: `(profit < 0).mean()`.",
    )
