"""The check registry: every question of every exercise, declared once, next to its check.

A lesson's check module (``course.checks.lesson03``) declares each question
with the :func:`question` decorator::

    @question(N_("monetary = total completed revenue per customer"))
    def q3(monetary, db):
        check_series(monetary, expected_from(db), hint=_("..."))

and that declaration is the one place that says

* the **exercise** -- from the module's name (``lesson03`` → ``"03"``);
* the **question number** -- from the function's name (``q3`` → ``"3"``,
  ``q1_2`` → ``"1.2"``);
* its **label**, for reports and feedback (marked with ``N_`` for the package
  catalogue; :attr:`Question.shown_label` is its translation);
* the **answers** the notebook must define -- the function's parameters
  before ``db`` (``monetary``);
* the **check** itself -- the function's body.

The decorated function is what a notebook calls, ``check.q3(monetary, db)``.
It first runs :func:`answered` on every answer (``...`` and ``None`` fail with
their own message), then the body with the question as context, so the
helpers of :mod:`course.checks` know the question number and the answer's
name without being told; the body raises :class:`AnswerError` for a wrong
answer and returns ``None`` (or a custom detail for the confirmation). Only
then is the confirmation printed, exactly once:
``✓ Question 3: `monetary` is right.``

Every message is in the language of :mod:`course.i18n` (a Chinese exercise
calls ``course.set_language("zh")``; the grader uses ``course.i18n.using``):
the checks write each text with ``_("…")`` and named fields, formatted after
translating, and the translations live in ``locale/zh/course.po``.

The grader (``python -m course check``) reads the same registry with
:func:`questions` and calls :meth:`Question.judge` in its own process.

Examples
--------
>>> from course.checks.registry import questions
>>> [(q.number, q.answers) for q in questions("03")][:2]
[('1', ('recency',)), ('2', ('frequency',))]
>>> questions("03")[2].title, questions("03")[2].label
('Question 3', 'monetary = total completed revenue per customer')
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import inspect
import os
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from course.i18n import gettext as _

__all__ = [
    "PASS_MARK",
    "GRADING_ENV",
    "AnswerError",
    "Question",
    "question",
    "questions",
    "exercises",
    "current_question",
    "answer_name",
    "fail",
    "answered",
]

#: Printed before a confirmation, so a trainee spots it.
PASS_MARK = "✓"
#: Set to "1" in the kernel that the grader runs a submission in: the notebook's check cells then do
#: nothing, since the grader judges the collected answers itself (and their verdict would not count).
GRADING_ENV = "COURSE_GRADING"

_MODULE = re.compile(r"^course\.checks\.lesson(?P<exercise>\d{2})$")
_FUNCTION = re.compile(r"^q(?P<number>\d+(?:_\d+)*)$")


class AnswerError(AssertionError):
    """An exercise answer is missing or wrong; the message says why and hints at the fix.

    ``question``, ``message`` and ``hint`` keep the parts apart for reports;
    ``str(error)`` is what the trainee reads:
    ``Question 3: `x` is negative.\\nHint: a share lies between 0 and 1.``
    """

    def __init__(self, message: str, *, question: str | None = None, hint: str = "") -> None:
        self.question, self.message, self.hint = question, message, hint
        text = _("Question {number}: {message}").format(number=question, message=message) if question else message
        super().__init__(text + "\n" + _("Hint: {hint}").format(hint=hint) if hint else text)


AnswerError.__module__ = "course.checks"  # tracebacks read course.checks.AnswerError, where trainees import it


@dataclass(frozen=True)
class Question:
    """One registered question: where it belongs, what it asks for and how it is checked."""

    exercise: str
    number: str
    label: str
    answers: tuple[str, ...]
    body: Callable[..., str | None]
    takes_db: bool = True

    @property
    def title(self) -> str:
        """``"Question 3"``: the question's name in reports, in English whatever the language."""
        return f"Question {self.number}"

    @property
    def shown_title(self) -> str:
        """:attr:`title` in the current language (:mod:`course.i18n`): ``"Question 3"``, or ``"第 3 题"``."""
        return _("Question {number}").format(number=self.number)

    @property
    def shown_label(self) -> str:
        """:attr:`label` in the current language: what a trainee or an instructor reads.

        Examples
        --------
        >>> from course.i18n import using
        >>> entry = questions("00")[0]
        >>> entry.shown_label
        'number of customers (prospects included)'
        >>> with using("zh"):
        ...     entry.shown_title, entry.shown_label
        ('第 1 题', '客户数（含潜在客户）')
        """
        return _(self.label)

    def confirmation(self, detail: str | None = None) -> str:
        """The line printed for a right answer: ``detail``, or "`name` is right." for each answer.

        In the current language (:mod:`course.i18n`): a check's own ``detail`` is translated by the check.
        """
        line = _("{mark} Question {number}: {detail}")
        if detail is not None:
            return line.format(mark=PASS_MARK, number=self.number, detail=detail)
        return "\n".join(
            line.format(mark=PASS_MARK, number=self.number, detail=_("`{name}` is right.").format(name=name))
            for name in self.answers
        )

    def judge(self, values: Sequence[object], db: object = None) -> str:
        """Check ``values`` (one per answer, in order) against ``db``; return the confirmation.

        Raises :class:`AnswerError` for a blank, missing or wrong answer. Nothing
        is printed: the notebook's ``check.qN(...)`` prints what this returns.
        """
        __tracebackhide__ = True  # IPython shows the trainee the check, not this frame
        if len(values) != len(self.answers):
            raise TypeError(f"{self.title} takes {len(self.answers)} answer(s) {self.answers}, got {len(values)}")
        token = _ASKING.set(self)
        try:
            for name, value in zip(self.answers, values, strict=True):
                answered(value, name=name)
            arguments = dict(zip(self.answers, values, strict=True))
            if self.takes_db:
                arguments["db"] = db
            detail = self.body(**arguments)
        finally:
            _ASKING.reset(token)
        return self.confirmation(detail)


