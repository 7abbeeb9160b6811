"""Every lesson and solution has a text twin that says the same thing, and an edit to one alone is caught."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from course import REPO_ROOT
from course.authoring.twins import out_of_sync, twin_path, update_from_text, write_twin
from course.syllabus import lessons

STORED = [path for lesson in lessons() if lesson.ready for path in (lesson.notebook, lesson.solution) if path]


def test_every_lesson_and_solution_has_its_twin_in_sync():
    stale = out_of_sync([REPO_ROOT / path for path in STORED])
    assert not stale, "\n".join(stale) + "\nRun `python -m course notebooks twins`."


def test_twin_path_mirrors_the_repository():
    assert twin_path(REPO_ROOT / "notebooks/03_rfm.ipynb") == REPO_ROOT / "text/notebooks/03_rfm.md"
    with pytest.raises(ValueError, match="not inside the repository"):
        twin_path("/elsewhere/x.ipynb")


@pytest.fixture
def copy_of_a_lesson(tmp_path):
    """A repository in miniature: one executed solution and its twin."""
    notebook = tmp_path / "solutions" / "03_rfm.ipynb"
    notebook.parent.mkdir()
    shutil.copy(REPO_ROOT / "solutions" / "03_rfm.ipynb", notebook)
    write_twin(notebook, root=tmp_path)
    assert out_of_sync([notebook], root=tmp_path) == []
    return notebook, twin_path(notebook, root=tmp_path)


def test_a_notebook_edited_alone_is_out_of_sync(copy_of_a_lesson):
    notebook, _ = copy_of_a_lesson
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += " One more sentence."
    nbformat.write(nb, notebook)
    assert out_of_sync([notebook], root=notebook.parents[1]) == [f"{notebook}: text/solutions/03_rfm.md differs"]


def test_a_twin_edited_alone_is_out_of_sync(copy_of_a_lesson):
    notebook, twin = copy_of_a_lesson
    twin.write_text(twin.read_text(encoding="utf-8").replace("recency", "recentness", 1), encoding="utf-8")
    assert out_of_sync([notebook], root=notebook.parents[1])


def test_a_tag_changed_in_the_twin_is_out_of_sync(copy_of_a_lesson):
    notebook, twin = copy_of_a_lesson
    twin.write_text(twin.read_text(encoding="utf-8").replace(":tags: [check]", ":tags: [checks]", 1), encoding="utf-8")
    assert out_of_sync([notebook], root=notebook.parents[1])


def test_update_from_text_takes_the_edit_and_keeps_unchanged_outputs(copy_of_a_lesson):
    notebook, twin = copy_of_a_lesson
    before = nbformat.read(notebook, as_version=4)
    twin.write_text(
        twin.read_text(encoding="utf-8").replace("In this exercise", "In this short exercise"), encoding="utf-8"
    )
    update_from_text(twin, root=notebook.parents[1])
    after = nbformat.read(notebook, as_version=4)
    assert after.cells[0].source.startswith("# Solution") and "In this short exercise" in after.cells[0].source
    assert out_of_sync([notebook], root=notebook.parents[1]) == []
    kept = [c.outputs for c in after.cells if c.cell_type == "code"]
    assert kept == [c.outputs for c in before.cells if c.cell_type == "code"]  # only a markdown cell changed
