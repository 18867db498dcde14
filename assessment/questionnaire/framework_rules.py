"""Meaning checks on the frameworks (raw data): unique ids and clauses, and no item above the level its clause allows.

An item that cites a clause listed in a framework's `clauses` must not sit above that clause's `max_level`: a
practice a standard requires ("shall") is not a sign of high maturity. A reference in a framework's citation form
whose clause is not listed gets a warning, so that no cited clause escapes the check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assessment.questionnaire.framework_model import CLAUSE_PATTERN
from assessment.questionnaire.raw import entries

Add = Callable[..., None]
CLAUSE = re.compile(CLAUSE_PATTERN)


def check_frameworks(data: dict, add: Add, duplicates: Callable) -> None:
    """Check the frameworks and the items' references to them; `add(code, path, severity=..., **params)` reports."""
    frameworks = list(entries(data, "frameworks"))
    duplicates("framework", ((f.get("id"), ("frameworks", fi, "id")) for fi, f in frameworks))
    tables: list[tuple[str, str, dict[str, int]]] = []
    for fi, framework in frameworks:
        name = framework.get("id") if isinstance(framework.get("id"), str) else f"#{fi + 1}"
        clauses = list(entries(framework, "clauses"))
        duplicates("clause", ((c.get("clause"), ("frameworks", fi, "clauses", ci, "clause")) for ci, c in clauses))
        citation = framework.get("citation")
        levels = {
            c["clause"]: c["max_level"]
            for _, c in clauses
            if isinstance(c.get("clause"), str)
            and isinstance(c.get("max_level"), int)
            and not isinstance(c.get("max_level"), bool)
        }
        if isinstance(citation, str) and citation:
            tables.append((name, citation, levels))
    if not tables:
        return
    for pi, process in entries(data, "processes"):
        for ii, item in entries(process, "items"):
            level = item.get("level")
            references = item.get("references")
            if not isinstance(level, int) or isinstance(level, bool) or not isinstance(references, list):
                continue
            for ri, reference in enumerate(references):
                if isinstance(reference, str):
                    _check_reference(item.get("id"), level, reference, ("processes", pi, "items", ii), ri, tables, add)


def _check_reference(item_id: Any, level: int, reference: str, path: tuple, index: int, tables: list, add: Add) -> None:
    for name, citation, levels in tables:
        if not reference.startswith(citation + " "):
            continue
        number = reference[len(citation) + 1 :].strip()
        parts = number.split(".") if CLAUSE.match(number) else []
        listed = next(
            (".".join(parts[:end]) for end in range(len(parts), 0, -1) if ".".join(parts[:end]) in levels), None
        )
        where = path + ("references", index)
        if listed is None:
            add("clause_not_listed", where, severity="warning", item=item_id, reference=reference, framework=name)
        elif level > levels[listed]:
            add(
                "clause_above_max_level",
                where,
                item=item_id,
                level=level,
                reference=reference,
                max_level=levels[listed],
                framework=name,
            )
