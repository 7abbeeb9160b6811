"""Checks for Exercise 06, customer lifecycle and churn (客户生命周期与流失).

Each function recomputes the expected answer from the database it is given
(plain pandas on the order lines, or the tested ``course`` functions), so it
holds for any seed or size. When an answer is wrong it looks for the usual
mistakes -- cancelled lines kept, recency measured the wrong way, today's
biased snapshot instead of a group followed forward, a six-month label
window, AUC measured on the training data -- and names them.

Examples
--------
>>> from course.checks import lesson06 as check
>>> check.q1(..., None)
Traceback (most recent call last):
...
course.checks.AnswerError: Question 1: `state_counts` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from course.checks import (
    as_series,
    check_frame,
    check_number,
    check_series,
    drop_empty_extras,
    fail,
    matches_series,
    question,
)
from course.checks._lessons import ASOF, COMPLETED_HINT, all_ids, completed, customers, ids
from course.churn import FEATURES, churn_dataset, churn_model
from course.i18n import N_
from course.i18n import gettext as _
from course.tiers import tier_customers

__all__ = ["ASOF", "CUTOFF", "COHORT", "q1", "q2", "q3", "q4", "q5", "q6"]

#: The cutoff of Questions 2 and 4.
CUTOFF = pd.Timestamp("2024-12-31")
#: The cohort of Question 3.
COHORT = pd.Period("2022Q1", freq="Q")

# --------------------------------------------------------------------------- helpers


def _states(lines: pd.DataFrame, db, *, asof=ASOF, active=180, churn=365, strict=False, sign=1) -> pd.Series:
    """Fixed-rule state per customer of db.customers, from the given lines (independent of course.lifecycle)."""
    last = lines.groupby(ids(lines["customer_id"]))["order_date"].max()
    recency = sign * (asof - last).dt.days
    if strict:
        state = np.select([recency < active, recency < churn], ["active", "dormant"], "churned")
    else:
        state = np.select([recency <= active, recency <= churn], ["active", "dormant"], "churned")
    state = pd.Series(state, index=last.index)
    return state.reindex(all_ids(db)).fillna("potential")


def _counts(state: pd.Series) -> pd.Series:
    return state.value_counts().astype("int64")


# --------------------------------------------------------------------------- questions


@question(N_("customers per lifecycle state at 2025-12-31 (fixed rule)"))
def q1(state_counts: object, db) -> None:
    lines = completed(db)
    expected = _counts(_states(lines, db))
    mistakes = [
        (
            _counts(_states(db.orders, db)),
            _("it counts cancelled and returned lines as purchases. {completed}").format(completed=_(COMPLETED_HINT)),
        ),
        (
            _counts(_states(lines, db, strict=True)),
            _("the limits are inclusive: active means at most 180 days, dormant 181 to 365."),
        ),
        (
            _counts(_states(lines, db, sign=-1)),
            _("recency is negative: compute `ASOF - last_purchase`, not the reverse."),
        ),
        (expected / expected.sum(), _("give the number of customers in each state, not the shares.")),
    ]
    value = as_series(state_counts)
    if isinstance(value, pd.Series) and "potential" not in value.index and set(value.index) <= set(expected.index):
        raise fail(
            _("`state_counts` has no 'potential' state."),
            _(
                "customers in db.customers who never completed an order are potential: "
                "`.reindex(db.customers['customer_id']).fillna('potential')`."
            ),
        )
    check_series(
        drop_empty_extras(value, expected),
        expected,
        mistakes=mistakes,
        hint=_(
            "recency = (ASOF - last completed order_date).dt.days; active <= 180 < dormant <= 365 < churned; "
            "then `.value_counts()`."
        ),
    )


def _tiers(db, asof=ASOF) -> pd.Series:
    tier = tier_customers(customers(db, asof=asof))["tier"].astype("object")
    tier.index = tier.index.astype("object")
    return tier


def _cohort_churn(
    lines: pd.DataFrame, db, *, tier_asof=CUTOFF, horizon: int = 365, every_buyer: bool = False, counts: bool = False
) -> pd.Series:
    """Share of the customers active or dormant at CUTOFF who bought nothing in the ``horizon`` days after, by tier.

    Independent of :mod:`course.churn`: plain pandas on the lines. The variants recompute the usual mistakes.
    """
    who = ids(lines["customer_id"])
    known = (lines["order_date"] <= CUTOFF).to_numpy()
    last = lines[known].groupby(who[known])["order_date"].max()
    recency = (CUTOFF - last).dt.days
    population = recency.index if every_buyer else recency.index[recency <= 365]
    after = (lines["order_date"] > CUTOFF) & (lines["order_date"] <= CUTOFF + pd.Timedelta(days=horizon))
    churned = pd.Series(~population.isin(list(set(who[after]))), index=population)
    tier = _tiers(db, tier_asof).reindex(population)
    by_tier = churned.groupby(tier)
    return (by_tier.sum() if counts else by_tier.mean()).astype("float64")


@question(N_("churn rate by tier, following the customers active or dormant at 2024-12-31 through 2025"))
def q2(churn_by_tier: object, db) -> None:
    lines = completed(db)
    expected = _cohort_churn(lines, db)
    tier_today = _tiers(db)
    state_today = _states(lines, db).reindex(tier_today.index)
    bought = state_today != "potential"
    snapshot = (state_today[bought] == "churned").groupby(tier_today[bought]).mean()
    mistakes = [
        (
            snapshot,
            _(
                "that is today's snapshot, which lesson 06 calls biased (a recent buyer cannot be churned yet). "
                "Follow a group forward: the customers active or dormant at 2024-12-31, through 2025."
            ),
        ),
        (
            _cohort_churn(lines, db, tier_asof=ASOF),
            _("the tiers must be those of 2024-12-31: today's tier already reflects what the customer did in 2025."),
        ),
        (
            _cohort_churn(lines, db, horizon=180),
            _("the horizon is 365 days (no purchase in 2025), the course's definition of churn, not 180."),
        ),
        (
            _cohort_churn(lines, db, every_buyer=True),
            _(
                "keep only the customers active or dormant at 2024-12-31 (a purchase in the 365 days up to it); "
                "a customer already churned then cannot be lost in 2025."
            ),
        ),
        (_cohort_churn(lines, db, counts=True), _("those are numbers of customers; divide by the tier's customers.")),
        (
            _cohort_churn(db.orders, db),
            _("the purchases include cancelled and returned lines. {completed}").format(completed=_(COMPLETED_HINT)),
        ),
        (expected * 100, _("give fractions between 0 and 1, not percentages.")),
    ]
    check_series(
        drop_empty_extras(as_series(churn_by_tier), expected),
        expected,
        mistakes=mistakes,
        hint=_(
            "`churn_dataset(db, '2024-12-31', horizon_days=365)` holds the customers active or dormant at the "
            "cutoff and `churned`; join the tiers of `customer_table(db, asof='2024-12-31')`, then "
            "`churned.groupby(tier).mean()`."
        ),
    )


def _cohort_row(lines: pd.DataFrame, *, k_max: int = 8, by_lines: bool = False) -> pd.Series:
    when = lines["order_date"]
    number = (when.dt.year * 4 + when.dt.quarter).to_numpy()  # running quarter number
    frame = pd.DataFrame({"customer_id": lines["customer_id"].astype("object").to_numpy(), "quarter": number})
    first = frame.groupby("customer_id")["quarter"].transform("min")
    members = frame.loc[(first == COHORT.year * 4 + COHORT.quarter).to_numpy()]
    size = members["customer_id"].nunique()
    members = members.assign(k=members["quarter"] - (COHORT.year * 4 + COHORT.quarter))
    if by_lines:
        counts = members.groupby("k").size()
    else:
        counts = members.drop_duplicates(["customer_id", "k"]).groupby("k").size()
    return (counts.reindex(range(k_max + 1), fill_value=0) / size).astype("float64")


@question(N_("retention of the 2022Q1 cohort in quarters 0 to 8"))
def q3(retention_2022q1: object, db) -> None:
    lines = completed(db)
    expected = _cohort_row(lines)
    mistakes = [
        (
            _cohort_row(db.orders),
            _("the cohort and the purchases must use completed lines only. {completed}").format(
                completed=_(COMPLETED_HINT)
            ),
        ),
        (_cohort_row(lines, by_lines=True), _("count customers (each once per quarter), not order lines.")),
        (expected * 100, _("give shares between 0 and 1, not percentages.")),
    ]
    value = as_series(retention_2022q1)
    if (
        isinstance(value, pd.Series)
        and len(value) > len(expected)
        and matches_series(value.iloc[: len(expected)], expected)
    ):
        raise fail(_("`retention_2022q1` has too many values."), _("keep k = 0 to 8 only, e.g. `.loc[0:8]`."))
    check_series(
        value,
        expected,
        mistakes=mistakes,
        hint=_(
            "cohort = quarter of each customer's first completed order (`.dt.to_period('Q')`); for the customers "
            "of 2022Q1 count those buying in each quarter k = 0..8 after it and divide by the cohort size "
            "(or take the 2022Q1 row of `course.lifecycle.cohort_retention`)."
        ),
    )


def _dataset(lines: pd.DataFrame, *, label_end: str = "2025-12-31", count_lines: bool = False) -> pd.DataFrame:
    who = ids(lines["customer_id"])
    in_2024 = lines["order_date"].dt.year == 2024
    if count_lines:
        n = lines[in_2024].groupby(who[in_2024]).size()
    else:
        n = lines[in_2024].groupby(who[in_2024])["order_id"].nunique()
    after = (lines["order_date"] > CUTOFF) & (lines["order_date"] <= pd.Timestamp(label_end))
    bought = set(who[after])
    out = pd.DataFrame({"orders_2024": n.astype("int64")})
    out["churned"] = ~out.index.isin(list(bought))
    return out


def _explain_dataset(frame: pd.DataFrame, expected: pd.DataFrame, lines: pd.DataFrame, db, hint: str) -> None:
    """Name the likeliest mistake of a dataset that is a DataFrame (index as plain objects)."""
    if "churned" in frame.columns and len(frame) == len(expected) and frame.index.isin(expected.index).all():
        got = frame["churned"].reindex(expected.index).astype("bool")
        if (got == ~expected["churned"]).all():
            raise fail(
                _("`churned` is inverted: it must be True for customers who did NOT buy after the cutoff."), hint
            )
        if (got == _dataset(lines, label_end="2025-06-30")["churned"]).all() and not (got == expected["churned"]).all():
            raise fail(
                _(
                    "the label uses the first half of 2025 only; the horizon is one year (up to "
                    "2025-12-31): six months "
                    "of silence is often just a gap between orders."
                ),
                hint,
            )
        if "orders_2024" in frame.columns:
            lines_count = _dataset(lines, count_lines=True)["orders_2024"]
            got_n = frame["orders_2024"].reindex(expected.index)
            if (
                pd.api.types.is_numeric_dtype(got_n)
                and (got_n == lines_count).all()
                and not (got_n == expected["orders_2024"]).all()
            ):
                raise fail(_("`orders_2024` counts order lines; count distinct order ids."), hint)
    if len(frame) != len(expected):
        wrong = _dataset(db.orders)
        if len(frame) == len(wrong) and len(wrong) != len(expected):
            raise fail(
                _(
                    "the population includes customers whose only 2024 lines were cancelled or returned. {completed}"
                ).format(completed=_(COMPLETED_HINT)),
                hint,
            )
        raise fail(
            _("`dataset` has {rows} rows; there are {expected} customers with a completed order in 2024.").format(
                rows=f"{len(frame):,}", expected=f"{len(expected):,}"
            ),
            hint,
        )


@question(N_("orders in 2024 (before the cutoff) and churn label from 2025 (after it)"))
def q4(dataset: object, db) -> None:
    lines = completed(db)
    expected = _dataset(lines)
    hint = _(
        "`orders_2024`: distinct completed order ids dated in 2024 per customer; `churned`: True when the customer "
        "has no completed order dated 2025-01-01 to 2025-12-31."
    )
    if isinstance(dataset, pd.DataFrame):
        dataset = dataset.copy()
        dataset.index = dataset.index.astype("object")
        _explain_dataset(dataset, expected, lines, db, hint)
    check_frame(dataset, expected, hint=hint)


def _aucs(db) -> tuple[float, float, dict[str, float]]:
    train = churn_dataset(db, "2023-12-31", horizon_days=365)
    test = churn_dataset(db, "2024-12-31", horizon_days=365)
    model = churn_model().fit(train[FEATURES], train["churned"])
    risk = model.predict_proba(test[FEATURES])[:, 1]
    auc_model = float(roc_auc_score(test["churned"], risk))
    auc_recency = float(roc_auc_score(test["churned"], test["recency_days"]))
    wrong = {
        "train": float(roc_auc_score(train["churned"], model.predict_proba(train[FEATURES])[:, 1])),
        "labels": float(roc_auc_score(test["churned"], model.predict(test[FEATURES]))),
        "flipped": 1.0 - auc_model,
    }
    return auc_model, auc_recency, wrong


@question(N_("ROC AUC of the model and of the recency baseline on the later cutoff"))
def q5(auc_model: object, auc_recency: object, db) -> None:
    expected_model, expected_recency, wrong = _aucs(db)
    hint = _(
        "fit `churn_model()` on `train[FEATURES]` and `train['churned']`, then "
        "`roc_auc_score(test['churned'], model.predict_proba(test[FEATURES])[:, 1])`; the baseline score is "
        "`test['recency_days']`."
    )
    check_number(
        auc_model,
        expected_model,
        mistakes=[
            (wrong["train"], _("that is measured on the training data; measure on `test`, the later cutoff.")),
            (wrong["labels"], _("use the probabilities (`predict_proba(...)[:, 1]`), not the 0/1 predictions.")),
            (wrong["flipped"], _("that is the AUC of the probability of *staying*: take column 1 of `predict_proba`.")),
        ],
        name="auc_model",
        hint=hint,
        rtol=1e-4,
    )
    check_number(
        auc_recency,
        expected_recency,
        mistakes=[
            (
                1.0 - expected_recency,
                _("a longer time since the last purchase means MORE risk: use `recency_days` as it is."),
            )
        ],
        name="auc_recency",
        hint=hint,
    )


def _csat_gap(data: pd.DataFrame) -> float:
    churned = data["churned"].to_numpy()
    return float(data.loc[churned, "csat_12m"].mean() - data.loc[~churned, "csat_12m"].mean())


@question(N_("mean CSAT of churners minus that of retained customers, on the training cutoff"))
def q6(csat_gap: object, db) -> None:
    train = churn_dataset(db, "2023-12-31", horizon_days=365)
    churned = train["churned"].to_numpy()
    expected = _csat_gap(train)
    filled = train["csat_12m"].fillna(0)
    mistakes = [
        (-expected, _("the sign is reversed: churners' mean minus the retained customers' mean.")),
        (
            float(filled[churned].mean() - filled[~churned].mean()),
            _("customers without a survey have no CSAT (NaN): do not count them as 0."),
        ),
        (
            float(train.loc[churned, "csat_12m"].mean()),
            _("that is the churners' mean only; subtract the retained customers' mean."),
        ),
        (
            _csat_gap(churn_dataset(db, "2024-12-31", horizon_days=365)),
            _("that is measured on `test`, the cohort kept to score the model; explore on `train`."),
        ),
    ]
    check_number(
        csat_gap,
        expected,
        mistakes=mistakes,
        hint=_("`train.groupby('churned')['csat_12m'].mean()`, then the value for True minus the value for False."),
    )
