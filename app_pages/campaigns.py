"""Survey campaigns: an online survey of the open assessment — a personal link per respondent or one open link, QR
codes and printable cards, the message to paste into 企业微信/钉钉/飞书, the progress by unit and role as answers
arrive, reminders, and closing, reopening or extending the campaign."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from app_pages.campaign_parts import PICK, PROBLEMS, invite_section, new_campaign_form
from app_pages.common import (
    lang,
    may,
    me,
    remember_problems,
    require_assessment,
    show_remembered,
    shown_respondents,
    text,
    tr,
    user,
    workspace,
)
from app_pages.common import questionnaire as questionnaire_in_scope
from assessment.campaigns.files import cards_bytes, links_bytes, message_text, qr_code
from assessment.campaigns.service import (
    CHINA,
    close_campaign,
    closing_time,
    extend_campaign,
    last_day,
    links_of,
    progress_of,
    public_address,
    reissue_link,
    reopen_campaign,
    revoke_link,
    set_public_address,
)
from assessment.campaigns.service import campaigns_of as stored_campaigns

STATUS_NAMES = {
    "open link": ("open link", "公开链接"),
    "revoked": ("withdrawn", "已撤销"),
    "invited": ("not started", "未开始"),
    "started": ("started", "已开始"),
    "completed": ("completed", "已完成"),
}


def address() -> tuple[str, bool]:
    """The address links start with: the one an administrator set, else this browser's (and whether it was set)."""
    stored = public_address(workspace())
    if stored:
        return stored, True
    parts = urlsplit(st.context.url or "http://localhost:8501")
    return f"{parts.scheme}://{parts.netloc}", False


def _close(campaign_id: int) -> None:
    remember_problems(PROBLEMS, lambda: close_campaign(workspace(), campaign_id, actor=user()), tr("Closed", "已关闭"))


def _reopen(campaign_id: int) -> None:
    closes = closing_time(st.session_state.get("campaigns_closes"))
    remember_problems(
        PROBLEMS,
        lambda: reopen_campaign(workspace(), campaign_id, closes_at=closes, actor=user()),
        tr("Open again", "已重新开放"),
    )


def _extend(campaign_id: int) -> None:
    closes = closing_time(st.session_state.get("campaigns_closes"))
    if closes is not None:
        remember_problems(
            PROBLEMS,
            lambda: extend_campaign(workspace(), campaign_id, closes, actor=user()),
            tr("Closing day changed", "截止日期已修改"),
        )


def _relink(campaign_id: int, reissue: bool) -> None:
    person = st.session_state.get("campaigns_relink_who")
    if person:
        action = reissue_link if reissue else revoke_link
        done = tr("A new link is made", "已生成新链接") if reissue else tr("The link is withdrawn", "链接已撤销")
        remember_problems(PROBLEMS, lambda: action(workspace(), campaign_id, person, actor=user()), done)


def _set_address() -> None:
    typed = st.session_state.get("campaigns_address", "")
    remember_problems(PROBLEMS, lambda: set_public_address(workspace(), typed, actor=user()), tr("Saved", "已保存"))


def local_now() -> dt.datetime:
    """The time in the browser's time zone (China Standard Time when the browser does not say)."""
    try:
        return dt.datetime.now(ZoneInfo(st.context.timezone or "Asia/Shanghai"))
    except (ZoneInfoNotFoundError, ValueError):
        return dt.datetime.now(CHINA)


def state_of(campaign) -> str:
    now = dt.datetime.now(dt.UTC)
    closes = last_day(campaign.closes_at) if campaign.closes_at else None
    if campaign.is_open(now):
        if closes is None:
            return tr("open", "进行中")
        return tr(f"open until {closes:%Y-%m-%d}", f"进行中，截止 {closes:%Y-%m-%d}")
    if campaign.closed_at is None and campaign.opens_at > now:
        return tr("not open yet", "尚未开始")
    return tr("closed", "已关闭")


