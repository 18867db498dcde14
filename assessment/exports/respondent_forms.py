"""Write the per-respondent workbook: one sheet per respondent, the questions for their role as rows.

A respondent fills it in Excel, WPS or LibreOffice: their name, role, unit and method at the top (dropdowns of the
assessment's own values), then one answer per question from a dropdown of the answer names in the workbook's
language, with a comment and evidence if they like. Column A, hidden, holds what the reader goes by (`FORM_MARK`,
the keys of the rows, the item ids), so that names and headings may be in either language and the reader never
guesses. The sheets are protected without a password: the answer cells are open, the questions are not.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assessment.files import atomic_output
from assessment.inputs.forms import ANSWER_COLUMN, FORM_MARK, HEADER_KEY, PERSON_KEYS, QUESTION_COLUMNS, VALUE_COLUMN
from assessment.inputs.vocabulary import FILLED_IN
from assessment.messages import METHOD_LABELS, UNSCORED_LABELS, render_message
from assessment.problems import InputError, Problem
from assessment.questionnaire.model import UNSCORED_ANSWERS, Item, Process, Questionnaire

WIDTHS = {"item": 11, "process": 14, "question": 56, "answer": 24, "comment": 28, "evidence": 28, "guidance": 60}
MAX_SHEETS = 500
SHEET_NAME_LIMIT = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class FormPerson:
    """A respondent the workbook is made for: a blank name is filled in by the respondent."""

    name: str = ""
    role: str = ""  # a role id; "" asks every question
    unit: str = ""
    method: str = "survey"


def form_items(questionnaire: Questionnaire, role: str) -> list[tuple[Process, Item]]:
    """The questions for `role`: those naming it, and those naming no role (all of them when `role` is "")."""
    return [(p, item) for p, item in questionnaire.all_items() if not role or not item.roles or role in item.roles]


def answer_choices(questionnaire: Questionnaire, item: Item, lang: str) -> list[str]:
    """The dropdown of an item's answers in `lang`: `key · name` for each point of its scale, then the unscored."""
    unscored = [UNSCORED_LABELS[key][lang == "zh"] for key in UNSCORED_ANSWERS]
    if not item.is_scored:
        return unscored
    return [f"{o.key} · {o.label.get(lang)}" for o in questionnaire.all_scales()[item.scale_id]] + unscored


