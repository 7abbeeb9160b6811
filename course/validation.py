"""Input validation shared by every ``course`` function.

Every public function checks its inputs here, at the boundary, so that a
mistake in a trainee's data ends in one clear message that names the table,
the column, the offending rows and the fix -- never in a bare ``KeyError``
deep inside pandas, and never in a silently wrong answer.

All checks raise :class:`CourseInputError`, a subclass of ``ValueError``.

Examples
--------
>>> import pandas as pd
>>> from course.validation import require_columns
>>> orders = pd.DataFrame({"customer_id": ["C1"], "amout": [10.0]})
>>> require_columns(orders, ["customer_id", "amount"], table="orders")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
course.validation.CourseInputError: table 'orders': column 'amount' not found; available columns: 'customer_id',
'amout'. Rename the column or pass its name as a parameter (did you mean 'amout'?).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from course.i18n import N_, language, using
from course.i18n import gettext as _

__all__ = [
    "CourseInputError",
    "require_frame",
    "require_columns",
    "require_not_empty",
    "parse_dates",
    "CourseDataWarning",
    "AsofWarning",
    "after_asof",
    "warn_after_asof",
    "translate_asof_message",
    "parse_date_parameter",
    "parse_numbers",
    "require_no_missing",
    "require_unique",
    "require_known_keys",
    "describe_rows",
    "require_number",
    "listing",
    "row_list",
]

#: How many offending rows an error message lists before it summarises.
MAX_ROWS_SHOWN = 5

#: The problems :func:`describe_rows` names most often (one row, several rows), marked for the catalogue.
NOT_A_DATE = (N_("is not a valid date"), N_("are not valid dates"))
NOT_A_NUMBER = (N_("is not a number"), N_("are not numbers"))
IS_EMPTY = (N_("is empty"), N_("are empty"))
NOT_WHOLE = (N_("is not a whole number"), N_("are not whole numbers"))
#: The note :func:`course.purchases.resolve_asof` adds to a bad ``asof`` (``purchases._ASOF_NOTE``), as
#: :func:`parse_date_parameter` looks it up in the catalogue: after the space that joins it to the sentence.
ASOF_NOTE = N_(" (format YYYY-MM-DD), or leave it out to use the day after the last order")


class CourseInputError(ValueError):
    """Raised when the data given to a ``course`` function cannot be used."""


def listing(items: Iterable[str]) -> str:
    """``items`` joined as a list in a message: ``'a', 'b'`` (in Chinese with the enumeration comma, ``'a'、'b'``).

    Examples
    --------
    >>> listing(["'customer_id'", "'amount'"])
    "'customer_id', 'amount'"
    """
    return _(", ").join(items)


def row_list(
    values: Iterable[tuple[object, object]], *, word: str = "row", show: Callable[[object], str] = repr
) -> str:
    """Rows named with their value, ``row 1 ('a'), row 2 ('b')``: ``word`` is ``"row"`` or ``"line"`` (of a file).

    ``show`` writes a value (``repr``: text in quotes; ``str`` for a day).

    Examples
    --------
    >>> row_list([(1, "a"), (2, "b")])
    "row 1 ('a'), row 2 ('b')"
    >>> row_list([(7, "2099-01-01")], word="line", show=str)
    'line 7 (2099-01-01)'
    """
    template = _("line {label} ({value})") if word == "line" else _("row {label} ({value})")
    return listing(template.format(label=label, value=show(value)) for label, value in values)


def describe_rows(
    frame: pd.DataFrame, mask: pd.Series, column: str, problem: tuple[str, str], *, translated: bool = False
) -> str:
    """Describe the rows selected by ``mask``, e.g. ``2 rows are empty: row 1 ('a'), row 2 ('b')``.

    Rows are named by their index label, so a trainee can find them with
    ``frame.loc[label]``. ``problem`` gives the verb phrase for one row and
    for several, in English: they are translated here, so a caller marks them
    with ``N_`` (the phrases of :mod:`course.validation` are in the catalogue).
    A phrase the catalogue lacks keeps the whole description English, rather
    than a Chinese frame around English words. ``translated``: the caller has
    already translated ``problem`` (a phrase with a value in it).

    Examples
    --------
    >>> df = pd.DataFrame({"x": ["1", "a", "b"]})
    >>> describe_rows(df, df["x"].isin(["a", "b"]), "x", ("is odd", "are odd"))
    "2 rows are odd: row 1 ('a'), row 2 ('b')"
    """
    if not translated:
        problem = (_(problem[0]), _(problem[1]))
        if language() != "en" and problem[0].isascii():  # not in the catalogue: the English description, whole
            with using("en"):
                return describe_rows(frame, mask, column, problem, translated=True)
    bad = frame.loc[mask, column]
    shown = row_list(bad.head(MAX_ROWS_SHOWN).items())
    more = _(" and {count} more").format(count=len(bad) - MAX_ROWS_SHOWN) if len(bad) > MAX_ROWS_SHOWN else ""
    if len(bad) == 1:
        return _("1 row {problem}: {shown}").format(problem=problem[0], shown=shown)
    return _("{count} rows {problem}: {shown}{more}").format(count=len(bad), problem=problem[1], shown=shown, more=more)


def _unparsed(values: pd.Series, parsed: pd.Series) -> pd.Series:
    """Rows whose value failed to parse although it was not blank."""
    failed = parsed.isna() & values.notna()
    if failed.any():  # strip only the few failures, not millions of good cells
        failed[failed] = values[failed].astype("string").str.strip() != ""
    return failed


def require_frame(obj: object, *, table: str) -> pd.DataFrame:
    """Return ``obj`` if it is a DataFrame, else raise a clear error."""
    if not isinstance(obj, pd.DataFrame):
        raise CourseInputError(
            _(
                "table '{table}' must be a pandas DataFrame, got {kind}. "
                "Load it with pandas (e.g. pd.read_csv) or course.data first."
            ).format(table=table, kind=type(obj).__name__)
        )
    return obj


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, table: str) -> None:
    """Raise unless every name in ``columns`` is a column of ``frame``.

    The message lists the available columns and suggests the closest match,
    because a misspelt or differently named column is the commonest mistake.
    """
    require_frame(frame, table=table)
    available = [str(c) for c in frame.columns]
    for column in columns:
        if column not in frame.columns:
            close = difflib.get_close_matches(str(column), available, n=1)
            hint = _(" (did you mean {match!r}?)").format(match=close[0]) if close else ""
            listed = listing(repr(c) for c in available) or _("none")
            raise CourseInputError(
                _(
                    "table '{table}': column {column!r} not found; available columns: {listed}. "
                    "Rename the column or pass its name as a parameter{hint}."
                ).format(table=table, column=column, listed=listed, hint=hint)
            )


def require_not_empty(frame: pd.DataFrame, *, table: str) -> None:
    """Raise if ``frame`` has no rows."""
    require_frame(frame, table=table)
    if len(frame) == 0:
        raise CourseInputError(
            _(
                "table '{table}' is empty (0 rows). Check the file you loaded or the filter applied before this call."
            ).format(table=table)
        )


class CourseDataWarning(UserWarning):
    """Data that loads but looks wrong (orders dated in the future, a file read in a legacy encoding)."""


class AsofWarning(UserWarning):
    """Rows dated after the as-of date were left out of an analysis (the as-of cut, 截止日期).

    Leaving them out is what "as of" means, so a caller that cuts on purpose
    silences this category -- and only it::

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AsofWarning)
            ...

    Every "rows after as-of" message of the course is one of these, emitted by
    :func:`warn_after_asof`. A message that also reports rows left out for
    another reason (amounts <= 0, customers without history) is a plain
    ``UserWarning`` instead, so that silencing the cut never hides that reason.
    """


def after_asof(count: int, asof: object, rows: str = "rows") -> str:
    """The phrase every as-of message shares: ``'1,234 rows dated after asof 2025-12-31'``.

    ``rows`` names what was counted (``"purchase rows"``, ``"transaction row(s)"``; empty for a bare count);
    ``asof`` is a date (its day is printed) or a day already written out.

    Examples
    --------
    >>> after_asof(1234, pd.Timestamp("2025-12-31"), "purchase rows")
    '1,234 purchase rows dated after asof 2025-12-31'
    >>> after_asof(1, "2025-12-31", "")
    '1 dated after asof 2025-12-31'
    """
    day = asof.date() if isinstance(asof, pd.Timestamp) else asof
    return f"{count:,}{' ' + rows if rows else ''} dated after asof {day}"


def warn_after_asof(message: str, *, other_reasons: bool = False, stacklevel: int = 2) -> None:
    """Emit ``message`` (it says how many rows after the as-of date were left out) as one :class:`AsofWarning`.

    The message is written in English; in a Chinese lesson it is emitted in Chinese
    (:func:`translate_asof_message`).

    Parameters
    ----------
    message : str
        The whole sentence, built around :func:`after_asof`.
    other_reasons : bool, default False
        True when the same message also reports rows left out for another
        reason: it is then a plain ``UserWarning`` (see :class:`AsofWarning`).
    stacklevel : int, default 2
        As for :func:`warnings.warn`, counted from the caller of this function
        (2: the line that called the caller).

    Examples
    --------
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_after_asof(f"rfm_table dropped 3 of 9 rows: {after_asof(3, '2025-12-31', '')}.")
    >>> [(w.category.__name__, str(w.message)) for w in caught]
    [('AsofWarning', 'rfm_table dropped 3 of 9 rows: 3 dated after asof 2025-12-31.')]
    """
    category = UserWarning if other_reasons else AsofWarning
    warnings.warn(translate_asof_message(message), category, stacklevel=stacklevel + 1)


# The as-of messages are written in English by the analyses, around after_asof(); warn_after_asof translates a
# finished message by its shape: each {field} is read back from the English, a {clauses} field is a list (joined
# with " and " or "; ") of clauses, a {phrase} field one of the after_asof phrases, a {rows} field a word below.
_ASOF_SENTENCES = (
    N_("{caller} dropped {dropped} of {total} rows: {clauses}."),
    N_("{caller}: ignored {phrase} ({detail})."),
    N_("{caller}: ignored {phrase}."),
    N_("{clauses}."),
)
_ASOF_CLAUSES = (
    N_("{phrase} were left out"),
    N_("{count} customer(s) whose first purchase comes after calibration_end {day} were left out"),
    N_("{count} with {column} <= 0 (returns, refunds or free items)"),
)
_ASOF_PHRASES = (N_("{count} {rows} dated after asof {day}"), N_("{count} dated after asof {day}"))
_ASOF_ROWS = (N_("purchase rows"), N_("transaction row(s)"), N_("rows"))
_FIELD_PATTERNS = {"count": r"\d[\d,]*", "dropped": r"\d[\d,]*", "total": r"\d[\d,]*", "day": r"\d{4}-\d{2}-\d{2}"}


def _shape(template: str) -> re.Pattern[str]:
    """The regular expression that reads a message of ``template``'s shape back into its fields."""
    pieces = re.split(r"{(\w+)}", template)
    pattern = "".join(
        re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>{_FIELD_PATTERNS.get(piece, '.+?')})"
        for i, piece in enumerate(pieces)
    )
    return re.compile(pattern, re.DOTALL)


