"""The context and walkthrough page: context records and walkthrough results are saved, shown, and come back."""

from __future__ import annotations

from app_pages.common import has_cjk
from assessment.workspace.queries import audit_of, context_of, walkthrough_results_of
from tests.app.conftest import shown, start


def open_section(app, section: str, record: str | None = None):
    app.selectbox(key="context_section").set_value(section).run()
    if record is not None:
        app.selectbox(key=f"context_record_{section}").set_value(record).run()
    return app


def test_a_saved_record_is_stored_and_shown_again_in_a_fresh_session(demo_db):
    app = open_section(start("context", assessment=demo_db.demo_id, user="顾问甲"), "steering_group")
    assert not app.exception
    assert app.text_area(key="context_steering_group_single_chair").value == "王建国（集团 CIO）"
    app.text_area(key="context_steering_group_single_chair").input("副总裁 孙明")
    app.number_input(key="context_steering_group_single_sponsorship").set_value(5)
    app.button(key="context_save_steering_group_single").click().run()
    assert not app.exception
    assert not app.error

    stored = context_of(demo_db.workspace, demo_db.demo_id)["steering_group"]["single"]
    assert (stored["chair"], stored["sponsorship"], stored["in_place"]) == ("副总裁 孙明", 5, True)
    assert audit_of(demo_db.workspace, demo_db.demo_id, entity="context")["actor"].iloc[0] == "顾问甲"
    assert "副总裁 孙明" in app.dataframe[0].value["牵头人"].tolist()

    again = open_section(start("context", assessment=demo_db.demo_id), "steering_group")
    assert again.text_area(key="context_steering_group_single_chair").value == "副总裁 孙明"
    assert again.number_input(key="context_steering_group_single_sponsorship").value == 5


def test_a_new_pain_point_is_added_listed_and_opened_for_editing(demo_db):
    app = open_section(start("context", assessment=demo_db.demo_id), "pain_points")
    picker = app.selectbox(key="context_record_pain_points")
    assert picker.value == ""  # a new record
    assert (picker.options[0], picker.proto.icon) == ("新建记录", ":material/add:")  # no emoji: chromium has no font
    app.text_area(key="context_pain_points_new_description").input("夜间发布无人值守，回退靠个人经验")
    app.number_input(key="context_pain_points_new_severity").set_value(4)
    app.multiselect(key="context_pain_points_new_processes").select("release").select("change")
    app.selectbox(key="context_pain_points_new_category").set_value("process")
    app.button(key="context_save_pain_points_new").click().run()
    assert not app.exception
    assert not app.error

    stored = context_of(demo_db.workspace, demo_db.demo_id)["pain_points"]
    assert stored["pp-07"] == {
        "description": "夜间发布无人值守，回退靠个人经验",
        "category": "process",
        "severity": 4,
        "processes": ["release", "change"],
        "frequency": None,
        "raised_by": None,
        "notes": None,
    }
    assert app.selectbox(key="context_record_pain_points").value == "pp-07"
    assert app.selectbox(key="context_record_pain_points").proto.icon == ""  # the icon marks a new record only
    assert app.number_input(key="context_pain_points_pp-07_severity").value == 4
    table = app.dataframe[0].value
    row = table[table["记录"].str.startswith("pp-07")].iloc[0]
    assert (row["严重程度（1–5）"], row["涉及的流程"]) == ("4", "发布管理、变更管理")


def test_a_record_missing_a_required_field_shows_the_problem_and_stores_nothing(demo_db):
    app = open_section(start("context", lang="en", assessment=demo_db.demo_id), "pain_points")
    app.text_area(key="context_pain_points_new_description").input("Night releases go unattended")
    app.button(key="context_save_pain_points_new").click().run()
    assert not app.exception
    assert [shown(error.value) for error in app.error] == [
        "context field 'severity' of section 'pain_points' must be filled in"
    ]
    assert sorted(context_of(demo_db.workspace, demo_db.demo_id)["pain_points"]) == [f"pp-0{n}" for n in range(1, 7)]
    # what was typed is still there to be completed
    assert app.text_area(key="context_pain_points_new_description").value == "Night releases go unattended"


