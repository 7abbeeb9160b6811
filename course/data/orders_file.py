"""A company's own order export (ERP, CRM, shop system) read into the course's purchase table.

:func:`read_orders` reads a CSV (UTF-8, UTF-8 with a BOM, GB18030/GBK), an
Excel ``.xlsx`` sheet or a Parquet file, takes the columns a mapping names --
in Chinese or English -- and returns one row per purchase line with the
course's column names, so that every lesson function runs on it. What it read,
kept, dropped and changed is in a :class:`LoadReport` (``table.attrs["load_report"]``).

The rules, in the order they are applied
-----------------------------------------
1. **Empty lines** (every mapped cell empty) are dropped.
2. **Status** (when mapped): a line whose status is cancelled (``cancelled``,
   ``已取消``, ``作废`` …) or returned (``returned``, ``退货``, ``已退款`` …) is
   dropped; a completed one (``completed``, ``已完成``, ``已付款`` …) is
   kept; any other status is an error that lists the values, never a guess.
3. **Duplicates** (when an order column is mapped): a line identical in every
   column of the file to an earlier line is the same line exported twice and
   is dropped. Without an order id two identical lines may be two purchases:
   they are kept, and counted in the report.
4. **Unreadable cells**: a line with no customer id, or a date or amount that
   is no date or number, is dropped and listed -- unless such lines are more
   than 1 % of the lines (and more than 10), which points to a wrong column
   or format: then the load stops with an error.
5. **Returns** (negative amounts): with an order column, a return is netted
   against its order -- the order's positive lines are scaled by
   net / gross so that they add up to the order's net amount (margins by the
   same factor), the negative lines are dropped, and an order whose net is
   zero or less is dropped whole. Without an order column a return cannot be
   matched to its purchase: it is dropped and its total reported.

Values: customer ids and order ids are text (``00123`` keeps its zeros);
amounts may carry ``¥``/``RMB``/``元`` and thousands separators, and a
decimal comma (``1 234,50``) is read only with ``decimal=","``; dates may be
ISO, ``YYYYMMDD``, Excel serial numbers, or the forms of
:func:`course.validation.parse_dates` (an ambiguous ``05/01/2024`` needs
``dayfirst``). An Excel workbook is read with openpyxl, each cell as text
the same rules read: a date cell as its day, a number as its digits, a text
cell as typed. The input file is only read: nothing is written beside it.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "orders.csv").write_text(
...     "客户编号,下单日期,金额,状态\\n0012,2024-03-01,\\"¥1,200.00\\",已完成\\n0012,2024-03-09,80,已取消\\n"
...     "0345,45383,300,已完成\\n", encoding="utf-8")
>>> table = read_orders(folder / "orders.csv", {"customer": "客户编号", "date": "下单日期", "amount": "金额",
...                                              "status": "状态"})
>>> table
  customer_id       date  amount
0        0012 2024-03-01  1200.0
1        0345 2024-04-01   300.0
>>> for step in table.attrs["load_report"].steps:
...     print(step.action, step.rows, step.reason)
dropped 1 cancelled (status 已取消)
changed 1 amount read after removing a currency sign or thousands separator
changed 1 Excel serial date turned to a day
"""

from __future__ import annotations

import datetime
import difflib
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from course.data._encodings import sniff_encoding
from course.data._order_values import parse_amounts, parse_order_dates, status_kinds
from course.i18n import N_
from course.i18n import gettext as _
from course.validation import CourseDataWarning, CourseInputError, listing, row_list

__all__ = ["ROLES", "REQUIRED_ROLES", "LoadReport", "LoadStep", "read_orders", "parse_column_mapping"]

#: What each mapped role becomes in the returned table (``status`` is used to filter, not returned).
ROLES = {
    "customer": "customer_id",
    "order": "order_id",
    "date": "date",
    "amount": "amount",
    "margin": "margin",
    "product": "product",
    "status": None,
}
#: The roles every mapping must name.
REQUIRED_ROLES = ("customer", "date", "amount")

_TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".dat", ""}
_HEAD_BYTES = 1 << 20  # the encoding and separator are decided on the first MiB
_UNREADABLE_LIMIT = (0.01, 10)  # at most 1 % of the lines, or 10 lines, may be dropped as unreadable
_EXAMPLES = 3


