"""Every lesson fits its minutes: at most 45 words of prose and 0.55 code cells per syllabus minute.

A 90-minute lesson may hold 4,050 markdown words and 49 code cells. Words are the whitespace-separated
tokens of the markdown cells (formulas and Chinese terms count as they are written); code cells are
counted whether or not they print. The minutes are those of course/syllabus.toml, the time
the course map and the instructors' agendas give the lesson.
"""

from __future__ import annotations

import pytest
from conftest import READY

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, tagged

#: Markdown words a trainee can read, and follow in code, per minute of the lesson.
WORDS_PER_MINUTE = 45
#: Code cells a trainee can run and read the output of, per minute of the lesson.
CODE_CELLS_PER_MINUTE = 0.55


def budget(path):
    """Markdown words and code cells of a notebook (its parameters cell, which the reader does not work
    through, aside)."""
    cells = read_notebook(REPO_ROOT / path).cells
    words = sum(len(cell.source.split()) for cell in cells if cell.cell_type == "markdown")
    return words, sum(cell.cell_type == "code" and not tagged(cell, "parameters") for cell in cells)


@pytest.mark.parametrize("lesson", READY, ids=lambda lesson: lesson.notebook)
def test_lesson_fits_its_minutes(lesson):
    words, code_cells = budget(lesson.notebook)
    assert words <= WORDS_PER_MINUTE * lesson.minutes, (
        f"{lesson.notebook}: {words:,} markdown words for {lesson.minutes} minutes "
        f"({words / lesson.minutes:.1f} a minute, at most {WORDS_PER_MINUTE}): tighten the prose or move a part "
        "to an appendix"
    )
    assert code_cells <= CODE_CELLS_PER_MINUTE * lesson.minutes, (
        f"{lesson.notebook}: {code_cells} code cells for {lesson.minutes} minutes "
        f"({code_cells / lesson.minutes:.2f} a minute, at most {CODE_CELLS_PER_MINUTE})"
    )


def test_the_budget_counts_words_and_cells(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Title\n\nTwo  words\tand 客户终身价值 (CLV)."),
            nbformat.v4.new_code_cell("x = 1  # not prose"),
            nbformat.v4.new_raw_cell("raw text is not counted"),
        ]
    )
    nbformat.write(notebook, tmp_path / "n.ipynb")
    # "#", "Title", "Two", "words", "and", "客户终身价值", "(CLV)." -- and one code cell
    assert budget(tmp_path / "n.ipynb") == (7, 1)
