"""Run one submission in a sandbox of its own and bring its answers out as data.

The grader gives each submission a fresh scratch folder, writes into it the
notebook to run -- a copy of the submission with the grader's parameters
(papermill injects them after the cell tagged ``parameters``, or after the
first code cell when a trainee removed the tag) and one last cell, the
grader's collector, which writes the named answers in the neutral form of
:mod:`course.authoring.answers` -- and then runs **the whole execution** of
that notebook (this module's :func:`main`: nbclient, the Jupyter kernel and
every process the trainee's code starts) as one process tree inside a
bubblewrap sandbox (:func:`sandbox_command`):

* the scratch folder is the only writable place on disk (plus a private,
  size-limited ``/tmp``); the repository, the course, its data, the Python
  installation and the virtual environment are mounted read-only, and
  nothing else of the machine is visible (not the other submissions, not the
  grader's other scratch folders, not its output files);
* no network (a network namespace with only a loopback of its own);
* its own process namespace and session: when the execution ends -- or the
  grader stops it, or the grader dies -- every process it started is killed,
  also those that called ``setsid``;
* no capabilities, and a limit on memory (:data:`MEMORY`, the address space
  of every process in it) and on the size of a file it writes.

Answers travel back through the scratch folder, which only this sandbox and
the grader can reach; the grader reads them after the sandbox has exited and
treats them as untrusted input (size-limited and schema-checked; no symlink
followed). The notebook's own check cells do nothing in that kernel (their
verdict would not count). Every cell runs even after an error; a cell that
runs past ``timeout`` seconds is interrupted and the next one runs. The
submission file itself is only read.

Without bubblewrap (:func:`bwrap`), the same execution runs as a plain child
process with the same limits on memory: then a submission *can* write
wherever the grader can, so the grader says so and grades one submission at
a time (see INSTRUCTORS.md, "Trust model").

Examples
--------
>>> command = sandbox_command(Path("/tmp/x"), ["python"], bwrap_path="/usr/bin/bwrap")
>>> command[:5], command[-2:]
(['/usr/bin/bwrap', '--die-with-parent', '--new-session', '--unshare-all', '--unshare-user'], ['--', 'python'])
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import KERNELSPEC, tagged
from course.checks.registry import GRADING_ENV

__all__ = [
    "TIMEOUT",
    "MEMORY",
    "BWRAP_ENV",
    "MEMORY_ENV",
    "Execution",
    "bwrap",
    "available",
    "missing_message",
    "sandbox_command",
    "run_submission",
]

#: Seconds one cell may run, by default, before it is interrupted.
TIMEOUT = 120
#: Bytes of address space each process of a submission may use, by default (2 GiB).
MEMORY = 2 * 2**30
#: The environment variable naming the bubblewrap program ("" or a missing file: no sandbox).
BWRAP_ENV = "COURSE_BWRAP"
#: The environment variable that overrides :data:`MEMORY` (bytes, or a number with K, M or G).
MEMORY_ENV = "COURSE_GRADING_MEMORY"
#: The largest file a submission may write (1 GiB), and the size of its private /tmp (512 MiB).
FILE_LIMIT, TMP_SIZE = 2**30, 512 * 2**20
#: Seconds a kernel gets to answer again after an interrupted cell.
_PROBE_TIMEOUT = 15
_TIMEOUT_ERROR = "CellTimeoutError"
_REPORT, _EXECUTED, _JOB, _PREPARED = "report.json", "executed.ipynb", "job.json", "prepared.ipynb"
_REPORT_BYTES, _EXECUTED_BYTES = 2**16, 100 * 2**20
#: The sandbox's one command. rfc3987_syntax, which jsonschema (under nbformat) imports only to check URI
#: formats the notebook schema never uses, builds a grammar for a second at import: left out, for each submission.
_ENTRY = (
    "import sys; sys.modules['rfc3987_syntax'] = None\n"
    "from course.authoring.sandbox import main\n"
    "sys.exit(main(sys.argv[1:]))"
)
#: What of /etc the sandbox sees: what Python, its libraries and fonts need -- not /etc/shadow, not ssh keys.
_ETC = (
    "alternatives",
    "ca-certificates",
    "ca-certificates.conf",
    "debian_version",
    "fonts",
    "gai.conf",
    "group",
    "host.conf",
    "hosts",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "locale.alias",
    "localtime",
    "mime.types",
    "nsswitch.conf",
    "os-release",
    "passwd",
    "pki",
    "ssl",
    "timezone",
)
_ENV_KEPT = (
    "PATH",
    "PYTHONPATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "VIRTUAL_ENV",
    "JUPYTER_PLATFORM_DIRS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "PYDEVD_DISABLE_FILE_VALIDATION",
)


@dataclass
class Execution:
    """What running a submission gave: its answers (or None) and what went wrong on the way."""

    answers: dict[str, object] | None
    problems: list[str] = field(default_factory=list)
    executed: NotebookNode | None = None


# --------------------------------------------------------------------------- the sandbox


def bwrap() -> str | None:
    """The bubblewrap program to use: ``$COURSE_BWRAP`` if set (a missing file means none), else ``bwrap`` on PATH."""
    chosen = os.environ.get(BWRAP_ENV)
    if chosen is not None:
        return chosen if chosen and os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
    return shutil.which("bwrap")


@lru_cache(maxsize=4)
def _knows(program: str, option: str) -> bool:
    """Whether this bubblewrap has ``option`` (``--size`` came in 0.8)."""
    try:
        result = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return option in result.stdout + result.stderr


@lru_cache(maxsize=4)
def _works(program: str) -> str:
    """ "" when ``program`` can build the sandbox on this machine, else why not (one line)."""
    scratch = Path(tempfile.mkdtemp(prefix="course-sandbox-probe-"))
    (scratch / "work").mkdir()
    try:
        command = sandbox_command(scratch, ["/bin/sh", "-c", "exit 0"], bwrap_path=program)
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"{program} could not run ({error})"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return f"{program} cannot build a sandbox here ({last[:200]})"
    return ""


def available() -> bool:
    """Whether submissions run in a bubblewrap sandbox on this machine (bwrap found and working)."""
    program = bwrap()
    return program is not None and _works(program) == ""


def missing_message() -> str:
    """The one line the grader prints when it cannot sandbox submissions."""
    program = bwrap()
    why = "bubblewrap (bwrap) not found" if program is None else _works(program)
    return (
        f"{why}: grading WITHOUT a sandbox, one notebook at a time; a submission can then change files "
        "the grader and the others use. Install bubblewrap (apt-get install bubblewrap) to grade safely."
    )


def memory_limit() -> int:
    """Bytes of address space per process: ``$COURSE_GRADING_MEMORY`` (e.g. ``3G``), else :data:`MEMORY`."""
    raw = os.environ.get(MEMORY_ENV, "").strip().upper()
    if not raw:
        return MEMORY
    scale = {"K": 2**10, "M": 2**20, "G": 2**30}.get(raw[-1], 1)
    try:
        value = int(float(raw.rstrip("KMGB") or "x") * scale)
    except ValueError:
        from course.validation import CourseInputError

        raise CourseInputError(f"{MEMORY_ENV}={raw!r}: give bytes, or a number with K, M or G (e.g. 2G).") from None
    return max(value, 256 * 2**20)


def _readable_roots() -> list[Path]:
    """What the sandbox sees, read-only: the system, Python, the virtual environment, the repository and its data."""
    from course.data.paths import DATA_DIR

    roots = [Path("/usr")] + [Path("/etc", name) for name in _ETC]
    roots += [Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.executable)]
    roots += [REPO_ROOT, DATA_DIR]
    roots += [Path(p) for p in sys.path if p]
    roots += [Path(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    found: set[Path] = set()
    for root in roots:
        for path in (Path(os.path.abspath(root)), root.resolve()):
            if path.exists() and path != Path("/"):
                found.add(path if path.is_dir() or path.parent == Path("/etc") else path.parent)
    # parents first; a folder inside one already mounted needs no mount of its own
    kept: list[Path] = []
    for path in sorted(found, key=lambda p: (len(p.parts), str(p))):
        if not any(path.is_relative_to(k) for k in kept):
            kept.append(path)
    return kept


def sandbox_command(scratch: Path, command: list[str], *, bwrap_path: str, env: dict | None = None) -> list[str]:
    """``command`` wrapped in bubblewrap: ``scratch`` writable, the rest read-only or absent (see the module)."""
    args = [bwrap_path, "--die-with-parent", "--new-session", "--unshare-all", "--unshare-user"]
    args += ["--cap-drop", "ALL", "--hostname", "sandbox"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(top):  # merged /usr: /bin -> usr/bin
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    # The private /tmp first: a repository or virtual environment that lives under /tmp (a CI clone) is
    # then mounted on top of it, not hidden by it.
    size = ["--size", str(TMP_SIZE)] if _knows(bwrap_path, "--size") else []  # bubblewrap 0.8 and later
    args += ["--proc", "/proc", "--dev", "/dev", *size, "--tmpfs", "/tmp"]
    for root in _readable_roots():
        args += ["--ro-bind", str(root), str(root)]
    args += ["--bind", str(scratch), str(scratch), "--chdir", str(scratch / "work")]
    if env is not None:
        args.append("--clearenv")
        for name, value in env.items():
            args += ["--setenv", name, value]
    return [*args, "--", *command]


def _limits(memory: int) -> None:
    """In the child, before it becomes the sandbox: the memory and file-size limits every process inherits."""
    import resource  # POSIX only

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _environment(scratch: Path, checks_in_kernel: bool) -> dict[str, str]:
    home = scratch / "home"
    env = {name: os.environ[name] for name in _ENV_KEPT if name in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    env.update(
        HOME=str(home),
        TMPDIR="/tmp",
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".matplotlib"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
    )
    env[GRADING_ENV] = "0" if checks_in_kernel else "1"
    return env


def _matplotlib_cache(home: Path) -> None:
    """Copy the grader's matplotlib font list into the sandbox's home: saves rebuilding it in every submission."""
    source = Path(os.environ.get("MPLCONFIGDIR") or Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")) / "matplotlib")
    target = home / ".matplotlib"
    target.mkdir(parents=True, exist_ok=True)
    for font_list in source.expanduser().glob("fontlist-*.json"):
        with contextlib.suppress(OSError):
            shutil.copyfile(font_list, target / font_list.name)


# --------------------------------------------------------------------------- the grader's side


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


def _parameters_cell(nb: NotebookNode) -> None:
    """Tag the first code cell ``parameters`` when no cell carries the tag (the course's convention)."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if code and not any(tagged(cell, "parameters") for cell in code):
        code[0].metadata["tags"] = [*code[0].metadata.get("tags", []), "parameters"]


def _regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (no symlink, no FIFO) of at most ``limit`` bytes, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if info.st_mode & 61440 != 32768 or info.st_size > limit:
            return None
        return handle.read(limit + 1)[:limit]


def _report(scratch: Path) -> list[str] | None:
    """The problems the run reported (untrusted: the submission could rewrite the file), or None if unreadable."""
    data = _regular(scratch / _REPORT, _REPORT_BYTES)
    try:
        report = json.loads(data.decode("utf-8")) if data is not None else None
    except (UnicodeDecodeError, ValueError):
        return None
    problems = report.get("problems") if isinstance(report, dict) else None
    if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
        return None
    return [" ".join(p.split())[:300] for p in problems[:20]]


def _executed(scratch: Path) -> NotebookNode | None:
    data = _regular(scratch / _EXECUTED, _EXECUTED_BYTES)
    if data is None:
        return None
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:
        return None


def _deadline(nb: NotebookNode, timeout: int) -> int:
    """Seconds the whole execution may take: every code cell at its limit, plus the kernel's start."""
    cells = sum(cell.cell_type == "code" for cell in nb.cells)
    return 120 + cells * (timeout + _PROBE_TIMEOUT)


def _run(command: list[str], *, env: dict, memory: int, deadline: int, log: Path) -> tuple[int | None, str]:
    """Run ``command`` (the sandbox, or the bare execution); its exit code (None when stopped) and last error line."""
    with log.open("wb") as errors:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
            start_new_session=os.name == "posix",
            preexec_fn=(lambda: _limits(memory)) if os.name == "posix" else None,
        )
        try:
            code: int | None = process.wait(timeout=deadline)
        except BaseException:  # the deadline, or Ctrl-C: nothing of the submission may outlive it
            code = None
            with contextlib.suppress(ProcessLookupError):
                if os.name == "posix":
                    os.killpg(process.pid, signal.SIGKILL)  # the sandbox (or, without one, the session)
                else:
                    process.kill()
            process.wait()
            if not isinstance(sys.exc_info()[1], subprocess.TimeoutExpired):
                raise
    tail = log.read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
    return code, (tail[-1] if tail else "")


