"""The classroom's JupyterHub: its configuration file and the roster's logins.

Choices, each for a one-day workshop on one server:

- **Logins**: ``jupyterhub-nativeauthenticator`` with sign-up switched off
  (:mod:`.auth`: its passwords behind JupyterHub's own login page);
  :func:`register` writes each roster name with a generated password into the
  hub's database (bcrypt, as the authenticator stores them), and the
  passwords into a root-only CSV for the instructor to hand out. Only roster
  names can log in; no stranger can sign up.
- **Servers**: ``LocalProcessSpawner``: each trainee's server runs as the
  trainee's unix account, so file permissions keep homes and solutions apart.
- **Memory**: ``LocalProcessSpawner`` ignores ``mem_limit``; the server starts
  under ``prlimit --as`` (``RLIMIT_AS``), which every kernel it starts inherits:
  a cell that allocates past the limit gets a ``MemoryError`` in its own
  kernel instead of pushing the whole server into swap.
- **Idle servers**: ``jupyterhub-idle-culler`` as a hub service.
- **Network**: hub and proxy on 127.0.0.1 unless told otherwise; TLS and a
  domain name belong to a reverse proxy in front (INSTRUCTORS.md).

Examples
--------
>>> settings = HubSettings(folder=Path("/srv/c"), port=8000, instructor="teacher", trainees=("ann",),
...     memory_bytes=2**31, idle_seconds=3600, proxy=Path("/x/configurable-http-proxy"), environment={})
>>> "RosterAuthenticator.enable_signup = False" in config_text(settings, python=Path("/srv/c/env/bin/python"))
True
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["HubSettings", "config_text", "register", "state_folder"]


@dataclass(frozen=True)
class HubSettings:
    """What the configuration needs to know."""

    folder: Path
    port: int
    instructor: str
    trainees: tuple[str, ...]
    memory_bytes: int
    idle_seconds: int
    proxy: Path
    environment: dict[str, str]
    ip: str = "127.0.0.1"
    hub_port: int = 0
    api_port: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def state_folder(folder: Path) -> Path:
    """The hub's own files (configuration, database, secrets, passwords): root only."""
    return folder / "hub"


def config_text(settings: HubSettings, *, python: Path) -> str:
    """The ``jupyterhub_config.py`` of the classroom."""
    state = state_folder(settings.folder)
    hub_port = settings.hub_port or settings.port + 1
    api_port = settings.api_port or settings.port + 2
    spawn = ["prlimit", f"--as={settings.memory_bytes}", "--", str(python), "-m", "jupyterhub.singleuser"]
    culler = [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={settings.idle_seconds}"]
    values = {
        "JupyterHub.ip": settings.ip,
        "JupyterHub.port": settings.port,
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": hub_port,
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{api_port}",
        "ConfigurableHTTPProxy.command": [str(settings.proxy)],
        "ConfigurableHTTPProxy.pid_file": str(state / "proxy.pid"),
        "JupyterHub.db_url": f"sqlite:///{state / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(state / "cookie_secret"),
        "JupyterHub.pid_file": str(state / "jupyterhub.pid"),
        "JupyterHub.authenticator_class": "course.authoring.classroom.auth.RosterAuthenticator",
        "RosterAuthenticator.enable_signup": False,
        "RosterAuthenticator.check_common_password": True,
        "RosterAuthenticator.allowed_failed_logins": 10,
        "RosterAuthenticator.seconds_before_next_try": 60,
        "Authenticator.allowed_users": sorted({*settings.trainees, settings.instructor}),
        "Authenticator.admin_users": [settings.instructor],
        "JupyterHub.spawner_class": "localprocess",
        "Spawner.cmd": spawn,
        "Spawner.mem_limit": settings.memory_bytes,
        "Spawner.environment": settings.environment,
        "Spawner.default_url": "/lab",
        "Spawner.notebook_dir": "~",
        "Spawner.start_timeout": 120,
        "Spawner.http_timeout": 120,
        "JupyterHub.services": [{"name": "idle-culler", "command": culler}],
        "JupyterHub.load_roles": [
            {
                "name": "idle-culler",
                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
                "services": ["idle-culler"],
            }
        ],
        **settings.extra,
    }
    lines = [
        "# The course's classroom hub, written by `python -m course classroom setup`; edit the roster and",
        "# run setup again rather than this file. INSTRUCTORS.md, 'Run a workshop on one server'.",
        "c = get_config()  # noqa: F821",
    ]
    lines += [f"c.{name} = {value!r}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def _new_password() -> str:
    # 12 characters a trainee can type from a printed card: no 0/O, 1/l/I.
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def register(state: Path, names: list[str], *, new_passwords: bool = False) -> Path:
    """Give each name a login in the hub's database; write ``passwords.csv`` (root only); return its path.

    A name in ``passwords.csv`` keeps its password (also after ``reset`` emptied the
    database) unless ``new_passwords``.
    """
    import bcrypt
    from jupyterhub import orm
    from nativeauthenticator.orm import UserInfo  # registers the authenticator's table with the hub's

    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    listing = state / "passwords.csv"
    known = {}
    if listing.exists():
        with listing.open(newline="", encoding="utf-8") as handle:
            known = {row["user"]: row["password"] for row in csv.DictReader(handle)}
    session = orm.new_session_factory(f"sqlite:///{state / 'jupyterhub.sqlite'}")()
    rows = []
    for name in names:
        info = UserInfo.find(session, name)
        password = (None if new_passwords else known.get(name)) or _new_password()
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        if info is None:
            session.add(UserInfo(username=name, password=hashed, is_authorized=True))
        else:
            info.password, info.is_authorized = hashed, True
        rows.append((name, password))
    session.commit()
    session.close()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["user", "password"])
    writer.writerows(rows)
    listing.touch(mode=0o600)
    os.chmod(listing, 0o600)
    listing.write_text(text.getvalue(), encoding="utf-8")
    return listing
