"""From answers (stored or in files) to findings and a plan: scores, disagreements, units, priorities, roadmap.

Holds: `scored` (a scoring run of files or of a stored assessment), `analyse` (the whole analysis: findings,
then priorities and the roadmap), `explain` (why a process has its level), `results` (score results in the
public shapes: JSON, table, CSV), `consensus_views`, `context_views`, `reassessment`, `roadmap_problems`.
May import: `workspace` (to read a stored assessment, once), `inputs`, `questionnaire`, the foundation, `scoring`.
Never imports: `storage` (the workspace reads it), `exports`, `report`, `cli`.
"""
