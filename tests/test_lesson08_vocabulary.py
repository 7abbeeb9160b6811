"""Lesson 08 names source 001's vocabulary in its text and uses each term with data in its code."""

from __future__ import annotations

import re

import pytest

from course import REPO_ROOT, kam, pages
from course.authoring.notebooks import read_notebook
from course.glossary import TERMS, zh

LESSON = REPO_ROOT / "notebooks" / "08_key_accounts.ipynb"

#: Each term of the issue, and what the lesson's code must call or read for it to be used "with data".
TERMS_WITH_DATA = {
    "关键客户关系": ["kam.relationship_map", "kam.key_decision_makers"],
    "普遍客户关系": ["threads", "kam.relationship_gaps"],
    "组织客户关系": ["db.org_relations"],
    "铁三角": ["db.account_team", "db.participants"],
    "AR": ["db.account_team"],
    "SR": ["db.account_team"],
    "FR": ["db.account_team"],
    "LTC": ["kam.ltc_funnel"],
    "回款": ["kam.receivables", "kam.ageing"],
    "客户满意度": ["kam.satisfaction_trend", "kam.recovery_after_tickets"],
    "客户声音": ["kam.voice_of_customer"],
    "客户档案": ["pages.write_archive"],
    "大客户": ["kam.customer_classes"],
    "潜力客户": ["kam.customer_classes", "db.wallet"],
    "普通客户": ["kam.customer_classes", "kam.ltc_funnel"],
    "客户洞察": ["kam.account_table"],
}


@pytest.fixture(scope="module")
def lesson():
    nb = read_notebook(LESSON)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return markdown, code


@pytest.mark.parametrize("term", list(TERMS_WITH_DATA))
def test_lesson_names_and_uses_the_term(term, lesson):
    markdown, code = lesson
    pattern = rf"\b{term}\b" if term.isascii() else re.escape(term)
    assert re.search(pattern, markdown), f"lesson 08 does not name {term}"
    assert all(call in code for call in TERMS_WITH_DATA[term]), f"lesson 08 does not use {term} with data"


def test_the_chinese_labels_of_course_kam_come_from_the_glossary(b2b):
    names = {t.zh for t in TERMS}
    classes = kam.customer_classes(kam.account_table(b2b, "2025-12-31"))
    assert set(classes["class_zh"]) <= names
    assert {zh(code) for code in kam.CLASSES} == {"大客户", "潜力客户", "普通客户"}
    assert all(zh(label) in names for label in set(kam.INVESTMENT.values()))
    page = pages.customer_archive(b2b, "C00002", "2025-12-31")
    headings = re.findall(r"<h[12]>(.*?)</h[12]>", page)
    chinese = {part for h in headings for part in re.findall(r"[\u4e00-\u9fff]+", h)}
    assert chinese <= names, chinese - names
