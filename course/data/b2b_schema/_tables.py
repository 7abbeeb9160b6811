"""The tables of the B2B database, declared once: :data:`SCHEMA` (the declarations are grouped by domain)."""

from __future__ import annotations

from course.data.b2b_schema import _accounts, _key_accounts, _sales, _service
from course.data.b2b_schema._specs import TableSpec

__all__ = ["SCHEMA", "TABLE_NAMES", "CORE_TABLES", "KEY_ACCOUNT_TABLES", "dtype_of"]

#: The order of the tables everywhere (files, :class:`B2BDatabase` fields, reprs). Existing tables keep their place;
#: the key-account tables and the invoices (optional in a folder) come after the eight core tables.
_ORDER = (
    "customers",
    "orders",
    "interactions",
    "contacts",
    "surveys",
    "tickets",
    "opportunities",
    "cost_to_serve",
    "account_team",
    "participants",
    "org_relations",
    "account_plans",
    "plan_actions",
    "wallet",
    "deliveries",
    "ticket_followups",
    "invoices",
)
_DECLARED = {spec.name: spec for spec in (*_accounts.TABLES, *_sales.TABLES, *_service.TABLES, *_key_accounts.TABLES)}
assert set(_DECLARED) == set(_ORDER), "every declared table has a place in _ORDER"

#: The tables of the B2B database, by name, in a fixed order.
SCHEMA: dict[str, TableSpec] = {name: _DECLARED[name] for name in _ORDER}


#: Table names in the order used everywhere (files, :class:`B2BDatabase` fields, reprs).
TABLE_NAMES: tuple[str, ...] = tuple(SCHEMA)

#: The eight core tables, every one required in a database folder.
CORE_TABLES: tuple[str, ...] = tuple(name for name, spec in SCHEMA.items() if not spec.optional)

#: The optional tables -- the key-account tables and the invoices: a database folder may lack them (an export of
#: the core tables loads, these empty).
KEY_ACCOUNT_TABLES: tuple[str, ...] = tuple(name for name, spec in SCHEMA.items() if spec.optional)


def dtype_of(table: str, column: str) -> object:
    """Return the pandas dtype that ``table.column`` has after loading.

    Examples
    --------
    >>> dtype_of("orders", "revenue")
    'float64'
    >>> dtype_of("orders", "status")
    CategoricalDtype(categories=['completed', 'cancelled', 'returned'], ordered=False, categories_dtype=str)
    """
    return SCHEMA[table].column(column).dtype
