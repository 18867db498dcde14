"""The assessments page in AppTest: create, upload a questionnaire, copy for a re-assessment, the demo, bundles."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.workspace.assessments import create_assessment, list_assessments
from assessment.workspace.bundles import export_bundle
from assessment.workspace.queries import assessment_details
from assessment.workspace.setup_sources import load_bundled
from tests.app.conftest import ROOT, start

QUESTIONNAIRE = ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml"
CREATE = "FormSubmitter:assessments_new_form-{}"


def fill_new_assessment(app: AppTest, client: str, name: str) -> AppTest:
    """Type the form of a new assessment (its fields are sent with the button, as in a browser)."""
    app.text_input(key="assessments_new_client").set_value(client)
    app.text_input(key="assessments_new_name").set_value(name)
    return app


def test_creating_an_assessment_stores_and_opens_it_and_the_same_name_again_is_refused(empty_db):
    app = start("assessments", lang="en")
    assert app.info[0].value.startswith("No assessment is stored yet")
    fill_new_assessment(app, "Acme Corp", "2026 baseline")
    processes = app.multiselect(key="assessments_new_processes_itsm-core_2.0")
    assert len(processes.value) == 7  # the seven core processes by default
    assert processes.options[-1] == "Emergency response and service continuity"  # the optional module, offered
    assert "continuity" not in processes.value
    assert "Optional modules (Emergency response and service continuity)" in processes.help
    processes.set_value(["incident", "change"])
    app.text_area(key="assessments_new_units").set_value("Head office\n\nPlant\n")
    app.radio(key="assessments_new_rule").set_value("c2m2")
    app.button(key=CREATE.format("Create and open")).click().run()
    assert not app.exception
    assert not app.error
    [summary] = list_assessments(empty_db.workspace)
    assert (summary.client, summary.name, summary.questionnaire_id, summary.rule) == (
        "Acme Corp",
        "2026 baseline",
        "itsm-core",
        "c2m2",
    )
    details = assessment_details(empty_db.workspace, summary.id)
    assert (details.processes, details.units) == (("incident", "change"), ("Head office", "Plant"))
    assert app.session_state["app_assessment"] == summary.id
    assert app.success[0].value == "Open: Acme Corp · 2026 baseline"
    assert [toast.value for toast in app.toast] == ["Created and opened Acme Corp · 2026 baseline"]

    # the same client and name again: refused with the service's problem, nothing stored, the form kept as typed
    app.selectbox(key="assessments_new_client_pick").set_value("Acme Corp")
    app.text_input(key="assessments_new_name").set_value("2026 baseline")
    app.button(key=CREATE.format("Create and open")).click().run()
    assert [error.value for error in app.error] == [
        "client 'Acme Corp' already has an assessment named '2026 baseline'"
    ]
    assert len(list_assessments(empty_db.workspace)) == 1
    assert app.text_input(key="assessments_new_name").value == "2026 baseline"
    assert app.selectbox(key="assessments_new_client_pick").value == "Acme Corp"


def test_after_create_and_open_the_form_is_empty_again_and_the_new_assessment_is_the_open_one(demo_db):
    app = start("assessments", lang="en", assessment=demo_db.demo_id)
    fill_new_assessment(app, "Acme Corp", "2026 baseline")
    app.multiselect(key="assessments_new_processes_itsm-core_2.0").set_value(["incident"])
    app.text_area(key="assessments_new_units").set_value("Head office")
    app.radio(key="assessments_new_rule").set_value("c2m2")
    app.button(key=CREATE.format("Create and open")).click().run()
    assert not app.exception
    assert not app.error
    created = list_assessments(demo_db.workspace)[-1]
    assert (created.client, created.name, created.processes) == ("Acme Corp", "2026 baseline", 1)

    assert app.session_state["app_assessment"] == created.id
    assert app.success[0].value == "Open: Acme Corp · 2026 baseline"
    assert app.selectbox(key="assessments_open_pick").value == created.id  # not the demo opened before
    assert app.text_input(key="assessments_new_client").value == ""
    assert app.text_input(key="assessments_new_name").value == ""
    assert app.selectbox(key="assessments_new_client_pick").value is None
    assert app.text_area(key="assessments_new_units").value == ""
    assert len(app.multiselect(key="assessments_new_processes_itsm-core_2.0").value) == 7
    assert app.radio(key="assessments_new_rule").value == "iso33020"

    app.button(key=CREATE.format("Create and open")).click().run()  # an empty form creates nothing
    assert [error.value for error in app.error] == ["the client name must not be empty"]
    assert len(list_assessments(demo_db.workspace)) == 2


def test_an_uploaded_questionnaire_with_mistakes_shows_every_problem_with_its_line(empty_db):
    app = start("assessments", lang="zh")
    app.radio(key="assessments_new_source").set_value("upload").run()
    good = QUESTIONNAIRE.read_text(encoding="utf-8")
    broken = good.replace("weight: 2,", "weight: -2,").replace("level: 4,", "level: 7,")
    app.file_uploader(key="assessments_new_upload").set_value(
        ("问卷.yaml", broken.encode(), "application/x-yaml")
    ).run()
    assert not app.exception
    [error] = app.error
    problems = error.value.split("\n\n")
    assert len(problems) == 2
    assert problems[0].startswith("问卷.yaml:10: ")
    assert problems[1].startswith("问卷.yaml:26: ")
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in problem.split(": ", 1)[1]) for problem in problems)
    assert not [button for button in app.button if button.key.startswith("FormSubmitter:assessments_new_form")]

    # the corrected file is accepted and an assessment is created on it
    app.file_uploader(key="assessments_new_upload").set_value(("问卷.yaml", good.encode(), "application/x-yaml")).run()
    assert not app.error
    assert app.multiselect(key="assessments_new_processes_worked-example_1.0").value == ["change", "incident"]
    fill_new_assessment(app, "示例客户", "2026 基线评估")
    app.button(key=CREATE.format("创建并打开")).click().run()
    assert not app.error
    [summary] = list_assessments(empty_db.workspace)
    assert (summary.questionnaire_id, summary.processes) == ("worked-example", 2)
    assert app.session_state["app_assessment"] == summary.id


def test_copying_for_a_reassessment_keeps_the_setup_and_opens_the_copy(demo_db):
    app = start("assessments", lang="en", assessment=demo_db.demo_id)
    app.button(key="assessments_copy").click().run()
    assert app.error[0].value == "the assessment name must not be empty"
    assert len(list_assessments(demo_db.workspace)) == 1

    app.selectbox(key="assessments_copy_source").set_value(demo_db.demo_id)
    app.text_input(key="assessments_copy_name").set_value("2027 re-assessment")
    app.button(key="assessments_copy").click().run()
    assert not app.exception
    assert not app.error
    source, copy = list_assessments(demo_db.workspace)
    assert (copy.client, copy.name, copy.respondents, copy.answers) == (source.client, "2027 re-assessment", 0, 0)
    details = assessment_details(demo_db.workspace, copy.id)
    assert details.based_on_id == demo_db.demo_id
    assert details.targets == assessment_details(demo_db.workspace, demo_db.demo_id).targets
    assert app.session_state["app_assessment"] == copy.id
    assert app.selectbox(key="assessments_open_pick").value == copy.id
    assert app.text_input(key="assessments_copy_name").value == ""  # ready for the next one


def test_the_demo_is_loaded_on_an_empty_database_then_only_opened(empty_db):
    app = start("assessments", lang="zh")
    demo_button = app.button(key="assessments_demo")
    assert demo_button.label == "加载并打开演示评估"
    demo_button.click().run()
    assert not app.exception
    [demo] = list_assessments(empty_db.workspace)
    assert demo.is_demo
    assert demo.answers > 0
    assert app.session_state["app_assessment"] == demo.id
    opened = app.success[0].value
    assert opened.count("演示数据") == 1  # the demo's own name says it, once
    assert app.dataframe[0].value["演示"].tolist() == ["（演示数据）"]

    # with another assessment open, the button opens the demo and loads nothing
    other = create_assessment(empty_db.workspace, client="Acme", name="2026", questionnaire=load_bundled("itsm-core"))
    app.session_state["app_assessment"] = other
    app.run()
    assert app.success[0].value == "当前评估：Acme · 2026"
    assert app.button(key="assessments_demo").label == "打开演示评估"
    app.button(key="assessments_demo").click().run()
    assert len(list_assessments(empty_db.workspace)) == 2
    assert app.session_state["app_assessment"] == demo.id


def test_an_assessment_is_opened_and_a_bundle_exported_and_imported(demo_db, tmp_path):
    app = start("assessments", lang="en")
    bundle = tmp_path / "demo.mmbundle"
    export_bundle(demo_db.workspace, demo_db.demo_id, bundle)
    app.file_uploader(key="assessments_bundle").set_value(
        ("demo.mmbundle", bundle.read_bytes(), "application/zip")
    ).run()
    app.text_input(key="assessments_bundle_name").set_value("Imported copy")
    app.button(key="assessments_bundle_import").click().run()
    assert not app.error
    demo, imported = list_assessments(demo_db.workspace)
    assert (imported.name, imported.answers) == ("Imported copy", demo.answers)
    assert app.session_state["app_assessment"] == imported.id
    [download] = [button for button in app.get("download_button") if button.proto.label.startswith("Export")]
    assert download.proto.label == "Export the open assessment: Imported copy.mmbundle"

    app.selectbox(key="assessments_open_pick").set_value(demo.id)
    app.button(key="assessments_open").click().run()
    assert app.session_state["app_assessment"] == demo.id

    app.file_uploader(key="assessments_bundle").set_value(("notes.mmbundle", b"not a zip", "application/zip")).run()
    app.button(key="assessments_bundle_import").click().run()
    assert app.error[0].value.startswith("notes.mmbundle: ")
    assert len(list_assessments(demo_db.workspace)) == 2
