"""The ticket_followups table: satisfaction 7 and 60 days after a ticket was closed (服务回访).

The dent a ticket makes in satisfaction grows with the time it took to
resolve it, and heals more slowly the longer that was: after a quick fix the
customer is back to their usual satisfaction within weeks, after a slow one
they are still below it two months later. Technical issues and complaints
dent most. Customers in their months before leaving are less satisfied, as
in the surveys. Four follow-ups in five are answered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _ids, _str
from course.data.b2b_generator._deliveries import _days
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import CSAT_DROP

FOLLOW_UP_DAYS = (7, 60)
P_ANSWER = 0.8


def satisfaction_dent(days_open: np.ndarray, severe_kind: np.ndarray, days_after: np.ndarray) -> np.ndarray:
    """How far below usual a customer's CSAT is ``days_after`` closing a ticket that stayed open ``days_open``.

    Examples
    --------
    >>> satisfaction_dent(np.array([2.0, 20.0]), np.array([True, True]), np.array([60.0, 60.0])).round(2).tolist()
    [0.02, 0.96]
    """
    dent = np.minimum(2.2, 0.25 + 0.12 * days_open) * np.where(severe_kind, 1.0, 0.6)
    return dent * np.exp(-days_after / (12.0 + 3.0 * days_open))


def build_ticket_followups(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray, tickets: pd.DataFrame
) -> pd.DataFrame:
    """Draw the ticket_followups table from the closed tickets.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    tickets : pandas.DataFrame
        The tickets table.

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``ticket_followups`` table, in date order.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=100, seed=1)
    >>> sorted(db.ticket_followups["days_after_close"].unique().tolist())
    [7, 60]
    """
    day0 = latent.period.day0
    opened = _days(tickets["opened_date"], day0)
    closed = _days(tickets["closed_date"], day0)
    owner = pd.Index(customer_ids).get_indexer(tickets["customer_id"])
    category = tickets["category"].astype("object").to_numpy()
    severe = np.isin(category, ("technical issue", "complaint"))
    rows = np.repeat(np.arange(len(tickets)), len(FOLLOW_UP_DAYS))
    after = np.tile(np.array(FOLLOW_UP_DAYS, dtype=float), len(tickets))
    t = closed[rows] + after
    answered = rng.random(rows.size) < P_ANSWER
    noise = rng.normal(0.0, 0.6, rows.size)
    keep = ~np.isnan(t) & (np.nan_to_num(t, nan=np.inf) <= latent.period.length - 1.0) & answered
    rows, after, t, noise = rows[keep], after[keep], t[keep], noise[keep]
    who = owner[rows]
    decline = latent.in_decline(who, t) | (t >= latent.churn_at[who])
    dent = satisfaction_dent(closed[rows] - opened[rows], severe[rows], after)
    score = 4.0 + latent.satisfaction[who] + noise - CSAT_DROP * decline - dent
    sort = np.lexsort((rows, t))
    rows, after, t, score = rows[sort], after[sort], t[sort], score[sort]
    return pd.DataFrame(
        {
            "followup_id": _str(_ids("F", np.arange(1, rows.size + 1), 6)),
            "ticket_id": _str(tickets["ticket_id"].to_numpy(dtype=object)[rows]),
            "customer_id": _str(tickets["customer_id"].to_numpy(dtype=object)[rows]),
            "date": latent.period.dates(t),
            "days_after_close": after.astype(np.int64),
            "csat": np.clip(np.round(score), 1, 5).astype(np.int64),
        }
    )
