"""The comparison helpers the answer checks share: numbers, Series, frames, one-word answers and ids.

Each helper compares a trainee's answer with the expected one and raises
:class:`~course.checks.AnswerError` with what is wrong and a hint; it returns
``None`` on a right answer (printing the confirmation is the question's job).
Inside a registered question (:func:`course.checks.question`) a helper takes
the question number and the answer's name from the question itself; called on
its own it needs ``name=`` and ``question=``. The ``matches_*`` functions are
their quiet counterparts: a yes or no that never raises, to recognise a known
mistake. Lessons import all of them from :mod:`course.checks`.

Examples
--------
>>> check_number(0.5, 0.5, name="top_share", question="2")
>>> matches_number(74.7, 0.747), matches_number(0.7470001, 0.747)
(False, True)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from course.checks.registry import AnswerError, _asking, answered, fail
from course.i18n import gettext as _

__all__ = [
    "as_series",
    "drop_empty_extras",
    "ROUNDED_DIGITS",
    "rounded_digits",
    "matches_number",
    "matches_series",
    "matches_frame",
    "mistake_hint",
    "check_number",
    "check_columns",
    "check_series",
    "check_series_quiet",
    "check_frame",
    "check_text",
    "check_ids",
]


def _scalar(value: object) -> object:
    """A one-element Series, frame or array as a plain Python number; anything else unchanged."""
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(value) == 1:
        return np.asarray(value).item()
    return value


#: A rounded number passes a check when it keeps at least this many significant digits (0.1353, 62,071); the
#: rule is the same for a single number (:func:`check_number`) and for each value of a Series or a column
#: (:func:`check_series`, :func:`check_frame`).
ROUNDED_DIGITS = 3


def _digits_of_rounding(values: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Per element, the most significant digits ``k`` for which ``value`` is ``expected`` rounded to ``k`` digits.

    0 where the value is no rounding of the expected one (or the expected one is 0, an integer or not finite:
    nobody rounds those). "Rounded to ``k`` digits" means: the value lies on the grid of ``k`` significant
    digits of the expected value, and within half a step of it -- so a tie rounded either way passes, and
    the trailing zeros a rounded number does not print do not count against it (0.2 is 0.200114 rounded to
    three digits, 0.200).
    """
    values = np.asarray(values, dtype="float64")
    expected = np.asarray(expected, dtype="float64")
    digits = np.zeros(values.shape, dtype="int64")
    usable = np.isfinite(values) & np.isfinite(expected) & (expected != 0) & (expected != np.round(expected))
    if not usable.any():
        return digits
    v, e = values[usable], expected[usable]
    magnitude = np.floor(np.log10(np.abs(e))).astype("int64")
    found = np.zeros(len(v), dtype="int64")
    for k in range(1, 16):
        step = 10.0 ** (magnitude - k + 1).astype("float64")
        near = np.abs(v - e) <= 0.5 * step * (1 + 1e-9)
        on_grid = np.isclose(v, np.round(v / step) * step, rtol=1e-9, atol=0)
        found = np.where(near & on_grid, k, found)
    digits[usable] = found
    return digits


def rounded_digits(value: object, expected: float) -> int | None:
    """The significant digits of ``value`` if it is ``expected`` rounded to some decimal place, else None.

    The most digits that reproduce ``value`` count: a rounded number's trailing zeros are not printed, so
    0.2 is 0.200114 rounded to 3 digits (0.200), and 0.26 is 0.2598 rounded to 3 digits (0.260).

    Examples
    --------
    >>> rounded_digits(0.1353, 0.135301), rounded_digits(62_071, 62_071.43), rounded_digits(0.14, 0.135301)
    (5, 5, 2)
    >>> rounded_digits(0.2, 0.200114), rounded_digits(0.25, 0.2549)
    (3, 2)
    >>> rounded_digits(0.1354, 0.135301) is None
    True
    """
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    found = int(_digits_of_rounding(np.array([float(value)]), np.array([float(expected)]))[0])
    return found or None


