"""The branding of reports: checked all or nothing, raster logos only, audited without the image."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image
from sqlalchemy import select

from assessment.storage.tables import AuditEntry
from assessment.workspace.branding import LOGO_LIMIT, Branding, get_branding, set_branding
from assessment.workspace.core import WorkspaceError


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), "#C8102E").save(buffer, format=kind)
    return buffer.getvalue()


def refused(call) -> str:
    with pytest.raises(WorkspaceError) as raised:
        call()
    return raised.value.problems[0].code


def audit_entries(workspace) -> list[AuditEntry]:
    with workspace.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.key == "branding").order_by(AuditEntry.id)))


def test_the_default_branding_until_one_is_set(workspace):
    assert get_branding(workspace) == Branding()
    assert get_branding(workspace).logo_data_url() == ""


def test_company_colours_and_logo_are_stored_and_read_back(workspace):
    logo = image("PNG")
    returned = set_branding(workspace, company="  华信咨询 ", primary="#1f3a5f", accent="#00aa11", logo=logo)
    stored = get_branding(workspace)
    assert stored == returned
    assert (stored.company, stored.primary, stored.accent) == ("华信咨询", "#1F3A5F", "#00AA11")
    assert (stored.logo_bytes(), stored.logo_type) == (logo, "image/png")
    assert stored.logo_data_url().startswith("data:image/png;base64,")

    set_branding(workspace, company="Acme")  # what is not given stays
    assert get_branding(workspace).logo_bytes() == logo
    set_branding(workspace, logo=image("JPEG"))
    assert get_branding(workspace).logo_type == "image/jpeg"
    set_branding(workspace, remove_logo=True)
    assert (get_branding(workspace).logo, get_branding(workspace).logo_type) == ("", "")
    assert get_branding(workspace).company == "Acme"


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#GGGGGG", "1F3A5F", ""])
def test_a_bad_colour_is_refused_and_nothing_of_the_call_is_stored(workspace, colour):
    assert refused(lambda: set_branding(workspace, company="Acme", accent=colour)) == "colour_format"
    assert get_branding(workspace) == Branding()


def test_an_oversized_logo_is_refused(workspace):
    too_large = image("PNG") + b"\0" * LOGO_LIMIT
    assert refused(lambda: set_branding(workspace, logo=too_large)) == "logo_too_large"
    assert get_branding(workspace).logo == ""


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"\x89PNG\r\n\x1a\n",  # a PNG's signature and nothing of an image
        b"",
    ],
    ids=["svg", "svg-xml", "gif", "signature-only", "empty"],
)
def test_only_png_and_jpeg_images_are_logos(workspace, data):
    assert refused(lambda: set_branding(workspace, logo=data)) == "logo_type"


def test_a_company_name_over_200_characters_is_refused(workspace):
    assert refused(lambda: set_branding(workspace, company="x" * 201)) == "text_too_long"


def test_a_change_is_audited_with_its_author_without_the_image_bytes(workspace):
    logo = image("PNG")
    set_branding(workspace, company="华信咨询", logo=logo, actor="王芳")
    set_branding(workspace, company="华信咨询", actor="王芳")  # no change: no entry
    set_branding(workspace, primary="#000000", actor="李娜")
    entries = audit_entries(workspace)
    assert [(entry.actor, entry.entity, entry.assessment_id) for entry in entries] == [
        ("王芳", "setting", None),
        ("李娜", "setting", None),
    ]
    first = entries[0]
    assert first.after["company"] == "华信咨询"
    assert first.after["logo"].startswith(f"{len(logo)} bytes, sha256 ")
    assert first.before == {"company": "", "primary": "#1F3A5F", "accent": "#C8102E", "logo_type": ""}
    assert (entries[1].before["primary"], entries[1].after["primary"]) == ("#1F3A5F", "#000000")
    logged = json.dumps([entry.before for entry in entries] + [entry.after for entry in entries])
    assert base64.b64encode(logo).decode("ascii")[:40] not in logged


def test_a_big_logo_is_kept_as_a_copy_800_pixels_wide(workspace):
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 1000), "#1F3A5F").save(buffer, format="PNG")
    set_branding(workspace, logo=buffer.getvalue(), logo_name="wide.png")
    with Image.open(io.BytesIO(get_branding(workspace).logo_bytes())) as kept:
        assert (kept.size, kept.format) == ((800, 200), "PNG")


def test_a_logo_over_4096_pixels_is_refused_from_its_header_and_named(workspace, tmp_path):
    buffer = io.BytesIO()
    Image.new("L", (4097, 8)).save(buffer, format="JPEG")
    with pytest.raises(WorkspaceError) as raised:
        set_branding(workspace, logo=buffer.getvalue(), logo_name="tall.jpg")
    assert raised.value.problems[0].render() == (
        "tall.jpg: the logo is 4097 x 8 pixels, more than the limit of 4096 on either side"
    )
    assert get_branding(workspace).logo == ""


def test_a_huge_logo_stored_before_the_limit_is_no_longer_shown(workspace, tmp_path):
    from assessment.storage.tables import Setting
    from tests.robustness.audit_files import png_bomb

    bomb = base64.b64encode(png_bomb(tmp_path / "bomb.png").read_bytes()).decode("ascii")
    with workspace.transaction() as session:
        session.add(Setting(key="branding", value={"company": "华信", "logo": bomb, "logo_type": "image/png"}))
    assert (get_branding(workspace).company, get_branding(workspace).logo) == ("华信", "")
