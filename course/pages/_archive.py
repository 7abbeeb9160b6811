"""The customer archive (客户档案): a one-page profile of one account, as one self-contained HTML file.

Source 001 builds the customer archive on three analyses: **strategic**
(where the account stands and where the opportunities are), **operational**
(how we serve it) and **financial**: what it brings us and how it pays --
its payment record and the cooperation risk it implies (合作风险), with the
invoices open today. The archive puts them on one page with the
relationship map, the account plan and satisfaction -- every figure computed by the ``course.kam``
functions, every chart embedded as a PNG, no code, nothing to download.

Which tier the archive shows
    A manager reads one tier per customer everywhere, and the tier that
    decides hours and contact norms is the **management tier** (客户管理等级)
    of ``course.management``. It needs the whole 360° view of every
    customer (:func:`course.management.customer_360`), far more work than one
    account's page, so the caller passes it as ``tier=`` --
    ``python -m course archive`` and the lessons do. Without it the archive falls back on the tier of the weighted
    customer score (revenue, profit, tenure ... over all years to date,
    :func:`course.tiers.tier_customers`) and says so in words on the page,
    because that tier can differ from the management tier (C00001 on the
    shipped data: ``important`` by the score, ``general`` as managed). The
    contact-cadence norm follows the tier shown; a lost account has none.

Examples
--------
>>> from course.data import load_b2b
>>> html = customer_archive(load_b2b(), "C00001", asof="2025-12-31")
>>> "客户档案" in html and "data:image/png;base64," in html and "<script" not in html
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from course.customers import CUSTOMER_TABLE_COLUMNS
from course.data.b2b_schema import RELATIONSHIP_LAYERS
from course.glossary import zh
from course.kam import (
    CADENCE,
    account_table,
    action_calendar,
    action_status,
    contact_cadence,
    customer_classes,
    gap_list,
    growth_potential,
    payment_behaviour,
    payment_risk,
    peer_benchmark,
    plan_status,
    portfolio,
    receivables,
    relationship_health,
    relationship_map,
    satisfaction_trend,
    share_of_wallet,
    wallet_year,
)

# The archive is the key-account views of one account on one page: it checks its inputs (the tables, the
# customer id, the as-of day) with the helpers every course.kam function starts with.
from course.kam._inputs import as_of, check_customer, customer_table_at, get_table, purchases_of
from course.lifecycle import lifecycle_states
from course.pages._html import facts_html, figure_html, page, section, table_html
from course.plots import (
    money,
    org_map_chart,
    relationship_grid_chart,
    use_course_style,
    wallet_chart,
    yearly_revenue_chart,
)
from course.tiers import TIERS, tier_customers
from course.validation import CourseInputError, require_columns, require_frame

__all__ = ["customer_archive", "customer_archives", "write_archive"]


def _named(term: str) -> str:
    """A glossary term with its Chinese name, as a title: ``"Strategic analysis 战略分析"``."""
    return f"{term[0].upper()}{term[1:]} {zh(term)}"


#: The tiers a caller may pass: lesson 02's four and ``lost`` (a lost account has no tier in the plan).
_GIVEN_TIERS = (*TIERS, "lost")


def _shown_tier(table: pd.DataFrame, key: str, tier: str | None) -> tuple[str, str]:
    """The tier the archive shows and its label in words: the caller's management tier, else the score tier."""
    if tier is None:
        return str(tier_customers(table).loc[key, "tier"]), "tier by customer score, all years to date"
    if tier not in _GIVEN_TIERS:
        raise CourseInputError(
            f"tier={tier!r} is not a management tier; pass one of {', '.join(_GIVEN_TIERS)} (the customer's "
            "final_tier from course.management.management_tiers), or None for the tier by customer score."
        )
    return tier, "management tier"