def _by_shape(text: str, templates: Sequence[str]) -> str | None:
    """``text`` in the current language, read by the first of ``templates`` whose shape it has; else ``None``."""
    for template in templates:
        found = _shape(template).fullmatch(text)
        if found is None:
            continue
        fields = {}
        for name, value in found.groupdict().items():
            if name == "clauses":
                parts = re.split(r" and |; ", value)
                translated = [_by_shape(part, _ASOF_CLAUSES + _ASOF_PHRASES) for part in parts]
                fields[name] = None if None in translated else _("; ").join(translated)
            elif name == "phrase":
                fields[name] = _by_shape(value, _ASOF_PHRASES)
            elif name == "rows":
                fields[name] = _(value) if value in _ASOF_ROWS else None
            else:
                fields[name] = value
        if None not in fields.values():
            return _(template).format(**fields)
    return None


def translate_asof_message(message: str) -> str:
    """An as-of message (see :func:`warn_after_asof`) in the current language; English, or unknown shapes, as given.

    The analyses write their as-of messages in English around :func:`after_asof`; the message is read back
    into its fields by its shape, and the shape is translated from the package catalogue.

    Examples
    --------
    >>> from course.i18n import using
    >>> message = f"rfm_table dropped 3 of 9 rows: {after_asof(3, '2025-12-31', '')}."
    >>> translate_asof_message(message) == message
    True
    >>> with using("zh"):
    ...     print(translate_asof_message(message))
    rfm_table 去掉了 9 行中的 3 行：3 行（日期晚于分析基准日 2025-12-31）。
    """
    if language() == "en":
        return message
    return _by_shape(message, _ASOF_SENTENCES) or message


