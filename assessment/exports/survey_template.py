"""Write a blank survey file, one row per respondent: an .xlsx workbook with dropdowns, or a bare .csv header."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assessment.files import atomic_output, write_atomic
from assessment.inputs.responses_checks import WIDE_COLUMNS
from assessment.inputs.vocabulary import FILLED_IN
from assessment.messages import render_message
from assessment.problems import InputError, Problem
from assessment.questionnaire.model import UNSCORED_ANSWERS, Item, Process, Questionnaire

TEMPLATE_ROWS = 1000  # rows 2..1001 get dropdowns
LIST_SOURCE_LIMIT = 255  # Excel refuses an inline dropdown list longer than this
PROMPT_LIMIT = 255  # Excel's limit on a data validation's input and error messages
PROMPT_TITLE_LIMIT = 32  # ...and on their titles
FIXED_WIDTHS = {"respondent": 18, "role": 18, "unit": 16, "method": 14}


def write_template(questionnaire: Questionnaire, path: str | Path, lang: str = "zh") -> None:
    """Write the blank survey for `questionnaire` to `path` (.xlsx or .csv), whole or not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_atomic(path, _csv_header(questionnaire), encoding="utf-8-sig")
    elif suffix == ".xlsx":
        with atomic_output(path) as temporary:
            _write_workbook(questionnaire, temporary, lang)
    else:
        raise InputError([Problem("unknown_file_type", {"suffix": path.suffix}, file=str(path))])


def template_columns(questionnaire: Questionnaire) -> list[str]:
    """The header of the survey: respondent, role, unit, method, then every item id in questionnaire order."""
    return [*WIDE_COLUMNS, *(item.id for _, item in questionnaire.all_items())]


def _csv_header(questionnaire: Questionnaire) -> str:
    # Excel opens a UTF-8 CSV correctly only when it starts with a BOM (added by the encoding)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(template_columns(questionnaire))
    return buffer.getvalue()


def _write_workbook(questionnaire: Questionnaire, path: Path, lang: str) -> None:
    # Imported here so that the CSV template and the rest of the package never pay for xlsxwriter
    import xlsxwriter

    # Questionnaire text is data: never let a text starting with "=" or "http" become a formula or link
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    workbook = xlsxwriter.Workbook(str(path), options)
    try:
        _TemplateBook(workbook, questionnaire, lang).build()
    finally:
        workbook.close()


