"""The app while its PostgreSQL server is stopped: a clear message, the answer kept, saved when the server is back."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.workspace import recording
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, respondents_of
from tests.app.conftest import shown, start
from tests.faults.conftest import QUESTIONNAIRE

PERSON = "李娜"


def radio(app: AppTest, item: str):
    return app.radio(key=f"interview_answer::{PERSON}::{item}")


def stored(url: str, assessment: int) -> dict[str, str]:
    """The answers stored for the respondent, read through a workspace of its own (not the app's)."""
    workspace = Workspace(url)
    try:
        return {item: saved["answer"] for item, saved in answers_of(workspace, assessment, PERSON).items()}
    finally:
        workspace.dispose()


def messages(app: AppTest) -> str:
    return "\n".join(error.value for error in app.error)


def test_an_answer_given_while_the_server_is_stopped_is_kept_and_saved_when_it_is_back(cluster, monkeypatch):
    url = cluster.create_database("maturitymap")
    workspace = Workspace(url)
    assessment = create_assessment(workspace, client="示例客户", name="2026 基线评估", questionnaire=QUESTIONNAIRE)
    add_respondent(workspace, assessment, PERSON, role="process_owner")
    workspace.dispose()
    monkeypatch.setenv("MATURITYMAP_DATABASE_URL", url)
    app = start("interview", lang="en", assessment=assessment)
    app.selectbox(key="interview_respondent").set_value(PERSON).run()
    app.selectbox(key="interview_process").set_value("change").run()
    radio(app, "CHG-1-01").set_value("3").run()
    assert stored(url, assessment) == {"CHG-1-01": "3"}
    app.run()  # the whole page: an answer reruns its item's card alone, and AppTest keeps only what last ran

    cluster.halt()
    radio(app, "CHG-1-02").set_value("2").run()  # its callback cannot save it
    assert not app.exception
    assert "The database cannot be reached" in messages(app)
    assert "Your last answers (1) are kept in this browser session" in messages(app)
    assert "What the database driver said: " in app.caption[-1].value
    app.button(key="app_try_again").click().run()  # still stopped: the answer stays kept
    assert not app.exception
    assert "Your last answers (1) are kept in this browser session" in messages(app)

    chinese = start("interview", lang="zh", assessment=assessment)  # another consultant, in Chinese
    assert not chinese.exception
    assert "无法连接数据库" in messages(chinese)
    assert chinese.button(key="app_try_again").label == "重试"

    cluster.start()
    app.button(key="app_try_again").click().run()
    assert not app.exception
    assert not app.error  # the pool's connections cut by the stop are replaced, not handed out broken
    assert [toast.value for toast in app.toast] == ["The database is back: 1 kept answers saved."]
    assert radio(app, "CHG-1-02").value == "2"
    assert stored(url, assessment) == {"CHG-1-01": "3", "CHG-1-02": "2"}

    app.run()  # saved once: nothing is kept any more
    assert not app.toast
    assert stored(url, assessment) == {"CHG-1-01": "3", "CHG-1-02": "2"}

    cluster.halt()  # a restart while nobody uses the app: every connection in its pool is cut
    cluster.start()
    radio(app, "CHG-2-01").set_value("4").run()
    assert not app.exception
    assert not app.error  # the pool hands out no broken connection
    assert stored(url, assessment) == {"CHG-1-01": "3", "CHG-1-02": "2", "CHG-2-01": "4"}


def test_a_database_url_to_a_dead_server_shows_the_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("MATURITYMAP_DATABASE_URL", f"postgresql+psycopg://postgres@/maturitymap?host={tmp_path}&port=1")
    for lang, expected in (("en", "The database cannot be reached"), ("zh", "无法连接数据库")):
        app = start("interview", lang=lang)
        assert not app.exception
        assert expected in messages(app)
        assert str(tmp_path) in shown(app.caption[-1].value)  # the driver names the server it tried


def test_a_survey_import_cut_between_two_files_says_which_file_was_imported(cluster, monkeypatch):
    url = cluster.create_database("maturitymap")
    workspace = Workspace(url)
    assessment = create_assessment(workspace, client="示例客户", name="2026 基线评估", questionnaire=QUESTIONNAIRE)
    workspace.dispose()
    monkeypatch.setenv("MATURITYMAP_DATABASE_URL", url)
    real_import = recording.import_responses

    def import_then_stop_the_server(*args, **kwargs):
        report = real_import(*args, **kwargs)
        cluster.halt()  # the server goes away after the first file
        return report

    monkeypatch.setattr(recording, "import_responses", import_then_stop_the_server)
    app = start("survey", lang="en", assessment=assessment)
    files = [
        (f"{name}.csv", f"respondent,role,item,answer\n{name},practitioner,CHG-1-01,3\n".encode(), "text/csv")
        for name in ("alice", "bob")
    ]
    app.file_uploader[0].set_value(files).run()
    app.button(key="survey_import").click().run()
    assert not app.exception
    assert "The database cannot be reached" in messages(app)

    cluster.start()
    app.button(key="app_try_again").click().run()
    assert not app.exception
    assert [message.value.split(" ")[0] for message in app.success] == ["alice.csv"]
    assert [shown(message.value).split("\n\n")[0] for message in app.error] == [
        "bob.csv: not imported, nothing was written."
    ]
    assert "The database cannot be reached (" in app.error[0].value
    workspace = Workspace(url)
    assert respondents_of(workspace, assessment)["respondent"].tolist() == ["alice"]
    workspace.dispose()
