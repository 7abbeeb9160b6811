"""Every figure of the own-data report, computed by the lessons' own functions on the loaded purchase table.

:func:`own_data_figures` runs, on the table :func:`course.data.read_orders`
returns, exactly the functions a trainee calls in the lessons -- tiers by
value (:func:`course.tiers.tier_customers`), RFM and the eight classes
(:mod:`course.rfm`), Pareto, Lorenz and ABC (:mod:`course.pareto`),
lifecycle states (:func:`course.lifecycle.lifecycle_states`) and lifetime
value (:mod:`course.clv`) -- so the report's figures are the lessons' figures.

Choices the report states
-------------------------
Value
    Profit (the sum of the margin column) when a margin column is mapped,
    revenue (the sum of amounts) otherwise. Concentration (Pareto, Lorenz,
    ABC) is always on revenue, which is never negative.
Tiers
    The course's default capacity shares: the top 5 % of buyers by value are
    strategic, the next 15 % important, the rest general.
Lifetime value
    BG/NBD + Gamma-Gamma (weeks, 12 months ahead, 1 % a month discount)
    when at least :data:`MIN_REPEAT_BUYERS` customers bought on two or more
    days: below that the four BG/NBD parameters are estimated from too few
    repeat patterns to trust. Otherwise the simple formula
    ``m r / (1 + d - r)`` with ``r`` the share of the buyers of the year
    before the last who bought again in the last year, ``m`` the average
    yearly value of the last year's buyers and ``d`` = 10 % a year.

Examples
--------
>>> import pandas as pd
>>> from course.data import load_cdnow
>>> figures = own_data_figures(load_cdnow(sample=True))
>>> figures.value_column, figures.clv_method, round(float(figures.concentration["top_share"]), 3)
('revenue', 'BG/NBD + Gamma-Gamma', 0.675)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course import pareto, rfm
from course.clv import BetaGeoModel, GammaGammaModel, simple_clv, summary
from course.lifecycle import lifecycle_states
from course.purchases import resolve_asof
from course.tiers import tier_customers
from course.validation import CourseInputError, require_columns

__all__ = [
    "MIN_REPEAT_BUYERS",
    "STRATEGIC_SHARE",
    "IMPORTANT_SHARE",
    "CLV_MONTHS",
    "MONTHLY_DISCOUNT",
    "YEARLY_DISCOUNT",
    "OwnDataFigures",
    "own_data_figures",
]

#: Customers with a repeat purchase needed before BG/NBD + Gamma-Gamma is fitted (else the simple CLV).
MIN_REPEAT_BUYERS = 200
#: Shares of the buyers in the strategic and the important tier (the course's defaults).
STRATEGIC_SHARE, IMPORTANT_SHARE = 0.05, 0.15
#: Horizon and discount of the model CLV; discount of the simple CLV.
CLV_MONTHS, MONTHLY_DISCOUNT, YEARLY_DISCOUNT = 12, 0.01, 0.10
_WIN_BACK = 10


@dataclass
class OwnDataFigures:
    """The figures of the report, each the result of a lesson function on the same purchase table."""

    asof: pd.Timestamp
    value_column: str  # "profit" or "revenue"
    customers: pd.DataFrame  # per buyer: revenue, [profit], frequency, recency, first/last purchase, tier, class, state
    tiers: pd.DataFrame  # per tier: customers, value, shares
    rfm: pd.DataFrame  # rfm_table
    classes: pd.DataFrame  # per RFM class: customers, monetary, shares
    concentration: pd.Series  # pareto.concentration_summary of revenue
    lorenz: pd.DataFrame
    abc: pd.DataFrame  # per ABC class: customers, revenue, shares
    states: pd.DataFrame  # per lifecycle state: customers
    win_back: pd.DataFrame
    clv_method: str
    clv_reason: str
    clv: pd.Series  # per buyer
    clv_params: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _shares(frame: pd.DataFrame, count: str, value: str) -> pd.DataFrame:
    out = frame.copy()
    out[f"{count}_share"] = out[count] / out[count].sum()
    total = out[value].sum()
    out[f"{value}_share"] = out[value] / total if total else np.nan
    return out


def _values(table: pd.DataFrame, asof: pd.Timestamp) -> pd.DataFrame:
    """Revenue (and profit) per buyer up to ``asof``, from the lines themselves."""
    known = table[table["date"] < asof + pd.Timedelta(days=1)]
    grouped = known.groupby("customer_id", sort=True)
    out = pd.DataFrame({"revenue": grouped["amount"].sum()})
    if "margin" in table:
        out["profit"] = grouped["margin"].sum()
    return out


def _model_clv(weekly: pd.DataFrame, margin_rate: float | None) -> tuple[pd.Series, dict, str]:
    purchases = BetaGeoModel().fit(weekly)
    repeat = weekly[(weekly["frequency"] > 0) & (weekly["monetary_value"] > 0)]
    spend = GammaGammaModel().fit(repeat)
    # Gamma-Gamma models positive spend: a repeat buyer whose repeat purchases total zero gets the mean spend
    free = (weekly["frequency"] > 0) & (weekly["monetary_value"] <= 0)
    spendable = weekly.assign(monetary_value=weekly["monetary_value"].mask(free, spend.population_mean()))
    values = spend.clv(purchases, spendable, months=CLV_MONTHS, discount_rate=MONTHLY_DISCOUNT, time_unit="W")
    params = {**purchases.params_, **spend.params_}
    if margin_rate is not None:
        values = values * margin_rate
    detail = f"Gamma-Gamma fitted on the {len(repeat):,} repeat buyers with a positive spend"
    if free.any():
        detail += f" ({int(free.sum()):,} whose repeat purchases total zero are given the mean spend)"
    return values, params, detail


def _simple(table: pd.DataFrame, asof: pd.Timestamp, value: str, buyers: pd.Index) -> tuple[pd.Series, dict, str]:
    """Each buyer's value of the last 365 days as the yearly margin m, one retention r for all: m r / (1 + d - r)."""
    day = pd.Timedelta(days=1)
    end = asof + day  # purchases dated on the as-of day count, as in rfm_table
    last = table[(table["date"] >= end - 365 * day) & (table["date"] < end)]
    before = table[(table["date"] >= end - 730 * day) & (table["date"] < end - 365 * day)]
    if before.empty or last.empty:
        return (
            pd.Series(np.nan, index=buyers, name="clv"),
            {},
            "the file covers less than two years before the as-of date, so no yearly retention can be measured",
        )
    retention = float(before["customer_id"].drop_duplicates().isin(last["customer_id"]).mean())
    column = "margin" if value == "profit" else "amount"
    yearly = last.groupby("customer_id")[column].sum().reindex(buyers, fill_value=0.0)
    values = simple_clv(yearly, retention, YEARLY_DISCOUNT).rename("clv")
    mean = float(last.groupby("customer_id")[column].sum().mean())
    return (
        values,
        {"retention": retention, "yearly_value": mean, "discount": YEARLY_DISCOUNT},
        f"retention {retention:.0%} (the buyers of the year before the last who bought again in the last year); "
        f"m = each buyer's {value} of the last 365 days (0 for a buyer silent that long; mean of the last "
        f"year's buyers {mean:,.2f})",
    )


