"""Shared fixtures and helpers of the test suite."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import HealthCheck, settings

from course import REPO_ROOT
from course.syllabus import lessons

# Property tests: no per-example deadline (CI machines are shared and slow at times) and a
# fixed example sequence, so a run is reproducible and a red CI is never luck.
settings.register_profile("course", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")

#: Parameter sets under which every solution must still pass (papermill):
#: the checks judge the method, not one dataset.
OTHER_PARAMETERS = [
    {"seed": 7, "n_customers": 1200},
    {"seed": 2025, "n_customers": 3000},
]

READY = [lesson for lesson in lessons() if lesson.ready]
WITH_EXERCISE = [lesson for lesson in READY if lesson.solution]


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def b2b():
    """The shipped B2B database, loaded once per test session."""
    from course.data import load_b2b

    return load_b2b()


def answer_check_tests(exercise, *, detailed=()):
    """The three tests every lesson's answer checks share, for a test module with an ``answers`` fixture.

    They cover each question of ``exercise`` (``"01"``) in the check registry
    that takes one answer; the answer's name is also the key of its right
    answer in ``answers``. For each, the blank ``...`` and ``None`` fail with
    their own message and the right answer passes with the confirmation
    printed once: "✓ Question 2: `top_share` is right." -- or, for the answers
    named in ``detailed`` (a check that returns its own detail), that line with
    a detail in brackets before the full stop. Bind the tests to ``test_``
    names in the module so that pytest collects them::

        test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("01")
    """
    from course.checks import AnswerError, questions

    cases = [question for question in questions(exercise) if len(question.answers) == 1]
    unknown = set(detailed) - {question.answers[0] for question in cases}
    assert not unknown, f"no question of exercise {exercise} has the answer(s) {sorted(unknown)}"
    parametrize = pytest.mark.parametrize("question", cases, ids=[question.answers[0] for question in cases])

    def check(question):
        return getattr(importlib.import_module(f"course.checks.lesson{exercise}"), f"q{question.number}")

    @parametrize
    def test_blank_fails_with_its_own_message(question, b2b):
        blank = rf"`{re.escape(question.answers[0])}` is still `\.\.\.` — replace the dots with your code\."
        with pytest.raises(AnswerError, match=blank):
            check(question)(..., b2b)

    @parametrize
    def test_right_answer_passes(question, b2b, answers, capsys):
        name = question.answers[0]
        check(question)(answers[name], b2b)
        out = capsys.readouterr().out
        if name in detailed:
            assert re.fullmatch(rf"✓ Question {question.number}: `{re.escape(name)}` is right \([^\n]+\)\.\n", out), out
        else:
            assert out == f"✓ Question {question.number}: `{name}` is right.\n"

    @parametrize
    def test_none_fails(question, b2b):
        with pytest.raises(AnswerError, match=rf"`{re.escape(question.answers[0])}` is None"):
            check(question)(None, b2b)

    return test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails
