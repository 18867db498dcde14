"""The demo report in both languages, read back as a reader's tools read it: pdftotext, pdffonts, pdfinfo.

Each language is rendered once for the module (a few seconds each); the tests read those files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from assessment.analysis.advice import advise, priority_reasons
from assessment.analysis.analyse import analyse_assessment
from assessment.report import ReportMeta, render_html, write_report
from assessment.report import charts as report_charts
from assessment.report.options import SECTIONS, ReportOptions
from assessment.report.texts import text as report_text
from assessment.workspace.branding import Branding
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import context_of, walkthrough_results_of

LANGS = ("zh", "en")
PROCESS_NAMES = {
    "zh": ["事件管理", "问题管理", "变更管理", "配置管理", "发布管理", "服务请求管理", "服务级别管理"],
    "en": [
        "Incident management",
        "Problem management",
        "Change management",
        "Configuration management",
        "Release management",
        "Service request management",
        "Service level management",
    ],
}
# the demo's report is written without its ticket data: test_evidence_report.py reads the chapter of evidence
SECTION_TITLES = {
    lang: [text.get(lang) for key, text in SECTIONS.items() if key not in ("cover", "evidence")] for lang in LANGS
}


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def squeezed(value: str) -> str:
    """Text without any white space: a line break in a table cell is not a difference."""
    return re.sub(r"\s+", "", value)


def in_order(needle: str, haystack: str) -> bool:
    """Whether the characters of `needle` appear in `haystack` in their order (other characters between them)."""
    rest = iter(haystack)
    return all(character in rest for character in needle)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo assessment's analysis, its walkthrough results and context records."""
    folder = tmp_path_factory.mktemp("report")
    workspace = Workspace(f"sqlite:///{folder / 'demo.db'}")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment)
    return analysis, walkthrough_results_of(workspace, assessment), context_of(workspace, assessment)


def meta(lang: str) -> ReportMeta:
    return ReportMeta(
        client="示范集团" if lang == "zh" else "Demo Group",
        assessment="2026 ITSM 现状评估" if lang == "zh" else "ITSM assessment 2026",
        date=dt.date(2026, 3, 20),
        assessor="陈顾问" if lang == "zh" else "A. Consultant",
        branding=Branding(company="Example Consulting"),
        questionnaire="itsm-core 1.0",
    )


@pytest.fixture(scope="module")
def reports(demo, tmp_path_factory):
    """The PDF of the demo report in each language, and the progress each reported."""
    analysis, walkthroughs, records = demo
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for lang in LANGS:
        stages: list[tuple[float, str]] = []
        path = folder / f"report-{lang}.pdf"
        write_report(
            analysis,
            meta(lang),
            ReportOptions(lang),
            path,
            walkthroughs=walkthroughs,
            context_records=records,
            progress=lambda fraction, stage, stages=stages: stages.append((fraction, stage)),
        )
        made[lang] = (path, stages)
    return made


