"""The course's datasets: the synthetic B2B customer database and the real CDNOW data.

Examples
--------
>>> from course.data import load_b2b, load_cdnow
>>> db = load_b2b()                       # the shipped default database
>>> list(db.tables())[:3]
['customers', 'orders', 'interactions']
>>> load_cdnow(sample=True).columns.tolist()
['customer_id', 'date', 'cds', 'amount']
"""

from course.data.b2b_generator import (
    DEFAULT_ASOF,
    DEFAULT_END,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    DEFAULT_START,
    generate_b2b,
)
from course.data.b2b_loader import b2b_database, load_b2b, save_b2b
from course.data.b2b_schema import SCHEMA, B2BDatabase
from course.data.cdnow import load_cdnow
from course.data.orders_file import LoadReport, read_orders
from course.data.paths import DATA_DIR

__all__ = [
    "B2BDatabase",
    "SCHEMA",
    "DEFAULT_ASOF",
    "DEFAULT_START",
    "DEFAULT_END",
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "DATA_DIR",
    "b2b_database",
    "generate_b2b",
    "load_b2b",
    "save_b2b",
    "load_cdnow",
    "read_orders",
    "LoadReport",
]
