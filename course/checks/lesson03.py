"""Answer checks for exercise 03, RFM (RFM 模型).

Each function recomputes the expected answer from the database it is given
(completed order lines only, as of 2025-12-31) with the tested
:mod:`course.rfm` functions, so the checks hold for any seed and size. When an
answer is wrong, the message names the likeliest mistake: cancelled lines
kept, order lines or orders counted as purchases (a purchase is a customer-day), the wrong "as of" day, recency read the
wrong way round, ties broken by row order… Prospects kept with a frequency
or monetary value of 0 are accepted (lesson 01 keeps them), and prospects
kept with a missing recency, score or class; a recency of 0 is not (it means
"bought on the as-of day"). A right share rounded to three or more
significant digits passes.

Examples
--------
>>> from course.data import load_b2b
>>> from course.checks import lesson03 as check
>>> check.q1(..., load_b2b())
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `recency` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import pandas as pd

from course.checks import (
    as_series,
    check_number,
    check_series,
    drop_empty_extras,
    fail,
    matches_number,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import (
    ASOF,
    FILTER_HINT,
    PERCENT,
    customer_sum,
    hint_when_wrong,
    order_lines,
    per_customer,
)
from course.i18n import N_
from course.i18n import gettext as _
from course.rfm import eight_classes, rfm_scores, rfm_table

__all__ = ["ASOF", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]

_VALUE_CLASS = "重要价值客户"


def _rfm(db, *, completed_only: bool = True, count: str = "days", asof: object = ASOF) -> pd.DataFrame:
    """The RFM table; frequency counts purchase days (the course's purchase), or orders or lines (mistakes)."""
    lines = order_lines(db, completed_only=completed_only)
    rfm = rfm_table(
        lines, date="order_date", amount="revenue", order="order_id" if count == "orders" else None, asof=asof
    )
    if count == "lines":
        known = lines[(lines["order_date"] <= pd.Timestamp(asof)) & (lines["revenue"] > 0)]
        rfm = rfm.assign(frequency=per_customer(known).size().reindex(rfm.index).astype("int64"))
    return rfm


def _classes(rfm: pd.DataFrame, column: str = "class_zh", **kwargs) -> pd.Series:
    return eight_classes(rfm, **kwargs)[column].astype("str")


@question(N_("recency in days as of 2025-12-31, completed lines only"))
def q1(recency: object, db) -> None:
    expected = _rfm(db)["recency"]

    def hint() -> str:
        series = as_series(recency)
        if isinstance(series, pd.Series) and pd.api.types.is_timedelta64_dtype(series):
            return _("you have time spans; turn them into whole days with `.dt.days`.")
        return mistake_hint(
            [
                (lambda: matches_series(recency, _rfm(db, completed_only=False)["recency"]), _(FILTER_HINT)),
                (
                    lambda: matches_series(recency, expected + 1),
                    _("the analysis is as of 2025-12-31 itself (`asof`), not the day after."),
                ),
                (
                    lambda: matches_series(recency, -expected),
                    _("recency is asof minus the last purchase date, so it is never negative."),
                ),
                (
                    lambda: matches_series(recency, (ASOF - per_customer(order_lines(db))["order_date"].min()).dt.days),
                    _("recency counts from the LAST purchase (max of order_date), not the first."),
                ),
            ],
            _(
                "recency = (asof - each customer's last completed order_date) in whole days: "
                "groupby('customer_id')['order_date'].max(), then (pd.Timestamp(asof) - last).dt.days."
            ),
        )

    value = drop_empty_extras(as_series(recency), expected, zero_is_empty=False)
    if isinstance(value, pd.Series) and pd.api.types.is_numeric_dtype(value):
        extra = value[~value.index.isin(expected.index)]
        if len(extra) and (extra.fillna(0) == 0).all():
            raise fail(
                _(
                    "`recency` gives {count} customers who never bought (prospects) a recency of 0, "
                    "which means 'bought on the as-of day'."
                ).format(count=f"{len(extra):,}"),
                _(
                    "a prospect has no last purchase: leave it out (group the completed lines) or leave its recency "
                    "missing (NaN), never 0."
                ),
            )
    hint_when_wrong(lambda text: check_series(value, expected, hint=text), hint)


@question(N_("frequency = purchase days (customer-days) per customer"))
def q2(frequency: object, db) -> None:
    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: matches_series(frequency, _rfm(db, count="lines")["frequency"]),
                    _(
                        "that counts order lines: an order has up to 3 lines. Count distinct purchase DAYS "
                        "(order_date without the time) with .nunique()."
                    ),
                ),
                (
                    lambda: matches_series(frequency, _rfm(db, count="orders")["frequency"]),
                    _(
                        "that counts orders: a few customers place two orders on one day, which is one purchase. "
                        "Count distinct purchase days: `order_date.dt.normalize()`, then .nunique()."
                    ),
                ),
                (lambda: matches_series(frequency, _rfm(db, completed_only=False)["frequency"]), _(FILTER_HINT)),
                (
                    lambda: matches_series(frequency, _rfm(db, completed_only=False, count="lines")["frequency"]),
                    _("two mistakes: {filter} Then count distinct purchase days, not lines.").format(
                        filter=_(FILTER_HINT)
                    ),
                ),
            ],
            _(
                "group the completed lines by customer_id and count the distinct days of order_date "
                "(`.dt.normalize()`, then .nunique())."
            ),
        )

    expected = _rfm(db)["frequency"]
    hint_when_wrong(
        lambda text: check_series(drop_empty_extras(as_series(frequency), expected), expected, hint=text), hint
    )


