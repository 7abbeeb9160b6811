"""The interactions table: calls, emails, visits and events with a customer, most of them with one of its contacts.

Buyers are in touch from first contact until a year after they leave (then
rarely: win-back attempts); prospects are worked on for eight months.
Strategic accounts and customers with a high service demand get more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _events
from course.data.b2b_generator._handover import CustomerContacts, InteractionEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import YEAR
from course.data.b2b_schema import INTERACTION_TYPES


def build_interactions(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray, contacts: CustomerContacts
) -> tuple[pd.DataFrame, InteractionEvents]:
    """Draw the interactions table; return it and its owners, times and types, for the cost to serve.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.
    contacts : CustomerContacts
        From :func:`~course.data.b2b_generator._contacts.build_contacts`: the
        contact of an interaction is one of its customer's.

    Returns
    -------
    interactions : pandas.DataFrame
        The columns of the schema's ``interactions`` table, in date order.
    events : InteractionEvents

    Examples
    --------
    >>> from course.data.b2b_generator._contacts import build_contacts
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 30, Period.covering("2020-01-01", "2025-12-31"))
    >>> ids = np.array([f"C{i:05d}" for i in range(1, 31)])
    >>> contacts, book = build_contacts(rng, latent, ids)
    >>> interactions, events = build_interactions(rng, latent, ids, book)
    >>> bool(interactions["contact_id"].dropna().isin(contacts["contact_id"]).all())
    True
    """
    owner, t, kind = _interaction_times(rng, latent)
    m = owner.size
    u = rng.random(m)
    duration = np.select(
        [kind == 0, kind == 1, kind == 2],
        [5 + np.floor(u * 26), 5 + np.floor(u * 16), 60 + 15 * np.floor(u * 13)],
        120 + 30 * np.floor(u * 13),
    ).astype(np.int64)
    pick = contacts.first_row[owner] + np.floor(rng.random(m) * contacts.count[owner]).astype(np.int64)
    no_contact = rng.random(m) < np.select([kind == 3, kind == 1], [0.5, 0.1], 0.0)  # events, some emails
    contact = np.where(no_contact, None, contacts.ids[pick])
    interactions = pd.DataFrame(
        {
            "interaction_id": _str(_ids("I", np.arange(1, m + 1), 7)),
            "customer_id": _str(customer_ids[owner]),
            "contact_id": _str(contact),
            "date": latent.period.dates(t),
            "type": _cat(kind, INTERACTION_TYPES),
            "duration_minutes": duration,
        }
    )
    return interactions, InteractionEvents(owner=owner, t=t, kind=kind)


def _interaction_times(rng: np.random.Generator, latent: LatentCustomers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Owner, time and type (code into ``INTERACTION_TYPES``) of every interaction, sorted by day, customer, type."""
    T = latent.period.length
    p, s, pr = latent.p, latent.strategic.astype(float), ~latent.buyer
    d = latent.demand
    rates = {  # per year while buying; prospects are worked on for 8 months
        "call": np.where(pr, 5.0, (2.0 + 3.0 * p + 6.0 * s) * d),
        "email": np.where(pr, 7.0, (4.0 + 3.0 * p + 8.0 * s) * d),
        "visit": np.where(pr, 0.6 + 2.0 * p, (0.3 + 2.5 * p + 6.0 * s) * d),
        "event": np.where(pr, 0.4, 0.2 + 0.6 * p + 1.5 * s),
    }
    lo = latent.acq
    hi = np.where(pr, np.minimum(latent.acq + 240.0, T), np.minimum(latent.churn_at + YEAR, T))
    parts = []
    for code, kind in enumerate(INTERACTION_TYPES):  # one vectorised draw per type
        owner, t = _events(rng, lo, hi, rates[kind] / YEAR)
        after_churn = t >= latent.churn_at[owner]
        keep = rng.random(owner.size) < np.where(after_churn, 0.25, 1.0)  # win-back contact only
        parts.append((owner[keep], t[keep], np.full(int(keep.sum()), code)))
    owner = np.concatenate([x[0] for x in parts])
    t = np.concatenate([x[1] for x in parts])
    kind = np.concatenate([x[2] for x in parts])
    sort = np.lexsort((kind, owner, np.floor(t)))
    return owner[sort], t[sort], kind[sort]