def run_submission(
    nb: NotebookNode,
    *,
    parameters: dict,
    names: list[str],
    timeout: int = TIMEOUT,
    keep_executed: bool = False,
    memory: int | None = None,
) -> Execution:
    """Execute a copy of ``nb`` in a sandbox of its own and collect the answers ``names`` from its kernel.

    With ``keep_executed`` the executed copy is returned, its check cells run as the trainee would see them.
    """
    from course.authoring import answers as transfer  # pandas: not needed inside the sandbox

    memory = memory_limit() if memory is None else memory
    program = bwrap()
    sandboxed = program is not None and _works(program) == ""
    root = Path(tempfile.mkdtemp(prefix="course-grade-"))  # 0700: the grader's alone
    try:
        scratch, log = root / "sandbox", root / "stderr.log"  # the log stays outside the sandbox's reach
        (scratch / "work").mkdir(parents=True)
        out = scratch / "answers"
        prepared = _prepare(nb, parameters, names, out)
        (scratch / "work" / "submission.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
        (scratch / _PREPARED).write_text(nbformat.writes(prepared), encoding="utf-8")
        job = {"timeout": timeout, "checks_in_kernel": keep_executed, "keep_executed": keep_executed}
        (scratch / _JOB).write_text(json.dumps(job), encoding="utf-8")
        _matplotlib_cache(scratch / "home")
        env = _environment(scratch, keep_executed)
        command = [sys.executable, "-c", _ENTRY, str(scratch)]
        if sandboxed:
            command = sandbox_command(scratch, command, bwrap_path=program, env=env)
        code, last = _run(command, env=env, memory=memory, deadline=_deadline(prepared, timeout), log=log)
        problems = _report(scratch)
        if code is None:
            problems = [*(problems or []), f"the notebook ran past {_deadline(prepared, timeout)} s and was stopped"]
        elif problems is None:
            problems = [f"the notebook could not be run (exit code {code}: {last[:200] or 'no message'})"]
        collected: dict[str, object] | None
        if out.is_symlink():
            collected, problems = None, [*problems, "the answers folder was replaced by a link"]
        else:
            try:
                collected = transfer.load(out)
            except transfer.AnswerTransferError as error:
                collected = None
                if not problems:
                    problems.append(str(error))
        return Execution(collected, problems, _executed(scratch) if keep_executed else None)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- inside the sandbox


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


def _where(cell: NotebookNode, number: int) -> str:
    """A cell as the trainee counts it: the injected parameters cell and the grader's collector are not theirs."""
    if tagged(cell, "grader-collector"):
        return "the grader's last cell (collecting the answers)"
    if tagged(cell, "injected-parameters"):
        return "the grader's parameters cell"
    return f"code cell {number}"


def _execute(nb: NotebookNode, folder: Path, timeout: int) -> list[str]:
    """Run every code cell of ``nb`` in place; return the problems met (timeouts, a dead kernel).

    Code cells are numbered as in the trainee's notebook: the cell papermill injects is not counted.
    """
    from nbclient.exceptions import DeadKernelError

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)  # nbclient logs each timeout as an error
    client, problems = _client(nb, folder, timeout), []
    number, where = 0, "the first cell"
    try:
        with client.setup_kernel(env=dict(os.environ)):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if not (tagged(cell, "injected-parameters") or tagged(cell, "grader-collector")):
                    number += 1
                where = _where(cell, number)
                if not _ran_out(client, cell, index, timeout):
                    continue
                problems.append(f"{where} ran longer than {timeout} s and was stopped")
                if _ran_out(client, nbformat.v4.new_code_cell("None"), index, _PROBE_TIMEOUT):
                    problems.append("the kernel did not stop, so the rest of the notebook did not run")
                    break
    except DeadKernelError:
        problems.append(f"the kernel died while running {where} (out of memory, or the code exited?)")
    except Exception as error:  # a kernel that fails to start, a broken connection…
        problems.append(f"the notebook could not be run: {type(error).__name__}: {error}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Execute the prepared notebook of a scratch folder (the sandbox's one command); write its report beside it."""
    scratch = Path((argv if argv is not None else sys.argv[1:])[0])
    job = json.loads((scratch / _JOB).read_text(encoding="utf-8"))
    nb = nbformat.read(scratch / _PREPARED, as_version=4)
    problems = _execute(nb, scratch / "work", int(job["timeout"]))
    if job.get("keep_executed"):
        (scratch / _EXECUTED).write_text(nbformat.writes(nb), encoding="utf-8")
    (scratch / _REPORT).write_text(json.dumps({"problems": problems}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
