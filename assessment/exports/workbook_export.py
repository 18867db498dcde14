"""The results as an Excel workbook of all figures: one sheet per view of the analysis, labels in one language.

Sheets: about, processes, levels, items, dimensions, priorities, roadmap, flagged items, units, consistency.
Every text is data: XlsxWriter never turns a string into a formula, a link or a number.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from assessment.analysis.analyse import Analysis
from assessment.exports.roadmap_export import LABELS as ROADMAP_LABELS
from assessment.exports.roadmap_export import export_rows
from assessment.files import write_atomic

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}
# column or sheet key -> (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    "sheet_about": ("About", "说明"),
    "sheet_processes": ("Processes", "流程"),
    "sheet_levels": ("Levels", "各级评定"),
    "sheet_items": ("Items", "题目"),
    "sheet_dimensions": ("Dimensions", "维度"),
    "sheet_priorities": ("Priorities", "优先级"),
    "sheet_roadmap": ("Roadmap", "路线图"),
    "sheet_flagged": ("Flagged items", "分歧项"),
    "sheet_units": ("Units", "各单位"),
    "sheet_consistency": ("Consistency", "一致性"),
    "client": ("Client", "客户"),
    "assessment": ("Assessment", "评估"),
    "questionnaire": ("Questionnaire", "问卷"),
    "rule": ("Rule", "规则"),
    "respondents": ("Respondents", "答卷人"),
    "answers": ("Scored answers", "计分答案"),
    "all_answers": ("Answers", "答案数"),
    "produced": ("Produced on", "生成日期"),
    "roadmap_start": ("Roadmap start", "路线图开始日期"),
    "capacity": ("Capacity of each workstream (person-days per month)", "每个工作流的产能（每月人天）"),
    "process": ("Process id", "流程编号"),
    "name": ("Process", "流程"),
    "level": ("Level", "等级"),
    "score": ("Score", "得分"),
    "coverage": ("Coverage", "覆盖率"),
    "items": ("Items", "题目数"),
    "answered": ("Answered", "已作答"),
    "target": ("Target", "目标"),
    "gap": ("Gap (levels)", "差距（等级）"),
    "achievement": ("Achievement", "实现程度"),
    "rating": ("Rating", "评定"),
    "item": ("Item", "题目"),
    "text": ("Practice", "实践"),
    "dimension": ("Dimension", "维度"),
    "weight": ("Weight", "权重"),
    "spread": ("Spread", "离散度"),
    "flagged": ("Disagreement open", "分歧未协调"),
    "agreed": ("Agreed achievement", "协调后的实现程度"),
    "na": ("Not applicable", "不适用"),
    "unknown": ("Don't know", "不知道"),
    "empty": ("Empty", "未作答"),
    "rank": ("Rank", "排名"),
    "score_gap": ("Score gap", "得分差距"),
    "importance": ("Business importance", "业务重要性"),
    "pain": ("Pain (sum of severities)", "痛点（严重程度之和）"),
    "pain_points": ("Pain points", "痛点数"),
    "effort": ("Effort (person-days)", "工作量（人天）"),
    "gap_part": ("Gap points", "差距得分"),
    "importance_part": ("Importance points", "重要性得分"),
    "pain_part": ("Pain points (priority)", "痛点得分"),
    "effort_part": ("Effort points", "工作量得分"),
    "priority": ("Priority", "优先级"),
    "unit": ("Unit", "单位"),
    "units": ("Units", "单位数"),
    "score_mean": ("Mean score", "平均得分"),
    "score_min": ("Lowest score", "最低得分"),
    "score_max": ("Highest score", "最高得分"),
    "score_range": ("Score range", "得分极差"),
    "score_std": ("Standard deviation", "标准差"),
    "level_min": ("Lowest level", "最低等级"),
    "level_max": ("Highest level", "最高等级"),
    "lowest_unit": ("Lowest unit", "最低单位"),
    "highest_unit": ("Highest unit", "最高单位"),
    "deviating": ("Deviating units", "偏离单位"),
    "items_compared": ("Items compared", "比较的题目数"),
    "item_difference": ("Mean item difference", "题目平均差异"),
    "index": ("Standardization index", "标准化指数"),
    "yes": ("yes", "是"),
}
# the columns of each sheet, in order (roadmap: those of assessment.roadmap_export.export_rows)
SHEETS: dict[str, list[str]] = {
    "sheet_processes": ["process", "name", "level", "score", "coverage", "items", "answered", "target", "gap"],
    "sheet_levels": ["process", "name", "level", "achievement", "rating", "items", "answered"],
    "sheet_items": [
        "item", "process", "name", "level", "dimension", "text", "weight", "achievement", "answers", "spread",
        "flagged", "agreed", "na", "unknown", "empty",
    ],
    "sheet_dimensions": ["process", "name", "dimension", "achievement", "items", "answered"],
    "sheet_priorities": [
        "rank", "process", "name", "level", "target", "gap", "score", "score_gap", "importance", "pain",
        "pain_points", "effort", "gap_part", "importance_part", "pain_part", "effort_part", "priority",
    ],
    "sheet_roadmap": [
        "order", "action", "process", "workstream", "title", "description", "deliverable", "phase", "owner", "effort",
        "priority", "quick_win", "start", "due", "depends_on", "items", "edited",
    ],
    "sheet_flagged": ["item", "process", "name", "level", "dimension", "achievement", "spread", "answers", "flagged"]
    + ["agreed"],
    "sheet_units": ["process", "name", "unit", "level", "score", "coverage", "respondents", "answered", "target"]
    + ["gap"],
    "sheet_consistency": [
        "process", "name", "units", "score_mean", "score_min", "score_max", "score_range", "score_std", "level_min",
        "level_max", "lowest_unit", "highest_unit", "deviating", "items_compared", "item_difference", "index",
    ],
}  # fmt: skip
RULES = {"iso33020": "ISO/IEC 33020", "c2m2": "C2M2"}
PERCENT = frozenset({"achievement", "coverage", "agreed"})
DECIMALS = frozenset(
    {"score", "score_gap", "spread", "score_mean", "score_min", "score_max", "score_range", "score_std"}
    | {"item_difference", "index", "gap_part", "importance_part", "pain_part", "effort_part", "priority", "weight"}
)


def label(key: str, lang: str, roadmap: bool = False) -> str:
    """A sheet or column label of the workbook in `lang` (`roadmap`: the labels of the roadmap exports first)."""
    pair = (roadmap and ROADMAP_LABELS.get(key)) or LABELS.get(key) or ROADMAP_LABELS.get(key) or (key, key)
    return pair[1 if lang == "zh" else 0]


def results_workbook(found: Analysis, lang: str = "zh", client: str = "", name: str = "") -> bytes:
    """The workbook of all figures of the analysis, as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    try:
        _Writer(workbook, lang).write(found, client, name)
    finally:
        workbook.close()
    return buffer.getvalue()


