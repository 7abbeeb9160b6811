"""From the 360° view to decisions: current customers, the final tier and its playbook, 20/60/20, hours, win-back.

Definitions
-----------
Current customer (现有客户)
    A customer who bought in the 365 days up to the decision day: lifecycle
    state ``active`` or ``dormant`` (lesson 06's rule: silent for more than
    365 days is **lost**, 流失客户). Every decision below is made on current
    customers only; a lost account gets no tier, no 20/60/20 verdict and no
    playbook hours, and goes to the **win-back list** (:func:`win_back_list`).
Recent profit
    ``profit_12m``: margin minus cost to serve in the 12 months up to the
    decision day (:func:`course.management.recent_profit`). Lifetime profit
    (2020 to the decision day) still carries the first year's acquisition
    marketing and the years of an account that has since shrunk.
Final management tier (客户管理等级)
    ``prospect`` for a customer without a completed order; ``lost`` for a lost
    account; for a current customer the *higher* of its profit tier (the top
    5 % / next 15 % of the current customers by recent profit: value now)
    and its CLV tier (the top 5 % / next 15 % of the current customers by
    36-month CLV: value to come). Source 000's point that ordinary and
    strategic customers convert into each other, and source 003's CLV
    criterion, in one rule.
The 20/60/20 decision (source 004)
    Current customers ranked by recent profit: the top 20 % **keep** (重点保持:
    they earn most of the profit), the middle 60 % **retain** (设法留住: the
    source says they break even and keep the company's scale), the bottom
    20 % **let go** (果断放弃: they waste resources). :func:`let_go_accounts`
    reviews the last group account by account before anybody acts on it:
    accounts under two years old (their acquisition cost is still in their
    profit) and accounts with a CLV in the top half of the current customers
    (fix their cost to serve) are reviewed, the others let go.
Hours
    Account-manager hours per final tier from the playbook (lesson 02's
    :func:`course.strategy.allocate_hours`), next to the hours each tier would
    get if time followed recent profit (source 004: 按照盈利来分配工作时间).

Examples
--------
>>> from course.data import load_b2b
>>> from course.management import customer_360
>>> view = customer_360(load_b2b(), asof="2025-12-31")
>>> decision_20_60_20(view)["customers"].tolist()
[253, 759, 253]
"""

from __future__ import annotations

import pandas as pd

from course.glossary import zh
from course.pareto import split_20_60_20
from course.strategy import allocate_hours, tier_playbook
from course.tiers import TIERS, assign_tiers
from course.validation import CourseInputError, require_columns, require_frame

__all__ = [
    "DECISIONS",
    "FINAL_TIER_DTYPE",
    "current_customers",
    "management_tiers",
    "decision_20_60_20",
    "let_go_accounts",
    "let_go_review",
    "hours_by_tier",
    "win_back_list",
]

#: The decision for each group of the 20/60/20 split (source 004).
DECISIONS: dict[str, str] = {"top 20%": "keep", "middle 60%": "retain", "bottom 20%": "let go"}

#: The final management tier: lesson 02's four tiers, and ``lost`` for a lost account (no tier, no hours).
FINAL_TIER_DTYPE = pd.CategoricalDtype(["lost", *TIERS], ordered=True)

#: What the playbook says for a lost account: it is on the win-back list, not in a tier.
_LOST_PLAYBOOK = {
    "name_zh": zh("lost"),
    "team": "win-back list: one call by the former account manager",
    "contact_frequency": "once, to learn why and to make an offer",
    "hours_per_customer": 0.0,
}


def _check(view: object, columns: list[str]) -> pd.DataFrame:
    frame = require_frame(view, table="view")
    require_columns(frame, columns, table="view")
    return frame


def current_customers(view: pd.DataFrame) -> pd.Series:
    """True for a current customer: bought, and not lost by the 365-day rule (lifecycle state not ``churned``).

    Examples
    --------
    >>> import pandas as pd
    >>> view = pd.DataFrame({"revenue": [10.0, 5.0, 0.0], "lifecycle_state": ["active", "churned", "potential"]})
    >>> current_customers(view).tolist()
    [True, False, False]
    """
    frame = _check(view, ["revenue", "lifecycle_state"])
    lost = frame["lifecycle_state"].astype("object") == "churned"
    return ((frame["revenue"] > 0) & ~lost).rename("current")