_YEAR_FIRST = r"^(?P<y>\d{4})[-/.年](?P<a>\d{1,2})[-/.月](?P<b>\d{1,2})日?(?P<rest>(?:[ T].*)?)$"
_YEAR_LAST = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})(?P<rest>(?:[ T].*)?)$"
_SHORT_YEAR = r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?:[ T].*)?$"


def _iso(parts: pd.DataFrame, month: str, day: str) -> pd.Series:
    return parts["y"] + "-" + parts[month].str.zfill(2) + "-" + parts[day].str.zfill(2) + parts["rest"].fillna("")


def _day_month_order(frame: pd.DataFrame, column: str, table: str, parts: pd.DataFrame, dayfirst: bool | None) -> bool:
    """Whether the dd/mm-or-mm/dd dates of a column are day first: ONE rule for the whole column, or an error."""
    a, b = parts["a"].astype(int), parts["b"].astype(int)
    # 13/01/2023 can only be day first, 01/13/2023 only month first; 31/31/2024 is no date at all (named later)
    must_day, must_month = (a > 12) & (b <= 12), (b > 12) & (a <= 12)

    def shown(mask: pd.Series) -> str:
        picked = frame[column].iloc[parts.index[mask.to_numpy()]]  # positions; the rows keep their labels
        return row_list(picked.head(MAX_ROWS_SHOWN).items())

    fix = _(
        "Save the dates as YYYY-MM-DD, or say how to read them: "
        "dayfirst=True (dd.mm.yyyy) or dayfirst=False (mm/dd/yyyy)."
    )
    if must_day.any() and must_month.any():
        raise CourseInputError(
            _(
                "table '{table}', column '{column}': the column mixes two conventions: day first in {day_rows}, "
                "month first in {month_rows}. Fix those rows in the file. {fix}"
            ).format(table=table, column=column, day_rows=shown(must_day), month_rows=shown(must_month), fix=fix)
        )
    if dayfirst is not None:
        against = must_month if dayfirst else must_day
        if against.any():
            rule = _("day first") if dayfirst else _("month first")
            raise CourseInputError(
                _(
                    "table '{table}', column '{column}': dayfirst={dayfirst} reads the dates {rule}, "
                    "but {rows} cannot be read so. {fix}"
                ).format(table=table, column=column, dayfirst=dayfirst, rule=rule, rows=shown(against), fix=fix)
            )
        return dayfirst
    if must_day.any() or must_month.any():
        return bool(must_day.any())
    ambiguous = (a <= 12) & (b <= 12) & (a != b)  # 05/05/2023 reads the same either way
    if not ambiguous.any():
        return True  # nothing to decide; dates that are none (31/31/2024) are named by the caller
    raise CourseInputError(
        _(
            "table '{table}', column '{column}': dates like {rows} can be read day first or month first "
            "(05.01.2023 is 5 January or 1 May) and no row of the column decides. {fix}"
        ).format(table=table, column=column, rows=shown(ambiguous), fix=fix)
    )


