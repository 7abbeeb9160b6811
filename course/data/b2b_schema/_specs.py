"""How a table of the database is declared: its columns (kind, meaning, Chinese term, constraints) and keys."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["KIND_DTYPES", "ColumnSpec", "TableSpec"]


#: Kinds of column and the dtype each has after loading (categories are built per column).
KIND_DTYPES = {
    "id": "str",
    "text": "str",
    "date": "datetime64[ns]",
    "money": "float64",
    "number": "float64",
    "int": "int64",
    "category": "category",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table: its kind, its description and its constraints.

    Parameters
    ----------
    name : str
    kind : {"id", "text", "date", "money", "number", "int", "category"}
        ``money`` is an amount in CNY, ``number`` any other measure with
        decimals (a target score, a share); both are floats rounded to 2
        decimals.
    meaning : str
        What the column holds, in one sentence.
    name_zh : str
        The Chinese business term.
    example : str
        A typical value, as written in the CSV.
    unit : str, default ""
        Unit of measurement (CNY, days, minutes, score …).
    nullable : bool, default False
        Whether empty cells are allowed.
    categories : tuple of str, default ()
        The allowed values of a ``category`` column, in display order.
    closed : bool, default True
        For a ``category`` column: whether values outside ``categories`` are
        an error (True) or are added as extra categories (False, for
        descriptive columns such as ``industry`` in a user's own export).
    minimum, maximum : int, optional
        Bounds of an ``int`` column.
    references : str, optional
        Name of the table whose primary key this column refers to (foreign key).
    """

    name: str
    kind: str
    meaning: str
    name_zh: str
    example: str
    unit: str = ""
    nullable: bool = False
    categories: tuple[str, ...] = ()
    closed: bool = True
    minimum: int | None = None
    maximum: int | None = None
    references: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KIND_DTYPES:
            raise ValueError(f"column {self.name!r}: unknown kind {self.kind!r}")
        if (self.kind == "category") != bool(self.categories):
            raise ValueError(f"column {self.name!r}: categories are required for, and only for, kind 'category'")

    @property
    def dtype(self) -> object:
        """The pandas dtype of the column after loading."""
        if self.kind == "category":
            return pd.CategoricalDtype(list(self.categories))
        return KIND_DTYPES[self.kind]


@dataclass(frozen=True)
class TableSpec:
    """One table: its columns (in file order), primary key and description."""

    name: str
    title: str
    title_zh: str
    description: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    #: The column that dates a row (when it happened), used by :meth:`B2BDatabase.until`;
    #: None for a table whose rows follow their parent row (contacts their customer, participants their
    #: interaction: the first foreign key to a table other than customers, else the customer).
    event_date: str | None = None
    #: Whether a database folder may lack the table's file (the key-account tables: an export of the eight
    #: core tables still loads, with these tables empty).
    optional: bool = False

    @property
    def filename(self) -> str:
        """File name of the table in a database folder, e.g. ``orders.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        """Return the spec of column ``name``."""
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        """``(column, parent_table)`` pairs of the table's foreign keys."""
        return [(c.name, c.references) for c in self.columns if c.references]
