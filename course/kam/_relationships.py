"""The three layers of relationships (三层客户关系) of an account: its map, its gaps and its health.

Source 001 plans relationships on three layers: **key-person** relationships
(关键客户关系) with the decision makers and their circle, **broad**
relationships (普遍客户关系) across the customer's departments and users, and
**organisational** relationships (组织客户关系) company to company, at executive
level. The contacts table records each person's decision role, influence
(1-5), attitude (supporter / neutral / opponent) and layer; the interactions
and their participants say who of ours is in touch with whom; org_relations
records the executive contacts.

Definitions
-----------
Key decision maker
    The account's contact with decision role "decision maker" and the highest
    influence (the first on file among equals).
Contacted / met
    An interaction with the person (call, e-mail, visit or event) on or before
    the as-of date.
Thread
    A working relationship: a pair (one of our people, one of the customer's
    contacts) with an interaction in the 365 days up to the as-of date.
    *Single-threaded*: at most one thread.
Department
    The function a contact works in, read from the job title
    (:data:`DEPARTMENTS`). *Broad coverage*: contacts in at least three
    departments were contacted in the last 365 days.
Gaps
    The key decision maker is neutral or opposed; no decision maker was
    contacted for six months (182 days); single-threaded; no broad
    coverage; no organisational contact for a year (365 days); no contact on
    file at all.

Examples
--------
>>> from course.data import load_b2b
>>> gaps = relationship_gaps(load_b2b(), asof="2025-12-31")
>>> bool(gaps.loc["C00001", "single_threaded"]), int(gaps["n_gaps"].max()) <= 6
(False, True)
"""

from __future__ import annotations

import pandas as pd

from course.data.b2b_schema import TEAM_ROLES, TITLES
from course.kam._inputs import DAY, as_of, check_customer, get_table
from course.validation import CourseInputError

__all__ = [
    "DEPARTMENTS",
    "SUPPORT",
    "GAP_LABELS",
    "key_decision_makers",
    "contact_activity",
    "relationship_map",
    "relationship_gaps",
    "gap_list",
]

#: The department of each job title of the contacts table.
DEPARTMENTS: dict[str, str] = {
    "General Manager": "management",
    "Chief Financial Officer": "finance",
    "Chief Technology Officer": "technology",
    "Operations Director": "operations",
    "Project Manager": "projects",
    "IT Manager": "technology",
    "Plant Manager": "operations",
    "Engineer": "engineering",
    "Technician": "engineering",
    "Purchasing Manager": "procurement",
    "Procurement Officer": "procurement",
    "Executive Assistant": "management",
}
assert set(DEPARTMENTS) == set(TITLES)

#: Attitude as a number: supporter +1, neutral 0, opponent -1.
SUPPORT: dict[str, int] = {"supporter": 1, "neutral": 0, "opponent": -1}

#: The gap flags of :func:`relationship_gaps` and how a report names them.
GAP_LABELS: dict[str, str] = {
    "no_contacts": "no contact person on file",
    "dm_opposed": "key decision maker opposes us",
    "dm_neutral": "key decision maker is neutral",
    "dm_not_met_6m": "no decision maker contacted for 6 months",
    "single_threaded": "single-threaded (at most one working relationship)",
    "narrow_coverage": "no broad coverage (fewer than 3 departments in touch)",
    "no_org_contact_12m": "no organisational contact for a year",
}

_CONTACT_COLUMNS = ["contact_id", "customer_id", "name", "title", "decision_role", "influence", "attitude"]


def _contacts(db: object) -> pd.DataFrame:
    return get_table(db, "contacts", _CONTACT_COLUMNS + ["relationship_layer"], purpose="the relationship map")


def key_decision_makers(contacts: pd.DataFrame) -> pd.DataFrame:
    """The key decision maker of each account: the most influential decision maker (first on file among equals).

    Examples
    --------
    >>> import pandas as pd
    >>> people = pd.DataFrame({"contact_id": ["P1", "P2", "P3"], "customer_id": ["C1", "C1", "C2"],
    ...                        "decision_role": ["decision maker"] * 3, "influence": [4, 5, 4],
    ...                        "attitude": ["neutral", "supporter", "opponent"]})
    >>> key_decision_makers(people)["contact_id"].to_dict()
    {'C1': 'P2', 'C2': 'P3'}
    """
    dms = contacts[contacts["decision_role"].astype("object") == "decision maker"]
    ranked = dms.sort_values("influence", ascending=False, kind="stable").drop_duplicates("customer_id")
    return ranked.set_index("customer_id")