def parse_dates(
    frame: pd.DataFrame, column: str, *, table: str, allow_missing: bool = False, dayfirst: bool | None = None
) -> pd.Series:
    """Return ``frame[column]`` as ``datetime64``, naming any unparsable value.

    Text dates are read as ISO (``2024-01-31``, also ``2024/01/31`` and
    ``2024年1月31日``), with month names (``31 Jan 2024``), or as
    ``dd.mm.yyyy`` / ``mm/dd/yyyy``. Those last are read with **one rule for
    the whole column**: day first when a row has a first number above 12,
    month first when a row has a second number above 12; a column that mixes
    both, or in which no row decides, is an error naming the rows and the fix
    -- never a silent swap -- unless ``dayfirst`` says how to read it.

    Parameters
    ----------
    frame : DataFrame
    column : str
    table : str
        Name used in error messages.
    allow_missing : bool, default False
        Whether empty cells are allowed (they become ``NaT``).
    dayfirst : bool, optional
        How to read ``05.01.2023``: ``True`` 5 January, ``False`` 1 May;
        by default only a column whose rows decide it is accepted.

    Examples
    --------
    >>> df = pd.DataFrame({"day": ["2024-01-31", "2024-02-30"]})
    >>> parse_dates(df, "day", table="orders")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: table 'orders', column 'day': 1 row is not a valid date: row 1 ('2024-02-30').
    Use the format YYYY-MM-DD.
    >>> parse_dates(pd.DataFrame({"day": ["13/01/2023", "05/01/2023"]}), "day", table="orders").dt.day.tolist()
    [13, 5]
    """
    require_columns(frame, [column], table=table)
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        textual = values.dtype == object or pd.api.types.is_string_dtype(values)
        if textual:
            parsed = _parse_text_dates(frame, column, table, dayfirst)
        else:
            parsed = pd.to_datetime(values, errors="coerce")
        bad = _unparsed(values, parsed)
        if bad.any():
            detail = describe_rows(frame, bad, column, NOT_A_DATE)
            raise CourseInputError(
                _("table '{table}', column '{column}': {detail}. Use the format YYYY-MM-DD.").format(
                    table=table, column=column, detail=detail
                )
            )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    if not allow_missing:
        require_no_missing(frame.assign(**{column: parsed}), column, table=table)
    return parsed.astype("datetime64[ns]")


