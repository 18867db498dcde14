"""Meaning checks on the action library, walkthrough tests and context sections (raw data)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_args

from assessment.questionnaire.locations import Path_
from assessment.questionnaire.plan_model import PHASES, ContextSection
from assessment.questionnaire.raw import entries

Add = Callable[..., None]

# Context sections the analysis reads, with the fields it needs: (field id, type).
WELL_KNOWN_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "pain_points": (("severity", "number"), ("processes", "processes")),
    "business_needs": (("importance", "number"),),
}

WELL_KNOWN_RECORDS = {"business_needs": "per_process"}
RECORD_KINDS = get_args(ContextSection.model_fields["records"].annotation)


def _ids(data: Any, key: str) -> list[str]:
    """The text ids of a list of mappings, or of a list of texts (an id of another type is the schema's to report)."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    ids = [v.get("id") if isinstance(v, dict) else v for v in value]
    return [ident for ident in ids if isinstance(ident, str)]


def _text(value: Any) -> str | None:
    """A text value, or None: a list or mapping where an id belongs must not reach a set or a dict."""
    return value if isinstance(value, str) else None


def check_plan(data: dict, add: Add, duplicates: Callable) -> None:
    """Check actions, walkthroughs and context; `add(code, path, severity=..., **params)` reports."""
    processes = list(entries(data, "processes"))
    process_ids = {_text(p.get("id")) for _, p in processes}
    item_ids = {_text(item.get("id")) for _, p in processes for _, item in entries(p, "items")}
    role_ids = set(_ids(data, "roles"))
    actions = [(pi, ai, a) for pi, p in processes for ai, a in entries(p, "actions")]
    walkthroughs = [(pi, wi, w) for pi, p in processes for wi, w in entries(p, "walkthroughs")]

    duplicates("action", ((a.get("id"), ("processes", pi, "actions", ai, "id")) for pi, ai, a in actions))
    duplicates(
        "walkthrough", ((w.get("id"), ("processes", pi, "walkthroughs", wi, "id")) for pi, wi, w in walkthroughs)
    )
    duplicates(
        "check",
        (
            (c.get("id"), ("processes", pi, "walkthroughs", wi, "checks", ci, "id"))
            for pi, wi, w in walkthroughs
            for ci, c in entries(w, "checks")
        ),
    )
    action_ids = {_text(a.get("id")) for _, _, a in actions}
    closed: set[str] = set()
    for pi, ai, action in actions:
        path = ("processes", pi, "actions", ai)
        name = action.get("id") if isinstance(action.get("id"), str) else f"#{ai + 1}"
        refs = {"owner_kind": "action", "owner": name}
        for index, item in enumerate(_ids(action, "items")):
            closed.add(item)
            if isinstance(item, str) and item not in item_ids:
                add("unknown_reference", path + ("items", index), kind="item", ref=item, **refs)
        for index, other in enumerate(_ids(action, "depends_on")):
            if isinstance(other, str) and other not in action_ids:
                add("unknown_reference", path + ("depends_on", index), kind="action", ref=other, **refs)
        for index, requirement in entries(action, "requires"):
            process = requirement.get("process")
            if isinstance(process, str) and process not in process_ids:
                add("unknown_reference", path + ("requires", index, "process"), kind="process", ref=process, **refs)
        owner = action.get("owner")
        if isinstance(owner, str) and owner not in role_ids:
            add("unknown_reference", path + ("owner",), kind="role", ref=owner, **refs)
        for key in ("effort", "cost"):  # ranges: min not above max
            span = action.get(key)
            if isinstance(span, dict):
                low, high = span.get("min"), span.get("max")
                if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
                    add(f"{key}_range", path + (key,), action=name, min=low, max=high)
    _check_cycles(actions, add)
    _check_phase_order(actions, add)

    if actions:
        for pi, process in processes:
            for ii, item in entries(process, "items"):
                item_id = item.get("id")
                if item.get("type", "scored") == "scored" and isinstance(item_id, str) and item_id not in closed:
                    add("item_without_action", ("processes", pi, "items", ii, "id"), severity="warning", item=item_id)

    for pi, wi, walkthrough in walkthroughs:
        for ci, check in entries(walkthrough, "checks"):
            for index, item in enumerate(_ids(check, "items")):
                if isinstance(item, str) and item not in item_ids:
                    path = ("processes", pi, "walkthroughs", wi, "checks", ci, "items", index)
                    add("unknown_reference", path, owner_kind="check", owner=check.get("id"), kind="item", ref=item)

    _check_context(data, add, duplicates)


def _check_cycles(actions: list[tuple[int, int, dict]], add: Add) -> None:
    """Report each circle of `depends_on` once, at the action where it is first entered."""
    graph: dict[str, list[str]] = {}
    where: dict[str, Path_] = {}
    for pi, ai, action in actions:
        ident = action.get("id")
        if isinstance(ident, str) and ident not in graph:
            graph[ident] = [d for d in _ids(action, "depends_on") if isinstance(d, str)]
            where[ident] = ("processes", pi, "actions", ai, "depends_on")
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    reported: set[frozenset] = set()
    for start in graph:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif child not in graph:
                continue
            elif state.get(child) == 1:
                circle = path[path.index(child) :] + [child]
                if frozenset(circle) not in reported:
                    reported.add(frozenset(circle))
                    add("action_cycle", where[circle[0]], cycle=" → ".join(circle))
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))


