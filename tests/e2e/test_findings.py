"""The consultant writes the executive summary's findings in a real browser: saved, previewed as the report lays
it out, then the generated text brought back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.workspace.consultant_texts import consultant_texts
from assessment.workspace.core import Workspace
from tests.browser import eventually, settled

pytestmark = pytest.mark.e2e

TEXT = "Approvals differ by unit: **no CAB** yet.\n\n- weekly CAB\n- one change record <b>now</b>"


def test_write_save_preview_and_restore_the_summary_findings(server, page):
    workspace = Workspace(server.database_url)
    page.goto(f"{server.url}/findings?lang=en&a={server.demo_id}")
    expect(page.get_by_role("heading", name="Findings and recommendations", exact=True)).to_be_visible(timeout=60_000)
    settled(page)
    summary = page.get_by_test_id("stMain")  # the summary's box comes first: its text area and buttons are the first
    generated = summary.get_by_text("processes were assessed by", exact=False)  # the summary's, until written
    expect(generated).to_be_visible()

    summary.get_by_role("textbox", name="Findings").first.fill(TEXT)
    summary.get_by_role("button", name="Save").first.click()
    written = eventually(
        lambda: consultant_texts(workspace, server.demo_id).get(("summary", "findings")), what="the text stored"
    )
    assert written.text == TEXT
    expect(generated).to_be_hidden(timeout=60_000)  # the written text stands instead
    settled(page)
    summary.get_by_text("Preview as in the report").first.click()
    expect(summary.locator("strong", has_text="no CAB").first).to_be_visible()
    expect(summary.locator("li", has_text="one change record <b>now</b>")).to_be_visible()  # shown as typed
    assert summary.locator("b", has_text="now").count() == 0

    summary.get_by_role("button", name="Restore generated text").first.click()
    eventually(
        lambda: ("summary", "findings") not in consultant_texts(workspace, server.demo_id) or None,
        what="the text removed",
    )
    expect(generated).to_be_visible(timeout=60_000)
    workspace.dispose()
