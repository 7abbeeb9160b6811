"""The Chinese edition's machinery (course.authoring.translations): units, catalogues, generation, the checks.

The round trip runs on a small made-up notebook in a temporary repository; the last tests run the rules on
every catalogue and Chinese notebook the repository holds (only the ones that exist, so they pass while the
edition grows lesson by lesson).
"""

from __future__ import annotations

import nbformat
import polib
import pytest

from course import REPO_ROOT
from course.authoring import translations as tr
from course.authoring.cli import main
from course.authoring.notebooks import read_notebook, write_notebook
from course.validation import CourseInputError

INTRO = "# Demo lesson\n\nCustomers who buy often\nare worth a visit.\n\n- first point\n- second point, longer"
TABLE = "| table | one row per |\n|---|---|\n| `orders` | order line |\n| `x` | 01–07 |"
CODE = (
    "# NBVAL_CHECK_OUTPUT\n"
    "# Load the data: the shipped\n"
    "# database by default.\n"
    "x = [1, 2, 3]  # three values\n"
    "print('# not a comment', sum(x))"
)


def demo_notebook(intro: str = INTRO, *, parameters: bool = False) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(intro)]
    if parameters:
        cells.append(nbformat.v4.new_code_cell("# The data.\nseed = 42", metadata={"tags": ["parameters"]}))
    cells += [
        nbformat.v4.new_code_cell(CODE),
        nbformat.v4.new_markdown_cell(TABLE),
        nbformat.v4.new_markdown_cell("```python\nx = 1  # not prose\n```\n\nSee `x`."),
    ]
    return nbformat.v4.new_notebook(cells=cells)


@pytest.fixture
def repo(tmp_path):
    """A temporary repository with one English lesson, ``notebooks/01_demo.ipynb``."""
    (tmp_path / "notebooks").mkdir()
    write_notebook(demo_notebook(), tmp_path / "notebooks" / "01_demo.ipynb")
    return tmp_path