def _shared(db: object, day: pd.Timestamp, table: pd.DataFrame | None = None) -> dict:
    """What the archives of every account read, computed once per database and day (also for a batch).

    The customer table, relationship health, the account table with its classes and portfolio, lifecycle
    states, the plans' actions and status, share of wallet with the peers' benchmark, and the purchases known
    on ``day``.
    ``table``: the customer table as of ``day`` when the caller has it.
    """
    table = customer_table_at(db, day) if table is None else table
    health = relationship_health(db, day)
    accounts = account_table(db, day, health=health["health"], table=table)
    sow = share_of_wallet(db, wallet_year(day))
    actions = action_status(db, day) if len(getattr(db, "account_plans", ())) else None
    return {
        "health": health,
        "actions": actions,
        "plans": plan_status(db, day, actions=actions) if actions is not None else None,
        "db": db,
        "day": day,
        "table": table,
        "states": lifecycle_states(table, asof=day)["state"],
        "accounts": accounts,
        "classes": customer_classes(accounts),
        "portfolio": portfolio(accounts),
        "sow": sow,
        "peers": peer_benchmark(sow),
        "lines": purchases_of(db, day),
    }


def _context(shared: dict, key: str, tier: str | None = None) -> dict:
    """What every section reads: the shared tables (:func:`_shared`), the account's row, its tier and state."""
    table = shared["table"]
    return {
        **shared,
        "key": key,
        "row": table.loc[key],
        **dict(zip(("tier", "tier_label"), _shown_tier(table, key, tier), strict=True)),
        "state": str(shared["states"].loc[key]),
    }


def _profile(c: dict) -> str:
    db, key, row = c["db"], c["key"], c["row"]
    team = get_table(db, "account_team", ["customer_id", "role", "staff_id"], purpose="the archive")
    team = team[team["customer_id"] == key].set_index("role")["staff_id"]
    klass = str(c["classes"].loc[key, "class"])
    facts = [
        ("industry", str(row["industry"])),
        ("region", str(row["region"])),
        ("employees", f"{row['employees']:,}"),
        ("account since", str(pd.Timestamp(row["acquired_date"]).date())),
        (f"{c['tier_label']}", f"{c['tier']} {zh(c['tier'])}"),
        ("customer class", f"{klass} {zh(klass)}"),
        ("lifecycle state", f"{c['state']} {zh(c['state'])}"),
        (f"iron triangle {zh('iron triangle')}", " / ".join(f"{r} {team.get(r, '–')}" for r in ("AR", "SR", "FR"))),
    ]
    return section("Profile", facts_html(facts))


def _strategic(c: dict) -> str:
    key, day = c["key"], c["day"]
    year = wallet_year(day)
    accounts, cell = c["accounts"].loc[key], c["portfolio"].loc[key] if key in c["portfolio"].index else None
    facts = [
        (f"wallet {year}", money(accounts["wallet"])),
        ("our share of wallet", "–" if pd.isna(accounts["share_of_wallet"]) else f"{accounts['share_of_wallet']:.0%}"),
        ("white space", money(accounts["white_space"])),
        ("industry influence", f"{int(c['row']['industry_influence'])} of 5"),
    ]
    if cell is not None:
        facts += [("portfolio cell (attractiveness/strength)", cell["cell"]), ("recommended", cell["investment"])]
    lines = growth_potential(c["sow"].loc[[key]], c["peers"]).sort_index()
    lines = lines.droplevel("customer_id")[["wallet", "revenue", "share", "typical_share", "best_share", "potential"]]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    wallet_chart(lines, year, ax=ax)
    # A manager's page: columns in words (the chart above needs the code names, so rename only the table).
    words = {
        "wallet": f"wallet {year} (CNY)",
        "revenue": f"our revenue {year} (CNY)",
        "share": "our share",
        "typical_share": "peers' median share",
        "best_share": "peers' best share",
        "potential": "growth at peers' best share (CNY)",
    }
    lines = lines.rename(columns=words)
    money_cols = {words[c]: "{:,.0f}" for c in ("wallet", "revenue", "potential")}
    shares = {words[c]: "{:.0%}" for c in ("share", "typical_share", "best_share")}
    return section(
        _named("strategic analysis"),
        facts_html(facts),
        '<div class="grid">',
        figure_html(fig, "wallet by product line"),
        table_html(lines.rename_axis("product line"), money_cols | shares),
        "</div>",
        '<p class="note">Peers: accounts of the same industry that buy from us; growth = what reaching the '
        "peers' best share (their 75th percentile) would add.</p>",
    )


