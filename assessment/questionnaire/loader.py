"""Load a questionnaire (one file, or a folder whose questionnaire.yaml includes more files).

Two stages: the pydantic model checks shape and types, then `rules` checks meaning. Every
problem of both stages is reported at once, each with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment.problems import Problem, QuestionnaireError, errors_in
from assessment.questionnaire.locations import Locator, Path_, shorten
from assessment.questionnaire.model import ITEM_ID_PATTERN, Questionnaire
from assessment.questionnaire.rules import check_meaning
from assessment.questionnaire.safe_yaml import YamlProblem, read_yaml_file

ROOT_NAMES = ("questionnaire.yaml", "questionnaire.yml")
MAX_INCLUDES = 200
# Each file may hold up to safe_yaml.MAX_FILE_BYTES; 200 of them would be a gigabyte of YAML to parse. The
# bundled library is 0.6 MB.
MAX_TOTAL_BYTES = 10 * 1024 * 1024
FRAGMENT_LISTS = ("roles", "topics", "practices", "dimensions", "processes", "context", "frameworks", "include")
FRAGMENT_KEYS = (*FRAGMENT_LISTS, "scales")
WHOLE_PARAMS = ("allowed", "declared", "first", "detail")  # lists and places the message needs in full


@dataclass
class LoadedQuestionnaire:
    """A valid questionnaire, the warnings found while loading it, and the files it came from."""

    questionnaire: Questionnaire
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def load_questionnaire(path: str | Path) -> LoadedQuestionnaire:
    """Load and check a questionnaire; raises QuestionnaireError carrying every problem."""
    questionnaire, problems, files = _check(Path(path))
    if questionnaire is None or errors_in(problems):
        raise QuestionnaireError(problems)
    return LoadedQuestionnaire(questionnaire, problems, files)


def check_questionnaire(path: str | Path) -> tuple[Questionnaire | None, list[Problem]]:
    """Check a questionnaire; returns it (None when invalid) and every problem, warnings too."""
    questionnaire, problems, _ = _check(Path(path))
    return (None if errors_in(problems) else questionnaire), problems


def _check(path: Path) -> tuple[Questionnaire | None, list[Problem], list[str]]:
    root_file = _root_file(path)
    if root_file is None:
        return None, [Problem("no_questionnaire_in_folder", file=str(path))], []
    merger = _Merger(root_file)
    merger.read_root()
    if merger.data is None:
        return None, merger.problems, merger.files
    locator = Locator(merger.data, merger.places, str(root_file))
    problems = merger.problems + check_meaning(merger.data, locator)
    questionnaire = None
    try:
        questionnaire = Questionnaire.model_validate(merger.data)
    except ValidationError as exc:
        problems += [schema_problem(err, locator) for err in exc.errors()]
    problems.sort(key=lambda p: (merger.order.index(p.file) if p.file in merger.order else -1, p.line or 0))
    return questionnaire, [_shortened(problem) for problem in problems], merger.files


def _shortened(problem: Problem) -> Problem:
    """The problem with any long value it quotes (an id of 100,000 characters, say) cut short."""
    params = {
        key: shorten(value) if isinstance(value, str) and key not in WHOLE_PARAMS else value
        for key, value in problem.params.items()
    }
    return problem if params == problem.params else replace(problem, params=params)


def _root_file(path: Path) -> Path | None:
    if not path.is_dir():
        return path
    for name in ROOT_NAMES:
        if (path / name).is_file():
            return path / name
    return None


class _Merger:
    """Reads the root file and its includes, merging lists and scales and keeping every line."""

    def __init__(self, root_file: Path):
        self.root_file = root_file
        self.base_dir = root_file.resolve().parent
        self.data: dict | None = None
        self.places: dict[Path_, tuple[str, int]] = {}
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.order: list[str] = []
        self.seen: set[Path] = set()
        self.total_bytes = 0  # of the included files read so far

    def read_root(self) -> None:
        data, lines = self._read(self.root_file, str(self.root_file))
        if data is None:
            return
        self.data = data
        self.places.update(lines)
        self._include(data, lines, self.root_file, str(self.root_file))

    def _read(self, file: Path, name: str) -> tuple[dict | None, dict[Path_, tuple[str, int]]]:
        self.order.append(name)  # problems are listed file by file, in reading order
        self.seen.add(file.resolve())
        try:
            data, lines = read_yaml_file(file, name)
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return None, {}
        self.files.append(name)
        if data is None:
            self.problems.append(Problem("yaml_empty", file=name, line=1))
            return None, {}
        if not isinstance(data, dict):
            self.problems.append(Problem("yaml_not_mapping", file=name, line=1))
            return None, {}
        return data, {path: (name, line) for path, line in lines.items()}

    def _include(self, data: dict, lines: dict, file: Path, name: str) -> None:
        includes = data.get("include")
        if not isinstance(includes, list):
            return  # a wrong type is reported by the model (root) or by _merge (fragments)
        for index, entry in enumerate(includes):
            if not isinstance(entry, str):
                continue
            where = lines.get(("include", index), (name, None))
            if len(self.seen) > MAX_INCLUDES:
                self.problems.append(Problem("include_too_many", {"limit": MAX_INCLUDES}, file=where[0], line=where[1]))
                return
            try:
                target = (file.parent / entry).resolve()
                if not target.is_relative_to(self.base_dir):
                    code = "include_outside"
                elif target in self.seen:
                    code = "include_cycle"
                elif not target.is_file():
                    code = "include_missing"
                else:
                    code = None
                    self.total_bytes += target.stat().st_size
            except (OSError, ValueError):  # a name no file can have: too long, a NUL character
                code = "include_missing"
            if code:
                self.problems.append(Problem(code, {"include": entry}, file=where[0], line=where[1]))
                continue
            if self.total_bytes > MAX_TOTAL_BYTES:
                too_much = {"include": entry, "limit": MAX_TOTAL_BYTES}
                self.problems.append(Problem("include_too_large", too_much, file=where[0], line=where[1]))
                return
            fragment_name = str(Path(name).parent / entry)
            fragment, fragment_lines = self._read(target, fragment_name)
            if fragment is not None:
                self._merge(fragment, fragment_lines, fragment_name)
                self._include(fragment, fragment_lines, target, fragment_name)

    def _merge(self, fragment: dict, lines: dict, name: str) -> None:
        for key in fragment:
            if key not in FRAGMENT_KEYS:
                file, line = lines.get((key,), (name, 1))
                self.problems.append(Problem("unknown_key", {"key": key}, file=file, line=line))
        for key in FRAGMENT_KEYS:
            if key not in fragment:
                continue
            value = fragment[key]
            file, line = lines.get((key,), (name, 1))
            if key == "scales":
                self._merge_scales(value, file, line, lines)
            elif not isinstance(value, list):
                self.problems.append(Problem("want_list", {"value": show(value)}, file=file, line=line, where=key))
            elif key != "include":
                target = self.data.setdefault(key, [])
                if not isinstance(target, list):
                    continue
                offset = len(target)
                target.extend(value)
                for path, place in lines.items():
                    if path[:1] == (key,) and len(path) > 1:
                        self.places[(key, path[1] + offset, *path[2:])] = place

    def _merge_scales(self, value: Any, file: str, line: int, lines: dict) -> None:
        if not isinstance(value, dict):
            self.problems.append(Problem("want_mapping", {"value": show(value)}, file=file, line=line, where="scales"))
            return
        scales = self.data.setdefault("scales", {})
        if not isinstance(scales, dict):
            return
        for scale_id, options in value.items():
            here = lines.get(("scales", scale_id), (file, line))
            if scale_id in scales:
                first = self.places.get(("scales", scale_id), (str(self.root_file), None))
                self.problems.append(
                    Problem(
                        "duplicate_id",
                        {"kind": "scale", "id": scale_id, "first": f"{first[0]}:{first[1]}"},
                        file=here[0],
                        line=here[1],
                    )
                )
                continue
            scales[scale_id] = options
            for path, place in lines.items():
                if path[:2] == ("scales", scale_id):
                    self.places[path] = place


def show(value: Any) -> str:
    """A short rendering of a YAML value for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        return repr(value)  # as written: 1.0 stays "1.0" (the quote hint of `version: 1.0` must say "1.0")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _raw_key(data: Any, loc: tuple) -> Any:
    """The key as read from the YAML that ends `loc` (pydantic shows `true` as 1 and `null` as 'None')."""
    parent = data
    for part in loc[:-1]:
        if isinstance(parent, dict):
            parent = parent.get(part)
        elif isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
            parent = parent[part]
        else:
            return loc[-1]
    if isinstance(parent, dict):
        for key in parent:
            if not isinstance(key, str) and (key == loc[-1] or str(key) == str(loc[-1])):
                return key
    return loc[-1]


