"""The interview page: answers, comments and evidence saved as given, respondents added, refusals shown."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from app_pages.common import has_cjk
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import update_assessment
from assessment.workspace.demo import QUESTIONNAIRE_PATH
from assessment.workspace.queries import answers_of, assessment_details, respondents_of
from tests.app.conftest import APP, TIMEOUT, shown, start

PERSON = "李明"  # a demo process owner who has not answered any change management item
CHANGE = sum(  # the scored change management items of the library
    1 for process, item in load_questionnaire(QUESTIONNAIRE_PATH).questionnaire.all_items()
    if process.id == "change" and item.is_scored
)  # fmt: skip


def key(kind: str, item: str, respondent: str = PERSON) -> str:
    return f"interview_{kind}::{respondent}::{item}"


def reload(assessment: int, respondent: str, lang: str = "en", process: str | None = None) -> AppTest:
    """A fresh browser session opened on the URL the interview page left: `?r=<respondent>&p=<process>`."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["app_lang"] = lang
    app.session_state["app_assessment"] = assessment
    app.query_params["r"] = respondent
    if process is not None:
        app.query_params["p"] = process
    app.run()
    return app.switch_page("app_pages/interview.py").run()


def answer_radios(app: AppTest) -> list:
    return [radio for radio in app.radio if radio.key.startswith("interview_answer::")]


def whole_page(app: AppTest) -> AppTest:
    """A run of the whole page. After an answer only the item's card and the progress bars run again (fragments);
    the browser keeps the rest of the page, but AppTest's elements are those of the last run only."""
    return app.run()


def progress_texts(app: AppTest) -> list[str]:
    return [element.proto.text for element in app.get("progress")]


def test_an_answer_comment_and_evidence_are_saved_at_once_and_shown_after_a_reload(demo_db):
    app = start("interview", lang="en", assessment=demo_db.demo_id)
    app.selectbox(key="interview_respondent").set_value(PERSON).run()
    app.selectbox(key="interview_process").set_value("change").run()
    assert f"Change management · 0/{CHANGE}" in progress_texts(app)
    assert app.query_params["r"] == PERSON

    app.radio(key=key("answer", "CHG-1-01")).set_value("3").run()
    assert answers_of(demo_db.workspace, demo_db.demo_id, PERSON)["CHG-1-01"]["answer"] == "3"
    assert [radio.key for radio in answer_radios(app)] == [key("answer", "CHG-1-01")]  # its card alone redrawn
    assert f"Change management · 1/{CHANGE}" in progress_texts(app)  # and the progress with it
    app.text_area(key=key("comment", "CHG-1-01")).input("CAB minutes seen for March").run()
    app.text_input(key=key("evidence", "CHG-1-01")).input("https://wiki.example/cab; ticket CHG-42").run()
    assert not app.exception
    assert not app.error
    assert answers_of(demo_db.workspace, demo_db.demo_id, PERSON)["CHG-1-01"] == {
        "answer": "3",
        "comment": "CAB minutes seen for March",
        "evidence": ["https://wiki.example/cab", "ticket CHG-42"],
    }
    assert f"Change management · 1/{CHANGE}" in progress_texts(app)

    assert app.query_params["p"] == "change"
    again = reload(demo_db.demo_id, PERSON, process=app.query_params["p"])
    assert again.selectbox(key="interview_respondent").value == PERSON
    assert again.selectbox(key="interview_process").value == "change"  # the reload keeps the process too
    assert again.radio(key=key("answer", "CHG-1-01")).value == "3"
    assert again.text_area(key=key("comment", "CHG-1-01")).value == "CAB minutes seen for March"
    assert again.text_input(key=key("evidence", "CHG-1-01")).value == "https://wiki.example/cab; ticket CHG-42"
    assert f"Change management · 1/{CHANGE}" in progress_texts(again)
    labels = [widget.label for widget in (*again.radio, *again.text_area, *again.text_input, *again.selectbox)]
    assert not [label for label in labels if has_cjk(label)]


