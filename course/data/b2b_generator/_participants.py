"""The participants table: who of our iron triangle took part in each interaction.

At key accounts, once their iron triangle has formed, calls and e-mails
have one participant, chosen by the contact's decision
role (the SR talks to influencers and coaches, the FR to users and
gatekeepers, the AR to decision makers); the AR leads visits and events,
and the SR and FR join the visits of key accounts more often. Before an
account becomes a key account, and at every other account, there is no SR
or FR: the calls and e-mails they would have handled go to the account's
owner in the inside-sales pool (IS), and the AR goes to the meetings.

Some accounts are **neglected**: only the account manager is ever in
touch, so the relationship runs on one thread (单线联系). Accounts that will
leave are neglected more often (70 % against 8 %; 3 % of strategic
accounts), which makes single-threaded accounts churn more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._account_team import TeamBook
from course.data.b2b_generator._columns import _cat, _str
from course.data.b2b_generator._draws import _choice
from course.data.b2b_generator._handover import InteractionEvents, ParticipantRows
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_schema import DECISION_ROLES, TEAM_ROLES

P_NEGLECT = {"churner": 0.7, "strategic": 0.03, "other": 0.08}
# role of the one participant of a call or e-mail (AR, SR, FR), by the contact's decision role; last row: no contact
_SINGLE_ROLE = np.array(
    [
        (0.70, 0.20, 0.10),  # decision maker
        (0.45, 0.40, 0.15),  # influencer
        (0.30, 0.30, 0.40),  # user
        (0.60, 0.10, 0.30),  # gatekeeper
        (0.50, 0.35, 0.15),  # coach
        (0.70, 0.15, 0.15),  # nobody in particular
    ]
)
_SINGLE_ROLE_NEGLECTED = (0.98, 0.01, 0.01)
assert _SINGLE_ROLE.shape[0] == len(DECISION_ROLES) + 1


def neglected_accounts(rng: np.random.Generator, latent: LatentCustomers) -> np.ndarray:
    """Which accounts only their account manager looks after (drawn once per account)."""
    other = np.where(latent.strategic, P_NEGLECT["strategic"], P_NEGLECT["other"])
    p = np.where(latent.churner, P_NEGLECT["churner"], other)
    return rng.random(latent.n) < p


def build_participants(
    rng: np.random.Generator,
    latent: LatentCustomers,
    events: InteractionEvents,
    interactions: pd.DataFrame,
    contact_roles: np.ndarray,
    team: TeamBook,
) -> tuple[pd.DataFrame, ParticipantRows]:
    """Draw the participants table: one row per interaction and role of ours that took part.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    events : InteractionEvents
        Owner, time and type of each interaction, in the interactions table's order.
    interactions : pandas.DataFrame
        The interactions table (its ids).
    contact_roles : numpy.ndarray
        Code into ``DECISION_ROLES`` of each interaction's contact, ``len(DECISION_ROLES)`` when none.
    team : TeamBook
        Each customer's AR, SR and FR.

    Returns
    -------
    participants : pandas.DataFrame
        The columns of the schema's ``participants`` table, by interaction and role.
    rows : ParticipantRows
        The interaction row and role code of each participant, for the plans.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=40, seed=2)
    >>> bool(db.interactions["interaction_id"].isin(db.participants["interaction_id"]).all())
    True
    """
    owner, kind = events.owner, events.kind
    m = owner.size
    neglected = neglected_accounts(rng, latent)[owner]
    key = (latent.strategic | (latent.p >= 0.6))[owner]
    single = np.where(neglected[:, None], np.array(_SINGLE_ROLE_NEGLECTED)[None, :], _SINGLE_ROLE[contact_roles])
    lead = _choice(rng, single)
    # SR and FR take part only at key accounts, from the day the iron triangle formed; elsewhere (and before)
    # the calls and e-mails an SR or FR would have handled go to the account's inside-sales owner (IS)
    triangle = team.triangle_from[owner] <= events.t
    lead = np.where(~triangle & ((lead == 1) | (lead == 2)), 3, lead)
    u_ar, u_sr, u_fr = rng.random(m), rng.random(m), rng.random(m)
    is_visit, is_event = kind == 2, kind == 3
    meeting = is_visit | is_event
    ar = np.where(meeting, np.where(is_visit, u_ar < np.where(neglected, 0.95, 0.85), True), lead == 0)
    p_sr = np.where(is_visit, np.where(neglected, 0.02, 0.3 + 0.3 * key), np.where(neglected, 0.02, 0.4))
    p_fr = np.where(is_visit, np.where(neglected, 0.01, 0.15 + 0.25 * key), 0.0)
    sr = np.where(meeting, u_sr < p_sr, lead == 1)
    sr &= triangle
    fr = np.where(meeting, u_fr < p_fr, lead == 2) & triangle
    inside = ~meeting & (lead == 3)
    ar |= ~(sr | fr | inside)  # somebody is always there; the AR when nobody else
    present = np.column_stack([ar, sr, fr, inside])
    row, role = np.nonzero(present)  # by interaction, then role
    participants = pd.DataFrame(
        {
            "interaction_id": _str(interactions["interaction_id"].to_numpy(dtype=object)[row]),
            "role": _cat(role, TEAM_ROLES),
            "staff_id": _str(team.staff[owner[row], role]),
        }
    )
    return participants, ParticipantRows(row=row, role=role)
