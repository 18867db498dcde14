"""The level calibration against ISO/IEC 20000-1 and the mapping of the levels to ISO, ITSS.1 and COBIT 2019."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.questionnaire import check_questionnaire, load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "questionnaires" / "itsm-core"
ISO = "ISO/IEC 20000-1:2018"
SHALL_MAX_LEVEL = 3  # a "shall" requirement is what a conforming organization does: never a sign of level 4 or 5


@pytest.fixture(scope="module")
def core():
    return load_questionnaire(CORE).questionnaire


@pytest.fixture(scope="module")
def iso(core):
    return next(framework for framework in core.frameworks if framework.id == "iso20000")


def test_every_iso20000_clause_of_the_table_allows_level_3_at_most(iso):
    assert iso.correspondence == "normative"
    assert iso.citation == ISO
    assert iso.clauses
    assert {clause.clause: clause.max_level for clause in iso.clauses if clause.max_level > SHALL_MAX_LEVEL} == {}


def test_no_item_citing_an_iso20000_clause_sits_above_the_clauses_maximum_level(core, iso):
    cited, above, unlisted = 0, [], []
    for _, item in core.all_items():
        for reference in item.references:
            if not reference.startswith(ISO + " "):
                continue
            cited += 1
            clause = iso.clause_of(reference)
            if clause is None:
                unlisted.append((item.id, reference))
            elif item.level > clause.max_level:
                above.append((item.id, item.level, reference, clause.max_level))
    assert cited > 50  # the library cites the standard throughout: the check has something to check
    assert unlisted == []
    assert above == []


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("PRB-5-01", "PRB-3-11", "trend analysis to identify problems: 8.6.3"),
        ("CFG-4-01", "CFG-3-10", "configuration verification at planned intervals: 8.2.6"),
        ("SLM-4-02", "SLM-3-10", "service reviews with the customer: 8.3.2, 8.3.3"),
        ("CHG-5-02", "CHG-3-14", "the list of pre-authorized standard changes: 8.5.1"),
        ("REL-4-01", "REL-3-10", "monitoring release outcomes: 8.5.3"),
        ("SRQ-5-01", "SRQ-4-07", "password self-reset, automated provisioning: commodity tooling"),
        ("CFG-5-01", "CFG-4-06", "automated discovery: commodity tooling"),
        ("INC-5-02", "INC-4-06", "incidents raised by monitoring: commodity tooling"),
    ],
)
def test_the_examples_of_the_review_moved_and_their_old_ids_are_gone(core, old, new, why):
    index = core.item_index()
    assert old not in index
    assert new in index, why
    assert index[new][1].level == int(new.split("-")[1]), why


def test_every_framework_maps_every_level_and_says_what_kind_of_correspondence_it_is(core):
    assert [framework.id for framework in core.frameworks] == ["iso20000", "itss", "cobit2019"]
    for framework in core.frameworks:
        assert sorted(framework.levels) == [1, 2, 3, 4, 5], framework.id
        assert framework.note is not None, framework.id
    indicative = {framework.id for framework in core.frameworks if framework.correspondence == "indicative"}
    assert indicative == {"itss", "cobit2019"}
    itss = core.frameworks[1]
    assert "参考性对应" in itss.note.zh
    assert "not an official equivalence" in itss.note.en
    # "which of your levels is our ITSS grade 3?": each ITSS grade is about one level
    about = {
        grade: [level for level, text in itss.levels.items() if f"约相当于{grade}级" in text.zh] for grade in "四三二一"
    }
    assert about == {"四": [2], "三": [3], "二": [4], "一": [5]}
    assert [level for level, text in itss.levels.items() if "About grade" in text.en] == [2, 3, 4, 5]


@pytest.fixture
def library_copy(tmp_path):
    target = tmp_path / "lib"
    shutil.copytree(CORE, target)
    return target


def test_validate_reports_an_item_above_the_level_of_the_clause_it_cites(library_copy):
    change = library_copy / "change.yaml"
    text = change.read_text(encoding="utf-8")
    start = text.index("      - id: CHG-3-14\n        level: 3")
    change.write_text(text[:start] + text[start:].replace("level: 3", "level: 5", 1), encoding="utf-8")
    questionnaire, problems = check_questionnaire(library_copy)
    assert questionnaire is None
    rendered = [problem.render("en") for problem in problems]
    assert [line for line in rendered if "belongs at level" in line] == [
        f"{library_copy}/change.yaml:{line_of(change, 'ISO/IEC 20000-1:2018 8.5.1', after='id: CHG-3-14')}: item "
        "CHG-3-14 is at level 5 but cites ISO/IEC 20000-1:2018 8.5.1, which belongs at level 3 or below "
        "(framework 'iso20000'): move the item down or correct the reference"
    ]
    assert any("引用了 ISO/IEC 20000-1:2018 8.5.1，该条款对应的级别不高于 3" in p.render("zh") for p in problems)


def test_validate_warns_of_a_cited_clause_the_table_does_not_list(library_copy):
    frameworks = library_copy / "frameworks.yaml"
    text = frameworks.read_text(encoding="utf-8")
    frameworks.write_text(
        text.replace('      - {clause: "7.5", max_level: 3,', '      - {clause: "7.9", max_level: 3,')
    )
    questionnaire, problems = check_questionnaire(library_copy)
    assert questionnaire is not None  # a warning only
    assert {p.params["item"] for p in problems if p.code == "clause_not_listed"} == {"SLM-2-06", "SRQ-2-01", "REL-2-03"}
    assert all(p.severity == "warning" for p in problems if p.code == "clause_not_listed")


def line_of(path: Path, text: str, after: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1