def write_respondent_forms(
    questionnaire: Questionnaire,
    path: str | Path,
    people: Sequence[FormPerson],
    lang: str = "zh",
    units: Sequence[str] = (),
) -> None:
    """Write one sheet per person to the .xlsx file `path`, whole or not at all."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError([Problem("unknown_file_type", {"suffix": path.suffix}, file=str(path))])
    if not people:
        raise InputError([Problem("form_no_people")])
    declared = {role.id for role in questionnaire.roles}
    problems = [Problem("unknown_role", {"role": p.role, "allowed": sorted(declared)}) for p in people
                if p.role and p.role not in declared]  # fmt: skip
    problems += [Problem("form_no_items", {"role": p.role}) for p in people
                 if p.role in declared and not form_items(questionnaire, p.role)]  # fmt: skip
    if len(people) > MAX_SHEETS:
        problems.append(Problem("xlsx_too_many_sheets", {"count": len(people), "limit": MAX_SHEETS}))
    if problems:
        raise InputError(problems)
    # Imported here so that the rest of the package never pays for xlsxwriter
    import xlsxwriter

    with atomic_output(path) as temporary:
        # Text is data: never let a text starting with "=" or "http" become a formula or link
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        workbook = xlsxwriter.Workbook(str(temporary), options)
        try:
            _FormBook(workbook, questionnaire, lang, list(units)).build(people)
        finally:
            workbook.close()


def respondent_forms_zip(
    questionnaire: Questionnaire, people: Sequence[FormPerson], lang: str = "zh", units: Sequence[str] = ()
) -> bytes:
    """A .zip of one workbook per person, each named after the person (or their role), for sending one by one."""
    roles = {role.id: role.label.get(lang) for role in questionnaire.roles}
    names = sheet_names(people, lang, roles)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for person, name in zip(people, names, strict=True):
            path = Path(folder) / "form.xlsx"
            write_respondent_forms(questionnaire, path, [person], lang, units)
            archive.write(path, f"{name}.xlsx")
    return buffer.getvalue()


def sheet_names(people: Sequence[FormPerson], lang: str, roles: dict[str, str] | None = None) -> list[str]:
    """A sheet name for each person: their name (else their role's name, else 'Respondent n') made a valid, unique
    sheet name. `roles`: role id -> name in `lang`."""
    names: list[str] = []
    for number, person in enumerate(people, start=1):
        shown = person.name.strip() or (roles or {}).get(person.role, "")
        base = _NOT_IN_SHEET_NAMES.sub("_", shown).strip("'")[:SHEET_NAME_LIMIT]
        base = base or render_message("form_sheet", {"number": number}, lang)
        name, again = base, 2
        while name.casefold() in {n.casefold() for n in names}:
            suffix = f" ({again})"
            name, again = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, again + 1
        names.append(name)
    return names


class _FormBook:
    """The sheets: a guide, one form per person, and the lists the dropdowns take their values from (hidden)."""

    def __init__(self, workbook, questionnaire: Questionnaire, lang: str, units: list[str]):
        self.workbook, self.questionnaire, self.lang, self.units = workbook, questionnaire, lang, units
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top", "locked": True}
        )
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.small = workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#595959"})
        self.input = workbook.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.lists_name = _clip_name(self.t("template_sheet_lists"))
        self.list_ranges: dict[tuple[str, ...], str] = {}

    def t(self, code: str, **params: object) -> str:
        return render_message(code, params, self.lang)

    def build(self, people: Sequence[FormPerson]) -> None:
        guide = self.workbook.add_worksheet(_clip_name(self.t("form_guide_sheet")))
        first = None
        roles = {role.id: role.label.get(self.lang) for role in self.questionnaire.roles}
        for person, name in zip(people, sheet_names(people, self.lang, roles), strict=True):
            sheet = self.workbook.add_worksheet(name)
            self._fill_form(sheet, person)
            first = first or sheet
        self._fill_guide(guide)
        self._fill_lists()
        first.activate()

    # --- a respondent's sheet ----------------------------------------------------------------------------------------

    def _fill_form(self, sheet, person: FormPerson) -> None:
        sheet.set_column(0, 0, None, None, {"hidden": True})
        for col, name in enumerate(QUESTION_COLUMNS, start=1):
            sheet.set_column(col, col, WIDTHS[name])
        sheet.write_string(0, 0, FORM_MARK)
        sheet.write_string(0, 1, self.t("form_title", title=self.questionnaire.title.get(self.lang)), self.title)
        sheet.merge_range(1, 1, 1, len(QUESTION_COLUMNS), self.t("form_instructions"), self.small)
        sheet.set_row(1, 48)
        roles = {role.id: role.label.get(self.lang) for role in self.questionnaire.roles}
        methods = {key: labels[self.lang == "zh"] for key, labels in METHOD_LABELS.items() if key in FILLED_IN}
        values = {
            "respondent": (person.name, None),
            "role": (roles.get(person.role, ""), list(roles.values()) or None),
            "unit": (person.unit, self.units or None),
            "method": (methods.get(person.method, ""), list(methods.values())),
        }
        for row, key in enumerate(PERSON_KEYS, start=2):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, self.t(f"form_{key}"), self.label)
            value, choices = values[key]
            if value:
                sheet.write_string(row, VALUE_COLUMN, value, self.input)
            else:
                sheet.write_blank(row, VALUE_COLUMN, None, self.input)
            if choices:
                self._dropdown(sheet, row, VALUE_COLUMN, choices)
        header_row = 2 + len(PERSON_KEYS) + 1
        sheet.write_string(header_row, 0, HEADER_KEY)
        for col, name in enumerate(QUESTION_COLUMNS, start=1):
            sheet.write_string(header_row, col, self.t(f"form_col_{name}"), self.header)
        for row, (process, item) in enumerate(form_items(self.questionnaire, person.role), start=header_row + 1):
            self._question(sheet, row, process, item)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})

    def _question(self, sheet, row: int, process: Process, item: Item) -> None:
        sheet.write_string(row, 0, item.id)
        sheet.write_string(row, 1, item.id, self.wrap)
        sheet.write_string(row, 2, process.name.get(self.lang), self.wrap)
        sheet.write_string(row, 3, item.text.get(self.lang), self.wrap)
        for col in range(ANSWER_COLUMN, ANSWER_COLUMN + 3):  # answer, comment, evidence
            sheet.write_blank(row, col, None, self.input)
        if item.type == "number":
            self._prompt(sheet, row, {"validate": "any"}, self.t("template_prompt_number"))
        elif item.type != "text":
            self._dropdown(sheet, row, ANSWER_COLUMN, answer_choices(self.questionnaire, item, self.lang))
        guidance = [item.guidance.get(self.lang)] if item.guidance else []
        if item.evidence:
            examples = (
                "；".join(e.get(self.lang) for e in item.evidence)
                if self.lang == "zh"
                else "; ".join(e.get(self.lang) for e in item.evidence)
            )
            guidance.append(self.t("form_evidence_examples", examples=examples))
        sheet.write_string(row, len(QUESTION_COLUMNS), "\n".join(guidance), self.small)

    def _dropdown(self, sheet, row: int, col: int, choices: list[str]) -> None:
        validation = {
            "validate": "list",
            "source": self._list_range(tuple(choices)),
            "error_type": "stop",
            "error_title": self.t("template_pick_title")[:32],
            "error_message": self.t("template_pick_message")[:255],
        }
        sheet.data_validation(row, col, row, col, validation)

    def _prompt(self, sheet, row: int, validation: dict, prompt: str) -> None:
        validation |= {"input_title": self.t("template_prompt_title")[:32], "input_message": prompt[:255]}
        sheet.data_validation(row, ANSWER_COLUMN, row, ANSWER_COLUMN, validation)

    def _list_range(self, choices: tuple[str, ...]) -> str:
        """Cells of the hidden lists sheet that will hold `choices` (one column per distinct list), as a formula."""
        from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

        if choices not in self.list_ranges:
            col = len(self.list_ranges)
            first = xl_rowcol_to_cell(0, col, row_abs=True, col_abs=True)
            last = xl_rowcol_to_cell(len(choices) - 1, col, row_abs=True, col_abs=True)
            self.list_ranges[choices] = f"={quote_sheetname(self.lists_name)}!{first}:{last}"
        return self.list_ranges[choices]

    def _fill_lists(self) -> None:
        """The lists the dropdowns take their values from, last and hidden."""
        if not self.list_ranges:
            return
        lists = self.workbook.add_worksheet(self.lists_name)
        for col, choices in enumerate(self.list_ranges):
            for row, choice in enumerate(choices):
                lists.write_string(row, col, choice)
        lists.hide()

    # --- the guide ---------------------------------------------------------------------------------------------------

    def _fill_guide(self, sheet) -> None:
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 80)
        sheet.write_string(0, 0, self.questionnaire.title.get(self.lang), self.title)
        sheet.merge_range(1, 0, 1, 1, self.t("form_instructions"), self.wrap)
        sheet.set_row(1, 64)
        sheet.write_string(3, 0, self.t("form_guide_scale"), self.header)
        sheet.write_string(3, 1, "", self.header)
        row = 4
        scales = self.questionnaire.all_scales()
        used = dict.fromkeys(item.scale_id for _, item in self.questionnaire.all_items() if item.is_scored)
        for scale_id in used:
            for option in scales[scale_id]:
                sheet.write_string(row, 0, f"{option.key} · {option.label.get(self.lang)}", self.wrap)
                if option.description:
                    sheet.write_string(row, 1, option.description.get(self.lang), self.wrap)
                row += 1
        for key in UNSCORED_ANSWERS:
            sheet.write_string(row, 0, UNSCORED_LABELS[key][self.lang == "zh"], self.wrap)
            row += 1
        sheet.write_string(row, 0, self.t("form_guide_unscored"), self.small)
        sheet.write_string(row + 1, 0, self.t("scale_evidence_note"), self.small)


def _clip_name(name: str) -> str:
    return _NOT_IN_SHEET_NAMES.sub("_", name)[:SHEET_NAME_LIMIT]
