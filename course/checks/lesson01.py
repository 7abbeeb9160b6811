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
    answered,
    as_series,
    check_number,
    check_series,
    drop_empty_extras,
    fail,
    matches_series,
)
from course.purchases import completed_orders

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "INDUSTRY"]

#: The industry whose product mix Question 6 asks for.
INDUSTRY = "Healthcare"

_COMPLETED_HINT = "keep only the completed order lines: `db.orders[db.orders['status'] == 'completed']`."


# --------------------------------------------------------------------------- helpers


def _completed(db) -> pd.DataFrame:
    return completed_orders(db.orders)


def _per_customer(lines: pd.DataFrame) -> pd.core.groupby.DataFrameGroupBy:
    return lines.groupby(lines["customer_id"].astype("object"), sort=True)


def _check_series(
    value: object, expected: pd.Series, mistakes: list[tuple[pd.Series, str]], *, name: str, question: str, hint: str
) -> None:
    """:func:`check_series`, ignoring the answer's extra labels that hold 0 or nothing (:func:`drop_empty_extras`).

    The extras are the labels the Series compared with lacks, and a mistake's
    labels may differ from ``expected``'s: so each mistake is matched here,
    against its own labels, before the answer is judged against ``expected``.
    """
    answered(value, name=name, question=question)
    value = as_series(value)
    if not matches_series(drop_empty_extras(value, expected), expected):
        for candidate, message in mistakes:
            if matches_series(drop_empty_extras(value, candidate), candidate):
                raise fail(question, f"`{name}` is not right: {message}", hint)
    check_series(drop_empty_extras(value, expected), expected, name=name, question=question, hint=hint)


def _revenue(lines: pd.DataFrame) -> pd.Series:
    return _per_customer(lines)["revenue"].sum()


def _buyer_revenue(db) -> pd.Series:
    return _revenue(_completed(db))


# --------------------------------------------------------------------------- questions


def q1(revenue: object, db) -> None:
    """Question 1: revenue per customer from the completed order lines."""
    expected = _buyer_revenue(db)
    mistakes = [
        (_revenue(db.orders), "it includes cancelled and returned lines."),
        (_per_customer(_completed(db))["margin"].sum(), "that is the margin, not the revenue."),
        (_per_customer(_completed(db))["cost"].sum(), "that is the cost, not the revenue."),
    ]
    _check_series(
        revenue,
        expected,
        mistakes,
        name="revenue",
        question="1",
        hint=_COMPLETED_HINT + " Then `.groupby('customer_id')['revenue'].sum()`.",
    )


def q2(n_orders: object, db) -> None:
    """Question 2: number of distinct completed orders per customer (purchase frequency)."""
    completed = _completed(db)
    expected = _per_customer(completed)["order_id"].nunique()
    mistakes = [
        (_per_customer(completed).size(), "that counts order lines; an order has one to three lines."),
        (_per_customer(db.orders)["order_id"].nunique(), "it counts cancelled and returned orders too."),
        (_per_customer(db.orders).size(), "it counts all order lines, cancelled and returned ones included."),
    ]
    _check_series(
        n_orders,
        expected,
        mistakes,
        name="n_orders",
        question="2",
        hint="count distinct order ids of the completed lines: `.groupby('customer_id')['order_id'].nunique()`.",
    )


def q3(avg_order_value: object, db) -> None:
    """Question 3: average order value per customer (revenue / number of orders)."""
    completed = _completed(db)
    by = _per_customer(completed)
    expected = by["revenue"].sum() / by["order_id"].nunique()
    everything = _per_customer(db.orders)
    mistakes = [
        (by["revenue"].mean(), "that is the average revenue per order LINE; divide by the number of orders."),
        (everything["revenue"].sum() / everything["order_id"].nunique(), "it includes cancelled and returned lines."),
        (by["revenue"].sum() / by.size(), "that divides by the number of lines, not of orders."),
    ]
    _check_series(
        avg_order_value,
        expected,
        mistakes,
        name="avg_order_value",
        question="3",
        hint="divide the revenue of Question 1 by the orders of Question 2 (`revenue / n_orders`).",
    )


def q4(median_revenue: object, db) -> None:
    """Question 4: median revenue per buying customer."""
    answered(median_revenue, name="median_revenue", question="4")
    revenue = _buyer_revenue(db)
    with_prospects = revenue.reindex(db.customers["customer_id"].astype("object"), fill_value=0.0)
    mistakes = [
        (revenue.mean(), "that is the mean, not the median."),
        (with_prospects.median(), "it counts the prospects (revenue 0): use only customers who bought."),
        (_revenue(db.orders).median(), "it includes cancelled and returned lines."),
        (_completed(db)["revenue"].median(), "that is the median of order lines, not of customers."),
    ]
    check_number(
        median_revenue,
        revenue.median(),
        mistakes=mistakes,
        name="median_revenue",
        question="4",
        hint="`revenue.median()` with the Series of Question 1.",
    )


