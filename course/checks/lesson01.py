"""Checks for Exercise 01, customer insight (客户洞察).

Each function recomputes the expected answer from the database it is given
(plain pandas on the order lines, so it holds for any seed or size), compares
it with the trainee's answer, and when the answer is wrong looks for the
usual mistakes (cancelled lines kept, lines counted instead of orders, mean
instead of median, a percentage instead of a fraction…) to give a precise hint.

Examples
--------
>>> from course.checks import lesson01 as check
>>> check.q4(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 4: `median_revenue` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import pandas as pd

from course.checks import (
    answer_name,
    as_series,
    check_number,
    check_series,
    drop_empty_extras,
    fail,
    matches_series,
    question,
)
from course.checks._lessons import (
    ALL_LINES,
    COMPLETED_HINT,
    PERCENT,
    all_ids,
    completed,
    customer_profit,
    customer_sum,
    ids,
    per_customer,
)
from course.i18n import N_
from course.i18n import gettext as _

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "INDUSTRY"]

#: The industry whose product mix Question 6 asks for.
INDUSTRY = "Healthcare"

_PROSPECTS = N_("it counts the prospects (revenue 0): use only customers who bought.")


# --------------------------------------------------------------------------- helpers


def _check_series(value: object, expected: pd.Series, mistakes: list[tuple[pd.Series, str]], *, hint: str) -> None:
    """:func:`check_series`, ignoring the answer's extra labels that hold 0 or nothing (:func:`drop_empty_extras`).

    The extras are the labels the Series compared with lacks, and a mistake's
    labels may differ from ``expected``'s: so each mistake is matched here,
    against its own labels, before the answer is judged against ``expected``.
    """
    value = as_series(value)
    if not matches_series(drop_empty_extras(value, expected), expected):
        for candidate, message in mistakes:
            if matches_series(drop_empty_extras(value, candidate), candidate):
                raise fail(_("`{name}` is not right: {why}").format(name=answer_name(), why=message), hint)
    check_series(drop_empty_extras(value, expected), expected, hint=hint)


def _revenue(lines: pd.DataFrame) -> pd.Series:
    return customer_sum(lines, "revenue")


def _with_prospects(revenue: pd.Series, db) -> pd.Series:
    return revenue.reindex(all_ids(db), fill_value=0.0)


# --------------------------------------------------------------------------- questions


@question(N_("revenue per customer from the completed order lines"))
def q1(revenue: object, db) -> None:
    lines = completed(db)
    mistakes = [
        (_revenue(db.orders), _(ALL_LINES)),
        (customer_sum(lines, "margin"), _("that is the margin, not the revenue.")),
        (customer_sum(lines, "cost"), _("that is the cost, not the revenue.")),
    ]
    _check_series(
        revenue,
        _revenue(lines),
        mistakes,
        hint=_("{completed} Then `.groupby('customer_id')['revenue'].sum()`.").format(completed=_(COMPLETED_HINT)),
    )


@question(N_("number of distinct completed orders per customer"))
def q2(n_orders: object, db) -> None:
    by, everything = per_customer(completed(db)), per_customer(db.orders)
    mistakes = [
        (by.size(), _("that counts order lines; an order has one to three lines.")),
        (everything["order_id"].nunique(), _("it counts cancelled and returned orders too.")),
        (everything.size(), _("it counts all order lines, cancelled and returned ones included.")),
    ]
    _check_series(
        n_orders,
        by["order_id"].nunique(),
        mistakes,
        hint=_("count distinct order ids of the completed lines: `.groupby('customer_id')['order_id'].nunique()`."),
    )


@question(N_("average order value per customer"))
def q3(avg_order_value: object, db) -> None:
    by, everything = per_customer(completed(db)), per_customer(db.orders)
    mistakes = [
        (by["revenue"].mean(), _("that is the average revenue per order LINE; divide by the number of orders.")),
        (everything["revenue"].sum() / everything["order_id"].nunique(), _(ALL_LINES)),
        (by["revenue"].sum() / by.size(), _("that divides by the number of lines, not of orders.")),
    ]
    _check_series(
        avg_order_value,
        by["revenue"].sum() / by["order_id"].nunique(),
        mistakes,
        hint=_("divide the revenue of Question 1 by the orders of Question 2 (`revenue / n_orders`)."),
    )


@question(N_("median revenue per buying customer"))
def q4(median_revenue: object, db) -> None:
    revenue = _revenue(completed(db))
    mistakes = [
        (revenue.mean(), _("that is the mean, not the median.")),
        (_with_prospects(revenue, db).median(), _(_PROSPECTS)),
        (_revenue(db.orders).median(), _(ALL_LINES)),
        (completed(db)["revenue"].median(), _("that is the median of order lines, not of customers.")),
    ]
    check_number(
        median_revenue,
        revenue.median(),
        mistakes=mistakes,
        hint=_("`revenue.median()` with the Series of Question 1."),
    )


@question(N_("share of buyers above the mean revenue"))
def q5(share_above_mean: object, db) -> None:
    revenue = _revenue(completed(db))
    above = revenue > revenue.mean()
    expected = float(above.mean())
    with_prospects = _with_prospects(revenue, db)
    mistakes = [
        (100 * expected, _(PERCENT)),
        (float((revenue > revenue.median()).mean()), _("that compares with the median; compare with the mean.")),
        (float(above.sum()), _("that is a count of customers; divide by the number of buyers.")),
        (
            float(above.sum() / len(db.customers)),
            _("divide by the number of customers who bought, not of all customers."),
        ),
        (float((with_prospects > with_prospects.mean()).mean()), _(_PROSPECTS)),
    ]
    check_number(
        share_above_mean,
        expected,
        mistakes=mistakes,
        hint=_("`(revenue > revenue.mean()).mean()`: the mean of a True/False Series is the share of True."),
    )


def _industry_lines(lines: pd.DataFrame, db) -> pd.DataFrame:
    chosen = db.customers.loc[ids(db.customers["industry"]) == INDUSTRY, "customer_id"]
    return lines[lines["customer_id"].isin(chosen)]


def _industry_mix(lines: pd.DataFrame, db, *, measure: str = "revenue") -> pd.Series:
    chosen = _industry_lines(lines, db)
    key = ids(chosen["product_line"])
    totals = chosen.groupby(key).size() if measure == "lines" else chosen.groupby(key)[measure].sum()
    return totals / totals.sum()


def _mean_of_shares(lines: pd.DataFrame, db) -> pd.Series:
    chosen = _industry_lines(lines, db)
    wide = chosen.assign(customer_id=ids(chosen["customer_id"]), product_line=ids(chosen["product_line"])).pivot_table(
        index="customer_id", columns="product_line", values="revenue", aggfunc="sum", fill_value=0.0
    )
    return wide.div(wide.sum(axis=1), axis=0).mean()


@question(N_("product-line mix of the Healthcare customers' revenue"))
def q6(healthcare_mix: object, db) -> None:
    lines = completed(db)
    expected = _industry_mix(lines, db)
    value = as_series(healthcare_mix)
    if (
        isinstance(value, pd.Series)
        and pd.api.types.is_numeric_dtype(value)
        and value.sum() > 101
        and matches_series(drop_empty_extras(value / value.sum(), expected), expected)
    ):
        raise fail(_("`healthcare_mix` is not right: those are amounts; divide them by their total to get shares."))
    mistakes = [
        (_industry_mix(db.orders, db), _(ALL_LINES)),
        (_industry_mix(lines, db, measure="lines"), _("those are shares of order lines; weigh by revenue.")),
        (expected * 100, _("give fractions that add up to 1, not percentages.")),
        (_industry_mix(lines, db, measure="margin"), _("those are shares of margin; use revenue.")),
        (
            _mean_of_shares(lines, db),
            _("that averages each customer's shares; divide the industry's revenue per line by its total."),
        ),
    ]
    _check_series(
        healthcare_mix,
        expected,
        mistakes,
        hint=_(
            "keep the completed lines of {industry} customers (merge or `isin` on customer_id), sum revenue by "
            "product_line, then divide by the total."
        ).format(industry=INDUSTRY),
    )


@question(N_("share of buyers with a negative profit contribution"))
def q7(loss_share: object, db) -> None:
    profit, margin = customer_profit(db), customer_sum(completed(db), "margin")
    expected = float((profit < 0).mean())
    mistakes = [
        (100 * expected, _(PERCENT)),
        (float((margin < 0).mean()), _("that uses the margin alone; subtract the cost to serve.")),
        (
            float((customer_profit(db, among=all_ids(db)) < 0).mean()),
            _("it counts the prospects too: use only customers who bought."),
        ),
        (
            float((customer_profit(db, column="revenue") < 0).mean()),
            _("profit is margin − cost to serve, not revenue − cost to serve."),
        ),
        (float((profit < 0).sum()), _("that is a count; divide by the number of buyers.")),
    ]
    check_number(
        loss_share,
        expected,
        mistakes=mistakes,
        hint=_(
            "profit = margin of the completed lines − `db.cost_to_serve` total, per buyer; then `(profit < 0).mean()`."
        ),
    )
