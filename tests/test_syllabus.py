"""The course structure file agrees with the files on disk and with the README."""

import pytest

from course import REPO_ROOT, syllabus
from course.authoring.cli import GENERATED_SECTIONS, render_section
from course.syllabus import lesson, lessons, missing_files


def test_lessons_are_numbered_from_00_without_gaps():
    """The number of lessons is not written anywhere but in the syllabus: each entry is the next number."""
    numbers = [entry.number for entry in lessons()]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))]


def test_the_lesson_notebooks_on_disk_are_the_ready_lessons():
    """notebooks/NN_topic.ipynb, one per ready lesson: a new lesson needs its notebook and its syllabus entry."""
    on_disk = sorted(path.name.partition("_")[0] for path in (REPO_ROOT / "notebooks").glob("*.ipynb"))
    assert on_disk == [entry.number for entry in lessons() if entry.ready]


def test_every_lesson_is_described():
    for entry in lessons():
        assert entry.title and entry.title_zh and entry.minutes > 0 and len(entry.objectives) >= 2, entry.number
        assert all(source in {"000", "001", "002", "003", "004"} for source in entry.sources), entry.number


def test_ready_lessons_have_their_files():
    assert missing_files() == []


def test_no_stray_notebooks_on_disk():
    """Every notebook in notebooks/, solutions/ and exercises/ is named by a ready lesson."""
    named = {path for entry in lessons() if entry.ready for path in entry.files()}
    on_disk = {
        str(p.relative_to(REPO_ROOT))
        for folder in ("notebooks", "solutions", "exercises")
        for p in (REPO_ROOT / folder).glob("*.ipynb")
    }
    assert on_disk - named == set(), "notebooks not in course/syllabus.toml"


def test_planned_lessons_have_no_files_yet():
    for entry in lessons():
        if not entry.ready:
            assert not any((REPO_ROOT / p).exists() for p in entry.files()), (
                f"lesson {entry.number} has files: mark it ready"
            )


@pytest.mark.parametrize(("filename", "marker", "render", "lang"), GENERATED_SECTIONS)
def test_generated_sections_are_up_to_date(filename, marker, render, lang):
    """README's course map, INSTRUCTORS' agendas and lesson notes, in both editions: rendered from the syllabus,
    the lessons, the checks (and, in Chinese, the catalogues)."""
    text = (REPO_ROOT / filename).read_text(encoding="utf-8")
    expected = render_section(render, lang)
    assert f"<!-- {marker}:start -->\n{expected}\n<!-- {marker}:end -->" in text, (
        f"{filename} is stale: run `python -m course map --update`"
    )


def test_agendas_fit_their_names():
    text = syllabus.agendas_markdown()
    assert "Half day" in text and text.count("###") == 3


def test_lesson_lookup():
    assert lesson("03").slug == "rfm"
    with pytest.raises(KeyError, match="no lesson '42'"):
        lesson("42")
