"""What a campaign's links leave as: a table for a mail merge (CSV or XLSX), a QR code per link (PNG or SVG), a
printable A4 PDF of cards (one per link: name, QR code, address), and the message to paste into 企业微信/钉钉/飞书.
Every file is written whole or not at all (assessment.files.write_atomic)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import segno
import xlsxwriter
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML, URLFetcher

from assessment.campaigns.service import CampaignView, LinkRow, last_day
from assessment.files import write_atomic

COLUMNS = ("respondent", "role", "unit", "link", "email", "phone", "status")
CARDS_PER_PAGE = 8
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
)


def _rows(rows: list[LinkRow], roles: dict[str, str]) -> list[list[str]]:
    return [
        [row.respondent, roles.get(row.role, row.role), row.unit, row.link, row.email, row.phone, row.status]
        for row in rows
    ]


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet opening the CSV would not take for a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def links_table(rows: list[LinkRow], path: Path, roles: dict[str, str] | None = None) -> None:
    """The links file at `path`, CSV or XLSX by its suffix (see links_bytes)."""
    write_atomic(path, links_bytes(rows, "xlsx" if path.suffix.lower() == ".xlsx" else "csv", roles))


def links_bytes(rows: list[LinkRow], kind: str, roles: dict[str, str] | None = None) -> bytes:
    """One row per link (the open link with an empty respondent): CSV (UTF-8 with BOM, for Excel) or XLSX. Names
    are written as text, never as formulas."""
    table = _rows(rows, roles or {})
    if kind == "xlsx":
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        sheet = book.add_worksheet("links")
        bold = book.add_format({"bold": True})
        for column, title in enumerate(COLUMNS):
            sheet.write_string(0, column, title, bold)
        for number, values in enumerate(table, start=1):
            for column, value in enumerate(values):
                sheet.write_string(number, column, value)
        sheet.set_column(0, 2, 16)
        sheet.set_column(3, 3, 60)
        sheet.set_column(4, 6, 18)
        book.close()
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([[_csv_safe(value) for value in values] for values in table])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def qr_code(link: str, kind: str = "png") -> bytes:
    """The link's QR code (error correction M, so a printed card survives a crease): PNG or SVG."""
    code = segno.make(link, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
    else:
        code.save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def _inline_svg(link: str) -> str:
    code = segno.make(link, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, omitsize=True)
    return buffer.getvalue().decode()


class _Nothing(URLFetcher):
    """The cards fetch nothing: their QR codes are inline SVG, their fonts the system's."""

    def fetch(self, url: str, headers: dict | None = None):
        raise ValueError(f"the cards fetch nothing, not {url[:60]!r}")


def message_text(campaign: CampaignView, lang: str, link: str = "{link}") -> str:
    """A message to paste into 企业微信/钉钉/飞书: one per person with their link, or for a group with the open link."""
    closes = last_day(campaign.closes_at).isoformat() if campaign.closes_at else ""
    if lang == "zh":
        until = f"，请于 {closes} 前完成" if closes else ""
        return (
            f"您好！诚邀您参加“{campaign.name}”在线问卷，了解我们的IT服务管理流程现状。"
            f"用手机或电脑打开以下链接即可作答，约需 10–15 分钟{until}。中途可以离开，稍后用同一链接继续。\n{link}"
        )
    until = f" by {closes}" if closes else ""
    return (
        f"Hello! You are invited to answer the online survey '{campaign.name}' on how our IT service management "
        f"processes run today. Open the link below on your phone or computer and answer{until}; it takes about "
        f"10-15 minutes, and you can stop and go on later with the same link.\n{link}"
    )


def cards_pdf(campaign: CampaignView, rows: list[LinkRow], path: Path, lang: str, roles: dict[str, str]) -> None:
    """The cards (see cards_bytes) written to `path`."""
    write_atomic(path, cards_bytes(campaign, rows, lang, roles))


def cards_bytes(campaign: CampaignView, rows: list[LinkRow], lang: str, roles: dict[str, str]) -> bytes:
    """A4 pages of cards, eight to a page, one per link: the campaign, whose link it is, its QR code and address."""
    cards = [
        {
            "who": row.respondent or ("扫码参加匿名问卷" if lang == "zh" else "Scan to answer the anonymous survey"),
            "what": " · ".join(part for part in (roles.get(row.role, row.role), row.unit) if part),
            "qr": _inline_svg(row.link),
            "link": row.link,
        }
        for row in rows
        if row.status != "revoked"
    ]
    pages = [cards[start : start + CARDS_PER_PAGE] for start in range(0, len(cards), CARDS_PER_PAGE)] or [[]]
    html = _templates.get_template("cards.html").render(
        lang=lang,
        campaign=campaign.name,
        pages=pages,
        hint=(
            "用手机扫描二维码或打开链接作答；中途可离开，稍后用同一链接继续。"
            if lang == "zh"
            else "Scan the code or open the link to answer; you can stop and go on later with the same link."
        ),
    )
    return HTML(string=html, url_fetcher=_Nothing()).write_pdf()