def write_results_workbook(
    found: Analysis, path: str | Path, lang: str = "zh", client: str = "", name: str = ""
) -> None:
    """The workbook of all figures as a file at `path`: whole, or not at all."""
    write_atomic(path, results_workbook(found, lang, client, name))


class _Writer:
    """Writes the sheets of one workbook in one language."""

    def __init__(self, workbook: Any, lang: str):
        self.workbook, self.lang = workbook, lang
        self.head = workbook.add_format(
            {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True}
        )
        self.formats = {
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "decimal": workbook.add_format({"num_format": "0.00"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }

    def write(self, found: Analysis, client: str, name: str) -> None:
        lang = self.lang
        scored = found.scored
        questionnaire, result = scored.questionnaire, scored.result
        names = {p.id: p.name.get(lang) for p in questionnaire.processes}
        dimensions = {d.id: d.label.get(lang) for d in questionnaire.dimensions}
        texts = {item.id: item.text.get(lang) for _, item in questionnaire.all_items()}

        def named(frame: pd.DataFrame) -> pd.DataFrame:
            frame = frame.copy()  # the analysis is shared: never change its frames
            if "process" in frame:
                frame.insert(frame.columns.get_loc("process") + 1, "name", frame["process"].map(names))
            if "dimension" in frame:
                frame["dimension"] = frame["dimension"].map(lambda d: dimensions.get(d, d))
            return frame

        about = [
            ("client", client),
            ("assessment", name),
            ("questionnaire", f"{questionnaire.id} {questionnaire.version}"),
            ("rule", RULES.get(result.rule, result.rule)),
            ("respondents", len(scored.responses.respondents)),
            ("all_answers", len(scored.responses.answers)),
            ("roadmap_start", found.start),
            ("capacity", found.capacity),
            ("produced", dt.date.today()),
        ]
        sheet = self._sheet("sheet_about", [20, 50])
        for line, (key, value) in enumerate(about):
            sheet.write_string(line, 0, label(key, lang), self.head)
            self._cell(sheet, line, 1, key, value)

        self._table("sheet_processes", named(result.processes))
        self._table("sheet_levels", named(result.levels))
        self._table("sheet_items", named(result.items).assign(text=lambda f: f["item"].map(texts)))
        self._table("sheet_dimensions", named(result.dimensions))
        self._table("sheet_priorities", named(found.priorities))
        rows = pd.DataFrame(export_rows(found.roadmap.actions, questionnaire, lang))
        self._table("sheet_roadmap", rows)
        self._table("sheet_flagged", named(found.flagged))
        self._table("sheet_units", named(found.units))
        self._table("sheet_consistency", named(found.consistency))

    def _sheet(self, key: str, widths: Sequence[int]) -> Any:
        sheet = self.workbook.add_worksheet(label(key, self.lang)[:31])
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        return sheet

    def _table(self, key: str, frame: pd.DataFrame) -> None:
        """A sheet with a header row and one row per row of `frame`, in the columns of SHEETS[key]."""
        columns = SHEETS[key]
        present = [column for column in columns if column in frame.columns] or columns
        wide = {"name": 18, "text": 60, "title": 40, "description": 50, "deliverable": 30, "dimension": 16}
        sheet = self._sheet(key, [wide.get(column, 12) for column in present])
        for col, column in enumerate(present):
            sheet.write_string(0, col, label(column, self.lang, roadmap=key == "sheet_roadmap"), self.head)
        sheet.freeze_panes(1, 0)
        if frame.empty:
            return
        for line, row in enumerate(frame.loc[:, present].itertuples(index=False), start=1):
            for col, (column, value) in enumerate(zip(present, row, strict=True)):
                self._cell(sheet, line, col, column, value)

    def _cell(self, sheet: Any, line: int, col: int, column: str, value: Any) -> None:
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return
        if isinstance(value, (list, tuple, set)):
            sheet.write_string(line, col, ", ".join(map(str, value)))
        elif isinstance(value, (bool,)) or type(value).__name__ == "bool_":
            sheet.write_string(line, col, label("yes", self.lang) if value else "")
        elif isinstance(value, (dt.date, pd.Timestamp)):
            sheet.write_datetime(line, col, pd.Timestamp(value).to_pydatetime(), self.formats["date"])
        elif isinstance(value, (int, float)) or hasattr(value, "item"):
            number = float(value)
            if not math.isfinite(number):
                return
            style = "percent" if column in PERCENT else "decimal" if column in DECIMALS else None
            sheet.write_number(line, col, number, self.formats.get(style))
        else:
            sheet.write_string(line, col, str(value))
