"""The database object: one DataFrame per table of :data:`SCHEMA`."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from course.data.b2b_schema._tables import SCHEMA, TABLE_NAMES
from course.validation import parse_date_parameter

__all__ = ["B2BDatabase"]


@dataclass(frozen=True, eq=False)
class B2BDatabase:
    """The B2B customer database: one DataFrame per table of :data:`SCHEMA`.

    Build it with :func:`course.data.generate_b2b`, :func:`course.data.load_b2b`
    or :func:`course.data.b2b_database`; each attribute is a table.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=50)
    >>> db.customers.shape[1]
    8
    >>> list(db.tables()) == list(SCHEMA)
    True

    The first eight tables are the core of the database; the next eight
    (``account_team`` … ``ticket_followups``) are the key-account tables of
    lesson 08 and the last, ``invoices``, the payment record of every order;
    these nine are optional in a folder of CSVs (:data:`KEY_ACCOUNT_TABLES`).
    """

    customers: pd.DataFrame
    orders: pd.DataFrame
    interactions: pd.DataFrame
    contacts: pd.DataFrame
    surveys: pd.DataFrame
    tickets: pd.DataFrame
    opportunities: pd.DataFrame
    cost_to_serve: pd.DataFrame
    account_team: pd.DataFrame
    participants: pd.DataFrame
    org_relations: pd.DataFrame
    account_plans: pd.DataFrame
    plan_actions: pd.DataFrame
    wallet: pd.DataFrame
    deliveries: pd.DataFrame
    ticket_followups: pd.DataFrame
    invoices: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables as a dict ``name -> DataFrame`` in schema order.

        Examples
        --------
        >>> from course.data import generate_b2b
        >>> {name: len(t) > 0 for name, t in generate_b2b(n_customers=50).tables().items()}["orders"]
        True
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def until(self, date: object) -> B2BDatabase:
        """The database as far as it had happened by ``date``: rows dated after it left out.

        Each table is cut at its :attr:`TableSpec.event_date` (orders at
        ``order_date``, tickets at ``opened_date``, cost to serve at its
        ``year`` …); customers acquired after ``date`` leave with all their
        rows, contacts included. A table without a date of its own follows
        its parent: participants their interaction, planned actions their
        plan (a plan agreed by ``date`` keeps all its actions, later months
        included: they were planned). Columns of the rows kept are
        unchanged: a ticket opened before ``date`` keeps the ``closed_date``
        recorded later. Use it to make sure an analysis "as of" a past date cannot see
        the future. ``self`` is not modified.

        Examples
        --------
        >>> from course.data import load_b2b
        >>> db = load_b2b()
        >>> past = db.until("2023-12-31")
        >>> past.orders["order_date"].max() <= pd.Timestamp("2023-12-31"), len(past.orders) < len(db.orders)
        (True, True)
        """
        day = parse_date_parameter(date, name="date")
        known = self.customers.loc[~(self.customers["acquired_date"] > day), "customer_id"]
        cut: dict[str, pd.DataFrame] = {}
        for name, frame in self.tables().items():  # parents come before the tables that follow them
            spec = SCHEMA[name]
            keep = frame["customer_id"].isin(known) if "customer_id" in frame.columns else True
            column = spec.event_date
            if column == "year":
                keep &= frame[column] <= day.year
            elif column is not None:
                keep &= ~(frame[column] > day)
            else:
                parent = next(((c, p) for c, p in spec.foreign_keys if p != "customers"), None)
                if parent is not None:
                    key, table = parent
                    keep &= frame[key].isin(cut[table][SCHEMA[table].key[0]])
            cut[name] = frame.loc[keep] if keep is not True else frame
        return B2BDatabase(**cut)

    def __repr__(self) -> str:
        width = max(len(name) for name in TABLE_NAMES)
        lines = [f"B2BDatabase with {len(TABLE_NAMES)} tables:"]
        lines += [f"  {name:<{width}}  {len(frame):>9,} rows" for name, frame in self.tables().items()]
        return "\n".join(lines)


assert [f.name for f in fields(B2BDatabase)] == list(TABLE_NAMES)
