"""Members of an assessment on both engines: what each role may do, who sees which assessments, the last lead,
and respondents' names hidden from consultants in an anonymous survey."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.accounts import memberships, users
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import audit_of

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire
GOOD = "correct horse battery"


@pytest.fixture
def team(workspace):
    """Two clients' assessments; an administrator, a lead, a consultant and a viewer of the first, and the lead of
    the second."""
    first = create_assessment(workspace, client="甲公司", name="2026", questionnaire=QUESTIONNAIRE, units=["a"])
    second = create_assessment(workspace, client="乙公司", name="2026", questionnaire=QUESTIONNAIRE, units=["a"])
    people = {}
    for name, role in [
        ("root", "admin"),
        ("lead", "member"),
        ("cons", "member"),
        ("view", "member"),
        ("other", "member"),
    ]:
        people[name], _ = users.add_user(workspace, name, actor="root", system_role=role, password=GOOD)
    for name, role in [("lead", "lead"), ("cons", "consultant"), ("view", "viewer")]:
        memberships.grant(workspace, first, name, role, actor="root")
    memberships.grant(workspace, second, "other", "lead", actor="root")
    return workspace, first, second, people


def test_each_role_may_do_what_its_table_says_and_nothing_on_another_assessment(team):
    workspace, first, second, people = team
    capabilities = ("see", "names", "collect", "analyse", "report", "members", "delete")
    allowed = {name: [c for c in capabilities if memberships.may(workspace, people[name], first, c)] for name in people}
    assert allowed == {
        "root": list(capabilities),
        "lead": list(capabilities),
        "cons": ["see", "names", "collect", "analyse", "report"],
        "view": ["see", "report"],
        "other": [],
    }
    assert not memberships.may(workspace, people["lead"], second, "see")
    assert not memberships.may(workspace, None, first, "see")  # nobody signed in


def test_each_user_sees_only_the_assessments_they_are_members_of(team):
    workspace, first, second, people = team
    assert memberships.visible_ids(workspace, people["root"]) is None  # an administrator: every one
    assert memberships.visible_ids(workspace, people["cons"]) == {first}
    assert memberships.visible_ids(workspace, people["other"]) == {second}
    assert memberships.visible_ids(workspace, None) == set()
    users.set_active(workspace, "cons", False, actor="root")
    disabled = users.user_by_id(workspace, people["cons"].id)
    assert memberships.visible_ids(workspace, disabled) == set()


def test_an_anonymous_survey_hides_names_from_consultants_but_not_from_the_lead(team):
    workspace, first, _, people = team
    memberships.set_names_hidden(workspace, first, True, actor="lead")
    assert not memberships.may(workspace, people["cons"], first, "names")
    assert memberships.may(workspace, people["lead"], first, "names")
    assert memberships.may(workspace, people["cons"], first, "collect")  # still collects, without the names


def test_the_last_lead_stays_and_every_change_is_audited(team):
    workspace, first, _, _ = team
    with pytest.raises(WorkspaceError) as error:
        memberships.revoke(workspace, first, "lead", actor="root")
    assert [p.code for p in error.value.problems] == ["last_lead"]
    with pytest.raises(WorkspaceError):
        memberships.grant(workspace, first, "lead", "viewer", actor="root")
    memberships.grant(workspace, first, "cons", "lead", actor="lead")
    memberships.grant(workspace, first, "lead", "viewer", actor="cons")
    memberships.revoke(workspace, first, "view", actor="cons")
    assert [(m.user.username, m.role) for m in memberships.members(workspace, first)] == [
        ("cons", "lead"),
        ("lead", "viewer"),
    ]
    with pytest.raises(WorkspaceError) as error:
        memberships.grant(workspace, first, "nobody", "viewer", actor="cons")
    assert [p.code for p in error.value.problems] == ["user_not_found"]
    with pytest.raises(WorkspaceError) as error:
        memberships.grant(workspace, first, "other", "owner", actor="cons")
    assert [p.code for p in error.value.problems] == ["must_be_one_of"]
    log = audit_of(workspace, first, entity="member")
    assert log[["actor", "action", "key"]].values.tolist()[:3] == [
        ["cons", "revoke", "view"],
        ["cons", "grant", "lead"],
        ["lead", "grant", "cons"],
    ]
