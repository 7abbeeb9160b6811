"""Unix accounts and homes for a workshop: one per roster trainee and one for the instructor.

JupyterHub's ``LocalProcessSpawner`` starts each trainee's server as the unix
user of the same name, so the operating system keeps trainees apart: a home is
``0700`` and owned by its trainee; the classroom's installation is owned by
root and read-only. Accounts the classroom made carry :data:`MARK` in their
comment field; the commands change or remove only those, never an account that
was there before (a roster id ``root`` is refused).

A home holds ``lessons/`` (the lesson notebooks) and ``exercises/`` (every
ready exercise, handed out with the trainee's own seed, as
``python -m course exercises handout`` does), in the trainee's language: a
trainee whose roster language is ``zh`` gets the Chinese edition (``zh/``).
Setting up again adds what is missing and never overwrites a trainee's file.

Examples
--------
>>> check_name("alice"), check_name("bob_2")
('alice', 'bob_2')
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from course.authoring.roster import Trainee, edition_path, handout
from course.syllabus import lessons
from course.validation import CourseInputError

__all__ = ["MARK", "check_name", "ensure_account", "is_ours", "remove_account", "fill_home", "set_language"]

MARK = "course classroom"
# Portable unix user names (useradd's default rule, lower case): JupyterHub lower-cases logins anyway.
_UNIX = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
# JupyterLab's language setting: the translation extension's user settings in the home.
_LANGUAGE_SETTINGS = Path(".jupyter/lab/user-settings/@jupyterlab/translation-extension/plugin.jupyterlab-settings")
LOCALES = {"en": "en", "zh": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN"}


def check_name(name: str) -> str:
    """Return ``name`` if it can be a unix account; else a :class:`CourseInputError` saying why."""
    if not _UNIX.match(name):
        raise CourseInputError(
            f"roster, column 'trainee': {name!r} cannot be a unix account name; use lower-case letters, digits, "
            "'_' or '-', starting with a letter, at most 32 characters."
        )
    return name


def is_ours(name: str) -> bool:
    """Whether the account ``name`` exists and was made by the classroom."""
    try:
        return pwd.getpwnam(name).pw_gecos == MARK
    except KeyError:
        return False


def ensure_account(name: str, home_base: Path) -> pwd.struct_passwd:
    """Create the account ``name`` with its home in ``home_base`` (``0700``), or reuse the classroom's own."""
    check_name(name)
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        home_base.mkdir(parents=True, exist_ok=True)
        home = home_base / name
        # -U: a group of its own; --no-log-init: no huge sparse lastlog entry for high uids.
        command = ["useradd", "--create-home", "--home-dir", str(home), "--comment", MARK, "--shell", "/bin/bash"]
        subprocess.run([*command, "-U", "--no-log-init", name], check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(name)
    if entry.pw_gecos != MARK:
        raise CourseInputError(
            f"the account {name!r} exists and was not made by the classroom; rename the trainee in the roster."
        )
    home = Path(entry.pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def remove_account(name: str, *, homes: bool) -> None:
    """Remove an account the classroom made (and its home when ``homes``); leave any other account alone."""
    if not is_ours(name):
        return
    home = Path(pwd.getpwnam(name).pw_dir)
    subprocess.run(["pkill", "-KILL", "-u", name], check=False, capture_output=True)  # its processes first
    subprocess.run(["userdel", name], check=True, capture_output=True, text=True)
    if homes and home.name == name:
        shutil.rmtree(home, ignore_errors=True)


def _give(path: Path, entry: pwd.struct_passwd, mode: int) -> None:
    os.chown(path, entry.pw_uid, entry.pw_gid)
    os.chmod(path, mode)


def _place(source: Path, target: Path, entry: pwd.struct_passwd) -> bool:
    """Copy ``source`` to ``target`` (owned by the trainee) unless a file is already there; True if copied."""
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    _give(target.parent, entry, 0o700)
    shutil.copyfile(source, target)
    _give(target, entry, 0o600)
    return True


def fill_home(entry: pwd.struct_passwd, trainee: Trainee, language: str = "en") -> list[Path]:
    """Put the lessons and the trainee's exercises into the home, in ``language`` (en or zh); return the new files."""
    home, added = Path(entry.pw_dir), []
    ready = [item for item in lessons() if item.ready]
    for item in ready:
        target = home / "lessons" / Path(item.notebook).name
        if _place(edition_path(item.notebook, language), target, entry):
            added.append(target)
    with tempfile.TemporaryDirectory() as scratch:
        for item in ready:
            if not item.exercise:
                continue
            (written,) = handout(item.number, [trainee], scratch, lang=language)
            target = home / "exercises" / Path(item.exercise).name
            if _place(written, target, entry):
                added.append(target)
    return added


def set_language(entry: pwd.struct_passwd, language: str) -> Path:
    """Write the trainee's JupyterLab interface language (``en`` or ``zh``) into the home's settings."""
    locale = LOCALES.get(language.strip().lower() or "en")
    if locale is None:
        raise CourseInputError(f"roster, column 'language': {language!r} is not one of en, zh.")
    target = Path(entry.pw_dir) / _LANGUAGE_SETTINGS
    for parent in reversed(target.relative_to(entry.pw_dir).parents[:-1]):
        (Path(entry.pw_dir) / parent).mkdir(exist_ok=True)
        _give(Path(entry.pw_dir) / parent, entry, 0o700)
    target.write_text(json.dumps({"locale": locale}, indent=2) + "\n", encoding="utf-8")
    _give(target, entry, 0o600)
    return target
