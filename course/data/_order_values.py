"""Amounts, dates and statuses as a company's export writes them, turned into numbers, days and purchase flags.

Helpers of :func:`course.data.read_orders`, one rule each, every one vectorised
so that ten million lines parse in seconds: values already clean take pandas'
fast parsers, and only the rest go through the slower text rules.

Examples
--------
>>> import pandas as pd
>>> values, cleaned, _, _ = parse_amounts(pd.Series(["¥1,234.50", "12", "(3.00)"]), decimal=".")
>>> values.tolist(), cleaned.tolist()
([1234.5, 12.0, -3.0], [True, False, True])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.validation import _parse_text_dates

__all__ = [
    "parse_amounts",
    "parse_order_dates",
    "status_kinds",
    "COMPLETED_WORDS",
    "CANCELLED_WORDS",
    "RETURNED_WORDS",
    "EXCEL_EPOCH",
]

#: Day 0 of Excel's serial dates (Windows, 1900 system): serial 45292 is 2024-01-01.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_RANGE = (367, 109_574)  # 1901-01-01 .. 2199-12-31: a number outside is no Excel date
_YYYYMMDD_RANGE = (19_000_101, 21_001_231)  # 8-digit dates such as 19970101 (CDNOW)
_PLAUSIBLE = (pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"))

#: Status words (lower case) of a line the customer paid for; of a cancelled line; of a returned line.
COMPLETED_WORDS = frozenset(
    [
        "completed",
        "complete",
        "done",
        "paid",
        "shipped",
        "delivered",
        "finished",
        "success",
        "successful",
        "invoiced",
        "ok",
        "已完成",
        "完成",
        "已付款",
        "已支付",
        "已发货",
        "已签收",
        "已收货",
        "交易成功",
        "成功",
        "已结算",
        "正常",
        "已开票",
    ]
)
CANCELLED_WORDS = frozenset(
    ["cancelled", "canceled", "cancel", "void", "voided", "已取消", "取消", "作废", "已作废", "交易关闭", "已关闭"]
)
RETURNED_WORDS = frozenset(["returned", "return", "refunded", "refund", "已退货", "退货", "已退款", "退款", "退货退款"])

_CURRENCY = r"(?i)[¥￥$€£]|rmb|cny|usd|eur|元"
_MINUS = {"\u2212": "-", "\uff0d": "-"}  # the minus sign and the full-width hyphen Excel and WPS write
_GROUPED_POINT = r"-?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?"  # 1,234.50 / 1 234.50
_DECIMAL_COMMA = r"-?\d{1,3}(?:[.\u00a0\u202f ']\d{3})*,\d+|-?\d+,\d{1,2}"  # 1 234,50 / 1.234,50 / 12,50
_GROUPED_COMMA = r"-?\d{1,3}(?:[.\u00a0\u202f ']\d{3})+(?:,\d+)?"  # 1.234,50 / 1 234,50 / 1'234
_PLAIN_COMMA = r"-?\d+(?:,\d+)?"


def parse_amounts(values: pd.Series, *, decimal: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Money cells as floats.

    Currency signs and codes (``¥``, ``￥``, ``$``, ``RMB``, ``元`` …) are
    removed, ``(3.00)`` is -3, the minus sign ``−`` is ``-``. With
    ``decimal="."`` a comma or space is a thousands separator in groups of
    three (``1,234.50``); with ``decimal=","`` the comma is the decimal mark
    and a point, space or apostrophe groups thousands (``1 234,50``).

    Returns
    -------
    values : ndarray of float
        NaN where a cell is empty or cannot be read.
    cleaned : ndarray of bool
        Cells read only after removing a sign or separator (changed, to report).
    unreadable : ndarray of bool
        Non-empty cells that are no amount.
    decimal_comma : ndarray of bool
        With ``decimal="."``: cells that look like a decimal comma (``12,50``),
        which the caller refuses rather than guess.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_amounts(pd.Series(["1 234,50", "7"]), decimal=",")[0].tolist()
    [1234.5, 7.0]
    >>> parse_amounts(pd.Series(["12,50"]), decimal=".")[3].tolist()
    [True]
    """
    n = len(values)
    if pd.api.types.is_bool_dtype(values):
        return np.full(n, np.nan), np.zeros(n, bool), values.notna().to_numpy(), np.zeros(n, bool)
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64").to_numpy().copy(), np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    text = values.astype("string")
    fast = pd.to_numeric(text, errors="coerce").astype("float64").to_numpy().copy()
    present = text.notna().to_numpy()
    slow = np.isnan(fast) & present
    if decimal == ",":  # 1.234 means one thousand two hundred and thirty-four here, not 1.234
        slow |= present & text.str.contains(".", regex=False).fillna(False).to_numpy()
    out = np.where(slow, np.nan, fast)
    cleaned = np.zeros(n, bool)
    unreadable = np.zeros(n, bool)
    comma = np.zeros(n, bool)
    if slow.any():
        part = text[slow].str.strip()
        for sign, plain in _MINUS.items():
            part = part.str.replace(sign, plain, regex=False)
        negative = part.str.fullmatch(r"\(.*\)").fillna(False)
        part = part.where(~negative, part.str.slice(1, -1))
        part = part.str.replace(_CURRENCY, "", regex=True).str.strip().str.replace(r"^-\s+", "-", regex=True)
        blank = part.fillna("") == ""
        if decimal == ".":
            grouped = part.str.fullmatch(_GROUPED_POINT).fillna(False)
            number = part.where(~grouped, part.str.replace(r"[,\u00a0\u202f ]", "", regex=True))
            looks_comma = part.str.fullmatch(_DECIMAL_COMMA).fillna(False) & ~grouped
        else:
            grouped = part.str.fullmatch(_GROUPED_COMMA).fillna(False)
            plain = part.str.fullmatch(_PLAIN_COMMA).fillna(False)
            number = part.where(~grouped, part.str.replace(r"[.\u00a0\u202f ']", "", regex=True))
            number = number.where(~(grouped | plain), number.str.replace(",", ".", regex=False))
            looks_comma = pd.Series(False, index=part.index)
        parsed = pd.to_numeric(number, errors="coerce").astype("float64")
        parsed = parsed.where(~negative, -parsed.abs())
        values_slow = parsed.to_numpy()
        out[slow] = values_slow
        cleaned[slow] = ~np.isnan(values_slow)
        unreadable[slow] = np.isnan(values_slow) & ~blank.to_numpy()
        comma[slow] = looks_comma.to_numpy() & np.isnan(values_slow)
    return out, cleaned, unreadable, comma


