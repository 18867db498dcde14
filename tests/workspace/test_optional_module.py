"""An optional module (the bundled continuity module) on SQLite and PostgreSQL: out of the default scope, and an
assessment that takes it into its scope is answered, scored, planned, copied, bundled and surveyed like any other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assessment.analysis.analyse import analyse_assessment
from assessment.analysis.scored import score_assessment
from assessment.campaigns.service import campaign_view, create_campaign
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import copy_assessment, create_assessment, set_target, update_assessment
from assessment.workspace.bundles import export_bundle, import_bundle
from assessment.workspace.queries import assessment_details
from assessment.workspace.recording import import_responses
from assessment.workspace.setup_sources import setup_outline

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
SEVEN = ("incident", "problem", "change", "configuration", "release", "service_request", "service_level")
# what two respondents say of continuity: levels 1 and 2 in place, level 3 partly, above that nothing
ANSWERS = {1: "4", 2: "4", 3: "2", 4: "0", 5: "0"}


def responses_file(folder: Path) -> Path:
    rows = ["respondent,role,unit,method,item,answer"]
    for person, role in (("王芳", "process_owner"), ("赵磊", "process_executor")):
        for process, item in CORE.all_items():
            if process.id == "continuity" and item.is_scored and (not item.roles or role in item.roles):
                rows.append(f"{person},{role},北京,interview,{item.id},{ANSWERS[item.level]}")
        rows.append(f"{person},{role},北京,interview,INC-1-01,3")
    path = folder / "answers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_default_scope_leaves_the_optional_module_out_but_offers_it(workspace):
    assessment = create_assessment(workspace, client="示例客户", name="2026 基线", questionnaire=CORE)
    assert assessment_details(workspace, assessment).processes == SEVEN
    offered = [process.id for process in setup_outline(workspace, assessment).processes]
    assert offered == [*SEVEN, "continuity"]  # the snapshot keeps it: the Setup page offers it
    update_assessment(workspace, assessment, processes=[*SEVEN, "continuity"])
    assert assessment_details(workspace, assessment).processes == (*SEVEN, "continuity")


def test_an_assessment_with_the_module_in_scope_works_end_to_end(workspace, tmp_path):
    scope = ["incident", "continuity"]
    assessment = create_assessment(
        workspace, client="示例客户", name="应急专项", questionnaire=CORE, processes=scope, units=["北京"]
    )
    import_responses(workspace, assessment, responses_file(tmp_path))
    set_target(workspace, assessment, "continuity", 3)

    processes = score_assessment(workspace, assessment).result.processes.set_index("process")
    assert list(processes.index) == scope
    continuity = processes.loc["continuity"]
    assert (int(continuity["level"]), int(continuity["target"]), int(continuity["gap"])) == (2, 3, 1)
    assert continuity["coverage"] == 1.0

    roadmap = analyse_assessment(workspace, assessment, start=dt.date(2026, 3, 2)).roadmap.actions
    planned = roadmap[roadmap["process"] == "continuity"]["action"]
    assert len(planned) > 0
    assert all(action.startswith("A-BCM-") for action in planned)

    again = copy_assessment(workspace, assessment, "应急专项复评")
    assert assessment_details(workspace, again).processes == tuple(scope)

    bundle = tmp_path / "continuity.mmbundle"
    export_bundle(workspace, assessment, bundle)
    imported = import_bundle(workspace, bundle, name="应急专项（导入）")
    assert assessment_details(workspace, imported).processes == tuple(scope)
    restored = score_assessment(workspace, imported).result.processes.set_index("process")
    assert restored.loc["continuity", "score"] == continuity["score"]

    campaign = create_campaign(workspace, assessment, name="应急问卷", actor="lena")
    assert campaign_view(workspace, campaign).processes == tuple(scope)
