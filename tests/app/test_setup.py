"""The set-up page in AppTest: every change is stored at once, refused changes show their problem."""

from __future__ import annotations

import datetime as dt

from assessment.analysis.scored import score_assessment
from assessment.workspace.assessments import clear_target, create_assessment, update_assessment
from assessment.workspace.context_records import record_context
from assessment.workspace.queries import assessment_details
from assessment.workspace.setup_sources import load_bundled
from tests.app.conftest import start


def stored(db, assessment_id=None):
    return assessment_details(db.workspace, assessment_id or db.demo_id)


def test_rule_scope_units_dates_client_and_name_are_stored(demo_db):
    app = start("setup", lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    assert app.radio(key="setup_rule").value == "iso33020"

    app.radio(key="setup_rule").set_value("c2m2").run()
    assert stored(demo_db).rule == "c2m2"
    assert [toast.value for toast in app.toast] == ["Scoring rule saved"]

    app.multiselect(key="setup_processes").set_value(["change", "incident"]).run()
    assert stored(demo_db).processes == ("incident", "change")  # kept in the questionnaire's order
    assert [slider.key for slider in app.select_slider] == ["setup_target_incident", "setup_target_change"]
    library = {process.id: len(process.items) for process in load_bundled("itsm-core").processes}
    assert app.metric[2].value == str(library["incident"] + library["change"])  # items in scope

    app.text_area(key="setup_units").set_value("北京总部\n广州分公司\n")
    app.button(key="FormSubmitter:setup_units_form-Save units").click().run()
    assert stored(demo_db).units == ("北京总部", "广州分公司")

    app.date_input(key="setup_started").set_value(dt.date(2026, 6, 1)).run()
    assert stored(demo_db).started_on == dt.date(2026, 6, 1)

    app.text_input(key="setup_client").set_value("Acme")
    app.text_input(key="setup_name").set_value(" 2026 Q2 ")
    app.button(key="FormSubmitter:setup_identity_form-Save client and name").click().run()
    assert (stored(demo_db).client, stored(demo_db).name) == ("Acme", "2026 Q2")
    assert app.text_input(key="setup_name").value == "2026 Q2"  # the widget shows what was stored
    assert app.caption[0].value == "Acme · 2026 Q2 (demo data)"  # renamed, the demo is still marked (once)
    assert not app.error


def test_role_weights_and_targets_are_stored_and_the_weights_change_the_scores(demo_db):
    before = score_assessment(demo_db.workspace, demo_db.demo_id).result.processes["score"].tolist()
    app = start("setup", lang="zh", assessment=demo_db.demo_id)
    owner = app.number_input(key="setup_weight_process_owner")
    assert (owner.label, owner.value) == ("流程负责人", 2.0)

    owner.set_value(10.0).run()
    assert stored(demo_db).role_weights == {"process_owner": 10.0}
    assert "问卷默认 2（已修改） · 答卷人 4 名" in [caption.value for caption in app.caption]
    after = score_assessment(demo_db.workspace, demo_db.demo_id).result.processes["score"].tolist()
    assert after != before

    app.number_input(key="setup_weight_key_user").set_value(3.0).run()
    app.number_input(key="setup_weight_process_owner").set_value(2.0).run()  # back to the questionnaire's weight
    assert stored(demo_db).role_weights == {"key_user": 3.0}
    app.button(key="setup_weights_reset").click().run()
    assert stored(demo_db).role_weights == {}
    assert app.number_input(key="setup_weight_key_user").value == 1.0

    app.select_slider(key="setup_target_change").set_value(5).run()
    assert stored(demo_db).targets["change"] == 5
    assert [toast.value for toast in app.toast] == ["变更管理的目标已保存"]


def test_a_refused_change_shows_its_problem_in_chinese_and_changes_nothing(demo_db):
    app = start("setup", lang="zh", assessment=demo_db.demo_id)
    scope = stored(demo_db).processes
    app.multiselect(key="setup_processes").set_value([]).run()
    assert [error.value for error in app.error] == ["评估范围至少需要一个流程"]
    assert stored(demo_db).processes == scope

    app.text_input(key="setup_name").set_value("   ")
    app.button(key="FormSubmitter:setup_identity_form-保存客户与名称").click().run()
    assert [error.value for error in app.error] == ["评估名称不能为空"]
    assert stored(demo_db).name == "2026 ITSM 现状评估 (demo)"


def test_targets_not_set_show_the_proposal_from_business_importance_and_can_be_accepted(empty_db):
    ws = empty_db.workspace
    assessment = create_assessment(
        ws, client="Acme", name="2026", questionnaire=load_bundled("itsm-core"), processes=["incident", "change"]
    )
    record_context(ws, assessment, "business_needs", "incident", {"importance": 5})
    app = start("setup", lang="en", assessment=assessment)
    assert not app.exception
    assert app.date_input(key="setup_started").value is None
    assert [slider.value for slider in app.select_slider] == [4, 3]
    captions = [caption.value for caption in app.caption]
    assert "Not set yet: proposed 4" in captions
    assert "Not set yet: proposed 3" in captions

    app.button(key="setup_targets_accept").click().run()
    assert stored(empty_db, assessment).targets == {"incident": 4, "change": 3}
    assert captions.count("Set by the steering group") == 0
    assert [caption.value for caption in app.caption].count("Set by the steering group") == 2

    # a target moved by hand, then sent back to the proposal
    app.select_slider(key="setup_target_incident").set_value(2).run()
    assert stored(empty_db, assessment).targets["incident"] == 2
    app.button(key="setup_target_clear_incident").click().run()
    assert not app.exception
    assert stored(empty_db, assessment).targets == {"change": 3}
    assert app.select_slider(key="setup_target_incident").value == 4  # the proposal again
    assert "Not set yet: proposed 4" in [caption.value for caption in app.caption]


def test_a_role_weight_of_zero_cannot_be_entered(demo_db):
    app = start("setup", lang="zh", assessment=demo_db.demo_id)
    weights = [field for field in app.number_input if field.key.startswith("setup_weight_")]
    assert weights
    assert all(field.min > 0 for field in weights)  # the service refuses a weight that is not above 0

    app.number_input(key="setup_weight_key_user").set_value(0.0).run()  # as typed: the input keeps to its minimum
    assert not app.exception
    assert not app.error
    assert app.number_input(key="setup_weight_key_user").value == 0.01
    assert stored(demo_db).role_weights == {"key_user": 0.01}


def test_a_weight_below_the_inputs_steps_stored_elsewhere_is_shown_as_it_is(demo_db):
    update_assessment(demo_db.workspace, demo_db.demo_id, role_weights={"key_user": 0.005})
    app = start("setup", lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    assert app.number_input(key="setup_weight_key_user").value == 0.005


def test_every_target_has_a_cell_of_its_own_in_rows_of_three_whether_set_or_proposed(demo_db):
    clear_target(demo_db.workspace, demo_db.demo_id, "incident")  # one proposed, the others set
    processes = list(stored(demo_db).processes)
    app = start("setup", lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    cells = [column for column in app.columns if len(column.get("select_slider"))]
    # one process per cell, in order: a cell with a button never pushes the slider below it down (the old grid put
    # processes 1, 4 and 7 in one column, so a button under process 1 moved process 4 out of line)
    assert [[slider.key for slider in cell.get("select_slider")] for cell in cells] == [
        [f"setup_target_{process}"] for process in processes
    ]
    first, second = cells[0], cells[1]
    assert [caption.value for caption in first.get("caption")] == ["Not set yet: proposed 4"]
    assert not first.get("button")
    assert [caption.value for caption in second.get("caption")] == ["Set by the steering group"]
    assert [button.label for button in second.get("button")] == ["Back to the proposal"]
    second.get("button")[0].click().run()
    assert not app.exception
    assert "problem" not in stored(demo_db).targets
