"""The consultant's mapping of a ticket export's columns to fields: a small YAML file, or `--map FIELD=COLUMN`.

A mapping file is checked like a questionnaire: every problem with its line, all at once.

    process: incident              # optional: incident | problem | change | request
    date_format: dd-mm-yyyy HH:MM  # optional: one of the documented formats, or a strftime pattern
    columns:                       # field: the export's column
      ticket: Ticket ID
      activity: Status
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assessment.inputs.ticket_fields import FIELDS, PROCESSES
from assessment.inputs.ticket_profiles import folded
from assessment.inputs.ticket_values import DATE_FORMATS, date_format_of
from assessment.problems import InputError, Problem
from assessment.questionnaire.safe_yaml import YamlProblem, read_yaml_file

KEYS = ("process", "date_format", "columns")
SHOWN_COLUMNS = 40  # a message lists at most this many of the file's columns


@dataclass(frozen=True)
class MappingFile:
    """What a mapping file says: field -> column (as the export's header writes it), and its options."""

    columns: dict[str, str]
    process: str | None = None
    date_format: str | None = None


def shown_columns(header: list[str]) -> list[str]:
    """The file's columns as a message lists them (the first SHOWN_COLUMNS, then "…")."""
    listed = [column for column in header if column.strip()]
    return listed[:SHOWN_COLUMNS] + ["…"] * (len(listed) > SHOWN_COLUMNS)


def find_column(header: list[str], wanted: str) -> str | None:
    """The header's column named `wanted` (exactly, else compared case-insensitively), or None."""
    if wanted in header:
        return wanted
    return next((column for column in header if folded(column) == folded(wanted)), None)


def read_mapping_file(path: Path, header: list[str], export: str, display: str | None = None) -> MappingFile:
    """Read and check a mapping file against the export's header; raises InputError with every problem."""
    name = display or str(path)
    try:
        data, lines = read_yaml_file(path, name)
    except YamlProblem as exc:
        raise InputError([exc.problem]) from None
    if data is None:
        raise InputError([Problem("yaml_empty", file=name, line=1)])
    if not isinstance(data, dict):
        raise InputError([Problem("yaml_not_mapping", file=name, line=1)])
    problems: list[Problem] = []

    def problem(code: str, where: tuple, **params: object) -> None:
        problems.append(Problem(code, params, file=name, line=lines.get(where)))

    for key in data:
        if key not in KEYS:
            problem("ticket_mapping_key", (key,), key=key, keys=list(KEYS))
    process, date_format = data.get("process"), data.get("date_format")
    if process is not None and process not in PROCESSES:
        problem("must_be_one_of", ("process",), allowed=list(PROCESSES), value=repr(process))
    if date_format is not None and (not isinstance(date_format, str) or date_format_of(date_format) is None):
        problem("ticket_date_format_name", ("date_format",), value=date_format, formats=list(DATE_FORMATS))
    columns: dict[str, str] = {}
    given = data.get("columns")
    if given is None:
        problem("ticket_mapping_no_columns", ())
    elif not isinstance(given, dict):
        problem("want_mapping", ("columns",), value="a list" if isinstance(given, list) else repr(given))
    else:
        for field_name, column in given.items():
            where = ("columns", field_name)
            if field_name not in FIELDS:
                problem("ticket_unknown_field", where, field=field_name, fields=list(FIELDS))
            elif not isinstance(column, str) or not column.strip():
                problem("ticket_mapping_column_type", where, field=field_name, value=repr(column))
            elif (found := find_column(header, column)) is None:
                problem("ticket_unknown_column", where, column=column, field=field_name, file=export,
                        found=shown_columns(header))  # fmt: skip
            else:
                columns[field_name] = found
    if problems:
        raise InputError(problems)
    return MappingFile(columns, process, date_format)


def split_map_options(options: list[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN` options as field -> column; an empty COLUMN unmaps the field (""). Raises InputError
    with every problem (the columns are checked against the file when it is read)."""
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    for option in options:
        field_name, equals, column = option.partition("=")
        field_name, column = field_name.strip(), column.strip()
        if not equals or not field_name:
            problems.append(Problem("ticket_map_syntax", {"value": option}, where="--map"))
        elif field_name not in FIELDS:
            problems.append(
                Problem("ticket_unknown_field", {"field": field_name, "fields": list(FIELDS)}, where="--map")
            )
        elif field_name in mapping:
            problems.append(Problem("ticket_map_twice", {"field": field_name}, where="--map"))
        else:
            mapping[field_name] = column
    if problems:
        raise InputError(problems)
    return mapping


def check_mapping(mapping: dict[str, str], header: list[str], export: str) -> dict[str, str]:
    """A mapping given as field -> column, checked against the export's header: the columns as the header spells
    them ("" kept: the field is unmapped). Raises InputError naming every unknown field or column."""
    problems: list[Problem] = []
    checked: dict[str, str] = {}
    for field_name, column in mapping.items():
        if field_name not in FIELDS:
            problems.append(
                Problem("ticket_unknown_field", {"field": field_name, "fields": list(FIELDS)}, where="--map")
            )
        elif column and (found := find_column(header, column)) is None:
            unknown = {"column": column, "field": field_name, "file": export, "found": shown_columns(header)}
            problems.append(Problem("ticket_unknown_column", unknown, where="--map"))
        else:
            checked[field_name] = found if column else ""
    if problems:
        raise InputError(problems)
    return checked
