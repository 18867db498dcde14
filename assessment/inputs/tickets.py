"""Read a ticket export (CSV or XLSX; ServiceNow, Jira, an event log, or any tool through a mapping) into a
normalized, pseudonymized TicketLog, or an InputError carrying every problem by row and column.

The columns are mapped to fields by the source's profile, then the mapping file, then `--map` (each overriding
the one before). Only mapped columns are read; free text is dropped unless kept; people are pseudonymized before
the log exists. Dates are read in one format per column, detected once from its first values or given.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from assessment.inputs import ticket_values as values
from assessment.inputs.reading_budget import BUDGET
from assessment.inputs.ticket_fields import FIELD_KINDS, FIELDS, PROCESSES, SOURCES
from assessment.inputs.ticket_mapping import check_mapping, read_mapping_file, shown_columns
from assessment.inputs.ticket_profiles import (
    PROFILES,
    Profile,
    folded,
    process_from_issue_types,
    process_from_numbers,
    profile_mapping,
)
from assessment.inputs.ticket_table import BYTES_PER_KEPT_CELL, MAX_SHOWN_PROBLEMS, ExportTable, open_export, with_more
from assessment.problems import InputError, Problem


@dataclass(frozen=True)
class TicketLog:
    """A ticket export normalized: one row per event (a snapshot: per ticket) in file order, fields as columns."""

    name: str  # the file's name as the user gave it
    source: str  # "servicenow" | "jira" | "generic" | "eventlog"
    process: str  # "incident" | "problem" | "change" | "request"
    shape: str  # "tickets" (one row per ticket) | "events" (one row per event)
    frame: pd.DataFrame  # seq, line, then the mapped fields (docs/evidence.md)
    fields: tuple[str, ...]  # the fields mapped, in the order of FIELDS
    mapping: dict[str, str]  # field -> the file's column it came from
    pseudonymized: tuple[str, ...]  # people fields hashed
    dropped: tuple[str, ...]  # the file's columns not kept

    @property
    def tickets(self) -> int:
        return int(self.frame["ticket"].nunique())

    @property
    def events(self) -> int:
        return len(self.frame)


def read_ticket_export(
    path: Path,
    *,
    name: str | None = None,
    source: str = "servicenow",
    process: str | None = None,
    mapping: dict[str, str] | None = None,
    mapping_file: Path | None = None,
    key: bytes,
    keep_text: bool = False,
    date_format: str | None = None,
) -> TicketLog:
    """Read, check, pseudonymize; raises InputError with every problem (file, row, column)."""
    path = Path(path)
    name = name if name is not None else str(path)
    if source not in SOURCES:
        raise InputError([Problem("must_be_one_of", {"allowed": list(SOURCES), "value": source}, where="--source")])
    if process is not None and process not in PROCESSES:
        raise InputError([Problem("must_be_one_of", {"allowed": list(PROCESSES), "value": process}, where="--process")])
    if date_format is not None and values.date_format_of(date_format) is None:
        formats = list(values.DATE_FORMATS)
        raise InputError([Problem("ticket_date_format_name", {"value": date_format, "formats": formats})])
    profile = PROFILES[source]
    with contextlib.ExitStack() as held:  # the file's share of the process's reading budget, until converted

        def hold(cells: int) -> None:
            held.enter_context(BUDGET.reserve(cells * BYTES_PER_KEPT_CELL, name, InputError))

        table = open_export(path, name, hold)
        chosen = profile_mapping(profile, table.header)
        from_profile = dict(chosen)
        if mapping_file is not None:
            written = read_mapping_file(Path(mapping_file), table.header, name)
            chosen.update(written.columns)
            process = process or written.process
            date_format = date_format or written.date_format
        for field, column in check_mapping(mapping or {}, table.header, name).items():
            if column:
                chosen[field] = column
            else:
                chosen.pop(field, None)
        _check_has_ticket(chosen, source, table)
        if not keep_text:
            chosen = {f: c for f, c in chosen.items() if FIELD_KINDS[f] != "free_text"}
        return _convert(table, profile, source, process, chosen, from_profile, key, date_format)


def _check_has_ticket(chosen: dict[str, str], source: str, table: ExportTable) -> None:
    """A file without its ticket ids is not of this source: say what was expected and what the file has."""
    if "ticket" in chosen:
        return
    found = shown_columns(table.header)
    if source == "generic":
        raise InputError([Problem("ticket_generic_no_ticket", {"found": found}, file=table.name)])
    expected = [columns[0] for columns in PROFILES[source].columns.values()][:8]
    fits = [
        other
        for other, profile in PROFILES.items()
        if other not in (source, "generic") and "ticket" in profile_mapping(profile, table.header)
    ]
    code = "ticket_wrong_profile_hint" if fits else "ticket_wrong_profile"
    params = {"source": source, "ticket": PROFILES[source].columns["ticket"], "expected": expected, "found": found}
    raise InputError([Problem(code, params | {"hint": fits[0] if fits else ""}, file=table.name, sheet=table.sheet)])


def _convert(
    table: ExportTable,
    profile: Profile,
    source: str,
    process: str | None,
    chosen: dict[str, str],
    from_profile: dict[str, str],
    key: bytes,
    date_format: str | None,
) -> TicketLog:
    header, name = table.header, table.name
    problems = [
        Problem("duplicate_column", {"column": column}, file=name, sheet=table.sheet, line=1)
        for column in sorted(set(chosen.values()))
        if sum(folded(other) == folded(column) for other in header) > 1
    ]
    if problems:
        raise InputError(problems)
    position = {column: header.index(column) for column in chosen.values()}
    clue = profile.process_column if process is None and profile.process_column in header else None
    wanted = sorted(set(position.values()) | ({header.index(clue)} if clue else set()))
    times = {position[column] for field, column in chosen.items() if FIELD_KINDS[field] == "time"}
    rows, encoded = table.read(wanted, times)
    if rows == 0:
        raise InputError([Problem("ticket_no_rows", file=name, sheet=table.sheet)])
    fields = tuple(field for field in FIELDS if field in chosen)
    frame = {"seq": np.arange(rows, dtype=np.int64), "line": np.arange(2, rows + 2, dtype=np.int64)}
    bad: list[tuple[int, int, Problem]] = []  # (row, column's position, problem): sorted as the file reads
    formats: dict[str, tuple[str, str] | None] = {}
    total = 0  # problems found, shown or not
    for field in fields:
        column = chosen[field]
        order = position[column]
        cells = encoded[order]
        kind = FIELD_KINDS[field]
        special = profile.special.get(field) if from_profile.get(field) == column else None
        if kind == "time" and column not in formats:  # one format per column, given or detected once
            formats[column] = values.date_format_of(date_format) if date_format else values.detect_date_format(cells)
        if kind == "time" and formats[column] is None:
            row = int(np.flatnonzero(~cells.missing[cells.codes])[0]) + 2
            unknown = {"value": cells.values.iat[cells.codes[row - 2]], "formats": values.DETECTED_FORMATS}
            bad.append((row, order, Problem("ticket_date_format_unknown", unknown, name, row, table.sheet, column)))
            total += 1
            continue
        converted, code, extra = _converted(field, cells, special, key, formats.get(column))
        if field == "ticket":  # every row belongs to a ticket
            converted = values.Converted(converted.values, converted.bad | cells.missing)
            code = "ticket_empty_id"
        wrong = converted.bad[cells.codes]
        total += int(wrong.sum())
        for row in np.flatnonzero(wrong)[:MAX_SHOWN_PROBLEMS]:
            text = cells.values.iat[cells.codes[row]]
            problem = Problem(code, {"value": text, **extra}, name, int(row) + 2, table.sheet, column)
            bad.append((int(row) + 2, order, problem))
        if not bad:  # once the file is known bad, nothing more is built
            frame[field] = converted.values.take(cells.codes).reset_index(drop=True)
    if bad:
        bad.sort(key=lambda found: found[:2])
        raise InputError(with_more([problem for *_, problem in bad[:MAX_SHOWN_PROBLEMS]], total, name))
    data = pd.DataFrame(frame)
    shape = "events" if profile.events or data["ticket"].duplicated().any() else "tickets"
    if shape == "events":
        missing = [f for f in ("activity",) if f not in fields] + ["time"] * (
            "time" not in fields and "updated_at" not in fields
        )
        if missing:
            repeated = data["ticket"][data["ticket"].duplicated()]
            if len(repeated):
                params = {"ticket": repeated.iat[0], "fields": missing}
                raise InputError([Problem("ticket_events_need", params, file=name)])
            raise InputError([Problem("ticket_event_log_needs", {"fields": missing}, file=name)])
    found_process = process or _process(source, data, encoded, header, clue, name)
    kept = set(chosen.values())
    dropped = tuple(dict.fromkeys(column for column in header if column and column not in kept))
    people = tuple(field for field in fields if FIELD_KINDS[field] == "person")
    mapping = {field: chosen[field] for field in fields}
    return TicketLog(name, source, found_process, shape, data, fields, mapping, people, dropped)


def _converted(
    field: str, cells: values.Encoded, special: str | None, key: bytes, layout: tuple[str, str] | None
) -> tuple[values.Converted, str, dict]:
    """A column converted as its field's kind, with the code of the problem a bad value is and its parameters."""
    kind = FIELD_KINDS[field]
    if kind == "time" and layout is not None:
        return values.as_time(cells, layout[1]), "ticket_bad_date", {"format": layout[0]}
    if special == "remaining_time":
        return values.as_remaining_time(cells), "ticket_bad_remaining_time", {}
    if kind == "bool":
        return values.as_bool(cells), "ticket_bad_bool", {}
    if kind == "count":
        return values.as_count(cells), "ticket_bad_count", {}
    if kind == "person":
        return values.as_pseudonym(cells, key), "", {}
    return values.as_text(cells), "", {}


def _process(source: str, data: pd.DataFrame, encoded: dict, header: list[str], clue: str | None, name: str) -> str:
    """The process the file itself names: ServiceNow's number prefixes, Jira's issue types; else ask for it."""
    if source == "servicenow":
        found, seen = process_from_numbers(pd.Series(data["ticket"].unique()))
    elif clue is not None:
        cells = encoded[header.index(clue)]
        found, seen = process_from_issue_types(
            [v for v, gone in zip(cells.values, cells.missing, strict=True) if not gone]
        )
    else:
        found, seen = None, []
    if found is None:
        raise InputError([Problem("ticket_process_needed", {"seen": seen[:10] or ["-"]}, file=name)])
    return found


def export_columns(
    path: Path, *, name: str | None = None, source: str = "servicenow"
) -> tuple[list[str], dict[str, str]]:
    """An export's header and what the source's profile maps of it (field -> column), for a mapping form; the file is
    checked and bounded as for an import, its rows are not read. Raises InputError."""
    path = Path(path)
    table = open_export(path, name if name is not None else str(path), lambda cells: None)
    return table.header, profile_mapping(PROFILES[source], table.header)