def _yearly(c: dict) -> pd.DataFrame:
    """Revenue, orders, margin, cost to serve and profit of the account per calendar year."""
    db, key, day = c["db"], c["key"], c["day"]
    lines = c["lines"]
    lines = lines[lines["customer_id"] == key]
    year = lines["order_date"].dt.year.rename("year")
    by_year = pd.DataFrame(
        {
            "orders": lines.groupby(year)["order_id"].nunique(),
            "revenue": lines.groupby(year)["revenue"].sum(),
            "margin": lines.groupby(year)["margin"].sum(),
        }
    )
    cts = get_table(db, "cost_to_serve", ["customer_id", "year", "total"], purpose="the archive")
    cts = cts[(cts["customer_id"] == key) & (cts["year"] <= day.year)].set_index("year")["total"]
    table = by_year.reindex(by_year.index.union(cts.index), fill_value=0).fillna(0)
    table["orders"] = table["orders"].astype("int64")
    table["margin_rate"] = table["margin"] / table["revenue"].where(table["revenue"] > 0)
    table["cost_to_serve"] = cts.reindex(table.index, fill_value=0.0)
    table["profit"] = table["margin"] - table["cost_to_serve"]
    return table


def _operational(c: dict, yearly: pd.DataFrame) -> str:
    db, key, day = c["db"], c["key"], c["day"]
    # The counts do not depend on the tier; a lost account has no contact norm (it is on the win-back list),
    # so its counts are taken under the general norm and no norm is printed.
    norm = CADENCE.get(c["tier"])
    cadence = contact_cadence(db, pd.Series({key: c["tier"] if norm else "general"}), day).loc[key]
    expected = f"norm {int(norm['per_year'])} for the {c['tier']} tier" if norm else "no norm: a lost account"
    facts = [
        ("contacts, last 12 months", f"{int(cadence['contacts_12m'])} ({expected})"),
        ("days since last contact", _days(cadence["days_since_contact"])),
        ("days since decision-maker contact", _days(cadence["days_since_dm_contact"])),
        ("product lines bought", f"{int(c['row']['n_product_lines'])} of 5"),
        ("tickets (all time)", f"{int(c['row']['n_tickets'])}"),
    ]
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    yearly_revenue_chart(yearly["revenue"], ax=ax)
    tickets = get_table(db, "tickets", ["customer_id", "opened_date", "closed_date", "category"], purpose="archive")
    tickets = tickets[(tickets["customer_id"] == key) & ~(tickets["opened_date"] > day)]
    days = (tickets["closed_date"].where(~(tickets["closed_date"] > day)) - tickets["opened_date"]).dt.days
    by_cat = pd.DataFrame(
        {
            "tickets": tickets.groupby("category", observed=True).size(),
            "median days to close": days.groupby(tickets["category"], observed=True).median(),
        }
    )
    return section(
        _named("operational analysis"),
        facts_html(facts),
        '<div class="grid">',
        figure_html(fig, "revenue per year"),
        "<div><h3>Tickets by category</h3>",
        table_html(by_cat.rename_axis("category"), {"tickets": "{:,}", "median days to close": "{:.0f}"}),
        "</div></div>",
    )


