"""One submission cannot spoil another's grade, the data, the course or the grader's files (issue 18, points 1-3).

A folder of exercise-03 submissions is graded once, two at a time, in process (so the executed copies can be
read): two honest ones around hostile ones that regenerate the data, write into the repository, hunt for the
grader's scratch folders and another submission's answers, overwrite a classmate's notebook and the grader's
output files, leave a detached ``setsid`` child behind, allocate 4 GB and open network connections. Each test
states what must hold afterwards; on the grader before the sandbox every one of them failed.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import textwrap
import uuid

import nbformat
import pytest

from course import REPO_ROOT
from course.authoring import sandbox
from course.authoring.grading import grade
from course.authoring.notebooks import read_notebook
from course.validation import CourseInputError

pytestmark = [
    pytest.mark.notebook,
    # installed but unable to build a sandbox (user namespaces forbidden…) is a failure, not a skip
    pytest.mark.skipif(sandbox.bwrap() is None, reason="bubblewrap is not installed (.ci/run installs it)"),
]


def test_the_installed_bubblewrap_builds_a_sandbox():
    assert sandbox.available(), sandbox.missing_message()


SOLUTION, EXERCISE = REPO_ROOT / "solutions/03_rfm.ipynb", REPO_ROOT / "exercises/03_rfm.ipynb"
MARKER = f"course-hostile-{uuid.uuid4().hex}"


def _solved():
    nb = read_notebook(SOLUTION)
    nb.metadata["course"] = {"exercise": "03"}
    return nb


def _append(nb, source):
    nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(source)))
    return nb


def _write(nb, path):
    path.write_text(nbformat.writes(nb), encoding="utf-8")


def _repository_digest():
    """Every file of the shipped data and the course package."""
    files = sorted([*(REPO_ROOT / "data").rglob("*"), *(REPO_ROOT / "course").rglob("*.py")])
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def _outputs(graded, name):
    """The text every cell of the executed copy of one submission printed."""
    notebook = next(g for g in graded if g.notebook.endswith(name))
    nb = nbformat.reads(notebook.executed, as_version=4)
    return "\n".join(
        out.get("text", "") + "".join(out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def _living(marker):
    alive = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if marker.encode() in handle.read():
                    alive.append(pid)
        except OSError:
            continue
    return alive


@pytest.fixture(scope="module")
def attack(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder, out = root / "submissions", root / "out"
    folder.mkdir()
    out.mkdir()
    scores, summary = out / "scores.csv", out / "summary.csv"
    scores.write_text("trainee,passed\nhonest,1\n", encoding="utf-8")
    summary.write_text("trainee,score\n", encoding="utf-8")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    _write(_solved(), folder / "03_rfm_a_honest.ipynb")
    _write(_solved(), folder / "03_rfm_z_honest.ipynb")

    regen = _append(_solved(), "!python -m course data generate --seed 7 --force")
    _append(
        regen,
        f"""
        import pathlib
        for target in pathlib.Path({str(REPO_ROOT)!r}).joinpath("data", "b2b").glob("*.csv"):
            try:
                target.write_text("customer_id\\n1\\n")
                print("WROTE", target)
            except OSError as error:
                print("REFUSED", type(error).__name__)
        try:
            open({str(REPO_ROOT / "course" / "checks" / "lesson03.py")!r}, "a").write("# hacked")
            print("WROTE the checks")
        except OSError as error:
            print("REFUSED the checks", type(error).__name__)
        """,
    )
    _write(regen, folder / "03_rfm_b_regen.ipynb")

    hostile = read_notebook(EXERCISE)
    hostile.metadata["course"] = {"exercise": "03"}
    _append(
        hostile,
        f"""
        import json, os, pathlib, subprocess, sys, time
        # a detached child, in a new session, that rewrites the scores after the grader has finished
        child = "import time; time.sleep(60); open({str(scores)!r}, 'w').write('trainee,passed\\\\nhostile,1\\\\n')"
        subprocess.Popen([sys.executable, "-c", child, {MARKER!r}], start_new_session=True)
        # the grader's files and a classmate's notebook, by their absolute paths
        for path in ({str(scores)!r}, {str(summary)!r}, {str(folder / "03_rfm_z_honest.ipynb")!r}):
            try:
                open(path, "w").write("forged")
                print("WROTE", path)
            except OSError as error:
                print("REFUSED", type(error).__name__)
        # hunt for the other submissions' collected answers while they run
        places = {{"/tmp", "/var/tmp", os.environ.get("TMPDIR", "/tmp"), {str(root)!r}, {str(folder.parent)!r}}}
        found = set()
        end = time.monotonic() + 25
        while time.monotonic() < end:
            for place in places:
                for manifest in pathlib.Path(place).glob("**/answers.json"):
                    if str(manifest).startswith(os.getcwd().rsplit("/", 1)[0]):
                        continue  # its own
                    try:
                        manifest.write_text(json.dumps({{"recency": {{"t": "ellipsis"}}}}))
                        found.add(str(manifest))
                    except OSError:
                        pass
            time.sleep(0.2)
        print("FORGED ANSWERS", len(found))
        """,
    )
    _append(
        hostile,
        """
        try:
            big = bytearray(4 * 2**30)
            print("ALLOCATED 4 GB")
        except MemoryError:
            print("MEMORY REFUSED")
        """,
    )
    _append(
        hostile,
        f"""
        import socket
        print("INTERFACES", sorted(name for _, name in socket.if_nameindex()))
        import os
        secrets = ["/etc/shadow", os.path.expanduser("~root/.ssh"), os.path.expanduser("~root/.bash_history")]
        print("SECRETS", [path for path in secrets if os.path.exists(path)])
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=3)
            print("CONNECTED")
        except OSError as error:
            print("NO CONNECTION", type(error).__name__)
        """,
    )
    _write(hostile, folder / "03_rfm_c_hostile.ipynb")

    before = _repository_digest()
    graded = grade([folder], exercise="03", jobs=2, timeout=60, keep_executed=True)
    alive = _living(MARKER)
    listener.close()
    return {
        "graded": graded,
        "alive": alive,
        "before": before,
        "after": _repository_digest(),
        "scores": scores.read_text(encoding="utf-8"),
        "summary": summary.read_text(encoding="utf-8"),
        "classmate": (folder / "03_rfm_z_honest.ipynb").read_text(encoding="utf-8"),
    }


def _score(attack, name):
    notebook = next(g for g in attack["graded"] if g.notebook.endswith(name))
    return notebook.score, notebook.maximum


def test_a_submission_cannot_change_the_data_or_the_course(attack):
    assert attack["after"] == attack["before"]
    text = _outputs(attack["graded"], "03_rfm_b_regen.ipynb")
    assert "WROTE" not in text and "REFUSED" in text


@pytest.mark.parametrize("name", ["03_rfm_a_honest.ipynb", "03_rfm_z_honest.ipynb", "03_rfm_b_regen.ipynb"])
def test_honest_answers_keep_full_marks_beside_hostile_submissions(attack, name):
    assert _score(attack, name) == (7, 7)


def test_a_submission_cannot_reach_the_grader_s_files_or_a_classmate_s(attack):
    assert attack["scores"] == "trainee,passed\nhonest,1\n"
    assert attack["summary"] == "trainee,score\n"
    assert attack["classmate"].startswith("{")
    text = _outputs(attack["graded"], "03_rfm_c_hostile.ipynb")
    assert "WROTE" not in text and "FORGED ANSWERS 0" in text


def test_every_process_a_submission_started_is_dead_when_grading_ends(attack):
    assert attack["alive"] == []


def test_a_4_gb_allocation_fails_and_grading_goes_on(attack):
    text = _outputs(attack["graded"], "03_rfm_c_hostile.ipynb")
    assert "MEMORY REFUSED" in text and "ALLOCATED" not in text
    assert "INTERFACES" in text  # the cells after it ran


def test_no_network(attack):
    text = _outputs(attack["graded"], "03_rfm_c_hostile.ipynb")
    assert "INTERFACES ['lo']" in text
    assert "SECRETS []" in text  # the machine's other files are not there at all
    assert "NO CONNECTION" in text and "CONNECTED" not in text.replace("NO CONNECTION", "")


def test_a_dead_kernel_is_reported_in_the_trainee_s_cell_numbers(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"course": {"exercise": "03"}})
    nb.cells = [
        nbformat.v4.new_code_cell("seed = 42"),
        nbformat.v4.new_markdown_cell("Some prose."),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("import os\nos._exit(1)"),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    _write(nb, tmp_path / "03_rfm_dies.ipynb")
    (graded,) = grade([tmp_path / "03_rfm_dies.ipynb"], timeout=30)
    assert any("the kernel died while running code cell 3 " in r.message for r in graded.results), graded.results


def test_without_bubblewrap_the_grader_says_so_and_grades_one_at_a_time(tmp_path):
    _write(_solved(), tmp_path / "03_rfm_one.ipynb")
    env = {**os.environ, sandbox.BWRAP_ENV: str(tmp_path / "no-such-bwrap")}
    command = [sys.executable, "-m", "course", "check", str(tmp_path), "-j", "2", "--timeout", "60"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    notice = [line for line in result.stderr.splitlines() if "WITHOUT a sandbox" in line]
    assert len(notice) == 1 and "bubblewrap" in notice[0], result.stderr
    assert result.returncode == 0 and "7/7" in result.stdout, result.stdout + result.stderr


def test_without_bubblewrap_a_submission_that_changes_the_course_stops_grading(tmp_path, monkeypatch):
    probe = REPO_ROOT / "course" / f"_probe_{uuid.uuid4().hex}.py"
    hostile = _append(_solved(), f"open({str(probe)!r}, 'w').write('# written by a submission')")
    _write(hostile, tmp_path / "03_rfm_a_hostile.ipynb")
    _write(_solved(), tmp_path / "03_rfm_b_honest.ipynb")
    monkeypatch.setenv(sandbox.BWRAP_ENV, "")
    try:
        with pytest.raises(CourseInputError, match=r"03_rfm_a_hostile.ipynb changed .*_probe_.*grading stopped"):
            grade([tmp_path], timeout=60)
    finally:
        probe.unlink(missing_ok=True)
