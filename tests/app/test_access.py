"""Who sees which assessment in the workbench: a member sees only the assessments they are a member of — in the
sidebar, the list, the compare baselines — an address naming another one (?a=) is refused without saying whether
it exists, and whoever creates an assessment is its lead."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.accounts import memberships, users
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import copy_assessment, create_assessment
from tests.app.conftest import APP, ROOT, TIMEOUT, start
from tests.app.test_assessments import CREATE, fill_new_assessment
from tests.signed_in import PASSWORD, username_for

QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire


def member(database, name: str, **roles: str) -> None:
    """An account that is no administrator, with a role on the assessments named (by id)."""
    users.add_user(database.workspace, username_for(name), actor="t", display_name=name, password=PASSWORD)
    for assessment_id, role in roles.items():
        memberships.grant(database.workspace, int(assessment_id), username_for(name), role, actor="t")


def other_client(database) -> int:
    return create_assessment(
        database.workspace, client="乙公司", name="2026 基线", questionnaire=QUESTIONNAIRE, units=["总部"]
    )


def test_a_member_sees_only_the_assessments_they_are_a_member_of(demo_db):
    other = other_client(demo_db)
    member(demo_db, "陈顾问", **{str(demo_db.demo_id): "consultant"})
    app = start("assessments", assessment=demo_db.demo_id, user="陈顾问")
    assert not app.exception
    assert app.sidebar.selectbox(key="app_assessment_pick").options == [
        "示范集团（演示数据）/ Demo Group (demo data) · 2026 ITSM 现状评估 (demo)"
    ]
    listed = app.dataframe[0].value
    assert "乙公司" not in listed.to_string()
    admin = start("assessments", assessment=other)  # the administrator sees both
    assert len(admin.sidebar.selectbox(key="app_assessment_pick").options) == 2


def test_an_address_naming_another_assessment_is_refused_alike_whether_it_exists_or_not(demo_db):
    other = other_client(demo_db)
    member(demo_db, "陈顾问", **{str(demo_db.demo_id): "viewer"})
    refusals = []
    for asked in (other, 999):
        app = AppTest.from_file(APP, default_timeout=TIMEOUT)
        app.session_state["test_signed_in_as"] = "陈顾问"
        app.query_params["a"] = str(asked)
        app.query_params["lang"] = "en"
        app.run()
        assert not app.exception
        refusals.append([error.value for error in app.error])
        assert app.session_state["app_assessment"] == demo_db.demo_id  # the one they may see is open instead
        assert "乙公司" not in str([element.value for element in app.main.markdown])
    assert refusals == [
        [
            f"Assessment {asked} is not open to you: it does not exist, or you are not one of its members. "
            "Its lead or an administrator can add you."
        ]
        for asked in (other, 999)
    ]


def test_someone_who_is_a_member_of_nothing_sees_nothing(demo_db):
    member(demo_db, "新同事")
    app = start("results", user="新同事", lang="en")
    assert not app.exception
    assert not app.sidebar.selectbox
    assert app.session_state["app_assessment"] is None
    assert not app.dataframe


def test_whoever_creates_or_copies_an_assessment_is_its_lead(demo_db):
    member(demo_db, "林顾问", **{str(demo_db.demo_id): "consultant"})
    app = start("assessments", lang="en", user="林顾问")
    fill_new_assessment(app, "丙公司", "2026 baseline")
    app.button(key=CREATE.format("Create and open")).click().run()
    assert not app.exception
    created = app.session_state["app_assessment"]
    assert created != demo_db.demo_id
    lead = [(m.user.name, m.role) for m in memberships.members(demo_db.workspace, created)]
    assert lead == [("林顾问", "lead")]
    assert len(app.sidebar.selectbox(key="app_assessment_pick").options) == 2  # the demo and the new one


def test_compare_offers_only_baselines_the_user_may_see(demo_db):
    copy = copy_assessment(demo_db.workspace, demo_db.demo_id, "2027 复评")
    member(demo_db, "周顾问", **{str(copy): "lead"})  # not a member of the demo, the copy's baseline
    app = start("compare", assessment=copy, user="周顾问", lang="en")
    assert not app.exception
    assert "compare_baseline" not in [select.key for select in app.selectbox]  # the demo is not offered
    assert any("Nothing to compare with" in info.value for info in app.info)


def test_opening_an_assessment_changes_no_one_s_role(demo_db):
    other = other_client(demo_db)
    member(demo_db, "吴观察", **{str(demo_db.demo_id): "viewer", str(other): "viewer"})
    app = start("assessments", assessment=other, user="吴观察", lang="en")
    app.selectbox(key="assessments_open_pick").set_value(demo_db.demo_id).run()
    app.button(key="assessments_open").click().run()
    assert not app.exception
    assert app.session_state["app_assessment"] == demo_db.demo_id
    roles = {m.user.name: m.role for m in memberships.members(demo_db.workspace, demo_db.demo_id)}
    assert roles["吴观察"] == "viewer"  # opening is not creating: still a viewer, not the lead


def test_a_viewer_reads_and_changes_nothing_and_gets_no_file_with_names(demo_db):
    member(demo_db, "董事会", **{str(demo_db.demo_id): "viewer"})
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # no collecting page for a viewer
        start("interview", assessment=demo_db.demo_id, user="董事会")

    consensus = start("consensus", assessment=demo_db.demo_id, user="董事会")
    assert not consensus.exception
    assert "consensus_reconcile" not in [button.key for button in consensus.button]

    roadmap = start("roadmap", assessment=demo_db.demo_id, user="董事会")
    assert not roadmap.exception
    sliders = [slider for slider in roadmap.select_slider if slider.key.startswith("roadmap_target_")]
    assert sliders
    assert all(slider.disabled for slider in sliders)
    capacities = [box for box in roadmap.number_input if box.key.startswith("roadmap_capacity")]
    assert len(capacities) > 1  # every workstream's and each one's own
    assert all(box.disabled for box in capacities)
    assert "调整路线图" not in [header.value for header in roadmap.subheader]

    report = start("report", assessment=demo_db.demo_id, user="董事会")
    assert not report.exception
    offered = report.multiselect(key="report_files_pick").options
    assert offered
    assert not [option for option in offered if "原始数据" in option or "数据包" in option]

    listing = start("assessments", assessment=demo_db.demo_id, user="董事会")
    assert "assessments_bundle_export" not in [button.key for button in listing.get("download_button")]
    assert not [expander for expander in listing.expander if expander.label == "归档或删除"]


def test_a_consultant_collects_but_does_not_archive_or_delete(demo_db):
    member(demo_db, "何顾问", **{str(demo_db.demo_id): "consultant"})
    app = start("interview", assessment=demo_db.demo_id, user="何顾问")
    assert [title.value for title in app.title] == ["访谈"]
    listing = start("assessments", assessment=demo_db.demo_id, user="何顾问")
    assert not [expander for expander in listing.expander if expander.label == "归档或删除"]
    report = start("report", assessment=demo_db.demo_id, user="何顾问")
    assert any("原始数据" in option for option in report.multiselect(key="report_files_pick").options)


def test_a_viewer_finds_no_respondent_name_on_the_pages_they_read(demo_db):
    from assessment.workspace.queries import respondents_of

    names = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    member(demo_db, "监事", **{str(demo_db.demo_id): "viewer"})
    for page in ("results", "consensus", "roadmap", "report", "assessments"):
        app = start(page, assessment=demo_db.demo_id, user="监事")
        assert not app.exception, page
        shown = " ".join(
            [frame.value.to_string() for frame in app.dataframe]
            + [element.value for element in [*app.markdown, *app.caption, *app.info, *app.warning]]
        )
        assert [name for name in names if name in shown] == [], page
    consultant = start("results", assessment=demo_db.demo_id)  # an administrator sees them
    assert any(name in consultant.dataframe[-1].value.to_string() for name in names)


def test_the_lead_manages_the_members_and_hides_names_for_an_anonymous_survey(demo_db):
    member(demo_db, "负责人甲", **{str(demo_db.demo_id): "lead"})
    member(demo_db, "顾问乙", **{str(demo_db.demo_id): "consultant"})
    member(demo_db, "客户丙")
    consultant = start("setup", assessment=demo_db.demo_id, user="顾问乙")
    assert "members_grant" not in [button.key for button in consultant.button]  # the lead's, not a consultant's

    app = start("setup", assessment=demo_db.demo_id, user="负责人甲")
    app.selectbox(key="members_user").set_value(username_for("客户丙"))
    app.selectbox(key="members_role").set_value("查看者（专项工作组，只读）")
    app.button(key="members_grant").click().run()
    assert not app.exception
    roles = {m.user.name: m.role for m in memberships.members(demo_db.workspace, demo_db.demo_id)}
    assert roles["客户丙"] == "viewer"
    table = app.dataframe[-1].value
    assert "查看者（专项工作组，只读）" in table["角色"].tolist()

    app.toggle(key="members_names_hidden").set_value(True).run()
    assert memberships.names_hidden(demo_db.workspace, demo_db.demo_id)
    results = start("results", assessment=demo_db.demo_id, user="顾问乙")
    from assessment.workspace.queries import respondents_of

    names = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    assert not [name for name in names if name in results.dataframe[-1].value.to_string()]

    app.selectbox(key="members_remove").set_value(username_for("负责人甲"))
    app.button(key="members_revoke").click().run()
    assert "该评估的最后一位负责人" in " ".join(error.value for error in app.error)


def shown_text(app: AppTest) -> str:
    """Everything a page shows as text: tables, Markdown, captions, notices, the choices of every select box, the
    values in text fields, and the page's address parameters."""
    return " ".join(
        [frame.value.to_string() for frame in app.dataframe]
        + [e.value for e in [*app.markdown, *app.caption, *app.info, *app.warning, *app.success, *app.error]]
        + [str(option) for box in app.selectbox for option in box.options]
        + [str(field.value) for field in app.text_input]
        + [str(value) for value in app.query_params.values()]
        + [str(box.label) for box in app.checkbox]
    )


