"""The service layer over stored assessments: every change and every read of the database goes through here.

Holds: `core` (the Workspace: a migrated database, transactions, the audit log, WorkspaceError), `assessments`
(create, copy, change; respondents; targets), `recording` (answers and imports), `context_records` (context
records, walkthrough results, reconciliations), `roadmap_edits`, `queries` (read-only views), `stored` (an
assessment read once for an analysis), `baselines`, `bundles` and `bundle_format` (with `bundle_types` and
`bundle_evidence`), `demo` and `demo_evidence`, `branding`, `setup_sources`, `progress`, `about`, `consultant_texts`
(the consultant's findings and recommendations) with `consultant_kinds` (their scopes, kinds and length, without the
database layer), `evidence` (ticket data stored with an assessment, its pseudonym key) with `evidence_codec`.
May import: `storage`, `evidence`, `inputs`, `questionnaire`, the foundation, `scoring`.
Never imported by: `storage`, `inputs`, `questionnaire`. Never imports `analysis`, `exports`, `report`, `cli`.
"""
