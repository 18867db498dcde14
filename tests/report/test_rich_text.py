"""The consultant's Markdown subset: paragraphs, lists and bold; everything else is text, and HTML is escaped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.problems import InputError
from assessment.report.rich_text import html, parse, plain
from assessment.workspace.consultant_texts import MAX_CHARS


def runs(text: str, bold: bool = False) -> list[dict]:
    return [{"text": text, "bold": bold}]


def test_paragraphs_are_separated_by_a_blank_line_and_lines_within_one_are_joined():
    assert parse("First line\nsame paragraph.\n\n  \nSecond.") == [
        {"kind": "paragraph", "runs": runs("First line same paragraph.")},
        {"kind": "paragraph", "runs": runs("Second.")},
    ]


def test_chinese_lines_are_joined_without_a_space():
    assert parse("变更管理的审批\n流程不统一。") == [{"kind": "paragraph", "runs": runs("变更管理的审批流程不统一。")}]


def test_bullets_numbers_and_bold():
    text = "Key points:\n- **Change** approvals vary\n* no CAB\n  minutes kept\n\n3. First\n4. Then **this**"
    assert parse(text) == [
        {"kind": "paragraph", "runs": runs("Key points:")},
        {
            "kind": "bullets",
            "items": [
                [{"text": "Change", "bold": True}, {"text": " approvals vary", "bold": False}],
                runs("no CAB minutes kept"),
            ],
        },
        {
            "kind": "numbers",
            "start": 3,
            "items": [runs("First"), [{"text": "Then ", "bold": False}, {"text": "this", "bold": True}]],
        },
    ]


@pytest.mark.parametrize(
    "text",
    [
        "# Heading",
        "[a link](https://example.com)",
        "![image](https://example.com/x.png)",
        "<b>html</b>",
        "a ** b ** c",
        "**unclosed",
        "-no space",
        "1.no space",
        "> quote",
        "`code`",
    ],
)
def test_everything_else_is_text_as_typed(text):
    assert parse(text) == [{"kind": "paragraph", "runs": runs(text)}]


def test_the_html_has_paragraphs_lists_and_strong_and_escapes_every_text():
    blocks = parse('Say **<script>alert(1)</script>**\n\n- a & b\n- "c"\n\n2. <img src=x onerror=y>')
    assert html(blocks) == (
        "<p>Say <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong></p>"
        "<ul><li>a &amp; b</li><li>&#34;c&#34;</li></ul>"
        '<ol start="2"><li>&lt;img src=x onerror=y&gt;</li></ol>'
    )


def test_plain_text_keeps_the_list_markers():
    assert plain(parse("Intro **bold**\n\n- a\n- b\n\n1. x")) == "Intro bold\n• a\n• b\n1. x"


def test_a_text_longer_than_the_limit_is_refused_in_both_languages():
    with pytest.raises(InputError) as raised:
        parse("x" * (MAX_CHARS + 1))
    problem = raised.value.problems[0]
    assert str(MAX_CHARS) in problem.message("en")
    assert "shorten" in problem.message("en")
    assert "超过上限" in problem.message("zh")
    assert parse("x" * MAX_CHARS)[0]["runs"][0]["text"] == "x" * MAX_CHARS


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab 中文*-_#<>&\"'`[]()!.1\n\r\t")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(max_size=300)))
def test_any_text_parses_and_no_markup_from_it_reaches_the_html(text):
    blocks = parse(text)
    for block in blocks:
        assert block["kind"] in ("paragraph", "bullets", "numbers")
        for listed in [block["runs"]] if block["kind"] == "paragraph" else block["items"]:
            assert listed
            assert all(run["text"] for run in listed)
    out = str(html(blocks))
    tags = re.findall(r"<[^>]*>", out)
    assert set(tags) <= {"<p>", "</p>", "<ul>", "</ul>", "</ol>", "<li>", "</li>", "<strong>", "</strong>", "<ol>"} | {
        tag for tag in tags if re.fullmatch(r'<ol start="\d+">', tag)
    }
    assert out.count("<") == len(tags)  # every other "<" of the text was escaped
    # what the reader sees is what was typed, but for the markers and the blank lines
    shown = re.sub(r"\s", "", plain(blocks).replace("•", ""))
    assert set(shown) <= set(re.sub(r"\s", "", text)) | set("•.0123456789")