def test_items_are_grouped_by_level_with_the_process_descriptors_and_filtered(demo_db):
    app = start("interview", lang="zh", assessment=demo_db.demo_id)
    app.selectbox(key="interview_respondent").set_value(PERSON).run()
    app.selectbox(key="interview_process").set_value("incident").run()
    assert [header.value for header in app.subheader][:5] == [f"第 {level} 级" for level in range(1, 6)]
    assert answer_radios(app)[0].options[:2] == ["未回答", "0 · 未实施"]
    help_text = answer_radios(app)[0].help  # what must be true to choose each answer, where it is chosen
    assert "**1 · 初步开展**: 在个别情况下开展，取决于具体经办人，尚不是大家都须遵守的做法。" in help_text
    assert help_text.endswith("能否出示证据另行记录在“证据”中。")
    assert all(has_cjk(widget.label) for widget in (*app.radio, *app.text_area, *app.text_input, *app.checkbox))
    everything = len(answer_radios(app))
    app.checkbox(key="interview_unanswered").check().run()
    answered = sum(1 for item in answers_of(demo_db.workspace, demo_db.demo_id, PERSON) if item.startswith("INC-"))
    assert 0 < len(answer_radios(app)) == everything - answered
    assert all(radio.value == "" for radio in answer_radios(app))


def test_a_respondent_added_on_the_page_is_stored_and_picked(demo_db):
    app = start("interview", lang="en", assessment=demo_db.demo_id)
    app.text_input(key="interview_new_name").input("Zhao Lei")
    app.selectbox(key="interview_new_role").set_value("process_executor")
    app.selectbox(key="interview_new_unit").set_value("上海数据中心")
    app.date_input(key="interview_new_date").set_value(dt.date(2026, 3, 9))
    app.button[0].click().run()  # the form's submit button
    assert not app.exception
    assert not app.error
    people = respondents_of(demo_db.workspace, demo_db.demo_id).set_index("respondent")
    assert people.loc["Zhao Lei", ["role", "unit", "method", "interviewed_on"]].tolist() == [
        "process_executor",
        "上海数据中心",
        "interview",
        dt.date(2026, 3, 9),
    ]
    assert app.selectbox(key="interview_respondent").value == "Zhao Lei"
    assert app.query_params["r"] == "Zhao Lei"
    assert len(answer_radios(app)) > 0

    app.text_input(key="interview_new_name").input("Zhao Lei")
    app.button[0].click().run()
    assert app.error[0].value == "respondent 'Zhao Lei' already exists"
    assert (respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"] == "Zhao Lei").sum() == 1


def test_an_answer_the_service_refuses_is_shown_and_not_stored(demo_db):
    app = start("interview", lang="en", assessment=demo_db.demo_id)
    app.selectbox(key="interview_respondent").set_value(PERSON).run()
    app.selectbox(key="interview_process").set_value("change").run()
    # a colleague takes change management out of the scope while the interviewer still has it on screen
    scope = [process for process in ("incident", "problem", "release") if process]
    update_assessment(demo_db.workspace, demo_db.demo_id, processes=scope)
    app.radio(key=key("answer", "CHG-1-01")).set_value("4").run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "item 'CHG-1-01' is not in this assessment's questionnaire or scope"
    ]
    assert "CHG-1-01" not in answers_of(demo_db.workspace, demo_db.demo_id, PERSON)


