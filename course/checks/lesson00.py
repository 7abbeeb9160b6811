"""Checks for the warm-up exercise (``exercises/00_warmup.ipynb``): first questions about the B2B database.

Each function recomputes its answer from ``db``, so it holds for any seed or size.

Examples
--------
>>> from course.checks import lesson00 as check
>>> check.q1(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `customer_count` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

from course.checks import check_number, check_series, fail, matches_number, question
from course.checks._lessons import completed
from course.i18n import N_
from course.i18n import gettext as _
from course.purchases import is_purchase

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]


@question(N_("number of customers (prospects included)"))
def q1(customer_count, db) -> None:
    check_number(
        customer_count,
        len(db.customers),
        hint=_("every row of db.customers is one customer; len() or .shape[0] counts rows."),
    )


@question(N_("customers without any completed order line"))
def q2(n_prospects, db) -> None:
    ids = db.customers["customer_id"]
    expected = (~ids.isin(completed(db)["customer_id"])).sum()
    without_any_line = (~ids.isin(db.orders["customer_id"])).sum()
    if not matches_number(n_prospects, expected) and matches_number(n_prospects, without_any_line):
        raise fail(
            _("close — but a customer whose only orders were cancelled or returned has not bought yet."),
            _("keep only order lines with status == 'completed' first."),
        )
    check_number(
        n_prospects,
        expected,
        hint=_("take the customer_id of completed order lines, then count customers NOT in them (.isin and ~)."),
    )


@question(N_("revenue of completed order lines"))
def q3(total_revenue, db) -> None:
    if matches_number(total_revenue, db.orders["revenue"].sum(), rtol=0, atol=0.01):
        raise fail(
            _("this is the revenue of ALL order lines, cancelled and returned ones included."),
            _("filter db.orders on status == 'completed' before summing."),
        )
    check_number(total_revenue, completed(db)["revenue"].sum(), rtol=1e-9)


@question(N_("revenue of completed lines per product line"))
def q4(revenue_by_product_line, db) -> None:
    expected = completed(db).groupby("product_line", observed=True)["revenue"].sum()
    check_series(
        revenue_by_product_line, expected, hint=_("group completed lines by 'product_line' and sum 'revenue'.")
    )


@question(N_("share of order lines that were cancelled or returned"))
def q5(share_not_completed, db) -> None:
    check_number(
        share_not_completed,
        float((~is_purchase(db.orders)).mean()),
        hint=_("a share is a number between 0 and 1: the mean of a True/False column is the share of True."),
    )


@question(N_("revenue of completed lines per calendar year"))
def q6(revenue_by_year, db) -> None:
    lines = completed(db)
    check_series(
        revenue_by_year,
        lines.groupby(lines["order_date"].dt.year)["revenue"].sum(),
        hint=_("group by order_date.dt.year (an integer year) and sum 'revenue' of completed lines."),
    )
