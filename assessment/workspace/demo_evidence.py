"""The demo's evidence from the ticket system: the sample ServiceNow exports of examples/ imported as a consultant
would, the incident audit log with 北京总部 named as the reference unit (it runs the process as designed), the
change snapshot beside it. The sample's units run incidents visibly differently (examples/README.md), so the
Evidence page shows three different maps, and some of the demo's self-ratings are confirmed, some contradicted.
"""

from __future__ import annotations

from pathlib import Path

from assessment.workspace.core import Workspace
from assessment.workspace.evidence import file_sha256, pseudonym_key, store_evidence

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# file, ticket process, the unit whose discovered flow the others are compared with (None: a snapshot, no flow)
EXPORTS = (
    ("servicenow_incident_audit.csv", "incident", "北京总部"),
    ("servicenow_change.csv", "change", None),
)


def load_demo_evidence(workspace: Workspace, assessment_id: int, actor: str) -> None:
    """Import the sample exports into the demo assessment, people pseudonymized with its own key."""
    from assessment.inputs.tickets import read_ticket_export  # the reader of ticket exports, only when loading

    key = pseudonym_key(workspace, assessment_id)
    for file, process, reference in EXPORTS:
        path = EXAMPLES / file
        log = read_ticket_export(path, name=file, source="servicenow", process=process, key=key)
        store_evidence(workspace, assessment_id, log, actor=actor, reference_unit=reference, sha256=file_sha256(path))
