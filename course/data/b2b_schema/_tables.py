"""The tables of the B2B database, declared once: :data:`SCHEMA` (the declarations are grouped by domain)."""

from __future__ import annotations

from course.data.b2b_schema import _accounts, _sales, _service
from course.data.b2b_schema._specs import TableSpec

__all__ = ["SCHEMA", "TABLE_NAMES", "dtype_of"]

#: The order of the tables everywhere (files, :class:`B2BDatabase` fields, reprs). Existing tables keep their place.
_ORDER = ("customers", "orders", "interactions", "contacts", "surveys", "tickets", "opportunities", "cost_to_serve")
_DECLARED = {spec.name: spec for spec in (*_accounts.TABLES, *_sales.TABLES, *_service.TABLES)}
assert set(_DECLARED) == set(_ORDER), "every declared table has a place in _ORDER"

#: The tables of the B2B database, by name, in a fixed order.
SCHEMA: dict[str, TableSpec] = {name: _DECLARED[name] for name in _ORDER}


#: Table names in the order used everywhere (files, :class:`B2BDatabase` fields, reprs).
TABLE_NAMES: tuple[str, ...] = tuple(SCHEMA)


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
