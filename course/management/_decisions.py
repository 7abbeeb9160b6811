"""From the 360° view to decisions: the final management tier and its playbook, the 20/60/20 decision, hours.

Definitions
-----------
Final management tier (管理等级)
    ``prospect`` for a customer without a completed order; ``general`` for a
    lost (lifecycle ``churned``) account, flagged for review when its tier was
    higher; otherwise the *higher* of its lesson-02 tier (value so far:
    revenue, profit, tenure, influence, customisation) and its CLV tier (the
    top 5 % / next 15 % of the buyers by 36-month CLV: value to come). Source
    000's point that ordinary and strategic customers convert into each other,
    and source 003's CLV criterion, in one rule.
The 20/60/20 decision (source 004)
    Buying customers ranked by profit (margin - cost to serve): the top 20 %
    **keep** (重点保持: they earn most of the profit), the middle 60 %
    **develop** (设法留住: the source says they break even and keep the
    company's scale), the bottom 20 % **let go** (果断放弃: they waste
    resources). :func:`let_go_review` splits the last group before anybody
    acts on it: accounts under two years old (their acquisition cost is still
    in their profit) and accounts with a CLV in the top half (fix their cost to
    serve) are reviewed, the others let go.
Hours
    Account-manager hours per final tier from the playbook (lesson 02's
    :func:`course.strategy.allocate_hours`), next to the hours each tier would
    get if time followed profit (source 004: 按照盈利来分配工作时间).

Examples
--------
>>> from course.data import load_b2b
>>> from course.management import customer_360
>>> view = customer_360(load_b2b(), asof="2025-12-31")
>>> decision_20_60_20(view)["customers"].tolist()
[352, 1055, 352]
"""

from __future__ import annotations

import pandas as pd

from course.glossary import zh
from course.pareto import split_20_60_20
from course.strategy import allocate_hours, tier_playbook
from course.tiers import TIER_DTYPE, TIERS, assign_tiers
from course.validation import CourseInputError, require_columns, require_frame

__all__ = ["DECISIONS", "management_tiers", "decision_20_60_20", "let_go_review", "hours_by_tier"]

#: The decision for each group of the 20/60/20 split (source 004).
DECISIONS: dict[str, str] = {"top 20%": "keep", "middle 60%": "develop", "bottom 20%": "let go"}


def _check(view: object, columns: list[str]) -> pd.DataFrame:
    frame = require_frame(view, table="view")
    require_columns(frame, columns, table="view")
    return frame


def management_tiers(view: pd.DataFrame) -> pd.DataFrame:
    """The final management tier of every customer, its reason, and the tier playbook joined on.

    Returns
    -------
    DataFrame
        Indexed like ``view``: ``tier`` (lesson 02), ``clv_tier``,
        ``final_tier`` (ordered categorical), ``review`` (text, empty when
        none), and the playbook's ``name_zh``, ``team``, ``contact_frequency``
        and ``hours_per_customer``.
    """
    frame = _check(view, ["tier", "clv", "lifecycle_state"])
    rank = {tier: i for i, tier in enumerate(TIERS)}
    clv_tier = assign_tiers(frame["clv"], strategic_share=0.05, important_share=0.15)
    base = frame["tier"].astype("object").map(rank)
    forward = clv_tier.astype("object").map(rank)
    final = pd.concat([base, forward], axis=1).max(axis=1).map(dict(enumerate(TIERS)))
    lost = frame["lifecycle_state"].astype("object") == "churned"
    review = pd.Series("", index=frame.index)
    review[lost & (base > rank["general"])] = "lost account with a high tier: win back or close"
    review[~lost & (forward > base)] = "promoted by its lifetime value"
    final[lost & (final != "prospect")] = "general"
    out = pd.DataFrame(
        {"tier": frame["tier"], "clv_tier": clv_tier, "final_tier": pd.Categorical(final, dtype=TIER_DTYPE)}
    )
    out["review"] = review
    playbook = tier_playbook()[["name_zh", "team", "contact_frequency", "hours_per_customer"]]
    playbook.index = playbook.index.astype("object")
    return out.join(playbook.reindex(out["final_tier"].astype("object")).set_axis(out.index))


