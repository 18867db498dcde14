"""The settings page: the interface language, the signed-in account the audit log names, the branding of reports."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assessment.storage.tables import AuditEntry
from assessment.workspace.branding import get_branding
from tests.app.conftest import APP, TIMEOUT, start


def png(colour: str = "#1F3A5F") -> bytes:
    """A small PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def save(app) -> None:
    next(button for button in app.button if button.label in ("保存品牌设置", "Save branding")).click().run()


def test_switching_the_language_to_english_changes_the_titles(empty_db):
    app = start("settings")
    assert app.title[0].value == "设置"
    assert [header.value for header in app.subheader] == ["个人", "报告品牌", "安装信息"]
    app.radio(key="settings_lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Settings"
    assert [header.value for header in app.subheader] == ["You", "Branding of reports", "Installation"]
    assert app.radio(key="app_lang_pick").label == "Language"  # the sidebar follows
    assert app.session_state["app_lang"] == "en"


def test_branding_is_saved_under_the_users_name_and_shown_again_in_a_fresh_session(empty_db):
    app = start("settings", user="王芳")
    app.text_input(key="settings_company").input("华信咨询")
    app.color_picker(key="settings_primary").pick("#112233")
    app.file_uploader[0].set_value(("logo.png", png(), "image/png"))
    save(app)
    assert not app.exception
    assert not app.error
    stored = get_branding(empty_db.workspace)
    assert (stored.company, stored.primary, stored.accent, stored.logo_type) == (
        "华信咨询",
        "#112233",
        "#C8102E",
        "image/png",
    )
    with empty_db.workspace.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.key == "branding")).one()
        assert entry.actor == "王芳"

    fresh = start("settings", lang="en")
    assert fresh.text_input(key="settings_company").value == "华信咨询"
    assert fresh.color_picker(key="settings_primary").value == "#112233"
    assert [image.captions for image in fresh.get("image")] == [["Logo in use"]]
    fresh.button(key="settings_remove_logo").click().run()
    assert fresh.get("image") == []
    assert get_branding(empty_db.workspace).logo == ""


def test_a_file_that_is_no_png_shows_the_problem_and_changes_nothing(empty_db):
    app = start("settings")
    app.text_input(key="settings_company").input("华信咨询")
    app.file_uploader[0].set_value(("logo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png"))
    save(app)
    assert not app.exception
    assert [error.value for error in app.error] == ["logo.png: 标志必须是 PNG 或 JPEG 图片"]
    assert app.text_input(key="settings_company").value == "华信咨询"  # what was typed stays, to correct the logo
    assert get_branding(empty_db.workspace).company == ""


def test_an_address_naming_a_user_changes_nothing_changes_are_the_signed_in_accounts(empty_db):
    reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)  # an old bookmark: ?user= named the audit's user
    reloaded.session_state["test_signed_in_as"] = "王芳"
    reloaded.query_params["user"] = "Mallory"
    reloaded.query_params["lang"] = "en"
    reloaded.run()
    reloaded.switch_page("app_pages/settings.py").run()
    assert "user" not in reloaded.query_params
    assert any("Signed in as **王芳**" in text.value for text in reloaded.markdown)
    reloaded.text_input(key="settings_company").input("华信咨询")
    save(reloaded)
    with empty_db.workspace.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.key == "branding")).one()
        assert entry.actor == "王芳"


def test_the_firms_office_templates_are_uploaded_shown_and_removed(empty_db):
    from assessment.workspace.office_templates import get_template
    from tests.report.deck_helpers import named_template

    app = start("settings", user="王芳", lang="en")
    uploads = {uploader.label.split(",")[0]: uploader for uploader in app.file_uploader}
    pptx = uploads["PowerPoint template for the steering-committee deck (.pptx)"]
    pptx.set_value(("公司模板.pptx", named_template("Firm"), "application/octet-stream")).run()
    assert not app.exception
    assert not app.error
    assert get_template(empty_db.workspace, "pptx") == named_template("Firm")
    assert any("In use: 公司模板.pptx" in caption.value and "王芳" in caption.value for caption in app.caption)
    with empty_db.workspace.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.key == "template_pptx")).one()
        assert entry.actor == "王芳"

    word = next(uploader for uploader in app.file_uploader if uploader.label.startswith("Word template"))
    word.set_value(("report.docx", b"not a Word file", "application/octet-stream")).run()
    assert [error.value for error in app.error] == [
        "report.docx: the file is not a Word (.docx) file (save it from PowerPoint or Word as .pptx or .docx)"
    ]
    assert get_template(empty_db.workspace, "docx") is None

    app.button(key="settings_remove_template_pptx").click().run()
    assert get_template(empty_db.workspace, "pptx") is None
    assert not [button for button in app.button if button.key == "settings_remove_template_pptx"]
