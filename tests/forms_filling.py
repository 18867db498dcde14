"""Filling a per-respondent workbook the way a respondent does: picking each answer from the cell's own dropdown.

Shared by the export, import, command-line and browser tests; also converts a workbook with LibreOffice headless
(`soffice --convert-to xlsx`), as a respondent saving it in LibreOffice Calc would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl

from assessment.inputs.forms import ANSWER_COLUMN, COMMENT_COLUMN, HEADER_KEY, VALUE_COLUMN


def dropdown(workbook, sheet, cell: str) -> list[str]:
    """The values the dropdown of `cell` offers, read from the list its validation points to."""
    for rule in sheet.data_validations.dataValidation:
        if rule.type == "list" and cell in rule.sqref:
            formula = rule.formula1.lstrip("=")
            if formula.startswith('"'):
                return formula.strip('"').split(",")
            name, cells = formula.rsplit("!", 1)
            lists = workbook[name.strip("'")]
            return [row[0].value for row in lists[cells.replace("$", "")]]
    return []


def person_row(sheet, key: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == key)


def fill(
    path: Path,
    sheet_name: str,
    name: str | None,
    choose: Callable[[int, str, list[str]], str | None],
    unit: int | None = None,
    comments: dict[str, str] | None = None,
    saved_as: Path | None = None,
) -> dict[str, str]:
    """Fill the sheet: the name, the unit picked from its dropdown (by position), and for the n-th question with
    item id I and dropdown D the value `choose(n, I, D)` (None leaves it blank). Returns item -> value written."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_name]
    letter = chr(ord("A") + VALUE_COLUMN)
    if name is not None:
        sheet[f"{letter}{person_row(sheet, 'respondent')}"] = name
    if unit is not None:
        cell = f"{letter}{person_row(sheet, 'unit')}"
        sheet[cell] = dropdown(workbook, sheet, cell)[unit]
    header = person_row(sheet, HEADER_KEY)
    written = {}
    for number, row in enumerate(sheet.iter_rows(min_row=header + 1, max_col=1)):
        item = row[0].value
        if not item:
            continue
        answer_cell = sheet.cell(row=row[0].row, column=ANSWER_COLUMN + 1)
        value = choose(number, item, dropdown(workbook, sheet, answer_cell.coordinate))
        if value is not None:
            answer_cell.value = value
            written[item] = value
        if comments and item in comments:
            sheet.cell(row=row[0].row, column=COMMENT_COLUMN + 1).value = comments[item]
    workbook.save(saved_as or path)
    return written


def through_libreoffice(path: Path, folder: Path) -> Path:
    """The workbook opened and saved again by LibreOffice Calc (headless), in `folder`."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian's libreoffice-calc-nogui) is missing: `make test` installs it"
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"  # a profile of its own: never the user's, never shared with another run
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx"]
    env = {**os.environ, "HOME": str(folder)}
    command += ["--outdir", str(folder), str(path)]
    subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
    converted = folder / path.name
    assert converted.exists(), f"LibreOffice wrote no {converted.name}"
    return converted