_ASKING: contextvars.ContextVar[Question | None] = contextvars.ContextVar("course_question", default=None)
_REGISTRY: dict[str, dict[str, Question]] = {}


def current_question() -> Question | None:
    """The question whose check is running, or None outside a check."""
    return _ASKING.get()


def answer_name() -> str:
    """The name of the running question's answer (for a message a check writes itself)."""
    return _asking(None, None)[0]


def _number(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def question(label: str) -> Callable[[Callable[..., str | None]], Callable[..., None]]:
    """Register the decorated check function as one question of its lesson's exercise (see the module docs)."""
    if not isinstance(label, str) or not label.strip():
        raise TypeError("@question needs the question's label, e.g. @question('monetary = total revenue per customer')")

    def register(body: Callable[..., str | None]) -> Callable[..., None]:
        module, function = _MODULE.match(body.__module__), _FUNCTION.match(body.__name__)
        if module is None or function is None:
            raise TypeError(
                "@question registers functions named qN in course.checks.lessonNN, "
                f"not {body.__module__}.{body.__name__}"
            )
        signature = inspect.signature(body)
        names = list(signature.parameters)
        takes_db = bool(names) and names[-1] == "db"
        entry = Question(
            exercise=module["exercise"],
            number=function["number"].replace("_", "."),
            label=label.strip().rstrip("."),
            answers=tuple(names[:-1] if takes_db else names),
            body=body,
            takes_db=takes_db,
        )
        questions_of = _REGISTRY.setdefault(entry.exercise, {})
        if entry.number in questions_of and questions_of[entry.number].body.__qualname__ != body.__qualname__:
            raise ValueError(f"exercise {entry.exercise} declares {entry.title} twice")
        questions_of[entry.number] = entry

        @functools.wraps(body)
        def check(*args: object, **kwargs: object) -> None:
            __tracebackhide__ = True
            if os.environ.get(GRADING_ENV) == "1":
                return
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            print(entry.judge([bound.arguments[name] for name in entry.answers], bound.arguments.get("db")))

        check.__doc__ = f"{entry.title}: {entry.label}."
        check.question = entry  # type: ignore[attr-defined]
        return check

    return register


def exercises() -> list[str]:
    """The ids of the exercises that have a check module (``["00", "01", …]``)."""
    # the lesson modules lie beside this one, in the course.checks package
    here = [str(Path(__file__).parent)]
    found = (_MODULE.match(f"course.checks.{info.name}") for info in pkgutil.iter_modules(here))
    return sorted(match["exercise"] for match in found if match)


def exercise_data(exercise: str, *, folder: Path, **parameters: object) -> object:
    """The data the checks of ``exercise`` compare answers with (their ``db``), as the exercise builds it.

    Most exercises work on the B2B database of their data ``parameters``
    (``seed``, ``n_customers``: :func:`course.data.b2b_database`). A check
    module whose exercise builds other data defines
    ``exercise_data(*, folder, seed, n_customers)`` and is asked instead:
    lesson 10's writes its Parquet file of order lines into ``folder``, a
    scratch folder the caller owns and removes.
    """
    if exercise not in exercises():
        raise KeyError(f"no checks for exercise {exercise!r}; exercises with checks: {', '.join(exercises())}")
    build = getattr(importlib.import_module(f"course.checks.lesson{exercise}"), "exercise_data", None)
    if build is not None:
        return build(folder=folder, **parameters)
    return _b2b_database(**parameters)


@functools.lru_cache(maxsize=4)
def _b2b_database(**parameters: object) -> object:
    from course.data import b2b_database  # imported when needed: the registry itself needs no data

    return b2b_database(**parameters)


def questions(exercise: str) -> list[Question]:
    """The questions of ``exercise`` (``"03"``), in order; a :class:`KeyError` names the known exercises."""
    if exercise not in exercises():
        raise KeyError(f"no checks for exercise {exercise!r}; exercises with checks: {', '.join(exercises())}")
    importlib.import_module(f"course.checks.lesson{exercise}")
    return sorted(_REGISTRY.get(exercise, {}).values(), key=lambda entry: _number(entry.number))


def _asking(name: str | None, question: str | None) -> tuple[str, str]:
    """The answer name and question number a helper reports: given, or those of the running question."""
    asking = _ASKING.get()
    if question is None:
        if asking is None:
            raise TypeError("a check helper outside a registered question needs question=")
        question = asking.number
    if name is None:
        if asking is None or len(asking.answers) != 1:
            raise TypeError("a check helper needs name= when its question has several answers (or none is running)")
        name = asking.answers[0]
    return name, question


def fail(message: str, hint: str = "", *, question: str | None = None) -> AnswerError:
    """The error for a wrong answer to the running question (or ``question``): raise what it returns.

    Examples
    --------
    >>> print(fail("`x` is negative.", "a share lies between 0 and 1.", question="3"))
    Question 3: `x` is negative.
    Hint: a share lies between 0 and 1.
    """
    if question is None:
        question = _asking("", None)[1]
    return AnswerError(message, question=question, hint=hint)


def answered(value: object, *, name: str | None = None, question: str | None = None) -> None:
    """Raise unless the trainee has replaced the ``...`` placeholder of ``name`` (and it is not None)."""
    name, question = _asking(name, question)
    if value is Ellipsis:
        raise fail(_("`{name}` is still `...` — replace the dots with your code.").format(name=name), question=question)
    if value is None:
        raise fail(
            _("`{name}` is None.").format(name=name),
            _("a function without `return`, or a method such as `.sort_values(inplace=True)`, gives None."),
            question=question,
        )