def _key_text(key: Any) -> str:
    """A mapping key as it was written in the YAML."""
    if key is None:
        return "null"
    return show(key) if isinstance(key, bool) else str(key)


def _bound(limit: Any) -> str:
    """A limit of the model (pydantic makes `gt=0` on a float field 0.0): shown as 0."""
    return f"{limit:g}" if isinstance(limit, (int, float)) and not isinstance(limit, bool) else show(limit)


def schema_problem(err: dict, locator: Locator) -> Problem:
    """Turn one pydantic error into a Problem with file, line and a plain message."""
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    field = next((part for part in reversed(loc) if isinstance(part, str) and part != "[key]"), "")
    target = loc
    if kind in ("missing", "extra_forbidden"):
        target = loc[:-1]
    if loc and loc[-1] == "[key]":  # a mapping key is wrong: a level descriptor's or a scale's id
        target = loc[:-1]
        value = loc[-2]
        field = "level" if loc[-3:-2] == ("levels",) else "id"
    if kind == "invalid_key":  # a key that is not text (`1:`, `true:`, `null:`) where only names are allowed
        key = _raw_key(locator.data, loc)
        file, line = locator.at(loc[:-1] + (key,))
        return Problem("unknown_key", {"key": _key_text(key)}, file=file, line=line, where=locator.describe(loc[:-1]))
    file, line = locator.at(loc if kind == "extra_forbidden" else target)
    code, params = schema_message(kind, field, value, ctx)
    return Problem(code, params, file=file, line=line, where=locator.describe(target))


