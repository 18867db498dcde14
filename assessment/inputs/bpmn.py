"""A BPMN 2.0 file of the designed process, read bounded, into the Petri net its cases are replayed on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from assessment.problems import InputError, Problem

BPMN_NAMESPACE = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# A designed process drawn in a modeller (Camunda, Signavio, bpmn.io) is tens of kilobytes, its diagram included;
# 2 MB holds a few thousand shapes.
MAX_BPMN_BYTES = 2 * 1024 * 1024
MAX_BPMN_ELEMENTS = 20_000
# pm4py's importer walks the tree recursively, copying the path of parents at each step: the depth is bounded
# before it runs. Modellers nest a few levels (definitions, process, subprocess, task, extension elements).
MAX_BPMN_DEPTH = 64
# A DOCTYPE may declare entities (billion laughs) or name external files; no modeller writes one, so it is refused
# before the parser sees the file (defusedxml refuses it too: this gives the clearer message).
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
TASKS = {"task", "usertask", "servicetask", "manualtask", "scripttask", "businessruletask", "sendtask", "receivetask"}


@dataclass(frozen=True)
class BpmnModel:
    """The designed process: its file's name, its tasks' names, and the Petri net the cases are replayed on."""

    name: str
    tasks: tuple[str, ...]
    net: Any
    initial_marking: Any
    final_marking: Any


def read_bpmn(path: Path, *, name: str | None = None) -> BpmnModel:
    """The BPMN 2.0 model in `path`, checked and bounded. Raises InputError naming the file."""
    name = name or path.name
    raw = _bounded_bytes(path, name)
    root = _parsed(raw, name)
    local = _local_name(root.tag)
    if local != "definitions" or _namespace(root.tag) != BPMN_NAMESPACE:
        _refuse("bpmn_not_bpmn", name, root=local, namespace=BPMN_NAMESPACE)
    kinds = [_local_name(element.tag).lower() for element in root.iter()]
    tasks = tuple(
        element.get("name", "").strip()
        for element in root.iter()
        if _local_name(element.tag).lower() in TASKS and element.get("name", "").strip()
    )
    if not tasks or "startevent" not in kinds or "endevent" not in kinds:
        _refuse("bpmn_no_tasks", name)
    net, initial, final = _petri_net(root, name)
    return BpmnModel(name, tasks, net, initial, final)


def _bounded_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, after its size is checked; a DOCTYPE anywhere is refused."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        _refuse("file_not_found", name)
    except OSError:
        _refuse("not_a_file", name)
    if not path.is_file():
        _refuse("not_a_file", name)
    if size > MAX_BPMN_BYTES:
        _refuse("file_too_large", name, size=size, limit=MAX_BPMN_BYTES)
    raw = path.read_bytes()[: MAX_BPMN_BYTES + 1]  # the file may have grown since it was measured
    if len(raw) > MAX_BPMN_BYTES:
        _refuse("file_too_large", name, size=len(raw), limit=MAX_BPMN_BYTES)
    if match := DOCTYPE.search(raw):
        _refuse("bpmn_doctype", name, line=raw[: match.start()].count(b"\n") + 1)
    return raw


def _parsed(raw: bytes, name: str) -> Element:
    """The XML tree, parsed without DTD, entities or external references, its size and depth bounded."""
    try:
        root = safe_xml.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        _refuse("bpmn_doctype", name)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        _refuse("bpmn_syntax", name, line=line, detail=str(exc))
    count = 0
    stack = [(root, 1)]
    while stack:  # iterative: the tree's depth is what is being checked
        element, depth = stack.pop()
        count += 1
        if count > MAX_BPMN_ELEMENTS:
            _refuse("bpmn_too_many_elements", name, limit=MAX_BPMN_ELEMENTS)
        if depth > MAX_BPMN_DEPTH:
            _refuse("bpmn_too_deep", name, limit=MAX_BPMN_DEPTH)
        stack.extend((child, depth + 1) for child in element)
    return root


def _petri_net(root: Element, name: str) -> tuple[Any, Any, Any]:
    """pm4py's BPMN graph of the tree, converted to a Petri net with its initial and final markings."""
    # Imported here: pm4py takes two seconds to import, and only mining needs it
    from pm4py.objects.bpmn.importer.variants.lxml import import_xml_tree_from_root
    from pm4py.objects.conversion.bpmn import converter

    try:
        graph = import_xml_tree_from_root(root)
        net, initial, final = converter.apply(graph)
    # pm4py's importer trusts the file (a flow to a missing node, a bound without a number): whatever it
    # raises on a file that is well-formed but not a usable model is that file's problem, named as such
    except Exception as exc:
        _refuse("bpmn_unusable", name, detail=f"{type(exc).__name__}: {exc}"[:300])
    if not net.transitions or not initial or not final:
        _refuse("bpmn_unusable", name, detail="no start-to-end path")
    return net, initial, final


def _local_name(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _refuse(code: str, name: str, *, line: int | None = None, **params: Any) -> NoReturn:
    raise InputError([Problem(code, params, file=name, line=line)])