def management_tiers(view: pd.DataFrame) -> pd.DataFrame:
    """The final management tier of every customer, its reason, and the tier playbook joined on.

    Returns
    -------
    DataFrame
        Indexed like ``view``: ``tier`` (lesson 02, for comparison),
        ``profit_tier`` and ``clv_tier`` (current customers only),
        ``final_tier`` (:data:`FINAL_TIER_DTYPE`), ``review`` (text, empty
        when none), and the playbook's ``name_zh``, ``team``,
        ``contact_frequency`` and ``hours_per_customer`` (0 for lost accounts
        and prospects).
    """
    frame = _check(view, ["tier", "clv", "lifecycle_state", "revenue", "profit_12m"])
    current = current_customers(frame)
    lost = (frame["revenue"] > 0) & ~current
    rank = {tier: i for i, tier in enumerate(FINAL_TIER_DTYPE.categories)}
    shares = {"strategic_share": 0.05, "important_share": 0.15}
    profit_tier = assign_tiers(frame.loc[current, "profit_12m"], **shares).reindex(frame.index)
    clv_tier = assign_tiers(frame.loc[current, "clv"], **shares).reindex(frame.index)
    by_profit = profit_tier.astype("object").map(rank)
    by_clv = clv_tier.astype("object").map(rank)
    final = pd.concat([by_profit, by_clv], axis=1).max(axis=1).map(dict(enumerate(FINAL_TIER_DTYPE.categories)))
    final[~current] = "prospect"
    final[lost] = "lost"
    review = pd.Series("", index=frame.index)
    was_high = frame["tier"].astype("object").isin(["important", "strategic"])
    review[lost & was_high] = "lost account with a high value so far: first on the win-back list"
    review[current & (by_clv > by_profit)] = "promoted by its lifetime value"
    out = pd.DataFrame(
        {
            "tier": frame["tier"],
            "profit_tier": profit_tier,
            "clv_tier": clv_tier,
            "final_tier": pd.Categorical(final, dtype=FINAL_TIER_DTYPE),
        }
    )
    out["review"] = review
    playbook = tier_playbook()[list(_LOST_PLAYBOOK)]
    playbook.index = playbook.index.astype("object")
    playbook.loc["lost"] = pd.Series(_LOST_PLAYBOOK)
    playbook["hours_per_customer"] = playbook["hours_per_customer"].astype("float64")
    return out.join(playbook.reindex(out["final_tier"].astype("object")).set_axis(out.index))


