"""Texts from data inside Markdown: escaped so that they show as typed, never as links, images, HTML or styling."""

from __future__ import annotations

import re

# What Markdown (CommonMark, GitHub's and Streamlit's) reads as markup: emphasis, code, links and images ([ ]), HTML
# and autolinks (< >), tables, strikethrough, maths ($), Streamlit's :colour[…]; bare addresses become links (://,
# www.); a #, -, + or "1." at the start of a line makes a heading or a list
_MARKUP = re.compile(r"[\\`*_\[\]<>|~$]|(?<=\w):(?=//)|(?<=\bwww)\.|^[ \t]*[#+-]", re.MULTILINE)
_NUMBERED = re.compile(r"^([ \t]*\d+)\.(?=[ \t]|$)", re.MULTILINE)


def escape_markdown(value: object) -> str:
    """`value` as text for Markdown: every markup character escaped with a backslash (the text shows unchanged)."""
    return _NUMBERED.sub(r"\1\\.", _MARKUP.sub(_escaped, str(value)))


def _escaped(found: re.Match) -> str:
    text = found.group()
    stripped = text.lstrip(" \t")
    return text[: len(text) - len(stripped)] + "\\" + stripped
