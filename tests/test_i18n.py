"""The lesson's language (course.i18n): messages from the package catalogue, tables and figures shown in Chinese."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import polib
import pytest

import course
from course import i18n
from course.i18n import _display


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """A made-up locale/ folder: a package catalogue and one notebook catalogue with output words."""
    folder = tmp_path / "locale" / "zh"
    (folder / "notebooks" / "notebooks").mkdir(parents=True)
    package = polib.POFile()
    package.append(polib.POEntry(msgid="Question {number}: correct.", msgstr="第 {number} 题：正确。"))
    package.append(polib.POEntry(msgid="Not yet.", msgstr="还没有。", flags=["fuzzy"]))  # fuzzy: stays English
    package.save(str(folder / "course.po"))
    words = polib.POFile()
    words.append(polib.POEntry(msgctxt="output", msgid="Revenue by month", msgstr="各月收入"))
    words.append(
        polib.POEntry(msgctxt="output", msgid="Top {}% of customers ({} CNY)", msgstr="前 {}% 的客户（{} 元）")
    )
    words.append(polib.POEntry(msgid="A paragraph.", msgstr="一段话。"))  # prose: not a word of an output
    words.save(str(folder / "notebooks" / "notebooks" / "01_x.po"))
    monkeypatch.setattr(i18n._language, "LOCALE_DIR", tmp_path / "locale")
    i18n.catalogue_table.cache_clear()
    yield folder
    i18n.catalogue_table.cache_clear()


def test_the_language_is_english_until_set_and_only_the_course_languages_are_accepted():
    assert i18n.language() == "en"
    with pytest.raises(ValueError, match="'fr' is not a language of the course"):
        course.set_language("fr")
    with i18n.using("zh"):
        assert i18n.language() == "zh"
    assert i18n.language() == "en"


def test_gettext_translates_in_chinese_only_and_keeps_fuzzy_entries_english(catalogue):
    assert i18n.gettext("Question {number}: correct.") == "Question {number}: correct."
    with i18n.using("zh"):
        assert i18n.gettext("Question {number}: correct.").format(number=3) == "第 3 题：正确。"
        assert i18n.gettext("Not yet.") == "Not yet."
        assert i18n.gettext("Never seen.") == "Never seen."


def test_labels_come_from_the_glossary_then_the_output_words_with_numbers_put_back(catalogue):
    with i18n.using("zh"):
        assert i18n.translate_label("strategic") == "战略客户"
        assert i18n.translate_label("Revenue by month") == "各月收入"
        assert i18n.translate_label("Top 20% of customers (1,234.5 CNY)") == "前 20% 的客户（1,234.5 元）"
        assert i18n.translate_label("A paragraph.") == "A paragraph."  # prose entries are not output words
        assert i18n.translate_label("C00001") == "C00001"
    assert i18n.translate_label("Revenue by month") == "Revenue by month"


def test_words_without_chinese_are_noted_for_the_translator(catalogue, tmp_path, monkeypatch):
    noted = tmp_path / "words.txt"
    monkeypatch.setenv(i18n.MISSING_LABELS_ENV, str(noted))
    with i18n.using("zh"):
        i18n.translate_label("Orders per week")
        i18n.translate_label("Top 5% of 300 buyers")
        i18n.translate_label("2024")  # no English word: nothing to translate
    assert noted.read_text(encoding="utf-8").splitlines() == ["Orders per week", "Top {}% of {} buyers"]


def test_a_table_is_shown_with_chinese_labels_and_is_not_changed(catalogue):
    table = pd.DataFrame(
        {"tier": pd.Categorical(["strategic", "general"]), "revenue": [3.0, 9.0]},
        index=pd.Index(["C00001", "C00002"], name="customer_id"),
    )
    before = table.copy()
    with i18n.using("zh"):
        shown = _display.localised(table)
    assert list(shown.columns) == ["客户层级（tier）", "购买金额（revenue）"]
    assert list(shown["客户层级（tier）"]) == ["战略客户", "一般客户"]
    assert list(shown.index) == ["C00001", "C00002"]
    pd.testing.assert_frame_equal(table, before)


def test_a_figure_is_drawn_with_chinese_texts(catalogue):
    figure, ax = plt.subplots()
    ax.bar(["strategic", "general"], [3, 9], label="Revenue by month")
    ax.set_title("Top 20% of customers (5 CNY)")
    ax.legend()
    with i18n.using("zh"):
        _display.translate_figure(figure)
    assert ax.get_title() == "前 20% 的客户（5 元）"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["战略客户", "一般客户"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["各月收入"]
    plt.close(figure)


def test_a_money_axis_counts_in_wan_when_drawn_in_chinese():
    from course.plots import format_money_axis, use_course_style

    with plt.rc_context():
        use_course_style()  # its CJK font draws 万
        figure, ax = plt.subplots()
        ax.bar(["a", "b"], [250_000, 2_500_000])
        format_money_axis(ax)

        def ticks():
            figure.canvas.draw()
            return [t.get_text() for t in ax.get_yticklabels()][1:3]

        assert ticks() == ["500k", "1M"]
        with i18n.using("zh"):
            assert ticks() == ["50万", "100万"]
        plt.close(figure)


def test_the_display_hooks_show_chinese_in_an_ipython_shell_and_english_again_after(catalogue):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    table = pd.DataFrame({"tier": ["strategic"], "revenue": [3.0]})
    english = shell.display_formatter.format(table)[0]
    try:
        course.set_language("zh")
        chinese = shell.display_formatter.format(table)[0]
        assert "战略客户" in chinese["text/html"] and "购买金额" in chinese["text/plain"]
        assert "strategic" not in chinese["text/html"]
    finally:
        course.set_language("en")
    assert shell.display_formatter.format(table)[0] == english
    assert "strategic" in english["text/html"]
