"""The survey page: the blank template to download, and returned files checked, previewed and imported."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from app_pages.common import has_cjk
from assessment.questionnaire import load_questionnaire
from assessment.workspace.queries import answers_of, assessment_details, respondents_of, revision_of
from tests.app.conftest import start
from tests.forms_filling import fill

BUNDLED = load_questionnaire(
    Path(__file__).resolve().parents[2] / "questionnaires/itsm-core/questionnaire.yaml"
).questionnaire
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEYS = {"不适用": "na", "不知道": "unknown"}

HEADER = "respondent,role,unit,method,INC-1-01,INC-1-02,CHG-1-01"


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


def xlsx_bytes(*rows: list) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def offered(monkeypatch) -> dict:
    """The files the page's download buttons offer, by file name: generated only when asked (deferred)."""
    found: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **options):
        found[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return found


def test_the_template_offers_the_survey_of_the_scope_in_the_chosen_language(demo_db, offered):
    app = start("survey", lang="zh", assessment=demo_db.demo_id)
    assert not app.exception
    labels = [*(header.value for header in app.subheader), *(radio.label for radio in app.radio)]
    assert all(has_cjk(label) for label in labels)
    app.radio(key="survey_template_kind").set_value("table").run()
    assert app.download_button(key="survey_template_download").label == "下载 survey-a1-itsm-core-zh.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(offered["survey-a1-itsm-core-zh.xlsx"]()))
    assert workbook.sheetnames[0] == "答卷"
    header = next(workbook["答卷"].iter_rows(max_row=1, values_only=True))
    assert header[:5] == ("respondent", "role", "unit", "method", "INC-1-01")
    scope = assessment_details(demo_db.workspace, demo_db.demo_id).processes
    asked = [item for process, item in BUNDLED.all_items() if process.id in scope]
    assert len(header) == 4 + len(asked)  # every item of the scope, scored or not, a column each
    assert workbook["答卷"].data_validations.dataValidation  # the dropdowns
    assert workbook["答卷"]["D1"].comment.text.endswith("walkthrough（穿行测试）")  # the project's term

    app.radio(key="survey_template_lang").set_value("en").run()
    assert "survey-a1-itsm-core-en.xlsx" in offered
    app.radio(key="survey_template_format").set_value("csv").run()
    data = offered["survey-a1-itsm-core-en.csv"]()
    assert data.decode("utf-8-sig").startswith("respondent,role,unit,method,INC-1-01,")


def test_files_are_checked_and_previewed_and_nothing_is_written_until_import(demo_db):
    ws, assessment = demo_db.workspace, demo_db.demo_id
    revision, people = revision_of(ws, assessment), len(respondents_of(ws, assessment))
    app = start("survey", lang="en", assessment=assessment)
    bad = csv_bytes("Wu Fang,process_owner,北京总部,survey,3,4,2", "Qian Yu,key_user,北京总部,survey,9,1,1")
    app.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not app.exception
    assert app.error[0].value.startswith("bad.csv:3: column INC-1-01: answer '9' is not on the scale of item INC-1-01")
    assert app.button(key="survey_import").disabled
    assert revision_of(ws, assessment) == revision

    good = csv_bytes("Wu Fang,process_owner,北京总部,survey,3,4,", "李明,process_owner,北京总部,interview,2,na,1")
    more = xlsx_bytes(["Qian Yu", "key_user", "上海数据中心", "survey", "1", "unknown", "0"])
    files = [("bad.csv", bad, "text/csv"), ("good.csv", good, "text/csv"), ("more.xlsx", more, "application/xlsx")]
    app.file_uploader[0].set_value(files).run()
    assert not app.exception
    previews = [table.value for table in app.dataframe[:-1] if "On import" in table.value.columns]
    assert [table[["Respondent", "Answers", "On import"]].values.tolist() for table in previews] == [
        [["Wu Fang", 2, "new"], ["李明", 3, "replaces earlier answers"]],
        [["Qian Yu", 3, "new"]],
    ]
    assert app.button(key="survey_import").label == "Import 2 file(s)"
    assert revision_of(ws, assessment) == revision
    assert len(respondents_of(ws, assessment)) == people

    app.button(key="survey_import").click().run()
    assert not app.exception
    assert [message.value.split(".")[0] for message in app.success] == ["good", "more"]
    stored = respondents_of(ws, assessment).set_index("respondent")
    assert len(stored) == people + 2
    assert "Qian Yu" in stored.index
    assert answers_of(ws, assessment, "Wu Fang")["INC-1-02"]["answer"] == "4"
    assert answers_of(ws, assessment, "李明")["INC-1-02"]["answer"] == "na"
    assert answers_of(ws, assessment, "Qian Yu")["CHG-1-01"]["answer"] == "0"
    assert not app.file_uploader[0].value  # the uploader starts empty: a second click cannot import twice
    [listed] = [frame.value for frame in app.dataframe if "Method" in frame.value.columns]  # the survey respondents
    assert "Qian Yu" in listed["Respondent"].tolist()


def test_a_unit_outside_the_assessment_is_refused_and_can_be_added_deliberately(demo_db):
    ws, assessment = demo_db.workspace, demo_db.demo_id
    app = start("survey", lang="en", assessment=assessment)
    upload = csv_bytes("Wu Fang,process_owner,深圳分公司,survey,3,4,2")
    app.file_uploader[0].set_value(("units.csv", upload, "text/csv")).run()
    assert app.error[0].value.startswith(
        "units.csv:2: column unit: unit '深圳分公司' is not one of the assessment's units"
    )
    assert app.button(key="survey_import").disabled
    assert "深圳分公司" not in stored_units(ws, assessment)

    [offer] = [button for button in app.button if button.label.startswith("Add 深圳分公司")]
    offer.click().run()
    assert not app.exception
    assert "深圳分公司" in stored_units(ws, assessment)
    assert not app.error  # checked again against the wider scope: the file is ready
    assert not app.button(key="survey_import").disabled
    app.button(key="survey_import").click().run()
    assert respondents_of(ws, assessment).set_index("respondent").loc["Wu Fang", "unit"] == "深圳分公司"


def stored_units(ws, assessment: int) -> tuple[str, ...]:
    return assessment_details(ws, assessment).units


def test_forms_are_offered_one_sheet_per_listed_respondent_and_a_filled_one_is_imported(demo_db, offered, tmp_path):
    ws, assessment = demo_db.workspace, demo_db.demo_id
    app = start("survey", lang="zh", assessment=assessment)
    assert app.radio(key="survey_template_kind").value == "forms"  # the form a respondent can fill comes first
    roles = [role.label.zh for role in BUNDLED.roles]  # the demo's questionnaire
    # one blank form per role to start
    assert any(caption.value.startswith(f"答卷人 {len(roles)} 名，每人 ") for caption in app.caption)
    name = "survey-forms-a1-itsm-core-zh.xlsx"
    assert app.download_button(key="survey_forms_download").label == f"下载 {name}"
    path = tmp_path / name
    path.write_bytes(offered[name]())
    assert openpyxl.load_workbook(path).sheetnames[1:-1] == roles
    assert "survey-forms-a1-itsm-core-zh.zip" in offered

    written = fill(path, roles[0], "赵六", lambda n, item, choices: choices[n % len(choices)] if choices else None)
    app.file_uploader[0].set_value((name, path.read_bytes(), MIME_XLSX)).run()
    assert not app.exception
    assert not app.error
    assert any(block.value.startswith("**可以导入**（每位答卷人一个工作表）") for block in app.markdown)
    app.button(key="survey_import").click().run()
    stored = answers_of(ws, assessment, "赵六")
    assert {item: value["answer"] for item, value in stored.items()} == {
        item: KEYS.get(label, label.split(" · ")[0]) for item, label in written.items()
    }
