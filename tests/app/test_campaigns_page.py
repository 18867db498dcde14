"""The Survey campaigns page: a campaign created from the form gives every respondent a link; the links, the cards
and the message are offered; the progress counts what respondents did; closing and reopening; an anonymous
campaign shows its open link and QR code; a consultant of an anonymous survey sees no respondent's name."""

from __future__ import annotations

from assessment.accounts import memberships
from assessment.campaigns import answering, service
from assessment.workspace.queries import respondents_of
from tests.app.conftest import start
from tests.app.test_access import member, shown_text


def created(app, name: str, anonymous: bool = False):
    app.text_input(key="campaigns_new_name").set_value(name)
    if anonymous:
        app.toggle(key="campaigns_new_anonymous").set_value(True)
    app.button(key="FormSubmitter:campaigns_new_form-创建问卷活动").click().run()
    assert not app.exception
    return app


def test_a_campaign_from_the_form_to_its_progress(demo_db):
    app = start("campaigns", assessment=demo_db.demo_id)
    assert [title.value for title in app.title] == ["问卷活动"]
    created(app, "第一轮在线问卷")
    (campaign,) = service.campaigns_of(demo_db.workspace, demo_db.demo_id)
    people = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    rows = service.links_of(demo_db.workspace, campaign.id, "http://x")
    assert [row.respondent for row in rows] == people  # a personal link each
    assert app.selectbox(key="campaigns_pick").value == campaign.id
    labels = [button.label for button in app.get("download_button")]
    assert {"链接（XLSX）", "链接（CSV）", "可打印卡片（PDF）"} <= set(labels)
    assert any("您好！诚邀您参加“第一轮在线问卷”在线问卷" in code.value for code in app.code)
    assert [metric.value for metric in app.metric][:3] == [str(len(people)), "0", "0"]

    visit = answering.open_link(demo_db.workspace, rows[0].link.rsplit("/", 1)[1])
    item = answering.questions(demo_db.workspace, visit)[0][1][0].id
    answering.save_answer(demo_db.workspace, visit, item, "na")
    answering.submit(demo_db.workspace, visit)
    again = start("campaigns", assessment=demo_db.demo_id)
    assert [metric.value for metric in again.metric][:3] == [str(len(people)), "1", "1"]

    again.button(key="campaigns_close").click().run()
    assert service.campaigns_of(demo_db.workspace, demo_db.demo_id)[0].closed_at is not None
    assert "已关闭" in again.selectbox(key="campaigns_pick").options[0]
    again.button(key="campaigns_reopen").click().run()
    assert service.campaigns_of(demo_db.workspace, demo_db.demo_id)[0].closed_at is None


def test_an_anonymous_campaign_shows_its_open_link_and_no_name_to_a_name_hidden_consultant(demo_db):
    app = created(start("campaigns", assessment=demo_db.demo_id), "匿名问卷", anonymous=True)
    assert app.get("image")  # the open link's QR code
    (row,) = service.links_of(demo_db.workspace, service.campaigns_of(demo_db.workspace, demo_db.demo_id)[0].id, "h")
    assert row.respondent == ""
    named = created(app, "实名问卷")
    assert not named.exception
    member(demo_db, "匿名顾问", **{str(demo_db.demo_id): "consultant"})
    memberships.set_names_hidden(demo_db.workspace, demo_db.demo_id, True, actor="t")
    consultant = start("campaigns", assessment=demo_db.demo_id, user="匿名顾问")
    names = respondents_of(demo_db.workspace, demo_db.demo_id)["respondent"].tolist()
    assert [name for name in names if name in shown_text(consultant)] == []
    assert "链接（CSV）" not in [button.label for button in consultant.get("download_button")]
