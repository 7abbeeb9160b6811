"""`make lab` serves JupyterLab at the repository root with the course map first (checked over HTTP on loopback).

The browser test (test_lab_browser.py) drives the same server in Chromium; this
one needs no browser, so it runs on every laptop.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from chromium import free_port

from course import REPO_ROOT

pytestmark = pytest.mark.notebook

CONFIG = REPO_ROOT / ".jupyter" / "jupyter_lab_config.py"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, *, follow: bool = True) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_makefile_starts_lab_with_the_course_config():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "--config=.jupyter/jupyter_lab_config.py" in recipe
    assert "notebooks/00_course_map.ipynb" not in recipe  # a file argument would make notebooks/ the root


def test_jupyterlab_serves_the_repository_root_and_the_course_map(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--config={CONFIG}",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--allow-root",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={
            **{key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")},
            "HOME": str(tmp_path),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
        },
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, _ = _get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert server.poll() is None and time.monotonic() < deadline, "JupyterLab did not start"
            time.sleep(0.5)
        status, headers, _ = _get(f"{base}/?token={token}", follow=False)
        assert status == 302 and headers["Location"].split("?")[0] == "/lab/tree/notebooks/00_course_map.ipynb", headers
        assert _get(f"{base}/lab/tree/notebooks/00_course_map.ipynb?token={token}")[0] == 200
        _, _, body = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"notebooks", "exercises", "solutions", "data", "course"} <= names
        _, _, body = _get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
        schema = json.loads(body)["schema"]["properties"]  # the course's overrides are the defaults now
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False
    finally:
        server.terminate()
        server.wait(timeout=20)
