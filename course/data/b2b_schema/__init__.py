"""The schema of the synthetic B2B customer database (客户数据库): the single source of truth.

Every table, column, dtype, key and description of the course's B2B database
-- eight core tables, eight key-account tables and the invoices -- is declared once, in
:data:`SCHEMA` (``_tables.py``; the column and table specs in ``_specs.py``,
the enumerations in ``_vocabulary.py``). The loader (:func:`course.data.load_b2b`),
the generator's output coercion (:func:`course.data.generate_b2b`) and the data
dictionary in ``data/README.md`` (:func:`render_data_dictionary`) are all
derived from it, so they cannot drift apart.

Dtypes after loading
--------------------
- ids and free text: pandas' default string dtype ``str``;
- dates: ``datetime64[ns]`` (``NaT`` where a date can be missing);
- money: ``float64`` rounded to 2 decimals, in CNY (元); other measures
  with decimals (``number``: a target score): ``float64``, 2 decimals;
- counts and scores: ``int64``;
- enumerations: pandas ``category`` with the categories in the order listed.

Examples
--------
>>> from course.data.b2b_schema import SCHEMA
>>> list(SCHEMA)[:8]
['customers', 'orders', 'interactions', 'contacts', 'surveys', 'tickets', 'opportunities', 'cost_to_serve']
>>> KEY_ACCOUNT_TABLES[:3]
('account_team', 'participants', 'org_relations')
>>> SCHEMA["orders"].key
('order_id', 'line_no')
>>> SCHEMA["orders"].column("status").categories
('completed', 'cancelled', 'returned')
"""

from course.data.b2b_schema._database import B2BDatabase
from course.data.b2b_schema._dictionary import render_data_dictionary
from course.data.b2b_schema._specs import KIND_DTYPES, ColumnSpec, TableSpec
from course.data.b2b_schema._tables import CORE_TABLES, KEY_ACCOUNT_TABLES, SCHEMA, TABLE_NAMES, dtype_of
from course.data.b2b_schema._vocabulary import (
    ATTITUDES,
    CHANNELS,
    DECISION_ROLES,
    INDUSTRIES,
    INTERACTION_TYPES,
    ORDER_STATUSES,
    ORG_RELATION_KINDS,
    PLAN_ACTION_KINDS,
    PRODUCT_LINES,
    REGIONS,
    RELATIONSHIP_LAYERS,
    SEVERITIES,
    STAGES,
    TEAM_ROLES,
    TICKET_CATEGORIES,
    TITLES,
    VOC_CATEGORIES,
)

__all__ = [
    "ColumnSpec",
    "TableSpec",
    "SCHEMA",
    "TABLE_NAMES",
    "CORE_TABLES",
    "KEY_ACCOUNT_TABLES",
    "B2BDatabase",
    "dtype_of",
    "render_data_dictionary",
    "KIND_DTYPES",
    "INDUSTRIES",
    "REGIONS",
    "PRODUCT_LINES",
    "CHANNELS",
    "ORDER_STATUSES",
    "INTERACTION_TYPES",
    "TITLES",
    "DECISION_ROLES",
    "ATTITUDES",
    "RELATIONSHIP_LAYERS",
    "VOC_CATEGORIES",
    "TICKET_CATEGORIES",
    "SEVERITIES",
    "STAGES",
    "TEAM_ROLES",
    "ORG_RELATION_KINDS",
    "PLAN_ACTION_KINDS",
]
