"""Ticket exports read as a user gives them: each profile, both shapes, CSV and XLSX, pseudonymized, and every
problem named by row and column."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from assessment.inputs import ticket_table
from assessment.inputs.ticket_values import normalized_name, pseudonym
from assessment.inputs.tickets import export_columns, read_ticket_export
from assessment.problems import InputError

KEY = b"the assessment's key"
NAMES = ("Zhang San", "Li Si", "Wang Wu", "Zhao Liu")

SERVICENOW_SNAPSHOT = (
    "number,incident_state,opened_at,resolved_at,priority,location,assignment_group,assigned_to,caller_id,"
    "reassignment_count,reopen_count,made_sla,cmdb_ci,problem_id,caused_by,short_description\n"
    "INC0000001,Closed,01-03-2026 08:00,01-03-2026 10:00,1 - Critical,北京总部,BJ Desk,Zhang San,Li Si,"
    "0,0,true,CI-1,?,?,VPN down for Zhang San\n"
    "INC0000002,Closed,01-03-2026 09:00,01-03-2026 21:00,3 - Moderate,北京总部,BJ Net,Wang Wu,Li Si,"
    "2,1,false,?,PRB1,?,Printer\n"
    "INC0000003,Resolved,02-03-2026 10:00,03-03-2026 10:00,3 - Moderate,Chengdu DC,CD Ops,Zhang San,Zhao Liu,"
    "1,0,false,CI-2,PRB1,CHG1,Disk full\n"
    "INC0000004,In Progress,05-04-2026 10:00,?,4 - Low,Chengdu DC,CD Ops,?,Zhao Liu,"
    "0,?,  ,CI-3,?,?,Slow\n"
)
# rows out of time order on purpose: INC1's Closed comes before its Resolved; INC2 has an update without a time
SERVICENOW_AUDIT = """\
number,incident_state,sys_updated_on,location,assignment_group,assigned_to
INC1,New,2026-03-01T08:00:00+08:00,BJ,Desk,?
INC2,New,2026-03-01T09:00:00+08:00,GZ,Desk,?
INC1,Closed,2026-03-03T12:00:00+08:00,BJ,Net,Li Si
INC1,Resolved,2026-03-01T12:00:00+08:00,BJ,Net,Li Si
INC1,In Progress,2026-03-01T10:00:00+08:00,BJ,Net,Li Si
INC2,In Progress,?,GZ,Apps,Wang Wu
INC2,In Progress,2026-03-01T09:00:00+08:00,GZ,Net,Zhang San
INC2,Resolved,2026-03-02T09:00:00+08:00,GZ,Net,Zhang San
INC3,New,2026-03-31T23:30:00-02:00,CD,Desk,?
INC3,Closed,2026-04-01T03:30:00-02:00,CD,Desk,Zhao Liu
"""
JIRA = (
    "Issue key,Issue Type,Summary,Status,Priority,Assignee,Reporter,Created,Updated,Resolved,"
    "Custom field (Time to resolution),Component/s,Component/s\n"
    "SD-1,Incident,Mail down,Done,High,Zhang San,Li Si,01/Mar/26 9:00 AM,01/Mar/26 3:00 PM,01/Mar/26 1:00 PM,"
    "2h 30m,Mail,Network\n"
    "SD-2,Incident,VPN slow,Done,Low,Wang Wu,Li Si,02/Mar/26 10:00 AM,03/Mar/26 10:00 AM,03/Mar/26 10:00 AM,"
    "-1d 4h,VPN,\n"
    "SD-3,Incident,Laptop,In Progress,Low,,Zhao Liu,03/Mar/26 11:00 PM,04/Mar/26 8:00 AM,,,,\n"
)
EVENTLOG = """\
case:concept:name,concept:name,time:timestamp,org:resource,case:unit
c1,Register,01-03-2026 08:00:00,Zhang San,A
c1,Fix,01-03-2026 09:30:00,Li Si,A
c1,Close,01-03-2026 10:00:00,Li Si,A
c2,Register,01-03-2026 08:00:00,Zhang San,B
c2,Close,02-03-2026 08:00:00,Zhang San,B
"""
GENERIC_ROWS = [
    ["Ticket ID", "Status", "Opened", "Closed on", "Region", "Met SLA", "Handler", "Notes"],
    ["R-1", "Fulfilled", "2026/03/01 08:00", "2026/03/01 20:00", "North", "yes", "Zhang San", "called Zhang San"],
    ["R-2", "Fulfilled", "2026/03/02 08:00", "2026/03/04 08:00", "South", "no", "Li Si", ""],
    ["R-3", "Open", "2026/03/03 08:00", "", "North", "", "Zhang San", "waiting"],
]
MAPPING = """\
# the Acme request tool
process: request
date_format: yyyy/mm/dd HH:MM
columns:
  ticket: Ticket ID
  activity: Status
  opened_at: Opened
  resolved_at: Closed on
  unit: Region
  made_sla: Met SLA
  assignee: Handler
