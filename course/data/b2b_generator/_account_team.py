"""The account_team table: our iron triangle (铁三角) per key account -- AR, SR and FR -- and since when.

Every account has an AR: its account manager of the customers table, the
owner of record (about sixty accounts each). Every account also has an
owner in the shared inside-sales and customer-service pool (IS01-IS10, given
round-robin in the order accounts were opened, about two hundred accounts
each): the desk that answers its calls and e-mails. Only **key accounts** get
a full iron triangle: an SR (solution responsible) and an FR (fulfilment
responsible) join on 1 January of the account's first plan year (the
key-account team's yearly pick, see ``_account_plans``) and stay. Strategic
accounts get the senior solution and fulfilment people (SR01-SR05,
FR01-FR04).

Examples
--------
>>> import numpy as np
>>> from course.data.b2b_generator._customers import build_customers
>>> from course.data.b2b_generator._latent import draw_latent
>>> from course.data.b2b_generator._period import Period
>>> rng = np.random.default_rng(0)
>>> latent = draw_latent(rng, 30, Period.covering("2020-01-01", "2025-12-31"))
>>> customers, ids = build_customers(rng, latent)
>>> start = np.where(np.arange(30) < 3, 400.0, np.inf)  # three key accounts
>>> team, book = build_account_team(np.random.default_rng([0, 8]), latent, ids, customers, start)
>>> team.groupby("customer_id").size().value_counts().sort_index().to_dict(), bool(book.has(0).all())
({2: 27, 4: 3}, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _str
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_schema import TEAM_ROLES

#: Our key-account solution and fulfilment people: SR01-SR08 and FR01-FR06; the first few are the senior ones.
N_SR, N_FR, SENIOR_SR, SENIOR_FR = 8, 6, 5, 4
#: Owners in the shared inside-sales pool: IS01-IS10.
N_IS = 10


@dataclass(frozen=True)
class TeamBook:
    """Each customer's team: ``staff[i, r]`` is the id of customer ``i``'s person in role ``TEAM_ROLES[r]``
    (``""`` when the account has nobody in that role); ``triangle_from[i]`` the time from which the SR and FR
    are on the account (``inf``: never, not a key account)."""

    staff: np.ndarray
    triangle_from: np.ndarray

    def has(self, role: int) -> np.ndarray:
        """Whether each customer has somebody in role ``role`` (an index into ``TEAM_ROLES``)."""
        return self.staff[:, role] != ""


def build_account_team(
    rng: np.random.Generator,
    latent: LatentCustomers,
    customer_ids: np.ndarray,
    customers: pd.DataFrame,
    key_from: np.ndarray,
) -> tuple[pd.DataFrame, TeamBook]:
    """Draw the account_team table; return it and each customer's team, for the participants.

    Parameters
    ----------
    rng : numpy.random.Generator
        The key-account tables' own generator.
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    customers : pandas.DataFrame
        The customers table (its ``account_manager`` is the AR).
    key_from : numpy.ndarray
        Time from which each customer is a key account (``inf``: never).

    Returns
    -------
    team : pandas.DataFrame
        The columns of the schema's ``account_team`` table, by customer and role.
    book : TeamBook
    """
    n = latent.n
    sr = np.where(latent.strategic, 1 + rng.integers(0, SENIOR_SR, n), 1 + rng.integers(0, N_SR, n))
    fr = np.where(latent.strategic, 1 + rng.integers(0, SENIOR_FR, n), 1 + rng.integers(0, N_FR, n))
    staff = np.empty((n, len(TEAM_ROLES)), dtype=object)
    staff[:, 0] = customers["account_manager"].to_numpy(dtype=object)
    key = np.isfinite(key_from)
    staff[:, 1] = np.where(key, np.char.add("SR", np.char.zfill(sr.astype(str), 2)), "").astype(object)
    staff[:, 2] = np.where(key, np.char.add("FR", np.char.zfill(fr.astype(str), 2)), "").astype(object)
    # round-robin in the order accounts were opened: no draw, so the stream's later draws stay where they were
    staff[:, 3] = np.char.add("IS", np.char.zfill((1 + np.arange(n) % N_IS).astype(str), 2)).astype(object)
    since = np.column_stack([latent.acq, key_from, key_from, latent.acq])
    present = staff != ""
    owner, role = np.nonzero(present)  # row-major: by customer, then role
    dates = latent.period.dates(since[owner, role])
    team = pd.DataFrame(
        {
            "customer_id": _str(customer_ids[owner]),
            "role": _cat(role, TEAM_ROLES),
            "staff_id": _str(staff[owner, role]),
            "since": dates,
        }
    )
    return team, TeamBook(staff=staff, triangle_from=np.asarray(key_from, dtype=float))
