"""`make lab` as a trainee meets it: JupyterLab at the repository root, the course map first, no news pop-up.

JupyterLab is started the way the Makefile starts it (``--config=.jupyter/jupyter_lab_config.py``),
on loopback with a token and a throw-away home folder, once for the module. The
HTTP checks need no browser, so they run on every laptop; the browser test
drives the same server in headless Chromium (the course map opens, the file
browser lists every folder, a kernel starts and a cell runs) and leaves a
screenshot in ``test-artifacts/lab/``.
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
from chromium import chromium, console_errors, free_port, requested_urls, require_browser, screenshot

from course import REPO_ROOT

pytestmark = pytest.mark.notebook

CONFIG = REPO_ROOT / ".jupyter" / "jupyter_lab_config.py"
CONFIG_ZH = REPO_ROOT / ".jupyter" / "jupyter_lab_config_zh.py"
COURSE_MAP = REPO_ROOT / "notebooks" / "00_course_map.ipynb"


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


def _lab(tmp_path_factory, config):
    """JupyterLab on 127.0.0.1 with a random token, configured by one of the course's config files."""
    tmp_path = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")},
        "HOME": str(tmp_path),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
    }
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--config={config}",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--allow-root",
        ],
        cwd=tmp_path,  # the config, not the working folder, decides the root
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """`make lab`'s JupyterLab (one per module)."""
    yield from _lab(tmp_path_factory, CONFIG)


@pytest.fixture(scope="module")
def lab_server_zh(tmp_path_factory):
    """`make lab-zh`'s JupyterLab: the Chinese course map, the interface in Chinese (one per module)."""
    yield from _lab(tmp_path_factory, CONFIG_ZH)


def test_makefile_starts_lab_with_the_course_config():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "--config=.jupyter/jupyter_lab_config.py" in recipe
    assert "notebooks/00_course_map.ipynb" not in recipe  # a file argument would make notebooks/ the root


def test_jupyterlab_serves_the_repository_root_and_the_course_map(lab_server):
    base, token = lab_server
    status, headers, _ = _get(f"{base}/?token={token}", follow=False)
    assert status == 302 and headers["Location"].split("?")[0] == "/lab/tree/notebooks/00_course_map.ipynb", headers
    assert _get(f"{base}/lab/tree/notebooks/00_course_map.ipynb?token={token}")[0] == 200
    _, _, body = _get(f"{base}/api/contents?token={token}")
    names = {item["name"] for item in json.loads(body)["content"]}
    assert {"notebooks", "exercises", "solutions", "data", "course"} <= names
    _, _, body = _get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
    schema = json.loads(body)["schema"]["properties"]  # the course's overrides are the defaults now
    assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False


