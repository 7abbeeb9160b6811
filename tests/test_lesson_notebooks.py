"""Lessons and exercises as the trainee meets them.

nbval (``--nbval-lax``, run by ``make test``) executes every lesson and solution
and compares the cells marked ``# NBVAL_CHECK_OUTPUT``. The tests here add what
nbval cannot see: the stored notebooks are clean, every solution passes on other
data, and no check passes on a blank exercise.
"""

from __future__ import annotations

import pytest
from conftest import OTHER_PARAMETERS, READY, WITH_EXERCISE

from course import REPO_ROOT
from course.authoring.grading import grade
from course.authoring.notebooks import read_notebook, tagged

pytestmark = pytest.mark.notebook

STORED = [(lesson.number, path) for lesson in READY for path in (lesson.notebook, lesson.solution) if path]
LESSON_HEADINGS = ("What you will learn", "Before you start", "Key points", "Discussion questions", "Sources")


@pytest.mark.parametrize(("number", "path"), STORED, ids=[p for _, p in STORED])
def test_stored_notebook_is_executed_and_clean(number, path):
    nb = read_notebook(REPO_ROOT / path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    for cell in code:
        assert cell.execution_count is not None, f"unexecuted cell: {cell.source[:60]!r}"
        for output in cell.outputs:
            assert output.output_type != "error", f"error stored in {cell.source[:60]!r}"
            if output.output_type == "stream":
                assert output.name == "stdout", (
                    f"stderr output (a warning?) in {cell.source[:60]!r}: {output.text[:200]!r}"
                )
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert "Warning" not in text, f"warning in output of {cell.source[:60]!r}"


@pytest.mark.parametrize(
    "lesson", [lesson for lesson in READY if lesson.number != "00"], ids=lambda lesson: lesson.notebook
)
def test_lesson_has_the_course_structure(lesson):
    text = "\n".join(c.source for c in read_notebook(REPO_ROOT / lesson.notebook).cells if c.cell_type == "markdown")
    for heading in LESSON_HEADINGS:
        assert heading in text, f"{lesson.notebook} lacks a '{heading}' section"
    assert lesson.title_zh.split()[-1] in text, "the Chinese title is missing"
    assert f"{lesson.minutes} minutes" in text, "the time in the notebook differs from course/authoring/syllabus.toml"
    nbval_cells = [c for c in read_notebook(REPO_ROOT / lesson.notebook).cells if "# NBVAL_CHECK_OUTPUT" in c.source]
    assert nbval_cells, "no key figure is marked # NBVAL_CHECK_OUTPUT"


@pytest.mark.parametrize("lesson", WITH_EXERCISE, ids=lambda lesson: lesson.solution)
def test_solution_is_well_formed(lesson):
    nb = read_notebook(REPO_ROOT / lesson.solution)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert tagged(code[0], "parameters"), "the first code cell must be tagged 'parameters'"
    assert "seed" in code[0].source and "n_customers" in code[0].source
    checks = [c for c in code if tagged(c, "check")]
    assert len(checks) >= 4, "an exercise has at least four checked tasks"
    assert nb.cells[0].source.startswith("# Solution for Exercise")


@pytest.mark.parametrize("parameters", OTHER_PARAMETERS, ids=lambda p: f"seed{p['seed']}-n{p['n_customers']}")
@pytest.mark.parametrize("lesson", WITH_EXERCISE, ids=lambda lesson: lesson.solution)
def test_solution_passes_on_other_data(lesson, parameters):
    results = grade([REPO_ROOT / lesson.solution], parameters=parameters)
    failed = [f"{r.question}: {r.message}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("lesson", WITH_EXERCISE, ids=lambda lesson: lesson.exercise)
def test_blank_exercise_fails_at_its_first_check(lesson):
    results = grade([REPO_ROOT / lesson.exercise])
    first = results[0]
    assert not first.passed, f"{first.question} passes on the blank exercise: the check is vacuous"
    assert "is still `...`" in first.message, f"the first check failed for another reason: {first.message}"
    assert not any(r.passed for r in results), "a check passes on the blank exercise: " + ", ".join(
        r.question for r in results if r.passed
    )
