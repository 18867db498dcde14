"""One Chinese term for one thing: the messages and the reference documents say what the app's pages say."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.messages import MESSAGES
from tests.terms import avoided_in

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDE = "user-guide.md"  # being written now: its terms follow the app when it is done


def test_the_messages_use_the_projects_terms():
    assert avoided_in([zh for _, zh in MESSAGES.values()]) == {}


@pytest.mark.parametrize("doc", sorted(path.name for path in DOCS.glob("*.md") if path.name != GUIDE))
def test_the_reference_documents_use_the_projects_terms(doc):
    assert avoided_in((DOCS / doc).read_text(encoding="utf-8").splitlines()) == {}
