"""The HTML pages the course writes: `python -m course archive` and `python -m course report`.

Each page is one self-contained file (charts as data URIs, no script, no link
outside), the commands never overwrite a file they did not write unless told
to, and a headless Chromium opens the pages without a console message. The
browser test is skipped, with its reason, where Chromium is not installed
(`apt-get install chromium`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from course import REPO_ROOT
from course.data import DEFAULT_ASOF
from course.pages import GENERATOR, written_by_course
from course.validation import CourseInputError

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def course_command(*args: str, cwd=REPO_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The archive of C00001 and the management report of the shipped database, written by the commands."""
    folder = tmp_path_factory.mktemp("pages")
    archive, report = folder / "archive_C00001.html", folder / "report.html"
    for args in (("archive", "C00001", "--out", str(archive)), ("report", "--out", str(report))):
        result = course_command(*args)
        assert result.returncode == 0, result.stderr
        assert "wrote" in result.stdout and f"as of {DEFAULT_ASOF}" in result.stdout  # no --asof: the default
    return {"archive": archive, "report": report}


@pytest.mark.parametrize("name", ["archive", "report"])
def test_pages_are_self_contained(pages, name):
    html = pages[name].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in html and written_by_course(pages[name])
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"https?://", html), "a page must not reach outside itself"
    sources = re.findall(r'src="([^"]*)"', html)
    assert len(sources) >= 3 and all(s.startswith("data:image/png;base64,") for s in sources)


def test_archive_holds_the_analyses_of_source_001(pages):
    html = pages["archive"].read_text(encoding="utf-8")
    for title in ("客户档案", "战略分析", "运营分析", "财务分析", "关键客户关系", "客户规划", "客户满意度", "回款"):
        assert title in html


def test_report_holds_the_capstones_decisions(pages):
    html = pages["report"].read_text(encoding="utf-8")
    for text in ("管理报告", "20/60/20", "keep", "retain", "let go", "管理等级", "Accounts to call first"):
        assert text in html
    assert "seed 42, 2,000 customers" in html


def _shown(html: str, label: str) -> str:
    """The value of the profile fact ``label`` on a page (facts are value, then label)."""
    found = re.findall(r'<div class="value">([^<]*)</div><div class="label">' + re.escape(label) + "</div>", html)
    assert len(found) == 1, f"{label!r} appears {len(found)} times"
    return found[0]


# C00001 and C00002 (seed 7) have a score tier that differs from their management tier; C00003 (seed 7) is lost.
@pytest.mark.parametrize(
    ("database", "customer"),
    [
        ((), "C00001"),
        ((), "C01453"),
        (("--seed", "7", "--n-customers", "1200"), "C00002"),
        (("--seed", "7", "--n-customers", "1200"), "C00003"),
    ],
)
def test_archive_shows_the_management_tier_and_no_internal_reference(tmp_path, database, customer):
    from course.data import DEFAULT_ASOF, b2b_database, load_b2b
    from course.management import customer_360, management_tiers

    out = tmp_path / f"archive_{customer}.html"
    result = course_command("archive", customer, *database, "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    db = b2b_database(seed=int(database[1]), n_customers=int(database[3])) if database else load_b2b()
    final = str(management_tiers(customer_360(db, asof=DEFAULT_ASOF)).loc[customer, "final_tier"])
    assert _shown(html, "management tier").split()[0] == final
    assert not re.search(r"lesson \d|source \d", html), "a manager's page names no lesson or source"
    contacts = _shown(html, "contacts, last 12 months")
    assert (f"for the {final} tier" in contacts) if final != "lost" else ("no norm" in contacts)


def test_archive_without_a_tier_says_which_tier_it_shows(b2b):
    from course.pages import customer_archive

    html = customer_archive(b2b, "C00001", asof="2025-12-31")
    assert _shown(html, "tier by customer score, all years to date").split()[0] == "important"
    assert "management tier" not in html and "for the important tier" in html
    with pytest.raises(CourseInputError, match="not a management tier"):
        customer_archive(b2b, "C00001", asof="2025-12-31", tier="key")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("name", ["archive", "report"])
def test_pages_open_in_headless_chromium_without_console_messages(pages, name):
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--dump-dom",
            pages[name].as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    dom = result.stdout
    assert "<h1>" in dom and dom.count("<img") >= 3, "the page did not render"


def test_unknown_customer_id_is_a_clear_error(tmp_path):
    result = course_command("archive", "C1", "--out", str(tmp_path / "x.html"))
    assert result.returncode == 2
    assert "customer 'C1' is not in table 'customers'" in result.stderr and "did you mean 'C00001'" in result.stderr
    assert "customer_id" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_out_never_overwrites_a_file_the_course_did_not_write(tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("my own notes", encoding="utf-8")
    result = course_command("report", "--seed", "3", "--n-customers", "300", "--out", str(mine))
    assert result.returncode == 2 and "--force" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes"
    forced = course_command("report", "--seed", "3", "--n-customers", "300", "--out", str(mine), "--force")
    assert forced.returncode == 0, forced.stderr
    assert written_by_course(mine) and "seed 3, 300 customers" in mine.read_text(encoding="utf-8")
    again = course_command("report", "--seed", "3", "--n-customers", "300", "--out", str(mine))
    assert again.returncode == 0, "a page the course wrote may be rewritten"


def test_generator_tag_is_what_marks_a_page_as_ours(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta name="generator" content="{GENERATOR}">', encoding="utf-8")
    assert written_by_course(page)
    assert not written_by_course(tmp_path / "missing.html")
