"""The classroom on one server, end to end: a real JupyterHub on 127.0.0.1, real unix accounts, real kernels.

Eleven roster trainees and an instructor. Each trainee logs in through the
hub's login form, takes an API token, starts a server and runs exercise 00
through a kernel of that server: three leave it blank, three answer two
questions wrongly, four solve it, one deletes it. The instructor's
``classroom round 00`` collects, grades and returns; the scores must equal what
``python -m course check`` gives on the same notebooks. Then the walls: a
trainee cannot read another's home, ``solutions/`` or the hub's passwords
(files and HTTP), cannot reach the admin API, cannot allocate past the memory
limit; a stranger cannot log in or sign up.

Needs root, useradd and configurable-http-proxy (``make env``); without them the
tests skip and say why -- except in CI, where they must run. Everything made
(accounts, homes, processes, the classroom folder) is removed by the fixture's
finalizer, also when a test fails. Each HTTP call, cell and command has a timeout.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import requests

from course import REPO_ROOT
from tests.hub_client import TIMEOUT, Trainee, free_ports, login, missing_requirement

pytestmark = pytest.mark.hub

EXERCISE, NOTEBOOK = "00", "00_warmup.ipynb"
PLAN = ["blank"] * 3 + ["wrong"] * 3 + ["solved"] * 4 + ["deleted"]
COMMAND_TIMEOUT = 300


def _course(*args: str, timeout: int = COMMAND_TIMEOUT) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "course", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert done.returncode in (0, 1), f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def classroom():
    reason = missing_requirement()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run runs as root after `make env`, so CI must run the hub tests.")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    os.chmod(folder, 0o755)  # homes inside: every trainee must be able to reach their own
    prefix = f"h{os.getpid() % 100000}"
    names = [f"{prefix}t{i:02d}" for i in range(len(PLAN))]
    instructor = f"{prefix}teach"
    roster = folder / "roster.csv"
    rows = [f"{name},{101 + i},{'zh' if i % 2 else 'en'}" for i, name in enumerate(names)]
    roster.write_text("trainee,seed,language\n" + "\n".join(rows) + "\n", encoding="utf-8")
    room, port = folder / "room", free_ports(3)
    args = ["--dir", str(room)]
    try:
        _course("classroom", "setup", str(roster), *args, "--home-base", str(folder / "homes"), "--port", str(port),
                "--instructor", instructor, "--memory", "2G")  # fmt: skip
        _course("classroom", "start", *args, "--timeout", "60")
        with (room / "hub" / "passwords.csv").open(newline="", encoding="utf-8") as handle:
            passwords = {row["user"]: row["password"] for row in csv.DictReader(handle)}
        yield {
            "url": f"http://127.0.0.1:{port}",
            "folder": folder,
            "room": room,
            "names": names,
            "instructor": instructor,
            "passwords": passwords,
            "roster": roster,
            "args": args,
        }
    finally:
        subprocess.run(
            [sys.executable, "-m", "course", "classroom", "remove", *args, "--homes"],
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        for name in [*names, instructor]:  # belt and braces: nothing of ours survives a failed remove
            if subprocess.run(["id", name], capture_output=True).returncode == 0:
                subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
                subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _variant(notebook: dict, kind: str) -> dict:
    """The trainee's notebook after their work: blank, with two wrong answers, or solved."""
    if kind == "blank":
        return notebook
    solution = nbformat.read(REPO_ROOT / "solutions" / NOTEBOOK, as_version=4)
    for cell, master in zip(notebook["cells"], solution.cells, strict=True):
        if "### BEGIN SOLUTION" in master.source:
            cell["source"] = master.source
            if kind == "wrong":  # two usual mistakes: an off-by-one count, revenue of every order line
                cell["source"] = cell["source"].replace("len(db.customers)", "len(db.customers) - 1")
                cell["source"] = cell["source"].replace(
                    'db.orders.loc[db.orders["status"] == "completed", "revenue"].sum()', 'db.orders["revenue"].sum()'
                )
    return notebook


def _work(hub: dict, name: str, kind: str) -> dict:
    """Log in, start the server, run the exercise in a kernel and save it -- as the trainee does."""
    trainee = Trainee.log_in(hub["url"], name, hub["passwords"][name])
    seconds = trainee.start_server(deadline=120)
    path = f"exercises/{NOTEBOOK}"
    if kind == "deleted":
        trainee.delete(path)
        return {"name": name, "start": seconds}
    notebook = _variant(trainee.contents(path).json()["content"], kind)
    kernel = trainee.kernel()
    try:
        kernel.run_notebook(notebook, timeout=60)
    finally:
        kernel.close()
    trainee.save_notebook(path, notebook)
    return {"name": name, "start": seconds, "errors": _errors(notebook)}


