"""Read one sheet of an Excel ``.xlsx`` workbook as text, with the standard library only.

An ``.xlsx`` file is a zip archive of XML parts: ``xl/workbook.xml`` names the
sheets, ``xl/sharedStrings.xml`` holds the text cells, ``xl/worksheets/*.xml``
the cells themselves. Reading them directly keeps the course free of an Excel
library and reads every cell as the text Excel stored: a number as its digits
(a date is its serial number, e.g. ``45292`` for 2024-01-01, which the order
loader converts), a text cell as typed -- so an id typed as ``00123`` keeps
its zeros.

Examples
--------
>>> column_number("A"), column_number("AB")
(0, 27)
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from course.validation import CourseInputError

__all__ = ["sheet_names", "read_sheet", "column_number"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def column_number(reference: str) -> int:
    """The 0-based column of a cell reference's letters (``"B"`` or ``"B7"`` -> 1)."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + (ord(char.upper()) - ord("A") + 1)
    return number - 1


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CourseInputError(
            f"{path.name}: not an Excel .xlsx workbook (an old .xls file or a renamed CSV?). "
            "Open it in Excel or WPS and save it as 'Excel Workbook (*.xlsx)' or as 'CSV UTF-8'."
        ) from None


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the archive, in workbook order."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def sheet_names(path: str | Path) -> list[str]:
    """The names of the sheets of an ``.xlsx`` workbook, in workbook order."""
    with _open(Path(path)) as archive:
        return list(_sheets(archive))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    # a rich-text string is split into runs: its text is all the <t> of the item, in order
    return ["".join(t.text or "" for t in item.iter(f"{_MAIN}t")) for item in root.iter(f"{_MAIN}si")]


def read_sheet(path: str | Path, sheet: str | None = None) -> tuple[str, list[list[str | None]]]:
    """The name and the rows of one sheet, each row a list of cell texts (``None`` for an empty cell).

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file.
    sheet : str, optional
        The sheet's name; required when the workbook has more than one sheet.

    Raises
    ------
    CourseInputError
        When the file is no ``.xlsx`` workbook, ``sheet`` is not one of its
        sheets, or no sheet is named and there are several (the message lists them).
    """
    path = Path(path)
    with _open(path) as archive:
        parts = _sheets(archive)
        listed = ", ".join(repr(name) for name in parts)
        if sheet is None:
            if len(parts) != 1:
                raise CourseInputError(
                    f"{path.name} has {len(parts)} sheets: {listed}. Say which one holds the orders: "
                    "sheet='<name>' (on the command line: --sheet <name>)."
                )
            sheet = next(iter(parts))
        if sheet not in parts:
            raise CourseInputError(f"{path.name}: no sheet named {sheet!r}; its sheets are {listed}.")
        strings = _shared_strings(archive)
        rows: list[list[str | None]] = []
        with archive.open(parts[sheet]) as handle:
            for _, element in ElementTree.iterparse(handle):
                if element.tag != f"{_MAIN}row":
                    continue
                cells: dict[int, str | None] = {}
                for position, cell in enumerate(element.iter(f"{_MAIN}c")):
                    reference = cell.get("r")
                    column = column_number(reference) if reference else position
                    kind = cell.get("t", "n")
                    value = cell.find(f"{_MAIN}v")
                    if kind == "inlineStr":
                        text = "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
                    elif value is None or value.text is None:
                        text = None
                    elif kind == "s":
                        text = strings[int(value.text)]
                    else:
                        text = value.text
                    cells[column] = text
                row_number = int(element.get("r", len(rows) + 1))
                while len(rows) < row_number - 1:  # empty rows Excel did not write
                    rows.append([])
                rows.append([cells.get(i) for i in range(max(cells, default=-1) + 1)])
                element.clear()
    return sheet, rows
