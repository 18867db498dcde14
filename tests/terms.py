"""The project's Chinese terms: one term for one thing in the app, the files it writes, its messages and docs.

The terms and the words not to use live in scoring/glossary.py (docs/glossary.md is written from it).
"""

from __future__ import annotations

from pydantic import BaseModel

from assessment.questionnaire.text import Text
from scoring.glossary import AVOIDED

AVOIDED_TERMS = AVOIDED


def avoided_in(texts: list[str]) -> dict[str, list[str]]:
    """The avoided terms found in `texts` (with the term to say instead), and the texts they are in."""
    found = {
        f"{term} (say {instead})": [text for text in texts if term in text] for term, instead in AVOIDED_TERMS.items()
    }
    return {term: where for term, where in found.items() if where}


def library_texts(node: object) -> list[Text]:
    """Every bilingual text of a questionnaire (items, guidance, evidence, levels, actions, walkthroughs, ...)."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, BaseModel):
        return [text for name in type(node).model_fields for text in library_texts(getattr(node, name))]
    if isinstance(node, (list, tuple)):
        return [text for element in node for text in library_texts(element)]
    if isinstance(node, dict):
        return [text for value in node.values() for text in library_texts(value)]
    return []