def test_a_consultant_of_an_anonymous_survey_collects_without_seeing_a_name(demo_db):
    from assessment.workspace.queries import answers_of, respondents_of

    names = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    member(demo_db, "匿名顾问", **{str(demo_db.demo_id): "consultant"})
    memberships.set_names_hidden(demo_db.workspace, demo_db.demo_id, True, actor="t")
    for page in ("interview", "survey", "results", "consensus", "roadmap", "report", "setup", "context"):
        app = start(page, assessment=demo_db.demo_id, user="匿名顾问")
        assert not app.exception, page
        assert [name for name in names if name in shown_text(app)] == [], page

    interview = start("interview", assessment=demo_db.demo_id, user="匿名顾问")
    (picker,) = [box for box in interview.selectbox if box.key == "interview_respondent"]
    assert picker.options[0].startswith("匿名答卷人 1")
    picker.set_value(names[0]).run()  # the consultant still interviews: answers go to the right respondent
    assert not interview.exception
    assert [name for name in names if name in shown_text(interview)] == []
    group = next(radio for radio in interview.radio if radio.key.startswith("interview_answer::"))
    item = group.key.rsplit("::", 1)[1]
    other = (
        "na"
        if answers_of(demo_db.workspace, demo_db.demo_id, names[0]).get(item, {}).get("answer") != "na"
        else "unknown"
    )
    group.set_value(other).run()
    assert answers_of(demo_db.workspace, demo_db.demo_id, names[0])[item]["answer"] == other

    lead = start("interview", assessment=demo_db.demo_id)  # the administrator (a lead's rights) sees the names
    (picker,) = [box for box in lead.selectbox if box.key == "interview_respondent"]
    assert picker.options[0].startswith(names[0])
