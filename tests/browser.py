"""What the browser tests share: how to wait for what a user would see, never for a spinner or a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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


def choose(page: Page, label: str, option: str, attempts: int = 3) -> None:
    """Open the selectbox labelled `label` from the keyboard and pick `option` (a first click may only focus it).

    A list that closes before the option is picked (a rerun drew the widget again, as when a user's click lands
    while the page updates) is opened again, as a user would; the error names the options that were offered.
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    offered: list[str] = []
    for _ in range(attempts):
        selectbox(page, label).focus()
        selectbox(page, label).press("ArrowDown")
        try:
            wanted.click(timeout=15_000)
        except PlaywrightTimeoutError:
            offered = page.get_by_role("option").all_inner_texts()
            continue
        expect(selectbox(page, label)).to_have_value(option)
        return
    raise AssertionError(f"{label!r}: no option {option!r} after {attempts} tries; the list offered {offered}")
