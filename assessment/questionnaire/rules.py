"""Meaning checks: ids, references and scales.

They read the merged raw data (not the validated model), skipping whatever has the wrong
type, so they run even when the schema stage has found problems: all are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from assessment.problems import Problem
from assessment.questionnaire.framework_rules import check_frameworks
from assessment.questionnaire.indicator_rules import check_indicators
from assessment.questionnaire.locations import Locator, Path_, shorten
from assessment.questionnaire.model import DEFAULT_SCALE, UNSCORED_ANSWERS
from assessment.questionnaire.plan_rules import check_plan
from assessment.questionnaire.raw import entries

# Column names of responses files; an item id equal to one would make wide files ambiguous.
RESERVED_COLUMNS = ("respondent", "role", "unit", "method", "comment", "evidence", "item", "answer")


def check_meaning(data: dict, locator: Locator) -> list[Problem]:
    """Every meaning problem of the merged questionnaire data, in file order."""
    checks = _Checks(locator)
    checks.unique_ids(data)
    checks.scales(data)
    checks.items(data)
    check_plan(data, checks.add, checks.duplicates)
    check_frameworks(data, checks.add, checks.duplicates)
    check_indicators(data, checks.add)
    return checks.problems


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class _Checks:
    def __init__(self, locator: Locator):
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, code: str, path: Path_, severity: str = "error", **params) -> None:
        file, line = self.locator.at(path)
        self.problems.append(Problem(code, params, file=file, line=line, severity=severity))

    def duplicates(self, kind: str, entries: Iterable[tuple[Any, Path_]]) -> None:
        first: dict[str, Path_] = {}
        for ident, path in entries:
            if not isinstance(ident, str):
                continue
            if ident in first:
                self.add("duplicate_id", path, kind=kind, id=ident, first=self.locator.first(first[ident]))
            else:
                first[ident] = path

    def unique_ids(self, data: dict) -> None:
        for kind, key in (
            ("process", "processes"),
            ("role", "roles"),
            ("topic", "topics"),
            ("practice", "practices"),
            ("dimension", "dimensions"),
        ):
            self.duplicates(kind, ((entry.get("id"), (key, i, "id")) for i, entry in entries(data, key)))
        self.duplicates(
            "item",
            (
                (item.get("id"), ("processes", pi, "items", ii, "id"))
                for pi, process in entries(data, "processes")
                for ii, item in entries(process, "items")
            ),
        )

    def scales(self, data: dict) -> None:
        scales = data.get("scales")
        if not isinstance(scales, dict):
            return
        for scale_id, options in scales.items():
            if scale_id == DEFAULT_SCALE:
                self.add("builtin_scale", ("scales", scale_id))
                continue
            if not isinstance(options, list):
                continue
            if not options:
                self.add("empty_scale", ("scales", scale_id), scale=scale_id)
            seen: set[str] = set()
            for index, option in entries(scales, scale_id):
                path = ("scales", scale_id, index)
                key = option.get("key")
                key = str(key) if isinstance(key, int) and not isinstance(key, bool) else _text(key)
                if key is not None:
                    if key in seen:
                        self.add("duplicate_option", path + ("key",), scale=scale_id, key=key)
                    seen.add(key)
                    if key.strip().lower() in UNSCORED_ANSWERS:
                        self.add("reserved_option", path + ("key",), scale=scale_id, key=key)
                value = option.get("value")
                if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0.0 <= value <= 1.0:
                    self.add("scale_value_range", path + ("value",), scale=scale_id, key=key, value=value)

    def items(self, data: dict) -> None:
        declared = data.get("scales") if isinstance(data.get("scales"), dict) else {}
        # a scale id that is not text (`1:`) is the schema's to report; here it would not sort among the others
        scales = sorted({DEFAULT_SCALE, *(scale_id for scale_id in declared if isinstance(scale_id, str))})
        dimensions = [d for _, entry in entries(data, "dimensions") if (d := _text(entry.get("id")))]
        roles = [r for _, entry in entries(data, "roles") if (r := _text(entry.get("id")))]
        topics = self._topics(data)
        practices = [p for _, entry in entries(data, "practices") if (p := _text(entry.get("id")))]
        for pi, process in entries(data, "processes"):
            self._practices(process, pi, practices)
            items = list(entries(process, "items"))
            if not any(item.get("type", "scored") == "scored" for _, item in items):
                self.add(
                    "process_without_items", ("processes", pi, "id"), severity="warning", process=process.get("id")
                )
            for ii, item in items:
                self._item(item, ("processes", pi, "items", ii), scales, dimensions, roles)
                self._askable(item, ("processes", pi, "items", ii), topics)

    def _item(self, item: dict, path: Path_, scales: list, dimensions: list, roles: list) -> None:
        item_id = _text(item.get("id")) or f"#{path[-1] + 1}"
        if item_id.lower() in RESERVED_COLUMNS:
            self.add("reserved_item_id", path + ("id",), item=item_id)
        kind = item.get("type", "scored")
        if kind == "scored":
            if item.get("level") is None:
                self.add("scored_needs_level", path + ("id",), item=item_id)
            if dimensions and item.get("dimension") is None:
                self.add("item_without_dimension", path + ("id",), severity="warning", item=item_id)
            scale = _text(item.get("scale"))
            if scale is not None and scale not in scales:
                self.add("undeclared_scale", path + ("scale",), item=item_id, scale=scale, declared=_listed(scales))
        elif kind in ("text", "number"):
            for key in ("level", "scale", "indicators"):
                if item.get(key) not in (None, []):  # a stored snapshot writes every item's `indicators: []`
                    self.add("unscored_takes_no", path + (key,), item=item_id, type=kind, key=key)
        dimension = _text(item.get("dimension"))
        if dimension is not None and dimension not in dimensions:
            self.add(
                "undeclared_dimension",
                path + ("dimension",),
                item=item_id,
                dimension=dimension,
                declared=_listed(dimensions),
            )
        item_roles = item.get("roles")
        for ri, role in enumerate(item_roles if isinstance(item_roles, list) else []):
            if isinstance(role, str) and role not in roles:
                self.add("undeclared_role", path + ("roles", ri), item=item_id, role=role, declared=_listed(roles))

    def _practices(self, process: dict, pi: int, declared: list[str]) -> None:
        """Each shared practice an item names is declared, and a process has one item of it at most."""
        first: dict[str, str] = {}
        for ii, item in entries(process, "items"):
            practice, item_id = _text(item.get("practice")), _text(item.get("id")) or f"#{ii + 1}"
            if practice is None:
                continue
            path = ("processes", pi, "items", ii, "practice")
            if practice not in declared:
                self.add("undeclared_practice", path, item=item_id, practice=practice, declared=_listed(declared))
            elif practice in first:
                self.add("practice_twice", path, item=item_id, practice=practice, first=first[practice])
            else:
                first[practice] = item_id

    def _topics(self, data: dict) -> _Topics:
        """The declared topics and what each role is asked about (roles naming none: everything)."""
        declared = [t for _, entry in entries(data, "topics") if (t := _text(entry.get("id")))]
        asked: dict[str, list[str]] = {}
        for index, role in entries(data, "roles"):
            role_id, about = _text(role.get("id")), role.get("asked_about")
            if role_id is None or not isinstance(about, list) or not about:
                continue
            asked[role_id] = [topic for topic in about if isinstance(topic, str)]
            for ti, topic in enumerate(about):
                if isinstance(topic, str) and topic not in declared:
                    self.add(
                        "undeclared_topic_of_role",
                        ("roles", index, "asked_about", ti),
                        role=role_id,
                        topic=topic,
                        declared=_listed(declared),
                    )
        return _Topics(declared, asked)

    def _askable(self, item: dict, path: Path_, topics: _Topics) -> None:
        """The item's topic is declared, and every role it names can see it."""
        item_id = _text(item.get("id")) or f"#{path[-1] + 1}"
        topic = _text(item.get("topic"))
        if topic is not None and topic not in topics.declared:
            self.add(
                "undeclared_topic", path + ("topic",), item=item_id, topic=topic, declared=_listed(topics.declared)
            )
            return
        topic = topic or _text(item.get("dimension"))
        item_roles = item.get("roles")
        for ri, role in enumerate(item_roles if isinstance(item_roles, list) else []):
            about = topics.asked.get(role) if isinstance(role, str) else None
            if topic is not None and about is not None and topic not in about:
                self.add(
                    "role_cannot_answer",
                    path + ("roles", ri),
                    item=item_id,
                    role=role,
                    topic=topic,
                    topics=_listed(about),
                )


class _Topics(NamedTuple):
    declared: list[str]
    asked: dict[str, list[str]]  # role -> the topics it is asked about (roles that name none: absent)


def _listed(ids: list[str]) -> str:
    return ", ".join(shorten(i) for i in dict.fromkeys(ids)) if ids else "-"  # each once, even if declared twice
