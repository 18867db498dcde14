"""The Setup page in a real browser: the target sliders stay in line when some have a "Back to the proposal" button."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from assessment.workspace.assessments import clear_target
from assessment.workspace.core import Workspace
from assessment.workspace.queries import assessment_details
from tests.browser import settled
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e


def test_target_sliders_are_in_rows_whether_their_target_is_set_or_proposed(own_server, page):
    workspace = Workspace(own_server.database_url)
    clear_target(workspace, own_server.demo_id, "incident")  # the first proposed, the others set (with a button)
    processes = len(assessment_details(workspace, own_server.demo_id).processes)
    workspace.dispose()
    own_server.start()
    page.goto(f"{own_server.url}/setup?lang=en&a={own_server.demo_id}")
    heading = page.get_by_role("heading", name="Target levels")
    expect(heading).to_be_visible(timeout=60_000)
    sliders = page.get_by_test_id("stSlider")
    expect(sliders).to_have_count(processes)
    expect(page.get_by_role("button", name="Back to the proposal")).to_have_count(processes - 1)
    settled(page)

    tops = [round(slider.bounding_box()["y"]) for slider in sliders.all()]
    assert len(set(tops)) == math.ceil(processes / 3), tops  # three to a row, each row level
    assert all(tops.count(top) <= 3 for top in tops)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "setup-targets.png"))