def matches_number(value: object, candidate: float, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether ``value`` is a number close to ``candidate`` (never raises).

    Examples
    --------
    >>> matches_number(0.3333334, 1 / 3), matches_number("0.33", 1 / 3)
    (True, False)
    """
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return False
    return bool(np.isclose(float(value), float(candidate), rtol=rtol, atol=atol))


def check_number(
    value: object,
    expected: float,
    *,
    name: str | None = None,
    question: str | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
    accept: Iterable[float] = (),
    mistakes: Iterable[tuple[float, str]] = (),
) -> None:
    """Check that ``value`` is a number close to ``expected``.

    ``accept`` lists other values that are right too (another defensible
    convention); ``mistakes`` pairs the result of a known mistake with the
    message that names it, so a trainee learns *what* went wrong. A right
    value rounded to at least :data:`ROUNDED_DIGITS` significant digits
    passes (0.1353 for 0.135301…, and 0.2 for 0.200114: its unprinted
    trailing zeros do not count against it); rounded to two digits, it fails
    with a hint that says not to round. A known mistake is recognised rounded
    too. An integer expected value (a count) must be met exactly.

    Examples
    --------
    >>> check_number(74.7, 0.747, name="top_share", question="1", mistakes=[(74.7, "that is a percentage.")])
    Traceback (most recent call last):
    ...
    course.checks.AnswerError: Question 1: `top_share` = 74.7 is not right: that is a percentage.
    """
    name, question = _asking(name, question)
    answered(value, name=name, question=question)
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise fail(
            _("`{name}` should be a single number, got {type}.").format(name=name, type=type(value).__name__),
            hint,
            question=question,
        )
    rights = (expected, *accept)
    if any(matches_number(value, right, rtol=rtol, atol=atol) for right in rights):
        return
    digits = [d for d in (rounded_digits(value, right) for right in rights) if d is not None]
    if digits and max(digits) >= ROUNDED_DIGITS:
        return  # a sensibly rounded right answer
    mistakes = list(mistakes)
    shown, because = f"{float(value):,.4g}", _("`{name}` = {value} is not right: {why}")
    for candidate, message in mistakes:
        if matches_number(value, candidate, rtol=rtol, atol=atol):
            raise fail(because.format(name=name, value=shown, why=message), hint, question=question)
    if digits and max(digits) >= 2:
        raise fail(
            _(
                "`{name}` = {value} is the right answer rounded to {digits} significant digits: "
                "don't round — assign the full value and round only when you print it."
            ).format(name=name, value=shown, digits=max(digits)),
            hint,
            question=question,
        )
    for candidate, message in mistakes:
        if (rounded_digits(value, candidate) or 0) >= 2:
            raise fail(because.format(name=name, value=shown, why=message), hint, question=question)
    raise fail(_("`{name}` = {value} is not right.").format(name=name, value=shown), hint, question=question)


def check_columns(
    frame: object, columns: Iterable[str], *, name: str | None = None, question: str | None = None, hint: str = ""
) -> None:
    """Check that ``frame`` is a DataFrame holding ``columns`` (extra columns are fine)."""
    name, question = _asking(name, question)
    answered(frame, name=name, question=question)
    if not isinstance(frame, pd.DataFrame):
        raise fail(
            _("`{name}` should be a DataFrame, got {type}.").format(name=name, type=type(frame).__name__),
            hint,
            question=question,
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(repr, frame.columns))
        raise fail(
            _("`{name}` lacks the column(s) {missing}; it has {columns}.").format(
                name=name, missing=", ".join(map(repr, missing)), columns=have
            ),
            hint,
            question=question,
        )


def _show(value: object) -> str:
    """Repr of one value without numpy's type wrapper (``2.0``, not ``np.float64(2.0)``)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return f"{value:,.6g}"
    return repr(value)


def _compare_values(got: pd.Series, want: pd.Series, *, rtol: float) -> pd.Series:
    """Element-wise equality that treats close floats and two missing values as equal."""
    if pd.api.types.is_numeric_dtype(got) and pd.api.types.is_numeric_dtype(want):
        g, w = got.astype("float64").to_numpy(), want.astype("float64").to_numpy()
        return pd.Series(np.isclose(g, w, rtol=rtol, atol=1e-9, equal_nan=True), index=got.index)
    same = got.astype("object").to_numpy() == want.astype("object").to_numpy()
    both_missing = got.isna().to_numpy() & want.isna().to_numpy()
    return pd.Series(same | both_missing, index=got.index)


def as_series(value: object) -> object:
    """A dict or one-column DataFrame as a Series with a plain object index; anything else unchanged.

    Trainees reach the same answer in several shapes (a dict, a one-column
    frame, a categorical index); checks compare the content, not the shape.

    Examples
    --------
    >>> as_series({"a": 1, "b": 2}).to_dict()
    {'a': 1, 'b': 2}
    """
    if isinstance(value, dict):
        value = pd.Series(value)
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if isinstance(value, pd.Series):
        index = pd.Index(np.asarray(value.index.astype("object")), dtype="object", name=value.index.name)
        value = pd.Series(value.to_numpy(), index=index, name=value.name)
    return value


def drop_empty_extras(value: object, reference: pd.Series, *, zero_is_empty: bool = True) -> object:
    """``value`` without the labels ``reference`` lacks, if all of them hold nothing (or 0); anything else unchanged.

    Keeping the prospects (revenue 0, recency or class missing) or a product
    line nobody bought gives the same answer in substance; a non-empty extra
    label is a real difference and stays, for the comparison to report. Pass
    ``zero_is_empty=False`` where 0 is a value with a meaning (a recency of 0
    means "bought on the as-of day", not "never bought").

    Examples
    --------
    >>> reference = pd.Series({"a": 5.0})
    >>> drop_empty_extras(pd.Series({"a": 5.0, "prospect": 0.0}), reference).to_dict()
    {'a': 5.0}
    >>> drop_empty_extras(pd.Series({"a": 5.0, "b": 1.0}), reference).to_dict()
    {'a': 5.0, 'b': 1.0}
    >>> drop_empty_extras(pd.Series({"a": 5.0, "prospect": 0.0}), reference, zero_is_empty=False).to_dict()
    {'a': 5.0, 'prospect': 0.0}
    >>> drop_empty_extras(pd.Series({"a": "x", "prospect": None}), pd.Series({"a": "x"})).to_dict()
    {'a': 'x'}
    """
    if not isinstance(value, pd.Series):
        return value
    extra = ~value.index.isin(reference.index)
    if not extra.any():
        return value
    extras = value[extra]
    if pd.api.types.is_numeric_dtype(value) and not pd.api.types.is_bool_dtype(value) and zero_is_empty:
        empty = extras.fillna(0) == 0
    else:
        empty = extras.isna()
    return value[~extra] if empty.all() else value


def matches_series(value: object, candidate: pd.Series, *, rtol: float = 1e-6, check_order: bool = False) -> bool:
    """Whether ``value`` equals ``candidate`` label by label (never raises)."""
    value, candidate = as_series(value), as_series(candidate)
    if not isinstance(value, pd.Series):
        return False
    try:
        check_series_quiet(value, candidate, rtol=rtol, check_order=check_order)
    except AnswerError:
        return False
    return True


def matches_frame(
    value: object, candidate: pd.DataFrame, *, columns: Iterable[str] | None = None, rtol: float = 1e-6
) -> bool:
    """Whether ``value`` is a DataFrame whose columns equal ``candidate``'s, label by label (never raises).

    The quiet counterpart of :func:`check_frame`: the same rows are expected,
    extra columns are ignored, and ``columns`` restricts the comparison to
    some of the candidate's columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"k": [2, 3], "inertia": [9.0, 4.0]})
    >>> matches_frame(frame, frame[["inertia"]]), matches_frame(frame, frame.assign(k=[3, 4]))
    (True, False)
    >>> matches_frame(frame, frame.assign(k=[3, 4]), columns=["inertia"]), matches_frame("frame", frame)
    (True, False)
    """
    columns = list(candidate.columns if columns is None else columns)
    if not isinstance(value, pd.DataFrame) or not set(columns) <= set(value.columns) or len(value) != len(candidate):
        return False
    try:
        for column in columns:
            check_series_quiet(value[column], candidate[column], rtol=rtol)
    except (AnswerError, TypeError, ValueError):
        return False
    return True


def mistake_hint(variants: Iterable[tuple[Callable[[], bool], str]], default: str) -> str:
    """The hint of the first known mistake the answer matches, else ``default``.

    Each variant pairs a test, called without arguments, with the hint to
    give when it is true. A test that raises is not the mistake, and warnings
    raised while a test recomputes a mistake are silenced (they would print
    into the trainee's notebook). Use it to pick the *hint* of a check; to
    name the mistake in the message itself, pass ``mistakes`` to
    :func:`check_number` or :func:`check_series` instead.

    Examples
    --------
    >>> answer = 74.7
    >>> mistake_hint([(lambda: answer / 0 > 1, "never"), (lambda: answer > 1, "give a share, not a percentage.")],
    ...              "divide by the total.")
    'give a share, not a percentage.'
    >>> mistake_hint([(lambda: answer < 0, "the sign is reversed.")], "divide by the total.")
    'divide by the total.'
    """
    for matches, hint in variants:
        try:
            with warnings.catch_warnings():  # a variant recomputes a mistake on purpose: its warnings are no news
                warnings.simplefilter("ignore")
                if matches():
                    return hint
        except Exception:  # a variant that cannot even be computed or compared is not the mistake
            continue
    return default


def check_series(
    value: object,
    expected: pd.Series,
    *,
    name: str | None = None,
    question: str | None = None,
    rtol: float = 1e-6,
    hint: str = "",
    check_order: bool = False,
    accept: Iterable[pd.Series] = (),
    mistakes: Iterable[tuple[pd.Series, str]] = (),
) -> None:
    """Check a Series (or a dict, or a one-column DataFrame) against ``expected``, label by label.

    Order only matters when ``check_order`` is True; the Series name never
    does. ``accept`` and ``mistakes`` work as in :func:`check_number`, and so
    does rounding: each value rounded to at least :data:`ROUNDED_DIGITS`
    significant digits passes (``shares.round(3)`` for shares of 0.1 or
    more); coarser rounding fails with the hint not to round.

    Examples
    --------
    >>> shares = pd.Series({"a": 0.250165, "b": 0.749835})
    >>> check_series(shares.round(3), shares, name="mix", question="6")
    >>> check_series(shares.round(1), shares, name="mix", question="6")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course.checks.AnswerError: Question 6: `mix`: 2 values are the right ones rounded, ... don't round — ...
    """
    name, question = _asking(name, question)
    answered(value, name=name, question=question)
    value = as_series(value)
    if not isinstance(value, pd.Series):
        raise fail(
            _("`{name}` should be a pandas Series, got {type}.").format(name=name, type=type(value).__name__),
            hint,
            question=question,
        )
    if any(matches_series(value, right, rtol=rtol, check_order=check_order) for right in accept):
        return
    try:
        check_series_quiet(value, as_series(expected), rtol=rtol, check_order=check_order)
    except AnswerError as error:
        for candidate, message in mistakes:
            if matches_series(value, candidate, rtol=rtol, check_order=check_order):
                raise fail(
                    _("`{name}` is not right: {why}").format(name=name, why=message), hint, question=question
                ) from None
        raise fail(_("`{name}`: {problem}").format(name=name, problem=error), hint, question=question) from None


def check_frame(
    value: object,
    expected: pd.DataFrame,
    *,
    name: str | None = None,
    question: str | None = None,
    rtol: float = 1e-6,
    hint: str = "",
    check_order: bool = False,
) -> None:
    """Check a DataFrame's expected columns, column by column (extra columns are ignored)."""
    name, question = _asking(name, question)
    check_columns(value, expected.columns, name=name, question=question, hint=hint)
    assert isinstance(value, pd.DataFrame)
    if len(value) != len(expected):
        raise fail(
            _("`{name}` has {rows} rows; {expected} were expected.").format(
                name=name, rows=f"{len(value):,}", expected=f"{len(expected):,}"
            ),
            hint,
            question=question,
        )
    for column in expected.columns:
        try:
            check_series_quiet(value[column], expected[column], rtol=rtol, check_order=check_order)
        except AnswerError as error:
            raise fail(
                _("column {column} of `{name}`: {problem}").format(column=repr(column), name=name, problem=error),
                hint,
                question=question,
            ) from None


def check_series_quiet(value: pd.Series, expected: pd.Series, *, rtol: float = 1e-6, check_order: bool = False) -> None:
    """Like :func:`check_series` but raise a bare :class:`AnswerError` and print nothing."""
    if len(value) != len(expected):
        raise AnswerError(
            _("{count} values, {expected} expected.").format(count=f"{len(value):,}", expected=f"{len(expected):,}")
        )
    missing = expected.index.difference(value.index)
    if len(missing):
        raise AnswerError(_("labels missing, e.g. {labels}.").format(labels=list(missing[:3])))
    if check_order and not value.index.equals(expected.index):
        raise AnswerError(_("right values, wrong order."))
    aligned = value.reindex(expected.index)
    same = _compare_values(aligned, expected, rtol=rtol)
    if same.all():
        return
    differ = ~same.to_numpy()
    digits = _rounded_values(aligned, expected, differ)
    if digits is not None and digits.min() >= ROUNDED_DIGITS:
        return  # each value sensibly rounded, as check_number accepts a single number
    if digits is not None and (digits.min() >= 1 or _rounded_to_decimals(aligned, expected, differ)):
        raise AnswerError(
            _(
                "{count} values are the right ones rounded, some to fewer than {digits} significant "
                "digits: don't round — assign the full values and round only when you print them."
            ).format(count=f"{differ.sum():,}", digits=ROUNDED_DIGITS)
        )
    label = same.index[differ][0]
    raise AnswerError(
        _("{count} values differ; e.g. at {label}: got {got}, expected {expected}.").format(
            count=f"{differ.sum():,}", label=repr(label), got=_show(aligned[label]), expected=_show(expected[label])
        )
    )


def _rounded_to_decimals(value: pd.Series, expected: pd.Series, differ: np.ndarray) -> bool:
    """Whether the differing values are the expected ones rounded to one number of decimals (``.round(3)``)."""
    got = value.astype("float64").to_numpy()[differ]
    want = expected.astype("float64").to_numpy()[differ]
    return any(np.allclose(got, np.round(want, decimals), rtol=1e-9, atol=1e-12) for decimals in range(10))


def _rounded_values(value: pd.Series, expected: pd.Series, differ: np.ndarray) -> np.ndarray | None:
    """The significant digits each differing value keeps as a rounding of the expected one, or None if not numeric.

    A value rounded to 0 (0.0004 at three decimals) keeps 0 digits; so does one that is no rounding at all.
    """
    if not (pd.api.types.is_numeric_dtype(value) and pd.api.types.is_numeric_dtype(expected)):
        return None
    if pd.api.types.is_bool_dtype(value) or pd.api.types.is_bool_dtype(expected):
        return None
    got = value.astype("float64").to_numpy()[differ]
    want = expected.astype("float64").to_numpy()[differ]
    return _digits_of_rounding(got, want)


def check_text(
    value: object,
    *,
    choices: Iterable[str],
    expected: str,
    name: str | None = None,
    question: str | None = None,
    hint: str = "",
) -> None:
    """Check a one-word answer chosen from ``choices`` (case and spaces ignored)."""
    name, question = _asking(name, question)
    answered(value, name=name, question=question)
    options = {c.strip().lower(): c for c in choices}
    if not isinstance(value, str) or value.strip().lower() not in options:
        raise fail(
            _("`{name}` should be one of {choices}, got {value}.").format(
                name=name, choices=sorted(options.values()), value=repr(value)
            ),
            hint,
            question=question,
        )
    if value.strip().lower() != expected.strip().lower():
        raise fail(_("`{name}` = {value} is not right.").format(name=name, value=repr(value)), hint, question=question)


def _as_ids(value: object) -> set[str] | None:
    """A collection of ids as a set of str (None when ``value`` is no collection of ids)."""
    if isinstance(value, pd.DataFrame):
        value = value.index
    if isinstance(value, pd.Series):
        value = value.index if value.dtype == bool or pd.api.types.is_numeric_dtype(value) else value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    return {str(v) for v in value}


def check_ids(
    value: object,
    expected: Iterable[str],
    *,
    name: str | None = None,
    question: str | None = None,
    hint: str = "",
    mistakes: Iterable[tuple[Iterable[str], str]] = (),
) -> None:
    """Check a collection of ids against ``expected``, in any order.

    The answer may be a list, set or Index of ids, or a table whose index
    holds them (a DataFrame, or a Series of flags or numbers indexed by id; a
    Series of text holds the ids as its values). ``mistakes`` pairs the ids a
    known mistake gives with the message that names it, as in
    :func:`check_number`. Otherwise the message says how many ids are missing
    or should not be there, with examples.

    Examples
    --------
    >>> check_ids(["C2", "C1"], {"C1", "C2"}, name="call_first", question="10")
    >>> check_ids(["C1", "C3"], ["C1", "C2"], name="call_first", question="10")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course.checks.AnswerError: Question 10: `call_first` has 2 ids, 2 expected: 1 missing (e.g. ['C2']); 1 ...
    """
    name, question = _asking(name, question)
    answered(value, name=name, question=question)
    got, want = _as_ids(value), {str(v) for v in expected}
    if got is None:
        raise fail(
            _("`{name}` should be a collection of ids (a list, set or Index), got {type}.").format(
                name=name, type=type(value).__name__
            ),
            hint,
            question=question,
        )
    if got == want:
        return
    for candidate, message in mistakes:
        if got == {str(v) for v in candidate}:
            raise fail(_("`{name}` is not right: {why}").format(name=name, why=message), hint, question=question)
    missing, extra = sorted(want - got), sorted(got - want)
    parts = [_("{count} missing (e.g. {examples})").format(count=len(missing), examples=missing[:3])] if missing else []
    if extra:
        parts.append(
            _("{count} that should not be there (e.g. {examples})").format(count=len(extra), examples=extra[:3])
        )
    problems = _("{first}; {second}").format(first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]
    raise fail(
        _("`{name}` has {count} ids, {expected} expected: {problems}.").format(
            name=name, count=len(got), expected=len(want), problems=problems
        ),
        hint,
        question=question,
    )