def schema_message(kind: str, field: str, value: Any, ctx: dict) -> tuple[str, dict]:
    shown = show(value)
    if kind == "missing":
        if field in ("zh", "en"):
            return f"text_missing_{field}", {}
        return "missing_key", {"key": field}
    if kind == "extra_forbidden":
        return "unknown_key", {"key": field}
    if kind == "string_too_short":
        return (f"text_missing_{field}", {}) if field in ("zh", "en") else ("empty_text", {})
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "want_whole_number", {"value": shown}
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "want_number", {"value": shown}
    if kind == "string_type":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return "want_text_quote", {"value": shown}
        return "want_text", {"value": shown}
    if kind == "list_type":
        return "want_list", {"value": shown}
    if kind == "too_short":  # a list that must not be empty (a walkthrough's checks, a context section's fields)
        return "list_too_short", {"limit": ctx.get("min_length", 1), "found": ctx.get("actual_length", 0)}
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "want_mapping", {"value": shown}
    if kind == "bool_type":
        return "want_bool", {"value": shown}
    if kind in ("greater_than_equal", "less_than_equal") and field == "level":
        return "level_range", {"value": shown}
    if kind == "greater_than":
        return "must_be_greater", {"limit": _bound(ctx.get("gt")), "value": shown}
    if kind == "greater_than_equal":
        return "must_be_at_least", {"limit": _bound(ctx.get("ge")), "value": shown}
    if kind == "less_than_equal":
        return "must_be_at_most", {"limit": _bound(ctx.get("le")), "value": shown}
    if kind == "string_pattern_mismatch":
        return ("bad_item_id" if ctx.get("pattern") == ITEM_ID_PATTERN else "bad_id"), {"value": value}
    if kind == "literal_error":
        # pydantic joins the last two with an English "or"; a plain list reads in both languages
        return "must_be_one_of", {"allowed": str(ctx.get("expected")).replace(" or ", ", "), "value": shown}
    return "schema_other", {"detail": kind}
