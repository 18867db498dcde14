"""Every page opens on the demo assessment, in both languages, without an exception."""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_demo(demo_db, open_page, page):
    app = open_page(page, assessment=demo_db.demo_id)
    assert not app.exception, app.exception
