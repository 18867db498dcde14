"""The consultant's working file: every answer and every context record of an assessment, as an Excel workbook.

Sheets: about, answers (respondent, role, unit, method, interview date, process, item, question, the answer and its
name, comment, evidence, who recorded it and when), respondents, context records (one row per field), walkthrough
results. Ids are kept beside names so that the file can be filtered, pivoted and read back by people and programs.
Every text is data: XlsxWriter never turns a string into a formula, a link or a number.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pandas as pd
import xlsxwriter

from assessment.messages import METHOD_LABELS, UNSCORED_LABELS
from assessment.questionnaire.model import Questionnaire
from assessment.workspace.raw_data import RawData

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}
# key -> (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    "sheet_about": ("About", "说明"),
    "sheet_answers": ("Answers", "回答"),
    "sheet_respondents": ("Respondents", "答卷人"),
    "sheet_context": ("Context", "现状背景"),
    "sheet_walkthroughs": ("Walkthroughs", "穿行测试"),
    "client": ("Client", "客户"),
    "assessment": ("Assessment", "评估"),
    "questionnaire": ("Questionnaire", "问卷"),
    "exported": ("Exported (UTC)", "导出时间（UTC）"),
    "times": ("Times", "时间"),
    "times_note": ("Every time in this file is UTC.", "本文件中的时间均为 UTC 时间。"),
    "count_answers": ("Answers", "答案数"),
    "count_respondents": ("Respondents", "答卷人数"),
    "respondent": ("Respondent", "答卷人"),
    "role": ("Role", "角色"),
    "role_id": ("Role id", "角色编号"),
    "unit": ("Unit", "单位"),
    "method": ("Method", "方式"),
    "interviewed_on": ("Interview date", "访谈日期"),
    "process": ("Process", "流程"),
    "item": ("Item", "题目编号"),
    "question": ("Question", "问题"),
    "answer": ("Answer", "回答"),
    "answer_name": ("Answer (meaning)", "回答含义"),
    "comment": ("Comment", "备注"),
    "evidence": ("Evidence", "证据"),
    "recorded_by": ("Recorded by", "记录人"),
    "recorded_at": ("Recorded at (UTC)", "记录时间（UTC）"),
    "anonymous": ("Anonymous", "匿名"),
    "answers": ("Answers", "答案数"),
    "section": ("Section", "部分"),
    "record": ("Record", "记录"),
    "field": ("Field", "字段"),
    "value": ("Value", "值"),
    "check": ("Check", "检查项"),
    "check_text": ("What is checked", "检查内容"),
    "sample": ("Sampled record", "样本记录"),
    "passed": ("Result", "结果"),
    "pass": ("Pass", "通过"),
    "fail": ("Fail", "未通过"),
    "note": ("Note", "备注"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
}


def raw_workbook(raw: RawData, questionnaire: Questionnaire, lang: str = "zh") -> bytes:
    """The workbook's bytes, labels and names in `lang`."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    try:
        _RawBook(workbook, raw, questionnaire, lang).build()
    finally:
        workbook.close()
    return buffer.getvalue()


