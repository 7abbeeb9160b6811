"""Lessons and exercises as the trainee meets them.

nbval (``--nbval-lax``, run by ``make test``) executes every lesson and solution
and compares the cells marked ``# NBVAL_CHECK_OUTPUT``. The tests here add what
nbval cannot see: the stored notebooks are clean, every solution passes on other
data, and no check passes on a blank exercise.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import OTHER_PARAMETERS, READY, WITH_EXERCISE

from course import REPO_ROOT
from course.authoring.grading import grade
from course.authoring.notebooks import read_notebook, tagged

pytestmark = pytest.mark.notebook

STORED = [(lesson.number, path) for lesson in READY for path in (lesson.notebook, lesson.solution) if path]
#: Both editions: the English notebooks and the Chinese ones generated from them (zh/: tests/test_chinese_edition.py).
EDITIONS = ("", "zh/")
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
    assert f"{lesson.minutes} minutes" in text, "the time in the notebook differs from course/syllabus.toml"
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


def _seen(cell) -> str:
    """What a trainee sees under a check cell: the confirmation printed, or the error's message."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output.get("evalue", "")
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream").strip()


def _check_cells(nb) -> dict[str, str]:
    """``{question number: what the trainee sees}`` for each check cell of an executed notebook."""
    import re

    return {
        re.search(r"check\.q(\d+)", c.source)[1]: _seen(c)
        for c in nb.cells
        if c.cell_type == "code" and tagged(c, "check")
    }


def _failures(graded) -> list[str]:
    return [f"{g.notebook} {r.question}: {r.message}" for g in graded for r in g.results if not r.passed]


def _both_editions(kind: str) -> list:
    return [REPO_ROOT / f"{edition}{getattr(lesson, kind)}" for edition in EDITIONS for lesson in WITH_EXERCISE]


@pytest.fixture(scope="module")
def graded_solutions():
    """Every solution of both editions graded on its default parameters, two at a time."""
    return grade(_both_editions("solution"), jobs=2)


def test_every_solution_passes_and_the_grader_agrees_with_what_it_printed(graded_solutions):
    """The stored solutions show what a trainee sees; the grader's confirmations are the same lines."""
    assert not _failures(graded_solutions), "\n".join(_failures(graded_solutions))
    for graded in graded_solutions:
        seen = _check_cells(read_notebook(graded.notebook))
        numbers = [r.question.removeprefix("Question ") for r in graded.results]
        assert sorted(seen) == sorted(numbers), graded.notebook
        for number, result in zip(numbers, graded.results, strict=True):
            assert seen[number] == result.message, f"{graded.notebook} {result.question}"


#: Every solution on other data; the Chinese ones on the first other seed (their code is the English code).
ON_OTHER_DATA = [(OTHER_PARAMETERS[0], EDITIONS), *((p, ("",)) for p in OTHER_PARAMETERS[1:])]


@pytest.mark.parametrize(
    ("parameters", "editions"),
    ON_OTHER_DATA,
    ids=[f"seed{p['seed']}-n{p['n_customers']}-{'both-editions' if len(e) > 1 else 'en'}" for p, e in ON_OTHER_DATA],
)
def test_solutions_pass_on_other_data(parameters, editions):
    paths = [REPO_ROOT / f"{edition}{lesson.solution}" for edition in editions for lesson in WITH_EXERCISE]
    graded = grade(paths, parameters=parameters, jobs=2)
    assert not _failures(graded), "\n".join(_failures(graded))


def test_blank_chinese_exercises_fail_every_check_on_other_data():
    """On another seed too, no check of a Chinese exercise passes blank (their code is the English code)."""
    paths = [REPO_ROOT / f"zh/{lesson.exercise}" for lesson in WITH_EXERCISE]
    for notebook in grade(paths, parameters=OTHER_PARAMETERS[0], jobs=2):
        assert notebook.lang == "zh" and notebook.results, notebook.notebook
        passed = [r.question for r in notebook.results if r.passed]
        assert not passed, f"{notebook.notebook}: {passed} pass on the blank exercise"


def test_blank_exercises_fail_at_their_first_check_as_the_trainee_sees_it():
    """No check is vacuous, in either edition; and the grader's message is the one the check cell shows."""
    graded = grade(_both_editions("exercise"), jobs=2, keep_executed=True)
    for notebook in graded:
        first = notebook.results[0]
        assert not first.passed, f"{notebook.notebook} {first.question} passes on the blank exercise: it is vacuous"
        still = "is still `...`" if notebook.lang == "en" else "`...`"
        assert still in first.message, f"the first check failed for another reason: {first.message}"
        assert not any(r.passed for r in notebook.results), notebook.notebook
        seen = _check_cells(nbformat.reads(notebook.executed, as_version=4))
        for result in notebook.results:
            cell = seen[result.question.removeprefix("Question ")]
            if notebook.lang == "en":
                shown = f"{result.question}: {result.message}" + (f"\nHint: {result.hint}" if result.hint else "")
                assert cell == shown, f"{notebook.notebook} {result.question}"
            else:  # the same message and hint, in the Chinese frame (第 N 题, 提示)
                assert result.message in cell and result.hint in cell, f"{notebook.notebook} {result.question}"