@st.fragment(run_every=dt.timedelta(seconds=30))
def progress_section(campaign_id: int, roles: dict[str, str]) -> None:
    """Invited / started / completed by unit × role, refreshed every 30 seconds as answers arrive."""
    table, waiting = progress_of(workspace(), campaign_id)
    if not table:
        st.caption(tr("No link yet.", "尚无链接。"))
        return
    frame = pd.DataFrame([vars(row) for row in table])
    total = frame[["invited", "started", "completed"]].sum()
    cells = st.columns(3)
    cells[0].metric(tr("Invited", "已邀请"), int(total["invited"]))
    cells[1].metric(tr("Started", "已开始"), int(total["started"]))
    cells[2].metric(tr("Completed", "已完成"), int(total["completed"]))
    frame["role"] = frame["role"].map(lambda role: roles.get(role, role or "—"))
    frame["unit"] = frame["unit"].map(lambda unit: unit or "—")
    names = {
        "unit": tr("Unit", "单位"),
        "role": tr("Role", "角色"),
        "invited": tr("Invited", "已邀请"),
        "started": tr("Started", "已开始"),
        "completed": tr("Completed", "已完成"),
    }
    st.dataframe(frame.rename(columns=names), hide_index=True)
    now = local_now()
    st.caption(tr(f"Updated {now:%H:%M:%S}", f"更新于 {now:%H:%M:%S}"))
    if waiting:
        shown = shown_respondents([row.respondent for row in waiting])
        st.markdown(f"**{tr('Not completed yet', '尚未完成')}** ({len(waiting)})")
        st.dataframe(
            pd.DataFrame(
                {
                    tr("Respondent", "答卷人"): [shown[row.respondent] for row in waiting],
                    tr("Role", "角色"): [roles.get(row.role, row.role) for row in waiting],
                    tr("Unit", "单位"): [row.unit for row in waiting],
                    tr("Status", "状态"): [tr(*STATUS_NAMES[row.status]) for row in waiting],
                }
            ),
            hide_index=True,
        )


def links_section(campaign, roles: dict[str, str]) -> None:
    base, is_set = address()
    note = tr(
        " (this browser's address: an administrator can set the server's)", "（当前浏览器地址；管理员可设置服务器地址）"
    )
    st.caption(tr(f"Links start with {base}", f"链接以 {base} 开头") + ("" if is_set else note))
    if me().is_admin:
        with st.form("campaigns_address_form", border=False):
            st.text_input(
                tr("Server address for the links", "链接使用的服务器地址"),
                value=base,
                key="campaigns_address",
            )
            st.form_submit_button(tr("Save the address", "保存地址"), on_click=_set_address)
    rows = links_of(workspace(), campaign.id, base)
    wanted = roles if lang() == "zh" else {}
    with_names = may("names") or campaign.anonymous  # a links file names the respondents
    if with_names:
        left, middle, right = st.columns(3)
        left.download_button(
            tr("Links (XLSX)", "链接（XLSX）"),
            lambda: links_bytes(rows, "xlsx", wanted),  # made when asked for, not on every run
            file_name=f"links-{campaign.id}.xlsx",
            key="campaigns_links_xlsx",
        )
        middle.download_button(
            tr("Links (CSV)", "链接（CSV）"),
            lambda: links_bytes(rows, "csv", wanted),
            file_name=f"links-{campaign.id}.csv",
        )
        right.download_button(
            tr("Cards to print (PDF)", "可打印卡片（PDF）"),
            lambda: cards_bytes(campaign, rows, lang(), wanted),
            file_name=f"cards-{campaign.id}.pdf",
            key="campaigns_cards",
        )
    if campaign.anonymous and rows:
        door = rows[0].link
        st.markdown(f"**{tr('The open link', '公开链接')}**")
        st.code(door, language=None)
        st.image(qr_code(door), width=220, caption=tr("Put it on a slide or a poster", "可放在幻灯片或海报上"))
        st.download_button("QR (SVG)", qr_code(door, "svg"), file_name=f"qr-{campaign.id}.svg", key="campaigns_qr")
    link = rows[0].link if campaign.anonymous and rows else "{link}"
    st.markdown(f"**{tr('Message to paste into 企业微信/钉钉/飞书', '可粘贴到企业微信/钉钉/飞书的消息')}**")
    for language in campaign.languages:
        st.code(message_text(campaign, language, link), language=None, wrap_lines=True)
    waiting = [row for row in rows if row.status in ("invited", "started")]
    if waiting and with_names:
        st.download_button(
            tr(f"Reminder list: {len(waiting)} not completed (CSV)", f"提醒名单：{len(waiting)} 人未完成（CSV）"),
            lambda: links_bytes(waiting, "csv", wanted),
            file_name=f"reminders-{campaign.id}.csv",
            key="campaigns_reminders",
        )


