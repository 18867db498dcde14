"""The directly-follows map of a set of cases, drawn by graphviz as a small SVG safe to embed in a page or a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

# A map is read at a glance: the most frequent activities and transitions only (the variants list the rest).
MAX_ACTIVITIES = 15
MAX_EDGES = 30
MAX_LABEL_CHARS = 40
# Fifteen boxes and thirty arrows draw to about 20 KB; the bound keeps a page or a stored row small whatever the
# names are: a map over it is drawn again with fewer activities, then left out.
MAX_SVG_BYTES = 200_000
SMALLER = ((MAX_ACTIVITIES, MAX_EDGES), (8, 12))
FONT = "Noto Sans CJK SC"  # draws Chinese and Latin names alike (Debian's fonts-noto-cjk)
DOT_TIMEOUT_SECONDS = 30
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# What graphviz draws a map with; everything else (script, foreignObject, links, images, styles, event
# attributes, references to other files) is dropped, whatever wrote it
ELEMENTS = {"svg", "g", "polygon", "polyline", "path", "ellipse", "text"}
ATTRIBUTES = {
    "width", "height", "viewBox", "transform", "class", "fill", "stroke", "stroke-width", "stroke-dasharray",
    "points", "d", "cx", "cy", "rx", "ry", "x", "y", "text-anchor", "font-family", "font-size", "font-weight",
    "font-style",
}  # fmt: skip
_UNSAFE_VALUE = re.compile(r"url\s*\(|javascript:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_DOCUMENT = re.compile(r"(?=<\?xml )")
# node fill by how often the activity occurs, light to dark
SHADES = ("#eef4fb", "#d6e6f5", "#b5d1ec", "#8fb8e0")


Counts = tuple[dict[str, int], dict[tuple[str, str], int], dict[str, int], dict[str, int]]


def render_map(
    activities: dict[str, int], edges: dict[tuple[str, str], int], starts: dict[str, int], ends: dict[str, int]
) -> str:
    """The sanitized SVG of the map (events per activity, transitions, cases starting and ending at each), or ""
    when graphviz is not installed or the map will not fit MAX_SVG_BYTES."""
    return render_maps([(activities, edges, starts, ends)])[0]


def render_maps(maps: list[Counts]) -> list[str]:
    """Each map's SVG as render_map draws it, all drawn by one graphviz process (a log may have a hundred units)."""
    drawn = [""] * len(maps)
    if shutil.which("dot") is None:
        return drawn
    for most_activities, most_edges in SMALLER:
        wanted = [number for number, counts in enumerate(maps) if counts[0] and not drawn[number]]
        if not wanted:
            break
        sources = [dot_source(*maps[number], most_activities, most_edges) for number in wanted]
        for number, svg in zip(wanted, _dot(sources), strict=True):
            if len(svg.encode("utf-8")) <= MAX_SVG_BYTES:
                drawn[number] = svg
    return drawn


def _dot(sources: list[str]) -> list[str]:
    """The sanitized SVG of each graph ("" for any graphviz could not draw)."""
    try:
        drawn = subprocess.run(
            ["dot", "-Tsvg"],
            input="\n".join(sources).encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS + len(sources),  # a map takes graphviz milliseconds
        )
    except (OSError, subprocess.TimeoutExpired):
        return [""] * len(sources)
    # one SVG document per graph, in order, each with its XML declaration
    documents = _DOCUMENT.split(drawn.stdout.decode("utf-8", errors="replace"))[1:]
    if drawn.returncode != 0 or len(documents) != len(sources):
        return [""] * len(sources)
    return [sanitize_svg(document) for document in documents]


def dot_source(
    activities: dict[str, int],
    edges: dict[tuple[str, str], int],
    starts: dict[str, int],
    ends: dict[str, int],
    most_activities: int = MAX_ACTIVITIES,
    most_edges: int = MAX_EDGES,
) -> str:
    """The graph in dot: the most frequent activities as boxes, the most frequent transitions between them."""
    shown = sorted(activities, key=lambda name: (-activities[name], name))[:most_activities]
    node = {name: f"n{number}" for number, name in enumerate(shown)}
    kept = sorted(
        ((pair, count) for pair, count in edges.items() if pair[0] in node and pair[1] in node),
        key=lambda item: (-item[1], item[0]),
    )[:most_edges]
    top = max([count for _, count in kept] + [1])
    busiest = max(activities[name] for name in shown)
    lines = [
        "digraph map {",
        f'graph [rankdir=TB, fontname="{FONT}", bgcolor="white", nodesep=0.3, ranksep=0.35];',
        f'node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=10, color="#4a6f96"];',
        f'edge [fontname="{FONT}", fontsize=9, color="#5a5a5a", fontcolor="#333333"];',
        'start [shape=circle, label="", width=0.18, style=filled, fillcolor="#4caf50", color="#4caf50"];',
        'end [shape=doublecircle, label="", width=0.14, style=filled, fillcolor="#c0392b", color="#c0392b"];',
    ]
    for name in shown:
        shade = SHADES[min(len(SHADES) - 1, len(SHADES) * activities[name] // (busiest + 1))]
        lines.append(f'{node[name]} [label="{dot_text(name)}\\n{activities[name]}", fillcolor="{shade}"];')
    for name in shown:
        if starts.get(name):
            lines.append(f'start -> {node[name]} [label="{starts[name]}", style=dashed];')
        if ends.get(name):
            lines.append(f'{node[name]} -> end [label="{ends[name]}", style=dashed];')
    for (source, target), count in kept:
        width = 1 + 3 * count / top
        lines.append(f'{node[source]} -> {node[target]} [label="{count}", penwidth={width:.2f}];')
    lines.append("}")
    return "\n".join(lines)


def dot_text(name: str) -> str:
    """An activity's name as the inside of a quoted dot string, shortened: its own characters, never dot's escapes."""
    text = _CONTROL.sub(" ", name).strip()
    if len(text) > MAX_LABEL_CHARS:
        text = text[: MAX_LABEL_CHARS - 1] + "…"
    # a backslash would start an escape (\n, \l, \N: the node's id), a quote would end the string
    return text.replace("\\", "\\\\").replace('"', '\\"')


def sanitize_svg(svg: str) -> str:
    """The SVG rebuilt from an allow-list of elements and attributes: no script, event, link or outside reference."""
    start = svg.find("<svg")
    if start < 0:
        return ""
    try:
        # graphviz's prolog (an XML declaration, a DOCTYPE naming the SVG DTD, comments) is cut off first
        root = safe_xml.fromstring(svg[start:], forbid_dtd=True)
    except (DefusedXmlException, ParseError):
        return ""
    if _local(root.tag) != "svg":
        return ""
    return _write(root)


def _write(element: Element) -> str:
    """One allowed element, its allowed attributes and its allowed children, as SVG text."""
    name = _local(element.tag)
    attributes = "".join(
        f" {key}={quoteattr(value)}"
        for key, value in element.attrib.items()
        if key in ATTRIBUTES and not _UNSAFE_VALUE.search(value)
    )
    if name == "svg":
        attributes = f' xmlns="{SVG_NAMESPACE}"' + attributes
    inner = escape(element.text or "") if name == "text" else ""
    inner += "".join(_write(child) + "\n" for child in element if _local(child.tag) in ELEMENTS)
    return f"<{name}{attributes}>{inner}</{name}>"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
