"""Reading untrusted files: responses and ticket exports (CSV, XLSX), targets, BPMN; the bounds that come first.

Holds: `responses` and `responses_checks` (a responses file into checked answers, or every problem), `xlsx_io`
(one sheet of a workbook, after the container's checks), `bulk` (checks on whole columns), `import_preview`
(what an import would do), `targets` (a targets YAML file), `json_limits` (a JSON text measured before it is
parsed), `reading_budget` (the memory all files being read at once may take), `tickets` with `ticket_fields`,
`ticket_profiles`, `ticket_mapping`, `ticket_values` and `ticket_table` (a ticket export into a pseudonymized
TicketLog), `bpmn` (a designed process as a BPMN file, for process mining).
May import: the foundation (`problems`, `messages`, `files`), `questionnaire`, `scoring`.
Never imported by: `questionnaire`, `storage`. Never imports `storage` or anything above it: reading a file
needs no database.
"""