def contact_activity(
    db: object, asof: object = None, window_days: int = 365, customer_id: str | None = None
) -> pd.DataFrame:
    """Interactions with a named contact up to ``asof``, one row per participant of ours.

    Columns: ``interaction_id``, ``customer_id``, ``contact_id``, ``date``,
    ``type``, ``role`` and ``staff_id`` (who of ours took part), ``days_ago``
    (whole days before ``asof``) and ``recent`` (within ``window_days``).
    ``customer_id`` keeps one account only.
    """
    day = as_of(db, asof)
    inter = get_table(
        db, "interactions", ["interaction_id", "customer_id", "contact_id", "date", "type"], purpose="contact history"
    )
    part = get_table(db, "participants", ["interaction_id", "role", "staff_id"], purpose="coverage by role")
    known = inter.loc[inter["contact_id"].notna() & ~(inter["date"] > day)]
    if customer_id is not None:
        known = known[known["customer_id"] == customer_id]
    met = known.merge(part[["interaction_id", "role", "staff_id"]], on="interaction_id", how="left")
    met["days_ago"] = (day - met["date"]).dt.days
    met["recent"] = met["days_ago"] < window_days
    return met


def relationship_map(db: object, customer_id: str, asof: object = None) -> pd.DataFrame:
    """The relationship map of one account: its contacts with role, influence, attitude, layer and who meets them.

    Parameters
    ----------
    db : B2BDatabase
    customer_id : str
    asof : date-like, optional
        Default: the day after the last order (:mod:`course.purchases`).

    Returns
    -------
    DataFrame
        One row per contact of the account, indexed by ``contact_id``:
        ``name``, ``title``, ``department``, ``decision_role``, ``influence``,
        ``attitude``, ``support`` (+1 / 0 / -1), ``relationship_layer``,
        ``key_decision_maker`` (bool), ``last_contacted``, ``days_since_contact``
        (NaN if never), ``interactions_12m``, ``met_by_12m`` (our roles in
        touch in the last 365 days, e.g. ``"AR, SR"``) and
        ``org_contacts_12m`` (organisational contacts with the person).

    Raises
    ------
    CourseInputError
        The customer is unknown, or has no contact person on file.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> m = relationship_map(load_b2b(), "C00001", asof="2025-12-31")
    >>> m[["decision_role", "attitude", "met_by_12m"]].head(2)  # doctest: +NORMALIZE_WHITESPACE
                 decision_role   attitude met_by_12m
    contact_id
    P00001      decision maker    neutral     AR, FR
    P00002          gatekeeper  supporter     AR, FR
    """
    key = check_customer(db, customer_id)
    day = as_of(db, asof)
    contacts = _contacts(db)
    people = contacts[contacts["customer_id"] == key]
    if people.empty:
        raise CourseInputError(
            f"customer {key!r} has no contact person in table 'contacts', so it has no relationship map. "
            "Add the people you know at the account (name, title, decision role, influence, attitude, layer)."
        )
    met = contact_activity(db, day, customer_id=key)
    recent = met[met["recent"]]
    roles = (
        recent.dropna(subset=["role"])
        .groupby("contact_id")["role"]
        .agg(lambda r: ", ".join(sorted(set(r.astype(str)), key=list(TEAM_ROLES).index)))
    )
    org = get_table(db, "org_relations", ["customer_id", "contact_id", "date"], purpose="organisational contact")
    org = org[(org["customer_id"] == key) & ~(org["date"] > day) & (org["date"] > day - 365 * DAY)]
    table = people.set_index("contact_id")[[*_CONTACT_COLUMNS[2:], "relationship_layer"]].copy()
    table.insert(2, "department", table["title"].astype("object").map(DEPARTMENTS).fillna("other"))
    table.insert(6, "support", table["attitude"].astype("object").map(SUPPORT).astype("int64"))
    table["key_decision_maker"] = table.index == key_decision_makers(people)["contact_id"].get(key)
    last = met.groupby("contact_id")["date"].max()
    table["last_contacted"] = last.reindex(table.index)
    table["days_since_contact"] = (day - table["last_contacted"]).dt.days.astype("float64")
    per_contact = recent.drop_duplicates("interaction_id").groupby("contact_id").size()
    table["interactions_12m"] = per_contact.reindex(table.index, fill_value=0).astype("int64")
    # object first: with nobody met in 12 months the roles come back as an empty categorical, which refuses ""
    table["met_by_12m"] = roles.reindex(table.index).astype("object").fillna("")
    table["org_contacts_12m"] = org.groupby("contact_id").size().reindex(table.index, fill_value=0).astype("int64")
    return table