def decision_20_60_20(view: pd.DataFrame) -> pd.DataFrame:
    """The 20/60/20 split of the buying customers by profit, with the figures behind each decision.

    Returns
    -------
    DataFrame
        One row per group (top 20 % / middle 60 % / bottom 20 %): ``decision``
        and its Chinese name, ``customers``, ``revenue``, ``margin``,
        ``cost_to_serve``, ``profit``, ``profit_share``,
        ``profit_per_customer``, ``cts_per_revenue`` (cost to serve per yuan),
        ``loss_makers`` (share of customers with profit < 0), ``median_clv``.
    """
    frame = _check(view, ["revenue", "margin", "cost_to_serve", "profit", "clv"])
    buyers = frame[frame["revenue"] > 0]
    if buyers.empty:
        raise CourseInputError("table 'view': no customer has revenue, so there is nothing to split by profit.")
    groups = split_20_60_20(buyers["profit"])["group"]
    grouped = buyers.groupby(groups.reindex(buyers.index), observed=False)
    table = grouped[["revenue", "margin", "cost_to_serve", "profit"]].sum()
    table.insert(0, "customers", grouped.size())
    table.insert(0, "decision_zh", [zh(DECISIONS[g]) for g in table.index])
    table.insert(0, "decision", [DECISIONS[g] for g in table.index])
    table["profit_share"] = table["profit"] / table["profit"].sum()
    table["profit_per_customer"] = table["profit"] / table["customers"]
    table["cts_per_revenue"] = table["cost_to_serve"] / table["revenue"]
    table["loss_makers"] = grouped["profit"].apply(lambda p: float((p < 0).mean()))
    table["median_clv"] = grouped["clv"].median()
    return table


def let_go_review(view: pd.DataFrame, *, young_years: float = 2.0) -> pd.DataFrame:
    """The bottom 20 % by profit, split before letting go: young accounts, high lifetime value, the rest.

    ``view`` needs ``tenure_years`` (years since the first purchase) besides
    the columns of :func:`decision_20_60_20`. Returns one row per verdict:
    customers, profit, revenue and median CLV.
    """
    frame = _check(view, ["revenue", "profit", "clv", "tenure_years"])
    buyers = frame[frame["revenue"] > 0]
    bottom = buyers.loc[split_20_60_20(buyers["profit"])["group"] == "bottom 20%"]
    high_clv = bottom["clv"] >= buyers["clv"].median()
    verdict = pd.Series("let go", index=bottom.index)
    verdict[high_clv] = "review: high lifetime value, fix the cost to serve"
    verdict[bottom["tenure_years"] < young_years] = "review: young account, acquisition cost still in its profit"
    grouped = bottom.groupby(verdict)
    return pd.DataFrame(
        {
            "customers": grouped.size(),
            "profit": grouped["profit"].sum(),
            "revenue": grouped["revenue"].sum(),
            "median_clv": grouped["clv"].median(),
        }
    ).rename_axis("verdict")


def hours_by_tier(tiers: pd.DataFrame, view: pd.DataFrame, total_hours: float = 30 * 1_000) -> pd.DataFrame:
    """Account-manager hours per final tier: from the playbook, and if time followed profit.

    Parameters
    ----------
    tiers : DataFrame
        From :func:`management_tiers` (its ``final_tier``).
    view : DataFrame
        The 360° view (its ``profit``).
    total_hours : float
        The team's yearly client-facing hours (default 30 account managers × 1,000).

    Returns
    -------
    DataFrame
        One row per tier: ``customers``, ``hours_per_customer``, ``hours``,
        ``hours_share`` (playbook), ``profit_share`` and ``hours_by_profit``
        (``total_hours`` shared out by each tier's share of the positive
        profit of its profitable customers).
    """
    require_columns(tiers, ["final_tier"], table="tiers")
    _check(view, ["profit"])
    hours = allocate_hours(tiers.assign(tier=tiers["final_tier"]), "tier", total_hours=total_hours)
    profit = view["profit"].reindex(tiers.index)
    by_tier = profit.groupby(tiers["final_tier"], observed=False).sum().reindex(hours.index)
    positive = profit.clip(lower=0).groupby(tiers["final_tier"], observed=False).sum().reindex(hours.index)
    hours["profit_share"] = by_tier / by_tier.sum()
    hours["hours_by_profit"] = total_hours * positive / positive.sum()
    return hours.drop(columns="customer_share")
