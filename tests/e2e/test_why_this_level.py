"""Results in a real browser: the advice and the rule show the process now chosen, never the previous one's.

A browser keeps what a widget showed unless the server tells it otherwise; AppTest has no browser, so the level
shown after a change of process is checked here.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.analysis.scored import score_assessment
from assessment.workspace.core import Workspace
from tests.browser import choose, selectbox, settled

pytestmark = pytest.mark.e2e

RATINGS = {"N": "Not achieved", "P": "Partially achieved", "L": "Largely achieved", "F": "Fully achieved"}


def test_switching_the_process_shows_a_level_of_the_new_process_and_its_items(server, page):
    workspace = Workspace(server.database_url)
    result = score_assessment(workspace, server.demo_id).result
    workspace.dispose()
    levels = result.processes.set_index("process")["level"]
    rating = result.levels.set_index(["process", "level"])["rating"]
    # the items of the level chosen (a grid's a11y table; the ticket data's verdicts, a grid too, have no dimension)
    items = page.locator("table").filter(has_text="Practice").filter(has_text="Dimension")

    def option(process: str, level: int) -> str:
        return f"Level {level} · {rating[(process, level)]} {RATINGS[rating[(process, level)]]}"

    def first_item(process: str, level: int) -> str:
        return result.items.loc[(result.items["process"] == process) & (result.items["level"] == level), "item"].iloc[0]

    page.goto(f"{server.url}/results?lang=en&a={server.demo_id}")
    expect(page.get_by_role("heading", name="The next level, and why this level")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stPlotlyChart").last.locator(".main-svg").first).to_be_visible(timeout=60_000)
    settled(page)  # drawn: a chart painted late moves the page under the pointer
    choose(page, "Process", "Change management")
    expect(page.get_by_text("Answers per item: Change management")).to_be_visible()
    settled(page)
    choose(page, "Items of level", option("change", 1))
    expect(items).to_contain_text(first_item("change", 1))
    settled(page)

    choose(page, "Process", "Problem management")
    expect(page.get_by_text("Answers per item: Problem management")).to_be_visible()
    settled(page)
    stops = int(levels["problem"]) + 1  # a process newly chosen opens on the level that stops it
    expect(selectbox(page, "Items of level")).to_have_value(option("problem", stops))
    expect(items).to_contain_text(first_item("problem", stops))
    advice = page.get_by_test_id("stAlertContentInfo")
    expect(advice).to_contain_text(f"To reach level {stops}")  # the advice of the process now chosen
    page.get_by_text("Why this level (the rule)").click()  # the rule, as the detail
    why = page.get_by_test_id("stExpanderDetails").filter(has_text="is the highest level")
    expect(why).to_contain_text(f"Level {int(levels['problem'])} is the highest level")

    choose(page, "Process", "Change management")  # back again: opens anew, on the level that stops it
    expect(page.get_by_text("Answers per item: Change management")).to_be_visible()
    settled(page)
    expect(selectbox(page, "Items of level")).to_have_value(option("change", int(levels["change"]) + 1))
