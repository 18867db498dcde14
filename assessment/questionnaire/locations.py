"""Where each part of a (merged) questionnaire came from: file and line, and a readable path."""

from __future__ import annotations

from typing import Any

Path_ = tuple
SHOWN_CHARS = 80  # a value quoted in a message is cut to this length: a message stays one readable line


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text`, or its start and an ellipsis when it is longer than `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Locator:
    """Maps paths into the merged questionnaire data to (file, line) and to readable names."""

    def __init__(self, data: Any, places: dict[Path_, tuple[str, int]], root_file: str):
        self.data = data
        self.places = places
        self.root_file = root_file

    def at(self, path: Path_) -> tuple[str, int | None]:
        """File and line of the longest known prefix of `path`."""
        for end in range(len(path), -1, -1):
            place = self.places.get(tuple(path[:end]))
            if place is not None:
                return place
        return self.root_file, None

    def describe(self, path: Path_) -> str | None:
        """A readable path such as processes[change].items[CHG-1-01].level."""
        text = ""
        node: Any = self.data
        for part in path:
            if isinstance(part, int) and isinstance(node, list):
                element = node[part] if 0 <= part < len(node) else None
                ident = element.get("id") if isinstance(element, dict) else None
                text += f"[{shorten(ident)}]" if isinstance(ident, str) and ident else f"[{part}]"
                node = element
            else:
                text += f".{shorten(str(part))}" if text else shorten(str(part))
                node = node.get(part) if isinstance(node, dict) else None
        return text or None

    def first(self, path: Path_) -> str:
        """`file:line` of a path, for messages that point back to an earlier place."""
        file, line = self.at(path)
        return f"{file}:{line}" if line is not None else file