def _financial(c: dict, yearly: pd.DataFrame) -> str:
    """Source 001's financial analysis: what the account brings us, and how it pays -- its cooperation risk."""
    row, db, key, day = c["row"], c["db"], c["key"], c["day"]
    history = payment_behaviour(db, day, customers=[key], freq="Y")
    risk = payment_risk(db, day, customers=[key])
    record = risk.loc[key] if key in risk.index else None
    facts = [
        ("revenue (lifetime)", money(row["revenue"])),
        ("margin rate", "–" if pd.isna(row["margin_rate"]) else f"{row['margin_rate']:.0%}"),
        ("cost to serve", money(row["cost_to_serve"])),
        (f"profit contribution {zh('profit contribution')}", money(row["profit"])),
    ]
    if record is None:
        facts.append(("payment record", "no invoice due in the last 12 months"))
    else:
        late = round(record["paid_late_12m"] * record["invoices_due_12m"]) if record["invoices_due_12m"] else 0
        facts += [
            (
                "paid late, last 12 months",
                f"{late} of {int(record['invoices_due_12m'])} invoices"
                + (
                    ""
                    if pd.isna(record["median_days_late_12m"])
                    else f" (median {record['median_days_late_12m']:.0f} days)"
                ),
            ),
            ("overdue now", money(record["overdue_amount"])),
            (f"cooperation risk {zh('cooperation risk')}", str(record["risk"])),
        ]
    formats = dict.fromkeys(("revenue", "margin", "cost to serve", "profit"), "{:,.0f}") | {"margin rate": "{:.0%}"}
    brings = yearly.rename(columns={"margin_rate": "margin rate", "cost_to_serve": "cost to serve"})
    paid = history[["invoices", "paid_late", "median_days_late", "open_overdue"]]
    return section(
        _named("financial analysis"),
        facts_html(facts),
        "<h3>What the account brings (per year)</h3>",
        table_html(brings, formats),
        f"<h3>How it pays {zh('payment collection')}: invoices due per year</h3>",
        table_html(
            paid.rename(
                columns={
                    "paid_late": "paid late",
                    "median_days_late": "median days late",
                    "open_overdue": "still unpaid",
                }
            ).rename_axis("year due"),
            {"paid late": "{:.0%}", "median days late": "{:,.0f}"},
        ),
        _open_invoices(c, history),
    )


def _open_invoices(c: dict, history: pd.DataFrame) -> str:
    """The account's receivables on the as-of date; an empty list still points at the payment history."""
    items = receivables(c["db"], c["day"], customers=[c["key"]])
    title = f"<h3>Receivables {zh('receivable')} on {c['day'].date()}</h3>"
    if items.empty:
        late = round((history["paid_late"] * history["invoices"]).sum()) if len(history) else 0
        total = int(history["invoices"].sum()) if len(history) else 0
        return f"{title}<p>No open invoice today; {late} of its {total} invoices so far were paid late (above).</p>"
    shown = items[["invoice_id", "invoice_date", "due_date", "amount", "days_past_due", "bucket"]]
    shown = shown.assign(invoice_date=shown["invoice_date"].dt.date, due_date=shown["due_date"].dt.date)
    return title + table_html(shown.set_index("invoice_id"), {"amount": "{:,.0f}"})


def _relationships(c: dict) -> str:
    db, key, day = c["db"], c["key"], c["day"]
    health = c["health"]
    rmap = relationship_map(db, key, day)
    gaps = gap_list(health, key)
    grid_fig, grid_ax = plt.subplots(figsize=(8, 5.2))  # the lesson's size: room for every name
    relationship_grid_chart(rmap, ax=grid_ax)
    org_ax = org_map_chart(rmap)  # at the lesson's size (8 in), its text never below the course minimum
    org_fig = org_ax.figure
    people = rmap[
        [
            "name",
            "title",
            "decision_role",
            "influence",
            "attitude",
            "relationship_layer",
            "days_since_contact",
            "met_by_12m",
        ]
    ]
    gap_text = "".join(f'<li class="warn">{g}</li>' for g in gaps) or "<li>no gap</li>"
    score = health.loc[key, "health"]
    return section(
        "Relationships "
        + " / ".join([*(zh(layer) for layer in RELATIONSHIP_LAYERS), zh("organisational relationship")]),
        facts_html(
            [
                ("relationship health", f"{score:.0f} of 100"),
                ("contacts on file", f"{len(rmap)}"),
                ("working relationships (12 months)", f"{int(health.loc[key, 'threads_12m'])}"),
            ]
        ),
        f"<h3>Gaps</h3><ul>{gap_text}</ul>",
        '<div class="grid">',
        figure_html(grid_fig, "relationship grid"),
        "</div>",
        figure_html(org_fig, "org map"),
        table_html(people.rename_axis("contact"), {"days_since_contact": "{:,.0f}"}),
    )


