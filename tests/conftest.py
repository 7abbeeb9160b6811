"""Shared fixtures and helpers of the test suite."""

from __future__ import annotations

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


def answer_check_tests(cases):
    """The three tests every lesson's answer checks share, for a test module with an ``answers`` fixture.

    ``cases`` lists ``(check, name)`` pairs: ``check`` is a question's check
    (``lesson01.q1`` …) and ``name`` both the variable the notebook asks for
    and the key of its right answer in ``answers``. For each case, the blank
    ``...`` and ``None`` fail with their own message and the right answer
    passes. Bind the tests to ``test_`` names in the module so that pytest
    collects them::

        test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests(CASES)
    """
    from course.checks import AnswerError

    parametrize = pytest.mark.parametrize(("function", "name"), cases, ids=[name for _, name in cases])

    @parametrize
    def test_blank_fails_with_its_own_message(function, name, b2b):
        with pytest.raises(AnswerError, match=rf"`{name}` is still `...`"):
            function(..., b2b)

    @parametrize
    def test_right_answer_passes(function, name, b2b, answers, capsys):
        function(answers[name], b2b)
        assert f"✓ Question {function.__name__[1:]}: `{name}` is right." in capsys.readouterr().out

    @parametrize
    def test_none_fails(function, name, b2b):
        with pytest.raises(AnswerError, match="is None"):
            function(None, b2b)

    return test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails
