"""Read the sheets of a per-respondent workbook (`exports.respondent_forms` writes it) as responses tables.

A respondent's sheet holds, in its hidden column A, `FORM_MARK` in A1, the keys of the rows that hold the
respondent's name, role, unit and method (their values in column C), `item` on the questions' header row and each
question's item id on its row (the answer in column E, comment F, evidence G). Each sheet becomes one table in the
long shape (one row per question), checked like any other; the respondent's role, unit and method are checked here
first, so that a problem names the cell the respondent filled (column C), not a column the sheet does not have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assessment.inputs import vocabulary
from assessment.inputs.responses_checks import RawTable
from assessment.problems import Problem
from assessment.questionnaire.model import Questionnaire

FORM_MARK = "maturitymap-form"  # cell A1 of every respondent's sheet
PERSON_KEYS = ("respondent", "role", "unit", "method")
HEADER_KEY = "item"  # column A of the questions' header row
# the visible columns of the questions, from B (column A holds the keys)
QUESTION_COLUMNS = ("item", "process", "question", "answer", "comment", "evidence", "guidance")
VALUE_COLUMN = 2  # column C holds the respondent's name, role, unit and method
ANSWER_COLUMN = 1 + QUESTION_COLUMNS.index("answer")
COMMENT_COLUMN = 1 + QUESTION_COLUMNS.index("comment")
EVIDENCE_COLUMN = 1 + QUESTION_COLUMNS.index("evidence")
LETTERS = {"respondent": "C", "item": "B", "answer": "E", "comment": "F", "evidence": "G"}
LONG_HEADER = ["respondent", "item", "answer", "role", "unit", "method", "comment", "evidence"]


@dataclasses.dataclass
class FormSheets:
    """The tables of a workbook's respondent sheets, and the problems found in the sheets' own cells."""

    tables: list[RawTable]
    problems: list[Problem]
    warnings: list[Problem]


def is_form(first_cell: str) -> bool:
    return first_cell.strip() == FORM_MARK


def form_tables(
    sheets: Sequence[tuple[str, list[list[str]]]], file: str, questionnaire: Questionnaire, units: Sequence[str]
) -> FormSheets:
    """One long table per respondent's sheet that has answers; sheets without any are left out with a warning."""
    found = FormSheets([], [], [])
    roles = vocabulary.role_words(questionnaire) if questionnaire.roles else None
    known = {
        "role": roles,
        "method": vocabulary.method_words(),
        "unit": vocabulary.words((unit, ()) for unit in units) if units else None,
    }
    for title, rows in sheets:
        _read_sheet(title, rows, file, questionnaire, known, units, found)
    return found


def _read_sheet(title, rows, file, questionnaire, known, units, found: FormSheets) -> None:
    def cell(row: list[str], col: int) -> str:
        return row[col] if col < len(row) else ""

    where = {"file": file, "sheet": title}
    person_rows = {cell(row, 0): number for number, row in enumerate(rows, start=1) if cell(row, 0) in PERSON_KEYS}
    header = next((n for n, row in enumerate(rows, start=1) if cell(row, 0) == HEADER_KEY), None)
    missing = [key for key in PERSON_KEYS if key not in person_rows] + ([HEADER_KEY] if header is None else [])
    if missing:
        found.problems.append(Problem("form_broken", {"missing": missing[0]}, **where))
        return
    questions = [(n, row) for n, row in enumerate(rows[header:], start=header + 1) if cell(row, 0)]
    answered = [(n, row) for n, row in questions if any(cell(row, c) for c in (ANSWER_COLUMN, COMMENT_COLUMN,
                                                                              EVIDENCE_COLUMN))]  # fmt: skip
    person = {key: cell(rows[person_rows[key] - 1], VALUE_COLUMN) for key in PERSON_KEYS}
    if not answered:
        found.warnings.append(Problem("form_no_answers", severity="warning", **where))
        return
    if not person["respondent"]:
        found.problems.append(Problem("form_empty_respondent", line=person_rows["respondent"], column="C", **where))
    allowed = {
        "role": lambda value: {"role": value, "allowed": [role.id for role in questionnaire.roles]},
        "unit": lambda value: {"unit": value, "allowed": list(units)},
        "method": lambda value: {"value": value},
    }
    codes = {"role": "unknown_role", "unit": "unknown_unit", "method": "bad_method"}
    for key in ("role", "unit", "method"):
        words, value = known[key], person[key]
        if words is None or not value:
            continue
        if vocabulary.normal(value) not in words:
            found.problems.append(Problem(codes[key], allowed[key](value), line=person_rows[key], column="C", **where))
            person[key] = ""  # said once, at the cell the respondent filled
        else:
            person[key] = words[vocabulary.normal(value)]
    if not person["respondent"]:
        return  # the answers are checked once the sheet says whose they are
    columns = {
        "respondent": [person["respondent"]] * len(answered),
        "item": [cell(row, 0) for _, row in answered],
        "answer": [cell(row, ANSWER_COLUMN) for _, row in answered],
        "role": [person["role"]] * len(answered),
        "unit": [person["unit"]] * len(answered),
        "method": [person["method"]] * len(answered),
        "comment": [cell(row, COMMENT_COLUMN) for _, row in answered],
        "evidence": [cell(row, EVIDENCE_COLUMN) for _, row in answered],
    }
    table = RawTable(
        list(LONG_HEADER),
        [pd.Series(columns[name], dtype="str") for name in LONG_HEADER],
        np.array([n for n, _ in answered], dtype=np.int64),
        file,
        title,
    )
    found.tables.append(table)


def in_form_terms(problem: Problem) -> Problem:
    """A problem found in a respondent's sheet, its column named by the sheet's letter (E for the answer)."""
    letter = LETTERS.get(problem.column or "")
    return dataclasses.replace(problem, column=letter) if letter else problem