def _parse_text_dates(frame: pd.DataFrame, column: str, table: str, dayfirst: bool | None) -> pd.Series:
    text = frame[column].astype("string").str.strip().reset_index(drop=True)
    iso = text.copy()
    year_first = text.str.extract(_YEAR_FIRST)
    found = year_first["y"].notna()
    iso[found] = _iso(year_first[found], "a", "b")
    year_last = text.str.extract(_YEAR_LAST)
    numeric = year_last["y"].notna() & ~found
    if numeric.any():
        parts = year_last[numeric]
        day_first = _day_month_order(frame, column, table, parts, dayfirst)
        iso[numeric] = _iso(parts, "b", "a") if day_first else _iso(parts, "a", "b")
    parsed = pd.to_datetime(iso, format="ISO8601", errors="coerce")
    rest = parsed.isna() & iso.notna() & (iso != "") & ~text.str.match(_SHORT_YEAR).fillna(False)
    rest &= text.str.contains(r"[A-Za-z]", regex=True).fillna(False)  # month names; bare numbers were decided above
    if rest.any():
        parsed[rest] = pd.to_datetime(iso[rest], format="mixed", errors="coerce")
    parsed.index = frame.index
    return parsed


def parse_date_parameter(value: object, *, name: str, example: str = "2025-12-31", note: str = "") -> pd.Timestamp:
    """Parse one date given as a parameter (``asof``, ``cutoff``…) into a day, or raise a clear error.

    The time of day and any time zone are dropped: the course's data are
    recorded by day.

    Examples
    --------
    >>> parse_date_parameter("2025-12-31 15:30", name="asof")
    Timestamp('2025-12-31 00:00:00')
    >>> parse_date_parameter("yesterday", name="asof")
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: asof='yesterday' is not a valid date. Pass a date such as '2025-12-31'.
    """
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        # the note is written by the caller, in English: translated here, with the space that joins it, when the
        # catalogue has it (a Chinese sentence joins it without a space)
        joined = " " + note
        note = _(joined) if note else ""
        raise CourseInputError(
            _("{name}={value!r} is not a valid date. Pass a date such as '{example}'{note}.").format(
                name=name, value=value, example=example, note=note
            )
        )
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize().as_unit("ns")


