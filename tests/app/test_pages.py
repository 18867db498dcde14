"""Every page opens on the demo assessment, in both languages, without an exception, under its sidebar name."""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES, ROOT


def sidebar_name(app, page: str) -> str:
    """The name st.navigation gives `page` in the sidebar (in the language of the last run)."""
    path = ROOT / "app_pages" / f"{page}.py"
    # AppTest keeps the pages st.navigation registered; it has no public accessor for them
    return next(info["page_name"] for info in app._registered_pages.values() if info.get("script_path") == str(path))


def icons(app) -> list[str]:
    """The icons of every element drawn: alerts, toasts, buttons, download buttons, selectboxes, expanders."""
    found = []
    for node in app:
        icon = getattr(node, "icon", None)
        if not isinstance(icon, str):
            proto = getattr(node, "proto", None)
            icon = getattr(proto, "icon", None) if proto is not None else None
        if isinstance(icon, str) and icon:
            found.append(icon)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_demo_titled_as_in_the_sidebar(demo_db, open_page, page, lang):
    app = open_page(page, lang=lang, assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == [sidebar_name(app, page)]


@pytest.mark.parametrize("page", PAGES)
def test_every_icon_is_a_material_icon(demo_db, open_page, page):
    """Headless chromium has no emoji font: an emoji icon shows as a blank box in screenshots and PDFs."""
    app = open_page(page, assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    assert [icon for icon in icons(app) if not icon.startswith(":material/")] == []
