"""The course installed once for the classroom, read-only: an interpreter, the environment and the package.

Trainees' servers run as their own unix users, so everything they execute must
be readable by every user, and nothing of the instructor's may be: the
repository (with ``solutions/``) and the environment may live in a place only
root can enter (``/root``). :func:`install` therefore lays out, under the
classroom folder::

    python/   the base interpreter (only when the environment is a venv of one)
    env/      the virtual environment, its ``python`` pointing at ``python/``
    lib/      the ``course`` package and ``data/`` (``PYTHONPATH``): no solutions

``python/`` and ``env/`` are hard links to the originals when both are on one
file system (``cp -al``: seconds, no disk), copies otherwise; files are owned
by root and not writable by others, so a trainee can run, not change them.

Examples
--------
>>> layout(Path("/srv/classroom")).python
PosixPath('/srv/classroom/env/bin/python')
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course import REPO_ROOT
from course.validation import CourseInputError

__all__ = ["Layout", "layout", "install"]

# What of the repository the trainees' kernels need: the package and its data, nothing else.
_SHIPPED = ("course", "data")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


@dataclass(frozen=True)
class Layout:
    """Where the classroom's read-only installation lives."""

    root: Path

    @property
    def base(self) -> Path:
        return self.root / "python"

    @property
    def env(self) -> Path:
        return self.root / "env"

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def python(self) -> Path:
        return self.env / "bin" / "python"

    def environment(self) -> dict[str, str]:
        """The variables a trainee's server needs to find the interpreter, its library and the course."""
        found = {"PYTHONPATH": str(self.lib), "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
        if (self.base / "lib").is_dir():
            found["LD_LIBRARY_PATH"] = str(self.base / "lib")  # a shared libpython found by absolute RPATH
        return found


def layout(root: str | Path) -> Layout:
    """The installation's paths under the classroom folder ``root``."""
    return Layout(Path(root))


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (copy when the file systems differ); replace an older ``target``."""
    if target.exists():
        shutil.rmtree(target)
    same_device = os.stat(source).st_dev == os.stat(target.parent).st_dev
    subprocess.run(["cp", "-al" if same_device else "-a", str(source), str(target)], check=True)


def _site_packages(env: Path) -> Path:
    return env / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def install(root: str | Path, *, refresh: bool = False) -> Layout:
    """Install interpreter, environment and course under ``root``, read-only for every user but root.

    The environment is the one running this command (``sys.prefix``). With
    ``refresh=False`` an existing ``env/`` is kept and only ``lib/`` (the
    course) is laid anew, so that a fixed lesson reaches the trainees quickly.
    """
    where = layout(root)
    where.root.mkdir(parents=True, exist_ok=True)
    os.chmod(where.root, 0o755)
    venv, base = Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()
    if venv == base:
        raise CourseInputError(
            f"{sys.executable} is not a virtual environment; run the command with the course's .venv/bin/python."
        )
    if refresh or not where.python.exists():
        _link_tree(base, where.base)
        _link_tree(venv, where.env)
        for name in ("python", "python3", f"python{sys.version_info.major}.{sys.version_info.minor}"):
            link = where.env / "bin" / name
            link.unlink(missing_ok=True)
            link.symlink_to(where.base / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}")
        cfg = where.env / "pyvenv.cfg"
        lines = [
            f"home = {where.base / 'bin'}" if line.startswith("home") else line for line in cfg.read_text().splitlines()
        ]
        cfg.unlink()  # a hard link: write a new file, never into the original's inode
        cfg.write_text("\n".join(lines) + "\n")
        # The editable install points at the repository; the classroom's course is lib/ (PYTHONPATH).
        for path in _site_packages(where.env).glob("__editable__*course*"):
            path.unlink()
    # The course's JupyterLab settings (no news pop-up, no update check), as `make lab` has them.
    settings = where.env / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").unlink(missing_ok=True)  # maybe a hard link: never write into the original
    shutil.copyfile(REPO_ROOT / ".jupyter" / "lab" / "settings" / "overrides.json", settings / "overrides.json")
    if where.lib.exists():
        shutil.rmtree(where.lib)
    where.lib.mkdir()
    for name in _SHIPPED:
        shutil.copytree(REPO_ROOT / name, where.lib / name, ignore=_SKIP)
    for path in [where.lib, *where.lib.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return where
