"""From answers (stored or in files) to findings and a plan: scores, disagreements, units, priorities, roadmap.

Holds: `scored` (a scoring run of files or of a stored assessment), `analyse` (the whole analysis: findings,
then priorities and the roadmap), `explain` (why a process has its level), `results` (score results in the
public shapes: JSON, table, CSV), `consensus_views`, `context_views`, `reassessment`, `roadmap_problems`,
`evidence_checks` (the items whose indicators the stored ticket data confirms or contradicts).
May import: `workspace` (to read a stored assessment, once), `evidence`, `inputs`, `questionnaire`, the foundation,
`scoring`.
Never imports: `storage` (the workspace reads it), `exports`, `report`, `cli`.
"""
