"""Shared fixtures and helpers of the test suite."""

from __future__ import annotations

import pytest

from course import REPO_ROOT
from course.syllabus import lessons

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
