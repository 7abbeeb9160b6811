"""The data dictionary of ``data/README.md``, rendered from :data:`SCHEMA`."""

from __future__ import annotations

from course.data.b2b_schema._specs import ColumnSpec
from course.data.b2b_schema._tables import SCHEMA

__all__ = ["render_data_dictionary"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type_label(spec: ColumnSpec) -> str:
    if spec.kind == "category":
        values = ", ".join(spec.categories)
        return f"category ({values}{', …' if not spec.closed else ''})"
    label = {
        "id": "id (string)",
        "text": "text",
        "date": "date",
        "money": "money (float, 2 decimals)",
        "number": "number (float, 2 decimals)",
        "int": "integer",
    }[spec.kind]
    if spec.kind == "int" and (spec.minimum is not None or spec.maximum is not None):
        lo = "" if spec.minimum is None else str(spec.minimum)
        hi = "" if spec.maximum is None else str(spec.maximum)
        label += f" {lo}..{hi}" if hi else f" ≥ {lo}"
    return label


def render_data_dictionary() -> str:
    """Render the data dictionary of every table and column as markdown, from :data:`SCHEMA`.

    ``data/README.md`` contains exactly this text (a test checks it), so the
    documentation cannot drift from the loader.

    Examples
    --------
    >>> text = render_data_dictionary()
    >>> text.splitlines()[0]
    '#### `customers` — Customers (客户档案)'
    >>> "| `margin` |" in text
    True
    """
    out: list[str] = []
    for table in SCHEMA.values():
        out.append(f"#### `{table.name}` — {table.title} ({table.title_zh})")
        out.append("")
        out.append(table.description)
        out.append("")
        key = " + ".join(f"`{k}`" for k in table.key)
        optional = " Optional in a database folder." if table.optional else ""
        out.append(f"File `{table.filename}`. Primary key: {key}.{optional}")
        fks = table.foreign_keys
        if fks:
            refs = "; ".join(f"`{col}` → `{parent}`" for col, parent in fks)
            out.append(f"Foreign keys: {refs}.")
        out.append("")
        out.append("| column | type | unit | meaning | example | 中文 |")
        out.append("|---|---|---|---|---|---|")
        for c in table.columns:
            meaning = c.meaning + (" May be empty." if c.nullable and "empty" not in c.meaning else "")
            out.append(
                f"| `{c.name}` | {_cell(_type_label(c))} | {_cell(c.unit) or '–'} | {_cell(meaning)} | "
                f"`{_cell(c.example)}` | {_cell(c.name_zh)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
