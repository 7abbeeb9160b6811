"""Satisfaction management (客户满意度综合管控): CSAT and NPS, the voice of the customer, tickets and recovery.

Source 001 manages satisfaction through three levers: listening to the
**voice of the customer** (客户声音), managing **technical issues**
(技术问题管理) and running **satisfaction surveys** followed by improvement.
The surveys table holds CSAT (1-5), NPS scores (0-10) and the topic of each
comment; the tickets table the issues and their resolution; the follow-up
table how satisfied the customer was 7 and 60 days after a ticket closed.

Definitions
-----------
NPS (net promoter score)
    ``100 * (share of scores 9-10 - share of scores 0-6)`` over the surveys
    of a period, from -100 to +100.
Resolution days
    ``closed_date - opened_date`` of a closed ticket, in days.
Fast / slow fix
    Resolved in at most ``fast_days`` (3) / at least ``slow_days`` (10) days.
Usual CSAT
    A customer's mean CSAT in its regular surveys of the 365 days before the
    ticket was opened; the *gap* of a follow-up is usual CSAT - follow-up CSAT.

Examples
--------
>>> from course.data import load_b2b
>>> trend = satisfaction_trend(load_b2b())
>>> list(trend.columns)
['surveys', 'mean_csat', 'nps']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.kam._inputs import DAY, as_of, check_customer, get_table, require_rows
from course.validation import CourseInputError

__all__ = [
    "nps",
    "satisfaction_trend",
    "voice_of_customer",
    "ticket_resolution",
    "recovery_after_tickets",
]


def nps(scores: pd.Series) -> float:
    """Net promoter score of a set of 0-10 answers: % promoters (9-10) - % detractors (0-6).

    Examples
    --------
    >>> import pandas as pd
    >>> nps(pd.Series([10, 9, 8, 6, 3]))
    0.0
    """
    values = pd.Series(scores).dropna()
    if values.empty:
        return float("nan")
    return float(100 * ((values >= 9).mean() - (values <= 6).mean()))


def _surveys(db: object, asof: object) -> pd.DataFrame:
    day = as_of(db, asof)
    surveys = get_table(db, "surveys", ["customer_id", "date", "csat", "nps", "voc_category"], purpose="satisfaction")
    return surveys.loc[~(surveys["date"] > day)]


def satisfaction_trend(
    db: object, customer_id: str | None = None, asof: object = None, freq: str = "Y"
) -> pd.DataFrame:
    """Surveys, mean CSAT and NPS per period (``freq``: "Y" years, "Q" quarters), of all or of one customer.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> satisfaction_trend(load_b2b(), "C00001").index[:2].tolist()
    [2020, 2021]
    """
    surveys = _surveys(db, asof)
    if customer_id is not None:
        key = check_customer(db, customer_id)
        surveys = surveys[surveys["customer_id"] == key]
    if freq not in ("Y", "Q"):
        raise CourseInputError(f"freq must be 'Y' (years) or 'Q' (quarters), got {freq!r}.")
    period = surveys["date"].dt.year if freq == "Y" else surveys["date"].dt.to_period("Q").astype(str)
    grouped = surveys.groupby(period.rename("year" if freq == "Y" else "quarter"))
    return pd.DataFrame(
        {"surveys": grouped.size(), "mean_csat": grouped["csat"].mean(), "nps": grouped["nps"].apply(nps)}
    )


def voice_of_customer(db: object, asof: object = None, by_year: bool = False) -> pd.DataFrame:
    """What customers talk about: comments per topic (客户声音), their share and the mean CSAT that came with them.

    With ``by_year`` the share of each topic per year (rows: years), to see a
    topic rise.
    """
    surveys = _surveys(db, asof)
    require_rows(surveys, "surveys", purpose="the voice of the customer")
    topic = surveys["voc_category"]
    if by_year:
        return pd.crosstab(surveys["date"].dt.year.rename("year"), topic, normalize="index")
    grouped = surveys.groupby(topic, observed=True)
    table = pd.DataFrame({"comments": grouped.size(), "mean_csat": grouped["csat"].mean()})
    table["share"] = table["comments"] / table["comments"].sum()
    return table.sort_values("comments", ascending=False)[["comments", "share", "mean_csat"]]


def _tickets(db: object, asof: object) -> pd.DataFrame:
    day = as_of(db, asof)
    tickets = get_table(
        db,
        "tickets",
        ["ticket_id", "customer_id", "opened_date", "closed_date", "category", "severity"],
        purpose="technical-issue management",
    )
    tickets = tickets.loc[~(tickets["opened_date"] > day)].copy()
    tickets.loc[tickets["closed_date"] > day, "closed_date"] = pd.NaT  # not closed yet on the as-of day
    tickets["resolution_days"] = (tickets["closed_date"] - tickets["opened_date"]).dt.days.astype("float64")
    return tickets


def ticket_resolution(db: object, asof: object = None, by: str = "category") -> pd.DataFrame:
    """Tickets per ``by`` (category or severity): how many, how many still open, median and 90th-percentile days."""
    tickets = _tickets(db, asof)
    if by not in ("category", "severity"):
        raise CourseInputError(f"by must be 'category' or 'severity', got {by!r}.")
    grouped = tickets.groupby(by, observed=True)
    return pd.DataFrame(
        {
            "tickets": grouped.size(),
            "open": grouped["closed_date"].apply(lambda c: int(c.isna().sum())),
            "median_days": grouped["resolution_days"].median(),
            "p90_days": grouped["resolution_days"].quantile(0.9),
        }
    )


def recovery_after_tickets(
    db: object,
    asof: object = None,
    category: str | None = "technical issue",
    fast_days: int = 3,
    slow_days: int = 10,
    by: str | None = None,
) -> pd.DataFrame:
    """Satisfaction after fast and slow fixes: follow-up CSAT and gap to the usual CSAT, 7 and 60 days after closing.

    Parameters
    ----------
    by : {None, "severity"}
        ``"severity"`` splits each speed by the ticket's severity as well:
        slow fixes are more often severe issues, so the comparison of speeds
        is fair only within one severity.

    Returns
    -------
    DataFrame
        Indexed by (``speed``: fast / medium / slow, ``days_after_close``) --
        with ``by="severity"``: (``severity``, ``speed``, ``days_after_close``) --
        ``followups``, ``mean_csat``, ``usual_csat`` and ``gap`` (means over
        the follow-ups whose customer has a usual CSAT).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = recovery_after_tickets(load_b2b(), asof="2025-12-31")
    >>> bool(table.loc[("fast", 60), "gap"] < table.loc[("slow", 60), "gap"])
    True
    """
    if not 0 < fast_days < slow_days:
        raise CourseInputError(f"need 0 < fast_days < slow_days, got {fast_days} and {slow_days}.")
    if by not in (None, "severity"):
        raise CourseInputError(f"by must be None or 'severity', got {by!r}.")
    day = as_of(db, asof)
    tickets = _tickets(db, day)
    if category is not None:
        tickets = tickets[tickets["category"].astype("object") == category]
    follow = get_table(
        db,
        "ticket_followups",
        ["followup_id", "ticket_id", "date", "days_after_close", "csat"],
        purpose="satisfaction after tickets",
    )
    require_rows(follow, "ticket_followups", purpose="satisfaction after tickets")
    follow = follow.loc[~(follow["date"] > day), ["followup_id", "ticket_id", "days_after_close", "csat"]].merge(
        tickets[["ticket_id", "customer_id", "opened_date", "resolution_days", "severity"]], on="ticket_id"
    )
    follow["severity"] = follow["severity"].astype("object")
    surveys = _surveys(db, day)[["customer_id", "date", "csat"]].rename(
        columns={"date": "survey_date", "csat": "usual"}
    )
    pairs = follow[["followup_id", "customer_id", "opened_date"]].merge(surveys, on="customer_id")
    before = (pairs["survey_date"] < pairs["opened_date"]) & (pairs["survey_date"] >= pairs["opened_date"] - 365 * DAY)
    usual = pairs[before].groupby("followup_id")["usual"].mean()
    follow["usual_csat"] = follow["followup_id"].map(usual)
    follow["gap"] = follow["usual_csat"] - follow["csat"]
    follow["speed"] = np.select(
        [follow["resolution_days"] <= fast_days, follow["resolution_days"] >= slow_days], ["fast", "slow"], "medium"
    )
    known = follow.dropna(subset=["usual_csat"])
    keys = ["speed", "days_after_close"] if by is None else [by, "speed", "days_after_close"]
    grouped = known.groupby(keys)
    table = pd.DataFrame(
        {
            "followups": grouped.size(),
            "mean_csat": grouped["csat"].mean(),
            "usual_csat": grouped["usual_csat"].mean(),
            "gap": grouped["gap"].mean(),
        }
    )
    table = table.reindex(["fast", "medium", "slow"], level="speed")
    return table if by is None else table.reindex(["low", "medium", "high"], level="severity")
