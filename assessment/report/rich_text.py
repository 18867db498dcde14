"""The consultant's text: a small Markdown subset, parsed into blocks every deliverable lays out its own way.

What it knows: paragraphs (a blank line separates them), bullet lists (lines starting `- ` or `* `), numbered lists
(`1. ` or `1) `; a list item's further lines without a marker continue it), and bold (`**…**`) inside any of them.
Everything else is text as typed: `# x` is the text "# x", a link or an image is its characters, HTML is its
characters. A block is a dict:

    {"kind": "paragraph", "runs": [run, …]}
    {"kind": "bullets" | "numbers", "items": [[run, …], …]}    (numbers also carry "start": the first number)

and a run is {"text": str, "bold": bool}. Lines of one paragraph or list item are joined by a space (by nothing
between two Chinese characters, as a reader of Chinese expects). `html(blocks)` gives the HTML of the PDF and the
app, every text escaped; nothing from the text ever becomes a tag, an attribute or a link.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from assessment.problems import InputError, Problem
from assessment.workspace.consultant_kinds import MAX_CHARS

Run = dict[str, Any]
Block = dict[str, Any]

_BULLET = re.compile(r" {0,3}[-*][ \t]+(?=\S)")
_NUMBER = re.compile(r" {0,3}(\d{1,9})[.)][ \t]+(?=\S)")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def parse(text: str) -> list[Block]:
    """The blocks of `text` (an InputError when it is longer than MAX_CHARS); an empty text gives no block."""
    if len(text) > MAX_CHARS:
        raise InputError([Problem("consultant_text_too_long", {"size": len(text), "limit": MAX_CHARS})])
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        blocks.extend(_chunk(chunk))
    return blocks


def _chunk(chunk: str) -> list[Block]:
    """The blocks of text between blank lines: a paragraph, then lists; a line without a marker continues the
    item above it (or the paragraph)."""
    blocks: list[Block] = []
    lines: list[str] = []  # the lines of the paragraph or item being read
    kind = ""  # "paragraph", "bullets" or "numbers": what `lines` belong to
    items: list[list[str]] = []
    start = 1

    def close() -> None:
        nonlocal lines, items
        if kind == "paragraph" and lines:
            runs = _runs(_join(lines))
            if runs:
                blocks.append({"kind": "paragraph", "runs": runs})
        elif kind in ("bullets", "numbers"):
            listed = [_runs(_join(item)) for item in items]
            block: Block = {"kind": kind, "items": listed}
            if kind == "numbers":
                block["start"] = start
            blocks.append(block)
        lines, items = [], []

    for line in chunk.split("\n"):
        if not line.strip():
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            found = "bullets" if bullet else "numbers"
            if kind != found:
                close()
                kind = found
                if number:
                    start = int(number.group(1))
            items.append([line[(bullet or number).end() :]])
        elif kind in ("bullets", "numbers"):
            items[-1].append(line)
        else:
            kind = "paragraph"
            lines.append(line)
    close()
    return blocks


def _join(lines: list[str]) -> str:
    """Lines of one paragraph or item as one text: a space between them, none between two Chinese characters."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and not (_WIDE.match(text[-1]) and _WIDE.match(line[0])):
            text += " "
        text += line
    return text


def _runs(text: str) -> list[Run]:
    """The runs of a text: `**…**` pairs are bold (a pair with nothing or only spaces inside is text)."""
    runs: list[Run] = []
    parts = re.split(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", text)
    for index, part in enumerate(parts):
        bold = index % 2 == 1
        if not part:
            continue
        if runs and runs[-1]["bold"] == bold:
            runs[-1]["text"] += part
        else:
            runs.append({"text": part, "bold": bold})
    return runs


def _runs_html(runs: list[Run]) -> str:
    return "".join(
        f"<strong>{escape(run['text'])}</strong>" if run["bold"] else str(escape(run["text"])) for run in runs
    )


def html(blocks: list[Block]) -> Markup:
    """The blocks as HTML: <p>, <ul>, <ol> and <strong>, every text escaped."""
    parts = []
    for block in blocks:
        if block["kind"] == "paragraph":
            parts.append(f"<p>{_runs_html(block['runs'])}</p>")
        else:
            tag = "ul" if block["kind"] == "bullets" else "ol"
            start = int(block.get("start", 1))
            opening = f'<ol start="{start}">' if tag == "ol" and start != 1 else f"<{tag}>"
            listed = "".join(f"<li>{_runs_html(item)}</li>" for item in block["items"])
            parts.append(f"{opening}{listed}</{tag}>")
    return Markup("".join(parts))  # every text in it went through escape()


def plain(blocks: list[Block]) -> str:
    """The blocks as plain text (bold dropped, list markers kept): for a deliverable that has no rich text."""
    lines = []
    for block in blocks:
        if block["kind"] == "paragraph":
            lines.append("".join(run["text"] for run in block["runs"]))
        else:
            first = int(block.get("start", 1))
            for n, item in enumerate(block["items"], start=first):
                marker = "•" if block["kind"] == "bullets" else f"{n}."
                lines.append(f"{marker} {''.join(run['text'] for run in item)}")
    return "\n".join(lines)
