"""From an order-line source to the checked ``order_lines`` and ``purchases`` steps of a DuckDB statement."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from course.purchases import day_number, resolve_asof
from course.sql._queries import line_params, render
from course.sql._source import LineChecks, Source, check_lines, connect, open_source

__all__ = ["Lines", "read_lines", "as_day", "day_text"]


@dataclass
class Lines:
    """A checked order-line source: the connection, what the checks found, the as-of day and the first steps."""

    con: object
    source: Source
    checks: LineChecks
    asof_day: int
    steps: list[tuple[str, str]]

    @property
    def asof(self) -> pd.Timestamp:
        return as_day(self.asof_day)

    def run(self, steps: list[tuple[str, str]], final: str) -> pd.DataFrame:
        """Run the statement made of the first steps, ``steps`` and ``final``; return a pandas DataFrame."""
        from course.sql._queries import pipeline

        return self.con.execute(pipeline(self.steps + steps, final)).df()

    def close(self) -> None:
        self.con.close()


def as_day(number: int) -> pd.Timestamp:
    """A day number as a Timestamp (midnight)."""
    return pd.Timestamp(number, unit="D").as_unit("ns")


def day_text(number: int) -> str:
    """A day number as YYYY-MM-DD."""
    return str(as_day(number).date())


def read_lines(
    source: object,
    *,
    table: str,
    customer: str,
    date: str,
    amount: str | None,
    order: str | None,
    status: str | None,
    asof: object,
    status_table: str | None = None,
) -> Lines:
    """Open ``source``, check it as the pandas functions do, and fix the as-of day (default: after the latest line)."""
    con = connect()
    try:
        asof_day = None if asof is None else day_number(resolve_asof(asof))
        src = open_source(con, source, table=table)
        src, found = check_lines(
            src,
            customer=customer,
            date=date,
            amount=amount,
            order=order,
            status=status,
            asof_day=asof_day,
            status_table=status_table,
        )
    except BaseException:
        con.close()
        raise
    day = found.last_day + 1 if asof_day is None else asof_day
    params = line_params(
        source="source",
        customer=customer,
        date=date,
        amount=amount,
        order=order,
        status=status,
        date_expr=found.date_expr,
        amount_expr=found.amount_expr,
    )
    steps = [("order_lines", render("order_lines", **params)), ("purchases", render("purchases", asof_day=day))]
    return Lines(con=con, source=src, checks=found, asof_day=day, steps=steps)
