"""The branding of reports (company name, logo, colours): one setting for the whole workspace."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import struct
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessment.workspace.core import Workspace

# The workspace's modules are imported where a workspace is read or written: the report, which needs only the
# Branding values, does without SQLAlchemy when it is made from files.

KEY = "branding"
LOGO_LIMIT = 1_000_000  # bytes: a logo, not a photo album
# pixels: read from the image's header before anything is decoded. A 657 KB PNG of 13000 x 13000 pixels
# decodes to 1.4 GB on every page and report that shows it.
LOGO_MAX_SIDE = 4096
LOGO_STORED_SIDE = 800  # the copy kept: the report prints the logo a few centimetres wide
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}  # raster only: SVG can carry script


@dataclass(frozen=True)
class Branding:
    """What the report shows of the firm that wrote it."""

    company: str = ""
    primary: str = "#1F3A5F"  # headings, cover band
    accent: str = "#C8102E"  # highlights, target lines
    logo: str = ""  # base64 of the image, empty for none
    logo_type: str = ""  # image/png or image/jpeg

    def logo_bytes(self) -> bytes:
        return base64.b64decode(self.logo) if self.logo else b""

    def logo_data_url(self) -> str:
        """The logo as a data: URL (the only kind of image the report fetches), or ""."""
        return f"data:{self.logo_type};base64,{self.logo}" if self.logo else ""


def logo_type(data: bytes, name: str | None = None) -> str:
    """The image type of a logo by its first bytes; a WorkspaceError (naming the file) unless PNG or JPEG within the
    size limits."""
    from assessment.problems import Problem
    from assessment.workspace.core import WorkspaceError

    def fail(code: str, **params) -> None:
        raise WorkspaceError([Problem(code, params, file=name)])

    if len(data) > LOGO_LIMIT:
        fail("logo_too_large", size=len(data), limit=LOGO_LIMIT)
    for magic, kind in LOGO_TYPES.items():
        # a PNG's first chunk must be its header (IHDR): a file merely starting with the signature is refused
        if data.startswith(magic) and (kind != "image/png" or data[12:16] == b"IHDR"):
            width, height = logo_dimensions(data)
            if max(width, height) > LOGO_MAX_SIDE:
                fail("logo_too_many_pixels", width=width, height=height, limit=LOGO_MAX_SIDE)
            return kind
    fail("logo_type")
    raise AssertionError  # fail() raises


def logo_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from the image's header, nothing decoded; (0, 0) when the header cannot be read.

    The PNG or JPEG reader is called directly: `Image.open` would warn about, or refuse, a big image before we can
    name its size.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    reader = PngImagePlugin.PngImageFile if data.startswith(b"\x89PNG") else JpegImagePlugin.JpegImageFile
    try:
        with reader(io.BytesIO(data)) as image:
            return image.size
    except (OSError, ValueError, SyntaxError, struct.error):
        return 0, 0


def logo_copy(data: bytes, kind: str, name: str | None = None) -> bytes:
    """The logo as kept: as given when it is at most LOGO_STORED_SIDE pixels on its long side, else a copy that
    size (same type, without metadata).

    Called on a logo within LOGO_MAX_SIDE (checked from its header first). A logo Pillow cannot decode is refused.
    """
    from PIL import Image

    from assessment.problems import Problem
    from assessment.workspace.core import WorkspaceError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            copy = image.copy()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise WorkspaceError([Problem("logo_type", file=name)]) from None
    if max(copy.size) <= LOGO_STORED_SIDE:
        return data
    copy.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
    output = io.BytesIO()
    if kind == "image/jpeg":
        copy.convert("RGB").save(output, format="JPEG", quality=90)
    else:
        copy.save(output, format="PNG", optimize=True)
    return output.getvalue()


def get_branding(workspace: Workspace) -> Branding:
    """The stored branding, or the default one."""
    from assessment.storage.tables import Setting

    with workspace.transaction() as session:
        setting = session.get(Setting, KEY)
        if setting is None or not isinstance(setting.value, dict):
            return Branding()
        known = {field: str(value) for field, value in setting.value.items() if field in Branding.__dataclass_fields__}
    branding = Branding(**known)
    if branding.logo and max(logo_dimensions(branding.logo_bytes())) > LOGO_MAX_SIDE:  # stored before the limit
        return replace(branding, logo="", logo_type="")
    return branding


def set_branding(
    workspace: Workspace,
    *,
    company: str | None = None,
    primary: str | None = None,
    accent: str | None = None,
    logo: bytes | None = None,
    logo_name: str | None = None,
    remove_logo: bool = False,
    actor: str = "",
) -> Branding:
    """Change what is given (checked first: all or nothing) and return the branding now in force."""
    from assessment.storage.tables import Setting, utcnow
    from assessment.workspace.core import audit, fail

    current = asdict(get_branding(workspace))
    new = dict(current)
    if company is not None:
        if len(company.strip()) > 200:
            fail("text_too_long", field="company", limit=200)
        new["company"] = company.strip()
    for field, value in (("primary", primary), ("accent", accent)):
        if value is not None:
            if not COLOUR.match(value.strip()):
                fail("colour_format", value=repr(value))
            new[field] = value.strip().upper()
    if remove_logo:
        new["logo"], new["logo_type"] = "", ""
    elif logo is not None:
        new["logo_type"] = logo_type(logo, logo_name)
        new["logo"] = base64.b64encode(logo_copy(logo, new["logo_type"], logo_name)).decode("ascii")
    if new == current:
        return Branding(**new)
    with workspace.transaction() as session:
        setting = session.get(Setting, KEY)
        if setting is None:
            session.add(Setting(key=KEY, value=new, updated_by=actor))
        else:
            setting.value, setting.updated_by, setting.updated_at = new, actor, utcnow()
        audit(session, None, actor, "set", "setting", KEY, before=_audited(current), after=_audited(new))
    return Branding(**new)


def _audited(values: dict[str, str]) -> dict[str, str]:
    """The branding as the audit log keeps it: the logo by its size and fingerprint, never the image."""
    shown = {field: value for field, value in values.items() if field != "logo"}
    if values.get("logo"):
        data = base64.b64decode(values["logo"])
        shown["logo"] = f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"
    return shown
