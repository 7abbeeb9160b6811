"""`python -m course data transactions` refuses what the disk cannot hold and ends cleanly on Ctrl-C (issue 18, 10)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from course import REPO_ROOT
from course.authoring.cli import main


def test_a_file_larger_than_the_free_disk_is_refused_before_a_byte(tmp_path, capsys):
    out = tmp_path / "tx.parquet"
    assert main(["data", "transactions", "--rows", "1000000000000", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "GB free" in error and "--no-space-check" in error
    assert list(tmp_path.iterdir()) == []


def test_the_override_writes_a_small_file_anyway(tmp_path):
    out = tmp_path / "tx.parquet"
    assert main(["data", "transactions", "--rows", "1000", "--out", str(out), "--no-space-check"]) == 0
    assert out.stat().st_size > 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_ctrl_c_ends_with_one_line_and_no_partial_file(tmp_path):
    out = tmp_path / "tx.parquet"
    command = [sys.executable, "-m", "course", "data", "transactions", "--rows", "2000000000", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not (tmp_path / "tx.parquet.partial").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "interrupted" in err
    assert list(tmp_path.iterdir()) == []
