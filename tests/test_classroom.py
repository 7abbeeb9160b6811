"""The classroom's parts that need no hub: its configuration, the language pack, names, scores and the CLI.

The hub itself, with real accounts and kernels, is tests/test_hub.py.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import time
from pathlib import Path

import pytest
from packaging.version import Version

from course.authoring.classroom import accounts, hubconfig, rounds
from course.authoring.classroom.auth import RosterAuthenticator
from course.authoring.classroom.cli import _live_pid, _memory, _terminate
from course.authoring.classroom.install import layout
from course.validation import CourseInputError


def _settings(**changes) -> hubconfig.HubSettings:
    values = {
        "folder": Path("/srv/room"),
        "port": 8000,
        "instructor": "teacher",
        "trainees": ("ann", "bob"),
        "memory_bytes": 3 * 2**30,
        "idle_seconds": 3600,
        "proxy": Path("/repo/web-assets/node_modules/.bin/configurable-http-proxy"),
        "environment": {"PYTHONPATH": "/srv/room/lib"},
    }
    return hubconfig.HubSettings(**{**values, **changes})


def _config(settings: hubconfig.HubSettings) -> dict[str, object]:
    """Execute the written configuration file against a stand-in ``c`` and return what it set."""
    values: dict[str, object] = {}

    class Section:
        def __init__(self, name):
            object.__setattr__(self, "name", name)

        def __setattr__(self, key, value):
            values[f"{self.name}.{key}"] = value

    class Config:
        def __getattr__(self, name):
            return Section(name)

    exec(hubconfig.config_text(settings, python=Path("/srv/room/env/bin/python")), {"get_config": Config})
    return values


def test_the_hub_listens_on_loopback_with_roster_logins_only():
    values = _config(_settings())
    assert values["JupyterHub.ip"] == "127.0.0.1" and values["JupyterHub.hub_ip"] == "127.0.0.1"
    assert values["ConfigurableHTTPProxy.api_url"] == "http://127.0.0.1:8002"
    assert values["RosterAuthenticator.enable_signup"] is False
    assert sorted(values["Authenticator.allowed_users"]) == ["ann", "bob", "teacher"]
    assert values["Authenticator.admin_users"] == ["teacher"]
    assert values["JupyterHub.authenticator_class"] == "course.authoring.classroom.auth.RosterAuthenticator"


def test_each_server_runs_as_its_user_under_the_memory_limit_and_idle_servers_are_culled():
    values = _config(_settings(memory_bytes=2**31, idle_seconds=900))
    assert values["JupyterHub.spawner_class"] == "localprocess"
    assert values["Spawner.cmd"][:3] == ["prlimit", f"--as={2**31}", "--"]
    assert values["Spawner.cmd"][3:] == ["/srv/room/env/bin/python", "-m", "jupyterhub.singleuser"]
    assert values["Spawner.mem_limit"] == 2**31
    (service,) = values["JupyterHub.services"]
    assert service["name"] == "idle-culler" and "--timeout=900" in service["command"]
    (role,) = values["JupyterHub.load_roles"]
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert "admin:users" not in role["scopes"]


def test_the_authenticator_has_no_sign_up_and_leaves_login_to_jupyterhub():
    paths = [path for path, _ in RosterAuthenticator().get_handlers(None)]
    assert "/signup" not in paths and "/login" not in paths and "/authorize" not in paths


def test_the_chinese_language_pack_matches_jupyterlab():
    """The zh-CN pack is released per JupyterLab minor version; a pack one minor behind still loads.

    JupyterLab picks strings by message id; strings new in the newer minor stay in
    English (jupyterlab_server's documented fallback), nothing breaks. Two minors
    behind, or another major, and the pack must be upgraded with JupyterLab.
    """
    lab = Version(importlib.metadata.version("jupyterlab"))
    pack = Version(importlib.metadata.version("jupyterlab-language-pack-zh-CN"))
    assert pack.major == lab.major
    assert 0 <= lab.minor - pack.minor <= 1, f"zh-CN pack {pack} for JupyterLab {lab}: upgrade the pack"
    from jupyterlab_server.translation_utils import get_language_pack, get_language_packs

    packs, message = get_language_packs("zh_CN")
    assert "zh_CN" in packs and message == ""
    strings, message = get_language_pack("zh_CN")
    assert message == "" and strings["jupyterlab"]["Edit"] == ["编辑"] and strings["jupyterlab"]["Help"] == ["帮助"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ann", "cannot be a unix account name"),
        ("1ann", "cannot be a unix account name"),
        ("a" * 33, "cannot be a unix account name"),
        ("ann.lee", "cannot be a unix account name"),
    ],
)
def test_roster_ids_that_cannot_be_unix_accounts_are_refused(name, message):
    with pytest.raises(CourseInputError, match=message):
        accounts.check_name(name)


def test_an_account_made_before_the_classroom_is_never_taken(tmp_path):
    assert not accounts.is_ours("root")
    with pytest.raises(CourseInputError, match="exists and was not made by the classroom"):
        accounts.ensure_account("root", tmp_path)


def test_languages_are_english_or_chinese(tmp_path):
    class Entry:
        pw_dir, pw_uid, pw_gid = str(tmp_path), 0, 0

    written = accounts.set_language(Entry(), "zh")
    assert json.loads(written.read_text())["locale"] == "zh_CN"
    assert json.loads(accounts.set_language(Entry(), "").read_text())["locale"] == "en"
    with pytest.raises(CourseInputError, match="'fr' is not one of en, zh"):
        accounts.set_language(Entry(), "fr")


def test_scores_keep_every_roster_trainee_and_mark_the_missing():
    summary = [
        {"trainee": "ann", "score": "6", "maximum": "6", "percent": "100.0"},
        {"trainee": "cy", "score": "0", "maximum": "6", "percent": "0.0"},
        {"trainee": "bob", "score": "0", "maximum": "6", "percent": "0.0"},  # a grader's own "missing" row
    ]
    rows = rounds.merge_scores([("ann", "collected"), ("bob", "missing"), ("cy", "not started")], summary)
    assert [(r["trainee"], r["status"], r["score"], r["maximum"]) for r in rows] == [
        ("ann", "collected", "6", "6"),
        ("bob", "missing", "", "6"),
        ("cy", "not started", "0", "6"),
    ]


def test_memory_sizes_and_the_installations_paths():
    assert _memory("3G") == 3 * 2**30 and _memory("512M") == 512 * 2**20 and _memory("1000") == 1000
    where = layout("/srv/room")
    assert where.python == Path("/srv/room/env/bin/python") and where.environment()["PYTHONPATH"] == "/srv/room/lib"


def test_classroom_commands_need_root(monkeypatch, capsys):
    from course.authoring.cli import main

    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert main(["classroom", "stop", "--dir", "/nonexistent"]) == 2
    assert "run them as root" in capsys.readouterr().err


def test_collect_takes_only_the_trainees_own_file_never_a_link_out_of_the_home(tmp_path):
    import os

    home, elsewhere = tmp_path / "home", tmp_path / "other"
    (home / "exercises").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "00_warmup.ipynb").write_text("{}")

    class Entry:
        pw_dir, pw_uid = str(home), os.getuid()

    relative = Path("exercises/00_warmup.ipynb")
    assert rounds._own_file(Entry(), relative) is None  # nothing there: missing
    (home / relative).symlink_to(elsewhere / "00_warmup.ipynb")
    assert rounds._own_file(Entry(), relative) is None  # a link out of the home
    (home / relative).unlink()
    (home / relative).write_text("{}")
    assert rounds._own_file(Entry(), relative) == (home / relative).resolve()
    Entry.pw_uid = os.getuid() + 1
    assert rounds._own_file(Entry(), relative) is None  # a file the trainee does not own


def test_stop_ends_the_program_of_a_pid_file_and_nothing_else(tmp_path):
    """`classroom stop` ends the hub, then a proxy a killed hub left; a stale pid file may name another program."""
    sleeper = subprocess.Popen(["sleep", "60"], start_new_session=True)
    pid_file = tmp_path / "proxy.pid"
    pid_file.write_text(str(sleeper.pid))
    cmdline = Path(f"/proc/{sleeper.pid}/cmdline")
    deadline = time.monotonic() + 10
    while b"sleep" not in cmdline.read_bytes() and time.monotonic() < deadline:  # forked, not yet exec'd
        time.sleep(0.05)
    try:
        assert _live_pid(pid_file, "configurable-http-proxy") is None
        _terminate(pid_file, "configurable-http-proxy", seconds=1)  # not the proxy: left alone
        assert sleeper.poll() is None
        assert _live_pid(pid_file, "sleep") == sleeper.pid
        _terminate(pid_file, "sleep", seconds=5)
        assert sleeper.wait(timeout=5) is not None
    finally:
        sleeper.kill()
    assert _live_pid(tmp_path / "missing.pid", "sleep") is None