@question(N_("monetary = total completed revenue per customer"))
def q3(monetary: object, db) -> None:
    lines = order_lines(db)

    def hint() -> str:
        return mistake_hint(
            [
                (lambda: matches_series(monetary, _rfm(db, completed_only=False)["monetary"]), _(FILTER_HINT)),
                (
                    lambda: matches_series(monetary, customer_sum(lines, "margin")),
                    _("M is the money the customer spent: sum `revenue`, not `margin`."),
                ),
                (
                    lambda: matches_series(monetary, per_customer(lines)["revenue"].mean()),
                    _("monetary is the TOTAL spend (.sum()), not the average order line."),
                ),
            ],
            _("sum the revenue of each customer's completed lines: groupby('customer_id')['revenue'].sum()."),
        )

    expected = _rfm(db)["monetary"]
    hint_when_wrong(
        lambda text: check_series(drop_empty_extras(as_series(monetary), expected), expected, hint=text), hint
    )


def _rank_scores(frequency: pd.Series, method: str, *, bins: int = 5, plus_one: bool = True) -> pd.Series:
    """1 + floor(bins x (rank - 1) / n) with the given rank method (the right rule is method='min')."""
    worse = frequency.rank(method=method) - 1
    return (worse * bins // len(frequency) + (1 if plus_one else 0)).astype("int64")


def _first_rank_qcut(frequency: pd.Series) -> pd.Series:
    return (pd.qcut(frequency.rank(method="first"), 5, labels=False) + 1).astype("int64")


_TIES = N_(
    "pd.qcut on rank(method='first') breaks ties by ROW ORDER: customers with the same frequency get different "
    "scores, and shuffling the rows changes who gets what. Score = 1 + floor(5 * (rank(method='min') - 1) / n)."
)


@question(N_("F score 1-5 by hand, tie-safe (equal frequencies, equal scores)"))
def q4(f_score: object, db) -> None:
    frequency = _rfm(db)["frequency"]
    expected = rfm_scores(_rfm(db))["f_score"].astype("int64")
    value = drop_empty_extras(as_series(f_score), expected, zero_is_empty=False)  # prospects without a score
    if matches_series(value, expected):
        return  # right: the known mistakes below need not be computed
    mistakes = [
        (_first_rank_qcut(frequency), _(_TIES)),
        (_rank_scores(frequency, "min", plus_one=False), _("the scores run 0-4: add 1, so they run 1-5.")),
        (
            _rank_scores(-frequency, "min"),
            _("the direction is reversed: a HIGHER frequency must get a HIGHER score (only R is reversed)."),
        ),
        (
            _rank_scores(frequency, "average"),
            _(
                "rank(method='average') lets a block of ties reach into the next fifth; use rank(method='min'), "
                "which gives 1 + the number of strictly lower values."
            ),
        ),
        (
            _rank_scores(frequency, "max"),
            _("rank(method='max') counts the tied customers as worse; use rank(method='min') (strictly lower only)."),
        ),
        (
            _rank_scores(frequency, "dense"),
            _("rank(method='dense') counts distinct values, not customers; use rank(method='min')."),
        ),
        (
            rfm_scores(_rfm(db, count="lines"))["f_score"].astype("int64"),
            _("F counts purchase days: build rfm with rfm_table without order=, which counts each customer-day once."),
        ),
        (
            rfm_scores(_rfm(db, count="orders"))["f_score"].astype("int64"),
            _("F counts purchase days, not orders: leave out order='order_id', so two orders of one day count once."),
        ),
    ]
    known = [candidate for candidate, _ in mistakes]
    if isinstance(value, pd.Series) and len(value) == len(expected) and value.index.isin(expected.index).all():
        aligned = value.reindex(expected.index)
        tied = pd.DataFrame({"frequency": frequency, "score": aligned})
        unknown = not any(matches_series(value, candidate) for candidate in [expected, *known])
        if unknown and tied.groupby("frequency")["score"].nunique().max() > 1:
            raise fail(
                _(
                    "`f_score` gives different scores to customers with the same frequency: the "
                    "scores are not tie-safe."
                ),
                _(_TIES),
            )
    check_series(
        value,
        expected,
        mistakes=mistakes,
        hint=_(
            "worse = rfm['frequency'].rank(method='min') - 1; f_score = worse * 5 // len(rfm) + 1 "
            "(it must equal course.rfm.rfm_scores(rfm)['f_score'])."
        ),
    )


@question(N_("the eight classes, each measure compared with its mean"))
def q5(classes: object, db) -> None:
    rfm = _rfm(db)
    by_scores = {"recency": "r_score", "frequency": "f_score", "monetary": "m_score"}

    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: matches_series(classes, _classes(rfm, "class_en")),
                    _("right classes, but give the Chinese names (column `class_zh`)."),
                ),
                (
                    lambda: matches_series(classes, _classes(rfm.assign(recency=-rfm["recency"]))),
                    _("recency is 'near' (good) when it is BELOW the mean: a recent buyer has a small recency."),
                ),
                (
                    lambda: matches_series(classes, _classes(rfm, reference="median")),
                    _("compare with the mean, not the median (reference='mean', the default)."),
                ),
                (
                    lambda: matches_series(classes, _classes(rfm_scores(rfm), **by_scores)),
                    _("compare the raw recency, frequency and monetary values with their means, not the 1-5 scores."),
                ),
                (
                    lambda: matches_series(classes, _classes(_rfm(db, count="orders"))),
                    _("frequency counts purchase days, not orders: leave out order='order_id' in rfm_table."),
                ),
            ],
            _("classes = course.rfm.eight_classes(rfm)['class_zh'], with rfm from completed lines as of 2025-12-31."),
        )

    expected = _classes(rfm)
    # prospects kept with no class (NaN) are the same answer; a class given to a prospect is not
    hint_when_wrong(
        lambda text: check_series(drop_empty_extras(as_series(classes), expected), expected, hint=text), hint
    )


