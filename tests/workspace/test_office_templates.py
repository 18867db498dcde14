"""The firm's Office templates (.pptx, .docx): stored, read back, cleared, audited without their bytes, and refused
before any Office library parses them when too large, not a package, a ZIP bomb or unreadable."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from pptx import Presentation
from sqlalchemy import select

from assessment.storage.tables import AuditEntry
from assessment.workspace import office_templates
from assessment.workspace.core import WorkspaceError
from assessment.workspace.office_templates import clear_template, get_template, set_template, template_info


def pptx_file() -> bytes:
    output = io.BytesIO()
    Presentation().save(output)
    return output.getvalue()


def docx_file() -> bytes:
    output = io.BytesIO()
    Document().save(output)
    return output.getvalue()


def refused(call) -> WorkspaceError:
    with pytest.raises(WorkspaceError) as raised:
        call()
    return raised.value


def audit_entries(workspace, key: str) -> list[AuditEntry]:
    with workspace.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.key == key).order_by(AuditEntry.id)))


@pytest.mark.parametrize(("kind", "make"), [("pptx", pptx_file), ("docx", docx_file)])
def test_a_template_is_stored_read_back_and_cleared_with_audit(workspace, kind, make):
    assert get_template(workspace, kind) is None
    data = make()
    info = set_template(workspace, kind, data, "C:\\firm\\品牌模板." + kind, actor="lead")
    assert get_template(workspace, kind) == data
    assert info == template_info(workspace, kind)
    assert (info.name, info.size, info.updated_by) == (f"品牌模板.{kind}", len(data), "lead")
    other = "docx" if kind == "pptx" else "pptx"
    assert get_template(workspace, other) is None  # one setting per kind

    assert clear_template(workspace, kind, actor="lead") is True
    assert get_template(workspace, kind) is None
    assert template_info(workspace, kind) is None
    assert clear_template(workspace, kind, actor="lead") is False

    entries = audit_entries(workspace, f"template_{kind}")
    assert [entry.action for entry in entries] == ["set", "delete"]
    assert entries[0].after["size"] == len(data)
    assert entries[0].before is None
    assert "data" not in entries[0].after
    assert "data" not in entries[1].before
    assert entries[1].after is None


def test_a_file_over_the_limit_is_refused_by_its_size_naming_the_file(workspace, monkeypatch):
    monkeypatch.setattr(office_templates, "TEMPLATE_LIMIT", 1000)
    error = refused(lambda: set_template(workspace, "pptx", pptx_file(), "huge.pptx"))
    problem = error.problems[0]
    assert problem.code == "template_too_large"
    assert problem.file == "huge.pptx"
    assert "huge.pptx" in problem.render("en")
    assert "超过上限" in problem.render("zh")
    assert get_template(workspace, "pptx") is None


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7 not a presentation", "pptx"),
        (b"PK\x03\x04 truncated", "docx"),
    ],
)
def test_what_is_not_an_office_package_is_refused(workspace, data, kind):
    assert refused(lambda: set_template(workspace, kind, data, "x")).problems[0].code == "template_not_package"


def test_a_word_file_is_not_a_powerpoint_template(workspace):
    error = refused(lambda: set_template(workspace, "pptx", docx_file(), "report.docx"))
    assert error.problems[0].code == "template_not_package"
    assert "PowerPoint" in error.problems[0].render("en")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(workspace):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<p/>")
        package.writestr("ppt/media/zeros.bin", b"\0" * 80_000_000)  # 80 MB unpacked, ~80 KB packed
    data = output.getvalue()
    assert len(data) < office_templates.TEMPLATE_LIMIT
    error = refused(lambda: set_template(workspace, "pptx", data, "bomb.pptx"))
    assert error.problems[0].code == "template_unpacked"
    assert "bomb.pptx" in error.problems[0].render("zh")


def test_a_package_with_too_many_parts_is_refused(workspace, monkeypatch):
    monkeypatch.setattr(office_templates, "ENTRIES_LIMIT", 10)
    assert refused(lambda: set_template(workspace, "pptx", pptx_file(), "t.pptx")).problems[0].code == (
        "template_unpacked"
    )


def test_a_package_the_library_cannot_open_is_refused(workspace):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    error = refused(lambda: set_template(workspace, "docx", output.getvalue(), "broken.docx"))
    assert error.problems[0].code == "template_unreadable"
    assert get_template(workspace, "docx") is None


def test_a_refused_file_leaves_the_stored_template(workspace):
    data = pptx_file()
    set_template(workspace, "pptx", data, "firm.pptx")
    refused(lambda: set_template(workspace, "pptx", b"junk", "junk.pptx"))
    assert get_template(workspace, "pptx") == data


def test_an_unknown_kind_is_a_programming_error(workspace):
    with pytest.raises(ValueError, match="pptx or docx"):
        get_template(workspace, "xlsx")
