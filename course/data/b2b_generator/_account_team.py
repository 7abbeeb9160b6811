"""The account_team table: our iron triangle (铁三角) per account -- AR, SR and FR -- and since when.

The AR (account responsible) is the customer's account manager of the
customers table. Every account also has an SR (solution responsible,
pre-sales from the first contact); buyers have an FR (fulfilment
responsible) from their first purchase. Strategic accounts get the senior
solution and fulfilment people (SR01-SR04, FR01-FR03).

Examples
--------
>>> import numpy as np
>>> from course.data.b2b_generator._customers import build_customers
>>> from course.data.b2b_generator._latent import draw_latent
>>> from course.data.b2b_generator._period import Period
>>> rng = np.random.default_rng(0)
>>> latent = draw_latent(rng, 30, Period.covering("2020-01-01", "2025-12-31"))
>>> customers, ids = build_customers(rng, latent)
>>> team, book = build_account_team(np.random.default_rng([0, 8]), latent, ids, customers)
>>> bool(team.groupby("customer_id").size().between(2, 3).all()), bool(book.has(0).all())
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _str
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_schema import TEAM_ROLES

#: Our solution and fulfilment people: SR01-SR12 and FR01-FR10; the first few are the senior ones.
N_SR, N_FR, SENIOR_SR, SENIOR_FR = 12, 10, 4, 3


@dataclass(frozen=True)
class TeamBook:
    """Each customer's team: ``staff[i, r]`` is the id of customer ``i``'s person in role ``TEAM_ROLES[r]``
    (``""`` when the account has nobody in that role)."""

    staff: np.ndarray

    def has(self, role: int) -> np.ndarray:
        """Whether each customer has somebody in role ``role`` (an index into ``TEAM_ROLES``)."""
        return self.staff[:, role] != ""


def build_account_team(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray, customers: pd.DataFrame
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

    Returns
    -------
    team : pandas.DataFrame
        The columns of the schema's ``account_team`` table, by customer and role.
    book : TeamBook
    """
    n = latent.n
    sr = np.where(latent.strategic, 1 + rng.integers(0, SENIOR_SR, n), 1 + rng.integers(0, N_SR, n))
    fr = np.where(latent.strategic, 1 + rng.integers(0, SENIOR_FR, n), 1 + rng.integers(0, N_FR, n))
    staff = np.empty((n, 3), dtype=object)
    staff[:, 0] = customers["account_manager"].to_numpy(dtype=object)
    staff[:, 1] = np.char.add("SR", np.char.zfill(sr.astype(str), 2)).astype(object)
    staff[:, 2] = np.where(latent.buyer, np.char.add("FR", np.char.zfill(fr.astype(str), 2)), "").astype(object)
    since = np.column_stack([latent.acq, latent.acq, np.where(latent.buyer, latent.first, np.nan)])
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
    return team, TeamBook(staff=staff)