"""


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def workbook(tmp_path: Path, rows: list[list[str]], name: str = "export.xlsx") -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def read(path: Path, **options) -> object:
    return read_ticket_export(path, name=path.name, key=KEY, **options)


def problems(path: Path, **options) -> list[tuple[int | None, str | None, str, str]]:
    """(row, column, code, message) of every problem reading raises."""
    with pytest.raises(InputError) as raised:
        read(path, **options)
    return [(p.line, p.column, p.code, p.message()) for p in raised.value.problems]


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


# --- the profiles ----------------------------------------------------------------------------------------------------


def test_a_servicenow_snapshot_is_one_row_per_ticket_typed_and_pseudonymized(tmp_path):
    log = read(write(tmp_path, SERVICENOW_SNAPSHOT))
    assert (log.source, log.process, log.shape, log.tickets, log.events) == ("servicenow", "incident", "tickets", 4, 4)
    frame = log.frame
    assert list(frame["line"]) == [2, 3, 4, 5]
    assert list(frame["opened_at"]) == [utc("2026-03-01 08:00"), utc("2026-03-01 09:00"), utc("2026-03-02 10:00"),
                                        utc("2026-04-05 10:00")]  # fmt: skip
    assert frame["resolved_at"].isna().tolist() == [False, False, False, True]
    assert frame["reassignment_count"].tolist() == [0, 2, 1, 0]
    assert frame["reopen_count"].isna().tolist() == [False, False, False, True]
    assert frame["made_sla"].tolist()[:3] == [True, False, False]
    assert pd.isna(frame["made_sla"].iat[3])
    assert frame["problem"].isna().tolist() == [True, False, False, True]  # "?"
    assert log.pseudonymized == ("assignee", "caller")
    assert frame["assignee"].iat[0] == frame["assignee"].iat[2] == pseudonym("zhang san", KEY)
    assert re.fullmatch(r"P-[0-9a-f]{10}", frame["caller"].iat[0])
    assert "short_description" in log.dropped
    assert "description" not in frame
    assert not any(name in frame.astype(str).to_string() for name in NAMES)


def test_a_servicenow_audit_log_is_one_row_per_event_in_file_order(tmp_path):
    log = read(write(tmp_path, SERVICENOW_AUDIT))
    assert (log.process, log.shape, log.tickets, log.events) == ("incident", "events", 3, 10)
    assert log.mapping["updated_at"] == "sys_updated_on"
    assert log.frame["seq"].tolist() == list(range(10))
    assert log.frame["updated_at"].iat[0] == utc("2026-03-01 00:00")  # +08:00 read as such, kept in UTC
    assert log.frame["updated_at"].iat[8] == utc("2026-04-01 01:30")  # -02:00


def test_a_jira_export_reads_its_dates_sla_and_issue_type(tmp_path):
    log = read(write(tmp_path, JIRA), source="jira")
    assert (log.process, log.shape, log.tickets) == ("incident", "tickets", 3)
    assert log.frame["opened_at"].tolist()[2] == utc("2026-03-03 23:00")
    assert log.frame["made_sla"].tolist()[:2] == [True, False]
    assert pd.isna(log.frame["made_sla"].iat[2])
    # the repeated Component/s columns are not mapped: dropped, no complaint
    assert {"Summary", "Component/s", "Issue Type"} <= set(log.dropped)


def test_an_event_log_needs_its_process_named(tmp_path):
    path = write(tmp_path, EVENTLOG)
    [(_line, _column, code, _)] = problems(path, source="eventlog")
    assert code == "ticket_process_needed"
    log = read(path, source="eventlog", process="incident")
    assert (log.shape, log.fields) == ("events", ("ticket", "activity", "time", "unit", "assignee"))


def test_a_generic_workbook_through_a_mapping_file(tmp_path):
    mapping = write(tmp_path, MAPPING, "acme.yaml")
    log = read(workbook(tmp_path, GENERIC_ROWS), source="generic", mapping_file=mapping)
    assert (log.process, log.shape, log.tickets) == ("request", "tickets", 3)
    assert log.frame["resolved_at"].tolist()[:2] == [utc("2026-03-01 20:00"), utc("2026-03-04 08:00")]
    assert log.frame["made_sla"].tolist()[:2] == [True, False]
    assert log.dropped == ("Notes",)
    kept = read(workbook(tmp_path, GENERIC_ROWS), source="generic", mapping_file=mapping, keep_text=True,
                mapping={"notes": "notes"})  # fmt: skip
    assert kept.frame["notes"].tolist()[:1] == ["called Zhang San"]  # kept only when asked


def test_map_options_override_the_profile_and_unmap(tmp_path):
    log = read(write(tmp_path, SERVICENOW_SNAPSHOT), mapping={"unit": "assignment_group", "group": "", "ci": "CMDB_CI"})
    assert log.mapping["unit"] == "assignment_group"
    assert "group" not in log.fields
    assert log.mapping["ci"] == "cmdb_ci"  # a column named in another case is found


# --- dates --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "named", "expected"),
    [
        ("2026-03-01T08:00:00Z", None, "2026-03-01 08:00"),
        ("2026-03-01T08:00:00+08:00", None, "2026-03-01 00:00"),
        ("2026-03-01 08:00:00", None, "2026-03-01 08:00"),
        ("2026-03-01T08:00:00.250-05:30", None, "2026-03-01 13:30:00.250"),
        ("2026-03-01", None, "2026-03-01 00:00"),
        ("01-03-2026 08:00:05", None, "2026-03-01 08:00:05"),
        ("01-03-2026 08:00", None, "2026-03-01 08:00"),
        ("01-03-2026", None, "2026-03-01 00:00"),
        ("01/03/2026 08:00", None, "2026-03-01 08:00"),
        ("2026/03/01 08:00:05", None, "2026-03-01 08:00:05"),
        ("2026/03/01 08:00", None, "2026-03-01 08:00"),
        ("2026/03/01", None, "2026-03-01 00:00"),
        ("1/Mar/26 8:00 PM", None, "2026-03-01 20:00"),
        ("03/01/2026 08:00", "mm/dd/yyyy HH:MM", "2026-03-01 08:00"),
        ("01.03.2026 08:00", "%d.%m.%Y %H:%M", "2026-03-01 08:00"),
    ],
)
def test_every_date_format(tmp_path, written, named, expected):
    path = write(tmp_path, f"id,when\nT-1,{written}\nT-2,?\n")
    log = read(path, source="generic", process="incident", mapping={"ticket": "id", "opened_at": "when"},
               date_format=named)  # fmt: skip
    assert log.frame["opened_at"].iat[0] == utc(expected)
    assert pd.isna(log.frame["opened_at"].iat[1])


def test_a_date_in_another_format_than_its_columns_is_named_by_row_and_column(tmp_path):
    path = write(
        tmp_path, "number,opened_at,resolved_at\nINC1,01-03-2026 08:00,?\nINC2,2026-03-01 08:00,31-02-2026 10:00\n"
    )
    assert problems(path) == [
        (
            3,
            "opened_at",
            "ticket_bad_date",
            "'2026-03-01 08:00' is not a date in this column's format dd-mm-yyyy HH:MM",
        ),
        (
            3,
            "resolved_at",
            "ticket_bad_date",
            "'31-02-2026 10:00' is not a date in this column's format dd-mm-yyyy HH:MM",
        ),
    ]


def test_a_date_format_that_cannot_be_told_is_asked_for(tmp_path):
    path = write(tmp_path, "number,opened_at\nINC1,?\nINC2,March 1st 2026\n")
    [(line, column, code, message)] = problems(path)
    assert (line, column, code) == (3, "opened_at", "ticket_date_format_unknown")
    assert "'March 1st 2026'" in message
    assert "--date-format" in message


# --- values and problems ---------------------------------------------------------------------------------------------


def test_every_bad_value_by_row_and_column_all_at_once(tmp_path):
    text = "number,made_sla,reopen_count,reassignment_count\nINC1,maybe,1,0\n,true,-1,2.5\nINC3,YES,007, 3 \n"
    assert [(line, column, code) for line, column, code, _ in problems(write(tmp_path, text))] == [
        (2, "made_sla", "ticket_bad_bool"),
        (3, "number", "ticket_empty_id"),
        (3, "reopen_count", "ticket_bad_count"),
        (3, "reassignment_count", "ticket_bad_count"),
    ]


def test_problems_are_capped_with_a_count(tmp_path):
    rows = "".join(f"INC{n},x\n" for n in range(120))
    found = problems(write(tmp_path, "number,made_sla\n" + rows))
    assert len(found) == 51
    assert found[-1][2] == "ticket_more_problems"
    assert found[-1][3] == "… and 70 more problems (the first 50 are shown)"


def test_rows_of_the_wrong_width_are_named(tmp_path):
    text = 'number,incident_state\nINC1,New\n"INC2\nsplit",New,extra\nINC3\n'
    assert [(line, code) for line, _, code, _ in problems(write(tmp_path, text))] == [
        (3, "csv_row_too_long"),
        (4, "ticket_row_too_short"),
    ]


def test_an_event_log_without_times_is_refused(tmp_path):
    [(_, _, code, message)] = problems(write(tmp_path, "number,incident_state\nINC1,New\nINC1,Closed\n"))
    assert code == "ticket_events_need"
    assert message.endswith("needs the fields time mapped")


def test_an_event_log_without_activities_is_refused_even_with_one_event_a_case(tmp_path):
    path = write(tmp_path, "case_id,timestamp\nc1,2026-03-01\nc2,2026-03-02\n")
    [(_, _, code, message)] = problems(path, source="eventlog", process="incident")
    assert (code, message) == ("ticket_event_log_needs", "an event log needs the fields activity mapped")


def test_the_columns_of_an_export_for_a_mapping_form(tmp_path):
    header, mapping = export_columns(write(tmp_path, JIRA), source="jira")
    assert header[:3] == ["Issue key", "Issue Type", "Summary"]
    assert mapping["ticket"] == "Issue key"
    assert "description" in mapping  # proposed; dropped at import unless text is kept


def test_mixed_ticket_numbers_ask_for_the_process(tmp_path):
    [(_, _, code, message)] = problems(write(tmp_path, "number\nINC1\nCHG1\n"))
    assert code == "ticket_process_needed"
    assert "CHG, INC" in message


def test_pseudonyms_ignore_case_and_spacing_and_depend_on_the_key():
    assert pseudonym(normalized_name("  Zhang   SAN "), KEY) == pseudonym(normalized_name("zhang san"), KEY)
    assert pseudonym("zhang san", KEY) != pseudonym("zhang san", b"another key")


# --- the wrong profile, the mapping file --------------------------------------------------------------------------


def test_a_jira_export_read_as_servicenow_says_so(tmp_path):
    [(_, _, code, message)] = problems(write(tmp_path, JIRA))
    assert code == "ticket_wrong_profile_hint"
    assert "has no column number (the ticket id)" in message
    assert "Issue key, Issue Type, Summary" in message
    assert message.endswith("It looks like a jira export: try --source jira")


def test_an_unknown_export_names_the_columns_expected_and_found(tmp_path):
    [(_, _, code, message)] = problems(write(tmp_path, "id,when\n1,2\n"), source="jira")
    assert code == "ticket_wrong_profile"
    assert "columns such as Issue key, Status" in message
    assert "this file has id, when" in message
    [(_, _, code, _)] = problems(write(tmp_path, "id,when\n1,2\n"), source="generic")
    assert code == "ticket_generic_no_ticket"


def test_a_broken_mapping_file_names_every_line(tmp_path):
    mapping = write(
        tmp_path,
        "process: incidents\ncolumns:\n  ticket: Ticket ID\n  status: Status\n  unit: Area\n"
        "  group: [Team]\nsheet: 1\n",
        "broken.yaml",
    )
    found = [(p.file, p.line, p.code) for p in _raised(tmp_path, mapping).problems]
    assert found == [
        ("broken.yaml", 7, "ticket_mapping_key"),
        ("broken.yaml", 1, "must_be_one_of"),
        ("broken.yaml", 4, "ticket_unknown_field"),
        ("broken.yaml", 5, "ticket_unknown_column"),
        ("broken.yaml", 6, "ticket_mapping_column_type"),
    ]
    twice = write(tmp_path, "columns:\n  ticket: Ticket ID\n  ticket: Status\n", "twice.yaml")
    [problem] = _raised(tmp_path, twice).problems
    assert (problem.line, problem.code) == (3, "yaml_duplicate_key")


def _raised(tmp_path: Path, mapping: Path) -> InputError:
    with pytest.raises(InputError) as raised:
        read_ticket_export(workbook(tmp_path, GENERIC_ROWS), source="generic", mapping_file=mapping, key=KEY,
                           name="export.xlsx")  # fmt: skip
    for problem in raised.value.problems:
        object.__setattr__(problem, "file", Path(problem.file).name)
    return raised.value


def test_a_mapped_column_that_appears_twice_is_refused(tmp_path):
    [(line, _, code, _)] = problems(write(tmp_path, "number,location,location\nINC1,A,B\n"))
    assert (line, code) == (1, "duplicate_column")


# --- bounds --------------------------------------------------------------------------------------------------------


def test_bounded_before_parsing(tmp_path, monkeypatch):
    path = write(tmp_path, "number\n" + "INC1\n" * 20)
    monkeypatch.setattr(ticket_table, "MAX_ROWS", 10)
    assert [code for _, _, code, _ in problems(path)] == ["ticket_too_many_rows"]
    monkeypatch.setattr(ticket_table, "MAX_CSV_BYTES", 50)
    assert [code for _, _, code, _ in problems(path)] == ["file_too_large"]
