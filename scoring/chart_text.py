"""Texts on charts: how wide a text prints, cut to a length, wrapped in lines. Chinese characters are two columns.

Plain text in, plain text out: the chart builders escape the result for Plotly (scoring.charts.safe).
"""

from __future__ import annotations

import unicodedata


def width(value: str) -> int:
    """How many columns a text takes: a Chinese character two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


def shorten(value: str, limit: int = 44) -> str:
    """`value` cut to `limit` columns with an ellipsis, at a space when one is near the end (English)."""
    if width(value) <= limit:
        return value
    kept, used = "", 0
    for character in value:
        used += width(character)
        if used > limit - 1:
            break
        kept += character
    space = kept.rfind(" ")
    return (kept[:space] if space > len(kept) * 2 // 3 else kept).rstrip(" ,.;:，、；：") + "…"


def wrap(value: str, limit: int = 18) -> list[str]:
    """`value` in lines of at most `limit` columns: at spaces in English, anywhere in Chinese."""
    lines, line = [], ""
    for word in value.split(" ") if " " in value else list(value):
        joined = f"{line} {word}" if line and " " in value else line + word
        if line and width(joined) > limit:
            lines.append(line)
            joined = word
        line = joined
    return [*lines, line] if line else lines
