"""The charts' cache: each chart exported once, kept on disk and read back for the next report that draws it.

A chart's picture is a function of its figure (the Plotly JSON, with the print size and font set), the export's
options (format, size, scale) and what draws it: Plotly's and kaleido's versions (plotly.js comes with Plotly), the
browser's binary and the fonts installed. The key is a SHA-256 of all of these, so a changed chart, a new version or
new fonts is a new entry, never a stale picture. An entry holds a SHA-256 of its bytes and is written to a temporary
file then renamed: a torn or altered entry is ignored, removed and exported again. The folder is private (0700) and
used only when it is the user's own; it is kept under LIMIT bytes, the least recently used entries going first.

Where: $MATURITYMAP_CHART_CACHE, else $XDG_CACHE_HOME/maturitymap/charts, else ~/.cache/maturitymap/charts;
MATURITYMAP_CHART_CACHE=off turns it off. Deleting the folder clears it (docs/cli.md, "The charts' cache").
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path

from plotly.io.json import to_json_plotly

LOGGER = logging.getLogger(__name__)
VARIABLE = "MATURITYMAP_CHART_CACHE"
OFF = ("", "0", "off", "no", "none", "false")
LIMIT = 64 * 1024 * 1024  # bytes; a report's charts take ~0.5 MB (SVG) to ~2 MB (the Word report's PNG)
HEADER = b"maturitymap-chart 1 "  # then the SHA-256 of the body in hex and a newline
SIGNATURES = {"svg": (b"<svg", b"<?xml"), "png": (b"\x89PNG\r\n\x1a\n",)}
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def folder() -> Path | None:
    """The cache's folder (made, private), or None when the cache is off or no folder of the user's own can be had."""
    chosen = os.environ.get(VARIABLE)
    if chosen is not None and chosen.strip().lower() in OFF:
        return None
    if chosen:
        path = Path(chosen).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "maturitymap" / "charts"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.stat().st_uid != os.getuid():  # another user's folder: its entries would end up in our reports
            LOGGER.warning("the chart cache %s belongs to another user: not used", path)
            return None
    except OSError:
        LOGGER.info("no chart cache at %s", path, exc_info=True)
        return None
    return path


def holds_charts() -> bool:
    """Whether the cache is on and holds any chart (then a report may need no browser at all)."""
    where = folder()
    if where is None:
        return False
    try:
        return any(entry.name.endswith((".svg", ".png")) for entry in os.scandir(where))
    except OSError:
        return False


def key(figure: dict, opts: dict, browser: str) -> str:
    """The entry's name: a hash of the figure, the export's options and what draws the picture (`browser`: the
    binary kaleido starts when BROWSER_PATH does not name another)."""
    digest = hashlib.sha256(_drawn_by(os.environ.get("BROWSER_PATH") or browser).encode())
    digest.update(json.dumps(opts, sort_keys=True).encode())
    digest.update(to_json_plotly(figure).encode())
    return digest.hexdigest()


@functools.cache
def _drawn_by(browser: str) -> str:
    """Plotly's and kaleido's versions, the browser's binary and the installed fonts, as one text (once a process)."""
    parts = []
    for package in ("plotly", "kaleido", "choreographer"):
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} -")
    parts.append(_stat(Path(browser).resolve()))
    parts.extend(_fonts())
    return "\n".join(parts)


def _fonts() -> list[str]:
    """The font folders' state (every folder's modification time: adding or removing a font changes its folder's)."""
    states = []
    for root in FONT_FOLDERS:
        for path, folders, _ in os.walk(Path(root).expanduser()):
            folders.sort()
            states.append(_stat(Path(path)))
    return states


def _stat(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return f"{path} -"
    return f"{path} {info.st_size} {info.st_mtime_ns}"


def get(name: str, fmt: str) -> bytes | None:
    """The chart of that key, or None when missing, unreadable or not intact (a bad entry is removed)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.{fmt}"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, newline, body = data.partition(b"\n")
    intact = (
        newline
        and head == HEADER + hashlib.sha256(body).hexdigest().encode()
        and body.lstrip().startswith(SIGNATURES.get(fmt, (b"",)))
    )
    if not intact:
        LOGGER.warning("a damaged chart in the cache was removed: %s", path)
        path.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return body


def put(name: str, fmt: str, body: bytes) -> None:
    """Keep a chart (whole or not at all: written to a temporary file, then renamed); failures are only logged."""
    where = folder()
    if where is None:
        return
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(dir=where, prefix=".part-", delete=False) as handle:
            temporary = handle.name
            handle.write(HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(temporary, where / f"{name}.{fmt}")
    except OSError:
        LOGGER.info("a chart could not be kept in the cache %s", where, exc_info=True)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return
    prune(where)


def prune(where: Path, limit: int = LIMIT) -> None:
    """Remove the least recently used entries until the folder holds at most three quarters of `limit`."""
    entries = []
    with contextlib.suppress(OSError):  # a file gone meanwhile: the cache is only a shortcut
        for entry in os.scandir(where):
            if entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                entries.append((info.st_mtime_ns, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries):
        if total <= limit * 3 // 4:
            break
        with contextlib.suppress(OSError):  # a file gone meanwhile: the cache is only a shortcut
            os.unlink(path)
            total -= size
