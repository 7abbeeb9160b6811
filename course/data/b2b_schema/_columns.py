"""Shorthands for the columns most tables share: ids, money, the customer foreign key."""

from __future__ import annotations

from course.data.b2b_schema._specs import ColumnSpec

__all__ = ["id_column", "money_column", "customer_fk"]


def id_column(name: str, meaning: str, name_zh: str, example: str, **kw: object) -> ColumnSpec:
    return ColumnSpec(name, "id", meaning, name_zh, example, **kw)


def money_column(name: str, meaning: str, name_zh: str, example: str, **kw: object) -> ColumnSpec:
    return ColumnSpec(name, "money", meaning, name_zh, example, unit="CNY", **kw)


def customer_fk(example: str = "C00042") -> ColumnSpec:
    return id_column("customer_id", "The customer the row belongs to.", "客户编号", example, references="customers")
