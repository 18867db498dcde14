"""The firm's own Office templates: a .pptx for the steering-committee deck and a .docx for the Word report.

One workspace setting per kind (key "template_pptx" / "template_docx"), under the branding: the file's name, size,
fingerprint and its bytes (base64). A file is checked before anything parses it: its size (TEMPLATE_LIMIT), that it is
a ZIP package of the right kind with at most ENTRIES_LIMIT parts unpacking to at most UNPACKED_LIMIT bytes, and then
that python-pptx or python-docx opens it. Every change is audited by the file's name, size and fingerprint, never its
bytes. The writers take the bytes (`get_template`); a template they cannot use is replaced by their default.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assessment.workspace.core import Workspace

KINDS = ("pptx", "docx")
TEMPLATE_LIMIT = 10_000_000  # bytes: a template with a few masters and pictures, not a photo album
UNPACKED_LIMIT = 60_000_000  # bytes of all its parts unpacked
ENTRIES_LIMIT = 2_000  # parts in the package
MAIN_PART = {"pptx": "ppt/presentation.xml", "docx": "word/document.xml"}
KIND_NAMES = {"pptx": "PowerPoint (.pptx)", "docx": "Word (.docx)"}


@dataclass(frozen=True)
class TemplateInfo:
    """What the Settings page shows of a stored template."""

    kind: str
    name: str
    size: int
    sha256: str
    updated_by: str


def _key(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}; choose pptx or docx")
    return f"template_{kind}"


def _stored(workspace: Workspace, kind: str) -> tuple[dict[str, Any] | None, str]:
    from assessment.storage.tables import Setting

    with workspace.transaction() as session:
        setting = session.get(Setting, _key(kind))
        if setting is None or not isinstance(setting.value, dict) or not setting.value.get("data"):
            return None, ""
        return dict(setting.value), setting.updated_by


def get_template(workspace: Workspace, kind: str) -> bytes | None:
    """The firm's template of `kind` ("pptx" or "docx"), or None when none is stored."""
    value, _ = _stored(workspace, kind)
    if value is None:
        return None
    try:
        return base64.b64decode(value["data"], validate=True)
    except (ValueError, TypeError):
        return None


def template_info(workspace: Workspace, kind: str) -> TemplateInfo | None:
    """The stored template's name, size, fingerprint and who stored it; None when none is stored."""
    value, who = _stored(workspace, kind)
    if value is None:
        return None
    return TemplateInfo(kind, str(value.get("name", "")), int(value.get("size", 0)), str(value.get("sha256", "")), who)


def check_template(kind: str, data: bytes, name: str | None = None) -> None:
    """Refuse (a WorkspaceError naming the file) a template that is too large, not a package of `kind`, too large
    unpacked, or that python-pptx / python-docx cannot open."""
    from assessment.problems import Problem
    from assessment.workspace.core import WorkspaceError

    _key(kind)
    shown = KIND_NAMES[kind]

    def fail(code: str, **params: Any) -> None:
        raise WorkspaceError([Problem(code, {"kind": shown, **params}, file=name)])

    if len(data) > TEMPLATE_LIMIT:
        fail("template_too_large", size=len(data), limit=TEMPLATE_LIMIT)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, OSError):
        fail("template_not_package")
        raise AssertionError from None  # fail() raises
    if len(entries) > ENTRIES_LIMIT or unpacked > UNPACKED_LIMIT:
        fail("template_unpacked", size=unpacked, entries=len(entries), limit=UNPACKED_LIMIT, most=ENTRIES_LIMIT)
    if MAIN_PART[kind] not in names or "[Content_Types].xml" not in names:
        fail("template_not_package")
    try:
        _open(kind, data)
    except Exception as error:  # whatever the library says: the file is not one it can use
        fail("template_unreadable", reason=type(error).__name__)


def _open(kind: str, data: bytes) -> None:
    if kind == "pptx":
        from pptx import Presentation

        Presentation(io.BytesIO(data))
    else:
        from docx import Document

        Document(io.BytesIO(data))


def set_template(
    workspace: Workspace, kind: str, data: bytes, name: str | None = None, actor: str = ""
) -> TemplateInfo:
    """Store the firm's template of `kind` (checked first; nothing is stored when it is refused), audited."""
    from assessment.storage.tables import Setting, utcnow
    from assessment.workspace.core import audit

    check_template(kind, data, name)
    before, _ = _stored(workspace, kind)
    shown_name = (name or f"template.{kind}").replace("\\", "/").rsplit("/", 1)[-1][:200]
    value = {
        "name": shown_name,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": base64.b64encode(data).decode("ascii"),
    }
    with workspace.transaction() as session:
        setting = session.get(Setting, _key(kind))
        if setting is None:
            session.add(Setting(key=_key(kind), value=value, updated_by=actor))
        else:
            setting.value, setting.updated_by, setting.updated_at = value, actor, utcnow()
        audit(session, None, actor, "set", "setting", _key(kind), before=_audited(before), after=_audited(value))
    return TemplateInfo(kind, shown_name, len(data), value["sha256"], actor)


def clear_template(workspace: Workspace, kind: str, actor: str = "") -> bool:
    """Remove the firm's template of `kind` (the default is used again); False when there was none."""
    from assessment.storage.tables import Setting
    from assessment.workspace.core import audit

    with workspace.transaction() as session:
        setting = session.get(Setting, _key(kind))
        if setting is None:
            return False
        before = setting.value if isinstance(setting.value, dict) else None
        session.delete(setting)
        audit(session, None, actor, "delete", "setting", _key(kind), before=_audited(before), after=None)
    return True


def _audited(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A template as the audit log keeps it: name, size and fingerprint, never the file."""
    if not value:
        return None
    return {field: value.get(field) for field in ("name", "size", "sha256")}