def _check_phase_order(actions: list[tuple[int, int, dict]], add: Add) -> None:
    """A warning where an action waits for one placed in a later phase: the roadmap cannot order them."""
    order = {phase: index for index, phase in enumerate(PHASES)}
    phase_of = {_text(a.get("id")): _text(a.get("phase")) for _, _, a in actions if _text(a.get("phase")) in order}
    for pi, ai, action in actions:
        phase = _text(action.get("phase"))
        if phase not in order:
            continue
        for index, other in enumerate(_ids(action, "depends_on")):
            other_phase = phase_of.get(other)
            if other_phase is not None and order[other_phase] > order[phase]:
                add(
                    "action_phase_order",
                    ("processes", pi, "actions", ai, "depends_on", index),
                    severity="warning",
                    action=action.get("id"),
                    phase=phase,
                    other=other,
                    other_phase=other_phase,
                )


def _check_context(data: dict, add: Add, duplicates: Callable) -> None:
    sections = list(entries(data, "context"))
    duplicates("context section", ((s.get("id"), ("context", si, "id")) for si, s in sections))
    for si, section in sections:
        fields = list(entries(section, "fields"))
        duplicates("context field", ((f.get("id"), ("context", si, "fields", fi, "id")) for fi, f in fields))
        for fi, field in fields:
            path = ("context", si, "fields", fi)
            kind = field.get("type", "text")
            if kind in ("choice", "choices") and not field.get("choices"):
                add("choice_without_choices", path + ("type",), field=field.get("id"), type=kind)
            low, high = field.get("min"), field.get("max")
            if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
                add("number_range", path + ("min",), field=field.get("id"), min=low, max=high)
        section_id = _text(section.get("id"))
        records = WELL_KNOWN_RECORDS.get(section_id)
        given = section.get("records", "list")
        if records and given != records and given in RECORD_KINDS:  # an unknown kind: the schema says so
            add("well_known_records", ("context", si, "id"), section=section.get("id"), records=records)
        wanted = WELL_KNOWN_SECTIONS.get(section_id, ())
        have = {(_text(f.get("id")), _text(f.get("type", "text"))) for _, f in fields}
        for field_id, kind in wanted:
            if (field_id, kind) not in have:
                add("well_known_field", ("context", si, "id"), section=section.get("id"), field=field_id, type=kind)
