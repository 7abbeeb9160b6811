"""The Chinese edition (中文版) as a reader and an instructor meet it: complete, the English code, Chinese checks.

- every lesson, solution and exercise of the syllabus has its Chinese notebook under ``zh/``, generated
  from a complete catalogue (``python -m course translations check`` reports nothing, the package
  catalogue included), executed and clean;
- the code of every Chinese notebook -- lessons, solutions and the exercises built from them -- is the
  English code, cell by cell, but for the language parameter and the comments;
- the grader grades Chinese submissions as it grades English ones: every Chinese solution passes on the
  default data and on another seed (``tests/test_lesson_notebooks.py`` grades both editions together),
  every Chinese blank exercise fails, and a folder that mixes the two editions of one exercise gets the
  same scores for the same answers, with feedback in each submission's language.
"""

from __future__ import annotations

import re

import pytest
from conftest import READY, WITH_EXERCISE

from course import REPO_ROOT
from course.authoring import translations as tr
from course.authoring.cli import main
from course.authoring.grading import submission_language
from course.authoring.notebooks import read_notebook, tagged

pytestmark = pytest.mark.notebook

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_PATHS = [path for lesson in READY for path in (lesson.notebook, lesson.solution, lesson.exercise) if path]


def zh(path: str):
    return REPO_ROOT / tr.EDITION_DIR / path


def test_the_edition_holds_every_lesson_solution_and_exercise():
    missing = [p for p in ENGLISH_PATHS if not zh(p).exists()]
    assert not missing, f"no Chinese notebook for {missing}: run `python -m course translations generate`"
    catalogued = {p.relative_to(REPO_ROOT).as_posix() for p in tr.translated_notebooks()}
    assert {p for p in ENGLISH_PATHS if not p.startswith("exercises/")} <= catalogued


def test_the_whole_edition_is_translated_with_no_fuzzy_entry(capsys):
    """What .ci/run asks: the catalogue check over every notebook and the package's messages."""
    assert main(["translations", "check"]) == 0, capsys.readouterr().out[-3000:]


@pytest.mark.parametrize("path", ENGLISH_PATHS)
def test_the_chinese_notebook_has_the_english_code(path):
    english, chinese = read_notebook(REPO_ROOT / path), read_notebook(zh(path))
    assert tr.code_differences(english, chinese) == []
    assert chinese.metadata["course"]["lang"] == "zh" and submission_language(chinese) == "zh"


@pytest.mark.parametrize("path", [p for p in ENGLISH_PATHS if not p.startswith("exercises/")])
def test_the_chinese_notebook_is_executed_clean_and_chinese(path):
    nb = read_notebook(zh(path))
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.execution_count is not None, f"unexecuted cell: {cell.source[:60]!r}"
        for output in cell.outputs:
            assert output.output_type != "error", f"error stored in {cell.source[:60]!r}"
            assert output.get("name") != "stderr", f"stderr in {cell.source[:60]!r}: {output.get('text', '')[:200]!r}"
    prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert len(CHINESE.findall(prose)) > len(
        re.findall(r"[A-Za-z]", re.sub(r"`[^`]*`|\$[^$]*\$|\]\([^)]*\)", "", prose))
    )
    # a table is a DataFrame's HTML (scikit-learn's diagram of a pipeline is HTML too, and names its classes)
    html = [o["data"]["text/html"] for c in code for o in c.outputs if "text/html" in o.get("data", {})]
    tables = [h for h in html if 'class="dataframe"' in h]
    assert all(CHINESE.search(t) for t in tables), "a table is shown with English headers only"


@pytest.mark.parametrize("lesson", WITH_EXERCISE, ids=lambda lesson: lesson.exercise)
def test_the_chinese_exercise_is_blank_and_speaks_chinese(lesson):
    nb = read_notebook(zh(lesson.exercise))
    assert nb.metadata["course"]["exercise"] == lesson.number
    assert "参考答案" not in nb.cells[0].source.splitlines()[0], "the exercise's title still says 参考答案"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "### BEGIN SOLUTION" not in code and "# 在这里写你的代码" in code
    written = [c for c in nb.cells if c.cell_type == "markdown" and tagged(c, "answer")]
    assert all(CHINESE.search(c.source) for c in written)


def test_a_folder_of_both_editions_gets_the_same_scores_and_feedback_in_each_language(tmp_path):
    """Exercise 00 submitted four times: solved and blank, in English and in Chinese."""
    folder, out = tmp_path / "submissions", tmp_path / "feedback"
    folder.mkdir()
    lesson = next(lesson for lesson in WITH_EXERCISE if lesson.number == "00")
    for name, source in {
        "00_ann_en": REPO_ROOT / lesson.solution,
        "00_bo_zh": zh(lesson.solution),
        "00_cy_en": REPO_ROOT / lesson.exercise,
        "00_di_zh": zh(lesson.exercise),
    }.items():
        (folder / f"{name}.ipynb").write_bytes(source.read_bytes())
    assert main(["check", str(folder), "--feedback", str(out), "--jobs", "2"]) in (0, 1)
    feedback = {path.stem: path.read_text(encoding="utf-8") for path in out.glob("*.md")}
    assert set(feedback) == {"00_ann_en", "00_bo_zh", "00_cy_en", "00_di_zh"}

    def score(text: str) -> str:
        return re.search(r"\*\*(?:Score: |得分：)(\d+ (?:of|/) \d+)\*\*", text)[1].replace(" of ", " / ")

    assert score(feedback["00_ann_en"]) == score(feedback["00_bo_zh"])  # solved: full marks in both
    assert score(feedback["00_cy_en"]) == score(feedback["00_di_zh"])  # blank: nothing in both
    assert score(feedback["00_ann_en"]).split(" / ")[0] == score(feedback["00_ann_en"]).split(" / ")[1]
    assert score(feedback["00_cy_en"]).startswith("0 ")
    for name in ("00_bo_zh", "00_di_zh"):
        assert feedback[name].splitlines()[1].startswith("# 反馈"), feedback[name][:200]
    assert "反馈" not in feedback["00_ann_en"] and "Right." in feedback["00_ann_en"]
    blank_zh = feedback["00_di_zh"]
    assert "✗" in blank_zh and CHINESE.search(blank_zh.split("## ✗", 1)[1].splitlines()[2])
