"""Exercises are built from solutions: answers blanked, prompts in place, nothing else changed."""

import nbformat
import pytest

from course.authoring.exercises import ANSWER_PROMPT, ExerciseBuildError, blank_code, build_all, build_exercise


def test_blank_code_keeps_code_outside_the_block():
    source = "import pandas as pd\n### BEGIN SOLUTION\nx = 1\ny, z = 2, 3\n### END SOLUTION\nprint(x)"
    assert blank_code(source) == "import pandas as pd\n# your code here\nx = ...\ny = ...\nz = ...\nprint(x)"


def test_blank_code_keeps_indentation_and_ignores_inner_names():
    source = (
        "def f(s):\n    ### BEGIN SOLUTION\n    total = s.sum()\n    for v in s:\n        inner = v\n"
        "    ### END SOLUTION\n    return total"
    )
    assert blank_code(source) == "def f(s):\n    # your code here\n    total = ...\n    return total"


def test_blank_code_without_assignment_leaves_a_comment():
    assert blank_code("### BEGIN SOLUTION\nplt.plot([1, 2])\n### END SOLUTION") == "# your code here"


def test_blank_code_handles_several_blocks():
    source = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\n### BEGIN SOLUTION\nc = 3\n### END SOLUTION"
    assert blank_code(source) == "# your code here\na = ...\nb = 2\n# your code here\nc = ..."


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION", "x = 1  ### BEGIN SOLUTION\n### END SOLUTION"],
)
def test_malformed_markers_are_rejected(source):
    with pytest.raises(ExerciseBuildError):
        blank_code(source)


def _solution_notebook():
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_markdown_cell("Customers who buy often are loyal.")
    answer.metadata["tags"] = ["solution"]
    code = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nn = 3\n### END SOLUTION", execution_count=4)
    code.outputs = [nbformat.v4.new_output("stream", text="3\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# Solution for Exercise 00 — warm-up"), code, answer]
    return nb


def test_build_exercise_blanks_answers_and_clears_outputs():
    solution = _solution_notebook()
    exercise = build_exercise(solution)
    title, code, answer = exercise.cells
    assert title.source == "# Exercise 00 — warm-up"
    assert code.source == "# your code here\nn = ..."
    assert code.outputs == [] and code.execution_count is None
    assert answer.source == ANSWER_PROMPT and answer.metadata["tags"] == ["answer"]
    # the solution itself is untouched
    assert solution.cells[1].source.startswith("### BEGIN SOLUTION") and solution.cells[1].outputs


def test_build_exercise_needs_a_task():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ExerciseBuildError, match="no '### BEGIN SOLUTION' block"):
        build_exercise(nb)


def test_exercises_folder_is_in_sync_with_solutions():
    stale = build_all(check=True)
    assert stale == [], "run `python -m course exercises build`"
