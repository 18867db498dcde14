"""Texts from data never become markup: names, questionnaire texts, comments and problems show as typed on every page.

An external image in Markdown would be fetched by every viewer's browser, a link would be live, HTML or a
`:red[…]` would style the page. The texts below are planted in a copy of the demo; every text Streamlit renders
as Markdown (bodies, messages, labels, radio options, help, tabs, expanders, progress texts) must carry them
escaped, and every chart's labels must carry Plotly's markup escaped.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select, update

from assessment.storage.tables import Answer, Assessment, Client, Respondent, Unit
from assessment.workspace.branding import set_branding
from tests.app.conftest import PAGES, start


def payload(where: str) -> str:
    return f"{where} ![i](http://evil.test/{where}.png) [l](http://evil.test/{where}) <b>{where}</b> :red[{where}]"


# what escaped text never holds: a bracket, an angle bracket or the colon of an address without its backslash
RAW = re.compile(r"(?<!\\)\]\(http|http://evil|(?<!\\)<b>|:red\[")
MARKDOWN_FIELDS = {"body", "label", "help", "text", "placeholder"}
# A text box's placeholder goes to the browser's <input placeholder>: plain text, never Markdown (TextInput.*.js).
PLAIN_PLACEHOLDERS = {"TextInput", "TextArea"}
PLAIN_ELEMENTS = {
    "ArrowNamedDataFrame",
    "Arrow",
    "ArrowTable",
    "Code",
    "Json",
    "PlotlyChart",
    "Selectbox",
    "Multiselect",
}


def plant(database) -> str:
    """Hostile texts in the demo's names, snapshot, respondents, comments and branding; returns the respondent."""
    workspace = database.workspace
    with workspace.transaction() as session:
        assessment = session.get(Assessment, database.demo_id)
        session.execute(update(Client).where(Client.id == assessment.client_id).values(name=payload("client")))
        assessment.name = payload("assessment")
        snapshot = json.loads(json.dumps(assessment.questionnaire_snapshot))
        process = snapshot["processes"][0]
        process["name"] = {"zh": payload("process"), "en": payload("process")}
        process["description"] = {"zh": payload("description"), "en": payload("description")}
        for level in process["levels"]:
            process["levels"][level] = {"zh": payload("level"), "en": payload("level")}
        for item in process["items"][:3]:
            item["text"] = {"zh": payload("item"), "en": payload("item")}
            item["guidance"] = {"zh": payload("guidance"), "en": payload("guidance")}
        snapshot["roles"][0]["label"] = {"zh": payload("role"), "en": payload("role")}
        snapshot["dimensions"][0]["label"] = {"zh": payload("dimension"), "en": payload("dimension")}
        for action in process.get("actions", [])[:3]:
            action["title"] = {"zh": payload("action"), "en": payload("action")}
        assessment.questionnaire_snapshot = snapshot
        unit = session.scalars(select(Unit).where(Unit.assessment_id == database.demo_id)).first()
        session.execute(
            update(Respondent)
            .where(Respondent.assessment_id == database.demo_id, Respondent.unit == unit.name)
            .values(unit=payload("unit"))
        )
        unit.name = payload("unit")
        person = session.scalars(select(Respondent).where(Respondent.assessment_id == database.demo_id)).first()
        person.name = payload("respondent")
        session.execute(update(Answer).where(Answer.respondent_id == person.id).values(comment=payload("comment")))
    set_branding(workspace, company=payload("company"))
    return payload("respondent")


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def markdown_texts(app) -> list[tuple[str, str]]:
    """(element, text) of every text the page renders as Markdown."""
    found = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = type(proto).__name__
        for field, value in proto.ListFields():
            plain_placeholder = field.name == "placeholder" and kind in PLAIN_PLACEHOLDERS
            if (
                field.name in MARKDOWN_FIELDS
                and isinstance(value, str)
                and kind not in PLAIN_ELEMENTS
                and not plain_placeholder
            ):
                found.append((f"{kind}.{field.name}", value))
            if kind == "Radio" and field.name == "options":
                found += [(f"{kind}.option", str(option)) for option in value]
    return found


def chart_texts(app) -> list[str]:
    return [node.proto.spec for node in walk(app._tree) if type(getattr(node, "proto", None)).__name__ == "PlotlyChart"]


def leaks(app) -> list[tuple[str, str]]:
    bad = [(kind, value) for kind, value in markdown_texts(app) if RAW.search(value)]
    bad += [("chart", raw) for spec in chart_texts(app) for raw in ("<b>process", "<b>unit", "<b>item") if raw in spec]
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_no_text_from_data_becomes_markup_on_any_page(page, demo_db):
    respondent = plant(demo_db)
    app = start(page, lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    if page == "interview":
        app.selectbox(key="interview_respondent").set_value(respondent).run()
        assert not app.exception
    shown = "".join(str(getattr(node, "proto", "")) for node in walk(app._tree))
    assert "evil" in shown or page == "quick_score", "the page shows none of the planted texts: the test proves nothing"
    assert leaks(app) == []