def manage_section(details, questionnaire, campaign) -> None:
    st.date_input(tr("Last day answers are taken", "接受作答的最后一天"), value=None, key="campaigns_closes")
    left, middle, right = st.columns(3)
    left.button(tr("Close now", "立即关闭"), key="campaigns_close", on_click=_close, args=(campaign.id,))
    middle.button(tr("Reopen", "重新开放"), key="campaigns_reopen", on_click=_reopen, args=(campaign.id,))
    right.button(
        tr("Change the closing day", "修改截止日期"),
        key="campaigns_extend",
        on_click=_extend,
        args=(campaign.id,),
    )
    if campaign.anonymous:
        return
    st.markdown(f"**{tr('Invite', '邀请')}**")
    invite_section(details, questionnaire, campaign.id)
    people = [row.respondent for row in links_of(workspace(), campaign.id, "") if row.respondent]
    if people:
        st.markdown(f"**{tr('A link that went astray', '链接误发')}**")
        shown = shown_respondents(people)
        st.selectbox(tr("Respondent", "答卷人"), people, key="campaigns_relink_who", format_func=shown.get)
        left, right = st.columns(2)
        left.button(
            tr("Withdraw the link", "撤销链接"),
            key="campaigns_revoke",
            on_click=_relink,
            args=(campaign.id, False),
        )
        right.button(
            tr("Give a new link", "生成新链接"),
            key="campaigns_reissue",
            on_click=_relink,
            args=(campaign.id, True),
        )


details = require_assessment()
questionnaire = questionnaire_in_scope(details.id)
roles = {role.id: text(role.label) for role in questionnaire.roles}
st.title(tr("Survey campaigns", "问卷活动"))
st.caption(
    tr(
        "An online survey answered on a phone: a personal link per respondent, or one open link for an anonymous "
        "survey. Each respondent answers only the items of their role; the answers go into this assessment.",
        "手机即可作答的在线问卷：每位答卷人一个个人链接，或匿名问卷的一个公开链接。答卷人只回答与其角色对应的题目，答案直接进入本评估。",
    )
)
show_remembered(PROBLEMS)
found = stored_campaigns(workspace(), details.id)
with st.expander(tr("New campaign", "新建问卷活动"), expanded=not found):
    new_campaign_form(details, questionnaire)
if found:
    labels = {campaign.id: f"{campaign.name} · {state_of(campaign)}" for campaign in found}
    if st.session_state.get(PICK) not in labels:
        st.session_state[PICK] = found[-1].id
    chosen = st.selectbox(tr("Campaign", "问卷活动"), list(labels), key=PICK, format_func=labels.get)
    campaign = next(campaign for campaign in found if campaign.id == chosen)
    progress, links, manage = st.tabs([tr("Progress", "进度"), tr("Links", "链接"), tr("Manage", "管理")])
    with progress:
        progress_section(campaign.id, roles)
    with links:
        links_section(campaign, roles)
    with manage:
        manage_section(details, questionnaire, campaign)
