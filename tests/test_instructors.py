"""INSTRUCTORS.md lesson notes: a note per discussion question, a question per note, errors from every check."""

from __future__ import annotations

import pytest

from course.authoring import instructors
from course.checks.registry import exercises
from course.syllabus import lessons

READY = [lesson.number for lesson in lessons() if lesson.ready]


@pytest.mark.parametrize("number", READY)
def test_every_discussion_question_has_a_note_and_every_note_a_question(number):
    paired = instructors.instructor_notes(number)
    assert paired, f"lesson {number} has no discussion questions"
    missing = [question for question, note in paired if note is None]
    assert not missing, f"lesson {number}: add notes to instructor_notes.toml for {missing}"
    stale = instructors.unmatched_notes(number)
    assert not stale, f"lesson {number}: these notes match no discussion question any more: {stale}"


@pytest.mark.parametrize("number", [n for n in READY if n in set(exercises())])
def test_the_errors_of_each_exercise_come_from_its_checks(number):
    errors = instructors.common_errors(number)
    assert errors, f"exercise {number}: no known mistake found in course/checks/lesson{number}.py"
    assert all(error.fix and "…" not in error.fix[:3] for error in errors)


def test_known_mistake_texts_are_read_from_the_source():
    fixes = " ".join(error.fix for error in instructors.common_errors("03"))
    # a mistake_hint variant
    assert "Count distinct purchase DAYS (order_date without the time) with .nunique()" in fixes
    assert "completed" in fixes  # FILTER_HINT, a module constant


def test_a_named_mistake_comes_with_the_fix_its_check_gives():
    """A ``mistakes=`` message is paired with the ``hint=`` of the same check call: what the trainee reads next."""
    q1 = [error.fix for error in instructors.common_errors("01") if error.question == "1"]
    assert any(fix.startswith("that is the margin, not the revenue. Fix: keep only the completed") for fix in q1)
    gini = [error.fix for error in instructors.common_errors("04") if error.question == "1"]
    assert all("Fix: …" not in fix for fix in gini)  # an f-string of a module constant is read, not elided
    notes = instructors.lesson_notes_markdown()
    assert "- Question 1 (revenue per customer from the completed order lines). The check's fix: keep only" in notes
