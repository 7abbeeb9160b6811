"""What one table's builder hands to a later one: event arrays, never a table.

Every array is indexed by event (or contact), with ``owner`` the customer's
index in :class:`~course.data.b2b_generator._latent.LatentCustomers` and
``t`` the time in float days since the start of the period. The classes
are the whole interface between builders; ``generate_b2b`` shows who passes
what to whom.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CustomerContacts:
    """Where each customer's contacts are in the contacts table: rows ``first_row .. first_row + count - 1``."""

    first_row: np.ndarray
    count: np.ndarray
    ids: np.ndarray  # contact id of each row, as an object array so that "no contact" can be None


@dataclass(frozen=True)
class CustomerEvents:
    """Events of customers: whose (``owner``) and when (``t``); the opportunities' leads, say."""

    owner: np.ndarray
    t: np.ndarray


@dataclass(frozen=True)
class OrderLineEvents(CustomerEvents):
    """Order lines, for the logistics cost, the wallet and the plans: revenue, status 0 completed / 1 cancelled /
    2 returned (codes into ``ORDER_STATUSES``), and product (codes into ``PRODUCT_LINES``)."""

    revenue: np.ndarray
    status: np.ndarray
    product: np.ndarray | None = None

    #: The status code of a completed line, a purchase (``ORDER_STATUSES[0]``).
    COMPLETED = 0

    def completed(self) -> np.ndarray:
        """Whether each line is completed (a purchase)."""
        return self.status == self.COMPLETED


@dataclass(frozen=True)
class InteractionEvents(CustomerEvents):
    """Interactions, for the account-management cost: ``kind`` indexes ``INTERACTION_TYPES``."""

    kind: np.ndarray


@dataclass(frozen=True)
class ParticipantRows:
    """Participants, for the plans: the interaction (row of the interactions table) and role code of each."""

    row: np.ndarray
    role: np.ndarray


@dataclass(frozen=True)
class TicketEvents(CustomerEvents):
    """Tickets, for the support cost: codes into ``TICKET_CATEGORIES`` and ``SEVERITIES``."""

    category: np.ndarray
    severity: np.ndarray
