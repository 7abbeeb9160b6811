"""Read, execute and write notebooks reproducibly.

Lessons and solutions are stored *executed*, so their outputs must not change
from one run to the next for no reason: execution here strips run-specific
metadata (timings, papermill bookkeeping) and joins the chunks of printed text
before writing.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
>>> nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
>>> normalise(nb).cells[0].metadata
{}
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import nbformat
from nbformat import NotebookNode

__all__ = [
    "KERNELSPEC",
    "read_notebook",
    "render_notebook",
    "write_notebook",
    "normalise",
    "execute",
    "run_in_place",
    "tagged",
]

#: The kernel every notebook of the course runs on.
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
#: Seconds one cell may run before execution is stopped.
CELL_TIMEOUT = 300

_RUN_METADATA = ("execution", "papermill", "jupytext", "ExecuteTime", "collapsed", "scrolled")


def read_notebook(path: str | Path) -> NotebookNode:
    """Read a notebook (nbformat 4)."""
    return nbformat.read(str(path), as_version=4)


def render_notebook(nb: NotebookNode) -> str:
    """The text of ``nb`` in the course's canonical form (1-space indent, trailing newline)."""
    return nbformat.writes(nb) + "\n"


def write_notebook(nb: NotebookNode, path: str | Path) -> None:
    """Write ``nb`` in the course's canonical form."""
    Path(path).write_text(render_notebook(nb), encoding="utf-8")


def tagged(cell: NotebookNode, tag: str) -> bool:
    """Whether ``cell`` carries the tag ``tag``."""
    return tag in cell.get("metadata", {}).get("tags", [])


def normalise(nb: NotebookNode) -> NotebookNode:
    """Remove run-specific metadata and papermill's extra cells; set the course kernel.

    The notebook is changed in place and returned.
    """
    for key in ("papermill", "jupytext", "widgets"):
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}  # the full version info would churn
    nb.cells = [
        cell
        for cell in nb.cells
        if not tagged(cell, "papermill-error-cell-tag") and not tagged(cell, "injected-parameters")
    ]
    for cell in nb.cells:
        for key in _RUN_METADATA:
            cell.metadata.pop(key, None)
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs = _coalesce_streams(cell.outputs)
    # nbformat 4.5 wants cell ids; derive them from the position so they never churn.
    nb.nbformat, nb.nbformat_minor = 4, 5
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
    return nb


def _coalesce_streams(outputs: list) -> list:
    """Join consecutive chunks of one stream: the kernel splits printed text at arbitrary points."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.get("output_type") == previous.get("output_type") == "stream"
            and output.get("name") == previous.get("name")
        ):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def execute(
    path: str | Path,
    *,
    parameters: dict | None = None,
    allow_errors: bool = False,
    output: str | Path | None = None,
) -> NotebookNode:
    """Execute the notebook at ``path`` with papermill and return the executed notebook.

    Parameters
    ----------
    path : path to the notebook; it runs in its own folder.
    parameters : values injected after the cell tagged ``parameters``.
    allow_errors : run every cell even after an error (for grading); errors
        then stay in the cells' outputs instead of raising.
    output : where papermill writes the executed notebook (a temporary file by default).

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails and ``allow_errors`` is False.
    """
    import papermill  # imported here: it is slow to import and only needed to execute

    path = Path(path).resolve()
    logging.getLogger("papermill").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(output) if output else Path(scratch) / path.name
        try:
            papermill.execute_notebook(
                str(path),
                str(target),
                parameters=parameters or {},
                cwd=str(path.parent),
                kernel_name=KERNELSPEC["name"],
                progress_bar=False,
                execution_timeout=CELL_TIMEOUT,
                allow_errors=allow_errors,
                # The kernel's own start-up log (e.g. a TCP transport notice) is noise on the
                # trainee's terminal; warnings raised by cells still reach the cell outputs.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except papermill.PapermillExecutionError:
            if not allow_errors:
                raise
        return read_notebook(target)


def run_in_place(path: str | Path) -> NotebookNode:
    """Execute a lesson or solution and store it with its outputs, normalised."""
    nb = normalise(execute(path))
    write_notebook(nb, path)
    return nb
