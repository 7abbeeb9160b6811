"""The account plan (客户规划): goals, the action calendar with iron-triangle owners, plan vs actual, feedback.

Source 001 plans each key account in three steps: set clear goals (sales and
service targets), make an action plan (regular visits, business exchanges)
and evaluate it, adjusting the plan from the feedback. The plans and their
actions are tables (``account_plans``, ``plan_actions``); what actually
happened is in the interactions, their participants, the organisational
relationships, the orders, the surveys and the tickets.

Definitions
-----------
Done
    A planned action is done when an interaction of its kind (visit, call,
    event) with its target contact, in which someone of ours in its owner
    role took part, is dated in its month and on or before the as-of date;
    an organisational action (executive visit, top-to-top meeting) when an
    ``org_relations`` row of that kind with that contact is dated in its
    month.
Due
    The action's month has ended by the as-of date, or the action is done.
Execution
    Actions done / actions due (NaN while none is due).
Sales attainment
    Completed revenue of the plan's year up to the as-of date / (sales target
    × the share of the year elapsed).
Service targets
    Met when the mean CSAT of the year's surveys is at least ``csat_target``,
    and the median days to close the tickets opened in the year (closed by
    the as-of date) is at most ``resolution_days_target``.
On plan
    Execution at least ``min_execution`` (60 %) and sales attainment at
    least ``min_attainment`` (90 %); ``why`` lists what is off.

Examples
--------
>>> from course.data import load_b2b
>>> status = plan_status(load_b2b(), asof="2025-12-31")
>>> round(float(status.loc[status["year"] == 2025, "on_plan"].mean()), 2)
0.31
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_schema import PLAN_ACTION_KINDS, TEAM_ROLES
from course.kam._inputs import as_of, get_table, purchases_of, require_rows
from course.validation import CourseInputError, describe_rows

__all__ = ["action_status", "plan_status", "action_calendar"]

_ORG_KINDS = ("executive visit", "top-to-top meeting")


def _checked_actions(db: object) -> pd.DataFrame:
    """The planned actions, with their plan's year; every target contact must be a contact of the plan's customer."""
    plans = get_table(db, "account_plans", ["plan_id", "customer_id", "year"], purpose="plan vs actual")
    require_rows(plans, "account_plans", purpose="plan vs actual")
    actions = get_table(
        db,
        "plan_actions",
        ["action_id", "plan_id", "customer_id", "month", "kind", "owner_role", "contact_id"],
        purpose="plan vs actual",
    )
    contacts = get_table(db, "contacts", ["contact_id", "customer_id", "decision_role"], purpose="plan vs actual")
    owner = contacts.set_index("contact_id")["customer_id"]
    unknown = ~actions["contact_id"].isin(owner.index)
    if unknown.any():
        detail = describe_rows(actions, unknown, "contact_id", ("names an unknown contact", "name unknown contacts"))
        raise CourseInputError(
            f"table 'plan_actions', column 'contact_id': {detail}. Every action targets a person in table "
            "'contacts': add the person there or correct the id in the plan."
        )
    elsewhere = owner.reindex(actions["contact_id"]).to_numpy() != actions["customer_id"].to_numpy()
    if elsewhere.any():
        mask = pd.Series(elsewhere, index=actions.index)
        detail = describe_rows(
            actions, mask, "contact_id", ("targets another customer's contact", "target other customers' contacts")
        )
        raise CourseInputError(
            f"table 'plan_actions', column 'contact_id': {detail}. An action targets a contact of the plan's own "
            "customer: correct the contact id or the customer id."
        )
    year = plans.set_index("plan_id")["year"]
    unplanned = ~actions["plan_id"].isin(year.index)
    if unplanned.any():
        detail = describe_rows(actions, unplanned, "plan_id", ("refers to an unknown plan", "refer to unknown plans"))
        raise CourseInputError(f"table 'plan_actions', column 'plan_id': {detail}. Add the plan to 'account_plans'.")
    role = contacts.set_index("contact_id")["decision_role"].astype("object")
    return actions.assign(
        year=year.reindex(actions["plan_id"]).to_numpy(), decision_role=role.reindex(actions["contact_id"]).to_numpy()
    )


def _activities(db: object, asof: pd.Timestamp) -> pd.DataFrame:
    """What happened, one row per (customer, month, kind, contact, role) with its first date."""
    inter = get_table(
        db, "interactions", ["interaction_id", "customer_id", "contact_id", "date", "type"], purpose="plan vs actual"
    )
    part = get_table(db, "participants", ["interaction_id", "role"], purpose="plan vs actual")
    met = inter.loc[inter["contact_id"].notna() & ~(inter["date"] > asof)].merge(part, on="interaction_id")
    met = met.assign(kind=met["type"].astype("object"), owner_role=met["role"].astype("object"))
    org = get_table(db, "org_relations", ["customer_id", "contact_id", "date", "kind"], purpose="plan vs actual")
    org = org.loc[~(org["date"] > asof) & org["kind"].isin(_ORG_KINDS)]
    org = org.assign(kind=org["kind"].astype("object"), owner_role="AR")
    columns = ["customer_id", "contact_id", "date", "kind", "owner_role"]
    happened = pd.concat([met[columns], org[columns]], ignore_index=True)
    happened["month"] = happened["date"].dt.to_period("M").dt.to_timestamp()
    keys = ["customer_id", "month", "kind", "contact_id", "owner_role"]
    return happened.groupby(keys, as_index=False)["date"].min().rename(columns={"date": "done_date"})


def action_status(db: object, asof: object = None) -> pd.DataFrame:
    """Every planned action with ``due``, ``done`` and ``done_date`` (see the module's definitions).

    Raises
    ------
    CourseInputError
        A table or column is missing, there is no plan, or an action names an
        unknown contact, a contact of another customer or an unknown plan.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> actions = action_status(load_b2b(), asof="2025-12-31")
    >>> actions[["kind", "owner_role", "done"]].head(2)
                     kind owner_role   done
    0               visit         AR  False
    1  top-to-top meeting         AR   True
    """
    day = as_of(db, asof)
    actions = _checked_actions(db)
    table = actions.assign(kind=actions["kind"].astype("object"), owner_role=actions["owner_role"].astype("object"))
    keys = ["customer_id", "month", "kind", "contact_id", "owner_role"]
    table = table.merge(_activities(db, day), on=keys, how="left")
    table["done"] = table["done_date"].notna()
    month_end = table["month"] + pd.offsets.MonthEnd(0)
    table["due"] = (month_end <= day) | table["done"]
    table["kind"] = pd.Categorical(table["kind"], categories=list(PLAN_ACTION_KINDS))
    table["owner_role"] = pd.Categorical(table["owner_role"], categories=list(TEAM_ROLES))
    return table


def _year_share(year: pd.Series, day: pd.Timestamp) -> np.ndarray:
    start = pd.to_datetime(year.astype(str) + "-01-01")
    end = pd.to_datetime(year.astype(str) + "-12-31")
    elapsed = ((np.minimum(end, day) - start).dt.days + 1).clip(lower=0)
    return (elapsed / ((end - start).dt.days + 1)).to_numpy()


def plan_status(
    db: object,
    asof: object = None,
    *,
    min_execution: float = 0.6,
    min_attainment: float = 0.9,
    actions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Plan vs actual for every plan: execution, sales attainment, service targets, on plan or not and why.

    Returns
    -------
    DataFrame
        Indexed by ``plan_id``: ``customer_id``, ``year``, ``actions``,
        ``due``, ``done``, ``execution``, ``sales_target``, ``revenue``,
        ``sales_attainment``, ``csat``, ``csat_target``, ``csat_met``,
        ``resolution_days``, ``resolution_days_target``, ``resolution_met``,
        ``on_plan`` and ``why`` (what is off, in words). Plans agreed after
        the as-of date are left out. ``actions`` may pass the result of
        :func:`action_status` for the same ``asof``, to save computing it again.
    """
    day = as_of(db, asof)
    plans = get_table(
        db,
        "account_plans",
        ["plan_id", "customer_id", "year", "agreed_date", "sales_target", "csat_target", "resolution_days_target"],
        purpose="plan vs actual",
    )
    actions = action_status(db, day) if actions is None else actions
    plans = plans.loc[~(plans["agreed_date"] > day)].set_index("plan_id")
    due = actions[actions["due"]]
    out = plans[["customer_id", "year"]].copy()
    out["actions"] = actions.groupby("plan_id").size().reindex(out.index, fill_value=0)
    out["due"] = due.groupby("plan_id").size().reindex(out.index, fill_value=0)
    out["done"] = due.groupby("plan_id")["done"].sum().reindex(out.index, fill_value=0).astype("int64")
    out["execution"] = out["done"] / out["due"].where(out["due"] > 0)
    out["sales_target"] = plans["sales_target"]
    out = out.join(_actuals(db, out, day))
    out["sales_attainment"] = out["revenue"] / (out["sales_target"] * _year_share(out["year"], day))
    out["csat_target"] = plans["csat_target"]
    out["csat_met"] = out["csat"] >= out["csat_target"]
    out["resolution_days_target"] = plans["resolution_days_target"]
    out["resolution_met"] = ~(out["resolution_days"] > out["resolution_days_target"])
    out["on_plan"] = (out["execution"] >= min_execution) & (out["sales_attainment"] >= min_attainment)
    out["why"] = _reasons(out, due, min_execution, min_attainment)
    return out


def _actuals(db: object, plans: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Revenue, mean CSAT and median days to resolve of each plan's customer and year, up to ``day``."""
    lines = purchases_of(db, day)
    surveys = get_table(db, "surveys", ["customer_id", "date", "csat"], purpose="service targets")
    tickets = get_table(db, "tickets", ["customer_id", "opened_date", "closed_date"], purpose="service targets")
    surveys = surveys.loc[~(surveys["date"] > day)]
    tickets = tickets.loc[~(tickets["closed_date"] > day) & tickets["closed_date"].notna()]
    keys = list(zip(plans["customer_id"], plans["year"], strict=True))

    def per_year(frame: pd.DataFrame, date: str, values: pd.Series, how: str) -> np.ndarray:
        grouped = values.groupby([frame["customer_id"], frame[date].dt.year]).agg(how)
        return grouped.reindex(keys).to_numpy()

    revenue = per_year(lines, "order_date", lines["revenue"], "sum")
    days = (tickets["closed_date"] - tickets["opened_date"]).dt.days.astype("float64")
    return pd.DataFrame(
        {
            "revenue": np.nan_to_num(revenue, nan=0.0),
            "csat": per_year(surveys, "date", surveys["csat"].astype("float64"), "mean"),
            "resolution_days": per_year(tickets, "opened_date", days, "median"),
        },
        index=plans.index,
    )


def _reasons(status: pd.DataFrame, due: pd.DataFrame, min_execution: float, min_attainment: float) -> list[str]:
    """What is off in each plan, in words."""
    by_role = due.groupby(["plan_id", "owner_role"], observed=True)["done"].agg(["sum", "size"])
    by_role["share"] = by_role["sum"] / by_role["size"]
    worst = by_role.sort_values("share", kind="stable").groupby(level="plan_id").head(1).reset_index(level=1)
    dm = due[due["decision_role"] == "decision maker"].groupby("plan_id")["done"].agg(["sum", "size"])
    reasons = []
    for plan, row in zip(status.index, status.itertuples(index=False), strict=True):
        why = []
        if not row.execution >= min_execution:
            detail = ""
            if plan in worst.index:
                w = worst.loc[plan]
                detail = f" ({w['owner_role']}: {int(w['sum'])} of {int(w['size'])} done)"
            why.append(f"actions {row.execution:.0%} done{detail}" if row.due else "no action due yet")
        if plan in dm.index and dm.at[plan, "sum"] < dm.at[plan, "size"]:
            why.append(f"decision-maker actions {int(dm.at[plan, 'sum'])} of {int(dm.at[plan, 'size'])} done")
        if not row.sales_attainment >= min_attainment:
            why.append(f"revenue at {row.sales_attainment:.0%} of target")
        if row.csat < row.csat_target:
            why.append(f"CSAT {row.csat:.1f} below {row.csat_target:.1f}")
        if row.resolution_days > row.resolution_days_target:
            why.append(f"tickets closed in {row.resolution_days:.0f} days (target {row.resolution_days_target})")
        reasons.append("; ".join(why))
    return reasons


def action_calendar(actions: pd.DataFrame, plan_id: str) -> pd.DataFrame:
    """One plan's actions as a calendar: months (rows) × iron-triangle role (columns), e.g. ``"visit P00003 ✓"``.

    ``actions`` comes from :func:`action_status`; ✓ marks an action done, ✗ one
    due and not done, … one not due yet.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> actions = action_status(load_b2b(), asof="2025-12-31")
    >>> calendar = action_calendar(actions, actions["plan_id"].iloc[-1])
    >>> list(calendar.columns)
    ['AR', 'SR', 'FR']
    """
    plan = actions[actions["plan_id"] == plan_id]
    if plan.empty:
        raise CourseInputError(
            f"plan {plan_id!r} has no actions in the table given; choose a plan_id from account_plans "
            "(e.g. the plans of a customer: db.account_plans[db.account_plans['customer_id'] == 'C00001'])."
        )
    mark = np.where(plan["done"], "✓", np.where(plan["due"], "✗", "…"))
    text = plan["kind"].astype(str) + " " + plan["contact_id"].astype(str) + " " + mark
    cells = text.groupby([plan["month"].dt.strftime("%Y-%m"), plan["owner_role"].astype(str)]).agg("; ".join)
    table = cells.unstack(fill_value="").reindex(columns=["AR", "SR", "FR"], fill_value="")
    table.index.name, table.columns.name = "month", "owner"
    return table