@pytest.fixture(scope="module")
def texts(reports):
    """pdftotext of each report, page by page (pages split at form feeds)."""
    return {lang: run("pdftotext", "-layout", str(path), "-").split("\f")[:-1] for lang, (path, _) in reports.items()}


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.M).group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_is_a_pdf_of_many_pages_with_its_progress_told(reports, lang):
    path, stages = reports[lang]
    assert path.read_bytes()[:5] == b"%PDF-"
    assert page_count(path) > 20
    assert [stage for _, stage in stages] == ["charts", "layout", "pdf", "done"]
    assert [fraction for fraction, _ in stages] == sorted(fraction for fraction, _ in stages)
    assert stages[-1] == (1.0, "done")
    assert not list(path.parent.glob(".*.part"))  # the temporary file is gone


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for part in value.values() for text in _strings(part)]
    if isinstance(value, list):
        return [text for part in value for text in _strings(part)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("lang", LANGS)
def test_every_process_is_named_in_the_language_of_the_report(texts, demo, lang):
    whole = "".join(texts[lang])
    for name in PROCESS_NAMES[lang]:
        assert whole.count(name) >= 5, name  # overview, section, priorities, roadmap, appendix...
    other = "en" if lang == "zh" else "zh"
    assert not any(title in whole for title in SECTION_TITLES[other])
    # the report's own words name no process in the other language; the demo's own texts (pain points, context
    # records, typed in Chinese) are quoted as they are, so they are taken out first
    own = squeezed(whole)
    for quoted in sorted(_strings(demo[2]), key=len, reverse=True):
        own = own.replace(squeezed(quoted), "")
    found = [name for name in PROCESS_NAMES[other] if squeezed(name) in own]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_table_of_contents_lists_every_section_with_its_page(texts, lang):
    contents = texts[lang][1]
    for number, title in enumerate(SECTION_TITLES[lang], start=1):
        line = next(line for line in contents.splitlines() if title in line)
        assert re.match(rf"\s*{number}\s+{re.escape(title)}\s*\.+\s*(\d+)$", line), line
        page = int(line.rsplit(".", 1)[-1])
        assert title in texts[lang][page - 1]  # the page it names starts that section


@pytest.mark.parametrize("lang", LANGS)
def test_the_levels_scores_and_targets_of_the_overview(demo, texts, lang):
    analysis = demo[0]
    processes = analysis.scored.result.processes
    incident = f"{processes['score'].iloc[0]:.2f}"  # the overview's first score
    overview = next(page for page in texts[lang] if incident in page and PROCESS_NAMES[lang][-1] in page)
    for name, row in zip(PROCESS_NAMES[lang], processes.itertuples(), strict=True):
        expected = rf"{re.escape(name)}\s+{row.level}\s+{row.score:.2f}\s+{row.target}\s+{row.gap}\s"
        assert re.search(expected, overview), expected
    assert (list(processes["level"]), list(processes["target"])) == ([3, 2, 1, 1, 2, 3, 2], [4, 3, 4, 3, 3, 3, 3])


@pytest.mark.parametrize("lang", LANGS)
def test_the_heat_map_shares_its_page_with_the_table_of_levels(demo, texts, lang):
    """The heat map's page is not left two-thirds empty: the table of the same processes follows it there."""
    heading = report_text("fig_dimensions", lang)
    pages = [i for i, page in enumerate(texts[lang]) if any(line.strip() == heading for line in page.splitlines())]
    assert len(pages) == 1, pages
    page = texts[lang][pages[0]]
    assert report_text("tab_overview", lang) in page
    processes = demo[0].scored.result.processes
    for name, row in zip(PROCESS_NAMES[lang], processes.itertuples(), strict=True):
        assert page.count(name) >= 2, name  # a row of the heat map and a row of the table
        assert re.search(rf"{re.escape(name)}\s+{row.level}\s+{row.score:.2f}\s", page), name
    # the radar keeps the page before, from the chapter's start
    assert report_text("fig_radar", lang) in texts[lang][pages[0] - 1]


@pytest.mark.parametrize("lang", LANGS)
def test_each_process_section_gives_its_level_and_why(texts, lang):
    whole = squeezed("".join(texts[lang]))
    why = "第3级是评定为L或F、且其下各级均评定为F的最高等级。" if lang == "zh" else "Level3isthehighestlevelratedLorF"
    assert why in whole
    for level, target in ((3, 4), (2, 3), (1, 4)):  # incident, problem, change
        assert (f"等级{level}，目标{target}" if lang == "zh" else f"Level{level}oftarget{target}") in whole


@pytest.mark.parametrize("lang", LANGS)
def test_the_advice_comes_before_the_rule_and_the_summary_ranks_without_points(demo, texts, lang):
    analysis = demo[0]
    whole = squeezed("".join(texts[lang]))
    advice = advise(analysis.scored.result, analysis.scored.questionnaire, "change").render(lang)
    start = whole.index(squeezed(advice[0]))  # the change section's advice: level 1 holds level 2 back
    assert squeezed(advice[1])[:60] in whole[start:]
    rule = "第1级是评定为L或F" if lang == "zh" else "Level1isthehighestlevelratedLorF"
    assert rule in whole[start : start + 3000]  # the rule follows the advice, as its detail
    titles = [squeezed(title) for title in SECTION_TITLES[lang]]
    begin = whole.index(titles[0], whole.index(titles[-1]))  # the summary itself, after the contents
    summary = whole[begin : whole.index(titles[1], begin)]
    assert not re.search(r"优先级\d" if lang == "zh" else r"Priority\d", summary)
    first = priority_reasons(analysis.priorities)["change"]
    assert squeezed(first.sentence(lang)) in summary


@pytest.mark.parametrize("lang", LANGS)
def test_the_roadmap_opens_with_its_first_actions(demo, texts, lang):
    actions = demo[0].roadmap.actions.sort_values("order").head(3)
    whole = squeezed("".join(texts[lang]))
    roadmap = whole[whole.index(squeezed(SECTION_TITLES[lang][5]), whole.index("A-CFG-23")) :]  # after the summary
    positions = []
    for row in actions.itertuples():
        title = squeezed(row.title_zh if lang == "zh" else row.title_en)
        # in the Gantt a title is cut short; in the table of its phase a title wrapped in its cell comes out
        # interleaved with the cells beside it, but in its order
        starts = [found.start() for found in re.finditer(re.escape(row.action), roadmap)]
        whole_title = [start for start in starts if in_order(title, roadmap[start : start + 6 * len(title)])]
        assert whole_title, row.action
        positions.append(whole_title[-1])  # the table of its phase comes after the Gantt
    assert positions == sorted(positions)
    assert list(actions["action"]) == ["A-CFG-23", "A-CHG-02", "A-REL-31"]  # the quick wins (速赢整改) first


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_but_the_cover_says_which_page_of_how_many(reports, texts, lang):
    pages = texts[lang]
    total = page_count(reports[lang][0])
    assert len(pages) == total
    pattern = r"第 (\d+) / (\d+) 页" if lang == "zh" else r"Page (\d+) of (\d+)"
    assert not re.search(pattern, pages[0])  # the cover has no header or footer
    for number, page in enumerate(pages[1:], start=2):
        found = re.findall(pattern, page)
        assert found == [(str(number), str(total))], (number, found)


@pytest.mark.parametrize("lang", LANGS)
def test_the_running_header_names_the_section(texts, lang):
    pages = texts[lang]
    header = pages[5].splitlines()[0]
    assert re.match(r"\s*\d+(\.\d+)?\s+\S", header), header
    assert ("示范集团" if lang == "zh" else "Demo Group") in header
    assert "Example Consulting" in pages[5].splitlines()[-1] + pages[5]  # the footer names the firm


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded_and_chinese_is_noto_sans_cjk(reports, lang):
    lines = run("pdffonts", str(reports[lang][0])).splitlines()[2:]
    assert lines
    for line in lines:
        emb = line.split()[-5]  # name, type, encoding (several words), emb, sub, uni, object id, generation
        assert emb == "yes", line
    assert any("Noto-Sans-CJK-SC" in line for line in lines)


def test_sections_can_be_left_out(demo):
    analysis, walkthroughs, _ = demo
    options = ReportOptions("en", ("overview", "roadmap"))
    html = render_html(analysis, meta("en"), options, walkthroughs=walkthroughs, charts=False)
    for title in ("Executive summary", "Method", "Per-process sections", "Gap analysis", "Appendix"):
        assert title not in html
    assert 'class="cover"' not in html
    assert ">1</span>Maturity overview" in html  # numbered as they come
    assert ">2</span>Roadmap" in html


def test_the_html_report_is_self_contained(demo, tmp_path):
    analysis, walkthroughs, _ = demo
    path = tmp_path / "report.html"
    write_report(analysis, meta("zh"), ReportOptions("zh", ("overview",)), path, walkthroughs=walkthroughs)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 2  # radar and heat map
    assert all(source.startswith("data:image/svg+xml;base64,") for source in sources)
    for outside in ("<link", "<script", "http://", "https://"):
        assert outside not in html
    assert all(name in html for name in PROCESS_NAMES["zh"])


def test_the_excel_report_is_the_results_workbook_in_the_report_language(demo, tmp_path):
    analysis = demo[0]
    path = tmp_path / "report.xlsx"
    stages: list[str] = []
    write_report(analysis, meta("en"), ReportOptions("en"), path, progress=lambda f, stage: stages.append(stage))
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert {"About", "Processes", "Levels", "Items", "Roadmap", "Consistency"} <= set(workbook.sheetnames)
    assert stages[-1] == "done"


def test_a_failed_chart_leaves_no_file_behind(demo, tmp_path, monkeypatch):
    analysis = demo[0]
    path = tmp_path / "report.pdf"
    path.write_bytes(b"the previous report")

    def broken(*args, **kwargs):
        raise RuntimeError("the browser went away")

    monkeypatch.setattr(report_charts, "svg_bytes", broken)
    with pytest.raises(RuntimeError, match="browser went away"):
        write_report(analysis, meta("en"), ReportOptions("en", ("overview",)), path)
    assert path.read_bytes() == b"the previous report"
    assert not list(tmp_path.glob(".*.part"))


def test_an_unknown_format_is_refused(demo, tmp_path):
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(demo[0], meta("en"), ReportOptions("en"), tmp_path / "report.docx")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_questionnaire_is_named_in_the_language_of_the_report(demo, lang):
    analysis = demo[0]
    unnamed = dataclasses.replace(meta(lang), questionnaire="")  # the CLI and the app leave it to the report
    html = render_html(analysis, unnamed, ReportOptions(lang, ("cover", "method")), charts=False)
    title = analysis.scored.questionnaire.title
    assert f"{title.get(lang)} (itsm-core 2.0)" in html
    assert title.get("en" if lang == "zh" else "zh") not in html


@pytest.mark.parametrize(
    ("lang", "heading", "words"),
    [
        ("zh", "成熟度级别与其他框架的对应", ("ISO/IEC 20000-1:2018", "ITSS.1", "COBIT 2019", "参考性对应")),
        ("en", "The levels and other frameworks", ("ISO/IEC 20000-1:2018", "ITSS.1", "COBIT 2019", "indicative")),
    ],
)
def test_the_method_says_what_each_level_corresponds_to_in_other_frameworks(texts, lang, heading, words):
    pages = [number for number, page in enumerate(texts[lang]) if heading in page]
    assert pages, heading
    following = "\n".join(texts[lang][pages[-1] : pages[-1] + 2])  # the table may run onto the next page
    assert [word for word in words if word not in following] == []
