"""The command line for online survey campaigns: `campaign create|invite|links|cards|message|status|close|reopen|
extend|revoke|address` — the same services as the app's Campaigns page. Changes go to the audit log under the
operating-system user (or --actor), marked as made on the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from assessment.cli.common import CommandError, actor, check_output, id_list, id_type, open_workspace, text, written
from assessment.problems import Lang

TEXT: dict[str, tuple[str, str]] = {
    "campaign": ("online survey campaigns: links, QR codes, progress", "在线问卷活动：链接、二维码、进度"),
    "campaign_action": ("what to do", "要执行的操作"),
    "campaign_create": ("create a campaign on an assessment; prints its id", "在评估上创建问卷活动，并输出其编号"),
    "campaign_invite": (
        "give a personal link to every respondent of the assessment, or to those of a list",
        "为评估的每位答卷人或名单中的人员生成个人链接",
    ),
    "campaign_links": ("write the links (CSV or XLSX), for a mail merge", "写出链接（CSV 或 XLSX），用于邮件合并"),
    "campaign_qr": (
        "write a QR code per link into a folder (PNG or SVG)",
        "将每个链接的二维码写入文件夹（PNG 或 SVG）",
    ),
    "qr_out": ("the folder to write into (it must exist)", "写入的文件夹（须已存在）"),
    "qr_format": ("png or svg", "png 或 svg"),
    "qr_written": ("{count} QR codes written into {folder}", "已将 {count} 个二维码写入 {folder}"),
    "opens_option": (
        "the first day answers are taken (YYYY-MM-DD; default: now)",
        "开始接受作答的日期（YYYY-MM-DD；默认：立即）",
    ),
    "campaign_cards": ("write printable A4 cards with QR codes (PDF)", "写出可打印的 A4 二维码卡片（PDF）"),
    "campaign_message": (
        "print the invitation message to paste into 企业微信/钉钉",
        "输出可粘贴到企业微信/钉钉的邀请消息",
    ),
    "campaign_status": ("invited / started / completed by unit and role", "按单位和角色统计已邀请/已开始/已完成"),
    "campaign_close": ("close the campaign now", "立即关闭问卷活动"),
    "campaign_reopen": ("open a closed campaign again", "重新开放已关闭的问卷活动"),
    "campaign_extend": ("set a later closing date", "设置更晚的截止日期"),
    "campaign_revoke": (
        "withdraw a respondent's link (--reissue: give a new one)",
        "撤销答卷人的链接（--reissue：另发新链接）",
    ),
    "campaign_address": ("set the server's address the links start with", "设置链接所用的服务器地址"),
    "campaign_id": ("the campaign's id", "问卷活动编号"),
    "campaign_name": ("the campaign's name", "问卷活动名称"),
    "anonymous_option": (
        "anonymous: one open link; respondents choose their role and unit",
        "匿名：只有一个公开链接，答卷人自选角色和单位",
    ),
    "closes_option": (
        "the last day answers are taken (YYYY-MM-DD, inclusive)",
        "接受作答的最后一天（YYYY-MM-DD，含当天）",
    ),
    "respondents_option": (
        "an invitation list (.csv/.xlsx: respondent, role, unit[, email, phone])",
        "邀请名单（.csv/.xlsx：答卷人、角色、单位[、电子邮件、电话]）",
    ),
    "processes_option": ("the processes asked about (default: the whole scope)", "所问流程（默认：全部评估范围）"),
    "languages_option": ("languages offered, the first the default (zh,en)", "提供的语言，第一个为默认（zh,en）"),
    "base_url_option": (
        "the server's address (default: the one set with `campaign address`)",
        "服务器地址（默认：用 campaign address 设置的地址）",
    ),
    "links_out": ("the file to write: .csv or .xlsx", "要写出的文件：.csv 或 .xlsx"),
    "cards_out": ("the PDF file to write", "要写出的 PDF 文件"),
    "reissue_option": ("give the respondent a new link at once", "立即为该答卷人生成新链接"),
    "address_url": ("http(s)://host[:port][/path]", "http(s)://主机[:端口][/路径]"),
    "created_campaign": ("campaign {campaign} created", "已创建问卷活动 {campaign}"),
    "invited": ("{count} personal links made", "已生成 {count} 个个人链接"),
    "closed": ("campaign {campaign} closed", "问卷活动 {campaign} 已关闭"),
    "reopened": ("campaign {campaign} open again", "问卷活动 {campaign} 已重新开放"),
    "extended": ("campaign {campaign} closes after {day}", "问卷活动 {campaign} 将于 {day} 之后截止"),
    "revoked_link": ("the link of {respondent} is withdrawn", "已撤销 {respondent} 的链接"),
    "reissued_link": (
        "{respondent} has a new link (the old one no longer works)",
        "已为 {respondent} 生成新链接（旧链接失效）",
    ),
    "address_set": ("links start with {address}", "链接将以 {address} 开头"),
    "bad_day": ("'{value}' is not a date YYYY-MM-DD", "“{value}”不是 YYYY-MM-DD 格式的日期"),
    "links_suffix": ("the links file must end in .csv or .xlsx", "链接文件须以 .csv 或 .xlsx 结尾"),
}
HEADERS = {
    "en": ("unit", "role", "invited", "started", "completed"),
    "zh": ("单位", "角色", "已邀请", "已开始", "已完成"),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def _day(lang: Lang, closing: bool = True) -> Callable[[str], dt.datetime]:
    """A day, China Standard Time: a closing day ends at its midnight; an opening day starts at its first."""

    def moment(value: str) -> dt.datetime:
        from assessment.campaigns.service import closing_time, opening_time  # 1 s of imports: only when given

        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(_say("bad_day", lang, value=value)) from None
        return (closing_time if closing else opening_time)(day)

    return moment


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    campaign = command("campaign")
    actions = campaign.add_subparsers(dest="action", required=True, metavar="ACTION", title=t("campaign_action"))

    def action(name: str, *, by_id: bool = True) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=t(f"campaign_{name}"), add_help=False)
        sub.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("help"))
        sub.add_argument("--database", metavar="URL", help=t("database"))
        sub.add_argument("--lang", choices=("zh", "en"), default=lang, help=t("lang"))
        if by_id:
            sub.add_argument("campaign", type=id_type(lang), metavar="CAMPAIGN_ID", help=t("campaign_id"))
        return sub

    create = action("create", by_id=False)
    create.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    create.add_argument("--name", required=True, help=t("campaign_name"))
    create.add_argument("--anonymous", action="store_true", help=t("anonymous_option"))
    create.add_argument("--opens", type=_day(lang, closing=False), metavar="YYYY-MM-DD", help=t("opens_option"))
    create.add_argument("--closes", type=_day(lang), metavar="YYYY-MM-DD", help=t("closes_option"))
    create.add_argument("--respondents", metavar="FILE", help=t("respondents_option"))
    create.add_argument("--processes", type=id_list, metavar="P1,P2", help=t("processes_option"))
    create.add_argument("--languages", type=id_list, default=["zh", "en"], metavar="zh,en", help=t("languages_option"))
    create.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    invite = action("invite")
    invite.add_argument("--respondents", metavar="FILE", help=t("respondents_option"))
    invite.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    links = action("links")
    links.add_argument("-o", "--output", required=True, metavar="FILE", help=t("links_out"))
    links.add_argument("--base-url", metavar="URL", help=t("base_url_option"))

    qr = action("qr")
    qr.add_argument("-o", "--output", required=True, metavar="FOLDER", help=t("qr_out"))
    qr.add_argument("--format", choices=("png", "svg"), default="png", help=t("qr_format"))
    qr.add_argument("--base-url", metavar="URL", help=t("base_url_option"))

    cards = action("cards")
    cards.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=t("cards_out"))
    cards.add_argument("--base-url", metavar="URL", help=t("base_url_option"))

    message = action("message")
    message.add_argument("--base-url", metavar="URL", help=t("base_url_option"))

    status = action("status")
    status.add_argument("--format", choices=("table", "json"), default="table", help=t("list_format"))

    for name in ("close", "reopen", "extend"):
        sub = action(name)
        if name != "close":
            sub.add_argument("--closes", type=_day(lang), required=name == "extend", metavar="YYYY-MM-DD")
        sub.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    revoke = action("revoke")
    revoke.add_argument("respondent", metavar="RESPONDENT")
    revoke.add_argument("--reissue", action="store_true", help=t("reissue_option"))
    revoke.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    address = action("address", by_id=False)
    address.add_argument("url", metavar="URL", help=t("address_url"))
    address.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))


def _campaign(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.database, args.lang)
    try:
        return ACTIONS[args.action](workspace, args)
    finally:
        workspace.dispose()


def _invitees(workspace, assessment_id: int, path: str | None, lang: Lang):
    """The people of an invitation list, checked against the assessment (None: the assessment's respondents)."""
    if path is None:
        return None
    from assessment.campaigns.service import Invitee
    from assessment.inputs.invitations import read_invitations
    from assessment.workspace.queries import assessment_details, questionnaire_in_scope

    details = assessment_details(workspace, assessment_id)
    questionnaire = questionnaire_in_scope(workspace, assessment_id)
    found = read_invitations(Path(path), path, questionnaire, details.units)
    return [Invitee(i.respondent, i.role, i.unit, i.email, i.phone) for i in found]


def _create(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import create_campaign, invite

    people = _invitees(workspace, args.assessment, args.respondents, args.lang)  # the list is checked first
    made = create_campaign(
        workspace,
        args.assessment,
        name=args.name,
        languages=args.languages,
        processes=args.processes,
        anonymous=args.anonymous,
        opens_at=args.opens,
        closes_at=args.closes,
        actor=actor(args.actor),
    )
    print(_say("created_campaign", args.lang, campaign=made), file=sys.stderr)
    if people is not None:
        count = invite(workspace, made, people, actor=actor(args.actor))
        print(_say("invited", args.lang, count=count), file=sys.stderr)
    print(made)
    return 0


def _invite(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import campaign_view, invite

    assessment = campaign_view(workspace, args.campaign).assessment_id
    people = _invitees(workspace, assessment, args.respondents, args.lang)
    count = invite(workspace, args.campaign, people, actor=actor(args.actor))
    print(_say("invited", args.lang, count=count), file=sys.stderr)
    return 0


def _base_url(workspace, args: argparse.Namespace) -> str:
    from assessment.campaigns.service import public_address
    from assessment.workspace.core import fail

    found = args.base_url or public_address(workspace)
    if not found:
        fail("no_survey_address")
    return found


def _roles(workspace, campaign) -> dict[str, str]:
    from assessment.workspace.queries import questionnaire_in_scope

    return {role.id: role.label.zh for role in questionnaire_in_scope(workspace, campaign.assessment_id).roles}


def _links(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.files import links_table
    from assessment.campaigns.service import campaign_view, links_of

    target = check_output(args.output, args.lang)
    if target.suffix.lower() not in (".csv", ".xlsx"):
        raise CommandError(_say("links_suffix", args.lang))
    rows = links_of(workspace, args.campaign, _base_url(workspace, args))
    roles = _roles(workspace, campaign_view(workspace, args.campaign)) if args.lang == "zh" else {}
    links_table(rows, target, roles)
    written(args.output, args.lang)
    return 0


def _cards(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.files import cards_pdf
    from assessment.campaigns.service import campaign_view, links_of

    target = check_output(args.output, args.lang)
    campaign = campaign_view(workspace, args.campaign)
    rows = links_of(workspace, args.campaign, _base_url(workspace, args))
    cards_pdf(campaign, rows, target, args.lang, _roles(workspace, campaign) if args.lang == "zh" else {})
    written(args.output, args.lang)
    return 0


def _qr(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.files import qr_code
    from assessment.files import write_atomic

    folder = Path(args.output)
    if not folder.is_dir():
        raise CommandError(text("cannot_write", args.lang, file=args.output, reason=text("no_folder", args.lang)))
    rows = [row for row in links_of_campaign(workspace, args) if row.status != "revoked"]
    for number, row in enumerate(rows, start=1):
        name = re.sub(r"[^\w.-]+", "_", row.respondent or "open-link").strip("_")[:60] or "respondent"
        write_atomic(folder / f"{number:04d}-{name}.{args.format}", qr_code(row.link, args.format))
    print(_say("qr_written", args.lang, count=len(rows), folder=args.output), file=sys.stderr)
    return 0


def links_of_campaign(workspace, args: argparse.Namespace):
    from assessment.campaigns.service import links_of

    return links_of(workspace, args.campaign, _base_url(workspace, args))


def _message(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.files import message_text
    from assessment.campaigns.service import campaign_view, links_of

    campaign = campaign_view(workspace, args.campaign)
    link = links_of(workspace, args.campaign, _base_url(workspace, args))[0].link if campaign.anonymous else "{link}"
    print(message_text(campaign, args.lang, link))
    return 0


def _status(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import progress_of

    table, waiting = progress_of(workspace, args.campaign)
    rows = [vars(row) for row in table]
    if args.format == "json":
        shown = {"progress": rows, "not_completed": [{"respondent": w.respondent, "status": w.status} for w in waiting]}
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    print("\t".join(HEADERS[args.lang]))
    for row in rows:
        print("\t".join(str(value) if value != "" else "—" for value in row.values()))
    return 0


def _close(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import close_campaign

    close_campaign(workspace, args.campaign, actor=actor(args.actor))
    print(_say("closed", args.lang, campaign=args.campaign), file=sys.stderr)
    return 0


def _reopen(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import reopen_campaign

    reopen_campaign(workspace, args.campaign, closes_at=args.closes, actor=actor(args.actor))
    print(_say("reopened", args.lang, campaign=args.campaign), file=sys.stderr)
    return 0


def _extend(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import extend_campaign, last_day

    extend_campaign(workspace, args.campaign, args.closes, actor=actor(args.actor))
    day = last_day(args.closes).isoformat()
    print(_say("extended", args.lang, campaign=args.campaign, day=day), file=sys.stderr)
    return 0


def _revoke(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import reissue_link, revoke_link

    (reissue_link if args.reissue else revoke_link)(workspace, args.campaign, args.respondent, actor=actor(args.actor))
    key = "reissued_link" if args.reissue else "revoked_link"
    print(_say(key, args.lang, respondent=args.respondent), file=sys.stderr)
    return 0


def _address(workspace, args: argparse.Namespace) -> int:
    from assessment.campaigns.service import set_public_address

    address = set_public_address(workspace, args.url, actor=actor(args.actor))
    print(_say("address_set", args.lang, address=address), file=sys.stderr)
    return 0


ACTIONS = {
    "create": _create,
    "invite": _invite,
    "links": _links,
    "qr": _qr,
    "cards": _cards,
    "message": _message,
    "status": _status,
    "close": _close,
    "reopen": _reopen,
    "extend": _extend,
    "revoke": _revoke,
    "address": _address,
}
COMMANDS = {"campaign": _campaign}
