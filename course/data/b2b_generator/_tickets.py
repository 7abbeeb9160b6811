"""The tickets table: support requests with category, severity and the days they stay open.

Tickets grow with negotiating power and service demand; they are frequent in
the first year (technical issues) and before churn (complaints, technical
issues); strategic accounts ask for customisation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice, _choice_n, _events
from course.data.b2b_generator._handover import TicketEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import TICKETS_DECLINE, TICKETS_ONBOARDING, YEAR
from course.data.b2b_schema import SEVERITIES, TICKET_CATEGORIES

# shares of TICKET_CATEGORIES in each situation of the customer (rows: `situation` in build_tickets)
_CATEGORY_MIX = np.array(
    [
        (0.32, 0.26, 0.16, 0.08, 0.18),  # ordinary
        (0.45, 0.2, 0.12, 0.08, 0.15),  # onboarding: technical issues
        (0.22, 0.12, 0.08, 0.45, 0.13),  # strategic: customisation requests
        (0.32, 0.12, 0.06, 0.05, 0.45),  # before churn: complaints and technical issues
    ]
)


def build_tickets(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray
) -> tuple[pd.DataFrame, TicketEvents]:
    """Draw the tickets table; return it and its owners, times, categories and severities, for the cost to serve.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.

    Returns
    -------
    tickets : pandas.DataFrame
        The columns of the schema's ``tickets`` table, in date order.
    events : TicketEvents

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 50, Period.covering("2020-01-01", "2025-12-31"))
    >>> tickets, events = build_tickets(rng, latent, np.array([f"C{i:05d}" for i in range(1, 51)]))
    >>> bool((tickets["closed_date"].dropna() >= tickets["opened_date"][tickets["closed_date"].notna()]).all())
    True
    """
    T = latent.period.length
    owner, t, decline, onboarding = _ticket_times(rng, latent)
    m = owner.size
    situation = np.where(decline, 3, np.where(latent.strategic[owner], 2, np.where(onboarding, 1, 0)))
    category = _choice(rng, _CATEGORY_MIX[situation])
    # complaints are more often severe
    severity = np.where(category == 4, _choice_n(rng, (0.25, 0.45, 0.3), m), _choice_n(rng, (0.5, 0.35, 0.15), m))
    days_open = np.ceil(rng.exponential(np.array([3.0, 7.0, 15.0])[severity]))
    closed_t = np.floor(t) + days_open
    closed = np.where(closed_t < T, latent.period.dates(closed_t), np.datetime64("NaT", "ns"))
    tickets = pd.DataFrame(
        {
            "ticket_id": _str(_ids("T", np.arange(1, m + 1), 6)),
            "customer_id": _str(customer_ids[owner]),
            "opened_date": latent.period.dates(t),
            "closed_date": closed.astype("datetime64[ns]"),
            "category": _cat(category, TICKET_CATEGORIES),
            "severity": _cat(severity, SEVERITIES),
        }
    )
    return tickets, TicketEvents(owner=owner, t=t, category=category, severity=severity)


def _ticket_times(
    rng: np.random.Generator, latent: LatentCustomers
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Owner, time, in-decline and in-first-year flags of every ticket, sorted by day and customer.

    Drawn at the highest rate (before churn) and thinned elsewhere: one
    vectorised draw for a rate that changes over a customer's life.
    """
    T = latent.period.length
    rate = (0.3 + 1.0 * latent.p + 2.5 * latent.strategic) * latent.demand / YEAR
    lo = np.where(latent.buyer, latent.first, 0.0)
    hi = np.where(latent.buyer, np.minimum(latent.churn_at + 60.0, T), 0.0)
    owner, t = _events(rng, lo, hi, rate * TICKETS_DECLINE)
    decline = latent.in_decline(owner, t)
    onboarding = (t - latent.first[owner]) < YEAR
    mult = np.where(decline, TICKETS_DECLINE, np.where(onboarding, TICKETS_ONBOARDING, 1.0))
    keep = rng.random(owner.size) * TICKETS_DECLINE < mult
    owner, t, decline, onboarding = owner[keep], t[keep], decline[keep], onboarding[keep]
    sort = np.lexsort((owner, np.floor(t)))
    return owner[sort], t[sort], decline[sort], onboarding[sort]