def q5(share_above_mean: object, db) -> None:
    """Question 5: share of buying customers whose revenue is above the mean."""
    answered(share_above_mean, name="share_above_mean", question="5")
    revenue = _buyer_revenue(db)
    expected = float((revenue > revenue.mean()).mean())
    n_customers = len(db.customers)
    with_prospects = revenue.reindex(db.customers["customer_id"].astype("object"), fill_value=0.0)
    mistakes = [
        (100 * expected, "give a fraction between 0 and 1, not a percentage."),
        (float((revenue > revenue.median()).mean()), "that compares with the median; compare with the mean."),
        (float((revenue > revenue.mean()).sum()), "that is a count of customers; divide by the number of buyers."),
        (
            float((revenue > revenue.mean()).sum() / n_customers),
            "divide by the number of customers who bought, not of all customers.",
        ),
        (
            float((with_prospects > with_prospects.mean()).mean()),
            "it counts the prospects (revenue 0): use only customers who bought.",
        ),
    ]
    check_number(
        share_above_mean,
        expected,
        mistakes=mistakes,
        name="share_above_mean",
        question="5",
        hint="`(revenue > revenue.mean()).mean()`: the mean of a True/False Series is the share of True.",
    )


def _industry_mix(lines: pd.DataFrame, db, *, measure: str = "revenue") -> pd.Series:
    customers = db.customers
    ids = customers.loc[customers["industry"].astype("object") == INDUSTRY, "customer_id"]
    chosen = lines[lines["customer_id"].isin(ids)]
    key = chosen["product_line"].astype("object")
    totals = chosen.groupby(key).size() if measure == "lines" else chosen.groupby(key)[measure].sum()
    return totals / totals.sum()


def q6(healthcare_mix: object, db) -> None:
    """Question 6: product-line mix of the Healthcare customers' revenue."""
    completed = _completed(db)
    expected = _industry_mix(completed, db)
    mistakes = [
        (_industry_mix(db.orders, db), "it includes cancelled and returned lines."),
        (_industry_mix(completed, db, measure="lines"), "those are shares of order lines; weigh by revenue."),
        (expected * 100, "give fractions that add up to 1, not percentages."),
        (_industry_mix(completed, db, measure="margin"), "those are shares of margin; use revenue."),
    ]
    answered(healthcare_mix, name="healthcare_mix", question="6")
    value = as_series(healthcare_mix)
    if (
        isinstance(value, pd.Series)
        and pd.api.types.is_numeric_dtype(value)
        and value.sum() > 101
        and matches_series(drop_empty_extras(value / value.sum(), expected), expected)
    ):
        raise fail("6", "`healthcare_mix` is not right: those are amounts; divide them by their total to get shares.")
    healthcare_ids = db.customers.loc[db.customers["industry"].astype("object") == INDUSTRY, "customer_id"]
    chosen = completed[completed["customer_id"].isin(healthcare_ids)]
    wide = chosen.assign(
        customer_id=chosen["customer_id"].astype("object"), product_line=chosen["product_line"].astype("object")
    ).pivot_table(index="customer_id", columns="product_line", values="revenue", aggfunc="sum", fill_value=0.0)
    unweighted = wide.div(wide.sum(axis=1), axis=0).mean()
    mistakes.append(
        (unweighted, "that averages each customer's shares; divide the industry's revenue per line by its total.")
    )
    _check_series(
        healthcare_mix,
        expected,
        mistakes,
        name="healthcare_mix",
        question="6",
        hint=(
            f"keep the completed lines of {INDUSTRY} customers (merge or `isin` on customer_id), sum revenue by "
            "product_line, then divide by the total."
        ),
    )


def q7(loss_share: object, db) -> None:
    """Question 7: share of buying customers whose profit contribution is negative."""
    answered(loss_share, name="loss_share", question="7")
    by = _per_customer(_completed(db))
    margin, revenue = by["margin"].sum(), by["revenue"].sum()
    cts = db.cost_to_serve.groupby(db.cost_to_serve["customer_id"].astype("object"))["total"].sum()
    profit = margin - cts.reindex(margin.index, fill_value=0.0)
    expected = float((profit < 0).mean())
    all_ids = db.customers["customer_id"].astype("object")
    profit_all = margin.reindex(all_ids, fill_value=0.0) - cts.reindex(all_ids, fill_value=0.0)
    mistakes = [
        (100 * expected, "give a fraction between 0 and 1, not a percentage."),
        (float((margin < 0).mean()), "that uses the margin alone; subtract the cost to serve."),
        (float((profit_all < 0).mean()), "it counts the prospects too: use only customers who bought."),
        (
            float((revenue - cts.reindex(margin.index, fill_value=0.0) < 0).mean()),
            "profit is margin − cost to serve, not revenue − cost to serve.",
        ),
        (float((profit < 0).sum()), "that is a count; divide by the number of buyers."),
    ]
    check_number(
        loss_share,
        expected,
        mistakes=mistakes,
        name="loss_share",
        question="7",
        hint="profit = margin of the completed lines − `db.cost_to_serve` total, per buyer; then `(profit < 0).mean()`.",
    )
