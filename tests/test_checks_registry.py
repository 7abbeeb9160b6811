"""The check registry declares every question once; the decorator behaves the same for every check."""

from __future__ import annotations

import ast
import importlib

import pytest
from conftest import WITH_EXERCISE

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, tagged
from course.checks import AnswerError, questions
from course.checks.registry import exercises


def _check_calls(lesson):
    """``{question number: names passed}`` of the check cells of a lesson's solution."""
    calls = {}
    for cell in read_notebook(REPO_ROOT / lesson.solution).cells:
        if cell.cell_type != "code" or not tagged(cell, "check"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr[:1] == "q":
                calls[node.func.attr[1:].replace("_", ".")] = tuple(arg.id for arg in node.args)
    return calls


def test_every_exercise_has_its_checks():
    assert exercises() == [lesson.number for lesson in WITH_EXERCISE]


@pytest.mark.parametrize("lesson", WITH_EXERCISE, ids=lambda lesson: lesson.number)
def test_registry_holds_every_question_with_its_answers(lesson):
    registered = questions(lesson.number)
    assert [q.number for q in registered] == [str(n) for n in range(1, len(registered) + 1)]
    module = importlib.import_module(f"course.checks.lesson{lesson.number}")
    for question in registered:
        assert question.exercise == lesson.number and question.label and question.answers
        assert getattr(module, f"q{question.number}").question is question
    calls = _check_calls(lesson)
    assert sorted(calls) == sorted(q.number for q in registered), "a check cell per registered question"
    for question in registered:
        assert calls[question.number] == (*question.answers, "db"), question.title


def test_check_cells_carry_no_docstring():
    """The registry is the one place that names a question."""
    for lesson in WITH_EXERCISE:
        for path in (lesson.solution, lesson.exercise):
            for cell in read_notebook(REPO_ROOT / path).cells:
                if tagged(cell, "check"):
                    assert not cell.source.lstrip().startswith(('"""', "'''")), f"{path}: {cell.source[:60]!r}"


def test_exercise_metadata_names_the_exercise():
    for lesson in WITH_EXERCISE:
        assert read_notebook(REPO_ROOT / lesson.exercise).metadata["course"]["exercise"] == lesson.number


# --------------------------------------------------------------------------- the decorator


@pytest.fixture(scope="module")
def q3():
    from course.checks import lesson03

    return lesson03.q3


def test_blank_and_none_fail_before_the_body_runs(q3):
    # db=None: the body would fail on it, so these messages come from the decorator alone
    with pytest.raises(AnswerError) as error:
        q3(..., None)
    assert str(error.value) == "Question 3: `monetary` is still `...` — replace the dots with your code."
    with pytest.raises(AnswerError) as error:
        q3(None, None)
    assert str(error.value) == (
        "Question 3: `monetary` is None.\n"
        "Hint: a function without `return`, or a method such as `.sort_values(inplace=True)`, gives None."
    )
    assert (error.value.question, error.value.message) == ("3", "`monetary` is None.")


def test_confirmation_is_printed_once(q3, b2b, capsys):
    from course.checks._lessons import completed, customer_sum

    q3(customer_sum(completed(b2b), "revenue"), b2b)
    assert capsys.readouterr().out == "✓ Question 3: `monetary` is right.\n"


def test_judge_returns_the_confirmation_without_printing(q3, b2b, capsys):
    from course.checks._lessons import completed, customer_sum

    assert q3.question.judge([customer_sum(completed(b2b), "revenue")], b2b) == "✓ Question 3: `monetary` is right."
    assert capsys.readouterr().out == ""


def test_a_wrong_answer_prints_nothing(q3, b2b, capsys):
    with pytest.raises(AnswerError, match="should be a pandas Series"):
        q3(3, b2b)
    assert capsys.readouterr().out == ""


def test_a_body_may_return_its_own_detail():
    question = questions("05")[3]
    assert question.confirmation("`labels` is right (4 clusters).") == "✓ Question 4: `labels` is right (4 clusters)."


def test_two_answers_confirm_each():
    question = questions("06")[4]
    assert question.answers == ("auc_model", "auc_recency")
    assert question.confirmation() == "✓ Question 5: `auc_model` is right.\n✓ Question 5: `auc_recency` is right."
    with pytest.raises(AnswerError, match=r"`auc_recency` is still"):
        question.judge([0.7, ...], None)


def test_only_lesson_modules_register():
    from course.checks import question

    with pytest.raises(TypeError, match="course.checks.lessonNN"):

        @question("a stray question")
        def q1(answer, db):  # defined in this test module, not in a lesson's checks
            return None


def test_unknown_exercise_is_named():
    with pytest.raises(KeyError, match="no checks for exercise '42'"):
        questions("42")


def test_check_cells_do_nothing_while_the_grader_runs_the_notebook(q3, monkeypatch, capsys):
    """The grader judges the collected answers itself; in its kernel the notebook's checks stay quiet."""
    from course.checks.registry import GRADING_ENV

    monkeypatch.setenv(GRADING_ENV, "1")
    q3(..., None)
    assert capsys.readouterr().out == ""
