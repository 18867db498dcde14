"""A campaign's life on both engines: create (and what is refused), invite, list the links again, open each link to
its own respondent, revoke and reissue, close and reopen; the respondent's items filtered by role, answers stored as
the interview stores them, submit, progress by unit and role; the open link of an anonymous campaign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from assessment.campaigns import answering, service
from assessment.campaigns.answering import Refused
from assessment.campaigns.service import Invitee
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Respondent
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import answers_of, audit_of

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "campaigns" / "questionnaire.yaml").questionnaire
BASE = "https://survey.example.com"


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [problem.code for problem in error.value.problems]


def token_of(row: service.LinkRow) -> str:
    return row.link.removeprefix(BASE + service.LINK_PATH)


@pytest.fixture
def assessment(workspace) -> int:
    made = create_assessment(
        workspace, client="甲公司", name="2026", questionnaire=QUESTIONNAIRE, units=["总部", "华东"]
    )
    add_respondent(workspace, made, "王经理", role="process_owner", unit="总部", method="interview")
    add_respondent(workspace, made, "李用户", role="key_user", unit="华东")
    return made


def test_what_a_new_campaign_refuses(workspace, assessment):
    soon = service.utcnow() + dt.timedelta(days=1)
    cases = [
        ({"name": " "}, "empty_name"),
        ({"name": "x", "languages": ["fr"]}, "campaign_languages"),
        ({"name": "x", "processes": ["release"]}, "campaign_process"),
        ({"name": "x", "opens_at": soon, "closes_at": soon - dt.timedelta(hours=1)}, "campaign_dates"),
    ]
    for arguments, code in cases:
        with pytest.raises(WorkspaceError) as error:
            service.create_campaign(workspace, assessment, actor="t", **arguments)
        assert codes(error) == [code]
    service.create_campaign(workspace, assessment, name="第一轮", actor="t")
    with pytest.raises(WorkspaceError) as error:
        service.create_campaign(workspace, assessment, name="第一轮", actor="t")
    assert codes(error) == ["campaign_exists"]


def test_a_named_campaign_from_invitation_to_submit(workspace, assessment):
    welcome = {"zh": "欢迎", "en": "Welcome"}
    campaign = service.create_campaign(
        workspace, assessment, name="第一轮", processes=["incident"], welcome=welcome, actor="顾问"
    )
    assert service.invite(workspace, campaign, actor="顾问") == 2  # every respondent of the assessment
    newcomer = Invitee("赵工", role="key_user", unit="华东", email="zhao@example.com", phone="13800000000")
    assert service.invite(workspace, campaign, [newcomer], actor="顾问") == 1
    assert service.invite(workspace, campaign, actor="顾问") == 0  # a link each already: kept
    rows = service.links_of(workspace, campaign, BASE)
    assert [(r.respondent, r.role, r.unit, r.status) for r in rows] == [
        ("王经理", "process_owner", "总部", "invited"),
        ("李用户", "key_user", "华东", "invited"),
        ("赵工", "key_user", "华东", "invited"),
    ]
    assert (rows[2].email, rows[2].phone) == ("zhao@example.com", "13800000000")
    assert all(len(token_of(row)) == 32 for row in rows)
    assert service.links_of(workspace, campaign, BASE) == rows  # listed again: the same links
    with workspace.transaction() as session:
        method = session.scalar(select(Respondent.method).where(Respondent.name == "赵工"))
    assert method == "web survey"

    visits = {row.respondent: answering.open_link(workspace, token_of(row)) for row in rows}
    assert {name: visit.respondent for name, visit in visits.items()} == {name: name for name in visits}
    asked = {
        name: [item.id for _, items in answering.questions(workspace, visit) for item in items]
        for name, visit in visits.items()
    }
    assert asked["王经理"] == ["INC-1-01", "INC-1-02", "INC-2-01"]  # the owner's items of the campaign's process
    assert asked["李用户"] == ["INC-1-01", "INC-2-01"]  # the key user's (INC-2-01 names no role: everyone's)

    user = visits["李用户"]
    assert answering.save_answer(workspace, user, "INC-1-01", "2", "每周回顾")
    assert answers_of(workspace, assessment, "李用户") == {
        "INC-1-01": {"answer": "2", "comment": "每周回顾", "evidence": []}
    }
    for item in ("INC-1-02", "CHG-2-01", "NOPE"):  # not theirs, not in the campaign, not at all
        with pytest.raises(WorkspaceError) as error:
            answering.save_answer(workspace, user, item, "1")
        assert codes(error) == ["item_not_asked"]
    with pytest.raises(WorkspaceError) as error:
        answering.save_answer(workspace, user, "INC-2-01", "7")
    assert codes(error) == ["answer_not_allowed"]
    answering.submit(workspace, user)
    audit = audit_of(workspace, assessment)
    assert "web survey · 第一轮" in audit["actor"].tolist()

    table, waiting = service.progress_of(workspace, campaign)
    assert [(p.unit, p.role, p.invited, p.started, p.completed) for p in table] == [
        ("华东", "key_user", 2, 1, 1),
        ("总部", "process_owner", 1, 0, 0),
    ]
    assert [row.respondent for row in waiting] == ["赵工", "王经理"]
    statuses = {row.respondent: row.status for row in service.links_of(workspace, campaign, BASE)}
    assert statuses == {"王经理": "invited", "李用户": "completed", "赵工": "invited"}


def test_revoked_closed_and_reopened_links(workspace, assessment):
    campaign = service.create_campaign(workspace, assessment, name="第二轮", actor="t")
    service.invite(workspace, campaign, actor="t")
    first = token_of(service.links_of(workspace, campaign, BASE)[0])
    service.revoke_link(workspace, campaign, "王经理", actor="t")
    with pytest.raises(Refused) as refused:
        answering.open_link(workspace, first)
    assert refused.value.reason == "unknown"  # the old token names no link any more
    revoked = token_of(service.links_of(workspace, campaign, BASE)[0])
    with pytest.raises(Refused) as refused:
        answering.open_link(workspace, revoked)
    assert refused.value.reason == "revoked"
    service.reissue_link(workspace, campaign, "王经理", actor="t")
    fresh = token_of(service.links_of(workspace, campaign, BASE)[0])
    assert len({first, revoked, fresh}) == 3
    assert answering.open_link(workspace, fresh).respondent == "王经理"

    service.close_campaign(workspace, campaign, actor="t")
    with pytest.raises(Refused) as refused:
        answering.open_link(workspace, fresh)
    assert (refused.value.reason, refused.value.campaign.name) == ("closed", "第二轮")
    later = service.utcnow() + dt.timedelta(days=7)
    service.reopen_campaign(workspace, campaign, closes_at=later, actor="t")
    assert answering.open_link(workspace, fresh).campaign.closes_at == later.replace(microsecond=later.microsecond)
    service.extend_campaign(workspace, campaign, later + dt.timedelta(days=7), actor="t")
    with pytest.raises(WorkspaceError) as error:
        service.extend_campaign(workspace, campaign, service.utcnow() - dt.timedelta(days=1), actor="t")
    assert codes(error) == ["campaign_dates"]
    for token in ("short", "x" * 32, "!" * 32):
        with pytest.raises(Refused) as refused:
            answering.open_link(workspace, token)
        assert refused.value.reason == "unknown"


def test_a_campaign_not_open_yet(workspace, assessment):
    opens = service.utcnow() + dt.timedelta(days=2)
    campaign = service.create_campaign(workspace, assessment, name="下周", opens_at=opens, actor="t")
    service.invite(workspace, campaign, actor="t")
    with pytest.raises(Refused) as refused:
        answering.open_link(workspace, token_of(service.links_of(workspace, campaign, BASE)[0]))
    assert refused.value.reason == "not_open"


def test_the_open_link_of_an_anonymous_campaign(workspace, assessment):
    campaign = service.create_campaign(workspace, assessment, name="匿名", anonymous=True, actor="t")
    with pytest.raises(WorkspaceError) as error:
        service.invite(workspace, campaign, actor="t")
    assert codes(error) == ["campaign_anonymous"]
    (row,) = service.links_of(workspace, campaign, BASE)
    assert (row.respondent, row.status) == ("", "open link")
    door = answering.open_link(workspace, token_of(row))
    assert (door.kind, door.respondent) == ("open", "")
    roles, units = answering.roles_and_units(workspace, door)
    assert ([role.id for role in roles], units) == (["process_owner", "key_user"], ["总部", "华东"])
    with pytest.raises(WorkspaceError) as error:
        answering.save_answer(workspace, door, "INC-1-01", "1")  # the open link itself answers nothing
    assert codes(error) == ["item_not_asked"]
    for role, unit, code in (("ceo", "总部", "unknown_role"), ("key_user", "火星", "unknown_unit")):
        with pytest.raises(WorkspaceError) as error:
            answering.join(workspace, door, role, unit)
        assert codes(error) == [code]

    tokens = [answering.join(workspace, door, "key_user", "华东") for _ in range(2)]
    visits = [answering.open_link(workspace, token) for token in tokens]
    assert [visit.kind for visit in visits] == ["visitor", "visitor"]
    assert visits[0].respondent != visits[1].respondent  # two people, two anonymous respondents
    answering.save_answer(workspace, visits[0], "CHG-2-01", "3")
    with workspace.transaction() as session:
        person = session.scalar(select(Respondent).where(Respondent.name == visits[0].respondent))
    assert (person.anonymous, person.method, person.role, person.unit) == (True, "web survey", "key_user", "华东")
    table, waiting = service.progress_of(workspace, campaign)
    assert [(p.unit, p.role, p.invited, p.started) for p in table] == [("华东", "key_user", 2, 1)]
    assert waiting == []  # visitors are nobody to remind
    assert [row.respondent for row in service.links_of(workspace, campaign, BASE)] == [""]  # visitors' links: theirs


def test_a_practice_shared_by_the_campaign_s_processes_is_asked_once_on_a_page_of_its_own(workspace):
    questionnaire = load_questionnaire(ROOT / "tests" / "fixtures" / "campaigns" / "practices.yaml").questionnaire
    made = create_assessment(workspace, client="乙公司", name="2026", questionnaire=questionnaire, units=["总部"])
    campaign = service.create_campaign(workspace, made, name="第一轮", actor="t")
    people = [Invitee("王经理", "process_owner", "总部"), Invitee("李用户", "key_user", "总部")]
    service.invite(workspace, campaign, people, actor="t")
    visits = {
        row.respondent: answering.open_link(workspace, token_of(row))
        for row in service.links_of(workspace, campaign, BASE)
    }

    owner = answering.questions(workspace, visits["王经理"])
    assert [(part.id, [item.id for item in items]) for part, items in owner] == [
        ("_practices", ["INC-1-02", "CHG-1-01"]),  # the owner's appointment, once, for both processes
        ("incident", ["INC-1-01", "INC-2-01"]),  # and no longer on the process's page; change has nothing left
    ]
    (grid, _), *_ = owner
    assert [(practice.id, [process.id for process, _ in cells]) for practice, cells in grid.rows] == [
        ("owner", ["incident", "change"])
    ]
    assert answering.save_answer(workspace, visits["王经理"], "CHG-1-01", "3")  # a cell: its process's own item
    assert answers_of(workspace, made, "王经理")["CHG-1-01"]["answer"] == "3"
    user = answering.questions(workspace, visits["李用户"])  # the key user is not asked the practice: no grid
    assert [(part.id, [item.id for item in items]) for part, items in user] == [
        ("incident", ["INC-1-01", "INC-2-01"]),
        ("change", ["CHG-2-01"]),
    ]
