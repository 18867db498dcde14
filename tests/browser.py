"""What the browser tests share: how to wait for what a user would see, never for a spinner or a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Locator, Page, expect

T = TypeVar("T")


def settled(page: Page, timeout: float = 60_000) -> None:
    """Until Streamlit says the script run is over (its own marker on the app element, `notRunning`).

    Called after waiting for an outcome (a heading, a message, a stored row): the marker alone could be read
    before a rerun has even started.
    """
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def eventually(check: Callable[[], T], seconds: float = 60, what: str = "") -> T:
    """The first true value of `check()` (e.g. a row read from the database), asked again until `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {seconds} s: {what or check}")
        time.sleep(0.1)
    return found


def selectbox(page: Page, label: str) -> Locator:
    """The selectbox labelled `label`: a combobox whose value is the option shown."""
    return page.get_by_role("combobox", name=label, exact=True)


def choose(page: Page, label: str, option: str) -> None:
    """Open the selectbox labelled `label` from the keyboard and pick `option` (a first click may only focus it)."""
    selectbox(page, label).focus()
    selectbox(page, label).press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()
    expect(selectbox(page, label)).to_have_value(option)
