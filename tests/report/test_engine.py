"""The report's WeasyPrint set-up: a lighter user-agent stylesheet that changes nothing on the page."""

from __future__ import annotations

import subprocess

from weasyprint import HTML

from assessment.report.fetcher import TEMPLATES, ReportFetcher
from assessment.report.render import REPORT_UA_SHEET, ReportHTML, paused_gc

LISTS = """<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC'">
<ol><li>第一项</li><li>第二项</li></ol><ul><li>要点</li></ul>
<table><tr><td>单元格</td></tr></table><p>段落<br>换行</p></body></html>"""


def pdf_text(source, path) -> str:
    with paused_gc():
        source.write_pdf(path)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_the_pinned_weasyprint_gets_the_lighter_sheet():
    """If a WeasyPrint upgrade changed its stylesheet, the report would silently fall back to the slow one."""
    assert REPORT_UA_SHEET is not None
    assert ReportHTML(string="<p>x</p>")._ua_stylesheets()[0] is REPORT_UA_SHEET


def test_list_items_keep_their_numbers_and_bullets(tmp_path):
    text = pdf_text(ReportHTML(string=LISTS), tmp_path / "lists.pdf")
    assert "1. 第一项" in text
    assert "2. 第二项" in text
    assert "• 要点" in text


def test_a_report_page_reads_the_same_with_the_stock_sheet(tmp_path):
    """The report's own stylesheet on lists, tables and pills: the same text, line by line, with either sheet."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    body = (
        '<h2>目录</h2><ol class="toc"><li><a href="#a">执行摘要</a></li></ol>'
        '<ul class="pain"><li><span class="severity">3</span>痛点</li></ul>'
        '<table class="data"><thead><tr><th>题目</th><th>实践</th></tr></thead><tbody>'
        + "".join(
            f'<tr><td class="id">INC-{n}</td><td>实践 {n} <span class="rating r-L">L</span></td></tr>'
            for n in range(60)
        )
        + '</tbody></table><h3 id="a">执行摘要</h3>'
    )
    page = f'<html lang="zh-CN"><head><style>{css}</style></head><body>{body}</body></html>'
    fetcher = ReportFetcher()
    ours = pdf_text(ReportHTML(string=page, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher), tmp_path / "a.pdf")
    stock = pdf_text(HTML(string=page, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher), tmp_path / "b.pdf")
    assert ours == stock
    assert "INC-59" in ours
