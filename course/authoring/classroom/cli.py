"""``python -m course classroom …``: set up, start, stop and reset the workshop hub; collect, grade, return.

Every command runs as root (it makes accounts and reads homes). The classroom
folder (``--dir``, default ``/srv/course-classroom``) keeps the installation,
the hub's state (``hub/``, root only) and the rounds (``rounds/``, root only).

Examples
--------
>>> parser = argparse.ArgumentParser(); add_commands(parser.add_subparsers())
>>> parser.parse_args(["classroom", "collect", "03"]).exercise
'03'
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from course import REPO_ROOT
from course.authoring.classroom import accounts, hubconfig, install, rounds
from course.authoring.roster import read_roster
from course.validation import CourseInputError

__all__ = ["add_commands", "DEFAULT_DIR"]

DEFAULT_DIR = Path("/srv/course-classroom")
PROXY = REPO_ROOT / "web-assets" / "node_modules" / ".bin" / "configurable-http-proxy"


def _memory(text: str) -> int:
    """``3G``, ``512M`` or bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    text = text.strip().upper().removesuffix("B")
    try:
        return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a memory size like 3G or 512M") from None


def _require_root() -> None:
    if os.geteuid() != 0:
        raise CourseInputError("the classroom commands make accounts and read homes: run them as root (sudo).")


def _state(args: argparse.Namespace) -> Path:
    return hubconfig.state_folder(Path(args.dir))


def _settings(args: argparse.Namespace) -> dict:
    path = _state(args) / "classroom.json"
    if not path.exists():
        raise CourseInputError(f"{args.dir}: no classroom set up there; run `python -m course classroom setup` first.")
    return json.loads(path.read_text(encoding="utf-8"))


def _languages(path: Path) -> dict[str, str]:
    """The optional ``language`` column of the roster (``en`` or ``zh``), by trainee."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {
            (row.get("trainee") or "").strip(): (row.get("language") or "").strip() for row in csv.DictReader(handle)
        }


def _setup(args: argparse.Namespace) -> int:
    _require_root()
    roster = read_roster(args.roster)
    names = [accounts.check_name(t.id) for t in roster]
    instructor = accounts.check_name(args.instructor)
    if instructor in names:
        raise CourseInputError(f"--instructor {instructor}: also a trainee in {args.roster}; choose another name.")
    if not PROXY.exists():
        raise CourseInputError(f"{PROXY} is missing: install the web assets first (make env, needs npm).")
    languages = _languages(Path(args.roster))
    folder = Path(args.dir)
    state = hubconfig.state_folder(folder)
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    # solutions/ of the checkout setup runs from: root only, whatever the checkout's own permissions.
    if (REPO_ROOT / "solutions").is_dir():
        os.chmod(REPO_ROOT / "solutions", 0o700)
    where = install.install(folder, refresh=args.refresh)
    home_base = Path(args.home_base)
    handouts = {}
    for trainee in roster:
        entry = accounts.ensure_account(trainee.id, home_base)
        language = (languages.get(trainee.id, "") or args.language).strip().lower()
        accounts.set_language(entry, language)  # first: it names a language that is neither en nor zh
        accounts.fill_home(entry, trainee, language)  # the lessons and exercises of the trainee's edition
        given = Path(entry.pw_dir) / "exercises"
        handouts[trainee.id] = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(given.glob("*.ipynb"))
        }
    teacher = accounts.ensure_account(instructor, home_base)
    accounts.set_language(teacher, args.language)
    accounts.fill_home(teacher, read_roster_entry(instructor), args.language.strip().lower())
    settings = hubconfig.HubSettings(
        folder=folder,
        port=args.port,
        ip=args.ip,
        instructor=instructor,
        trainees=tuple(names),
        memory_bytes=args.memory,
        idle_seconds=args.idle_timeout,
        proxy=PROXY,
        environment=where.environment(),
    )
    (state / "jupyterhub_config.py").write_text(hubconfig.config_text(settings, python=where.python), encoding="utf-8")
    passwords = hubconfig.register(state, [*names, instructor], new_passwords=args.new_passwords)
    with (state / "roster.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["trainee", "seed"])
        writer.writerows([t.id, t.seed] for t in roster)
    record = {"trainees": names, "instructor": instructor, "port": args.port, "ip": args.ip, "handouts": handouts}
    (state / "classroom.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    print(f"{len(names)} trainees and instructor {instructor} ready; homes in {home_base}")
    print(f"logins and passwords (hand them out, root only): {passwords}")
    print(f"start the hub: python -m course classroom start --dir {folder}   ->  http://{args.ip}:{args.port}/")
    return 0


def read_roster_entry(name: str):
    """The instructor as a roster entry: the course's default data (no seed of their own)."""
    from course.authoring.roster import Trainee, derived_seed

    return Trainee(name, derived_seed(name))


