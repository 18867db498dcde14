"""The respondent's pages over real HTTP (httpx against `streamlit run app.py`, no sign-in): a personal link's
overview and process pages, answers saved one by one and page by page, submit; the open link's role and unit; and
every refusal — a revoked link, a closed campaign, a forged token, a form without its anti-forgery token, another
respondent's item, too many requests — a clear page and nothing stored."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from assessment.campaigns import service
from assessment.campaigns.service import Invitee
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, assessment_details
from tests.e2e.test_survey_phone import invited

pytestmark = pytest.mark.e2e

PAGE_LIMIT = 150_000  # bytes of a respondent's first page, its style sheet and script included


@dataclass
class Survey:
    workspace: Workspace
    assessment: int
    campaign: int
    links: dict[str, str]  # respondent -> link


@pytest.fixture
def survey(module_server) -> Iterator[Survey]:
    workspace = Workspace(module_server.database_url)
    unit = assessment_details(workspace, module_server.demo_id).units[0]
    name = f"HTTP {len(service.campaigns_of(workspace, module_server.demo_id))}"
    campaign = service.create_campaign(workspace, module_server.demo_id, name=name, processes=["incident"], actor="t")
    people = [Invitee(f"{name} 关键用户", "key_user", unit), Invitee(f"{name} 流程负责人", "process_owner", unit)]
    service.invite(workspace, campaign, people, actor="t")
    links = {row.respondent: row.link for row in service.links_of(workspace, campaign, module_server.url)}
    try:
        yield Survey(workspace, module_server.demo_id, campaign, links)
    finally:
        workspace.dispose()


def csrf(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def radios(page: httpx.Response) -> list[tuple[str, str]]:
    """(item, answer) of every answer the page offers."""
    return re.findall(r'<input type="radio" name="answer-([^"]+)" value="([^"]+)"', page.text)


def test_a_personal_link_answers_item_by_item_and_page_by_page(module_server, survey):
    person, link = next(iter(survey.links.items()))
    with httpx.Client() as client:
        overview = client.get(link + "?lang=zh")
        assert overview.status_code == 200
        assert '<html lang="zh-CN">' in overview.text
        assert "已回答 0 / " in overview.text
        assert "default-src 'none'" in overview.headers["content-security-policy"]
        assert overview.headers["referrer-policy"] == "no-referrer"
        first = client.get(link + "/1?lang=zh")
        assets = [client.get(f"{module_server.url}/s/_/{name}") for name in ("survey.css", "survey.js")]
        assert all(asset.status_code == 200 for asset in assets)
        assert len(first.content) + sum(len(asset.content) for asset in assets) <= PAGE_LIMIT
        offered = radios(first)
        items = list(dict.fromkeys(item for item, _ in offered))
        assert items  # the key user's incident items
        assert {"na", "unknown"} <= {answer for _, answer in offered}
        token = csrf(first)

        saved = client.post(link + "/answer", data={"csrf": token, "item": items[0], "answer": "2", "comment": "月度"})
        assert saved.status_code == 200
        assert saved.json()["saved"] is True
        assert "已回答 1 / " in client.get(link + "?lang=zh").text  # the overview counts it
        assert answers_of(survey.workspace, survey.assessment, person)[items[0]] == {
            "answer": "2",
            "comment": "月度",
            "evidence": [],
        }
        # the page without script: every answer of the page at once, then the next part (or the overview)
        form = {"csrf": token, **{f"answer-{item}": "na" for item in items[1:]}}
        moved = client.post(link + "/1", data=form)
        assert moved.status_code == 303
        stored = answers_of(survey.workspace, survey.assessment, person)
        assert {item: stored[item]["answer"] for item in items} == {items[0]: "2", **dict.fromkeys(items[1:], "na")}

        done = client.post(link + "/submit", data={"csrf": token}, follow_redirects=True)
        assert done.status_code == 200
        assert "谢谢！您的答案已提交。" in done.text
    statuses = {
        row.respondent: row.status for row in service.links_of(survey.workspace, survey.campaign, module_server.url)
    }
    assert statuses[person] == "completed"


def test_what_a_link_refuses_stores_nothing(module_server, survey):
    (user, user_link), (owner, owner_link) = survey.links.items()
    with httpx.Client() as client:
        user_page = client.get(user_link + "/1")
        owner_page = client.get(owner_link + "/1")
        theirs = {item for item, _ in radios(owner_page)} - {item for item, _ in radios(user_page)}
        assert theirs  # the process owner answers items a key user is not asked
        item = next(iter({item for item, _ in radios(user_page)}))
        forged = "此表单并非从问卷页面提交"
        cases = [
            ({"item": item, "answer": "1"}, 403, forged),  # no anti-forgery token
            ({"csrf": csrf(owner_page), "item": item, "answer": "1"}, 403, forged),  # another link's token
            ({"csrf": csrf(user_page), "item": next(iter(theirs)), "answer": "1"}, 400, "不在此链接需要回答的题目中"),
            ({"csrf": csrf(user_page), "item": item, "answer": "9"}, 400, ""),
        ]
        for data, status, says in cases:
            refused = client.post(user_link + "/answer", data=data)
            assert refused.status_code == status, data
            assert says in refused.text or says in str(refused.json().get("problems", "")), data
        too_large = client.post(user_link + "/answer", data={"csrf": csrf(user_page), "comment": "x" * 10_000})
        assert too_large.status_code == 413
    assert answers_of(survey.workspace, survey.assessment, user) == {}

    with httpx.Client() as client:
        forged = client.get(f"{module_server.url}/s/{'A' * 32}")
        assert forged.status_code == 404
        assert "此链接无法打开问卷" in forged.text
        assert "This link does not lead to a survey" in forged.text
        service.revoke_link(survey.workspace, survey.campaign, owner, actor="t")
        revoked = next(
            r.link
            for r in service.links_of(survey.workspace, survey.campaign, module_server.url)
            if r.respondent == owner
        )
        assert client.get(owner_link).status_code == 404  # the old address names nothing any more
        assert "此链接已被撤销" in client.get(revoked).text
        service.close_campaign(survey.workspace, survey.campaign, actor="t")
        closed = client.get(user_link)
        assert closed.status_code == 410
        assert "此问卷已截止" in closed.text
        late = client.post(user_link + "/answer", data={"csrf": csrf(user_page), "item": item, "answer": "1"})
        assert late.status_code == 410
    assert answers_of(survey.workspace, survey.assessment, user) == {}


def test_the_open_link_asks_for_role_and_unit_then_gives_a_link_of_ones_own(module_server):
    workspace = Workspace(module_server.database_url)
    try:
        unit = assessment_details(workspace, module_server.demo_id).units[-1]
        campaign = service.create_campaign(
            workspace, module_server.demo_id, name="匿名 HTTP", anonymous=True, processes=["change"], actor="t"
        )
        (door,) = service.links_of(workspace, campaign, module_server.url)
        with httpx.Client() as client:
            page = client.get(door.link + "?lang=en")
            assert page.status_code == 200
            assert '<select id="role" name="role" required>' in page.text
            assert f'<option value="{unit}">' in page.text
            wrong = client.post(
                door.link + "/join", data={"csrf": csrf(page), "role": "ceo", "unit": unit, "lang": "en"}
            )
            assert wrong.status_code == 400
            assert "is not one of the questionnaire's roles" in html.unescape(wrong.text)
            joined = client.post(door.link + "/join", data={"csrf": csrf(page), "role": "key_user", "unit": unit})
            assert joined.status_code == 303
            own = module_server.url + joined.headers["location"].split("?")[0]
            assert own != door.link
            first = client.get(own + "/1")
            item = radios(first)[0][0]
            saved = client.post(own + "/answer", data={"csrf": csrf(first), "item": item, "answer": "unknown"})
            assert saved.json()["saved"] is True
    finally:
        workspace.dispose()


def test_too_many_requests_on_one_link_are_slowed_down(module_server, survey):
    link = next(iter(survey.links.values()))
    with httpx.Client() as client:
        statuses = [client.get(link).status_code for _ in range(125)]
    assert statuses[:100] == [200] * 100
    assert statuses[-1] == 429


def test_shared_practices_are_asked_once_first_and_saved_without_script(module_server):
    workspace = Workspace(module_server.database_url)
    _, link = invited(
        workspace, module_server, "HTTP 共性实践", "HTTP 共性实践", "process_owner", ["incident", "change"]
    )
    with httpx.Client() as client:
        overview = client.get(link + "?lang=en").text
        parts = re.findall(r'<li><a href="[^"]+/(\d+)\?lang=en"><span>([^<]+)</span>', overview)
        assert [name for _, name in parts][:3] == [
            "Practices of every process",
            "Incident management",
            "Change management",
        ]
        grid = client.get(link + "/1?lang=en")
        cells = re.findall(r'<select id="answer-([^"]+)" name="answer-\1" data-item="\1">', grid.text)
        assert cells
        assert not radios(grid)
        assert {cell.split("-")[0] for cell in cells} == {"INC", "CHG"}
        moved = client.post(link + "/1", data={"csrf": csrf(grid), **{f"answer-{cell}": "2" for cell in cells}})
        assert moved.status_code == 303
        assert moved.headers["location"].split("?")[0].endswith("/2")
        incident = client.get(link + "/2?lang=en")
        assert not {item for item, _ in radios(incident)} & set(cells)  # not asked again on the process's page
    stored = answers_of(workspace, module_server.demo_id, "HTTP 共性实践")
    assert {item: answer["answer"] for item, answer in stored.items()} == dict.fromkeys(cells, "2")
    workspace.dispose()