def test_a_walkthrough_result_is_stored_and_counted(demo_db):
    app = start("context", lang="en", assessment=demo_db.demo_id)
    app.selectbox(key="context_wt_process").set_value("change").run()
    assert app.selectbox(key="context_wt_walkthrough_change").value == "CHG-WT1"
    app.selectbox(key="context_wt_check_CHG-WT1").set_value("CHG-WT1-c")
    app.text_input(key="context_wt_sample").input("CHG-202603-0077")
    app.selectbox(key="context_wt_unit").set_value("深圳研发中心")
    app.radio(key="context_wt_passed").set_value(False)
    app.text_input(key="context_wt_note").input("Approved after the change had started")
    app.button(key="context_wt_save").click().run()
    assert not app.exception
    assert not app.error

    results = walkthrough_results_of(demo_db.workspace, demo_db.demo_id)
    row = results[results["sample"] == "CHG-202603-0077"].iloc[0]
    assert (row["check"], row["unit"], bool(row["passed"]), row["note"]) == (
        "CHG-WT1-c",
        "深圳研发中心",
        False,
        "Approved after the change had started",
    )
    shown = app.dataframe[-1].value
    assert "CHG-202603-0077" in shown["Sampled record"].tolist()
    before = results[(results["check"] == "CHG-WT1-c") & (results["sample"] != "CHG-202603-0077")]
    rates = app.dataframe[-2].value.set_index("Check")
    assert rates.loc["CHG-WT1-c", "Samples"] == len(before) + 1
    assert rates.loc["CHG-WT1-c", "Failed"] == (~before["passed"].astype(bool)).sum() + 1
    # ready for the next check of the same sample
    assert app.selectbox(key="context_wt_check_CHG-WT1").value == "CHG-WT1-d"
    assert app.text_input(key="context_wt_sample").value == "CHG-202603-0077"
    assert app.text_input(key="context_wt_note").value == ""


def test_english_labels_carry_no_chinese(demo_db):
    app = start("context", lang="en", assessment=demo_db.demo_id)
    labels = [app.title[0].value] + [element.value for element in app.subheader]
    for kind in ("selectbox", "radio", "multiselect", "number_input", "text_input", "text_area", "button"):
        labels += [element.label for element in app.get(kind) if element.key not in ("app_lang_pick",)]
    labels += list(app.dataframe[0].value.columns)
    assert [label for label in labels if has_cjk(label)] == []


def test_a_record_and_a_walkthrough_result_can_be_deleted_and_stay_in_the_audit_log(demo_db):
    app = open_section(start("context", assessment=demo_db.demo_id, user="顾问乙"), "pain_points", "pp-01")
    before = context_of(demo_db.workspace, demo_db.demo_id)["pain_points"]["pp-01"]
    app.button(key="context_delete_pain_points_pp-01").click().run()
    assert not app.exception
    assert "pp-01" not in context_of(demo_db.workspace, demo_db.demo_id)["pain_points"]
    entry = audit_of(demo_db.workspace, demo_db.demo_id, entity="context").iloc[0]
    assert (entry["action"], entry["key"], entry["actor"], entry["before"]) == (
        "delete",
        "pain_points/pp-01",
        "顾问乙",
        before,
    )

    app.selectbox(key="context_wt_process").set_value("change").run()
    results = walkthrough_results_of(demo_db.workspace, demo_db.demo_id)
    first = results[results["check"].str.startswith("CHG-WT1")].iloc[0]
    app.selectbox(key="context_wt_delete_pick").set_value(f"{first['check']}\x1f{first['sample']}").run()
    app.button(key="context_wt_delete").click().run()
    assert not app.exception
    after = walkthrough_results_of(demo_db.workspace, demo_db.demo_id)
    assert len(after) == len(results) - 1
    assert not ((after["check"] == first["check"]) & (after["sample"] == first["sample"])).any()
    assert audit_of(demo_db.workspace, demo_db.demo_id, entity="walkthrough")["action"].iloc[0] == "delete"