def _plan(c: dict) -> str:
    db, key, day = c["db"], c["key"], c["day"]
    plans = get_table(db, "account_plans", ["plan_id", "customer_id", "year"], purpose="the archive")
    mine = plans[(plans["customer_id"] == key) & (plans["year"] <= day.year)].sort_values("year")
    if mine.empty:
        return section(_named("account plan"), "<p>No account plan: not among the key accounts planned so far.</p>")
    status = c["plans"]
    latest = status.loc[mine["plan_id"].iloc[-1]]
    facts = [
        (f"plan {int(latest['year'])}: actions done", f"{int(latest['done'])} of {int(latest['due'])} due"),
        ("sales target", money(latest["sales_target"])),
        ("sales attainment", f"{latest['sales_attainment']:.0%}"),
        ("CSAT vs target", f"{latest['csat']:.1f} / {latest['csat_target']:.1f}"),
        ("on plan", "yes" if latest["on_plan"] else "no"),
    ]
    why = f'<p class="warn">Off plan: {latest["why"]}</p>' if latest["why"] else ""
    calendar = action_calendar(c["actions"], mine["plan_id"].iloc[-1])
    history = status.loc[mine["plan_id"], ["year", "execution", "sales_attainment", "on_plan"]].set_index("year")
    return section(
        _named("account plan"),
        facts_html(facts),
        why,
        "<h3>Action calendar (✓ done, ✗ missed, … not due yet)</h3>",
        table_html(calendar),
        "<h3>Plans so far</h3>",
        table_html(history, {"execution": "{:.0%}", "sales_attainment": "{:.0%}"}),
    )


def _satisfaction(c: dict) -> str:
    db, key, day = c["db"], c["key"], c["day"]
    trend = satisfaction_trend(db, key, day)
    surveys = get_table(db, "surveys", ["customer_id", "date", "voc_category"], purpose="the archive")
    recent = surveys[
        (surveys["customer_id"] == key) & ~(surveys["date"] > day) & (surveys["date"].dt.year >= day.year - 1)
    ]
    voice = recent.groupby("voc_category", observed=True).size().rename("comments").to_frame()
    return section(
        f"{_named('customer satisfaction')} and the voice of the customer {zh('voice of the customer')}",
        '<div class="grid"><div>',
        table_html(trend, {"mean_csat": "{:.2f}", "nps": "{:.0f}"}),
        "</div><div>",
        f"<h3>Comment topics, {day.year - 1}-{day.year}</h3>",
        table_html(voice.rename_axis("topic")),
        "</div></div>",
    )


def _days(value: float) -> str:
    return "never" if pd.isna(value) else f"{int(value)}"


def customer_archive(db: object, customer_id: str, asof: object = None, *, tier: str | None = None) -> str:
    """The customer archive of one account as a self-contained HTML page (see the module docstring).

    Parameters
    ----------
    db : B2BDatabase
    customer_id : str
    asof : date-like, optional
    tier : str, optional
        The account's management tier (``final_tier`` of
        ``course.management.management_tiers``), shown and used for the
        contact norm; ``None``: the tier by customer score, labelled as such.

    Raises
    ------
    CourseInputError
        The customer is unknown (the message says where the valid ids are), a
        table or column is missing, or the account has no contact person.
    """
    key = check_customer(db, customer_id)
    day = as_of(db, asof)
    with matplotlib.rc_context():
        use_course_style()
        return _archive_page(_context(_shared(db, day), key, tier))


