"""The key-account tables, built after the eight core tables from their own random stream.

:func:`build_key_account_tables` runs the builders of the eight key-account
tables in one fixed order on a generator of their own
(``numpy.random.default_rng([seed, 8])``), so that adding them left every
byte of the core tables as it was. They read the latent model and the core
tables (never change them): the team follows the account manager, the
participants the interactions, the plans the orders and interactions, the
deliveries the contracts, the follow-ups the tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.data.b2b_generator._account_plans import TeamRecord, build_account_plans, key_account_start
from course.data.b2b_generator._account_team import build_account_team
from course.data.b2b_generator._deliveries import build_deliveries
from course.data.b2b_generator._handover import InteractionEvents, OrderLineEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._org_relations import build_org_relations
from course.data.b2b_generator._participants import build_participants
from course.data.b2b_generator._ticket_followups import build_ticket_followups
from course.data.b2b_generator._wallet import build_wallet
from course.data.b2b_schema import DECISION_ROLES

#: The second entropy word of the key-account tables' generator: ``default_rng([seed, KEY_ACCOUNT_STREAM])``.
KEY_ACCOUNT_STREAM = 8


@dataclass(frozen=True)
class CoreTables:
    """What the key-account builders read: the latent model, the core tables (raw) and two event arrays."""

    latent: LatentCustomers
    customer_ids: np.ndarray
    customers: pd.DataFrame
    contacts: pd.DataFrame
    interactions: pd.DataFrame
    surveys: pd.DataFrame
    tickets: pd.DataFrame
    opportunities: pd.DataFrame
    order_lines: OrderLineEvents
    interaction_events: InteractionEvents


def _contact_roles(core: CoreTables) -> np.ndarray:
    """Code into ``DECISION_ROLES`` of each interaction's contact; ``len(DECISION_ROLES)`` when there is none."""
    roles = pd.Series(
        pd.Categorical(core.contacts["decision_role"], categories=list(DECISION_ROLES)).codes,
        index=core.contacts["contact_id"].to_numpy(dtype=object),
    )
    looked_up = roles.reindex(core.interactions["contact_id"].to_numpy(dtype=object)).to_numpy()
    return np.where(np.isnan(looked_up), len(DECISION_ROLES), looked_up).astype(np.int64)


def build_key_account_tables(seed: int, core: CoreTables) -> dict[str, pd.DataFrame]:
    """Build the key-account tables (raw frames, by name) from the core tables.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=60, seed=5)
    >>> bool(db.account_team["role"].eq("AR").sum() == 60)
    True
    >>> sr = db.account_team.loc[db.account_team["role"] == "SR", "customer_id"]
    >>> bool(sr.isin(db.account_plans["customer_id"]).all())
    True
    """
    rng = np.random.default_rng([seed, KEY_ACCOUNT_STREAM])
    latent, ids = core.latent, core.customer_ids
    # The order of these steps fixes the order of this stream's draws: a new builder goes at the end.
    key_from = key_account_start(latent, core.order_lines)  # draws nothing: the plans follow the orders
    team, book = build_account_team(rng, latent, ids, core.customers, key_from)
    participants, participant_rows = build_participants(
        rng, latent, core.interaction_events, core.interactions, _contact_roles(core), book
    )
    org_relations = build_org_relations(rng, latent, ids, core.contacts)
    deliveries = build_deliveries(rng, latent, core.opportunities)
    followups = build_ticket_followups(rng, latent, ids, core.tickets)
    wallet = build_wallet(rng, latent, ids, core.customers, core.order_lines)
    record = TeamRecord(core.interactions, core.interaction_events, participant_rows, org_relations)
    plans, actions = build_account_plans(rng, latent, ids, core.order_lines, core.contacts, core.surveys, record)
    return {
        "account_team": team,
        "participants": participants,
        "org_relations": org_relations,
        "account_plans": plans,
        "plan_actions": actions,
        "wallet": wallet,
        "deliveries": deliveries,
        "ticket_followups": followups,
    }
