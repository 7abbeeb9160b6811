"""The answer checks of the Chinese edition (中文版): every verdict, hint and label in Chinese, English unchanged.

The checks write their messages with ``_("…")`` (:mod:`course.i18n`) and the
translations live in ``locale/zh/course.po``. Here: the catalogue is complete;
every question's label and blank answer read in Chinese; each helper's frame
reads as before in English and in Chinese under ``using("zh")``; and every
known mistake and right answer that the lesson check tests exercise is judged
a second time in Chinese as they run (tests/conftest.py, ``_answer_checks_in_chinese_too``).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CHINESE, assert_chinese_twin, english_prose

from course.authoring.translations import check_package
from course.checks import (
    AnswerError,
    answered,
    check_columns,
    check_frame,
    check_ids,
    check_number,
    check_series,
    check_text,
    fail,
    questions,
)
from course.checks.registry import exercises
from course.i18n import language, using

ALL_QUESTIONS = [question for exercise in exercises() for question in questions(exercise)]
QUESTION_IDS = [f"{question.exercise}-q{question.number}" for question in ALL_QUESTIONS]


def test_the_package_catalogue_is_complete():
    assert check_package() == []


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=QUESTION_IDS)
def test_every_question_has_a_chinese_title_and_label(question):
    assert (question.shown_title, question.shown_label) == (f"Question {question.number}", question.label)
    with using("zh"):
        title, label = question.shown_title, question.shown_label
    assert title == f"第 {question.number} 题"
    assert CHINESE.search(label) and not english_prose(label), label
    assert question.title == f"Question {question.number}"  # reports key on the English title, in any language


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=QUESTION_IDS)
def test_the_blank_answer_of_every_question_fails_in_chinese(question):
    blank = [...] * len(question.answers)
    with using("zh"), pytest.raises(AnswerError) as chinese:
        question.judge(blank)
    first = question.answers[0]
    assert str(chinese.value) == f"第 {question.number} 题：`{first}` 仍是 `...`——请把这几个点换成你的代码。"
    with pytest.raises(AnswerError) as english:  # and in English as before, the language restored
        question.judge(blank)
    assert (
        str(english.value) == f"Question {question.number}: `{first}` is still `...` — replace the dots with your code."
    )


def test_a_right_answer_prints_a_chinese_confirmation(b2b, capsys):
    from course.checks import lesson00

    with using("zh"):
        lesson00.q1(len(b2b.customers), b2b)
    assert capsys.readouterr().out == "✓ 第 1 题：`customer_count` 正确。\n"
    lesson00.q1(len(b2b.customers), b2b)
    assert capsys.readouterr().out == "✓ Question 1: `customer_count` is right.\n"
    assert language() == "en"


def test_a_question_with_two_answers_and_a_check_with_its_own_detail_confirm_in_chinese():
    auc = next(question for question in questions("06") if len(question.answers) == 2)
    with using("zh"):
        assert (
            auc.confirmation()
            == f"✓ 第 {auc.number} 题：`auc_model` 正确。\n✓ 第 {auc.number} 题：`auc_recency` 正确。"
        )
        assert auc.confirmation("细节。") == f"✓ 第 {auc.number} 题：细节。"
    assert auc.confirmation() == (
        f"✓ Question {auc.number}: `auc_model` is right.\n✓ Question {auc.number}: `auc_recency` is right."
    )


def _raise(error: AnswerError) -> None:
    raise error


#: One call per message of the helpers, with the text it gives in English (unchanged) and in Chinese. A message
#: a lesson passes in (a mistake, a hint) is translated by the lesson: the helper puts it in as it is given.
HELPERS = [
    (
        lambda: check_number(74.7, 0.747, name="top_share", question="1", mistakes=[(74.7, "that is a percentage.")]),
        "Question 1: `top_share` = 74.7 is not right: that is a percentage.",
        "第 1 题：`top_share` = 74.7 不对：that is a percentage.",
    ),
    (
        lambda: check_number(0.75, 0.747321, name="share", question="1"),
        "Question 1: `share` = 0.75 is the right answer rounded to 2 significant digits: don't round — assign the "
        "full value and round only when you print it.",
        "第 1 题：`share` = 0.75 是正确答案保留 2 位有效数字后的结果：不要先取整——把完整的值赋给变量，只在打印时取整。",
    ),
    (
        lambda: check_number("0.75", 0.747321, name="share", question="1", hint="divide by the total."),
        "Question 1: `share` should be a single number, got str.\nHint: divide by the total.",
        "第 1 题：`share` 应为单个数值，得到的是 str。\n提示：divide by the total.",
    ),
    (
        lambda: check_number(2, 3, name="n", question="2"),
        "Question 2: `n` = 2 is not right.",
        "第 2 题：`n` = 2 不对。",
    ),
    (
        lambda: check_columns([1], ["a"], name="t", question="3"),
        "Question 3: `t` should be a DataFrame, got list.",
        "第 3 题：`t` 应为 DataFrame，得到的是 list。",
    ),
    (
        lambda: check_columns(pd.DataFrame({"a": [1]}), ["a", "b"], name="t", question="3"),
        "Question 3: `t` lacks the column(s) 'b'; it has 'a'.",
        "第 3 题：`t` 缺少列 'b'；它现有的列是 'a'。",
    ),
    (
        lambda: check_series(2.0, pd.Series({"a": 1.0}), name="s", question="4"),
        "Question 4: `s` should be a pandas Series, got float.",
        "第 4 题：`s` 应为 pandas Series，得到的是 float。",
    ),
    (
        lambda: check_series(pd.Series({"a": 1.0}), pd.Series({"a": 1.0, "b": 2.0}), name="s", question="4"),
        "Question 4: `s`: 1 values, 2 expected.",
        "第 4 题：`s`：有 1 个值，应为 2 个。",
    ),
    (
        lambda: check_series(pd.Series({"a": 1.0, "c": 2.0}), pd.Series({"a": 1.0, "b": 2.0}), name="s", question="4"),
        "Question 4: `s`: labels missing, e.g. ['b'].",
        "第 4 题：`s`：缺少标签，例如 ['b']。",
    ),
    (
        lambda: check_series(
            pd.Series({"b": 2.0, "a": 1.0}), pd.Series({"a": 1.0, "b": 2.0}), name="s", question="4", check_order=True
        ),
        "Question 4: `s`: right values, wrong order.",
        "第 4 题：`s`：值是对的，顺序不对。",
    ),
    (
        lambda: check_series(pd.Series({"a": 1.0, "b": 3.0}), pd.Series({"a": 1.0, "b": 2.0}), name="s", question="4"),
        "Question 4: `s`: 1 values differ; e.g. at 'b': got 3, expected 2.",
        "第 4 题：`s`：有 1 个值不同；例如在 'b' 处：得到 3，应为 2。",
    ),
    (
        lambda: check_series(
            pd.Series({"a": 0.3, "b": 0.7}), pd.Series({"a": 0.250165, "b": 0.749835}), name="s", question="4"
        ),
        "Question 4: `s`: 2 values are the right ones rounded, some to fewer than 3 significant digits: don't round "
        "— assign the full values and round only when you print them.",
        "第 4 题：`s`：有 2 个值是正确值取整后的结果，其中一些保留的有效数字少于 3 位：不要先取整——把完整的值赋给变量，"
        "只在打印时取整。",
    ),
    (
        lambda: check_series(
            pd.Series({"a": 2.0}),
            pd.Series({"a": 1.0}),
            name="s",
            question="4",
            mistakes=[(pd.Series({"a": 2.0}), "x.")],
        ),
        "Question 4: `s` is not right: x.",
        "第 4 题：`s` 不对：x.",
    ),
    (
        lambda: check_frame(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1, 2]}), name="t", question="5"),
        "Question 5: `t` has 1 rows; 2 were expected.",
        "第 5 题：`t` 有 1 行；应为 2 行。",
    ),
    (
        lambda: check_frame(pd.DataFrame({"a": [1, 3]}), pd.DataFrame({"a": [1, 2]}), name="t", question="5"),
        "Question 5: column 'a' of `t`: 1 values differ; e.g. at 1: got 3, expected 2.",
        "第 5 题：`t` 的列 'a'：有 1 个值不同；例如在 1 处：得到 3，应为 2。",
    ),
    (
        lambda: check_text("maybe", choices=["yes", "no"], expected="yes", name="answer", question="6"),
        "Question 6: `answer` should be one of ['no', 'yes'], got 'maybe'.",
        "第 6 题：`answer` 应为 ['no', 'yes'] 之一，得到的是 'maybe'。",
    ),
    (
        lambda: check_text("no", choices=["yes", "no"], expected="yes", name="answer", question="6"),
        "Question 6: `answer` = 'no' is not right.",
        "第 6 题：`answer` = 'no' 不对。",
    ),
    (
        lambda: check_ids(3, ["C1"], name="ids", question="7"),
        "Question 7: `ids` should be a collection of ids (a list, set or Index), got int.",
        "第 7 题：`ids` 应为一组编号（list、set 或 Index），得到的是 int。",
    ),
    (
        lambda: check_ids(["C1", "C3"], ["C1", "C2"], name="ids", question="7"),
        "Question 7: `ids` has 2 ids, 2 expected: 1 missing (e.g. ['C2']); 1 that should not be there (e.g. ['C3']).",
        "第 7 题：`ids` 有 2 个编号，应为 2 个：缺少 1 个（例如 ['C2']）；多出 1 个不该有的（例如 ['C3']）。",
    ),
    (
        lambda: check_ids(["C1"], ["C1", "C2"], name="ids", question="7"),
        "Question 7: `ids` has 1 ids, 2 expected: 1 missing (e.g. ['C2']).",
        "第 7 题：`ids` 有 1 个编号，应为 2 个：缺少 1 个（例如 ['C2']）。",
    ),
    (
        lambda: check_ids(["C3"], ["C1"], name="ids", question="7", mistakes=[(["C3"], "x.")]),
        "Question 7: `ids` is not right: x.",
        "第 7 题：`ids` 不对：x.",
    ),
    (
        lambda: answered(None, name="x", question="8"),
        "Question 8: `x` is None.\nHint: a function without `return`, or a method such as "
        "`.sort_values(inplace=True)`, gives None.",
        "第 8 题：`x` 是 None。\n提示：没有 `return` 的函数，或 `.sort_values(inplace=True)` 这类方法，返回的是 None。",
    ),
    (
        lambda: _raise(fail("`x` is negative.", "a share lies between 0 and 1.", question="9")),
        "Question 9: `x` is negative.\nHint: a share lies between 0 and 1.",
        "第 9 题：`x` is negative.\n提示：a share lies between 0 and 1.",
    ),
]


@pytest.mark.parametrize(("call", "english", "chinese"), HELPERS, ids=[f"{i:02d}" for i in range(len(HELPERS))])
def test_each_helper_speaks_chinese_and_its_english_is_unchanged(call, english, chinese):
    with using("zh"), pytest.raises(AnswerError) as translated:
        call()
    assert str(translated.value) == chinese
    with pytest.raises(AnswerError) as original:
        call()
    assert str(original.value) == english


def test_the_chinese_twin_of_a_verdict_must_be_chinese_throughout():
    english = "Question 1: `revenue` is not right: that is the margin, not the revenue.\nHint: sum the revenue."
    assert_chinese_twin(english, "第 1 题：`revenue` 不对：这是毛利，不是收入。\n提示：对收入求和。")
    for untranslated in [
        "第 1 题：`revenue` 不对：that is the margin.\n提示：对收入求和。",  # a mistake left in English
        "第 1 题：`revenue` 不对：这是毛利，不是收入。\n提示：sum the revenue.",  # a hint left in English
        english,  # nothing translated
        "第 2 题：`revenue` 不对：这是毛利，不是收入。\n提示：对收入求和。",  # another question
    ]:
        with pytest.raises(AssertionError):
            assert_chinese_twin(english, untranslated)
