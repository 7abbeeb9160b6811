"""`python -m course check` reports every registered question and never calls a failure a pass."""

import nbformat
import pytest

from course.authoring.grading import exercise_of, format_report, grade, results_of, write_csv
from course.checks import questions


def _executed(exercise="00", outputs=None, metadata=True):
    """An 'executed' warm-up notebook: one check cell per question, with the given stream text or error."""
    nb = nbformat.v4.new_notebook()
    if metadata:
        nb.metadata["course"] = {"exercise": exercise}
    for question in questions(exercise):
        cell = nbformat.v4.new_code_cell(f"check.q{question.number}({question.answers[0]}, db)", execution_count=1)
        cell.metadata["tags"] = ["check"]
        out = (outputs or {}).get(question.number, question.confirmation() + "\n")
        if out is None:
            continue  # the check cell was deleted
        if isinstance(out, Exception):
            cell.outputs = [nbformat.v4.new_output("error", ename="AnswerError", evalue=str(out), traceback=[])]
        else:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=out)]
        nb.cells.append(cell)
    return nb


def test_exercise_from_metadata_or_file_name():
    assert exercise_of(_executed("03"), "renamed.ipynb") == "03"
    assert exercise_of(_executed(metadata=False), "00_warmup_ann.ipynb") == "00"
    assert exercise_of(_executed(metadata=False), "ann.ipynb") is None


def test_every_registered_question_is_reported():
    results = results_of(_executed(), "a.ipynb")
    assert [r.question for r in results] == [q.title for q in questions("00")]
    assert all(r.passed for r in results)
    assert results[0].message == "✓ Question 1: `customer_count` is right."


def test_a_failed_check_and_a_deleted_check_cell_fail():
    error = Exception("Question 2: `n_prospects` is still `...` — replace the dots with your code.")
    results = results_of(_executed(outputs={"2": error, "3": None, "4": ""}), "a.ipynb")
    assert [r.passed for r in results] == [True, False, False, False, True, True]
    assert results[1].message == "`n_prospects` is still `...` — replace the dots with your code."
    assert "check cell of Question 3 is missing" in results[2].message
    assert "did not run" in results[3].message
    assert "2/6 questions passed" not in format_report(results) and "3/6 questions passed" in format_report(results)


def test_a_notebook_of_no_known_exercise_is_not_a_pass():
    [result] = results_of(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), "empty.ipynb")
    assert not result.passed and "which exercise" in result.message


def test_write_csv(tmp_path):
    out = tmp_path / "scores.csv"
    write_csv(results_of(_executed(), "a.ipynb")[:1], out)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "notebook,question,passed,message",
        "a.ipynb,Question 1,1,✓ Question 1: `customer_count` is right.",
    ]


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a notebook"):
        grade([tmp_path / "nope.ipynb"])