def parse_numbers(frame: pd.DataFrame, column: str, *, table: str, allow_missing: bool = False) -> pd.Series:
    """Return ``frame[column]`` as floats, naming any non-numeric value.

    Examples
    --------
    >>> df = pd.DataFrame({"amount": ["10.5", "ten"]})
    >>> parse_numbers(df, "amount", table="orders")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: table 'orders', column 'amount': 1 row is not a number: row 1 ('ten').
    Remove currency signs and thousands separators, or fix the value.
    """
    require_columns(frame, [column], table=table)
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        raise CourseInputError(
            _("table '{table}', column '{column}' holds True/False values, not numbers.").format(
                table=table, column=column
            )
        )
    if pd.api.types.is_numeric_dtype(values):
        parsed = values.astype("float64")
    else:
        parsed = pd.to_numeric(values, errors="coerce").astype("float64")
        bad = _unparsed(values, parsed)
        if bad.any():
            detail = describe_rows(frame, bad, column, NOT_A_NUMBER)
            raise CourseInputError(
                _(
                    "table '{table}', column '{column}': {detail}. "
                    "Remove currency signs and thousands separators, or fix the value."
                ).format(table=table, column=column, detail=detail)
            )
    if not allow_missing:
        require_no_missing(frame.assign(**{column: parsed}), column, table=table)
    return parsed


def require_no_missing(frame: pd.DataFrame, column: str, *, table: str) -> None:
    """Raise if ``frame[column]`` has empty cells, naming the rows."""
    require_columns(frame, [column], table=table)
    missing = frame[column].isna()
    if missing.all() and len(frame):
        raise CourseInputError(
            _(
                "table '{table}', column '{column}' is empty in every row. Check that the right column was named."
            ).format(table=table, column=column)
        )
    if missing.any():
        detail = describe_rows(frame, missing, column, IS_EMPTY)
        raise CourseInputError(
            _("table '{table}', column '{column}': {detail}. Fill them in or drop those rows first.").format(
                table=table, column=column, detail=detail
            )
        )


def require_unique(frame: pd.DataFrame, columns: str | Sequence[str], *, table: str) -> None:
    """Raise if the key ``columns`` repeats, naming the duplicated rows."""
    key = [columns] if isinstance(columns, str) else list(columns)
    require_columns(frame, key, table=table)
    duplicated = frame.duplicated(subset=key, keep=False)
    if duplicated.any():
        label = key[0] if len(key) == 1 else " + ".join(key)
        shown = (
            frame.loc[duplicated, key[0]]
            if len(key) == 1
            else frame.loc[duplicated, key].astype(str).agg("/".join, axis=1)
        )
        detail = describe_rows(frame.assign(_key=shown), duplicated, "_key", (N_("repeats a key"), N_("repeat keys")))
        raise CourseInputError(
            _(
                "table '{table}': key '{key}' must be unique but {detail}. "
                "Remove the duplicate rows (e.g. with drop_duplicates) or fix the ids."
            ).format(table=table, key=label, detail=detail)
        )


def require_known_keys(
    frame: pd.DataFrame,
    column: str,
    known: pd.Series | pd.Index,
    *,
    table: str,
    parent_table: str,
) -> None:
    """Raise if ``frame[column]`` holds ids that are not in ``known``.

    Used for foreign keys, e.g. every order's ``customer_id`` must be a
    customer.
    """
    require_columns(frame, [column], table=table)
    unknown = frame[column].notna() & ~frame[column].isin(pd.Index(known))
    if unknown.any():
        problem = (
            _("refers to an id missing from '{parent}'").format(parent=parent_table),
            _("refer to ids missing from '{parent}'").format(parent=parent_table),
        )
        detail = describe_rows(frame, unknown, column, problem, translated=True)
        raise CourseInputError(
            _("table '{table}', column '{column}': {detail}. Add those ids to '{parent}' or remove the rows.").format(
                table=table, column=column, detail=detail, parent=parent_table
            )
        )


def require_number(value: object, *, name: str, minimum: float | None = None) -> float:
    """Return a number parameter (a threshold, a minimum) as a float, or raise naming it.

    Examples
    --------
    >>> require_number(7, name="min_nps", minimum=0)
    7.0
    >>> require_number(-1, name="min_orders", minimum=0)
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: min_orders must be a number >= 0, got -1.
    """
    import numpy as np

    is_number = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if not is_number or not np.isfinite(value) or (minimum is not None and value < minimum):
        bound = f" >= {minimum:g}" if minimum is not None else ""
        raise CourseInputError(
            _("{name} must be a number{bound}, got {value!r}.").format(name=name, bound=bound, value=value)
        )
    return float(value)