def test_a_new_session_saves_the_answer_the_browser_shows_and_the_server_never_received(demo_db):
    """A browser whose session is replaced (server restart, another replica) sends what it shows with its first run;
    Streamlit runs no callback for it. The page saves it and says so."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["app_lang"] = "en"
    app.session_state["app_assessment"] = demo_db.demo_id
    app.query_params["r"], app.query_params["p"] = PERSON, "change"
    app.session_state[key("answer", "CHG-1-01")] = "3"  # what the browser shows: clicked, never saved
    app.session_state[key("comment", "CHG-1-01")] = "typed before the restart"
    app.run()
    app.switch_page("app_pages/interview.py").run()
    assert not app.exception
    stored = answers_of(demo_db.workspace, demo_db.demo_id, PERSON)["CHG-1-01"]
    assert (stored["answer"], stored["comment"]) == ("3", "typed before the restart")
    assert [shown(info.value) for info in app.info] == [
        "Saved what your browser showed but the server had not received (the connection was renewed): CHG-1-01"
    ]
    assert f"Change management · 1/{CHANGE}" in progress_texts(app)


def test_a_change_made_elsewhere_is_not_overwritten_by_a_page_left_open(demo_db):
    app = reload(demo_db.demo_id, PERSON, process="change")
    app.radio(key=key("answer", "CHG-1-01")).set_value("2").run()
    other = reload(demo_db.demo_id, PERSON, process="change")  # a colleague, in another browser
    other.radio(key=key("answer", "CHG-1-01")).set_value("4").run()
    app.run()  # the first page runs again (another widget, a refresh): it still shows 2, and leaves the 4 alone
    assert answers_of(demo_db.workspace, demo_db.demo_id, PERSON)["CHG-1-01"]["answer"] == "4"
    assert not app.info


def test_an_item_answered_under_only_unanswered_stays_until_the_view_changes(demo_db):
    app = reload(demo_db.demo_id, PERSON, process="change")
    app.checkbox(key="interview_unanswered").check().run()
    first = answer_radios(app)[0].key
    app.radio(key=first).set_value("2").run()  # redraws the item's card alone
    whole_page(app)  # the next run of the whole page (another filter, a reload of the data) keeps it
    assert answer_radios(app)[0].key == first  # still there: its comment can be written
    app.text_area(key=first.replace("answer", "comment")).input("seen in the CAB minutes").run()
    assert answers_of(demo_db.workspace, demo_db.demo_id, PERSON)[first.rsplit("::", 1)[1]]["comment"] == (
        "seen in the CAB minutes"
    )
    whole_page(app)
    app.selectbox(key="interview_process").set_value("incident").run()
    app.selectbox(key="interview_process").set_value("change").run()
    assert first not in [radio.key for radio in answer_radios(app)]  # another view: answered items are gone


def test_the_practices_of_every_process_are_asked_once_in_a_grid_and_count_for_each_process(demo_db):
    app = start("interview", lang="en", assessment=demo_db.demo_id)
    app.selectbox(key="interview_respondent").set_value(PERSON).run()
    assert app.selectbox(key="interview_process").value == "incident"  # a process first, the grid one choice away
    app.selectbox(key="interview_process").set_value("_practices").run()
    assert not app.exception
    assert app.query_params["p"] == "_practices"
    questionnaire = load_questionnaire(QUESTIONNAIRE_PATH).questionnaire
    scope = assessment_details(demo_db.workspace, demo_db.demo_id).processes  # the core processes: no module
    owners = {p.id: item for p, item in questionnaire.all_items() if item.practice == "owner" and p.id in scope}
    assert len(owners) >= 5  # the owner's appointment, asked of most processes in one row
    cells = {box.key: box for box in app.selectbox if box.key.startswith("interview_answer::")}
    assert {key("answer", item.id) for item in owners.values()} <= set(cells)
    assert not [box for box in app.selectbox if box.key.startswith("interview_answer::") and has_cjk(box.label)]

    change_owner = owners["change"].id
    app.selectbox(key=key("answer", change_owner)).set_value("2").run()
    assert answers_of(demo_db.workspace, demo_db.demo_id, PERSON)[change_owner]["answer"] == "2"
    assert "Change management · 1/" in " ".join(progress_texts(app))  # counted for change management

    app.selectbox(key="interview_process").set_value("change").run()  # the same item on the process's page
    assert app.radio(key=key("answer", change_owner)).value == "2"
    again = reload(demo_db.demo_id, PERSON, process="_practices")
    assert again.selectbox(key="interview_process").value == "_practices"
    assert again.selectbox(key=key("answer", change_owner)).value == "2"