def customer_archives(
    db: object,
    customer_ids: Iterable[str],
    asof: object = None,
    *,
    tiers: Mapping[str, str] | None = None,
    table: pd.DataFrame | None = None,
) -> Iterator[tuple[str, str]]:
    """The archives of several accounts, ``(customer_id, html)`` one by one, each page as :func:`customer_archive`.

    What every archive reads (the customer table, health, classes, share of wallet …) is computed once,
    so that a batch costs little more than its pages. Every id is checked before the first page: an
    unknown id raises before anything is returned.

    Parameters
    ----------
    db : B2BDatabase
    customer_ids : iterable of str
        The accounts, in the order wanted (a repeated id gives one page).
    asof : date-like, optional
    tiers : mapping of str to str, optional
        Management tier of each account (``final_tier`` of
        ``course.management.management_tiers``); an account missing from it
        (or ``tiers=None``) shows its tier by customer score, as in
        :func:`customer_archive`.
    table : DataFrame, optional
        The customer table of ``db`` as of ``asof``
        (:func:`course.customers.customer_table`), to save computing it again.

    Raises
    ------
    CourseInputError
        When an id is not a customer: every unknown id is named, before any page is made.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> pages = dict(customer_archives(load_b2b(), ["C00001", "C00002"], asof="2025-12-31"))
    >>> list(pages), all("客户档案" in html for html in pages.values())
    (['C00001', 'C00002'], True)
    """
    keys = _known_customers(db, customer_ids)
    day = as_of(db, asof)
    tiers = {} if tiers is None else tiers
    if table is not None:
        require_columns(require_frame(table, table="table"), CUSTOMER_TABLE_COLUMNS, table="table")

    def pages() -> Iterator[tuple[str, str]]:
        with matplotlib.rc_context():
            use_course_style()
            shared = _shared(db, day, table)
            for key in keys:
                yield key, _archive_page(_context(shared, key, tiers.get(key)))

    return pages()


def _known_customers(db: object, customer_ids: Iterable[str]) -> list[str]:
    """The ids, checked, without repeats; one error naming every unknown id (each with its own hint)."""
    if isinstance(customer_ids, str):
        customer_ids = [customer_ids]
    keys, unknown = [], []
    for customer_id in dict.fromkeys(customer_ids):
        try:
            keys.append(check_customer(db, customer_id))
        except CourseInputError as error:
            unknown.append(str(error))
    if len(unknown) == 1:
        raise CourseInputError(unknown[0])
    if unknown:
        raise CourseInputError(f"{len(unknown)} of the ids given are not customers: " + " ".join(unknown))
    if not keys:
        raise CourseInputError("no customer id given: pass one or more ids such as 'C00001'.")
    return keys


def _archive_page(context: dict) -> str:
    """The archive's HTML page from its context (inside the course style)."""
    db, key, day = context["db"], context["key"], context["day"]
    yearly = _yearly(context)
    sections = [
        _profile(context),
        _strategic(context),
        _operational(context, yearly),
        _financial(context, yearly),
        _relationships(context),
        _plan(context),
        _satisfaction(context),
    ]
    company = get_table(db, "customers", ["customer_id", "company_name"], purpose="the archive")
    name = company.set_index("customer_id").loc[key, "company_name"]
    return page(
        f"{_named('customer archive')} · {name} ({key})",
        sections,
        subtitle=f"As of {day.date()}. Strategic, operational and financial analysis (with the payment record), "
        "relationships, plan and satisfaction, from the course's B2B database.",
        footer="Generated by python -m course archive (course.pages.customer_archive). Synthetic data.",
    )


def write_archive(
    db: object, customer_id: str, path: str | os.PathLike[str], asof: object = None, *, tier: str | None = None
) -> Path:
    """Write :func:`customer_archive` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(customer_archive(db, customer_id, asof, tier=tier), encoding="utf-8")
    return target
