"""Checks for the warm-up exercise (``exercises/00_warmup.ipynb``): first questions about the B2B database.

Each function recomputes its answer from ``db``, so it holds for any seed or size.
"""

from __future__ import annotations

import pandas as pd

from course.checks import answered, check_number, check_series, fail, matches_number
from course.purchases import completed_orders, is_purchase


def _completed(db) -> pd.DataFrame:
    return completed_orders(db.orders)


def q1(customer_count, db) -> None:
    """Question 1: number of customers (prospects included)."""
    check_number(
        customer_count,
        len(db.customers),
        name="customer_count",
        question="1",
        hint="every row of db.customers is one customer; len() or .shape[0] counts rows.",
    )


def q2(n_prospects, db) -> None:
    """Question 2: customers without any completed order line."""
    ids = db.customers["customer_id"]
    expected = (~ids.isin(_completed(db)["customer_id"])).sum()
    without_any_line = (~ids.isin(db.orders["customer_id"])).sum()
    hint = "take the customer_id of completed order lines, then count customers NOT in them (.isin and ~)."
    answered(n_prospects, name="n_prospects", question="2")
    if not matches_number(n_prospects, expected) and matches_number(n_prospects, without_any_line):
        raise fail(
            "2",
            "close — but a customer whose only orders were cancelled or returned has not bought yet.",
            "keep only order lines with status == 'completed' first.",
        )
    check_number(n_prospects, expected, name="n_prospects", question="2", hint=hint)


def q3(total_revenue, db) -> None:
    """Question 3: revenue of completed order lines."""
    answered(total_revenue, name="total_revenue", question="3")
    if matches_number(total_revenue, db.orders["revenue"].sum(), rtol=0, atol=0.01):
        raise fail(
            "3",
            "this is the revenue of ALL order lines, cancelled and returned ones included.",
            "filter db.orders on status == 'completed' before summing.",
        )
    check_number(total_revenue, _completed(db)["revenue"].sum(), name="total_revenue", question="3", rtol=1e-9)


def q4(revenue_by_product_line, db) -> None:
    """Question 4: revenue of completed lines per product line."""
    expected = _completed(db).groupby("product_line", observed=True)["revenue"].sum()
    check_series(
        revenue_by_product_line,
        expected,
        name="revenue_by_product_line",
        question="4",
        hint="group completed lines by 'product_line' and sum 'revenue'.",
    )


def q5(share_not_completed, db) -> None:
    """Question 5: share of order lines that were cancelled or returned."""
    expected = float((~is_purchase(db.orders)).mean())
    check_number(
        share_not_completed,
        expected,
        name="share_not_completed",
        question="5",
        hint="a share is a number between 0 and 1: the mean of a True/False column is the share of True.",
    )


def q6(revenue_by_year, db) -> None:
    """Question 6: revenue of completed lines per calendar year."""
    completed = _completed(db)
    expected = completed.groupby(completed["order_date"].dt.year)["revenue"].sum()
    check_series(
        revenue_by_year,
        expected,
        name="revenue_by_year",
        question="6",
        hint="group by order_date.dt.year (an integer year) and sum 'revenue' of completed lines.",
    )
