"""Changing an assessment's set-up on SQLite and PostgreSQL: what is stored, what is refused, what it does to scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessment.analysis.scored import score_assessment
from assessment.problems import QuestionnaireError
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Answer
from assessment.workspace import recording
from assessment.workspace.assessments import create_assessment, set_target, update_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import assessment_details, audit_of, revision_of
from assessment.workspace.setup_sources import questionnaire_from_upload, setup_outline

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire
# two respondents who see the change process very differently: the weight of their roles decides the score
TWO_VIEWS = "respondent,role,item,answer\n" + "".join(
    f"{person},{role},{item},{answer}\n"
    for person, role, answer in (("olga", "process_owner", "4"), ("pat", "practitioner", "1"))
    for item in ("CHG-1-01", "CHG-1-02", "CHG-2-01", "CHG-2-02", "CHG-2-03")
)


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace, client="示例客户", name="2026 baseline", questionnaire=QUESTIONNAIRE, units=["北京", "上海"]
    )


def answers_stored(workspace) -> int:
    with workspace.transaction() as session:
        return session.scalar(select(func.count()).select_from(Answer))


def change_score(workspace, assessment_id) -> float:
    processes = score_assessment(workspace, assessment_id).result.processes.set_index("process")
    return float(processes.loc["change", "score"])


def test_every_field_of_the_setup_is_changed_and_stored(workspace, assessment):
    changed = update_assessment(
        workspace,
        assessment,
        client="另一客户",
        name=" 2026 re-baseline ",
        rule="c2m2",
        processes=["incident"],
        units=["上海", "深圳", " ", "深圳"],
        role_weights={"process_owner": 3, "practitioner": 0.5},
        started_on=dt.date(2026, 4, 1),
        actor="lena",
    )
    assert changed is True
    details = assessment_details(workspace, assessment)
    assert (details.client, details.name, details.rule) == ("另一客户", "2026 re-baseline", "c2m2")
    assert details.processes == ("incident",)
    assert sorted(details.units) == ["上海", "深圳"]
    assert details.role_weights == {"process_owner": 3.0, "practitioner": 0.5}
    assert details.started_on == dt.date(2026, 4, 1)


def test_the_role_weights_of_the_assessment_replace_the_questionnaires_in_its_snapshot(workspace, assessment):
    update_assessment(workspace, assessment, role_weights={"practitioner": 4})
    weights = score_assessment(workspace, assessment).questionnaire.role_weights()
    assert weights == {"process_owner": 2.0, "practitioner": 4.0}
    update_assessment(workspace, assessment, role_weights={})
    assert assessment_details(workspace, assessment).role_weights == {}
    assert score_assessment(workspace, assessment).questionnaire.role_weights() == {
        "process_owner": 2.0,
        "practitioner": 1.0,
    }


def test_a_change_is_written_to_the_audit_log_and_raises_the_revision(workspace, assessment):
    revision = revision_of(workspace, assessment)
    update_assessment(workspace, assessment, rule="c2m2", units=["北京"], actor="lena")
    assert revision_of(workspace, assessment) == revision + 1
    entry = audit_of(workspace, assessment, entity="assessment").iloc[0]
    assert (entry["actor"], entry["action"], entry["key"]) == ("lena", "update", "2026 baseline")
    assert entry["before"] == {"rule": "iso33020", "units": ["上海", "北京"]}
    assert entry["after"] == {"rule": "c2m2", "units": ["北京"]}


def test_giving_the_setup_it_already_has_changes_nothing(workspace, assessment):
    revision = revision_of(workspace, assessment)
    entries = len(audit_of(workspace, assessment))
    changed = update_assessment(
        workspace,
        assessment,
        client="示例客户",
        name="2026 baseline",
        rule="iso33020",
        processes=["incident", "change"],  # the order given does not matter: the questionnaire's is kept
        units=["上海", "北京"],
        role_weights={},
    )
    assert changed is False
    assert update_assessment(workspace, assessment) is False
    assert revision_of(workspace, assessment) == revision
    assert len(audit_of(workspace, assessment)) == entries


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"name": "  "}, "empty_name", "the assessment name must not be empty"),
        ({"client": ""}, "empty_name", "the client name must not be empty"),
        (
            {"name": "2025 baseline"},
            "assessment_exists",
            "client '示例客户' already has an assessment named '2025 baseline'",
        ),
        ({"rule": "cmmi"}, "must_be_one_of", "must be one of iso33020, c2m2, got 'cmmi'"),
        ({"processes": ["change", "capacity"]}, "process_not_in_scope", "process 'capacity' is not in this"),
        ({"processes": []}, "scope_empty", "the scope needs at least one process"),
        ({"role_weights": {"cio": 2}}, "role_unknown", "unknown role 'cio'; the questionnaire has: practitioner, pro"),
        ({"role_weights": {"practitioner": 0}}, "role_weight_range", "the weight of role 'practitioner' must be"),
        ({"role_weights": {"practitioner": 101}}, "role_weight_range", "the weight of role 'practitioner' must be"),
        ({"role_weights": {"practitioner": True}}, "role_weight_range", "the weight of role 'practitioner' must be"),
    ],
)
def test_bad_setup_is_refused_and_nothing_changes(workspace, assessment, change, code, message):
    create_assessment(workspace, client="示例客户", name="2025 baseline", questionnaire=QUESTIONNAIRE)
    before = assessment_details(workspace, assessment)
    with pytest.raises(WorkspaceError) as raised:
        # a good change given with the bad one is not kept either: all or nothing
        update_assessment(workspace, assessment, units=["广州"], started_on=dt.date(2026, 5, 1), **change)
    assert [problem.code for problem in raised.value.problems] == [code]
    assert raised.value.problems[0].render("en").startswith(message)
    assert assessment_details(workspace, assessment) == before


def test_a_name_another_client_uses_is_free_and_moving_to_a_client_that_has_it_is_refused(workspace, assessment):
    other = create_assessment(workspace, client="Other Co", name="2026 baseline", questionnaire=QUESTIONNAIRE)
    with pytest.raises(WorkspaceError) as raised:
        update_assessment(workspace, assessment, client="Other Co")
    assert raised.value.problems[0].render("zh") == "客户“Other Co”已有名为“2026 baseline”的评估"
    assert update_assessment(workspace, other, client="Other Co", name="2026 Q2") is True
    assert update_assessment(workspace, assessment, client="Other Co") is True
    assert assessment_details(workspace, assessment).client == "Other Co"


def test_role_weights_change_the_score_of_a_stored_assessment(workspace, assessment, tmp_path):
    answers = tmp_path / "two-views.csv"
    answers.write_text(TWO_VIEWS, encoding="utf-8")
    recording.import_responses(workspace, assessment, answers)
    owners_count_double = change_score(workspace, assessment)  # the questionnaire: process owner 2, practitioner 1
    update_assessment(workspace, assessment, role_weights={"process_owner": 1})
    equal = change_score(workspace, assessment)
    # each answered item: olga 4 (achievement 1.0) and pat 1 (0.25), weighed 1:1
    one_to_one = score_assessment(workspace, assessment).result.items.set_index("item")
    assert one_to_one.loc["CHG-1-01", "achievement"] == pytest.approx(0.625)
    update_assessment(workspace, assessment, role_weights={"process_owner": 1, "practitioner": 3})
    practitioners_count_triple = change_score(workspace, assessment)
    assert owners_count_double > equal > practitioners_count_triple


def test_narrowing_the_scope_keeps_the_answers_and_widening_it_brings_them_back(workspace, assessment):
    update_assessment(workspace, assessment, units=["beijing"])  # worked.csv's unit
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    set_target(workspace, assessment, "incident", 2)
    full = score_assessment(workspace, assessment).result.processes.set_index("process")
    stored = answers_stored(workspace)
    update_assessment(workspace, assessment, processes=["change"])
    narrowed = score_assessment(workspace, assessment).result.processes
    assert list(narrowed["process"]) == ["change"]
    assert answers_stored(workspace) == stored
    update_assessment(workspace, assessment, processes=["change", "incident"])
    widened = score_assessment(workspace, assessment).result.processes.set_index("process")
    assert widened.loc["incident", ["level", "score", "target"]].tolist() == (
        full.loc["incident", ["level", "score", "target"]].tolist()
    )


def test_the_setup_outline_lists_every_process_the_questionnaires_weights_and_the_proposed_targets(
    workspace, assessment, tmp_path
):
    answers = tmp_path / "two-views.csv"
    answers.write_text(TWO_VIEWS, encoding="utf-8")
    recording.import_responses(workspace, assessment, answers)
    update_assessment(workspace, assessment, processes=["change"], role_weights={"process_owner": 5})
    outline = setup_outline(workspace, assessment)
    assert [(p.id, p.name.en, p.items) for p in outline.processes] == [
        ("change", "Change management", 9),
        ("incident", "Incident management", 2),
    ]
    assert {role.id: role.weight for role in outline.roles} == {"process_owner": 2.0, "practitioner": 1.0}
    assert outline.respondents_by_role == {"process_owner": 1, "practitioner": 1}
    assert outline.proposed_targets == {"change": 3}  # no business importance recorded: the default 3


def test_an_uploaded_questionnaire_with_mistakes_names_the_file_as_uploaded_with_lines():
    good = (FIXTURES / "questionnaire.yaml").read_text(encoding="utf-8")
    broken = good.replace("weight: 2,", "weight: -2,").replace("level: 4,", "level: 7,")
    with pytest.raises(QuestionnaireError) as raised:
        questionnaire_from_upload("my questionnaire.yaml", broken.encode())
    rendered = [problem.render("en") for problem in raised.value.problems]
    assert len(rendered) == 2
    assert rendered[0].startswith("my questionnaire.yaml:10: ")
    assert rendered[1].startswith("my questionnaire.yaml:26: ")
    loaded = questionnaire_from_upload("ok.yaml", good.encode())
    assert loaded.questionnaire.id == "worked-example"


def test_a_re_assessment_keeps_the_role_weights_and_refuses_an_empty_name_or_scope(workspace):
    from assessment.workspace.assessments import copy_assessment

    core = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    role = core.roles[0].id
    baseline = create_assessment(workspace, client="Acme", name="2026", questionnaire=core)
    update_assessment(workspace, baseline, role_weights={role: 3})
    again = copy_assessment(workspace, baseline, "2027")
    assert workspace_questionnaire_weight(workspace, again, role) == 3
    with pytest.raises(WorkspaceError) as raised:
        copy_assessment(workspace, baseline, "  ")
    assert [problem.code for problem in raised.value.problems] == ["empty_name"]
    with pytest.raises(WorkspaceError) as raised:
        create_assessment(workspace, client="Acme", name="empty", questionnaire=core, processes=[])
    assert [problem.code for problem in raised.value.problems] == ["scope_empty"]


def workspace_questionnaire_weight(workspace, assessment_id: int, role: str) -> float:
    from assessment.storage.tables import Assessment

    with workspace.transaction() as session:
        return workspace.questionnaire_of(session.get(Assessment, assessment_id)).role_weights()[role]


def test_a_cleared_target_defaults_again(workspace):
    from assessment.workspace.assessments import clear_target

    core = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(workspace, client="Acme", name="targets", questionnaire=core)
    set_target(workspace, assessment, "change", 5)
    before = revision_of(workspace, assessment)
    assert clear_target(workspace, assessment, "change", actor="sg") is True
    assert clear_target(workspace, assessment, "change", actor="sg") is False
    assert assessment_details(workspace, assessment).targets == {}
    assert revision_of(workspace, assessment) == before + 1
    entry = audit_of(workspace, assessment, entity="target").iloc[0]
    assert (entry["action"], entry["before"]) == ("clear", {"level": 5})
    processes = score_assessment(workspace, assessment).result.processes.set_index("process")
    assert processes.loc["change", "target"] == 3  # the default, no business importance recorded