#: What a step did to its lines, as :attr:`LoadStep.action` says it (marked for the catalogue).
ACTIONS = (N_("dropped"), N_("changed"), N_("kept"))


@dataclass
class LoadStep:
    """One reason lines were dropped or changed, with how many, their amount and example lines.

    ``reason`` and ``action`` are English (the data a program reads); :meth:`describe` and
    :class:`LoadReport`'s text give them in the current language.
    """

    reason: str
    action: str  # "dropped", "changed" or "kept" (kept but worth knowing)
    rows: int
    amount: float
    examples: pd.DataFrame  # up to three lines as the file has them, indexed by their line number
    template: str = ""  # the reason before its fields were filled in (the catalogue's message)
    fields: dict[str, object] = field(default_factory=dict)

    def describe(self) -> str:
        """The reason in the current language (:func:`course.set_language`)."""
        return _(self.template).format(**self.fields) if self.template else _(self.reason)


@dataclass
class LoadReport:
    """What :func:`read_orders` read: the file, its encoding, lines read and kept, and every step."""

    file: str
    file_format: str
    encoding: str | None
    sheet: str | None
    columns: dict[str, str]
    rows_read: int
    rows_kept: int = 0
    steps: list[LoadStep] = field(default_factory=list)

    def steps_table(self) -> pd.DataFrame:
        """One row per step: reason, action, rows and amount (the file's amounts, before any change)."""
        return pd.DataFrame(
            [(s.reason, s.action, s.rows, s.amount) for s in self.steps], columns=["reason", "action", "rows", "amount"]
        )

    def __str__(self) -> str:
        """The report as a lesson prints it, in the current language (:func:`course.set_language`)."""
        details = [_(self.file_format)] + ([_(self.encoding)] if self.encoding else [])
        details += [_("sheet {sheet!r}").format(sheet=self.sheet)] if self.sheet else []
        lines = [
            _("read {file} ({details}): {read:,} lines, {kept:,} kept").format(
                file=Path(self.file).name, details=listing(details), read=self.rows_read, kept=self.rows_kept
            )
        ]
        step = _("  {action} {rows:,}: {reason}")
        lines += [step.format(action=_(s.action), rows=s.rows, reason=s.describe()) for s in self.steps]
        return "\n".join(lines)


def parse_column_mapping(text: str) -> dict[str, str]:
    """``"customer=客户编号,date=下单日期,amount=金额"`` as a mapping role -> column (the ``--columns`` option).

    Examples
    --------
    >>> parse_column_mapping("customer=客户编号, date=下单日期,amount=金额")
    {'customer': '客户编号', 'date': '下单日期', 'amount': '金额'}
    """
    mapping = {}
    for item in (part.strip() for part in str(text).split(",")):
        if not item:
            continue
        role, sep, column = item.partition("=")
        if not sep or not column.strip():
            raise CourseInputError(
                _(
                    "--columns: {item!r} is not role=column; write e.g. customer=客户编号,date=下单日期,amount=金额."
                ).format(item=item)
            )
        mapping[role.strip()] = column.strip()
    return mapping


def _check_mapping(columns: object) -> dict[str, str]:
    if not isinstance(columns, Mapping):
        raise CourseInputError(
            _("columns must map roles to the file's column names, e.g. {example}; got {kind}.").format(
                example="{'customer': '客户编号', 'date': '下单日期', 'amount': '金额'}", kind=type(columns).__name__
            )
        )
    unknown = [role for role in columns if role not in ROLES]
    if unknown:
        raise CourseInputError(
            _("columns: unknown role(s) {unknown}; the roles are {roles}.").format(
                unknown=listing(map(repr, unknown)), roles=listing(ROLES)
            )
        )
    missing = [role for role in REQUIRED_ROLES if role not in columns]
    if missing:
        raise CourseInputError(
            _(
                "columns: say which column holds the {missing} (e.g. {first}='<column name>'); {required} are required."
            ).format(missing=listing(missing), first=missing[0], required=listing(REQUIRED_ROLES))
        )
    sources = [str(c) for c in columns.values()]
    twice = sorted({c for c in sources if sources.count(c) > 1})
    if twice:
        raise CourseInputError(
            _("columns: column(s) {columns} mapped to two roles.").format(columns=listing(map(repr, twice)))
        )
    return {role: str(column) for role, column in columns.items()}


