"""The glossary covers the source material's vocabulary, both ways."""

import pytest

from course import REPO_ROOT
from course.glossary import TERMS, en, glossary, label, zh

SOURCE_VOCABULARY = [
    "战略客户",
    "重要客户",
    "一般客户",
    "普通客户",
    "大客户",
    "潜力客户",
    "客户洞察",
    "客户分级",
    "客户细分",
    "购买金额",
    "购买频率",
    "利润贡献",
    "客户终身价值",
    "重要价值客户",
    "重要发展客户",
    "重要保持客户",
    "重要挽留客户",
    "一般价值客户",
    "一般发展客户",
    "一般保持客户",
    "一般挽留客户",
    "活跃客户",
    "潜在客户",
    "流失客户",
    "沉睡客户",
    "战略合作伙伴",
    "二八法则",
    "客户档案",
    "客户满意度",
    "客户声音",
    "回款",
    "关键客户关系",
    "普遍客户关系",
    "组织客户关系",
    "铁三角",
    "LTC",
]


@pytest.mark.parametrize("term", SOURCE_VOCABULARY)
def test_source_vocabulary_is_in_the_glossary(term):
    if term.isascii():  # an abbreviation the source uses (LTC): a code of its glossary term, which has a Chinese name
        entry = next(t for t in TERMS if term in t.codes)
        assert zh(term) == entry.zh and not entry.zh.isascii()
    else:
        assert zh(en(term)) == term


def test_terms_are_unique():
    assert glossary().index.is_unique
    assert len({term.zh for term in TERMS}) == len(TERMS)
    codes = [code.lower() for term in TERMS for code in term.codes]
    assert len(set(codes)) == len(codes), "a code names two terms"


def test_every_chinese_label_of_the_package_comes_from_the_glossary():
    from course import lifecycle, rfm, strategy, tiers

    names = {term.zh for term in TERMS}
    derived = [
        *tiers.TIERS_ZH.values(),
        *tiers.GROUPS_ZH.values(),
        *tiers.CRITERIA_ZH.values(),
        *lifecycle.STATE_NAMES_ZH.values(),
        *rfm.EIGHT_CLASSES["class_zh"],
        *rfm.SEGMENTS["segment_zh"],
        *strategy.tier_playbook()["name_zh"],
        *strategy.group_playbook()["name_zh"],
    ]
    assert set(derived) <= names


def test_label_in_both_languages():
    assert label("Important value", "zh") == "重要价值客户"
    assert label("old-big", "en") == "old-big"
    with pytest.raises(ValueError, match="lang='fr'"):
        label("strategic", "fr")


def test_unknown_term_says_where_to_look():
    with pytest.raises(KeyError, match="not in the glossary"):
        zh("unicorn customer")


# ------------------------------------------------------------------ the vocabulary in the lessons

SOURCE_README = REPO_ROOT.parent / "shared" / "source-material" / "README.md"


def _lesson_text(path) -> str:
    """What a reader of the lesson sees: its markdown and its outputs (tables, printed text)."""
    import nbformat

    parts = []
    for cell in nbformat.read(str(path), as_version=4).cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for kind in ("text/plain", "text/html", "text/markdown"):
                parts.append(output.get("data", {}).get(kind, ""))
    return "\n".join(str(part) for part in parts)


@pytest.mark.parametrize("term", SOURCE_VOCABULARY)
def test_source_vocabulary_is_shown_in_a_lesson(term):
    from course.syllabus import lessons

    owner = next(entry.lesson for entry in TERMS if entry.zh == term or term in entry.codes)
    ready = {lesson.number: lesson for lesson in lessons() if lesson.ready}
    shown_in = [number for number, lesson in ready.items() if term in _lesson_text(REPO_ROOT / lesson.notebook)]
    if not shown_in and owner not in ready:
        pytest.skip(f"{term} belongs to lesson {owner}, which is in preparation")
    assert shown_in, f"{term} ({en(term)}) is in the glossary but in no lesson's text or outputs"


def test_the_vocabulary_list_covers_the_source_readme():
    """SOURCE_VOCABULARY is the source material's list (checked where shared/ lies beside the repository)."""
    import re

    if not SOURCE_README.exists():
        pytest.skip(f"{SOURCE_README} is not beside this clone")
    text = SOURCE_README.read_text(encoding="utf-8")
    vocabulary = text.split("Vocabulary the course should show", 1)[1]
    listed = set(re.findall(r"[\u4e00-\u9fff]+", vocabulary)) | set(re.findall(r"\bLTC\b", vocabulary))
    assert listed <= set(SOURCE_VOCABULARY), sorted(listed - set(SOURCE_VOCABULARY))
