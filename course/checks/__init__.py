"""Answer checks for the exercise notebooks.

Each lesson has a module here (``course.checks.lesson03`` …) that declares
its questions with :func:`course.checks.registry.question`, one function per
question. A check recomputes the expected answer from the data it is given,
so it judges the method, not one dataset: it holds for any seed or size.

A wrong or missing answer raises :class:`AnswerError` with what is wrong and a
hint; a right answer prints one line starting with ``✓``, once, when the
whole check has passed. The registry (:func:`questions`) lists every question
of an exercise for the grader.

This module is the package's face: it re-exports what the lessons' check
modules, the grader and the tests use -- the registry
(:mod:`course.checks.registry`: :func:`question`, :func:`questions`,
:class:`AnswerError`, :func:`fail` …) and the comparison helpers
(:mod:`course.checks._compare`: :func:`check_number`, :func:`check_series`,
:func:`check_ids`, the quiet ``matches_*`` …). What only the lesson checks
share (completed lines, the as-of date, common hints) lives in
:mod:`course.checks._lessons`.

Every message is in the lesson's language (:mod:`course.i18n`): a Chinese
exercise sets ``lang = "zh"``, and its ✓ lines, errors and hints come from the
package catalogue ``locale/zh/course.po``; :attr:`Question.shown_label` is a
question's label in that language.

Examples
--------
>>> from course.checks import check_number
>>> check_number(0.5, 0.5, name="top_share", question="2")
>>> check_number(..., 0.5, name="top_share", question="2")
Traceback (most recent call last):
...
course.checks.AnswerError: Question 2: `top_share` is still `...` — replace the dots with your code.
>>> from course.i18n import using
>>> with using("zh"):
...     check_number(..., 0.5, name="top_share", question="2")
Traceback (most recent call last):
...
course.checks.AnswerError: 第 2 题：`top_share` 仍是 `...`——请把这几个点换成你的代码。
"""

from course.checks._compare import (
    ROUNDED_DIGITS,
    as_series,
    check_columns,
    check_frame,
    check_ids,
    check_number,
    check_series,
    check_series_quiet,
    check_text,
    drop_empty_extras,
    matches_frame,
    matches_number,
    matches_series,
    mistake_hint,
    rounded_digits,
)
from course.checks.registry import (
    PASS_MARK,
    AnswerError,
    Question,
    answer_name,
    answered,
    current_question,
    fail,
    question,
    questions,
)

__all__ = [
    "PASS_MARK",
    "AnswerError",
    "Question",
    "question",
    "questions",
    "current_question",
    "answer_name",
    "fail",
    "answered",
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
