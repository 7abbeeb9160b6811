"""Answer checks for the exercise notebooks.

Each lesson has a module here (``course.checks.lesson03`` …) with one function
per question. A check recomputes the expected answer from the data it is given,
so it judges the method, not one dataset: it holds for any seed or size.

A wrong or missing answer raises :class:`AnswerError` with what is wrong and a
hint; a right answer prints one line starting with ``✓``.

The helpers below are the building blocks those functions share.

Examples
--------
>>> from course.checks import check_number
>>> check_number(0.5, 0.5, name="top_share", question="2")
✓ Question 2: `top_share` is right.
>>> check_number(..., 0.5, name="top_share", question="2")
Traceback (most recent call last):
...
course.checks.AnswerError: Question 2: `top_share` is still `...` — replace the dots with your code.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "AnswerError",
    "answered",
    "passed",
    "check_number",
    "check_columns",
    "check_series",
    "check_frame",
    "check_labels",
    "check_text",
]

#: Printed before a confirmation, so a grader (and a trainee) can spot it.
PASS_MARK = "✓"


class AnswerError(AssertionError):
    """An exercise answer is missing or wrong; the message says why and hints at the fix."""


def _fail(question: str, message: str, hint: str = "") -> AnswerError:
    text = f"Question {question}: {message}"
    if hint:
        text += f"\nHint: {hint}"
    return AnswerError(text)


def passed(question: str, detail: str) -> None:
    """Print the confirmation for a right answer."""
    print(f"{PASS_MARK} Question {question}: {detail}")


def answered(value: object, *, name: str, question: str) -> None:
    """Raise unless the trainee has replaced the ``...`` placeholder for ``name``."""
    if value is Ellipsis:
        raise _fail(question, f"`{name}` is still `...` — replace the dots with your code.")
    if value is None:
        raise _fail(
            question,
            f"`{name}` is None.",
            "a function without `return`, or a method such as `.sort_values(inplace=True)`, gives None.",
        )


def check_number(
    value: object,
    expected: float,
    *,
    name: str,
    question: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
) -> None:
    """Check that ``value`` is a number close to ``expected``."""
    answered(value, name=name, question=question)
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(value) == 1:
        value = np.asarray(value).item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise _fail(question, f"`{name}` should be a single number, got {type(value).__name__}.", hint)
    if not np.isclose(float(value), float(expected), rtol=rtol, atol=atol):
        raise _fail(question, f"`{name}` = {float(value):,.4g} is not right.", hint)
    passed(question, f"`{name}` is right.")


def check_columns(frame: object, columns: Iterable[str], *, name: str, question: str, hint: str = "") -> None:
    """Check that ``frame`` is a DataFrame holding ``columns`` (extra columns are fine)."""
    answered(frame, name=name, question=question)
    if not isinstance(frame, pd.DataFrame):
        raise _fail(question, f"`{name}` should be a DataFrame, got {type(frame).__name__}.", hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(repr, frame.columns))
        raise _fail(question, f"`{name}` lacks the column(s) {', '.join(map(repr, missing))}; it has {have}.", hint)


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


def check_series(
    value: object,
    expected: pd.Series,
    *,
    name: str,
    question: str,
    rtol: float = 1e-6,
    hint: str = "",
    check_order: bool = False,
) -> None:
    """Check a Series (or a one-column DataFrame) against ``expected``, label by label.

    Order only matters when ``check_order`` is True; the Series name never does.
    """
    answered(value, name=name, question=question)
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        raise _fail(question, f"`{name}` should be a pandas Series, got {type(value).__name__}.", hint)
    try:
        check_series_quiet(value, expected, rtol=rtol, check_order=check_order)
    except AnswerError as error:
        raise _fail(question, f"`{name}`: {error}", hint) from None
    passed(question, f"`{name}` is right.")


def check_frame(
    value: object,
    expected: pd.DataFrame,
    *,
    name: str,
    question: str,
    rtol: float = 1e-6,
    hint: str = "",
    check_order: bool = False,
) -> None:
    """Check a DataFrame's expected columns, column by column (extra columns are ignored)."""
    check_columns(value, expected.columns, name=name, question=question, hint=hint)
    assert isinstance(value, pd.DataFrame)
    if len(value) != len(expected):
        raise _fail(question, f"`{name}` has {len(value):,} rows; {len(expected):,} were expected.", hint)
    for column in expected.columns:
        try:
            check_series_quiet(value[column], expected[column], rtol=rtol, check_order=check_order)
        except AnswerError as error:
            raise _fail(question, f"column {column!r} of `{name}`: {error}", hint) from None
    passed(question, f"`{name}` is right.")


def check_series_quiet(value: pd.Series, expected: pd.Series, *, rtol: float = 1e-6, check_order: bool = False) -> None:
    """Like :func:`check_series` but raise a bare :class:`AnswerError` and print nothing."""
    if len(value) != len(expected):
        raise AnswerError(f"{len(value):,} values, {len(expected):,} expected.")
    missing = expected.index.difference(value.index)
    if len(missing):
        raise AnswerError(f"labels missing, e.g. {list(missing[:3])}.")
    if check_order and not value.index.equals(expected.index):
        raise AnswerError("right values, wrong order.")
    aligned = value.reindex(expected.index)
    same = _compare_values(aligned, expected, rtol=rtol)
    if not same.all():
        label = same.index[~same.to_numpy()][0]
        raise AnswerError(f"{(~same).sum():,} values differ; e.g. at {label!r}: got {_show(aligned[label])}, expected {_show(expected[label])}.")


def check_labels(value: object, expected: Iterable[object], *, name: str, question: str, hint: str = "") -> None:
    """Check that ``value`` holds exactly the ``expected`` items, in any order (a set, list, Index…)."""
    answered(value, name=name, question=question)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _fail(question, f"`{name}` should be a collection (list, set, Index…), got {type(value).__name__}.", hint)
    got, want = set(value), set(expected)
    if got != want:
        extra, missing = sorted(map(str, got - want)), sorted(map(str, want - got))
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing (e.g. {missing[:3]})")
        if extra:
            parts.append(f"{len(extra)} unexpected (e.g. {extra[:3]})")
        raise _fail(question, f"`{name}` is not right: {'; '.join(parts)}.", hint)
    passed(question, f"`{name}` is right.")


def check_text(value: object, *, name: str, question: str, choices: Iterable[str], expected: str, hint: str = "") -> None:
    """Check a one-word answer chosen from ``choices`` (case and spaces ignored)."""
    answered(value, name=name, question=question)
    options = {c.strip().lower(): c for c in choices}
    if not isinstance(value, str) or value.strip().lower() not in options:
        raise _fail(question, f"`{name}` should be one of {sorted(options.values())}, got {value!r}.", hint)
    if value.strip().lower() != expected.strip().lower():
        raise _fail(question, f"`{name}` = {value!r} is not right.", hint)
    passed(question, f"`{name}` is right.")