class _TemplateBook:
    """The sheets of the survey workbook: Responses (to fill in), Scales and Items (to read), Lists (hidden)."""

    def __init__(self, workbook, questionnaire: Questionnaire, lang: str):
        self.workbook = workbook
        self.questionnaire = questionnaire
        self.lang = lang
        self.header_format = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.wrap_format = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.dimensions = {dimension.id: dimension.label.get(lang) for dimension in questionnaire.dimensions}
        self.lists_sheet = None
        self.lists_used = 0

    def t(self, code: str, **params: object) -> str:
        return render_message(code, params, self.lang)

    def build(self) -> None:
        responses = self.workbook.add_worksheet(self.t("template_sheet_responses"))
        scales = self.workbook.add_worksheet(self.t("template_sheet_scales"))
        items = self.workbook.add_worksheet(self.t("template_sheet_items"))
        self._fill_responses(responses)
        self._fill_scales(scales)
        self._fill_items(items)
        responses.activate()

    def _fill_responses(self, sheet) -> None:
        sheet.freeze_panes(1, 1)
        columns = template_columns(self.questionnaire)
        for col, name in enumerate(columns):
            sheet.write_string(0, col, name, self.header_format)
        notes = {
            "respondent": self.t("template_note_respondent"),
            "role": self._role_note(),
            "unit": self.t("template_note_unit"),
            "method": self.t("template_note_method"),
        }
        for col, name in enumerate(WIDE_COLUMNS):
            sheet.set_column(col, col, FIXED_WIDTHS[name])
            sheet.write_comment(0, col, notes[name], {"x_scale": 2, "y_scale": 1.5})
        roles = [role.id for role in self.questionnaire.roles]
        if roles:
            self._dropdown(sheet, WIDE_COLUMNS.index("role"), roles, notes["role"])
        self._dropdown(sheet, WIDE_COLUMNS.index("method"), list(FILLED_IN), notes["method"])
        for col, (process, item) in enumerate(self.questionnaire.all_items(), start=len(WIDE_COLUMNS)):
            sheet.set_column(col, col, max(len(item.id) + 2, 10))
            sheet.write_comment(0, col, self._item_note(process, item), {"x_scale": 3, "y_scale": 2})
            if item.is_scored:
                options = self.questionnaire.all_scales()[item.scale_id]
                keys = [*(option.key for option in options), *UNSCORED_ANSWERS]
                lines = [f"{option.key} = {option.label.get(self.lang)}" for option in options]
                lines += [f"na = {self.t('template_na')}", f"unknown = {self.t('template_unknown')}"]
                self._dropdown(sheet, col, keys, "\n".join(lines))
            elif item.type == "number":
                self._prompt(sheet, col, {"validate": "any"}, self.t("template_prompt_number"))

    def _role_note(self) -> str:
        lines = [self.t("template_note_role")]
        lines += [f"{role.id} = {role.label.get(self.lang)}" for role in self.questionnaire.roles]
        return "\n".join(lines)

    def _item_note(self, process: Process, item: Item) -> str:
        name = process.name.get(self.lang)
        if item.is_scored:
            dimension = self.dimensions.get(item.dimension or "", item.dimension or "")
            place = self.t("template_note_scored", process=name, level=item.level, dimension=dimension)
        else:
            place = self.t("template_note_unscored", process=name, type=self.t(f"template_type_{item.type}"))
        return f"{item.id}\n{place}\n{item.text.get(self.lang)}"

    def _dropdown(self, sheet, col: int, keys: list[str], prompt: str) -> None:
        """A dropdown of `keys` on the data rows of column `col`, with `prompt` shown when a cell is selected."""
        inline = ",".join(keys)
        if len(inline) <= LIST_SOURCE_LIMIT and not any("," in key or '"' in key for key in keys):
            source: list[str] | str = keys
        else:
            source = self._list_range(keys)
        validation = {
            "validate": "list",
            "source": source,
            "error_type": "stop",
            "error_title": _clip(self.t("template_pick_title"), PROMPT_TITLE_LIMIT),
            "error_message": _clip(self.t("template_pick_message"), PROMPT_LIMIT),
        }
        self._prompt(sheet, col, validation, prompt)

    def _prompt(self, sheet, col: int, validation: dict, prompt: str) -> None:
        validation = {
            **validation,
            "input_title": _clip(self.t("template_prompt_title"), PROMPT_TITLE_LIMIT),
            "input_message": _clip(prompt, PROMPT_LIMIT),
        }
        sheet.data_validation(1, col, TEMPLATE_ROWS, col, validation)

    def _list_range(self, keys: list[str]) -> str:
        """A formula naming cells of the hidden Lists sheet that hold `keys`, for lists too long to write inline."""
        from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

        if self.lists_sheet is None:
            self.lists_sheet = self.workbook.add_worksheet(self.t("template_sheet_lists"))
            self.lists_sheet.hide()
        col = self.lists_used
        self.lists_used += 1
        for row, key in enumerate(keys):
            self.lists_sheet.write_string(row, col, key)
        first = xl_rowcol_to_cell(0, col, row_abs=True, col_abs=True)
        last = xl_rowcol_to_cell(len(keys) - 1, col, row_abs=True, col_abs=True)
        return f"={quote_sheetname(self.lists_sheet.name)}!{first}:{last}"

    def _fill_scales(self, sheet) -> None:
        headers = [
            "template_col_scale",
            "template_col_key",
            "template_col_value",
            "template_col_meaning",
            "template_col_definition",
        ]
        self._header(sheet, headers, [14, 12, 8, 24, 70])
        row = 1
        scales = self.questionnaire.all_scales()
        used = dict.fromkeys(item.scale_id for _, item in self.questionnaire.all_items() if item.is_scored)
        for scale_id in used:
            for option in scales[scale_id]:
                sheet.write_string(row, 0, scale_id)
                sheet.write_string(row, 1, option.key)
                sheet.write_number(row, 2, option.value)
                sheet.write_string(row, 3, option.label.get(self.lang), self.wrap_format)
                if option.description:
                    sheet.write_string(row, 4, option.description.get(self.lang), self.wrap_format)
                row += 1
        for key, meaning in (
            ("na", self.t("template_na")),
            ("unknown", self.t("template_unknown")),
            (self.t("template_empty_key"), self.t("template_empty")),
        ):
            sheet.write_string(row, 1, key)
            sheet.write_string(row, 3, meaning, self.wrap_format)
            row += 1
        sheet.write_string(row + 1, 3, self.t("scale_evidence_note"), self.wrap_format)

    def _fill_items(self, sheet) -> None:
        headers = ["item", "process", "level", "dimension", "type", "scale", "text"]
        self._header(sheet, [f"template_col_{name}" for name in headers], [14, 20, 7, 16, 10, 12, 80])
        for row, (process, item) in enumerate(self.questionnaire.all_items(), start=1):
            sheet.write_string(row, 0, item.id)
            sheet.write_string(row, 1, process.name.get(self.lang))
            if item.level is not None:
                sheet.write_number(row, 2, item.level)
            if item.dimension:
                sheet.write_string(row, 3, self.dimensions.get(item.dimension, item.dimension))
            sheet.write_string(row, 4, self.t(f"template_type_{item.type}"))
            if item.is_scored:
                sheet.write_string(row, 5, item.scale_id)
            sheet.write_string(row, 6, item.text.get(self.lang), self.wrap_format)

    def _header(self, sheet, codes: list[str], widths: list[int]) -> None:
        sheet.freeze_panes(1, 0)
        for col, (code, width) in enumerate(zip(codes, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, self.t(code), self.header_format)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
