"""Correcting collected data in the app: a respondent edited, merged, deleted; an import undone; an assessment
archived, restored and deleted with its name typed."""

from __future__ import annotations

from pathlib import Path

from assessment.workspace.assessments import add_respondent, list_assessments
from assessment.workspace.corrections import import_batches
from assessment.workspace.queries import answers_of, audit_of, respondents_of
from assessment.workspace.recording import import_responses, record_answer
from tests.app.conftest import shown, start


def person(db, name: str):
    return respondents_of(db.workspace, db.demo_id).set_index("respondent").loc[name]


def survey(db, lang: str = "en"):
    return start("survey", lang=lang, assessment=db.demo_id)


def test_a_respondent_is_corrected_on_the_survey_page(demo_db):
    app = survey(demo_db)
    app.selectbox(key="corrections_respondent").set_value("张伟").run()
    app.text_input(key="corrections_name").input("张伟（运维部）")
    app.selectbox(key="corrections_unit").set_value("上海数据中心")
    app.selectbox(key="corrections_role").set_value("process_designer")
    app.button(key="FormSubmitter:corrections_form-Save the respondent").click().run()
    assert not app.exception
    assert not app.error
    changed = person(demo_db, "张伟（运维部）")
    assert (changed["role"], changed["unit"]) == ("process_designer", "上海数据中心")
    assert app.selectbox(key="corrections_respondent").value == "张伟（运维部）"
    assert audit_of(demo_db.workspace, demo_db.demo_id).iloc[0]["action"] == "edit"


def test_the_same_person_twice_is_merged_and_a_respondent_deleted(demo_db):
    add_respondent(demo_db.workspace, demo_db.demo_id, "张伟2", role="process_owner")
    record_answer(demo_db.workspace, demo_db.demo_id, "张伟2", "CHG-1-01", "3")
    app = survey(demo_db)
    app.selectbox(key="corrections_respondent").set_value("张伟2").run()
    app.selectbox(key="corrections_merge_into").set_value("张伟").run()
    app.button(key="corrections_merge").click().run()
    assert not app.exception
    names = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    assert "张伟2" not in names
    assert answers_of(demo_db.workspace, demo_db.demo_id, "张伟")["CHG-1-01"]["answer"] == "3"

    app.selectbox(key="corrections_respondent").set_value("李明").run()
    assert app.button(key="corrections_delete").disabled  # not before it is confirmed
    app.checkbox(key="corrections_delete_sure").check().run()
    app.button(key="corrections_delete").click().run()
    assert "李明" not in respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()


def test_an_import_is_undone_on_the_survey_page(demo_db, tmp_path: Path):
    path = tmp_path / "late.csv"
    path.write_text("respondent,role,unit,method,item,answer\n迟到者,key_user,北京总部,survey,INC-1-01,2\n")
    batch = import_responses(demo_db.workspace, demo_db.demo_id, path, actor="顾问甲").batch
    app = survey(demo_db, lang="zh")
    table = next(frame.value for frame in app.dataframe if "文件" in frame.value.columns)
    assert table[["编号", "文件", "操作人", "新增答卷人"]].values.tolist()[0] == [batch, "late.csv", "顾问甲", 1]
    app.selectbox(key="corrections_batch").set_value(batch).run()
    app.button(key="corrections_undo").click().run()
    assert not app.error
    assert "迟到者" not in respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    assert import_batches(demo_db.workspace, demo_db.demo_id)[0].undone_at is not None


def test_an_import_that_cannot_be_undone_says_why(demo_db):
    record_answer(demo_db.workspace, demo_db.demo_id, "张伟", "INC-1-01", "0", comment="复核")
    app = survey(demo_db)
    app.button(key="corrections_undo").click().run()  # the demo's own import: 张伟's answer changed since
    assert "has changed since demo-answers.csv was imported" in shown(app.error[0].value)


def test_an_assessment_is_archived_restored_and_deleted_with_its_name_typed(demo_db):
    app = start("assessments", lang="en", assessment=demo_db.demo_id)
    app.button(key="archive_open").click().run()
    assert not app.exception
    assert list_assessments(demo_db.workspace) == []
    assert app.session_state["app_assessment"] is None
    app.selectbox(key="archive_pick").set_value(demo_db.demo_id)
    app.button(key="archive_restore").click().run()
    assert [s.id for s in list_assessments(demo_db.workspace)] == [demo_db.demo_id]
    assert app.session_state["app_assessment"] == demo_db.demo_id

    name = list_assessments(demo_db.workspace)[0].name
    key = f"archive_typed_{demo_db.demo_id}"
    app.text_input(key=key).input("wrong").run()
    assert app.button(key="archive_delete").disabled
    app.text_input(key=key).input(name).run()
    app.button(key="archive_delete").click().run()
    assert not app.exception
    assert list_assessments(demo_db.workspace) == list_assessments(demo_db.workspace, archived=True) == []