def relationship_gaps(db: object, asof: object = None) -> pd.DataFrame:
    """The relationship gaps of every account (see the module's definitions), one row per customer.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (every customer), with the facts
        ``n_contacts``, ``key_dm_attitude``, ``days_since_dm_contact``,
        ``threads_12m``, ``departments_12m``, ``days_since_org_contact`` (NaN
        when never), one boolean column per flag of :data:`GAP_LABELS`, and
        ``n_gaps``.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> gaps = relationship_gaps(load_b2b(), asof="2025-12-31")
    >>> gaps[list(GAP_LABELS)].mean().round(2).to_dict()["single_threaded"]
    0.43
    """
    day = as_of(db, asof)
    customers = get_table(db, "customers", ["customer_id"], purpose="relationship gaps")
    ids = pd.Index(customers["customer_id"], name="customer_id")
    contacts = _contacts(db)
    met = contact_activity(db, day)
    dept = contacts.set_index("contact_id")["title"].astype("object").map(DEPARTMENTS)
    recent = met[met["recent"]]
    dms = set(contacts.loc[contacts["decision_role"].astype("object") == "decision maker", "contact_id"])
    org = get_table(db, "org_relations", ["customer_id", "date"], purpose="organisational contact")
    org = org[~(org["date"] > day)]
    facts = pd.DataFrame(index=ids)
    facts["n_contacts"] = contacts.groupby("customer_id").size().reindex(ids, fill_value=0).astype("int64")
    facts["key_dm_attitude"] = key_decision_makers(contacts)["attitude"].astype("object").reindex(ids)
    facts["days_since_dm_contact"] = met[met["contact_id"].isin(dms)].groupby("customer_id")["days_ago"].min()
    pairs = recent.dropna(subset=["staff_id"]).drop_duplicates(["customer_id", "staff_id", "contact_id"])
    facts["threads_12m"] = pairs.groupby("customer_id").size().reindex(ids, fill_value=0).astype("int64")
    departments = recent.assign(department=recent["contact_id"].map(dept)).groupby("customer_id")["department"]
    facts["departments_12m"] = departments.nunique().reindex(ids, fill_value=0).astype("int64")
    facts["days_since_org_contact"] = (day - org.groupby("customer_id")["date"].max()).dt.days
    for column in ("days_since_dm_contact", "days_since_org_contact"):
        facts[column] = facts[column].astype("float64")
    flags = {
        "no_contacts": facts["n_contacts"] == 0,
        "dm_opposed": facts["key_dm_attitude"] == "opponent",
        "dm_neutral": facts["key_dm_attitude"] == "neutral",
        "dm_not_met_6m": ~(facts["days_since_dm_contact"] < 182),
        "single_threaded": facts["threads_12m"] <= 1,
        "narrow_coverage": facts["departments_12m"] < 3,
        "no_org_contact_12m": ~(facts["days_since_org_contact"] < 365),
    }
    for name, flag in flags.items():
        facts[name] = flag.to_numpy(dtype=bool)
    facts["n_gaps"] = facts[list(GAP_LABELS)].sum(axis=1).astype("int64")
    return facts


def gap_list(gaps: pd.DataFrame, customer_id: str) -> list[str]:
    """The gaps of one account, in words (from :func:`relationship_gaps`)."""
    row = gaps.loc[customer_id]
    return [label for flag, label in GAP_LABELS.items() if bool(row[flag])]