def parse_order_dates(
    values: pd.Series, *, lines: np.ndarray, dayfirst: bool | None, table: str, column: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Date cells as ``datetime64[ns]``, by one rule per kind of cell.

    - ISO dates (``2024-01-31``, with or without a time) and dates already
      typed as dates (Parquet, DuckDB);
    - eight digits ``YYYYMMDD`` (``19970101``);
    - Excel serial numbers (``45292`` is 2024-01-01; a fraction is the time
      of day), which Excel writes when a date cell is saved as a number;
    - other text (``2024/1/31``, ``2024年1月31日``, ``31.01.2024``,
      ``01/31/2024``) by :func:`course.validation.parse_dates`' rules: one
      day/month order for the whole column, and an error that names the rows
      when no row decides it and ``dayfirst`` is not given.

    Returns
    -------
    dates : ndarray of datetime64[ns]
        NaT where a cell is empty or no date.
    serial : ndarray of bool
        Cells that were Excel serial numbers (changed, to report).
    unreadable : ndarray of bool
        Non-empty cells that are no date.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> dates, serial, _ = parse_order_dates(pd.Series(["2024-01-31", "45292", "19970101"]),
    ...                                      lines=np.arange(2, 5), dayfirst=None, table="f.csv", column="d")
    >>> [str(d)[:10] for d in dates], serial.tolist()
    (['2024-01-31', '2024-01-01', '1997-01-01'], [False, True, False])
    """
    n = len(values)
    none = np.zeros(n, bool)
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
        return stamps.astype("datetime64[ns]").to_numpy(), none, none
    text = values.astype("string").str.strip()
    present = (text.notna() & (text != "")).to_numpy()
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    parsed = parsed.where((parsed >= _PLAUSIBLE[0]) & (parsed < _PLAUSIBLE[1]))
    out = parsed.astype("datetime64[ns]").to_numpy().copy()
    serial = np.zeros(n, bool)
    todo = np.isnat(out) & present
    if todo.any():
        rest = text[todo]
        number = pd.to_numeric(rest, errors="coerce")
        whole = number.notna() & (number == number.round())
        eight = whole & number.between(*_YYYYMMDD_RANGE)
        from_eight = pd.to_datetime(number[eight].astype("int64").astype("string"), format="%Y%m%d", errors="coerce")
        excel = number.notna() & ~eight & number.between(*_SERIAL_RANGE)
        from_excel = EXCEL_EPOCH + pd.to_timedelta(number[excel], unit="D")
        positions = np.flatnonzero(todo)
        got = np.full(len(rest), np.datetime64("NaT"), dtype="datetime64[ns]")
        got[eight.to_numpy()] = from_eight.astype("datetime64[ns]").to_numpy()
        got[excel.to_numpy()] = from_excel.astype("datetime64[ns]").to_numpy()
        serial[positions[excel.to_numpy()]] = True
        textual = number.isna().to_numpy()
        if textual.any():  # the course's rules for dd/mm, mm/dd and Chinese dates, with their errors
            frame = pd.DataFrame({column: rest[textual].to_numpy()}, index=pd.Index(lines[positions[textual]]))
            got[textual] = _parse_text_dates(frame, column, table, dayfirst).astype("datetime64[ns]").to_numpy()
        out[positions] = got
    unreadable = np.isnat(out) & present
    return out, serial, unreadable


def status_kinds(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Which status cells mean completed, cancelled and returned, and the distinct values that mean none.

    Words are compared in lower case without surrounding spaces, against
    :data:`COMPLETED_WORDS`, :data:`CANCELLED_WORDS` and :data:`RETURNED_WORDS`.

    Examples
    --------
    >>> import pandas as pd
    >>> done, cancelled, returned, unknown = status_kinds(pd.Series(["已完成", "Cancelled", "退货", "pending"]))
    >>> done.tolist(), cancelled.tolist(), returned.tolist(), unknown
    ([True, False, False, False], [False, True, False, False], [False, False, True, False], ['pending'])
    """
    codes, uniques = pd.factorize(values, sort=False)  # a handful of distinct statuses: the words are read once
    words = [str(u).strip().lower() for u in uniques]
    vocabularies = (COMPLETED_WORDS, CANCELLED_WORDS, RETURNED_WORDS)
    # one entry per distinct word, plus a last one (False) that code -1, an empty cell, picks
    done, cancelled, returned = (np.array([w in vocab for w in words] + [False]) for vocab in vocabularies)
    unknown = [str(uniques[i]).strip() for i in range(len(words)) if not (done[i] or cancelled[i] or returned[i])]
    if (codes < 0).any():
        unknown.append("(empty)")
    return done[codes], cancelled[codes], returned[codes], unknown
