"""The glossary covers the source material's vocabulary, both ways."""

import pytest

from course.glossary import TERMS, en, glossary, zh

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
    assert zh(en(term)) == term


def test_terms_are_unique():
    assert glossary().index.is_unique
    assert len({chinese for _, chinese, _, _ in TERMS}) == len(TERMS)


def test_unknown_term_says_where_to_look():
    with pytest.raises(KeyError, match="not in the glossary"):
        zh("unicorn customer")
