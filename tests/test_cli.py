"""The command line: `python -m course …`."""

import subprocess
import sys

import pytest

from course import REPO_ROOT
from course.authoring.cli import main, replace_between_markers


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=REPO_ROOT)


def test_doctor_reports_packages_data_and_lessons():
    result = run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for expected in ("pandas", "scikit-learn", "B2B database", "CDNOW", "01 Customer insight", "All good."):
        assert expected in result.stdout
    assert len(result.stdout.splitlines()) < 45, "doctor must fit on one screen"


def test_exercises_check_is_clean():
    result = run("exercises", "build", "--check")
    assert result.returncode == 0, result.stdout


def test_map_prints_the_course_map(capsys):
    assert main(["map"]) == 0
    assert "| 03 | RFM" in capsys.readouterr().out


def test_replace_between_markers():
    text = "a\n<!-- x:start -->\nold\n<!-- x:end -->\nb"
    assert replace_between_markers(text, "x", "new") == "a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb"
    with pytest.raises(ValueError, match="markers"):
        replace_between_markers("no markers", "x", "new")


def test_check_rejects_a_malformed_parameter(capsys):
    with pytest.raises(SystemExit):
        main(["check", "exercises", "-p", "seed"])
    assert "name=value" in capsys.readouterr().err


def test_unknown_command_fails():
    assert run("frobnicate").returncode != 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "generate", "--seed", "x", "--out", "never"], "--seed must be a whole number, got 'x'"),
        (["data", "generate", "--n-customers", "0", "--out", "never"], "--n-customers must be at least 1, got 0"),
        (
            ["data", "transactions", "--rows", "10", "--out", "never.parquet", "--seed", "-1"],
            "--seed must be at least 0",
        ),
        (["report", "--seed", "1.5", "--out", "never.html"], "--seed must be a whole number, got '1.5'"),
        (["archive", "C00001", "--n-customers", "-3", "--out", "never.html"], "--n-customers must be at least 1"),
        (["check", "exercises", "-j", "0"], "-j must be at least 1, got 0"),
    ],
)
def test_every_command_checks_the_numbers_typed(args, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