class _RawBook:
    def __init__(self, workbook, raw: RawData, questionnaire: Questionnaire, lang: str):
        self.workbook, self.raw, self.questionnaire, self.lang = workbook, raw, questionnaire, lang
        self.zh = lang == "zh"
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"})
        self.day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.roles = {role.id: role.label.get(lang) for role in questionnaire.roles}
        self.methods = {key: names[self.zh] for key, names in METHOD_LABELS.items()}
        self.items = {item.id: (process, item) for process, item in questionnaire.all_items()}
        scales = questionnaire.all_scales()
        self.answer_names = {
            (item.id, option.key): option.label.get(lang)
            for _, item in questionnaire.all_items()
            if item.is_scored
            for option in scales[item.scale_id]
        }

    def t(self, key: str) -> str:
        return LABELS[key][self.zh]

    def build(self) -> None:
        self._about()
        self._answers()
        self._respondents()
        self._context()
        self._walkthroughs()

    def _table(self, sheet_key: str, columns: list[tuple[str, int]], rows: list[list[Any]]) -> None:
        """A sheet of `rows` under a frozen header, with a filter on every column."""
        sheet = self.workbook.add_worksheet(self.t(sheet_key))
        for col, (key, width) in enumerate(columns):
            sheet.write_string(0, col, self.t(key), self.header)
            sheet.set_column(col, col, width)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                self._write(sheet, row, col, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    def _write(self, sheet, row: int, col: int, value: Any) -> None:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
            return
        if isinstance(value, bool):
            sheet.write_string(row, col, self.t("yes" if value else "no"))
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value, self.moment)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.day)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, str(value))

    def _about(self) -> None:
        raw = self.raw
        rows = [
            [self.t("client"), raw.client],
            [self.t("assessment"), raw.name],
            [self.t("questionnaire"), f"{raw.questionnaire_id} {raw.questionnaire_version}"],
            [self.t("exported"), dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)],
            [self.t("count_respondents"), len(raw.respondents)],
            [self.t("count_answers"), len(raw.answers)],
            [self.t("times"), self.t("times_note")],
        ]
        sheet = self.workbook.add_worksheet(self.t("sheet_about"))
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 60)
        for row, values in enumerate(rows):
            sheet.write_string(row, 0, values[0], self.header)
            self._write(sheet, row, 1, values[1])

    def _answers(self) -> None:
        rows = []
        for a in self.raw.answers.itertuples(index=False):
            process, item = self.items.get(a.item, (None, None))
            rows.append(
                [
                    a.respondent,
                    self.roles.get(a.role, a.role),
                    a.unit,
                    self.methods.get(a.method, a.method),
                    a.interviewed_on,
                    process.name.get(self.lang) if process else "",
                    a.item,
                    item.text.get(self.lang) if item else "",
                    a.answer,
                    self._answer_name(a.item, a.answer),
                    a.comment,
                    "\n".join(a.evidence),
                    a.recorded_by,
                    a.recorded_at,
                ]
            )
        columns = [
            ("respondent", 16), ("role", 14), ("unit", 14), ("method", 10), ("interviewed_on", 12), ("process", 14),
            ("item", 12), ("question", 50), ("answer", 8), ("answer_name", 18), ("comment", 30), ("evidence", 30),
            ("recorded_by", 16), ("recorded_at", 19),
        ]  # fmt: skip
        self._table("sheet_answers", columns, rows)

    def _answer_name(self, item: str, answer: str) -> str:
        if answer in UNSCORED_LABELS:
            return UNSCORED_LABELS[answer][self.zh]
        return self.answer_names.get((item, answer), "")

    def _respondents(self) -> None:
        counts = self.raw.answers.groupby("respondent", sort=False).size()
        rows = [
            [
                p.respondent,
                self.roles.get(p.role, p.role),
                p.role,
                p.unit,
                self.methods.get(p.method, p.method),
                p.interviewed_on,
                bool(p.anonymous),
                int(counts.get(p.respondent, 0)),
            ]
            for p in self.raw.respondents.itertuples(index=False)
        ]
        columns = [
            ("respondent", 18), ("role", 16), ("role_id", 16), ("unit", 14), ("method", 10), ("interviewed_on", 12),
            ("anonymous", 8), ("answers", 8),
        ]  # fmt: skip
        self._table("sheet_respondents", columns, rows)

    def _context(self) -> None:
        sections = {section.id: section for section in self.questionnaire.context}
        processes = {process.id: process.name.get(self.lang) for process in self.questionnaire.processes}
        rows = []
        for c in self.raw.context.itertuples(index=False):
            section = sections.get(c.section)
            fields = {f.id: f for f in section.fields} if section else {}
            field = fields.get(c.field)
            record = processes.get(c.record) or self.roles.get(c.record) or c.record
            rows.append(
                [
                    section.title.get(self.lang) if section else c.section,
                    record,
                    field.label.get(self.lang) if field else c.field,
                    self._context_value(field, c.value, processes),
                    c.recorded_by,
                    c.recorded_at,
                ]
            )
        columns = [("section", 22), ("record", 22), ("field", 26), ("value", 50), ("recorded_by", 16),
                   ("recorded_at", 19)]  # fmt: skip
        self._table("sheet_context", columns, rows)

    def _context_value(self, field, value: Any, processes: dict[str, str]) -> Any:
        """A field's value as the Context page shows it: choices and processes by name, lists one per line."""
        names = {choice.key: choice.label.get(self.lang) for choice in field.choices} if field else {}
        names |= processes if field is not None and field.type == "processes" else {}
        if isinstance(value, list):
            return "\n".join(str(names.get(v, v)) for v in value)
        if isinstance(value, str):
            return names.get(value, value)
        return value

    def _walkthroughs(self) -> None:
        checks = {
            check.id: check.text.get(self.lang)
            for process in self.questionnaire.processes
            for walkthrough in process.walkthroughs
            for check in walkthrough.checks
        }
        rows = [
            [
                w.check,
                checks.get(w.check, ""),
                w.sample,
                w.unit,
                self.t("pass" if w.passed else "fail"),
                w.note,
                w.recorded_by,
                w.recorded_at,
            ]
            for w in self.raw.walkthroughs.itertuples(index=False)
        ]
        columns = [("check", 14), ("check_text", 50), ("sample", 16), ("unit", 14), ("passed", 8), ("note", 30),
                   ("recorded_by", 16), ("recorded_at", 19)]  # fmt: skip
        self._table("sheet_walkthroughs", columns, rows)
