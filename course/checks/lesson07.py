"""Answer checks for exercise 07, customer lifetime value (客户终身价值).

Each function recomputes the expected answer from the database it is given
(completed order lines only, as of 2025-12-31) with the tested
:mod:`course.clv` functions, so the checks hold for any seed and size. When
an answer is wrong, the message names the likeliest mistake: cancelled lines
kept, revenue instead of margin, days instead of weeks, RFM recency instead
of the model's recency, a forecast window in the wrong unit…

Examples
--------
>>> from course.data import load_b2b
>>> from course.checks import lesson07 as check
>>> check.q1(..., load_b2b())
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `simple_value` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import pandas as pd

from course.checks import (
    check_frame,
    check_number,
    check_series,
    matches_frame,
    matches_number,
    matches_series,
    mistake_hint,
    question,
)
from course.checks._lessons import ASOF, FILTER_HINT, all_ids, hint_when_wrong, order_lines
from course.clv import (
    BetaGeoModel,
    GammaGammaModel,
    cost_to_serve_profile,
    profit_clv,
    projected_cost_to_serve,
    simple_clv,
    summary,
)
from course.i18n import N_
from course.i18n import gettext as _
from course.tiers import assign_tiers

__all__ = [
    "ASOF",
    "RETENTION",
    "DISCOUNT",
    "PENALIZER",
    "QUIET_WEEKS",
    "MONTHS",
    "MONTHLY_DISCOUNT",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
]

#: Question 1: yearly retention rate and discount rate.
RETENTION, DISCOUNT = 0.85, 0.10
#: Question 3: the BG/NBD penalty (the unpenalised fit does not converge on the B2B data).
PENALIZER = 0.001
#: Question 4: a customer is "quiet" after more than this many weeks without a purchase (182 days is accepted too).
QUIET_WEEKS = 26
#: Question 5: CLV horizon and monthly discount rate.
MONTHS, MONTHLY_DISCOUNT = 36, 0.01
#: Question 7: the years of history behind the cost-to-serve profile.
COST_YEARS = 3
#: Question 6: tier shares (as in lesson 02).
STRATEGIC_SHARE, IMPORTANT_SHARE = 0.05, 0.15

# --------------------------------------------------------------------------- helpers


def _summary(db, *, completed_only: bool = True, amount: str = "margin", freq: str = "W") -> pd.DataFrame:
    return summary(
        order_lines(db, completed_only=completed_only), date="order_date", amount=amount, asof=ASOF, freq=freq
    )


def _bgnbd(weekly: pd.DataFrame) -> BetaGeoModel:
    return BetaGeoModel(penalizer=PENALIZER).fit(weekly)


def _clv(weekly: pd.DataFrame, *, months: int = MONTHS, discount: float = MONTHLY_DISCOUNT) -> pd.Series:
    return GammaGammaModel().fit(weekly).clv(_bgnbd(weekly), weekly, months=months, discount_rate=discount)


def _average_margin(db, *, completed_only: bool = True, column: str = "margin", per: str = "buyers") -> float:
    lines = order_lines(db, completed_only=completed_only)
    year = lines[lines["order_date"].dt.year == ASOF.year]
    total = float(year[column].sum())
    if per == "customers":
        return total / len(db.customers)
    return total / year["customer_id"].nunique()


# --------------------------------------------------------------------------- questions


@question(N_("simple CLV of the average 2025 buyer"))
def q1(simple_value: object, db) -> None:
    m = _average_margin(db)
    r, d = RETENTION, DISCOUNT
    expected = simple_clv(m, r, d)
    value = simple_value

    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: matches_number(value, simple_clv(_average_margin(db, completed_only=False), r, d)),
                    _(FILTER_HINT),
                ),
                (
                    lambda: matches_number(value, simple_clv(_average_margin(db, column="revenue"), r, d)),
                    _(
                        "build the CLV on the gross margin (the `margin` column: revenue minus the cost of the goods), "
                        "not on revenue. (It is a gross-margin CLV: the cost to serve comes off in Question 7.)"
                    ),
                ),
                (
                    lambda: matches_number(value, simple_clv(_average_margin(db, per="customers"), r, d)),
                    _(
                        "average over the customers who bought in 2025 (nunique customer_id of the 2025 completed "
                        "lines), not over every row of db.customers."
                    ),
                ),
                (
                    lambda: matches_number(value, m * r / (1 - r)),
                    _("you left out the discount: CLV = m * r / (1 + d - r)."),
                ),
                (
                    lambda: matches_number(value, m / (1 + d - r)),
                    _("the numerator is m * r: next year's margin needs the customer to stay."),
                ),
                (
                    lambda: matches_number(value, m * (1 + d) / (1 + d - r)),
                    _("this year's margin is already earned: CLV = m * r / (1 + d - r) counts from next year."),
                ),
                (
                    lambda: matches_number(value, m),
                    _("that is the average margin itself; now turn it into a lifetime value."),
                ),
            ],
            _(
                "m = 2025 margin of completed lines / number of customers with a 2025 completed line; "
                "simple_value = course.clv.simple_clv(m, retention=0.85, discount=0.10)."
            ),
        )

    hint_when_wrong(lambda text: check_number(value, expected, hint=text), hint)


@question(N_("the weekly frequency / recency / T / monetary summary"))
def q2(weekly: object, db) -> None:
    expected = _summary(db)[["frequency", "recency", "T", "monetary_value"]]

    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: matches_frame(weekly, _summary(db, completed_only=False), columns=["frequency"]),
                    _(FILTER_HINT),
                ),
                (
                    lambda: matches_frame(weekly, _summary(db, freq="D"), columns=["recency"]),
                    _("measure time in weeks: freq='W'."),
                ),
                (
                    lambda: matches_frame(
                        weekly, expected.assign(recency=expected["T"] - expected["recency"]), columns=["recency"]
                    ),
                    _(
                        "that recency is RFM recency (time since the last purchase). The model's recency is the "
                        "customer's age at the last purchase: last minus first purchase."
                    ),
                ),
                (
                    lambda: matches_frame(weekly, _summary(db, amount="revenue"), columns=["monetary_value"]),
                    _("use amount='margin', not revenue."),
                ),
            ],
            _(
                "weekly = course.clv.summary(completed, date='order_date', amount='margin', "
                "asof='2025-12-31', freq='W')."
            ),
        )

    hint_when_wrong(lambda text: check_frame(weekly, expected, hint=text), hint)


@question(N_("mean expected purchases in the next 52 weeks"))
def q3(mean_purchases_52: object, db) -> None:
    weekly = _summary(db)
    model = _bgnbd(weekly)
    expected = float(model.predict_purchases(52, weekly).mean())
    value = mean_purchases_52

    def mean_forecast(t: float, summary_table: pd.DataFrame = weekly, fitted: BetaGeoModel = model) -> float:
        return float(fitted.predict_purchases(t, summary_table).mean())

    def all_lines() -> float:
        table = _summary(db, completed_only=False)
        return mean_forecast(52, table, _bgnbd(table))

    def hint() -> str:
        return mistake_hint(
            [
                (lambda: matches_number(value, mean_forecast(12), rtol=1e-4), _("the window is 52 weeks, not 12.")),
                (
                    lambda: matches_number(value, mean_forecast(365), rtol=1e-4),
                    _("t is in weeks (the summary's unit): 52, not 365."),
                ),
                (lambda: matches_number(value, mean_forecast(1), rtol=1e-4), _("the window is 52 weeks, not 1.")),
                (
                    lambda: matches_number(value, model.expected_purchases(52), rtol=1e-4),
                    _(
                        "expected_purchases is for a brand-new customer; use predict_purchases(52, weekly) for the "
                        "customers' own histories."
                    ),
                ),
                (
                    lambda: matches_number(value, model.predict_purchases(52, weekly).sum(), rtol=1e-4),
                    _("give the mean per customer, not the total."),
                ),
                (lambda: matches_number(value, all_lines(), rtol=1e-4), _(FILTER_HINT)),
            ],
            _(
                "model = course.clv.BetaGeoModel(penalizer=0.001).fit(weekly); "
                "mean_purchases_52 = model.predict_purchases(52, weekly).mean()."
            ),
        )

    hint_when_wrong(
        lambda text: check_number(value, expected, rtol=1e-4, hint=text),
        hint,
    )


def _days_since_last(db, index: pd.Index) -> pd.Series:
    lines = order_lines(db)
    last = lines.groupby(lines["customer_id"].astype("object"))["order_date"].max()
    return (ASOF - last).dt.days.reindex(index)


@question(N_("mean probability alive of the quiet repeat buyers"))
def q4(p_alive_quiet: object, db) -> None:
    weekly = _summary(db)
    alive = _bgnbd(weekly).probability_alive(weekly)
    repeat = weekly["frequency"] > 0
    quiet_for = weekly["T"] - weekly["recency"]
    by_weeks = quiet_for > QUIET_WEEKS
    by_days = _days_since_last(db, weekly.index) > 7 * QUIET_WEEKS  # "26 weeks" read as 182 days
    expected = float(alive[by_weeks & repeat].mean())
    value = p_alive_quiet

    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: (
                        matches_number(value, alive[by_weeks].mean(), rtol=1e-4)
                        or matches_number(value, alive[by_days].mean(), rtol=1e-4)
                    ),
                    _(
                        "that includes the one-time buyers (frequency 0). BG/NBD gives every one of them probability "
                        "alive 1 — in the model dropout can only follow a repeat purchase — so they would lift the "
                        "mean with an artefact: keep weekly['frequency'] > 0."
                    ),
                ),
                (
                    lambda: matches_number(value, alive[(weekly["recency"] > QUIET_WEEKS) & repeat].mean(), rtol=1e-4),
                    _("recency is the age at the last purchase; the time since the last purchase is T - recency."),
                ),
                (
                    lambda: matches_number(value, alive[(quiet_for >= QUIET_WEEKS) & repeat].mean(), rtol=1e-4),
                    _("more than 26 weeks: use >, not >=."),
                ),
                (
                    lambda: matches_number(value, alive[repeat].mean(), rtol=1e-4),
                    _("average over the quiet repeat buyers only (T - recency > 26)."),
                ),
                (
                    lambda: matches_number(value, alive[(quiet_for <= QUIET_WEEKS) & repeat].mean(), rtol=1e-4),
                    _("those are the recent customers; the quiet ones have T - recency > 26."),
                ),
            ],
            _(
                "quiet = (weekly['T'] - weekly['recency'] > 26) & (weekly['frequency'] > 0); "
                "p_alive_quiet = model.probability_alive(weekly)[quiet].mean()."
            ),
        )

    hint_when_wrong(
        lambda text: check_number(
            value, expected, accept=[float(alive[by_days & repeat].mean())], rtol=1e-4, hint=text
        ),
        hint,
    )


@question(N_("36-month CLV per customer"))
def q5(clv_36: object, db) -> None:
    weekly = _summary(db)
    expected = _clv(weekly)
    value = clv_36

    def hint() -> str:
        return mistake_hint(
            [
                (
                    lambda: matches_series(value, _clv(weekly, months=12), rtol=1e-4),
                    _("the horizon is 36 months (months=36)."),
                ),
                (
                    lambda: matches_series(value, _clv(weekly, discount=0.10), rtol=1e-4),
                    _("the discount rate is 1% a MONTH: discount_rate=0.01."),
                ),
                (
                    lambda: matches_series(value, _clv(weekly, discount=0.0), rtol=1e-4),
                    _("discount the future margins: discount_rate=0.01."),
                ),
                (
                    lambda: matches_series(value, _clv(_summary(db, amount="revenue")), rtol=1e-4),
                    _("fit Gamma-Gamma on margin (the summary of Question 2), not revenue."),
                ),
            ],
            _(
                "spend = course.clv.GammaGammaModel().fit(weekly); "
                "clv_36 = spend.clv(model, weekly, months=36, discount_rate=0.01)."
            ),
        )

    hint_when_wrong(lambda text: check_series(value, expected, rtol=1e-4, hint=text), hint)


def _revenue_2025(db, index: pd.Index, *, completed_only: bool = True, all_years: bool = False) -> pd.Series:
    lines = order_lines(db, completed_only=completed_only)
    if not all_years:
        lines = lines[lines["order_date"].dt.year == ASOF.year]
    return lines.groupby("customer_id")["revenue"].sum().reindex(index, fill_value=0.0)


def _moved_down(revenue: pd.Series, clv: pd.Series) -> int:
    by_revenue = assign_tiers(revenue, STRATEGIC_SHARE, IMPORTANT_SHARE)
    by_clv = assign_tiers(clv, STRATEGIC_SHARE, IMPORTANT_SHARE)
    return int(((by_revenue != "general") & (by_clv == "general")).sum())


@question(N_("top-tier accounts by revenue that CLV puts in the general tier"))
def q6(n_moved_down: object, db) -> None:
    weekly = _summary(db)
    clv = _clv(weekly)
    revenue = _revenue_2025(db, weekly.index)
    expected = _moved_down(revenue, clv)
    value = n_moved_down

    def every_customer() -> int:
        every = all_ids(db)
        return _moved_down(_revenue_2025(db, every), clv.reindex(every, fill_value=0.0))

    def hint() -> str:
        moved_up = _moved_down(clv, revenue)
        return mistake_hint(
            [
                (
                    lambda: matches_number(
                        value, _moved_down(_revenue_2025(db, weekly.index, completed_only=False), clv)
                    ),
                    _(FILTER_HINT),
                ),
                (
                    lambda: matches_number(value, _moved_down(_revenue_2025(db, weekly.index, all_years=True), clv)),
                    _("rank by 2025 revenue only (order_date in 2025), not revenue of all years."),
                ),
                (
                    lambda: matches_number(value, every_customer()),
                    _("tier the buying customers only (the index of `weekly`), not every row of db.customers."),
                ),
                (
                    lambda: moved_up != expected and matches_number(value, moved_up),
                    _(
                        "that is the number moved UP (general by revenue, top tier by CLV); count top tier by revenue "
                        "AND general by CLV."
                    ),
                ),
            ],
            _(
                "tiers = course.tiers.assign_tiers(values, strategic_share=0.05, important_share=0.15) for "
                "revenue_2025 and clv_36 (same customers); count (revenue tier != 'general') & (CLV tier == 'general')."
            ),
        )

    hint_when_wrong(
        lambda text: check_number(value, expected, rtol=0, atol=0.5, hint=text),
        hint,
    )


@question(N_("36-month profit CLV per customer, after the cost to serve"))
def q7(profit_36: object, db) -> None:
    weekly = _summary(db)
    model = _bgnbd(weekly)
    margin_clv = _clv(weekly)
    profile = cost_to_serve_profile(db.orders, db.cost_to_serve, asof=ASOF, years=COST_YEARS)

    def cost(*, months: int = MONTHS, discount: float = MONTHLY_DISCOUNT, years: int = COST_YEARS) -> pd.DataFrame:
        chosen = (
            profile if years == COST_YEARS else cost_to_serve_profile(db.orders, db.cost_to_serve, ASOF, years=years)
        )
        return projected_cost_to_serve(chosen, model, weekly, months=months, discount_rate=discount)

    projected = cost()
    expected = profit_clv(margin_clv, projected["cost_to_serve"])
    value = profit_36

    def hint() -> str:
        past = profile["cost_to_serve"].reindex(margin_clv.index)
        return mistake_hint(
            [
                (
                    lambda: matches_series(value, margin_clv, rtol=1e-4),
                    _("that is the gross-margin CLV of Question 5; subtract the projected cost to serve."),
                ),
                (
                    lambda: (
                        matches_series(value, -projected["cost_to_serve"], rtol=1e-4)
                        or matches_series(value, projected["cost_to_serve"], rtol=1e-4)
                    ),
                    _("that is the projected cost to serve itself; the profit CLV is clv_36 minus it."),
                ),
                (
                    lambda: matches_series(value, margin_clv - past, rtol=1e-4),
                    _(
                        "you subtracted the cost of the PAST three years (profile['cost_to_serve']); subtract the cost "
                        "projected over the next 36 months with projected_cost_to_serve."
                    ),
                ),
                (
                    lambda: matches_series(value, margin_clv - projected["fixed"], rtol=1e-4),
                    _("you subtracted the fixed part only; take the column 'cost_to_serve' (fixed + variable)."),
                ),
                (
                    lambda: matches_series(value, margin_clv - projected["variable"], rtol=1e-4),
                    _("you subtracted the variable part only; take the column 'cost_to_serve' (fixed + variable)."),
                ),
                (
                    lambda: matches_series(value, margin_clv - cost(months=12)["cost_to_serve"], rtol=1e-4),
                    _("project the cost over the same horizon as the CLV: months=36, not 12."),
                ),
                (
                    lambda: matches_series(value, margin_clv - cost(discount=0.10)["cost_to_serve"], rtol=1e-4),
                    _("discount the cost as the CLV: 1% a MONTH (discount_rate=0.01), not 10%."),
                ),
                *[
                    (
                        lambda years=years: matches_series(
                            value, margin_clv - cost(years=years)["cost_to_serve"], rtol=1e-4
                        ),
                        _("the cost-to-serve profile reads the last 3 years (years=3), not {years}.").format(
                            years=years
                        ),
                    )
                    for years in (1, 2, 6)
                ],
            ],
            _(
                "profile = course.clv.cost_to_serve_profile(db.orders, db.cost_to_serve, asof=asof); "
                "cost = course.clv.projected_cost_to_serve(profile, model, weekly, months=36, discount_rate=0.01); "
                "profit_36 = clv_36 - cost['cost_to_serve']."
            ),
        )

    hint_when_wrong(lambda text: check_series(value, expected, rtol=1e-4, hint=text), hint)
