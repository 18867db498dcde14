"""An answer on the Interview page redraws its item's card and the progress bars only (fragments): in a real browser
the progress counts it at once, the rest of the page stays as it was, and a reload shows the same."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of
from tests.browser import eventually, settled

pytestmark = pytest.mark.e2e

PERSON = "李明"  # a demo process owner who has answered no change management item (on this module's own server)


def progress(page, process: str):
    return page.get_by_test_id("stMain").get_by_text(re.compile(rf"^{process} · \d+/\d+$"))


def test_an_answer_counts_in_the_progress_at_once_and_the_page_keeps_the_rest(module_server, page):
    server = module_server
    workspace = Workspace(server.database_url)
    before = answers_of(workspace, server.demo_id, PERSON)
    page.goto(f"{server.url}/interview?lang=en&a={server.demo_id}&r={quote(PERSON)}&p=change")
    groups = page.get_by_test_id("stMain").get_by_role("radiogroup")
    expect(groups.first).to_be_visible(timeout=60_000)
    settled(page)
    shown = progress(page, "Change management").inner_text()
    answered, total = map(int, shown.rsplit(" · ", 1)[1].split("/"))
    count = groups.count()
    item = page.get_by_test_id("stMain").locator("strong").filter(has_text=re.compile(r"^CHG-\d+-\d+$")).first
    item = item.inner_text()  # the first card's item
    first = groups.first
    label = "Not applicable" if before.get(item, {}).get("answer") != "na" else "Don't know"
    first.get_by_text(label).click()

    again = answered if item in before else answered + 1
    expect(progress(page, "Change management")).to_have_text(f"Change management · {again}/{total}")
    settled(page)
    expect(first.get_by_role("radio", name=label)).to_be_checked()
    assert groups.count() == count  # every item still there
    stored = eventually(lambda: answers_of(workspace, server.demo_id, PERSON).get(item), 30, "the answer")
    assert stored["answer"] == ("na" if label == "Not applicable" else "unknown")

    page.reload()
    expect(progress(page, "Change management")).to_have_text(f"Change management · {again}/{total}", timeout=60_000)
    expect(groups.first.get_by_role("radio", name=label)).to_be_checked()
    workspace.dispose()
