"""Safe YAML reading: one document, no aliases, anchors or tags, bounded size and depth.

Values come back as plain Python data, with the line of every mapping key and list entry,
so that later checks can name the line of any problem. `yes`/`no`/`on`/`off` stay strings;
only `true`/`false` are booleans, and dates stay strings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.nodes import ScalarNode

from assessment.problems import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# Python refuses to read a whole number of more than 4300 digits; none of ours needs more than a few
MAX_NUMBER_DIGITS = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a path into the data: keys and list indexes


class _Loader(_BaseLoader):
    """The C loader where there is one, with YAML 1.2-like booleans and no timestamps."""


# YAML 1.2 core-schema scalars only: YAML 1.1's yes/no/on/off booleans, timestamps, merge keys
# (`<<`), value keys (`=`), octal (`017`), hex (`0x1F`), base-60 (`1:30`) and `1_000` stay text,
# as does any number written with a leading zero.
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SCALAR_CONSTRUCTORS = {
    _STR: lambda loader, node: node.value,
    _INT: yaml.SafeLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.SafeLoader.construct_yaml_float,
    "tag:yaml.org,2002:bool": lambda loader, node: node.value.lower() == "true",
    "tag:yaml.org,2002:null": lambda loader, node: None,
}


class YamlProblem(Exception):
    """The YAML cannot be read; carries the problem with its line."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.render())


def read_yaml_file(path: Path, display: str | None = None) -> tuple[Any, dict[Path_, int]]:
    """Read one YAML file safely; returns (data, lines by path). Raises YamlProblem."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise YamlProblem(Problem("file_not_found", file=name)) from None
    except OSError:
        raise YamlProblem(Problem("not_a_file", file=name)) from None
    if not path.is_file():
        raise YamlProblem(Problem("not_a_file", file=name))
    if size > MAX_FILE_BYTES:
        raise YamlProblem(Problem("file_too_large", {"size": size, "limit": MAX_FILE_BYTES}, file=name))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(Problem("yaml_not_utf8", file=name, line=line)) from None
    return read_yaml_text(text, name)


def read_yaml_text(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Read YAML text safely; returns (data, lines by path). Raises YamlProblem."""
    loader = _Loader(text)
    try:
        return _build(loader, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line = mark.line + 1 if mark else None
        raise YamlProblem(Problem("yaml_syntax", {"detail": detail}, file=name, line=line)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; libyaml counts UTF-8 bytes
        before = text.encode("utf-8")[: exc.position] if _BaseLoader is not yaml.SafeLoader else text[: exc.position]
        detail = f"unacceptable character U+{exc.character:04X}: {exc.reason}"
        line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1
        raise YamlProblem(Problem("yaml_syntax", {"detail": detail}, file=name, line=line)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem("yaml_syntax", {"detail": str(exc)}, file=name)) from None
    finally:
        loader.dispose()


class _Frame:
    """A mapping or list under construction."""

    __slots__ = ("first_lines", "key", "key_line", "path", "value")

    def __init__(self, value: Any, path: Path_):
        self.value = value
        self.path = path
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.first_lines: dict[Any, int] = {}


_NO_KEY = object()


def _build(loader: _Loader, name: str) -> tuple[Any, dict[Path_, int]]:
    lines: dict[Path_, int] = {(): 1}
    stack: list[_Frame] = []
    root: Any = _NO_KEY
    documents = 0

    def fail(code: str, event: events.Event, **params: Any) -> None:
        if "tag" in params:
            params["tag"] = params["tag"].replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(Problem(code, params, file=name, line=event.start_mark.line + 1))

    def place(value: Any, event: events.Event, container: bool) -> Path_ | None:
        """Put a finished value into its parent; returns the value's path."""
        nonlocal root
        line = event.start_mark.line + 1
        if not stack:
            root = value
            lines[()] = line
            return ()
        parent = stack[-1]
        if isinstance(parent.value, list):
            path = parent.path + (len(parent.value),)
            parent.value.append(value)
            lines[path] = line
            return path
        if parent.key is _NO_KEY:  # this value is a key
            if container:
                fail("yaml_complex_key", event)
            if value in parent.first_lines:
                fail("yaml_duplicate_key", event, key=value, first=parent.first_lines[value])
            parent.key, parent.key_line = value, line
            parent.first_lines[value] = line
            return None
        path = parent.path + (parent.key,)
        parent.value[parent.key] = value
        lines[path] = parent.key_line
        parent.key = _NO_KEY
        return path

    while True:
        event = loader.get_event()
        if isinstance(event, events.StreamEndEvent):
            break
        if isinstance(event, (events.StreamStartEvent, events.DocumentEndEvent)):
            continue
        if isinstance(event, events.DocumentStartEvent):
            documents += 1
            if documents > 1:
                fail("yaml_documents", event)
            continue
        if isinstance(event, events.AliasEvent):
            fail("yaml_alias", event)
        if getattr(event, "anchor", None) is not None:
            fail("yaml_alias", event)
        if isinstance(event, events.ScalarEvent):
            if event.tag not in (None, "!"):
                fail("yaml_tag", event, tag=event.tag)
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
            if event.tag == "!":
                tag = _STR
            if tag == _INT and len(digits := event.value.lstrip("+-")) > MAX_NUMBER_DIGITS:
                fail("yaml_number_too_long", event, digits=len(digits), limit=MAX_NUMBER_DIGITS)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            value = _SCALAR_CONSTRUCTORS[tag](loader, node)
            place(value, event, container=False)
        elif isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            if event.tag is not None:
                fail("yaml_tag", event, tag=event.tag)
            if len(stack) >= MAX_DEPTH:
                fail("yaml_too_deep", event, limit=MAX_DEPTH)
            value = {} if isinstance(event, events.MappingStartEvent) else []
            path = place(value, event, container=True)
            stack.append(_Frame(value, path if path is not None else ()))
        elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            stack.pop()
    if root is _NO_KEY:
        root = None
    return root, lines
