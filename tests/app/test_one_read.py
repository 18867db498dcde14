"""An analysis reads each stored table of its assessment once: the report from the command line, and the analysis
behind the Results page (the page's own header and sidebar are small reads of their own)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event

import app_pages.common
from app_pages.common import _analysis, _findings_kept
from assessment.cli import main as cli
from tests.app.conftest import start

TABLES = (
    "assessments",
    "clients",
    "units",
    "respondents",
    "answers",
    "targets",
    "decisions",
    "context_entries",
    "walkthrough_results",
    "roadmap_edits",
)
SELECTED = re.compile(r"\b(?:FROM|JOIN)\s+\"?(\w+)\"?", re.IGNORECASE)


class Reads:
    """The tables each SELECT names, counted while `counting` is on."""

    def __init__(self) -> None:
        self.tables: Counter[str] = Counter()
        self.counting = False

    def __call__(self, connection, cursor, statement, parameters, context, executemany) -> None:
        if self.counting and statement.lstrip().upper().startswith("SELECT"):
            self.tables.update(set(SELECTED.findall(statement)))

    def of_the_assessment(self) -> dict[str, int]:
        return {table: self.tables[table] for table in TABLES}


@pytest.fixture
def reads() -> Iterator[Reads]:
    listener = Reads()
    event.listen(Engine, "before_cursor_execute", listener)
    try:
        yield listener
    finally:
        event.remove(Engine, "before_cursor_execute", listener)


def test_the_report_of_a_stored_assessment_reads_each_table_once(demo_db, reads, tmp_path):
    reads.counting = True
    code = cli.main(
        ["report", "--assessment", str(demo_db.demo_id), "--database", demo_db.url, "-o", str(tmp_path / "r.xlsx")]
    )
    assert code == 0
    assert reads.of_the_assessment() == dict.fromkeys(TABLES, 1)


def test_the_analysis_behind_the_results_page_reads_each_table_once(demo_db, reads, monkeypatch):
    _analysis.clear()
    _findings_kept.clear()
    real = app_pages.common.analyse_assessment

    def counted(*args, **kwargs):
        reads.counting = True
        try:
            return real(*args, **kwargs)
        finally:
            reads.counting = False

    monkeypatch.setattr(app_pages.common, "analyse_assessment", counted)
    app = start("results", lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    assert reads.of_the_assessment() == dict.fromkeys(TABLES, 1)
    # a new target: planned again on the kept findings, the answers not read again
    reads.tables.clear()
    app.switch_page("app_pages/roadmap.py").run()
    next(slider for slider in app.select_slider if slider.key == "roadmap_target_change").set_value(5).run()
    assert not app.exception
    assert reads.of_the_assessment() == dict.fromkeys(TABLES, 1) | {"respondents": 0, "answers": 0}
