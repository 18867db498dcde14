"""An error nobody foresaw: the page shows a message in the user's language with a reference, the server's log has
the traceback under that reference, and the browser never sees a traceback, a file path or a value."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from assessment.storage.tables import Assessment
from assessment.workspace.core import Workspace
from tests.browser import eventually, settled

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", r"此页面出现意外错误（编号 ([0-9a-f]{8})）。此前已保存的内容不会丢失。"),
        ("en", r"Something went wrong on this page \(reference ([0-9a-f]{8})\)\. Nothing you saved before is lost\."),
    ],
)
def test_a_broken_page_shows_a_message_with_a_reference_and_logs_the_traceback(own_server, page, lang, message):
    workspace = Workspace(own_server.database_url)
    with workspace.transaction() as session:  # a stored questionnaire no version of the app could read
        session.execute(update(Assessment).values(questionnaire_snapshot={"processes": "not a list"}))
    workspace.dispose()
    own_server.start()
    page.goto(f"{own_server.url}/results?lang={lang}&a={own_server.demo_id}")
    shown = page.get_by_text(re.compile(message))
    expect(shown).to_be_visible(timeout=60_000)
    settled(page)
    reference = re.search(message, shown.inner_text()).group(1)
    body = page.locator("body").inner_text()
    for leak in ("Traceback", "ValidationError", 'File "', "/work/", "site-packages", "not a list"):
        assert leak not in body
    logged = eventually(lambda: reference in own_server.log.read_text(encoding="utf-8"), 30, "the reference logged")
    assert logged
    log = own_server.log.read_text(encoding="utf-8")
    assert f"unexpected error {reference}" in log
    assert "Traceback (most recent call last)" in log.split(f"unexpected error {reference}", 1)[1]
