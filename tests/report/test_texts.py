"""The report's texts: every one in both languages, with the same placeholders in each."""

from __future__ import annotations

import re
import string

import pytest

from assessment.report.texts import TEXTS, text

CJK = re.compile(r"[\u4e00-\u9fff]")


def placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_english_and_chinese_with_the_same_placeholders(key):
    en, zh = TEXTS[key]
    assert en.strip() or key == "page_after", key  # "Page x of y" ends with the number in English
    assert zh.strip()
    assert placeholders(en) == placeholders(zh)
    assert not CJK.search(en), en


def test_a_text_is_filled_in_its_language():
    assert text("figure", "zh", n=3) == "图 3"
    assert text("figure", "en", n=3) == "Figure 3"
    assert text("contents", "en") == "Contents"


def test_the_words_around_page_numbers_read_as_a_sentence():
    for lang, expected in (("zh", "第 4 / 9 页"), ("en", "Page 4 of 9")):
        words = [text(key, lang) for key in ("page_before", "page_between", "page_after")]
        assert f"{words[0]}4{words[1]}9{words[2]}" == expected
