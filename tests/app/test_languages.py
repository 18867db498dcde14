"""Both languages on every page: switched to English no label is left in Chinese, and in Chinese none in English.

Labels are what the interface itself says: titles, headers, widget labels and help, buttons, tabs, expanders,
metrics. Data shown inside them (client, assessment, unit and respondent names) is taken out first.
"""

from __future__ import annotations

import re
from importlib.util import find_spec

import pytest
from sqlalchemy import select

from app_pages.common import has_cjk
from assessment.storage.tables import Assessment, Client, Respondent, Unit
from tests.app.conftest import PAGES, start
from tests.terms import avoided_in

# Words that stay as they are in Chinese text: names of products, standards and file formats, units of measure.
KEPT = re.compile(
    r"MaturityMap|ISO/IEC\s*\d+(-\d+)?(:\d+)?|ISO|IEC|ITIL|C2M2|N/P/L/F|CSV|XLSX|Excel|PDF|YAML|Markdown|PNG|JPEG"
    r"|SVG|SLA|OLA|CMDB|URL|ID|SQLite|PostgreSQL|RACI|KPI|IT|mmbundle|Gantt|[A-Z]-?\d+|[NPLF]\b"
)


def _data_strings(database) -> list[str]:
    with database.workspace.transaction() as session:
        names = [*session.scalars(select(Client.name)), *session.scalars(select(Assessment.name))]
        names += [*session.scalars(select(Unit.name)), *session.scalars(select(Respondent.name))]
        names += [*session.scalars(select(Respondent.unit))]
    names += _ticket_units(database)
    parts = [part.strip() for name in names for part in [name, *name.split("/")] if part.strip()]
    return sorted(set(parts), key=len, reverse=True)  # longest first, so that a part never hides its whole


def _ticket_units(database) -> list[str]:
    """The units of the demo's ticket data (the Evidence page's tabs of maps), once the stored evidence exists."""
    if database.demo_id is None or find_spec("assessment.workspace.evidence") is None:
        return []
    from assessment.workspace.evidence import evidence_of

    found = evidence_of(database.workspace, database.demo_id)
    return [flow.unit for stored in found if stored.mining is not None for flow in stored.mining.units]


def labels(app) -> list[str]:
    """Every text the interface itself shows as a label, title or help on the page as drawn."""
    found = []
    for node in app:
        for attribute in ("label", "help", "placeholder"):
            value = getattr(node, attribute, None)
            if isinstance(value, str) and value.strip():
                found.append(value)
        if node.type in ("title", "header", "subheader") and isinstance(node.value, str):
            found.append(node.value)
    return found


def _without(value: str, data: list[str]) -> str:
    for name in data:
        value = value.replace(name, " ")
    return value


@pytest.mark.parametrize("page", PAGES)
def test_no_label_is_left_untranslated(demo_db, page):
    data = _data_strings(demo_db)
    english = start(page, lang="en", assessment=demo_db.demo_id)
    assert not english.exception, english.exception
    chinese_left = [label for label in labels(english) if has_cjk(_without(label, data))]
    assert not chinese_left, f"Chinese labels in English on {page}: {chinese_left}"

    chinese = start(page, lang="zh", assessment=demo_db.demo_id)
    assert not chinese.exception, chinese.exception
    english_left = []
    for label in labels(chinese):
        rest = KEPT.sub(" ", _without(label, data))
        if re.search(r"[A-Za-z]{2,}", rest) and not has_cjk(rest):
            english_left.append(label)
    assert not english_left, f"English labels in Chinese on {page}: {english_left}"


def test_switching_the_language_in_the_sidebar_changes_the_page(demo_db):
    app = start("results", lang="zh", assessment=demo_db.demo_id)
    before = [title.value for title in app.title]
    app.radio(key="app_lang_pick").set_value("en").run()
    assert not app.exception
    after = [title.value for title in app.title]
    assert before
    assert after
    assert before != after
    assert not any(has_cjk(title) for title in after)


def texts(app) -> list[str]:
    """Every text the page shows of its own: labels, help, options, titles, captions, messages, table columns."""
    found = []
    for node in app:
        if node.type == "dataframe":
            found.extend(str(column) for column in node.value.columns)
            continue
        for attribute in ("label", "help", "placeholder", "value", "body"):
            value = getattr(node, attribute, None)
            if isinstance(value, str) and value.strip():
                found.append(value)
        found.extend(option for option in getattr(node, "options", None) or [] if isinstance(option, str))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_every_page_uses_the_same_chinese_terms(demo_db, page):
    app = start(page, lang="zh", assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    found = texts(app)
    assert found
    assert avoided_in(found) == {}