# ---------------------------------------------------------------------------------------------- reading
def _encoding(path: Path, given: str | None) -> str:
    if given is not None:
        return given
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if len(head) == _HEAD_BYTES:  # do not judge a character cut in two at the end of the sample
        head = head[: head.rfind(b"\n") + 1] or head
    encoding = sniff_encoding(head)
    if encoding is not None:
        return encoding
    raise CourseInputError(
        _(
            "{file}: not a text file in UTF-8 or GB18030 (GBK), the encodings read. In Excel, save it with "
            "File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'; or pass encoding='<its encoding>'."
        ).format(file=path.name)
    )


def _separator(path: Path, encoding: str) -> str:
    """The separator of the header line: the commonest of , tab ; |, or runs of spaces when there is none."""
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        header = handle.readline()
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else r"\s+"


def _read_text(path: Path, encoding: str | None) -> tuple[pd.DataFrame, str]:
    chosen = _encoding(path, encoding)
    separator = _separator(path, chosen)
    try:
        raw = pd.read_csv(
            path, sep=separator, dtype=str, keep_default_na=False, na_values=[""], encoding=chosen, engine="c"
        )
    except UnicodeDecodeError as error:
        raise CourseInputError(
            _(
                "{file}: byte {byte:,} cannot be read as {encoding}; the file mixes encodings. "
                "Save it again as 'CSV UTF-8', or pass encoding='<its encoding>'."
            ).format(file=path.name, byte=error.start, encoding=chosen)
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise CourseInputError(
            _("{file}: not a readable table ({error}). Save it again as 'CSV UTF-8'.").format(
                file=path.name, error=error
            )
        ) from None
    if chosen == "gb18030":
        label = _("GB18030 (GBK, Excel on a Chinese Windows)")
        warnings.warn(_("{file} was read as {label}.").format(file=path.name, label=label), CourseDataWarning, 3)
    return raw, {"utf-8": "UTF-8", "utf-8-sig": N_("UTF-8 with BOM"), "gb18030": "GB18030"}.get(chosen, chosen)


def _cell_text(value: object, decimal: str = ".") -> str | None:
    """An Excel cell's value (as openpyxl returns it) as the text the loader parses; ``None`` when empty.

    Text stays as typed (``00123`` keeps its zeros); a whole number loses
    Excel's ``.0`` (an unformatted date is its serial number, ``45292``, which
    the date rule turns into a day); other numbers are written to Excel's 15
    significant digits, without float noise, with the ``decimal`` mark the
    amounts are read with (a number cell has no locale: ``1.234`` must not
    become 1234 under ``decimal=","``); a date-formatted cell, which openpyxl
    returns as a datetime, is ISO text.

    Examples
    --------
    >>> import datetime
    >>> [_cell_text(v) for v in ["00123", 45292, 1000.0, 0.1 + 0.2, datetime.datetime(2024, 1, 5), None]]
    ['00123', '45292', '1000', '0.3', '2024-01-05', None]
    >>> _cell_text(datetime.datetime(2024, 1, 5, 9, 30))
    '2024-01-05 09:30:00'
    >>> _cell_text(1.234, decimal=",")
    '1,234'
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: a bool is an int
        return str(value).upper()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(float(f"{value:.15g}")).replace(".", decimal)
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _sheet_rows(path: Path, sheet: str | None, decimal: str) -> tuple[str, list[list[str | None]]]:
    """The name and rows (cell texts) of one sheet; ``sheet`` is required when the workbook has several."""
    import openpyxl  # here, not on import: only a workbook needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # about styles and Excel features it drops, not about the values read
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)  # data_only: a formula's value
    except (zipfile.BadZipFile, InvalidFileException, KeyError):
        raise CourseInputError(
            _(
                "{file}: not an Excel .xlsx workbook (an old .xls file or a renamed CSV?). "
                "Open it in Excel or WPS and save it as 'Excel Workbook (*.xlsx)' or as 'CSV UTF-8'."
            ).format(file=path.name)
        ) from None
    try:
        listed = listing(repr(name) for name in book.sheetnames)
        if sheet is None:
            if len(book.sheetnames) != 1:
                raise CourseInputError(
                    _(
                        "{file} has {count} sheets: {sheets}. Say which one holds the orders: "
                        "sheet='<name>' (on the command line: --sheet <name>)."
                    ).format(file=path.name, count=len(book.sheetnames), sheets=listed)
                )
            sheet = book.sheetnames[0]
        if sheet not in book.sheetnames:
            raise CourseInputError(
                _("{file}: no sheet named {sheet!r}; its sheets are {sheets}.").format(
                    file=path.name, sheet=sheet, sheets=listed
                )
            )
        worksheet = book[sheet]
        # read-only mode trusts the size the file records, which some exporters write wrong: read every cell
        worksheet.reset_dimensions()
        rows = [[_cell_text(value, decimal) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return sheet, rows


def _read_excel(path: Path, sheet: str | None, decimal: str) -> tuple[pd.DataFrame, str]:
    name, rows = _sheet_rows(path, sheet, decimal)
    blank = next((i for i, row in enumerate(rows) if any(cell not in (None, "") for cell in row)), len(rows))
    if blank == len(rows):
        raise CourseInputError(_("{file}: sheet {sheet!r} is empty.").format(file=path.name, sheet=name))
    header = [str(c).strip() if c is not None else f"column {i + 1}" for i, c in enumerate(rows[blank])]
    width = len(header)
    body = [(row + [None] * width)[:width] for row in rows[blank + 1 :]]
    frame = pd.DataFrame(body, columns=header, dtype="string").replace("", pd.NA)
    # blank rows above the header are skipped; the report still names each line by its row number in Excel
    frame.attrs["first_line"] = blank + 2
    return frame, name


def _read_parquet(path: Path) -> pd.DataFrame:
    import duckdb

    try:
        with duckdb.connect() as connection:
            return connection.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
    except duckdb.Error as error:
        raise CourseInputError(
            _("{file}: not a readable Parquet file ({error}).").format(file=path.name, error=error)
        ) from None


def _read_raw(path: Path, sheet: str | None, encoding: str | None, decimal: str) -> tuple[pd.DataFrame, LoadReport]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw, name = _read_excel(path, sheet, decimal)
        return raw, LoadReport(str(path), N_("Excel workbook"), None, name, {}, len(raw))
    if sheet is not None:
        raise CourseInputError(
            _("sheet={sheet!r} is for Excel workbooks; {file} is not one.").format(sheet=sheet, file=path.name)
        )
    if suffix == ".xls":
        raise CourseInputError(
            _(
                "{file} is an old Excel 97-2003 workbook; open it in Excel or WPS and save it as .xlsx or 'CSV UTF-8'."
            ).format(file=path.name)
        )
    if suffix in (".parquet", ".pq"):
        raw = _read_parquet(path)
        return raw, LoadReport(str(path), "Parquet", None, None, {}, len(raw))
    raw, chosen = _read_text(path, encoding)
    return raw, LoadReport(str(path), N_("text table"), chosen, None, {}, len(raw))


def _require_mapped(raw: pd.DataFrame, columns: dict[str, str], path: Path) -> None:
    available = [str(c) for c in raw.columns]
    for role, column in columns.items():
        if column not in available:
            close = difflib.get_close_matches(column, available, n=1)
            hint = _(" Did you mean {match!r}?").format(match=close[0]) if close else ""
            raise CourseInputError(
                _(
                    "{file}: column {column!r} (mapped to {role}) not found; the file's columns are {columns}. "
                    "Fix the mapping, e.g. {role}='{first}'.{hint}"
                ).format(
                    file=path.name,
                    column=column,
                    role=role,
                    columns=listing(map(repr, available)),
                    first=available[0],
                    hint=hint,
                )
            )


# ---------------------------------------------------------------------------------------------- the rules
def _first_positions(codes: np.ndarray) -> np.ndarray:
    """Position of the first line of each code of ``pd.factorize`` (codes appear in order: 0, then 1, ...)."""
    running = np.maximum.accumulate(codes) if len(codes) else codes
    return np.flatnonzero(np.diff(running, prepend=-1) > 0)


def _per_value(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and distinct values of a column: the text rules run once per distinct value, not per line."""
    codes, uniques = pd.factorize(values, sort=False)
    return codes, pd.Series(uniques, dtype=values.dtype if len(uniques) == 0 else None)


def _text(values: pd.Series) -> np.ndarray:
    """Cells as text without surrounding spaces (``None`` when empty), stripped once per distinct value."""
    codes, uniques = _per_value(values)
    stripped = uniques.astype("string").str.strip()
    stripped = stripped.where(stripped != "")
    return np.append(stripped.to_numpy(dtype=object, na_value=None), None)[codes]


def _dates(raw: pd.Series, lines: np.ndarray, dayfirst: bool | None, table: str, column: str):
    """:func:`parse_order_dates` run on the distinct dates (a few thousand), spread back to the lines."""
    codes, uniques = _per_value(raw)
    first = _first_positions(codes)
    dates, serial, bad = parse_order_dates(uniques, lines=lines[first], dayfirst=dayfirst, table=table, column=column)
    nat = np.array(["NaT"], dtype="datetime64[ns]")
    return np.append(dates, nat)[codes], np.append(serial, False)[codes], np.append(bad, False)[codes]


class _Steps:
    """The lines still kept, and the record of each step that dropped or changed some."""

    def __init__(self, raw: pd.DataFrame, lines: np.ndarray, report: LoadReport, amounts: np.ndarray) -> None:
        self.raw, self.lines, self.report, self.amounts = raw, lines, report, amounts
        self.kept = np.ones(len(raw), dtype=bool)

    def record(self, mask: np.ndarray, reason: str, action: str = "dropped", **fields: object) -> int:
        """Record the lines of ``mask`` still kept under ``reason`` (English, marked ``N_``; ``{fields}`` filled in)."""
        mask = np.asarray(mask, dtype=bool) & self.kept
        count = int(mask.sum())
        if count:
            where = np.flatnonzero(mask)[:_EXAMPLES]
            examples = self.raw.iloc[where].set_axis(pd.Index(self.lines[where], name="line"))
            total = float(np.nansum(self.amounts[mask])) if action != "kept" else float("nan")
            step = LoadStep(reason.format(**fields), action, count, total, examples, template=reason, fields=fields)
            self.report.steps.append(step)
            if action == "dropped":
                self.kept &= ~mask
        return count


def _check_status(raw: pd.DataFrame, steps: _Steps, path: Path, column: str) -> None:
    done, cancelled, returned, unknown = status_kinds(raw["status"])
    if unknown:
        bad = ~(done | cancelled | returned) & steps.kept
        where = np.flatnonzero(bad)[:5]
        shown = row_list(((steps.lines[i], raw["status"].iloc[i]) for i in where), word="line")
        raise CourseInputError(
            _(
                "{file}, column {column!r} (status): {count:,} lines have a status that is neither "
                "completed, cancelled nor returned: {values} ({lines}). Change them in a "
                "copy of the file to a known word (completed/已完成, cancelled/已取消, returned/退货), or leave "
                "status out of the mapping if every line is a purchase."
            ).format(
                file=path.name,
                column=column,
                count=int(bad.sum()),
                values=listing(map(repr, unknown[:10])),
                lines=shown,
            )
        )
    values = pd.Series(_text(raw["status"]))
    reasons = ((cancelled, N_("cancelled (status {words})")), (returned, N_("returned (status {words})")))
    for mask, reason in reasons:
        words = sorted(set(values[mask & steps.kept].head(1000).dropna()))
        steps.record(mask, reason, words=", ".join(words[:3]) + (", …" if len(words) > 3 else ""))


def _check_unreadable(
    raw: pd.DataFrame, steps: _Steps, masks: dict[str, np.ndarray], path: Path, columns: dict[str, str]
) -> None:
    """Drop lines with no customer id or an unreadable date/amount, or stop when they are too many."""
    limit = max(_UNREADABLE_LIMIT[0] * len(steps.kept), _UNREADABLE_LIMIT[1])
    together = np.zeros(len(steps.kept), dtype=bool)
    for mask in masks.values():
        together |= mask & steps.kept
    if together.sum() > limit:
        role = max(masks, key=lambda r: int((masks[r] & steps.kept).sum()))
        column = columns[role]
        where = np.flatnonzero(masks[role] & steps.kept)[:5]
        shown = row_list(((steps.lines[i], raw[role].iloc[i]) for i in where), word="line")
        raise CourseInputError(
            _(
                "{file}: {count:,} of {total:,} lines cannot be read, more than 1 %; "
                "most in column {column!r} ({role}): {lines}. Check that the mapping names the right column and "
                "the format (decimal=',' for 1 234,50; dayfirst for 05/01/2024)."
            ).format(
                file=path.name, count=int(together.sum()), total=len(together), column=column, role=role, lines=shown
            )
        )
    labels = {
        "customer": N_("no customer id"),
        "date": N_("date unreadable or empty"),
        "amount": N_("amount unreadable or empty"),
        "margin": N_("margin unreadable"),
    }
    for role, mask in masks.items():
        steps.record(mask, labels[role])


def _net_returns(frame: dict[str, np.ndarray], steps: _Steps, has_order: bool) -> None:
    amount = frame["amount"]
    negative = (amount < 0) & steps.kept
    if not negative.any():
        return
    if not has_order:
        steps.record(negative, N_("return (negative amount) without an order id to net it against: dropped"))
        return
    alive = np.flatnonzero(steps.kept)
    keys = pd.MultiIndex.from_arrays([frame["customer_id"][alive], frame["order_id"][alive]])
    codes = pd.factorize(keys)[0]
    values = amount[alive]
    net = np.bincount(codes, weights=values)
    gross = np.bincount(codes, weights=np.where(values > 0, values, 0.0))
    returned = np.bincount(codes, weights=(values < 0).astype(float)) > 0  # orders with a return line
    whole = np.zeros(len(amount), dtype=bool)
    whole[alive] = returned[codes] & (net[codes] <= 0)
    orphan = np.zeros(len(amount), dtype=bool)
    orphan[alive] = returned[codes] & (gross[codes] == 0)
    steps.record(orphan, N_("return whose order is not in the file (bought before the export starts)"))
    steps.record(whole & (amount > 0), N_("order returned in full (its net amount is zero or less)"))
    steps.record(whole & (amount <= 0), N_("return line of an order returned in full"))
    partly = np.flatnonzero(negative & steps.kept)
    if len(partly):
        factor = np.ones(len(amount))
        factor[alive] = np.where(gross[codes] > 0, net[codes] / np.where(gross[codes] > 0, gross[codes], 1), 1.0)
        scaled = (factor < 1) & (amount > 0) & steps.kept
        steps.record(scaled, N_("line reduced by a return on its order (scaled by net / gross)"), action="changed")
        steps.record(negative, N_("return line netted against its order"))
        for role in ("amount", "margin"):
            if role in frame:
                frame[role] = np.where(scaled, frame[role] * factor, frame[role])


def read_orders(
    path: str | Path,
    columns: Mapping[str, str],
    *,
    sheet: str | None = None,
    decimal: str = ".",
    dayfirst: bool | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a company's order export into the course's purchase table (see the module's rules).

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.txt`` file (comma, semicolon, tab, ``|`` or space
        separated; UTF-8, UTF-8 with BOM or GB18030/GBK), an Excel ``.xlsx``
        workbook (read with openpyxl), or a ``.parquet`` file.
    columns : mapping
        Role -> the file's column name. Required: ``customer``, ``date``,
        ``amount``; optional: ``order`` (order id: enables netting returns and
        dropping duplicate lines), ``status``, ``margin`` (gross profit of the
        line: tiers by profit), ``product``.
    sheet : str, optional
        The sheet of an Excel workbook that holds the orders (required when
        it has several).
    decimal : {".", ","}, default "."
        The decimal mark of the amounts; ``","`` reads ``1 234,50``.
    dayfirst : bool, optional
        How to read ``05/01/2024``: True 5 January, False 1 May. Needed only
        when no date of the column decides it.
    encoding : str, optional
        The text file's encoding, when it is neither UTF-8 nor GB18030.

    Returns
    -------
    DataFrame
        One row per purchase line, in file order, index 0..n-1: ``customer_id``
        (text), ``order_id`` (text, when mapped), ``date`` (datetime64[ns]),
        ``amount`` (float64), ``margin`` (float64, when mapped), ``product``
        (text, when mapped). ``attrs["load_report"]`` holds the :class:`LoadReport`.

    Raises
    ------
    CourseInputError
        When the file is missing or unreadable, a mapped column is not in the
        file (the message lists those that are), a status is unknown, dates
        are ambiguous, amounts use a decimal comma without ``decimal=","``,
        more than 1 % of the lines are unreadable, or nothing is left.
    """
    path = Path(path)
    columns = _check_mapping(columns)
    if decimal not in (".", ","):
        raise CourseInputError(_("decimal={decimal!r}: the decimal mark is '.' or ','.").format(decimal=decimal))
    if not path.is_file():
        raise CourseInputError(
            _("{path}: no such file. Give the path of the exported orders (CSV, .xlsx or Parquet).").format(path=path)
        )
    raw_all, report = _read_raw(path, sheet, encoding, decimal)
    report.columns = dict(columns)
    _require_mapped(raw_all, columns, path)
    first_line = raw_all.attrs.get("first_line", 2)  # line 1 is the header (in Excel: below any blank rows)
    lines = np.arange(len(raw_all), dtype="int64") + first_line
    raw = raw_all[[columns[role] for role in columns]].set_axis(list(columns), axis=1).reset_index(drop=True)

    amounts, amount_cleaned, amount_bad, comma = parse_amounts(raw["amount"], decimal=decimal)
    steps = _Steps(raw.set_axis([columns[r] for r in columns], axis=1), lines, report, amounts)
    empty = raw.isna().all(axis=1).to_numpy()
    steps.record(empty, N_("empty line"))
    if "status" in columns:
        _check_status(raw, steps, path, columns["status"])
    if "order" in columns:
        steps.record(raw_all.duplicated(keep="first").to_numpy(), N_("the same line exported twice (identical lines)"))
    else:
        twins = raw.duplicated(keep="first").to_numpy()
        steps.record(twins, N_("identical lines kept: without an order id they may be two purchases"), action="kept")

    if (comma & steps.kept).any():
        where = np.flatnonzero(comma & steps.kept)[:5]
        shown = row_list(((lines[i], raw["amount"].iloc[i]) for i in where), word="line")
        raise CourseInputError(
            _(
                "{file}, column {column!r} (amount): {lines} use a decimal comma. "
                "Say so: decimal=',' (on the command line: --decimal ,)."
            ).format(file=path.name, column=columns["amount"], lines=shown)
        )
    frame: dict[str, np.ndarray] = {}
    frame["customer_id"] = _text(raw["customer"])
    no_customer = pd.isna(frame["customer_id"])
    if "order" in columns:
        frame["order_id"] = _text(raw["order"])
    dates, serial, date_bad = _dates(raw["date"], lines, dayfirst, path.name, columns["date"])
    frame["date"] = dates
    frame["amount"] = amounts
    unreadable = {"customer": no_customer, "date": date_bad | np.isnat(dates), "amount": amount_bad | np.isnan(amounts)}
    if "margin" in columns:
        margins, _margin_cleaned, margin_bad, margin_comma = parse_amounts(raw["margin"], decimal=decimal)
        frame["margin"] = margins
        unreadable["margin"] = (margin_bad | margin_comma) & ~np.isnan(amounts)
        frame["margin"] = np.where(np.isnan(margins), 0.0, margins)  # an empty margin cell is no profit
    if "product" in columns:
        frame["product"] = _text(raw["product"])
    _check_unreadable(raw, steps, unreadable, path, columns)
    _net_returns(frame, steps, "order" in columns)
    # recorded last, so that they count only the lines kept
    cleaned = N_("amount read after removing a currency sign or thousands separator")
    steps.record(amount_cleaned, cleaned, action="changed")
    steps.record(serial, N_("Excel serial date turned to a day"), action="changed")

    kept = steps.kept
    if not kept.any():
        raise CourseInputError(
            _("{file}: no purchase left after the rules ({steps}).").format(
                file=path.name, steps=report.steps_table().to_dict()
            )
        )
    out = pd.DataFrame({name: values[kept] for name, values in frame.items()})
    for name in ("customer_id", "order_id", "product"):
        if name in out:
            out[name] = out[name].astype("str")
    out["date"] = out["date"].astype("datetime64[ns]")
    report.rows_kept = int(kept.sum())
    out.attrs["load_report"] = report
    return out
