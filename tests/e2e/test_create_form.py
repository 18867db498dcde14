"""The Assessments page in a real browser: after "Create and open" the form is empty and the new one is open.

A browser keeps what it shows in a widget unless the server sets a new value: AppTest cannot see that.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import settled

pytestmark = pytest.mark.e2e


def test_the_creation_form_is_empty_after_create_and_open(server, page):
    page.goto(f"{server.url}/?lang=en&a={server.demo_id}")
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible(timeout=60_000)
    settled(page)
    fields = {
        "client": page.get_by_role("textbox", name="… or a new client"),
        "name": page.get_by_role("textbox", name="Assessment name"),
        "units": page.get_by_role("textbox", name="Units in scope (one per line)"),
    }
    fields["client"].fill("Form Clearing Co.")
    fields["name"].fill("2026 baseline")
    fields["units"].fill("Head office")
    page.get_by_role("button", name="Create and open").click()

    opened = page.get_by_test_id("stAlertContentSuccess")
    expect(opened).to_contain_text("Open: Form Clearing Co. · 2026 baseline")
    settled(page)
    for field in fields.values():
        expect(field).to_have_value("")
    expect(page.get_by_role("combobox", name="Assessment to open")).to_have_value("Form Clearing Co. · 2026 baseline")