def _current_buyers(view: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = _check(view, ["revenue", "lifecycle_state", *columns])
    buyers = frame[current_customers(frame)]
    if buyers.empty:
        raise CourseInputError(
            "table 'view': no current customer (a purchase in the last 365 days), so there is nothing to decide."
        )
    return buyers


def decision_20_60_20(view: pd.DataFrame) -> pd.DataFrame:
    """The 20/60/20 split of the current customers by recent profit, with the figures behind each decision.

    Returns
    -------
    DataFrame
        One row per group (top 20 % / middle 60 % / bottom 20 %): ``decision``
        and its Chinese name, ``customers``; ``revenue_12m``, ``margin_12m``,
        ``cost_to_serve_12m`` and ``profit_12m`` (all the last 12 months);
        ``profit_share``, ``profit_per_customer``, ``cts_per_revenue`` (cost
        to serve per yuan of revenue), ``loss_makers`` (share of customers
        with recent profit < 0), ``median_clv``.
    """
    money = ["revenue_12m", "margin_12m", "cost_to_serve_12m", "profit_12m"]
    buyers = _current_buyers(view, [*money, "clv"])
    groups = split_20_60_20(buyers["profit_12m"])["group"]
    grouped = buyers.groupby(groups.reindex(buyers.index), observed=False)
    table = grouped[money].sum()
    table.insert(0, "customers", grouped.size())
    table.insert(0, "decision_zh", [zh(DECISIONS[g]) for g in table.index])
    table.insert(0, "decision", [DECISIONS[g] for g in table.index])
    table["profit_share"] = table["profit_12m"] / table["profit_12m"].sum()
    table["profit_per_customer"] = table["profit_12m"] / table["customers"]
    table["cts_per_revenue"] = table["cost_to_serve_12m"] / table["revenue_12m"]
    table["loss_makers"] = grouped["profit_12m"].apply(lambda p: float((p < 0).mean()))
    table["median_clv"] = grouped["clv"].median()
    return table


def let_go_accounts(view: pd.DataFrame, *, young_years: float = 2.0) -> pd.DataFrame:
    """The bottom 20 % of the current customers by recent profit, account by account, with a verdict each.

    ``view`` needs ``tenure_years`` (years since the first purchase) and
    ``company_name`` besides the columns of :func:`decision_20_60_20`.
    Verdicts: ``review: young account`` (``tenure_years < young_years``: its
    acquisition cost is still in its profit), ``review: high lifetime value``
    (CLV at least the current customers' median: fix the cost to serve),
    ``let go`` (the others). Sorted by verdict, then by recent profit
    (lowest first).
    """
    buyers = _current_buyers(view, ["company_name", "revenue_12m", "profit_12m", "clv", "tenure_years"])
    bottom = buyers.loc[split_20_60_20(buyers["profit_12m"])["group"] == "bottom 20%"]
    verdict = pd.Series("let go", index=bottom.index)
    verdict[bottom["clv"] >= buyers["clv"].median()] = "review: high lifetime value, fix the cost to serve"
    verdict[bottom["tenure_years"] < young_years] = "review: young account, acquisition cost still in its profit"
    out = bottom[["company_name", "tenure_years", "revenue_12m", "profit_12m", "clv"]].assign(verdict=verdict)
    return out.sort_values(["verdict", "profit_12m"])


def let_go_review(view: pd.DataFrame, *, young_years: float = 2.0) -> pd.DataFrame:
    """:func:`let_go_accounts` counted by verdict: customers, recent profit, recent revenue and median CLV."""
    grouped = let_go_accounts(view, young_years=young_years).groupby("verdict")
    return pd.DataFrame(
        {
            "customers": grouped.size(),
            "profit_12m": grouped["profit_12m"].sum(),
            "revenue_12m": grouped["revenue_12m"].sum(),
            "median_clv": grouped["clv"].median(),
        }
    ).rename_axis("verdict")


def hours_by_tier(tiers: pd.DataFrame, view: pd.DataFrame, total_hours: float = 30 * 1_000) -> pd.DataFrame:
    """Account-manager hours per final tier of the current customers: by the playbook, and if time followed profit.

    Parameters
    ----------
    tiers : DataFrame
        From :func:`management_tiers` (its ``final_tier``). Lost accounts get
        no hours: they are left out before the hours are shared.
    view : DataFrame
        The 360° view (its ``profit_12m``).
    total_hours : float
        The team's yearly client-facing hours (default 30 account managers × 1,000).

    Returns
    -------
    DataFrame
        One row per tier (strategic, important, general, prospect):
        ``customers``, ``hours_per_customer``, ``hours``, ``hours_share``
        (playbook), ``profit_share`` (share of the recent profit) and
        ``hours_by_profit`` (``total_hours`` shared out by each tier's share of
        the positive recent profit of its profitable customers).
    """
    require_columns(tiers, ["final_tier"], table="tiers")
    _check(view, ["profit_12m"])
    planned = tiers[tiers["final_tier"].astype("object") != "lost"]
    if planned.empty:
        raise CourseInputError("table 'tiers': every customer is lost; there is nobody to plan hours for.")
    tier = planned["final_tier"].astype("object").astype(pd.CategoricalDtype(list(TIERS), ordered=True))
    hours = allocate_hours(planned.assign(tier=tier), "tier", total_hours=total_hours)
    profit = view["profit_12m"].reindex(planned.index)
    by_tier = profit.groupby(tier, observed=False).sum().reindex(hours.index)
    positive = profit.clip(lower=0).groupby(tier, observed=False).sum().reindex(hours.index)
    hours["profit_share"] = by_tier / by_tier.sum()
    hours["hours_by_profit"] = total_hours * positive / positive.sum()
    return hours.drop(columns="customer_share")


def win_back_list(view: pd.DataFrame) -> pd.DataFrame:
    """The lost accounts, most valuable first: what each was worth, when it stopped, who knew it.

    Returns
    -------
    DataFrame
        One row per lost account (bought, silent for more than 365 days),
        indexed by ``customer_id``: ``company_name``, ``account_manager``,
        ``last_purchase``, ``years_bought`` (first to last purchase, in years),
        ``revenue`` and ``profit`` (after cost to serve, all years to the
        decision day) and ``profit_per_year`` (``profit`` / ``years_bought``,
        at least one year). Ranked by ``profit``, highest first.
    """
    frame = _check(
        view,
        ["revenue", "lifecycle_state", "company_name", "account_manager", "first_purchase", "last_purchase", "profit"],
    )
    lost = frame[(frame["revenue"] > 0) & ~current_customers(frame)]
    years = (lost["last_purchase"] - lost["first_purchase"]).dt.days / 365.25
    out = lost[["company_name", "account_manager", "last_purchase", "revenue", "profit"]].copy()
    out.insert(3, "years_bought", years)
    out["profit_per_year"] = out["profit"] / years.clip(lower=1.0)
    return out.sort_values("profit", ascending=False)