def _errors(notebook: dict) -> list[str]:
    return [o["ename"] for c in notebook["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]


@pytest.fixture(scope="module")
def round_done(classroom):
    with ThreadPoolExecutor(max_workers=len(PLAN)) as pool:
        work = list(pool.map(lambda item: _work(classroom, *item), zip(classroom["names"], PLAN, strict=True)))
    _course("classroom", "round", EXERCISE, *classroom["args"], "-j", "2")
    return work


def _scores(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["trainee"]: row for row in csv.DictReader(handle)}


def test_trainees_work_in_their_own_servers(classroom, round_done):
    by_name = {w["name"]: w for w in round_done}
    for name, kind in zip(classroom["names"], PLAN, strict=True):
        assert by_name[name]["start"] < 120
        if kind == "solved":
            assert by_name[name]["errors"] == [], f"{name}'s solved exercise raised"
        home = Path(pwd.getpwnam(name).pw_dir)
        assert (home / "exercises" / NOTEBOOK).exists() == (kind != "deleted")
        if kind != "deleted":
            assert (home / "exercises" / NOTEBOOK).stat().st_uid == pwd.getpwnam(name).pw_uid, "saved as the trainee"


def test_scores_equal_the_graders_on_the_same_notebooks(classroom, round_done, tmp_path):
    scores = _scores(classroom["room"] / "rounds" / EXERCISE / "scores.csv")
    assert list(scores) == classroom["names"], "one row per roster trainee, in roster order"
    copies = tmp_path / "copies"
    copies.mkdir()
    for name, kind in zip(classroom["names"], PLAN, strict=True):
        if kind != "deleted":
            source = Path(pwd.getpwnam(name).pw_dir) / "exercises" / NOTEBOOK
            shutil.copyfile(source, copies / f"00_warmup_{name}.ipynb")
    summary = tmp_path / "summary.csv"
    _course("check", str(copies), "--roster", str(classroom["roster"]), "--summary", str(summary), "-j", "2")
    direct = _scores(summary)
    maximum = int(next(iter(direct.values()))["maximum"])
    assert maximum == 6
    for name, kind in zip(classroom["names"], PLAN, strict=True):
        row = scores[name]
        if kind == "deleted":
            assert (row["status"], row["score"]) == ("missing", "")
            continue
        assert row["status"] == "collected"
        assert row["score"] == direct[name]["score"], f"{name}: classroom {row['score']}, check {direct[name]}"
        expected = {"blank": 0, "wrong": maximum - 2, "solved": maximum}[kind]
        assert int(row["score"]) == expected, f"{name} ({kind})"


def test_feedback_is_returned_into_each_home_owned_by_its_trainee(classroom, round_done):
    for index, (name, kind) in enumerate(zip(classroom["names"], PLAN, strict=True)):
        entry = pwd.getpwnam(name)
        feedback = Path(entry.pw_dir) / "feedback" / "00_warmup_feedback.md"
        assert feedback.stat().st_uid == entry.pw_uid and feedback.stat().st_mode & 0o077 == 0
        text = feedback.read_text(encoding="utf-8")
        # a trainee without the notebook: the grader's own "missing" feedback (roster), or the classroom's note
        missing = "nothing to grade" in text or "no submission of this trainee was found" in text
        assert missing == (kind == "deleted")
        if not missing:  # in the language of the trainee's edition (the roster's odd rows are zh)
            assert ("第 1 题" in text) == bool(index % 2), (name, text[:300])


def test_a_trainee_cannot_read_another_home_solutions_or_passwords(classroom, round_done):
    me, other = classroom["names"][0], classroom["names"][7]
    forbidden = [
        Path(pwd.getpwnam(other).pw_dir) / "exercises" / NOTEBOOK,
        REPO_ROOT / "solutions" / NOTEBOOK,
        classroom["room"] / "hub" / "passwords.csv",
        classroom["room"] / "rounds" / EXERCISE / "submissions" / f"00_warmup_{other}.ipynb",
    ]
    for path in forbidden:  # files: as the trainee's unix user
        assert path.exists()
        done = subprocess.run(["runuser", "-u", me, "--", "cat", str(path)], capture_output=True, timeout=30)
        assert done.returncode != 0 and b"Permission denied" in done.stderr, path
    assert not list((classroom["room"] / "lib").rglob("solutions")), "the installed course ships no solutions"
    # HTTP: through the trainee's own server (a kernel and the contents API) and the hub's API.
    trainee = Trainee.log_in(classroom["url"], me, classroom["passwords"][me])
    kernel = trainee.kernel()
    try:
        for path in forbidden:
            outputs, _ = kernel.execute(f"open({str(path)!r}).read()")
            assert outputs[0].get("ename") == "PermissionError", (path, outputs)
        outputs, _ = kernel.execute("bytearray(3 * 2**30)")  # past the 2 GiB limit of setup --memory 2G
        assert outputs[0].get("ename") == "MemoryError"
    finally:
        kernel.close()
    escape = f"/user/{me}/api/contents/%2E%2E/{other}/exercises/{NOTEBOOK}"  # '..' out of the home, encoded
    assert trainee.get(escape).status_code in (400, 403, 404)
    assert trainee.get(f"/user/{other}/api/contents/exercises/{NOTEBOOK}").status_code in (403, 404)
    assert trainee.get("/hub/api/users").status_code == 403
    assert trainee.get(f"/hub/api/users/{other}").status_code == 404
    start_other = requests.post(
        f"{classroom['url']}/hub/api/users/{other}/server", headers=trainee.headers, timeout=TIMEOUT
    )
    assert start_other.status_code in (403, 404)


def test_a_stranger_cannot_log_in_or_sign_up(classroom):
    url, me = classroom["url"], classroom["names"][1]
    assert login(url, "stranger", "password1234") is None
    assert login(url, me, "not-the-password") is None
    assert login(url, "root", "root") is None
    assert requests.get(f"{url}/hub/signup", timeout=TIMEOUT).status_code == 404
    assert login(url, me, classroom["passwords"][me]) is not None


def test_the_instructor_is_the_hubs_admin_and_languages_follow_the_roster(classroom):
    teacher = Trainee.log_in(classroom["url"], classroom["instructor"], classroom["passwords"][classroom["instructor"]])
    users = {u["name"]: u for u in teacher.get("/hub/api/users").json()}
    assert set(classroom["names"]) <= set(users) and users[classroom["instructor"]]["admin"]
    assert "idle-culler" in teacher.get("/hub/api/services").json(), "the idle culler runs as a hub service"
    for index in (0, 1):
        name = classroom["names"][index]
        settings = Path(pwd.getpwnam(name).pw_dir) / ".jupyter/lab/user-settings/@jupyterlab/translation-extension"
        locale = json.loads((settings / "plugin.jupyterlab-settings").read_text())["locale"]
        assert locale == ("zh_CN" if index % 2 else "en")
        # the edition too: a zh trainee's home holds the Chinese lessons (and exercises)
        lesson = Path(pwd.getpwnam(name).pw_dir) / "lessons" / "00_course_map.ipynb"
        edition = REPO_ROOT / "zh" if index % 2 else REPO_ROOT
        assert lesson.read_bytes() == (edition / "notebooks" / "00_course_map.ipynb").read_bytes()


def test_a_trainee_sees_their_jupyterlab_in_chinese_in_a_real_browser(classroom, round_done):
    """Log in through the hub's page in headless Chromium; the lab opens the trainee's exercise, menus in Chinese.

    The screenshot is saved as test-artifacts/hub/trainee_lab_zh.png.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.chromium import chromium, screenshot

    name = classroom["names"][7]  # solved, Chinese interface (odd index)
    with chromium() as driver:
        driver.set_page_load_timeout(60)
        driver.get(f"{classroom['url']}/hub/login")
        driver.find_element(By.ID, "username_input").send_keys(name)
        driver.find_element(By.ID, "password_input").send_keys(classroom["passwords"][name])
        driver.find_element(By.ID, "login_submit").click()
        WebDriverWait(driver, 60).until(ready.url_contains(f"/user/{name}/lab"))
        driver.get(f"{classroom['url']}/user/{name}/lab/tree/exercises/{NOTEBOOK}")
        menu = WebDriverWait(driver, 90).until(
            ready.presence_of_element_located(
                (By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel')][text()='文件']")
            )
        )
        WebDriverWait(driver, 60).until(
            ready.presence_of_element_located((By.XPATH, "//*[contains(text(), 'customer_count')]"))
        )
        time.sleep(2)  # let the notebook's outputs render before the picture
        path = screenshot(driver, "trainee_lab_zh", "hub")
        assert menu.is_displayed() and path.stat().st_size > 10_000
        assert f"/user/{name}/" in driver.current_url


def test_reset_stops_the_hub_and_keeps_every_trainees_work_and_password(classroom, round_done):
    """Last in the module: after `reset` the hub is down, homes, answers, feedback and passwords are as they were."""
    homes = [Path(pwd.getpwnam(name).pw_dir) for name in classroom["names"]]
    before = {p: p.read_bytes() for home in homes for p in home.rglob("*.ipynb") if ".ipynb_checkpoints" not in str(p)}
    before |= {p: p.read_bytes() for home in homes for p in (home / "feedback").glob("*.md")}
    passwords = (classroom["room"] / "hub" / "passwords.csv").read_text()
    _course("classroom", "reset", *classroom["args"], timeout=120)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{classroom['url']}/hub/api/", timeout=5)
    after = {p: p.read_bytes() for p in before if p.exists()}
    assert after == before and len(before) > len(homes) * 10
    assert (classroom["room"] / "hub" / "passwords.csv").read_text() == passwords