@question(N_("share of customers who are 重要价值客户"))
def q6(share_important_value: object, db) -> None:
    is_value = eight_classes(_rfm(db))["class_zh"] == _VALUE_CLASS
    expected = float(is_value.mean())
    value = share_important_value

    def hint() -> str:
        return mistake_hint(
            [
                (lambda: matches_number(value, 100 * expected), _(PERCENT)),
                (
                    lambda: matches_number(value, is_value.sum()),
                    _("that is the number of customers; divide by the number of customers."),
                ),
                (
                    lambda: matches_number(value, is_value.sum() / len(db.customers)),
                    _(
                        "divide by the customers in the RFM table (those with a completed order), "
                        "not by every row of db.customers (prospects never bought)."
                    ),
                ),
            ],
            _("share = (classes == '重要价值客户').mean()."),
        )

    hint_when_wrong(lambda text: check_number(value, expected, hint=text), hint)


@question(N_("share of completed revenue from 重要价值客户"))
def q7(important_value_revenue_share: object, db) -> None:
    table = eight_classes(_rfm(db))
    is_value = table["class_zh"] == _VALUE_CLASS
    expected = float(table.loc[is_value, "monetary"].sum() / table["monetary"].sum())
    value = important_value_revenue_share

    def hint() -> str:
        return mistake_hint(
            [
                (lambda: matches_number(value, 100 * expected), _(PERCENT)),
                (
                    lambda: matches_number(value, is_value.mean()),
                    _("that is the share of CUSTOMERS; weigh each customer by monetary."),
                ),
                (
                    lambda: matches_number(value, table.loc[is_value, "monetary"].sum() / db.orders["revenue"].sum()),
                    _("divide by the revenue of completed lines only, not of all lines."),
                ),
            ],
            _("sum monetary over the 重要价值客户 and divide by the total monetary of all customers."),
        )

    hint_when_wrong(lambda text: check_number(value, expected, hint=text), hint)
