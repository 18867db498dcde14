"""One Chinese term for one thing: the pages, the report, the files, the messages and every document say the same.

The words not to use (scoring/glossary.py) are looked for in the messages, every Chinese string the code holds
(pages, report, exports, charts) and every document; docs/glossary.md is checked to be written from the glossary.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.messages import MESSAGES
from tests.terms import avoided_in

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


@pytest.mark.parametrize("doc", sorted(path.name for path in DOCS.glob("*.md") if path.name != "glossary.md"))
def test_the_documents_use_the_projects_terms(doc):
    assert avoided_in((DOCS / doc).read_text(encoding="utf-8").splitlines()) == {}


def test_the_report_templates_use_the_projects_terms():
    texts = [line for path in ROOT.glob("report_templates/**/*") if path.is_file() and path.suffix in (".html", ".j2")
             for line in path.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert avoided_in(texts) == {}


def test_the_glossary_document_is_written_from_the_glossary():
    done = subprocess.run([sys.executable, "scripts/glossary.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