def _live_pid(pid_file: Path, program: str) -> int | None:
    """The pid in ``pid_file`` if that process runs and is ``program`` (a pid left in a stale file may be reused)."""
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid if program.encode() in command else None


def _hub_pid(state: Path) -> int | None:
    return _live_pid(state / "jupyterhub.pid", "jupyterhub")


def _terminate(pid_file: Path, program: str, *, seconds: float) -> None:
    """Ask ``program`` to stop (SIGTERM), give it ``seconds``, then kill its process group."""
    pid = _live_pid(pid_file, program)
    if not pid:
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _live_pid(pid_file, program):
        time.sleep(0.2)
    if _live_pid(pid_file, program):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def _start(args: argparse.Namespace) -> int:
    _require_root()
    settings, state = _settings(args), _state(args)
    if _hub_pid(state):
        print(f"the hub is already running (pid {_hub_pid(state)})")
        return 0
    log = (state / "jupyterhub.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(state / "jupyterhub_config.py")],
        cwd=state,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # the hub outlives this command; `stop` ends it by its pid file
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},  # the hub imports the classroom's authenticator
    )
    (state / "jupyterhub.pid").write_text(str(process.pid))
    url = f"http://{settings['ip']}:{settings['port']}/hub/api/"
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CourseInputError(
                f"the hub stopped at start (exit {process.returncode}); see {state / 'jupyterhub.log'}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                print(f"the hub runs: http://{settings['ip']}:{settings['port']}/ (pid {process.pid})")
                return 0
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise CourseInputError(f"the hub did not answer within {args.timeout} s; see {state / 'jupyterhub.log'}")


def _stop_hub(args: argparse.Namespace) -> None:
    state, settings = _state(args), _settings(args)
    # the hub stops every trainee's server and the proxy on its way out (a minute: a full room on a busy machine)
    _terminate(state / "jupyterhub.pid", "jupyterhub", seconds=60)
    # a hub killed before it got there leaves its proxy, which runs in a session of its own, answering on the port
    _terminate(state / "proxy.pid", "configurable-http-proxy", seconds=10)
    (state / "jupyterhub.pid").unlink(missing_ok=True)
    for name in [*settings["trainees"], settings["instructor"]]:  # servers left by a hub that was killed
        if accounts.is_ours(name):
            subprocess.run(["pkill", "-TERM", "-u", name], check=False, capture_output=True)


def _stop(args: argparse.Namespace) -> int:
    _require_root()
    _stop_hub(args)
    print("the hub is stopped; every trainee's files stay in their home")
    return 0


def _reset(args: argparse.Namespace) -> int:
    """Stop; forget the hub's sessions and servers (its database), keep homes, accounts and passwords."""
    _require_root()
    _stop_hub(args)
    state, settings = _state(args), _settings(args)
    for name in ("jupyterhub.sqlite", "cookie_secret", "proxy.pid"):
        (state / name).unlink(missing_ok=True)
    hubconfig.register(state, [*settings["trainees"], settings["instructor"]])
    print("the hub is reset (sessions and tokens forgotten); homes, work and passwords kept")
    return 0


def _collect(args: argparse.Namespace) -> int:
    _require_root()
    settings = _settings(args)
    name = Path(rounds.lesson(args.exercise).exercise or "").name
    handouts = {t: given.get(name) for t, given in settings["handouts"].items()}
    folder = rounds.collect(Path(args.dir), args.exercise, settings["trainees"], handouts)
    print(f"collected exercise {args.exercise} into {folder / 'submissions'} (statuses in {folder / 'collected.csv'})")
    return 0


def _grade(args: argparse.Namespace) -> int:
    _require_root()
    folder = rounds.grade(Path(args.dir), args.exercise, _state(args) / "roster.csv", jobs=args.jobs)
    print((folder / "scores.csv").read_text(encoding="utf-8"), end="")
    return 0


def _return(args: argparse.Namespace) -> int:
    _require_root()
    written = rounds.give_back(Path(args.dir), args.exercise)
    print(f"returned {len(written)} feedback files into the trainees' homes (~/feedback/)")
    return 0


def _round(args: argparse.Namespace) -> int:
    return _collect(args) or _grade(args) or _return(args)


def _remove(args: argparse.Namespace) -> int:
    """After the workshop: stop, remove the classroom's accounts (homes with --homes) and the installation."""
    _require_root()
    _stop_hub(args)
    settings = _settings(args)
    for name in [*settings["trainees"], settings["instructor"]]:
        accounts.remove_account(name, homes=args.homes)
    import shutil

    for part in ("env", "python", "lib", "hub"):
        shutil.rmtree(Path(args.dir) / part, ignore_errors=True)
    print("accounts removed" + (" with their homes" if args.homes else "; homes kept") + f"; {args.dir} cleared")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``classroom`` and its actions on the course's command line."""
    room = commands.add_parser("classroom", help="a workshop on one server: JupyterHub, collect, grade, return")
    actions = room.add_subparsers(dest="action", required=True)

    def action(name: str, run, help_: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_)
        parser.add_argument("--dir", default=str(DEFAULT_DIR), help=f"the classroom folder (default {DEFAULT_DIR})")
        parser.set_defaults(run=run)
        return parser

    setup = action("setup", _setup, "accounts, homes, the read-only course and the hub's configuration from a roster")
    setup.add_argument("roster", help="CSV: trainee[, seed][, language (en or zh)]")
    setup.add_argument("--instructor", default="instructor", help="the admin account (default instructor)")
    setup.add_argument("--home-base", default="/home", help="where the homes are made (default /home)")
    setup.add_argument("--ip", default="127.0.0.1", help="the address the hub listens on (default 127.0.0.1)")
    setup.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000; +1 and +2 used too)")
    setup.add_argument("--memory", type=_memory, default=_memory("3G"), help="memory per trainee process (3G)")
    setup.add_argument("--idle-timeout", type=int, default=3600, help="seconds before an idle server stops (3600)")
    setup.add_argument(
        "--language",
        default="en",
        help="JupyterLab's language and the edition of the lessons and exercises when the roster gives none: en or zh",
    )
    setup.add_argument("--refresh", action="store_true", help="lay the environment anew (after `make env`)")
    setup.add_argument("--new-passwords", action="store_true", help="give every login a new password")
    start = action("start", _start, "start the hub in the background (log in hub/jupyterhub.log)")
    start.add_argument("--timeout", type=int, default=60, help="seconds to wait for the hub (60)")
    action("stop", _stop, "stop the hub and every trainee's server; homes and work stay")
    action("reset", _reset, "stop and forget sessions and tokens; homes, work and passwords stay")
    for name, run, help_ in (
        ("collect", _collect, "copy exercise NN from every home into rounds/NN/submissions"),
        ("grade", _grade, "grade rounds/NN with `python -m course check`; scores.csv and feedback"),
        ("return", _return, "put each trainee's feedback into ~/feedback/ of their home"),
        ("round", _round, "collect, grade and return in one go"),
    ):
        parser = action(name, run, help_)
        parser.add_argument("exercise", help="the exercise number, e.g. 03")
        parser.add_argument("-j", "--jobs", type=int, default=None, help="notebooks graded at once (default: cores)")
    remove = action("remove", _remove, "after the workshop: remove the accounts and the installation")
    remove.add_argument("--homes", action="store_true", help="delete the homes too (the trainees' work!)")
