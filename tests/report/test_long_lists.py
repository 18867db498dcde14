"""Long lists in a process section are cut to the most telling rows, and the reader is told how many more there are."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessment.analysis.analyse import analyse_files
from assessment.analysis.scored import score_files
from assessment.report import ReportMeta, render_html
from assessment.report.options import SECTIONS, ReportOptions
from assessment.report.process_views import DISAGREEMENTS

ITEMS = 8  # all flagged: more than the section shows


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """One process of eight level-1 items on which six respondents split 0 / 4: every item is a disagreement."""
    folder = tmp_path_factory.mktemp("long-lists")
    items = "\n".join(
        f'      - {{id: INC-1-{n:02d}, level: 1, dimension: process, text: {{zh: "实践{n}", en: "Practice {n}"}}}}'
        for n in range(1, ITEMS + 1)
    )
    (folder / "q.yaml").write_text(
        f"""id: long-lists
version: "1.0"
title: {{zh: "长列表", en: "Long lists"}}
roles:
  - {{id: practitioner, label: {{zh: "执行人", en: "Practitioner"}}}}
dimensions:
  - {{id: process, label: {{zh: "流程", en: "Process"}}}}
processes:
  - id: incident
    name: {{zh: "事件管理", en: "Incident management"}}
    items:
{items}
""",
        encoding="utf-8",
    )
    header = ",".join(["respondent", "role", "unit", "method"] + [f"INC-1-{n:02d}" for n in range(1, ITEMS + 1)])
    rows = [f"R{r},practitioner,HQ,survey," + ",".join([str(4 * (r % 2))] * ITEMS) for r in range(6)]
    (folder / "r.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return analyse_files(score_files(folder / "q.yaml", folder / "r.csv"))


def html(analysis, lang: str, sections: tuple[str, ...]) -> str:
    meta = ReportMeta(client="", assessment="long lists", date=dt.date(2026, 11, 24))
    return render_html(analysis, meta, ReportOptions(lang=lang, sections=sections), charts=False)


def disagreement_rows(page: str) -> list[str]:
    """The item ids of the process section's disagreement table."""
    start = page.index("<h3>分歧</h3>") if "<h3>分歧</h3>" in page else page.index("<h3>Disagreements</h3>")
    table = page[start : page.index("</table>", start)]
    return re.findall(r'<td class="id">(INC-1-\d\d)</td>', table)


def test_every_item_is_a_disagreement_in_the_analysis(analysis):
    assert len(analysis.flagged) == ITEMS


@pytest.mark.parametrize(
    ("lang", "sections", "told"),
    [
        ("zh", tuple(SECTIONS), f"另有 {ITEMS - DISAGREEMENTS} 项未列出，详见附录。"),
        ("en", tuple(SECTIONS), f"{ITEMS - DISAGREEMENTS} more, all in the appendix."),
        ("zh", ("processes",), f"另有 {ITEMS - DISAGREEMENTS} 项未列出。"),
        ("en", ("processes",), f"{ITEMS - DISAGREEMENTS} more not listed."),
    ],
)
def test_the_section_shows_the_widest_disagreements_and_says_how_many_more(analysis, lang, sections, told):
    page = html(analysis, lang, sections)
    assert len(disagreement_rows(page)) == DISAGREEMENTS < ITEMS
    assert told in page


def test_the_appendix_still_flags_every_disagreement(analysis):
    page = html(analysis, "en", ("appendix",))
    assert len(re.findall(r'<span class="flag"', page)) == ITEMS
