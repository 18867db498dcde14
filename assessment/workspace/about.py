"""What the settings page tells about the installation: the version, and the database in use (never a password)."""

from __future__ import annotations

import platform
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from assessment.storage.database import current_revision, head_revision
from assessment.workspace.core import Workspace

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class DatabaseInfo:
    """The kind of database and where it is: a SQLite file's path, or a server's host, port and database name."""

    kind: str  # sqlite, postgresql or the URL's dialect
    location: str
    user: str = ""


def database_info(url: str) -> DatabaseInfo:
    """The database a URL names, without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return DatabaseInfo("unknown", "")
    kind = parsed.get_backend_name()
    if kind == "sqlite":
        return DatabaseInfo("sqlite", parsed.database or ":memory:")
    host = parsed.host or str(parsed.query.get("host") or "") or "localhost"
    port = parsed.port or parsed.query.get("port")
    location = f"{host}:{port}" if port else host
    return DatabaseInfo(kind, f"{location} / {parsed.database or ''}".rstrip(" /"), parsed.username or "")


def app_version() -> str:
    """MaturityMap's version from pyproject.toml (or the installed package)."""
    try:
        with (ROOT / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        try:
            return metadata.version("maturitymap")
        except metadata.PackageNotFoundError:
            return "unknown"


def versions(workspace: Workspace) -> dict[str, str]:
    """The versions that matter when reporting a problem: the app, the database schema, Python, main libraries."""
    found = {"MaturityMap": app_version()}
    schema = current_revision(workspace.engine) or "-"
    head = head_revision() or "-"
    found["schema"] = schema if schema == head else f"{schema} (latest {head})"
    found["Python"] = platform.python_version()
    for package in ("streamlit", "pandas", "plotly", "sqlalchemy", "weasyprint"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found