def test_lab_opens_the_course_map_reaches_every_folder_and_runs_a_cell(lab_server):
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, token = lab_server
    before = COURSE_MAP.read_bytes()
    with chromium() as driver:
        wait = WebDriverWait(driver, 90)
        driver.get(f"{base}/?token={token}")  # the start page make lab opens

        # the course map opens first, rendered
        wait.until(lambda d: "/lab/tree/notebooks/00_course_map.ipynb" in d.current_url)
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".jp-NotebookPanel .jp-MarkdownCell")))
        wait.until(lambda d: "Course map" in d.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel").text)

        # the kernel starts and cells run: the parameters cell (the language), then the imports and the map
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']"))
        parameters, cell = driver.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")[
            :2
        ]
        parameters.find_element(By.CSS_SELECTOR, ".jp-InputArea-editor").click()
        driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.ENTER)
        wait.until(lambda d: "[1]" in parameters.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text)
        driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.ENTER)  # Shift+Enter moved to the next cell
        wait.until(lambda d: "[2]" in cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']"))
        output = cell.find_element(By.CSS_SELECTOR, ".jp-OutputArea").text
        assert "customers" in output and "Error" not in output, output

        # the file browser reaches the repository root: lessons, exercises and solutions
        driver.find_element(By.CSS_SELECTOR, ".jp-FileBrowser .jp-BreadCrumbs-home").click()
        wait.until(
            lambda d: (
                {"notebooks", "exercises", "solutions"}
                <= {item.text for item in d.find_elements(By.CSS_SELECTOR, ".jp-DirListing-itemText")}
            )
        )
        listed = {item.text for item in driver.find_elements(By.CSS_SELECTOR, ".jp-DirListing-itemText")}
        assert {"notebooks", "exercises", "solutions", "data", "README.md"} <= listed, listed

        # no "get notified about Jupyter news?" pop-up, and nothing fetched from outside
        time.sleep(2)
        page = driver.find_element(By.TAG_NAME, "body").text
        assert "news" not in page.lower(), "JupyterLab shows its news pop-up"
        shot = screenshot(driver, "jupyterlab", "lab")
        local = (base, base.replace("http:", "ws:"))
        outside = [
            url for url in requested_urls(driver) if url.startswith(("http", "ws")) and not url.startswith(local)
        ]
        assert not outside, f"JupyterLab requested outside addresses: {outside[:5]}"
        errors = [e for e in console_errors(driver) if "favicon" not in e]
        assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert COURSE_MAP.read_bytes() == before, "the test must not save the course map"


def test_makefile_starts_the_chinese_lab_with_its_config():
    makefile = (REPO_ROOT / "Makefile").read_text()
    recipe = re.search(r"^lab-zh:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "--config=.jupyter/jupyter_lab_config_zh.py" in recipe


def test_the_chinese_settings_are_the_course_settings_and_the_chinese_interface():
    english = json.loads((REPO_ROOT / ".jupyter" / "lab" / "settings" / "overrides.json").read_text())
    chinese = json.loads((REPO_ROOT / ".jupyter" / "lab-zh" / "settings" / "overrides.json").read_text())
    assert chinese == {**english, "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}


def test_the_language_pack_is_pinned_for_the_pinned_jupyterlab():
    """The zh-CN pack is released per JupyterLab minor version: same major, and not newer than JupyterLab."""
    from importlib.metadata import version

    pins = dict(line.split("==") for line in (REPO_ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    lab, pack = pins["jupyterlab"], pins["jupyterlab-language-pack-zh-CN"]
    assert version("jupyterlab") == lab and version("jupyterlab-language-pack-zh-CN") == pack
    lab_minor, pack_minor = tuple(map(int, lab.split(".")[:2])), tuple(map(int, pack.split(".")[:2]))
    assert pack_minor[0] == lab_minor[0] and pack_minor <= lab_minor, (lab, pack)


def test_the_chinese_lab_opens_the_chinese_course_map_in_chinese(lab_server_zh):
    base, token = lab_server_zh
    status, headers, _ = _get(f"{base}/?token={token}", follow=False)  # the start page make lab-zh opens
    assert status == 302 and headers["Location"].split("?")[0] == "/lab/tree/zh/notebooks/00_course_map.ipynb", headers
    _, _, body = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}")
    schema = json.loads(body)["schema"]["properties"]  # the overrides are the defaults: Chinese unless a reader chooses
    assert schema["locale"]["default"] == "zh_CN"
    _, _, body = _get(f"{base}/lab/api/translations/zh_CN?token={token}")
    strings = json.loads(body)["data"]
    assert strings.get("jupyterlab", {}).get("Edit") == ["编辑"], "the zh-CN language pack is not served"
    _, _, body = _get(f"{base}/api/contents/zh/notebooks/00_course_map.ipynb?token={token}")
    assert "课程" in json.dumps(json.loads(body)["content"], ensure_ascii=False)


def test_the_chinese_lab_shows_its_interface_and_the_course_map_in_chinese(lab_server_zh):
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, token = lab_server_zh
    with chromium() as driver:
        wait = WebDriverWait(driver, 90)
        driver.get(f"{base}/?token={token}")
        wait.until(lambda d: "/lab/tree/zh/notebooks/00_course_map.ipynb" in d.current_url)
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".jp-NotebookPanel .jp-MarkdownCell")))
        wait.until(lambda d: "课程导览" in d.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel").text)
        wait.until(lambda d: "文件" in d.find_element(By.CSS_SELECTOR, "#jp-menu-panel, .lm-MenuBar").text)
        time.sleep(2)
        shot = screenshot(driver, "jupyterlab-zh", "lab")
        errors = [e for e in console_errors(driver) if "favicon" not in e]
        assert not errors, errors
    assert shot.stat().st_size > 10_000


def test_a_chinese_exercise_fails_its_first_check_in_chinese_in_the_chinese_lab(lab_server_zh):
    """A trainee of the Chinese edition runs the blank exercise 00: the first check says what is wrong, in Chinese."""
    require_browser()
    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, token = lab_server_zh
    exercise = REPO_ROOT / "zh" / "exercises" / "00_warmup.ipynb"
    before = exercise.read_bytes()
    with chromium() as driver:
        wait = WebDriverWait(driver, 120)
        driver.get(f"{base}/lab/tree/zh/exercises/00_warmup.ipynb?token={token}")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".jp-NotebookPanel .jp-CodeCell")))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']"))
        panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
        # the first cell, once the notebook has stopped moving under the pointer (rendering shifts its layout)
        WebDriverWait(driver, 30, ignored_exceptions=[ElementClickInterceptedException]).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, f"{panel} .jp-Cell")[0].click() or True
        )
        error = None
        for _ in range(len(driver.find_elements(By.CSS_SELECTOR, f"{panel} .jp-Cell"))):  # run cell after cell
            driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.ENTER)
            time.sleep(0.3)
            wait.until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']")
            )
            shown = driver.find_elements(By.CSS_SELECTOR, f"{panel} .jp-OutputArea-output[data-mime-type*='stderr']")
            if shown:
                error = shown[0]
                break
        assert error is not None, "no check failed on the blank Chinese exercise"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", error)
        time.sleep(1)
        text = error.text
        shot = screenshot(driver, "jupyterlab-zh-check-failure", "lab")
    assert "AnswerError" in text and "第 1 题" in text and "`...`" in text, text
    assert shot.stat().st_size > 10_000
    assert exercise.read_bytes() == before, "the test must not save the exercise"