def own_data_figures(table: pd.DataFrame, asof: object = None) -> OwnDataFigures:
    """Compute every figure of the own-data report from a purchase table (see the module's choices).

    Parameters
    ----------
    table : DataFrame
        The purchase table of :func:`course.data.read_orders` (``customer_id``,
        ``date``, ``amount``; optional ``order_id`` and ``margin``).
    asof : date-like, optional
        The day of the analysis; default the day after the last purchase.

    Returns
    -------
    OwnDataFigures
    """
    require_columns(table, ["customer_id", "date", "amount"], table="orders")
    stamp = resolve_asof(asof, table["date"])
    value = "profit" if "margin" in table else "revenue"
    order = "order_id" if "order_id" in table else None
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recency = rfm.rfm_table(table, order=order, asof=stamp)
        classes = rfm.eight_classes(recency)
        states = lifecycle_states(table, stamp, date="date", status=None)
    notes += sorted({str(w.message) for w in caught})

    customers = _values(table, stamp)
    customers = customers.join(recency[["frequency"]]).fillna({"frequency": 0})
    customers["n_orders"] = customers["frequency"].astype("int64")
    tiered = tier_customers(
        customers[[value, "n_orders"]], {value: 1.0}, STRATEGIC_SHARE, IMPORTANT_SHARE, prospect_column="n_orders"
    )
    customers["tier"] = tiered["tier"]
    customers = customers.join(classes[["class_zh", "class_en"]]).join(
        states[["state", "recency_days", "first_purchase", "last_purchase"]]
    )
    tiers = customers.groupby("tier", observed=False).agg(customers=(value, "size"), **{value: (value, "sum")})
    tiers = _shares(tiers.iloc[::-1], "customers", value)

    by_class = classes.groupby(["class_zh", "class_en"], observed=True).agg(
        customers=("monetary", "size"), monetary=("monetary", "sum")
    )
    by_class = _shares(by_class.reindex(list(classes["class_zh"].cat.categories), level=0), "customers", "monetary")

    revenue = customers["revenue"]
    abc = pareto.abc_classes(revenue)
    abc_table = (
        customers.assign(abc=abc["abc_class"])
        .groupby("abc", observed=False)
        .agg(customers=("revenue", "size"), revenue=("revenue", "sum"))
    )
    state_counts = states["state"].value_counts(sort=False).rename("customers").to_frame()
    lost = customers[customers["state"] == "churned"].sort_values(value, ascending=False).head(_WIN_BACK)
    win_back = lost[["last_purchase", "n_orders", "revenue"] + (["profit"] if value == "profit" else [])]

    weekly = summary(table, asof=stamp, freq="D", freq_multiplier=7)  # weeks, to the day: as the CLV lesson
    weekly_repeat = int((weekly["frequency"] > 0).sum())
    margin_rate = float(table["margin"].sum() / table["amount"].sum()) if value == "profit" else None
    if weekly_repeat >= MIN_REPEAT_BUYERS:
        method = "BG/NBD + Gamma-Gamma"
        try:
            clv, params, detail = _model_clv(weekly, margin_rate)
        except CourseInputError as error:  # a fit that does not converge is said, and the simple CLV used
            method, clv, params, detail = "simple CLV", *_simple(table, stamp, value, customers.index)
            notes.append(f"the BG/NBD fit failed ({error}); the simple CLV is shown instead")
            detail = f"but the BG/NBD fit did not converge on these data (see the notes), so the simple CLV: {detail}"
        reason = (
            f"{weekly_repeat:,} customers bought on two or more days (at least {MIN_REPEAT_BUYERS} are needed "
            f"to fit the purchase model); {detail}"
        )
    else:
        method = "simple CLV"
        clv, params, detail = _simple(table, stamp, value, customers.index)
        reason = (
            f"only {weekly_repeat:,} customers bought on two or more days, fewer than the {MIN_REPEAT_BUYERS} "
            f"needed to fit BG/NBD + Gamma-Gamma; {detail}"
        )
    customers["clv"] = clv.reindex(customers.index)
    return OwnDataFigures(
        asof=stamp,
        value_column=value,
        customers=customers,
        tiers=tiers,
        rfm=recency,
        classes=by_class,
        concentration=pareto.concentration_summary(revenue),
        lorenz=pareto.lorenz_curve(revenue),
        abc=_shares(abc_table, "customers", "revenue"),
        states=state_counts,
        win_back=win_back,
        clv_method=method,
        clv_reason=reason,
        clv=customers["clv"],
        clv_params=params,
        notes=notes,
    )
