"""An invitation list for a survey campaign (CSV or XLSX): who gets a personal link.

Columns `respondent, role, unit` (required, in any order) and optionally `email, phone`; a column title may be
written in English or Chinese (答卷人, 角色, 单位, 电子邮件, 电话). Strict, as every import: the file is bounded before
it is read (the responses reader's limits), every problem is reported with its row and column, and nothing is
returned unless the whole list is right. A role may be written as its id or its name in either language; a unit
must be one of the assessment's units when it has any. Blank rows are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assessment.inputs.responses import read_csv_table, read_xlsx_table
from assessment.inputs.vocabulary import normal, role_words
from assessment.problems import Problem, ResponsesError
from assessment.questionnaire.model import Questionnaire

COLUMNS = {
    "respondent": ("respondent", "答卷人", "姓名", "name"),
    "role": ("role", "角色"),
    "unit": ("unit", "单位"),
    "email": ("email", "e-mail", "电子邮件", "邮箱"),
    "phone": ("phone", "电话", "手机"),
}
REQUIRED = ("respondent", "role", "unit")
MAX_ROWS = 10_000
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 \-]{4,28}")


@dataclass(frozen=True)
class Invitation:
    respondent: str
    role: str
    unit: str
    email: str
    phone: str


def _column_of(title: str) -> str | None:
    key = normal(title)
    return next((column for column, names in COLUMNS.items() if key in {normal(name) for name in names}), None)


def read_invitations(path: Path, name: str, questionnaire: Questionnaire, units: tuple[str, ...]) -> list[Invitation]:
    """The invitation list in `path` (`name` in messages), or a ResponsesError with every problem found."""
    table = read_xlsx_table(path, name) if path.suffix.lower() == ".xlsx" else read_csv_table(path, name)
    place = {"file": name, "sheet": table.sheet}
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for position, title in enumerate(table.header):
        column = _column_of(title)
        if column is None:
            if title:
                problems.append(Problem("invitation_column", {"column": title}, line=1, **place))
        elif column in positions:
            problems.append(Problem("duplicate_column", {"column": title}, line=1, **place))
        else:
            positions[column] = position
    problems += [Problem("missing_column", {"column": c}, line=1, **place) for c in REQUIRED if c not in positions]
    if problems:
        raise ResponsesError(problems)
    if len(table.rows) > MAX_ROWS:
        raise ResponsesError([Problem("invitation_rows", {"rows": len(table.rows), "limit": MAX_ROWS}, **place)])
    roles = role_words(questionnaire)
    found: list[Invitation] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(table.rows):
        cells = {column: str(table.columns[position].iloc[index]).strip() for column, position in positions.items()}
        if not any(cells.values()):
            continue
        at = {"line": int(row), **place}
        person, role, unit = cells["respondent"], cells["role"], cells["unit"]
        if not person or len(person) > 200:
            problems.append(Problem("empty_respondent", {}, column="respondent", **at))
        elif person in first_row:
            twice = {"respondent": person, "other": first_row[person]}
            problems.append(Problem("duplicate_respondent_row", twice, **at))
        else:
            first_row[person] = int(row)
        role_id = roles.get(normal(role)) if role else ""
        if role and role_id is None:
            allowed = ", ".join(r.id for r in questionnaire.roles)
            problems.append(Problem("unknown_role", {"role": role, "allowed": allowed}, column="role", **at))
        if units and unit not in units:
            problems.append(Problem("unknown_unit", {"unit": unit, "allowed": ", ".join(units)}, column="unit", **at))
        email, phone = cells.get("email", ""), cells.get("phone", "")
        if email and (not EMAIL.fullmatch(email) or len(email) > 300):
            problems.append(Problem("email_invalid", {"email": email}, column="email", **at))
        if phone and not PHONE.fullmatch(phone):
            problems.append(Problem("invitation_phone", {"phone": phone}, column="phone", **at))
        found.append(Invitation(person, role_id or "", unit, email.lower(), phone))
    if not found and not problems:
        problems.append(Problem("responses_empty", {}, **place))
    if problems:
        raise ResponsesError(problems)
    return found
