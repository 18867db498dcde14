"""Every page in Chinese, walked: no English word from the project's own texts anywhere the user can read it.

Everything a page sends to the browser is read: Markdown bodies and captions, messages, labels, help and options
of widgets, tabs, expanders, metrics, every header and cell of every table, and the titles, names, hover texts
and tick formats of every chart. What comes from the data (names of the client, respondents and units, the
questionnaire's texts, what consultants typed) is taken out first; what stays in English in Chinese text by
convention (standards, products, file formats, ids) is listed in KEPT. Where Streamlit's own widget texts cannot
be translated (docs/app.md says which), they are not the project's texts and are not read here.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from importlib.util import find_spec

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assessment.exports.markdown_text import escape_markdown
from assessment.storage.tables import (
    Answer,
    Assessment,
    Client,
    ContextEntry,
    Decision,
    ImportBatch,
    Respondent,
    RoadmapEdit,
    Unit,
    User,
    WalkthroughResult,
)
from assessment.workspace.assessments import add_respondent, copy_assessment
from assessment.workspace.recording import record_answer
from tests.app.conftest import PAGES, start
from tests.app.test_markup_from_data import walk

# Words that stay as they are in Chinese text: standards, products, file formats, units, ids, and the answer keys
KEPT = re.compile(
    r"Jira Service Management|ServiceNow|BPMN|bpmn|\d{2}/[A-Z][a-z]{2}/\d{2} [\d:]+ [AP]M"
    r"|MaturityMap|ISO/IEC\s*\d+(-\d+)?(:\d+)?|ISO|IEC|ITIL\s*4?|ITSM|C2M2|N/P/L/F|CSV|XLSX|xlsx|csv|Excel|WPS|Word|docx"
    r"|LibreOffice|PDF|HTML|YAML|yaml|Markdown|PNG|JPEG|SVG|SLA|OLA|CMDB|URL|ID|SQLite|PostgreSQL|RACI|KPI|IT"
    r"|mmbundle|bundle|zip|Gantt|OIDC|UTC|Streamlit|English|KB|MB|Jira|Azure DevOps|Redmine|Python|streamlit|pandas"
    r"|plotly|sqlalchemy|weasyprint|WeasyPrint|[A-Z]{2,5}(?:-[A-Z0-9]+)+|\bna\b|\bunknown\b|\[clear\]"
    r"|survey-[\w.-]+|results-[\w.-]+|raw-data-[\w.-]+|roadmap-[\w.-]+|report-[\w.-]+|assessment-[\w.-]+"
    r"|:material/[a-z_]+:|:(?:red|green|blue|orange|violet|gray|grey|primary)-badge\[|\b[NPLF]\b|https?://\S+|[\w.+-]+@[\w.-]+"
    r"|PowerPoint|Word|Office|pptx|docx"
)
ENGLISH = re.compile(r"[A-Za-z]{2,}")
# half-width punctuation between Chinese characters (or ending a Chinese phrase): ，：；！？（） are the right ones
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;!?](?:\s|$|[\u4e00-\u9fff])|[\u4e00-\u9fff]:\s*[\u4e00-\u9fff]")
SKIPPED_FIELDS = {
    "id", "key", "form_id", "format_func", "url", "src", "icon", "type", "value_format", "format", "page",
    "page_script_hash", "deferred_file_id", "theme", "config", "spec", "datasets", "selection_mode",
}  # fmt: skip
SKIPPED_ELEMENTS = {"Code", "Json", "Html", "Image", "ImageList", "Empty", "Exception"}


def data_strings(database) -> list[str]:
    """Every text the data holds: names, the questionnaire snapshot's texts, what was typed; longest first."""
    found: set[str] = set()

    def add(value) -> None:
        if isinstance(value, str):
            found.update(part.strip() for part in [value, *re.split(r"[/\n;；]", value)] if part.strip())
        elif isinstance(value, dict):
            for inner in value.values():
                add(inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                add(inner)

    with database.workspace.transaction() as session:
        for column in (
            Client.name, Assessment.name, Unit.name, Respondent.name, Respondent.unit, Answer.comment,
            Answer.evidence, ContextEntry.data, ContextEntry.record_key, WalkthroughResult.sample,
            WalkthroughResult.note, WalkthroughResult.unit, Decision.reason, RoadmapEdit.value, ImportBatch.file,
            ImportBatch.actor, Answer.recorded_by, ContextEntry.recorded_by, WalkthroughResult.recorded_by,
            User.display_name, User.username,
        ):  # fmt: skip
            for value in session.scalars(select(column)):
                add(value)
        for snapshot in session.scalars(select(Assessment.questionnaire_snapshot)):
            add(snapshot)
    add(_ticket_data(database))
    return sorted(found, key=len, reverse=True)


def _ticket_data(database) -> list[str]:
    """The file names, importers, units and statuses of the demo's ticket data, once the stored evidence exists."""
    if database.demo_id is None or find_spec("assessment.workspace.evidence") is None:
        return []
    from assessment.workspace.evidence import evidence_of

    found = evidence_of(database.workspace, database.demo_id)
    flows = [flow for stored in found if stored.mining is not None for flow in stored.mining.units]
    units = [flow.unit for flow in flows]
    units += [activity for flow in flows for sequence, _ in flow.variants for activity in sequence]  # statuses
    names = [stored.name for stored in found]
    return [*names, *map(escape_markdown, names), *(stored.imported_by for stored in found), *units]


def texts(app) -> Iterator[tuple[str, str]]:
    """(where, text) of every text the page sends to the browser."""
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = type(proto).__name__
        if kind in SKIPPED_ELEMENTS:
            continue
        if kind == "PlotlyChart":
            yield from chart_texts(proto.spec)
            continue
        if kind == "Dataframe":
            labels = dict(column_texts(proto.columns))
            yield from table_texts(proto.arrow_data.data, labels)
            yield from ((f"table.column[{name}]", label) for name, label in labels.items())
            continue
        if kind == "VegaLiteChart":
            yield from vega_texts(proto.spec)
            continue
        yield from proto_texts(proto, kind)


def proto_texts(proto, where: str) -> Iterator[tuple[str, str]]:
    for field, value in proto.ListFields():
        if field.name in SKIPPED_FIELDS or field.name == "data":
            continue
        if isinstance(value, str):
            yield f"{where}.{field.name}", value
        elif hasattr(value, "ListFields"):
            yield from proto_texts(value, f"{where}.{field.name}")
        elif isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated"):
            for inner in value:
                if isinstance(inner, str):
                    yield f"{where}.{field.name}", inner
                elif hasattr(inner, "ListFields"):
                    yield from proto_texts(inner, f"{where}.{field.name}")


def table_texts(data: bytes, labels: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The headers (unless the column settings label them) and the text cells of a table."""
    frame = pa.ipc.open_stream(io.BytesIO(data)).read_pandas()
    for column in frame.columns:
        if str(column) not in labels:
            yield "table.column", str(column)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            for value in values.dropna().unique():
                yield f"table[{column}]", str(value)
        elif values.isna().any() and not pd.api.types.is_numeric_dtype(values):
            yield f"table[{column}]", "None"


def column_texts(columns: str) -> Iterator[tuple[str, str]]:
    """(column, label) of the columns a table's settings label, and (column + option, option) of their options."""
    for name, settings in (json.loads(columns) if columns else {}).items():
        if isinstance(settings, dict):
            if isinstance(settings.get("label"), str):
                yield name, settings["label"]
            for option in (settings.get("type_config") or {}).get("options") or []:
                yield f"{name} option {option}", str(option)


def vega_texts(spec: str) -> Iterator[tuple[str, str]]:
    """The titles a Vega-Lite chart shows (axes, legends)."""

    def visit(node) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "title" and isinstance(value, str):
                    yield "vega.title", value
                elif isinstance(value, (dict, list)):
                    yield from visit(value)
        elif isinstance(node, list):
            for inner in node:
                yield from visit(inner)

    yield from visit(json.loads(spec))


CHART_KEYS = {"title", "text", "name", "hovertemplate", "ticktext", "legendgrouptitle", "texttemplate", "label"}


def chart_texts(spec: str) -> Iterator[tuple[str, str]]:
    figure = json.loads(spec)

    def visit(node, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("type", "template") or key.endswith("src"):
                    continue
                if key == "tickformat" or key == "hoverformat" or key == "xhoverformat":
                    if isinstance(value, str) and re.search(r"%[bBaA]", value):
                        yield f"chart{path}.{key}", f"English month or day names: {value}"
                    continue
                if key in CHART_KEYS or path.endswith(".title"):
                    yield from strings(value, f"{path}.{key}")
                if isinstance(value, (dict, list)):
                    yield from visit(value, f"{path}.{key}")
        elif isinstance(node, list):
            for inner in node:
                yield from visit(inner, path)

    def strings(value, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield f"chart{path}", value
        elif isinstance(value, list):
            for inner in value:
                yield from strings(inner, path)
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            yield f"chart{path}", value["text"]

    yield from visit(figure.get("data", []), ".data")
    yield from visit(figure.get("layout", {}), ".layout")
    for axis, settings in figure.get("layout", {}).items():
        if (
            axis.startswith(("xaxis", "yaxis"))
            and settings.get("type") == "date"
            and not (settings.get("tickformat") or settings.get("tickformatstops"))
        ):
            yield f"chart.layout.{axis}", "a date axis without a Chinese tick format (English month names)"


def english_in(text: str, data: list[str]) -> str | None:
    """What of `text` is English once the data and the kept words are taken out (None: nothing)."""

    def without_data(value: str) -> str:
        for name in data:
            if name in value:
                value = value.replace(name, " ")
        return value

    # the data first (a name holding a kept word stays whole), or the kept words first (a file name holding a name)
    tries = (KEPT.sub(" ", without_data(text)), KEPT.sub(" ", without_data(KEPT.sub(" ", text))))
    left = [ENGLISH.findall(re.sub(r"<[^>]+>|%\{[^}]*\}|&\w+;|\\[*_`\[\]()#+.!:-]", " ", rest)) for rest in tries]
    words = min(left, key=len)  # markup, hover fields and escapes aside
    return " ".join(words) if words else None


def opened(page: str, database) -> AppTest:
    """The page in Chinese as a user sees it after the first steps there (a respondent picked, a file uploaded)."""
    if page == "compare":  # a re-assessment of the same client, compared with the demo
        copy = copy_assessment(database.workspace, database.demo_id, "2027 复评")
        add_respondent(database.workspace, copy, "李明", role="process_owner", unit="北京总部", method="interview")
        record_answer(database.workspace, copy, "李明", "INC-1-01", "0")
        return start(page, lang="zh", assessment=copy)
    app = start(page, lang="zh", assessment=database.demo_id)
    if page == "interview":
        app.selectbox(key="interview_respondent").set_value("张伟").run()
    if page == "survey":
        upload = "respondent,role,unit,method,item,answer\n新同事,关键用户,北京总部,问卷调查,INC-1-01,部分实施\n"
        app.file_uploader[0].set_value(("答卷.csv", upload.encode("utf-8"), "text/csv")).run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_chinese_has_no_english_of_the_projects_own(demo_db, page):
    app = opened(page, demo_db)
    data = data_strings(demo_db)  # after the first steps: what they stored (and who signed in) is data too
    assert not app.exception, app.exception
    found = sorted({(where, text[:120], left) for where, text in texts(app) if (left := english_in(text, data))})
    assert not found, f"English on the Chinese {page} page:\n" + "\n".join(map(str, found))
    half_width = sorted({(where, text[:120]) for where, text in texts(app) if HALF_WIDTH.search(text)})
    assert not half_width, f"half-width punctuation in Chinese on {page}:\n" + "\n".join(map(str, half_width))
