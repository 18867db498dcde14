"""The results workbook of all figures and the download files of the demo: sheets, values, text never a formula."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from assessment.analysis.analyse import analyse_assessment
from assessment.exports.downloads import bundle_file, file_name, file_stem, roadmap_file
from assessment.exports.workbook_export import results_workbook, write_results_workbook
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.roadmap_edits import edit_roadmap

HOSTILE = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo with one custom action whose title a spreadsheet would run: its workspace, id and analysis."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('workbook')}/d.db")
    demo_id = load_demo(workspace)
    custom = {
        "title": {"zh": HOSTILE, "en": "+cmd|' /C calc'!A0"},
        "description": {"zh": "说明", "en": "What"},
        "deliverable": {"zh": "纪要", "en": "Minutes"},
        "effort": {"min": 1, "max": 2},
        "owner": "process_owner",
        "phase": "rollout",
        "items": ["CHG-1-01"],
    }
    edit_roadmap(workspace, demo_id, "X-1", "add", custom)
    yield workspace, demo_id, analyse_assessment(workspace, demo_id)
    workspace.dispose()


def rows(book, sheet: str) -> list[tuple]:
    return list(book[sheet].iter_rows(values_only=True))


def test_every_view_has_its_sheet_with_the_figures_of_the_analysis(demo):
    _, _, found = demo
    book = openpyxl.load_workbook(io.BytesIO(results_workbook(found, "zh", "客户", "2026 评估")))
    assert book.sheetnames == [
        "说明",
        "流程",
        "各级评定",
        "题目",
        "维度",
        "优先级",
        "路线图",
        "分歧项",
        "各单位",
        "一致性",
    ]
    result = found.scored.result
    about = dict(rows(book, "说明"))
    assert (about["客户"], about["评估"], about["答卷人"]) == (
        "客户",
        "2026 评估",
        len(found.scored.responses.respondents),
    )

    processes = rows(book, "流程")
    assert processes[0] == ("流程编号", "流程", "等级", "得分", "覆盖率", "题目数", "已作答", "目标", "差距（等级）")
    assert [row[0] for row in processes[1:]] == result.processes["process"].tolist()
    assert processes[1][1] == "事件管理"
    assert [row[3] for row in processes[1:]] == pytest.approx(result.processes["score"].tolist())
    assert [row[8] for row in processes[1:]] == result.processes["gap"].tolist()

    assert len(rows(book, "各级评定")) == len(result.levels) + 1
    items = rows(book, "题目")
    assert len(items) == len(result.items) + 1
    assert items[1][0] == result.items["item"].iloc[0]
    assert items[1][5].startswith("所有事件")  # the practice in the chosen language
    assert "离散度" in items[0]  # spread, as the pages say it
    assert len(rows(book, "维度")) == len(result.dimensions) + 1

    priorities = rows(book, "优先级")
    header = priorities[0]
    first = dict(zip(header, priorities[1], strict=True))
    expected = found.priorities.iloc[0]
    assert (first["流程编号"], first["排名"]) == (expected["process"], 1)
    assert first["优先级"] == pytest.approx(expected["priority"])
    parts = ("差距得分", "重要性得分", "痛点得分", "工作量得分")
    assert sum(first[part] for part in parts) == pytest.approx(expected["priority"])

    assert [row[1] for row in rows(book, "路线图")[1:]] == found.roadmap.actions.sort_values("order")["action"].tolist()
    assert [row[0] for row in rows(book, "分歧项")[1:]] == found.flagged["item"].tolist()
    assert len(rows(book, "各单位")) == len(found.units) + 1
    consistency = rows(book, "一致性")
    assert consistency[0][-1] == "标准化指数"
    assert [row[-1] for row in consistency[1:]] == pytest.approx(found.consistency["index"].tolist())


def test_labels_follow_the_language_and_text_is_never_a_formula(demo, tmp_path):
    _, _, found = demo
    path = tmp_path / "results.xlsx"
    write_results_workbook(found, path, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["About", "Processes", "Levels"]
    roadmap = book["Roadmap"]
    assert (roadmap.cell(1, 4).value, roadmap.cell(1, 5).value) == ("Workstream", "Action")
    titles = {roadmap.cell(line, 2).value: roadmap.cell(line, 5) for line in range(2, roadmap.max_row + 1)}
    assert titles["X-1"].value == "+cmd|' /C calc'!A0"
    assert titles["X-1"].data_type == "s"
    zh = openpyxl.load_workbook(io.BytesIO(results_workbook(found, "zh")))["路线图"]
    cell = next(zh.cell(line, 5) for line in range(2, zh.max_row + 1) if zh.cell(line, 2).value == "X-1")
    assert (cell.value, cell.data_type) == (HOSTILE, "s")


def test_the_roadmap_files_and_the_bundle_as_bytes(demo):
    workspace, demo_id, found = demo
    questionnaire = found.scored.questionnaire
    first = found.roadmap.actions.sort_values("order")["action"].iloc[0]
    book = openpyxl.load_workbook(io.BytesIO(roadmap_file("xlsx", found.roadmap.actions, questionnaire, "en")))
    assert book["Roadmap"].cell(2, 2).value == first
    tracker = roadmap_file("csv", found.roadmap.actions, questionnaire, "zh")
    assert tracker.startswith(b"\xef\xbb\xbf")  # a BOM: Excel then reads the Chinese right
    assert roadmap_file("md", found.roadmap.actions, questionnaire, "zh").decode("utf-8").startswith("# 路线图")
    with pytest.raises(ValueError, match="unknown roadmap file kind"):
        roadmap_file("pdf", found.roadmap.actions, questionnaire, "zh")
    archive = zipfile.ZipFile(io.BytesIO(bundle_file(workspace, demo_id)))
    assert sorted(archive.namelist()) == ["assessment.json", "manifest.json"]


@pytest.mark.parametrize(
    ("parts", "stem"),
    [
        (("华东集团", "2026 年度评估"), "华东集团-2026-年度评估"),
        (("Acme / EU", "Q1: review*"), "Acme-EU-Q1-review"),
        (("../../etc", "passwd"), "etc-passwd"),
        (("", "  "), "assessment"),
    ],
)
def test_file_names_keep_letters_and_digits_only(parts, stem):
    assert file_stem(*parts) == stem
    assert file_name("roadmap", stem, "xlsx") == f"roadmap-{stem}.xlsx"
