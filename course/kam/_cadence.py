"""Development and monitoring of key accounts (大客户开发与监控): contact cadence and lapse alerts.

Source 001 asks for regular communication with big customers; lesson 02's
tier playbook (:func:`course.strategy.tier_playbook`) says how often: weekly
working contact with strategic customers, monthly with important ones,
quarterly care for general ones. :data:`CADENCE` turns that into numbers,
and the interactions say whether the team keeps to them.

Definitions
-----------
Contact
    An interaction of any type (call, e-mail, visit, event) with the account,
    on or before the as-of date.
Cadence attainment
    Contacts in the 365 days up to the as-of date / the norm's contacts per
    year (1.0 = on the norm).
Alerts
    For strategic and important accounts that still buy (a completed purchase
    in the 365 days up to the as-of date: an account that stopped buying is a
    churn case, lesson 06): no contact for more than ``alert_after_days``
    (contact lapsed), and no contact with any decision maker for more than
    ``dm_alert_after_days`` (decision maker lapsed).

Examples
--------
>>> import pandas as pd
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> tiers = pd.Series("general", index=db.customers["customer_id"]).astype("object")
>>> tiers.loc["C00001"] = "strategic"
>>> contact_cadence(db, tiers, asof="2025-12-31").loc["C00001", "norm_per_year"]
np.int64(52)
"""

from __future__ import annotations

import pandas as pd

from course.kam._inputs import DAY, as_of, get_table, purchases_of
from course.validation import CourseInputError

__all__ = ["CADENCE", "contact_cadence", "contact_alerts"]

#: Contact norms by tier, from lesson 02's playbook: contacts per year and when to raise an alert.
CADENCE: dict[str, dict[str, float]] = {
    "strategic": {"per_year": 52, "alert_after_days": 30, "dm_alert_after_days": 90},  # weekly working contact
    "important": {"per_year": 12, "alert_after_days": 60, "dm_alert_after_days": 180},  # monthly contact
    "general": {"per_year": 4, "alert_after_days": 183, "dm_alert_after_days": 365},  # quarterly care
    "prospect": {"per_year": 4, "alert_after_days": 183, "dm_alert_after_days": 365},  # campaign-driven
}


def _tiers(tiers: object, ids: pd.Index) -> pd.Series:
    if not isinstance(tiers, pd.Series):
        raise CourseInputError(
            f"tiers must be a pandas Series of tiers indexed by customer_id (from course.tiers.assign_tiers), got "
            f"{type(tiers).__name__}."
        )
    labels = tiers.astype("object").reindex(ids)
    unknown = sorted(set(labels.dropna()) - set(CADENCE))
    if unknown:
        raise CourseInputError(f"tiers: no contact norm for {unknown}; the norms cover {', '.join(CADENCE)}.")
    if labels.isna().all():
        raise CourseInputError("tiers: no tier for any customer of the database; index the Series by customer_id.")
    return labels


def contact_cadence(db: object, tiers: pd.Series, asof: object = None) -> pd.DataFrame:
    """Each account's contacts against its tier's norm, and how long since the last contact.

    Parameters
    ----------
    db : B2BDatabase
    tiers : Series
        Tier of each customer (strategic / important / general / prospect),
        indexed by ``customer_id``; customers without a tier are left out.
    asof : date-like, optional

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``tier``, ``norm_per_year``,
        ``contacts_12m``, ``attainment``, ``days_since_contact``,
        ``days_since_dm_contact`` (NaN: never).
    """
    day = as_of(db, asof)
    customers = get_table(db, "customers", ["customer_id"], purpose="contact cadence")
    ids = pd.Index(customers["customer_id"], name="customer_id")
    labels = _tiers(tiers, ids).dropna()
    inter = get_table(db, "interactions", ["customer_id", "contact_id", "date"], purpose="contact cadence")
    contacts = get_table(db, "contacts", ["contact_id", "decision_role"], purpose="contact cadence")
    inter = inter.loc[~(inter["date"] > day)]
    dms = contacts.loc[contacts["decision_role"].astype("object") == "decision maker", "contact_id"]
    out = pd.DataFrame({"tier": labels})
    out["norm_per_year"] = out["tier"].map({t: int(n["per_year"]) for t, n in CADENCE.items()}).astype("int64")
    recent = inter[inter["date"] > day - 365 * DAY]
    out["contacts_12m"] = recent.groupby("customer_id").size().reindex(out.index, fill_value=0).astype("int64")
    out["attainment"] = out["contacts_12m"] / out["norm_per_year"]
    out["days_since_contact"] = (day - inter.groupby("customer_id")["date"].max()).dt.days.reindex(out.index)
    with_dm = inter[inter["contact_id"].isin(dms)]
    out["days_since_dm_contact"] = (day - with_dm.groupby("customer_id")["date"].max()).dt.days.reindex(out.index)
    for column in ("days_since_contact", "days_since_dm_contact"):
        out[column] = out[column].astype("float64")
    return out


def contact_alerts(
    db: object,
    tiers: pd.Series,
    asof: object = None,
    key_tiers: tuple[str, ...] = ("strategic", "important"),
    active_within_days: int = 365,
) -> pd.DataFrame:
    """The key accounts whose contact, or whose decision makers' contact, has lapsed (see the definitions).

    Returns
    -------
    DataFrame
        The rows of :func:`contact_cadence` for accounts of ``key_tiers`` with
        at least one alert, plus ``contact_lapsed``, ``dm_lapsed`` and
        ``alert`` (in words), most urgent (longest silence) first.
    """
    day = as_of(db, asof)
    cadence = contact_cadence(db, tiers, day)
    buying = purchases_of(db, day)
    buying = set(buying.loc[buying["order_date"] > day - active_within_days * DAY, "customer_id"])
    key = cadence[cadence["tier"].isin(key_tiers) & cadence.index.isin(buying)].copy()
    limit = key["tier"].map({t: n["alert_after_days"] for t, n in CADENCE.items()})
    dm_limit = key["tier"].map({t: n["dm_alert_after_days"] for t, n in CADENCE.items()})
    key["contact_lapsed"] = ~(key["days_since_contact"] <= limit)
    key["dm_lapsed"] = ~(key["days_since_dm_contact"] <= dm_limit)
    words = []
    for _, row in key.iterrows():
        parts = []
        if row["contact_lapsed"]:
            parts.append(f"no contact for {_days(row['days_since_contact'])}")
        if row["dm_lapsed"]:
            parts.append(f"no decision-maker contact for {_days(row['days_since_dm_contact'])}")
        words.append("; ".join(parts))
    key["alert"] = words
    alerts = key[key["contact_lapsed"] | key["dm_lapsed"]]
    return alerts.sort_values(["contact_lapsed", "days_since_contact"], ascending=False)


def _days(value: float) -> str:
    return "ever (never contacted)" if pd.isna(value) else f"{int(value)} days"
