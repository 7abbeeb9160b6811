"""Run one submission in a kernel of its own, in a folder of its own, and bring its answers out as data.

The submission is copied into a fresh temporary folder, which is the
kernel's working directory; the copy gets the grader's parameters (papermill
injects them after the cell tagged ``parameters``, or after the first code
cell when a trainee removed the tag) and one last cell, the grader's
collector, which writes the named answers in the neutral form of
:mod:`course.authoring.answers`. The notebook's own check cells do nothing in
that kernel (their verdict would not count: the grader judges the collected
answers itself). Every cell runs even after an error; a cell
that runs past ``timeout`` seconds is interrupted and the next one runs. The
submission file itself is only read.

This runs the trainee's code with the grader's permissions: the temporary
folder keeps a submission from overwriting another one's files by a relative
path, it is not a security sandbox (see INSTRUCTORS.md).
"""

from __future__ import annotations

import copy
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course.authoring import answers as transfer
from course.authoring.notebooks import KERNELSPEC, tagged
from course.checks.registry import GRADING_ENV

__all__ = ["TIMEOUT", "Execution", "run_submission"]

#: Seconds one cell may run, by default, before it is interrupted.
TIMEOUT = 120
#: Seconds a kernel gets to answer again after an interrupted cell.
_PROBE_TIMEOUT = 15
_TIMEOUT_ERROR = "CellTimeoutError"


@dataclass
class Execution:
    """What running a submission gave: its answers (or None) and what went wrong on the way."""

    answers: dict[str, object] | None
    problems: list[str] = field(default_factory=list)
    executed: NotebookNode | None = None


def _parameters_cell(nb: NotebookNode) -> None:
    """Tag the first code cell ``parameters`` when no cell carries the tag (the course's convention)."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if code and not any(tagged(cell, "parameters") for cell in code):
        code[0].metadata["tags"] = [*code[0].metadata.get("tags", []), "parameters"]


def _prepare(nb: NotebookNode, parameters: dict, names: list[str], folder: Path) -> NotebookNode:
    from papermill.parameterize import parameterize_notebook  # slow to import; only grading needs it

    nb = copy.deepcopy(nb)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["papermill"] = {}  # papermill records the parameters there
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # papermill reads every cell's tags
    _parameters_cell(nb)
    nb = parameterize_notebook(nb, parameters)
    collector = (
        "import course.authoring.answers as _course_grader\n"
        f"_course_grader.collect(globals(), {names!r}, {str(folder)!r})"
    )
    nb.cells.append(nbformat.v4.new_code_cell(collector, metadata={"tags": ["grader-collector"]}))
    return nb


def _ran_out(client, cell: NotebookNode, index: int, limit: int) -> bool:
    """Execute ``cell``; whether it was stopped at the time limit (nbclient interrupts it and moves on)."""
    client.timeout = limit
    start = time.monotonic()
    client.execute_cell(cell, index)
    return time.monotonic() - start >= limit


def _client(nb: NotebookNode, folder: Path, timeout: int):
    from nbclient import NotebookClient

    return NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=60,
        kernel_name=KERNELSPEC["name"],
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": _TIMEOUT_ERROR,
            "evalue": f"the cell ran longer than {timeout} s and was stopped",
            "traceback": [],
        },
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
        # the kernel's own start-up log is noise on the instructor's terminal
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )


def _execute(nb: NotebookNode, folder: Path, timeout: int, checks_in_kernel: bool) -> list[str]:
    """Run every code cell of ``nb`` in place; return the problems met (timeouts, a dead kernel).

    Unless ``checks_in_kernel``, the notebook's own check cells do nothing (:data:`GRADING_ENV`): their
    verdict does not count, and the grader's checks run after.
    """
    from nbclient.exceptions import DeadKernelError

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)  # nbclient logs each timeout as an error
    client, problems = _client(nb, folder, timeout), []
    number = 0
    try:
        env = {**os.environ, GRADING_ENV: "0" if checks_in_kernel else "1"}
        with client.setup_kernel(env=env):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                number += 1
                if not _ran_out(client, cell, index, timeout):
                    continue
                problems.append(f"code cell {number} ran longer than {timeout} s and was stopped")
                if _ran_out(client, nbformat.v4.new_code_cell("None"), index, _PROBE_TIMEOUT):
                    problems.append("the kernel did not stop, so the rest of the notebook did not run")
                    break
    except DeadKernelError:
        problems.append(f"the kernel died while running code cell {number} (out of memory, or the code exited?)")
    except Exception as error:  # a kernel that fails to start, a broken connection…
        problems.append(f"the notebook could not be run: {type(error).__name__}: {error}")
    return problems


def run_submission(
    nb: NotebookNode, *, parameters: dict, names: list[str], timeout: int = TIMEOUT, keep_executed: bool = False
) -> Execution:
    """Execute a copy of ``nb`` in a fresh temporary folder and collect the answers ``names`` from its kernel.

    With ``keep_executed`` the executed copy is returned, its check cells run as the trainee would see them.
    """
    with tempfile.TemporaryDirectory(prefix="course-grade-") as scratch:
        work, out = Path(scratch) / "work", Path(scratch) / "answers"
        work.mkdir()
        prepared = _prepare(nb, parameters, names, out)
        (work / "submission.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
        problems = _execute(prepared, work, timeout, checks_in_kernel=keep_executed)
        try:
            collected: dict[str, object] | None = transfer.load(out)
        except transfer.AnswerTransferError as error:
            collected = None
            if not problems:
                problems.append(str(error))
        return Execution(collected, problems, prepared if keep_executed else None)