def translate_all(po_path, prefix="中文："):
    """Translate every untranslated entry of a catalogue as a translator would (and clear fuzzy marks)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if not entry.obsolete and not entry.msgstr:
            entry.msgstr = prefix + entry.msgid
    po.save(str(po_path))


def entries(po_path):
    return {e.msgid: e for e in polib.pofile(str(po_path))}


# ---------------------------------------------------------------- the units
def test_markdown_units_are_paragraphs_headings_items_and_table_cells():
    units = tr.units(demo_notebook())
    markdown = [u.text for u in units if u.kind == "markdown"]
    assert markdown == [
        "Demo lesson",
        "Customers who buy often are worth a visit.",  # lines joined: a rewrap is no change
        "first point",
        "second point, longer",
        "table",
        "one row per",
        "order line",  # `orders`, `x` and 01–07 have no words to translate
        "See `x`.",  # the fenced code block is kept as it is
    ]
    assert {u.cell for u in units if u.text.startswith("first")} == {0}


def test_a_wrapped_number_does_not_start_a_list_item():
    source = "Revenue per year (e.g.\n2024) as a Series.\n\n1. first\n2. second"
    assert [tr.unit_text(source[a:b]) for a, b in tr.markdown_spans(source)] == [
        "Revenue per year (e.g. 2024) as a Series.",
        "first",
        "second",
    ]


def test_comment_units_skip_markers_pragmas_and_strings():
    code = (
        "# NBVAL_CHECK_OUTPUT\n### BEGIN SOLUTION\nimport os  # noqa: F401\ns = 'a # b'  # why s\n    # indented one\n"
    )
    assert [tr.unit_text(code[a:b], comment=True) for a, b in tr.comment_spans(code)] == ["why s", "indented one"]
    comments = [u.text for u in tr.units(demo_notebook()) if u.kind == "code comment"]
    assert comments == ["Load the data: the shipped database by default.", "three values"]


def test_code_without_comments_keeps_strings_and_drops_comment_lines():
    assert tr.code_without_comments(CODE) == "x = [1, 2, 3]\nprint('# not a comment', sum(x))"
    assert tr.code_without_comments("%matplotlib inline\n# a note\nx = 1") == "%matplotlib inline\nx = 1"


# ---------------------------------------------------------------- the round trip
def test_extract_translate_generate_gives_the_english_code_in_chinese_prose(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    report = tr.extract(english, root=repo)
    po_path = repo / "locale" / "zh" / "notebooks" / "notebooks" / "01_demo.po"
    assert tr.catalogue_path(english, root=repo) == po_path and po_path.exists()
    assert (report.total, report.new, report.fuzzy, report.obsolete) == (10, 10, 0, 0)
    entry = entries(po_path)["three values"]
    assert entry.occurrences == [("notebooks/01_demo.ipynb", "1")] and entry.comment == "code comment"

    translate_all(po_path)
    target = tr.generate(english, root=repo, execute=False).notebook
    assert target == repo / "zh" / "notebooks" / "01_demo.ipynb"
    chinese = read_notebook(target)
    added = chinese.cells[1]  # the lesson has no parameters cell: one is added
    assert added.cell_type == "code" and added.source == f'{tr.LANGUAGE_COMMENT}\nlang = "zh"'
    assert added.metadata["tags"] == ["parameters"] and added.metadata["slideshow"] == {"slide_type": "skip"}
    assert chinese.cells[0].source.splitlines() == [
        "# 中文：Demo lesson",
        "",
        "中文：Customers who buy often are worth a visit.",
        "",
        "- 中文：first point",
        "- 中文：second point, longer",
    ]
    assert chinese.cells[2].source == (
        "# NBVAL_CHECK_OUTPUT\n"
        "# 中文：Load the data: the shipped database by default.\n"
        "x = [1, 2, 3]  # 中文：three values\n"
        "print('# not a comment', sum(x))"
    )
    assert chinese.cells[3].source.splitlines()[2] == "| `orders` | 中文：order line |"
    assert "x = 1  # not prose" in chinese.cells[4].source
    assert tr.code_differences(read_notebook(english), chinese) == []
    assert tr.check(english, root=repo) == []


def test_a_translators_line_breaks_become_comment_lines(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    po_path = repo / "locale" / "zh" / "notebooks" / "notebooks" / "01_demo.po"
    tr.extract(english, root=repo)
    po = polib.pofile(str(po_path))
    po.find("Load the data: the shipped database by default.").msgstr = "读取数据：\n默认用随课程提供的数据库。"
    po.save(str(po_path))
    chinese = read_notebook(tr.generate(english, root=repo, execute=False).notebook)
    assert chinese.cells[2].source.splitlines()[1:3] == ["# 读取数据：", "# 默认用随课程提供的数据库。"]
    assert tr.code_differences(read_notebook(english), chinese) == []


def test_the_parameters_cell_gets_the_language(tmp_path):
    (tmp_path / "solutions").mkdir()
    english = tmp_path / "solutions" / "01_demo.ipynb"
    write_notebook(demo_notebook(parameters=True), english)
    tr.extract(english, root=tmp_path)
    chinese = read_notebook(tr.generate(english, root=tmp_path, execute=False).notebook)
    assert chinese.cells[1].source == '# The data.\nseed = 42\nlang = "zh"'  # untranslated: stays English
    assert len(chinese.cells) == 5 and tr.code_differences(read_notebook(english), chinese) == []


def test_changed_text_turns_fuzzy_and_new_text_is_untranslated(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    po_path = tr.catalogue_path(english, root=repo)
    tr.extract(english, root=repo)
    translate_all(po_path)
    tr.generate(english, root=repo, execute=False)
    changed = INTRO.replace("buy often", "buy very often") + "\n\nA brand-new paragraph about prospects."
    write_notebook(demo_notebook(changed), english)

    report = tr.extract(english, root=repo)
    assert (report.new, report.fuzzy, report.obsolete) == (1, 1, 0)
    fuzzy = entries(po_path)["Customers who buy very often are worth a visit."]
    assert "fuzzy" in fuzzy.flags and fuzzy.previous_msgid == "Customers who buy often are worth a visit."
    assert fuzzy.msgstr == "中文：Customers who buy often are worth a visit."  # the old translation kept

    problems = tr.check(english, root=repo)
    assert problems == [
        "notebooks/01_demo.ipynb, cell 0 (markdown): changed since it was translated (fuzzy): "
        "'Customers who buy very often are worth a visit.'",
        "notebooks/01_demo.ipynb, cell 0 (markdown): untranslated: 'A brand-new paragraph about prospects.'",
        "notebooks/01_demo.ipynb: zh/notebooks/01_demo.ipynb is out of date with its catalogue (run generate)",
    ]
    chinese = read_notebook(tr.generate(english, root=repo, execute=False).notebook)
    assert "Customers who buy very often" in chinese.cells[0].source  # fuzzy: the English stays
    assert "A brand-new paragraph about prospects." in chinese.cells[0].source


def test_vanished_text_becomes_obsolete_and_comes_back_translated(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    po_path = tr.catalogue_path(english, root=repo)
    tr.extract(english, root=repo)
    translate_all(po_path)
    write_notebook(demo_notebook("# Demo lesson"), english)
    assert tr.extract(english, root=repo).obsolete == 3
    po = polib.pofile(str(po_path))
    assert {e.msgid for e in po.obsolete_entries()} == {
        "Customers who buy often are worth a visit.",
        "first point",
        "second point, longer",
    }
    assert "#~ msgid" in po_path.read_text(encoding="utf-8")
    write_notebook(demo_notebook(), english)
    tr.extract(english, root=repo)
    tr.generate(english, root=repo, execute=False)
    assert tr.check(english, root=repo) == []  # the old translations are back, not fuzzy
    assert not polib.pofile(str(po_path)).obsolete_entries()


def test_extract_keeps_translations_and_flags_of_unchanged_text(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    po_path = tr.catalogue_path(english, root=repo)
    tr.extract(english, root=repo)
    translate_all(po_path)
    before = po_path.read_text(encoding="utf-8")
    assert tr.extract(english, root=repo).new == 0
    assert po_path.read_text(encoding="utf-8") == before  # extracting twice changes nothing


def test_check_names_a_translation_without_the_glossary_term(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    write_notebook(demo_notebook("Serve strategic customers first; keep it short."), english)
    po_path = tr.catalogue_path(english, root=repo)
    tr.extract(english, root=repo)
    translate_all(po_path)
    tr.generate(english, root=repo, execute=False)
    po = polib.pofile(str(po_path))
    entry = po.find("Serve strategic customers first; keep it short.")
    entry.msgstr = "先服务重要客户；简短些。"
    entry.tcomment = "not the glossary term: keep"  # "keep" is a management tier's code, not meant here
    po.save(str(po_path))
    tr.generate(english, root=repo, execute=False)
    assert tr.check(english, root=repo) == [
        "notebooks/01_demo.ipynb, cell 0: 'Serve strategic customers first; keep it short.': "
        "'strategic customer' should read 战略客户"
    ]
    entry.msgstr = "先服务战略客户；简短些。"
    po.save(str(po_path))
    tr.extract(english, root=repo)  # keeps the translator's comment
    assert polib.pofile(str(po_path)).find(entry.msgid).tcomment == "not the glossary term: keep"
    tr.generate(english, root=repo, execute=False)
    assert tr.check(english, root=repo) == []


def test_check_names_a_missing_catalogue_and_a_missing_chinese_notebook(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    with pytest.raises(CourseInputError, match=r"notebooks/01_demo.ipynb: no catalogue .*translations extract"):
        tr.check(english, root=repo)
    tr.extract(english, root=repo)
    translate_all(tr.catalogue_path(english, root=repo))
    assert tr.check(english, root=repo) == [
        "notebooks/01_demo.ipynb: no Chinese notebook zh/notebooks/01_demo.ipynb (run generate)"
    ]
    with pytest.raises(CourseInputError, match="not a notebook of the repository"):
        tr.extract(REPO_ROOT.parent / "elsewhere.ipynb", root=repo)


def test_code_differences_finds_changed_code_and_cells(repo):
    english = read_notebook(repo / "notebooks" / "01_demo.ipynb")
    chinese = tr.translate_notebook(english, polib.POFile())
    assert tr.code_differences(english, chinese) == []
    chinese.cells[2].source = chinese.cells[2].source.replace("[1, 2, 3]", "[1, 2, 4]")
    assert tr.code_differences(english, chinese) == [
        "Chinese cell 2 (English cell 1): its code differs from the English code"
    ]
    del chinese.cells[3]
    assert tr.code_differences(english, chinese) == ["the cells differ in number or kind: English 4, Chinese 3"]


def test_a_broken_catalogue_is_named(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    po_path = tr.catalogue_path(english, root=repo)
    po_path.parent.mkdir(parents=True)
    po_path.write_text('msgid "x"\nmsgstr "y"\nnot a po line\n', encoding="utf-8")
    with pytest.raises(CourseInputError, match=r"01_demo.po: not a readable PO catalogue \(Syntax error .*line 3\)"):
        tr.extract(english, root=repo)


# ---------------------------------------------------------------- the repository's edition (what exists of it)
TRANSLATED = tr.translated_notebooks()


def test_the_cli_names_a_notebook_without_catalogue(capsys):
    assert main(["translations", "check", "notebooks/99_nothing.ipynb"]) == 2
    assert "notebooks/99_nothing.ipynb: no such notebook" in capsys.readouterr().err


@pytest.mark.parametrize("english", TRANSLATED, ids=[p.relative_to(REPO_ROOT).as_posix() for p in TRANSLATED])
def test_every_catalogue_is_complete_and_its_chinese_notebook_current(english):
    assert tr.check(english) == []


@pytest.mark.parametrize("english", TRANSLATED, ids=[p.relative_to(REPO_ROOT).as_posix() for p in TRANSLATED])
def test_every_chinese_notebook_has_the_english_code(english):
    chinese = tr.chinese_path(english)
    assert tr.code_differences(read_notebook(english), read_notebook(chinese)) == []
    assert 'lang = "zh"' in tr.code_without_comments(
        next(c.source for c in read_notebook(chinese).cells if "parameters" in c.metadata.get("tags", []))
    )


def test_words_of_the_outputs_are_added_kept_by_extract_and_named_by_check(repo):
    english = repo / "notebooks" / "01_demo.ipynb"
    tr.extract(english, root=repo)
    po_path = tr.catalogue_path(english, root=repo)
    translate_all(po_path)
    assert tr.add_output_words(english, ["Revenue by month", "Top {}% of {}", "Revenue by month"], root=repo) == [
        "Revenue by month",
        "Top {}% of {}",
    ]
    assert tr.add_output_words(english, ["Revenue by month"], root=repo) == []  # known already
    tr.generate(english, root=repo, execute=False)
    problems = tr.check(english, root=repo)
    assert any("a word of its figures or tables: untranslated: 'Revenue by month'" in p for p in problems), problems
    tr.extract(english, root=repo)  # the English changed nothing: the output words stay, untranslated
    words = {e.msgid: e for e in polib.pofile(str(po_path)) if e.msgctxt == "output"}
    assert set(words) == {"Revenue by month", "Top {}% of {}"} and not any(e.obsolete for e in words.values())
    translate_all(po_path)
    assert tr.check(english, root=repo) == []


def test_the_package_catalogue_names_untranslated_messages_and_wrong_fields(tmp_path):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "m.py").write_text(
        'from course.i18n import gettext as _\n_("Question {number}: correct.")\n_("Right.")\n'
    )
    found = tr.package_messages(tmp_path)
    assert {"Question {number}: correct.", "Right."} <= set(found)
    assert found["Right."][0] == [("course/m.py", "3")]
    tr.extract_package(root=tmp_path)
    po_path = tr.package_catalogue_path(root=tmp_path)
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid == "Question {number}: correct.":
            entry.msgstr = "第 {n} 题：正确。"  # a field renamed: .format(number=…) would fail
    po.save(str(po_path))
    problems = tr.check_package(root=tmp_path)
    assert any("{fields} differ from the English: 'Question {number}: correct.'" in p for p in problems), problems
    assert any("course/m.py:3: untranslated: 'Right.'" in p for p in problems), problems
