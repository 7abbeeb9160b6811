"""Shared fixtures and helpers of the test suite."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

from course import REPO_ROOT
from course.syllabus import lessons

# Property tests: no per-example deadline (CI machines are shared and slow at times) and a
# fixed example sequence, so a run is reproducible and a red CI is never luck.
settings.register_profile("course", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")

#: Parameter sets under which every solution must still pass (papermill):
#: the checks judge the method, not one dataset.
OTHER_PARAMETERS = [
    {"seed": 7, "n_customers": 1200},
    {"seed": 2025, "n_customers": 3000},
]

READY = [lesson for lesson in lessons() if lesson.ready]

# ----------------------------------------------------------------- the checks in Chinese (test_checks_lesson*.py)

#: A Chinese character.
CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Three or more English words in a row: a phrase of prose (code, ids and numbers rarely make one).
_PROSE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
#: What a message quotes rather than says: `code`, 'values' and "values".
_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")
#: The frame of a verdict's line, in either language: "Question 3: ", "✓ 第 3 题：", "Hint: " …
_FRAME = re.compile(r"^(?:✓ )?(?:Question [\d.]+: |第 [\d.]+ 题：)|^(?:Hint: |提示：)")
#: How many check verdicts of each lesson check module had their Chinese twin compared: {(module, "wrong"): n, …}.
MIRRORED: Counter = Counter()
#: The modules whose every check verdict is judged a second time in Chinese: the lesson check tests.
MIRRORED_MODULES = "test_checks_lesson"


def english_prose(text: str) -> list[str]:
    """The phrases of English prose in ``text``: three or more words in a row, outside quotes and code spans.

    Examples
    --------
    >>> english_prose("第 1 题：`revenue` 不对：这是毛利，不是收入。")
    []
    >>> english_prose("第 1 题：`revenue` 不对：that is the margin, not the revenue.")
    ['that is the margin', 'not the revenue']
    """
    return [phrase.strip(" ,") for phrase in _PROSE.findall(_QUOTED.sub(" ", text))]


def assert_chinese_twin(english: str, chinese: str) -> None:
    """``chinese`` is the Chinese edition of the check's ``english`` verdict: same question, Chinese, no English prose.

    Both are what a trainee reads: an error's text (message, then a line "Hint: …") or the ✓ lines of a right
    answer. Line by line, the Chinese says in Chinese what the English says in words (a hint made only of code
    stays code), and no phrase of English prose is left in it.
    """
    numbers = re.findall(r"^(?:✓ )?Question ([\d.]+)", english, re.MULTILINE)
    assert re.findall(r"^(?:✓ )?第 ([\d.]+) 题：", chinese, re.MULTILINE) == numbers, (english, chinese)
    english_lines, chinese_lines = english.splitlines(), chinese.splitlines()
    assert len(chinese_lines) == len(english_lines), (english, chinese)
    for said, translated in zip(english_lines, chinese_lines, strict=True):
        said, translated = _FRAME.sub("", said), _FRAME.sub("", translated)
        if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", _QUOTED.sub(" ", said)):  # words, not only code
            assert CHINESE.search(translated), f"not translated: {translated!r} (English: {said!r})"
    left = english_prose(chinese)
    assert not left, f"English left in the Chinese verdict {chinese!r}: {left}"


@pytest.fixture(autouse=True)
def _answer_checks_in_chinese_too(request, monkeypatch):
    """In the lesson check tests, every check a test runs is judged again in Chinese, with the same answers.

    The test itself runs and asserts in English; each verdict's Chinese twin
    must be the same verdict (pass or fail) in Chinese (:func:`assert_chinese_twin`),
    so every known mistake the lesson check tests exercise is exercised in Chinese
    (tests/test_checks_chinese.py checks the rest of the Chinese checks).
    """
    module = request.module.__name__
    if not module.startswith(MIRRORED_MODULES):
        yield
        return
    from course.checks import AnswerError, Question
    from course.i18n import using

    judge = Question.judge

    def judged_twice(self, values, db=None):
        __tracebackhide__ = True
        try:
            english = judge(self, values, db)
        except AnswerError as error:
            with using("zh"), pytest.raises(AnswerError) as twin:
                judge(self, values, db)
            assert_chinese_twin(str(error), str(twin.value))
            MIRRORED[module, "wrong"] += 1
            raise
        with using("zh"):
            assert_chinese_twin(english, judge(self, values, db))
        MIRRORED[module, "right"] += 1
        return english

    monkeypatch.setattr(Question, "judge", judged_twice)
    yield


@pytest.fixture(scope="module", autouse=True)
def _the_module_judged_checks_in_chinese(request):
    """After a lesson check module: its known mistakes and right answers were judged in Chinese (not bypassed)."""
    yield
    module, config = request.module.__name__, request.config
    # only when whole modules run: a test picked with -k or file::test may judge no right answer at all
    whole = not config.option.keyword and not config.option.markexpr and not any("::" in a for a in config.args)
    if module.startswith(MIRRORED_MODULES) and whole and not request.session.testsfailed:
        judged = MIRRORED[module, "wrong"], MIRRORED[module, "right"]
        assert all(judged), f"{module}: (wrong, right) answers judged in Chinese too: {judged}"


WITH_EXERCISE = [lesson for lesson in READY if lesson.solution]


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def b2b():
    """The shipped B2B database, loaded once per test session."""
    from course.data import load_b2b

    return load_b2b()


def answer_check_tests(exercise, *, detailed=()):
    """The three tests every lesson's answer checks share, for a test module with an ``answers`` fixture.

    They cover each question of ``exercise`` (``"01"``) in the check registry
    that takes one answer; the answer's name is also the key of its right
    answer in ``answers``. For each, the blank ``...`` and ``None`` fail with
    their own message and the right answer passes with the confirmation
    printed once: "✓ Question 2: `top_share` is right." -- or, for the answers
    named in ``detailed`` (a check that returns its own detail), that line with
    a detail in brackets before the full stop. Bind the tests to ``test_``
    names in the module so that pytest collects them::

        test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails = answer_check_tests("01")
    """
    from course.checks import AnswerError, questions

    cases = [question for question in questions(exercise) if len(question.answers) == 1]
    unknown = set(detailed) - {question.answers[0] for question in cases}
    assert not unknown, f"no question of exercise {exercise} has the answer(s) {sorted(unknown)}"
    parametrize = pytest.mark.parametrize("question", cases, ids=[question.answers[0] for question in cases])

    def check(question):
        return getattr(importlib.import_module(f"course.checks.lesson{exercise}"), f"q{question.number}")

    @parametrize
    def test_blank_fails_with_its_own_message(question, b2b):
        blank = rf"`{re.escape(question.answers[0])}` is still `\.\.\.` — replace the dots with your code\."
        with pytest.raises(AnswerError, match=blank):
            check(question)(..., b2b)

    @parametrize
    def test_right_answer_passes(question, b2b, answers, capsys):
        name = question.answers[0]
        check(question)(answers[name], b2b)
        out = capsys.readouterr().out
        if name in detailed:
            assert re.fullmatch(rf"✓ Question {question.number}: `{re.escape(name)}` is right \([^\n]+\)\.\n", out), out
        else:
            assert out == f"✓ Question {question.number}: `{name}` is right.\n"

    @parametrize
    def test_none_fails(question, b2b):
        with pytest.raises(AnswerError, match=rf"`{re.escape(question.answers[0])}` is None"):
            check(question)(None, b2b)

    return test_blank_fails_with_its_own_message, test_right_answer_passes, test_none_fails
