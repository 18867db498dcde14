"""The Findings and recommendations page: a consultant writes, saves and sees the text stored and previewed, and
brings the generated text back; a viewer reads and cannot save."""

from __future__ import annotations

from assessment.accounts import memberships, users
from assessment.workspace.consultant_texts import consultant_texts, save_consultant_text
from assessment.workspace.queries import audit_of
from tests.app.conftest import shown, start
from tests.signed_in import PASSWORD, username_for

KEY = "findings_1_{scope}_{kind}"
TEXT = "变更审批**不统一**。\n\n- 无 CAB\n- 无回顾 <script>"


def button(app, key: str):
    return next(found for found in app.button if found.key == key)


def test_a_consultant_writes_saves_and_restores_the_generated_text(demo_db):
    app = start("findings", assessment=demo_db.demo_id, user="顾问甲")
    assert not app.exception
    assert app.title[0].value == "结论与建议"
    subheaders = [header.value for header in app.subheader]
    assert subheaders[:2] == ["执行摘要", "事件管理"]
    key = KEY.format(scope="summary", kind="findings")
    generated = [info.value for info in app.info]
    assert any("本次评估覆盖" in value for value in generated)  # the summary's generated paragraph, until written

    app.text_area(key=key).input(TEXT)
    button(app, f"{key}_save").click().run()
    assert not app.exception
    assert not app.error
    stored = consultant_texts(demo_db.workspace, demo_db.demo_id)[("summary", "findings")]
    assert (stored.text, stored.updated_by) == (TEXT, "顾问甲")
    log = audit_of(demo_db.workspace, demo_db.demo_id, entity="consultant text")
    assert log[["actor", "action", "key"]].values.tolist()[0] == ["顾问甲", "set", "summary/findings"]
    assert not any("本次评估覆盖" in info.value for info in app.info)  # the written text stands instead
    previews = [shown(markdown.value) for markdown in app.markdown]
    assert "变更审批**不统一**。\n\n- 无 CAB\n- 无回顾 <script>" in previews  # bold and a list; the rest escaped
    assert any("\\<script\\>" in markdown.value for markdown in app.markdown)

    start_again = start("findings", assessment=demo_db.demo_id, user="顾问甲")  # another session reads it back
    assert start_again.text_area(key=key).value == TEXT

    button(app, f"{key}_restore").click().run()
    assert not app.exception
    assert app.text_area(key=key).value == ""
    assert consultant_texts(demo_db.workspace, demo_db.demo_id) == {}
    assert any("本次评估覆盖" in info.value for info in app.info)


def test_a_text_for_a_process_is_stored_under_that_process(demo_db):
    app = start("findings", lang="en", assessment=demo_db.demo_id, user="顾问甲")
    key = KEY.format(scope="change", kind="recommendations")
    app.text_area(key=key).input("1. Weekly CAB\n2. Minutes")
    button(app, f"{key}_save").click().run()
    assert not app.exception
    written = consultant_texts(demo_db.workspace, demo_db.demo_id)
    assert list(written) == [("change", "recommendations")]
    assert written["change", "recommendations"].text == "1. Weekly CAB\n2. Minutes"


def test_a_viewer_reads_the_text_and_cannot_save(demo_db):
    save_consultant_text(demo_db.workspace, demo_db.demo_id, "summary", "recommendations", "Set up a **CAB**", "王顾问")
    users.add_user(demo_db.workspace, username_for("董事会"), actor="t", display_name="董事会", password=PASSWORD)
    memberships.grant(demo_db.workspace, demo_db.demo_id, username_for("董事会"), "viewer", actor="t")
    app = start("findings", assessment=demo_db.demo_id, user="董事会")
    assert not app.exception
    key = KEY.format(scope="summary", kind="recommendations")
    assert app.text_area(key=key).value == "Set up a **CAB**"
    assert app.text_area(key=key).disabled
    assert button(app, f"{key}_save").disabled
    assert button(app, f"{key}_restore").disabled
    assert any("由本评估的顾问撰写" in info.value for info in app.info)
    assert "Set up a **CAB**" in [markdown.value for markdown in app.markdown]  # the preview
