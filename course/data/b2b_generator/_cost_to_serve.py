"""The cost_to_serve table: what each customer cost per calendar year, by activity (no random draws).

Account management (a fee by service level for the part of the year the
customer buys, plus every call, email, visit and event), logistics per
order line, support per ticket, marketing (acquisition, onboarding,
promotions). Only customer-years with some activity have a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _str
from course.data.b2b_generator._handover import CustomerEvents, InteractionEvents, OrderLineEvents, TicketEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import (
    ACQUISITION_COST,
    AM_FEE,
    CANCEL_HANDLING,
    CUSTOMISATION_COST,
    INTERACTION_COST,
    LOGISTICS_PER_LINE,
    LOGISTICS_RATE,
    ONBOARDING_COST,
    PROMOTION_COST,
    TICKET_COST,
)
from course.data.b2b_schema import INTERACTION_TYPES


@dataclass(frozen=True)
class _CustomerYears:
    """The cells of the table before it is cut to active ones: every customer x calendar year, customer-major."""

    latent: LatentCustomers
    first_year: int
    n_years: int

    @classmethod
    def of(cls, latent: LatentCustomers) -> _CustomerYears:
        years = latent.period.years
        first_year = int(years(np.array([0.0]))[0])
        n_years = int(years(np.array([latent.period.length - 1.0]))[0]) - first_year + 1
        return cls(latent, first_year, n_years)

    def total(self, owner: np.ndarray, t: np.ndarray, weights: np.ndarray | float = 1.0) -> np.ndarray:
        """Sum of ``weights`` (or count) of the events (``owner``, time ``t``) in each cell."""
        cell = owner * self.n_years + (self.latent.period.years(t) - self.first_year)
        w = np.broadcast_to(np.asarray(weights, dtype=float), owner.shape)
        return np.bincount(cell, weights=w, minlength=self.latent.n * self.n_years)

    def buying_share(self) -> np.ndarray:
        """Share of each cell's year during which the customer was buying (from first purchase to churn)."""
        latent, y0, n_years = self.latent, self.first_year, self.n_years
        day0 = latent.period.day0
        year_start = (np.datetime64(f"{y0}-01-01") - day0).astype(int) + np.array(
            [(np.datetime64(f"{y0 + k}-01-01") - np.datetime64(f"{y0}-01-01")).astype(int) for k in range(n_years + 1)],
            dtype=float,
        )
        lo = np.where(latent.buyer, latent.first, 0.0)[:, None]
        hi = np.where(latent.buyer, latent.stop, 0.0)[:, None]
        overlap = np.clip(np.minimum(hi, year_start[None, 1:]) - np.maximum(lo, year_start[None, :-1]), 0.0, None)
        return (overlap / np.diff(year_start)[None, :]).ravel()


def build_cost_to_serve(
    latent: LatentCustomers,
    customer_ids: np.ndarray,
    lines: OrderLineEvents,
    interactions: InteractionEvents,
    tickets: TicketEvents,
    leads: CustomerEvents,
) -> pd.DataFrame:
    """Compute the cost_to_serve table from the events of the other tables.

    Parameters
    ----------
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.
    lines, interactions, tickets, leads
        The events returned by the orders, interactions, tickets and
        opportunities builders.

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``cost_to_serve`` table, by customer and year.

    Examples
    --------
    >>> from course.data.b2b_generator._handover import CustomerEvents, InteractionEvents, OrderLineEvents, TicketEvents
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> latent = draw_latent(np.random.default_rng(0), 2, Period.covering("2020-01-01", "2021-12-31"))
    >>> no = np.array([], dtype=int)  # no events of that kind
    >>> line = OrderLineEvents(np.array([0]), t=np.array([10.0]), revenue=np.array([1000.0]), status=np.array([0]))
    >>> cts = build_cost_to_serve(
    ...     latent, np.array(["C1", "C2"]), line, InteractionEvents(no, no * 1.0, kind=no),
    ...     TicketEvents(no, no * 1.0, category=no, severity=no), CustomerEvents(no, no * 1.0))
    >>> float(cts.loc[0, "logistics"])  # 250 per line shipped + 0.5 % of its revenue
    255.0
    """
    cells = _CustomerYears.of(latent)
    buying = cells.buying_share()
    account_management = _account_management(cells, latent, interactions, buying)
    logistics = _logistics(cells, lines)
    support = _support(cells, tickets)
    marketing = _marketing(cells, latent, buying)
    served = np.flatnonzero(_activity(cells, latent, lines, interactions, tickets, leads) > 0)
    am = np.round(account_management[served], 2)
    lg = np.round(logistics[served], 2)
    sp = np.round(support[served], 2)
    mk = np.round(marketing[served], 2)
    return pd.DataFrame(
        {
            "customer_id": _str(customer_ids[served // cells.n_years]),
            "year": (cells.first_year + served % cells.n_years).astype(np.int64),
            "account_management": am,
            "logistics": lg,
            "support": sp,
            "marketing": mk,
            "total": np.round(am + lg + sp + mk, 2),
        }
    )


def _account_management(
    cells: _CustomerYears, latent: LatentCustomers, interactions: InteractionEvents, buying: np.ndarray
) -> np.ndarray:
    """The account-management fee for the part of the year the customer buys, plus every interaction's cost."""
    fee = AM_FEE[0] + AM_FEE[1] * latent.p + AM_FEE[2] * latent.strategic
    unit = np.array([INTERACTION_COST[k] for k in INTERACTION_TYPES])[interactions.kind]
    return np.repeat(fee, cells.n_years) * buying + cells.total(interactions.owner, interactions.t, unit)


def _logistics(cells: _CustomerYears, lines: OrderLineEvents) -> np.ndarray:
    """Per line shipped (twice for a return) plus a share of its revenue; a small handling cost per cancelled line."""
    shipped = lines.status != 1
    per_line = LOGISTICS_PER_LINE * (1 + (lines.status == 2)) + LOGISTICS_RATE * lines.revenue
    return cells.total(lines.owner, lines.t, np.where(shipped, per_line, CANCEL_HANDLING))


def _support(cells: _CustomerYears, tickets: TicketEvents) -> np.ndarray:
    """Per ticket by severity; customisation requests cost most."""
    per_ticket = np.array(TICKET_COST)[tickets.severity] + CUSTOMISATION_COST * (tickets.category == 3)
    return cells.total(tickets.owner, tickets.t, per_ticket)


def _marketing(cells: _CustomerYears, latent: LatentCustomers, buying: np.ndarray) -> np.ndarray:
    """Acquisition in the year of first contact, onboarding in the year of the first purchase, yearly promotions."""
    everyone = np.arange(latent.n)
    acquisition = cells.total(
        everyone,
        latent.acq,
        ACQUISITION_COST[0] + (ACQUISITION_COST[1] + ACQUISITION_COST[2] * latent.pursued) * latent.annual,
    )
    b = np.flatnonzero(latent.buyer)
    onboarding = cells.total(b, latent.first[b], ONBOARDING_COST * latent.annual[b] * latent.pursued[b])
    return acquisition + onboarding + PROMOTION_COST * buying


def _activity(cells: _CustomerYears, latent: LatentCustomers, *events: CustomerEvents) -> np.ndarray:
    """Number of events of each cell, the first contact included: the cells with none get no row."""
    count = sum(cells.total(e.owner, e.t) for e in events)
    return count + cells.total(np.arange(latent.n), latent.acq)
