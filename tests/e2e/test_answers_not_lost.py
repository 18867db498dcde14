"""Answers are not lost in a real browser: not when the server goes away between a click and its save, not when a
typed comment would be lost to a reload."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of
from tests.browser import eventually, settled

pytestmark = pytest.mark.e2e

PERSON = "李明"  # a demo process owner who has answered no change management item


def open_interview(page, server, lang: str = "en") -> None:
    page.goto(f"{server.url}/interview?lang={lang}&a={server.demo_id}&r={quote(PERSON)}&p=change")
    expect(page.get_by_test_id("stMain").get_by_role("radiogroup").first).to_be_visible(timeout=60_000)
    settled(page)


def test_an_answer_clicked_as_the_server_dies_is_saved_by_the_server_that_replaces_it(own_server, page):
    """The click reaches the browser, never the server (frozen, then killed). The browser reconnects to a new server
    on the same port and asks for a run at once (app_pages/browser_guards.js); that session's first run saves what
    the browser shows, and says so."""
    own_server.start()
    workspace = Workspace(own_server.database_url)
    open_interview(page, own_server)
    first = page.get_by_test_id("stMain").get_by_role("radiogroup").first
    own_server.freeze()
    first.get_by_text("Not applicable").click()
    expect(first.get_by_role("radio", name="Not applicable")).to_be_checked()  # shown as given
    own_server.kill()
    assert answers_of(workspace, own_server.demo_id, PERSON).get("CHG-1-01") is None  # and never saved
    own_server.start()  # same port, same database: the browser reconnects by itself
    saved = eventually(lambda: answers_of(workspace, own_server.demo_id, PERSON).get("CHG-1-01"), 90, "the answer")
    assert saved["answer"] == "na"
    expect(page.get_by_text("Saved what your browser showed but the server had not received")).to_be_visible()
    workspace.dispose()


def test_closing_the_tab_asks_before_it_loses_a_comment_typed_but_not_yet_applied(server, page):
    open_interview(page, server)
    # the comment box of the first item by its id, not the page's first box: a late redraw can put another there
    card = page.get_by_test_id("stMain").get_by_test_id("stVerticalBlock")
    card = card.filter(has=page.locator("strong", has_text=re.compile("^CHG-1-01$")))
    comment = card.filter(has=page.get_by_role("textbox", name="Comment")).last.get_by_role("textbox", name="Comment")
    comment.click()
    comment.press_sequentially("seen in the CAB minutes")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)  # as closing the tab (or reloading) would
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay on the page
    expect(comment).to_have_value("seen in the CAB minutes")  # still there, to be applied
    assert not page.is_closed()

    page.get_by_role("heading", name="Interview").click()  # leaving the field applies it
    workspace = Workspace(server.database_url)
    stored = eventually(lambda: answers_of(workspace, server.demo_id, PERSON).get("CHG-1-01"), 60, "the comment")
    assert stored["comment"] == "seen in the CAB minutes"
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.type))
    with page.expect_event("close"):
        page.close(run_before_unload=True)  # nothing typed is left unapplied: no question
    assert dialogs == []
    workspace.dispose()
