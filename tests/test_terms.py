"""One Chinese term for one thing: the pages, the report, the files, the messages and every document say the same.

The words not to use (scoring/glossary.py) are looked for in the messages, every Chinese string the code holds
(pages, report, exports, charts), every document and the questionnaire library; docs/glossary.md is checked to be
written from the glossary. In the library, a concept named in English is named by its one Chinese term beside it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.messages import MESSAGES
from assessment.questionnaire import load_questionnaire
from tests.terms import avoided_in, library_texts

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Files whose Chinese strings are data or deliberately old words: the demo's comments, the words a file may still use
DATA_FILES = {"assessment/workspace/demo.py", "assessment/inputs/vocabulary.py", "scoring/glossary.py"}


def chinese_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CJK.search(node.value)]  # fmt: skip


def source_files() -> list[str]:
    found = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("assessment/**/*.py"), *ROOT.glob("scoring/*.py")]
    return sorted(str(path.relative_to(ROOT)) for path in found if str(path.relative_to(ROOT)) not in DATA_FILES)


def test_the_messages_use_the_projects_terms():
    assert avoided_in([zh for _, zh in MESSAGES.values()]) == {}


@pytest.mark.parametrize("source", source_files())
def test_the_code_uses_the_projects_terms(source):
    assert avoided_in(chinese_strings(ROOT / source)) == {}


# Documents that name the words not to use on purpose: the glossary, and what changed since library 1.0
WORD_LISTS = ("glossary.md", "content-changes.md")


@pytest.mark.parametrize("doc", sorted(path.name for path in DOCS.glob("*.md") if path.name not in WORD_LISTS))
def test_the_documents_use_the_projects_terms(doc):
    assert avoided_in((DOCS / doc).read_text(encoding="utf-8").splitlines()) == {}


def test_the_report_templates_use_the_projects_terms():
    texts = [line for path in ROOT.glob("report_templates/**/*") if path.is_file() and path.suffix in (".html", ".j2")
             for line in path.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert avoided_in(texts) == {}


def test_the_glossary_document_is_written_from_the_glossary():
    done = subprocess.run([sys.executable, "scripts/glossary.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


LIBRARY = sorted(path for path in (ROOT / "questionnaires").iterdir() if path.is_dir())
# a concept named in the English of a library text -> the Chinese it must be named by in the same text
ONE_TERM = {
    "what to look for:": ("判定要点：",),
    "workaround": ("临时解决方案",),
    "knowledge article": ("知识条目",),
    "early life support": ("上线保障",),
    "quorum": ("最低出席人数",),
    "return rate": ("退回率（因信息不全或不符合条件退回申请人的请求占比）",),  # defined wherever it is used
    "breach": ("未达标", "超时", "超出"),
    "quality assurance reviewer": ("质量监督员",),
}


@pytest.mark.parametrize("library", LIBRARY, ids=lambda path: path.name)
def test_the_questionnaire_library_uses_the_projects_terms(library):
    lines = [line for path in sorted(library.rglob("*.yaml")) for line in path.read_text(encoding="utf-8").splitlines()]
    assert avoided_in(lines) == {}


@pytest.mark.parametrize("library", LIBRARY, ids=lambda path: path.name)
def test_the_questionnaire_library_names_each_concept_by_one_term(library):
    texts = library_texts(load_questionnaire(library).questionnaire)
    assert len(texts) > 1000
    found = dict.fromkeys(ONE_TERM, 0)
    astray = []
    for text in texts:
        for english, chinese in ONE_TERM.items():
            if english in text.en.casefold():
                found[english] += 1
                if not any(term in text.zh for term in chinese):
                    astray.append((english, text.en[:60], text.zh[:40]))
    assert astray == []
    assert all(found.values()), found  # every concept is there to check


def test_the_guidance_cue_is_the_same_in_every_item():
    core = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    guided = [item.guidance for _, item in core.all_items() if item.is_scored and item.guidance]
    assert guided
    assert [g.en[:60] for g in guided if "What to look for: " not in g.en or "判定要点：" not in g.zh] == []
