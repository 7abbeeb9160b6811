"""The generator's entry point: :func:`generate_b2b` and its defaults.

It checks its arguments, draws the latent customer model and runs the
table builders in the one order that fixes the random draws.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from course.data.b2b_generator._contacts import build_contacts
from course.data.b2b_generator._cost_to_serve import build_cost_to_serve
from course.data.b2b_generator._customers import build_customers
from course.data.b2b_generator._interactions import build_interactions
from course.data.b2b_generator._invoices import build_invoices
from course.data.b2b_generator._key_accounts import CoreTables, build_key_account_tables
from course.data.b2b_generator._latent import draw_latent
from course.data.b2b_generator._opportunities import build_opportunities
from course.data.b2b_generator._orders import build_orders
from course.data.b2b_generator._period import Period
from course.data.b2b_generator._surveys import build_surveys
from course.data.b2b_generator._tickets import build_tickets
from course.data.b2b_schema import B2BDatabase
from course.data.coercion import coerce_database
from course.i18n import gettext as _
from course.validation import CourseInputError

__all__ = [
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "DEFAULT_START",
    "DEFAULT_END",
    "DEFAULT_ASOF",
    "generate_b2b",
]

#: Number of customers (prospects included) of the shipped database.
DEFAULT_N_CUSTOMERS = 2000
#: Seed of the shipped database.
DEFAULT_SEED = 42
#: First day of the period covered.
DEFAULT_START = "2020-01-01"
#: Last day of the period covered.
DEFAULT_END = "2025-12-31"
#: The "as of" date of every analysis of the shipped database (the last day of the period).
DEFAULT_ASOF = DEFAULT_END


def generate_b2b(
    n_customers: int = DEFAULT_N_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    start: str | _dt.date = DEFAULT_START,
    end: str | _dt.date = DEFAULT_END,
) -> B2BDatabase:
    """Generate the synthetic B2B customer database.

    The result is deterministic for a given ``seed`` (the eight core tables
    draw from ``numpy.random.default_rng(seed)``, the eight key-account
    tables from their own ``numpy.random.default_rng([seed, 8])`` and the
    invoices from ``numpy.random.default_rng([seed, 17])``, so each can grow
    without moving the others) and passes through the same
    coercion and key checks as :func:`course.data.load_b2b`, so
    ``generate_b2b()`` equals ``load_b2b()`` table by table. The docstring of
    :mod:`course.data.b2b_generator` describes the latent structure built
    into the data.

    Parameters
    ----------
    n_customers : int, default 2000
        Number of customers, prospects included (about 12 % never buy).
    seed : int, default 42
        Seed of the random generator.
    start, end : str or date, default "2020-01-01", "2025-12-31"
        First and last day of the period; every date of the database falls in
        it (except the payment due dates of contracts not yet due), and
        ``end`` is the "as of" date. The period must cover at least two years.

    Returns
    -------
    B2BDatabase
        customers, orders, interactions, contacts, surveys, tickets,
        opportunities, cost_to_serve; and the key-account tables
        account_team, participants, org_relations, account_plans,
        plan_actions, wallet, deliveries, ticket_followups; and invoices.

    Examples
    --------
    >>> db = generate_b2b(n_customers=50, seed=3)
    >>> db.customers["customer_id"].head(3).tolist()
    ['C00001', 'C00002', 'C00003']
    >>> bool((db.orders["margin"] - (db.orders["revenue"] - db.orders["cost"])).abs().max() < 0.006)
    True
    >>> db.orders["order_date"].max() <= pd.Timestamp("2025-12-31")
    True
    """
    period = _checked_arguments(n_customers, seed, start, end)
    rng = np.random.default_rng(seed)
    # The order of these steps fixes the order of the random draws, and with it every byte of the data (the
    # shipped CSVs included): moving a step, skipping one or giving one more draws changes every table built
    # after it. A new table's builder goes after the last one that draws (build_opportunities).
    latent = draw_latent(rng, int(n_customers), period)
    customers, customer_ids = build_customers(rng, latent)
    contacts, contact_book = build_contacts(rng, latent, customer_ids)
    orders, order_lines = build_orders(rng, latent, customer_ids)
    interactions, interaction_events = build_interactions(rng, latent, customer_ids, contact_book)
    surveys = build_surveys(rng, latent, customer_ids)
    tickets, ticket_events = build_tickets(rng, latent, customer_ids)
    opportunities, leads = build_opportunities(rng, latent, customer_ids)
    cost_to_serve = build_cost_to_serve(latent, customer_ids, order_lines, interaction_events, ticket_events, leads)
    # The key-account tables come last and draw from a stream of their own: they read the tables above and
    # leave every one of their bytes as it was.
    core = CoreTables(
        latent=latent,
        customer_ids=customer_ids,
        customers=customers,
        contacts=contacts,
        interactions=interactions,
        surveys=surveys,
        tickets=tickets,
        opportunities=opportunities,
        order_lines=order_lines,
        interaction_events=interaction_events,
    )
    tables = {
        "customers": customers,
        "contacts": contacts,
        "orders": orders,
        "interactions": interactions,
        "surveys": surveys,
        "tickets": tickets,
        "opportunities": opportunities,
        "cost_to_serve": cost_to_serve,
        **build_key_account_tables(int(seed), core),
        # the invoices follow the orders, from a stream of their own ([seed, 17]): they move no other table
        "invoices": build_invoices(int(seed), latent, customer_ids, orders),
    }
    return coerce_database(tables)


def _checked_arguments(n_customers: object, seed: object, start: object, end: object) -> Period:
    """The period from ``start`` to ``end``, once every argument of :func:`generate_b2b` is checked."""
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) or n_customers < 1:
        raise CourseInputError(
            _("generate_b2b: n_customers must be a positive whole number, got {value!r}.").format(value=n_customers)
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CourseInputError(
            _("generate_b2b: seed must be a non-negative whole number, got {value!r}.").format(value=seed)
        )
    day0 = _parse_day(start, "start")
    day_end = _parse_day(end, "end")
    period = Period.covering(day0, day_end)
    if period.length < 730:
        raise CourseInputError(
            _(
                "generate_b2b: the period {start} .. {end} is shorter than two years; choose an earlier start "
                "or a later end."
            ).format(start=day0, end=day_end)
        )
    return period


def _parse_day(value: object, name: str) -> np.datetime64:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CourseInputError(
            _("generate_b2b: {name}={value!r} is not a date. Use the format YYYY-MM-DD.").format(name=name, value=value)
        ) from exc
    if pd.isna(stamp):
        raise CourseInputError(
            _("generate_b2b: {name} must be a date such as '2020-01-01', got {value!r}.").format(name=name, value=value)
        )
    return np.datetime64(stamp.date(), "D")
