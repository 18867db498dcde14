"""Bundles: a lossless round trip of a whole assessment, across SQLite and PostgreSQL; every refusal."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from assessment.analysis import results
from assessment.analysis.scored import score_assessment
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Assessment, Base
from assessment.workspace import bundle_format, bundles, recording
from assessment.workspace.assessments import add_respondent, copy_assessment, create_assessment, set_target
from assessment.workspace.bundle_format import CONTENT, MANIFEST, dump_json
from assessment.workspace.bundles import export_bundle, import_bundle
from assessment.workspace.consultant_texts import save_consultant_text
from assessment.workspace.context_records import reconcile, record_context, record_walkthrough
from assessment.workspace.core import Workspace, WorkspaceError
from assessment.workspace.queries import audit_of
from assessment.workspace.roadmap_edits import edit_roadmap, set_roadmap_settings
from tests.conftest import postgres_database
from tests.workspace.evidence_samples import add_stored_evidence

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
SCOPE = ["incident", "change", "problem"]
CLIENT, NAME = "示例客户 Example Co.", "2026 基线评估"
ACTOR = "顾问 Wang"
PEOPLE = [  # name, role, unit, method, interviewed_on, anonymous
    ("张伟", "process_owner", "北京总部", "interview", dt.date(2026, 3, 3), False),
    ("Alice Chen", "process_executor", "上海数据中心", "survey", None, True),
    ("李娜", "quality_supervisor", "", "workshop", dt.date(2026, 3, 4), False),
]


def rich_assessment(workspace: Workspace, client: str = CLIENT, name: str = NAME) -> int:
    """An assessment with something in every table: respondents, answers, context, walkthroughs, a decision,
    evidence from the ticket system."""
    aid = create_assessment(
        workspace,
        client=client,
        name=name,
        questionnaire=CORE,
        processes=SCOPE,
        units=["北京总部", "上海数据中心"],
        started_on=dt.date(2026, 3, 2),
        actor=ACTOR,
    )
    for person, role, unit, method, on, anonymous in PEOPLE:
        add_respondent(
            workspace, aid, person, role=role, unit=unit, method=method, interviewed_on=on, anonymous=anonymous
        )
    rows = ["respondent,item,answer,comment,evidence"]
    items = [item for process in CORE.processes if process.id in SCOPE for item in process.items]
    for n, (person, *_) in enumerate(PEOPLE):
        for i, item in enumerate(items):
            if (i + n) % 5 == 4:
                continue  # not everyone answers everything
            answer = ("na" if i % 11 == 0 else str((i * 7 + n * 3) % 5)) if item.is_scored else "ServiceNow 东京版"
            comment = "见会议纪要第 3 页，“审批”环节" if i % 4 == 0 else ""
            evidence = f"https://wiki.example.cn/流程/{item.id}" if i % 6 == 0 else ""
            rows.append(f'{person},{item.id},{answer},"{comment}",{evidence}')
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "answers.csv"
        csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
        recording.import_responses(workspace, aid, csv, actor=ACTOR)
    recording.record_answer(
        workspace,
        aid,
        "李娜",
        "CHG-1-01",
        "2",
        comment="复核后调整",
        evidence=["变更单 CHG-0042", "审批记录.xlsx"],
        actor="李娜",
    )
    set_target(workspace, aid, "incident", 3, actor=ACTOR)
    set_target(workspace, aid, "change", 4, actor=ACTOR)
    tools = {"category": "itsm_platform", "product": "ServiceNow 东京版", "processes": ["incident", "change"]}
    record_context(workspace, aid, "tools", "servicenow", {**tools, "process_fit": 3}, actor=ACTOR)
    record_context(workspace, aid, "business_needs", "incident", {"importance": 5, "notes": "业务部门要求 7×24"})
    record_context(workspace, aid, "steering_group", "single", {"in_place": True, "chair": "王总"}, actor=ACTOR)
    record_walkthrough(workspace, aid, "INC-WT1-a", "INC0012345", True, unit="北京总部", note="抽样合格", actor=ACTOR)
    record_walkthrough(workspace, aid, "CHG-WT1-a", "CHG-0042", False, note="缺少审批记录", actor=ACTOR)
    reconcile(workspace, aid, "INC-2-01", 0.5, "访谈结论不一致，经讨论商定", ACTOR)
    capacities = {"change": 25.0, "incident": 12.5}  # person-days a month of two workstreams of their own
    set_roadmap_settings(workspace, aid, dt.date(2026, 6, 1), 40.0, actor=ACTOR, capacities=capacities)
    edit_roadmap(workspace, aid, "A-CHG-03", "owner", "process_designer", author=ACTOR)
    edit_roadmap(workspace, aid, "A-INC-05", "drop", author=ACTOR)
    custom = {
        "title": {"zh": "召开流程启动会", "en": "Process kick-off meeting"},
        "description": {"zh": "向全员介绍标准流程", "en": "Introduce the standard process to everyone"},
        "deliverable": {"zh": "启动会纪要", "en": "Kick-off minutes"},
        "effort": {"min": 1, "max": 2},
        "owner": "process_owner",
        "phase": "rollout",
    }
    edit_roadmap(workspace, aid, "X-KICKOFF", "add", custom, author=ACTOR)
    save_consultant_text(workspace, aid, "summary", "findings", "变更审批**不统一**：\n\n- 无 CAB\n- 无回顾", ACTOR)
    save_consultant_text(workspace, aid, "change", "recommendations", "1. Set up a CAB <weekly>", ACTOR)
    add_stored_evidence(workspace, aid, ACTOR)
    with workspace.transaction() as session:
        session.execute(update(Assessment).where(Assessment.id == aid).values(ended_on=dt.date(2026, 4, 30)))
    return aid


def another_url(database_url: str, request, tmp_path: Path, name: str) -> str:
    """Another empty database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / name}.db"
    return postgres_database(request.getfixturevalue("postgres_server"))


def member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def everything(workspace: Workspace) -> dict:
    """Every row of every table."""
    with workspace.transaction() as session:
        return {t.name: sorted(map(repr, session.execute(select(t)).all())) for t in Base.metadata.sorted_tables}


def without_import(assessment_json: str, imports: int = 1, file: str | None = None, by: str = "") -> str:
    """assessment.json without the audit entries the last imports added, after checking they are those, and
    without the marks of the entries they brought (checked first: each names the last bundle and its importer)."""
    content = json.loads(assessment_json)
    for _ in range(imports):
        entry = content["audit_log"].pop()
        assert (entry["action"], entry["entity"]) == ("import", "bundle")
    for entry in content["audit_log"]:
        if file is not None:
            assert (entry["imported_from"], entry["imported_by"]) == (file, by), entry
        entry["imported_from"] = entry["imported_by"] = None
    return dump_json(content)


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> Path:
    """A bundle of the rich assessment, made once on SQLite."""
    folder = tmp_path_factory.mktemp("good")
    ws = Workspace(f"sqlite:///{folder / 'source.db'}")
    path = folder / "good.mmbundle"
    export_bundle(ws, rich_assessment(ws), path)
    ws.dispose()
    return path


@pytest.fixture
def sqlite_workspace(tmp_path):
    ws = Workspace(f"sqlite:///{tmp_path / 'target.db'}")
    yield ws
    ws.dispose()


# --- the round trip --------------------------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_assessment_json(workspace, database_url, request, tmp_path):
    aid = rich_assessment(workspace)
    first, second = tmp_path / "first.mmbundle", tmp_path / "second.mmbundle"
    export_bundle(workspace, aid, first)
    target = Workspace(another_url(database_url, request, tmp_path, "target"))
    new_id = import_bundle(target, first, actor="导入者")
    export_bundle(target, new_id, second)
    target.dispose()

    content = json.loads(member(first, CONTENT))
    manifest = json.loads(member(first, MANIFEST))
    assert {key: manifest[key] for key in ("format", "format_version", "client", "assessment")} == {
        "format": "maturitymap-bundle",
        "format_version": 1,
        "client": CLIENT,
        "assessment": NAME,
    }
    assert all(count > 0 for count in manifest["counts"].values()), manifest["counts"]  # every table has rows
    assert manifest["counts"]["respondents"] == 3
    assert "王总" in member(first, CONTENT)  # UTF-8 kept as is
    assert content["assessment"]["created_at"].endswith("+00:00")
    assert content["assessment"]["based_on"] is None
    assert (content["assessment"]["roadmap_capacity"], content["assessment"]["roadmap_capacities"]) == (
        40.0,
        {"change": 25.0, "incident": 12.5},
    )
    # the second export is the first, byte for byte, with one more audit entry: the import
    assert without_import(member(second, CONTENT), file="first.mmbundle", by="导入者") == member(first, CONTENT)
    imported = json.loads(member(second, CONTENT))["audit_log"][-1]
    assert (imported["imported_from"], imported["imported_by"]) == (None, None)  # the import itself: recorded here
    assert (imported["actor"], imported["key"], imported["before"]) == ("导入者", "first.mmbundle", None)
    assert imported["after"]["exported_at"] == manifest["exported_at"]


def test_sqlite_to_postgresql_to_sqlite_gives_the_same_assessment_json(postgres_server, tmp_path):
    source = Workspace(f"sqlite:///{tmp_path / 'source.db'}")
    # a session time zone far from UTC: what PostgreSQL gives back must still be exported in UTC
    middle = Workspace(postgres_database(postgres_server) + "&options=-c%20timezone%3DAsia%2FShanghai")
    with middle.transaction() as session:
        assert session.scalar(text("SHOW timezone")) == "Asia/Shanghai"
    last = Workspace(f"sqlite:///{tmp_path / 'last.db'}")
    paths = [tmp_path / f"{n}.mmbundle" for n in range(3)]
    export_bundle(source, rich_assessment(source), paths[0])
    export_bundle(middle, import_bundle(middle, paths[0]), paths[1])
    export_bundle(last, import_bundle(last, paths[1]), paths[2])
    for ws in (source, middle, last):
        ws.dispose()
    assert without_import(member(paths[1], CONTENT), file="0.mmbundle") == member(paths[0], CONTENT)
    assert without_import(member(paths[2], CONTENT), imports=2, file="1.mmbundle") == member(paths[0], CONTENT)


def test_the_imported_assessment_scores_the_same(workspace, database_url, request, tmp_path):
    aid = rich_assessment(workspace)
    export_bundle(workspace, aid, tmp_path / "scored.mmbundle")
    target = Workspace(another_url(database_url, request, tmp_path, "target"))
    scored = score_assessment(target, import_bundle(target, tmp_path / "scored.mmbundle"))
    target.dispose()
    expected = results.to_json(score_assessment(workspace, aid))
    assert results.to_json(scored) == expected
    processes = json.loads(expected)["processes"]  # a comparison of something: scores, not empty results
    assert len(processes) == len(SCOPE)
    assert all(process["score"] > 0 and process["coverage"] > 0 for process in processes), processes


def test_a_reassessment_keeps_its_baseline_when_the_baseline_is_imported_first(
    workspace, database_url, request, tmp_path
):
    baseline = rich_assessment(workspace)
    later = copy_assessment(workspace, baseline, "2027 复评", actor=ACTOR)
    export_bundle(workspace, baseline, tmp_path / "baseline.mmbundle")
    export_bundle(workspace, later, tmp_path / "later.mmbundle")
    assert json.loads(member(tmp_path / "later.mmbundle", CONTENT))["assessment"]["based_on"] == {
        "client": CLIENT,
        "name": NAME,
    }
    alone = Workspace(another_url(database_url, request, tmp_path, "alone"))
    export_bundle(alone, import_bundle(alone, tmp_path / "later.mmbundle"), tmp_path / "alone.mmbundle")
    alone.dispose()
    content = json.loads(member(tmp_path / "alone.mmbundle", CONTENT))
    assert content["assessment"]["based_on"] is None  # the baseline is not in that database
    assert content["audit_log"][-1]["after"]["based_on_found"] is False

    both = Workspace(another_url(database_url, request, tmp_path, "both"))
    import_bundle(both, tmp_path / "baseline.mmbundle")
    export_bundle(both, import_bundle(both, tmp_path / "later.mmbundle"), tmp_path / "both.mmbundle")
    both.dispose()
    assert without_import(member(tmp_path / "both.mmbundle", CONTENT)) == member(tmp_path / "later.mmbundle", CONTENT)


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory) -> tuple[Path, str]:
    """The demo assessment's bundle and its scores, made once on SQLite."""
    from assessment.workspace.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    source = Workspace(f"sqlite:///{folder / 'demo.db'}")
    demo = load_demo(source)
    export_bundle(source, demo, folder / "demo.mmbundle")
    scores = results.to_json(score_assessment(source, demo))
    source.dispose()
    return folder / "demo.mmbundle", scores


def test_the_demo_assessment_makes_the_round_trip(workspace, demo_bundle, tmp_path):
    path, scores = demo_bundle
    aid = import_bundle(workspace, path)
    export_bundle(workspace, aid, tmp_path / "again.mmbundle")
    assert without_import(member(tmp_path / "again.mmbundle", CONTENT)) == member(path, CONTENT)
    assert json.loads(member(path, CONTENT))["assessment"]["is_demo"] is True
    assert results.to_json(score_assessment(workspace, aid)) == scores


# --- refusals --------------------------------------------------------------------------------------------------------


def rewrite(good: Path, path: Path, content=None, manifest=None, recount: bool = True) -> Path:
    """A copy of the good bundle with its JSON changed by the given functions."""
    data = {MANIFEST: json.loads(member(good, MANIFEST)), CONTENT: json.loads(member(good, CONTENT))}
    for name, change in ((CONTENT, content), (MANIFEST, manifest)):
        if change is not None:
            change(data[name])
    if recount:
        for key in data[MANIFEST]["counts"]:
            data[MANIFEST]["counts"][key] = len(data[CONTENT][key])
    with zipfile.ZipFile(path, "w") as archive:
        for name, value in data.items():
            archive.writestr(name, dump_json(value))
    return path


def zip_of(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _set(where: str, value):
    """A change setting content[a][b]... to value; the path is dotted, list indexes are numbers."""

    def change(data):
        *parents, last = [int(part) if part.isdigit() else part for part in where.split(".")]
        for part in parents:
            data = data[part]
        data[last] = value

    return change


def _answers_count(good: Path) -> int:
    return len(json.loads(member(good, CONTENT))["answers"])


AT = "bad.mmbundle:assessment.json: "
REFUSALS = {
    "not a zip": (
        lambda good, path: (path.write_text("respondent,item\n", encoding="utf-8"), path)[1],
        "bad.mmbundle: not a MaturityMap bundle: the file is not a zip archive",
    ),
    "too many members": (
        lambda good, path: zip_of(path, {f"{n}.txt": "" for n in range(20)}),
        "bad.mmbundle: bundle holds 20 files, more than the limit of 16",
    ),
    "no manifest": (
        lambda good, path: zip_of(path, {CONTENT: member(good, CONTENT)}),
        "bad.mmbundle: bundle has no manifest.json",
    ),
    "unknown version": (
        lambda good, path: rewrite(good, path, manifest=_set("format_version", 2)),
        "bad.mmbundle:manifest.json: bundle format version 2 is not supported: this MaturityMap reads version 1",
    ),
    "not a bundle": (
        lambda good, path: rewrite(good, path, manifest=_set("format", "other-tool")),
        "bad.mmbundle:manifest.json: not a MaturityMap bundle: the manifest's format is 'other-tool', "
        "expected 'maturitymap-bundle'",
    ),
    "JSON syntax": (
        lambda good, path: zip_of(path, {MANIFEST: member(good, MANIFEST), CONTENT: '{\n  "client":\n}\n'}),
        "bad.mmbundle:assessment.json:3: JSON syntax error: Expecting value",
    ),
    "unknown key": (
        lambda good, path: rewrite(good, path, content=_set("answers.0.score", 3)),
        AT + "answers[0]: unknown key 'score'",
    ),
    "wrong type": (
        lambda good, path: rewrite(good, path, content=_set("respondents.0.anonymous", "yes")),
        AT + "respondents[0].anonymous: must be true or false, got 'yes'",
    ),
    "naive time": (
        lambda good, path: rewrite(good, path, content=_set("audit_log.0.at", "2026-03-02T09:00:00")),
        AT + "audit_log[0].at: must be a date and time with a UTC offset (ISO 8601, e.g. 2026-03-01T09:30:00+00:00), "
        "got '2026-03-02T09:00:00'",
    ),
    "too long": (
        lambda good, path: rewrite(good, path, content=_set("respondents.0.role", "x" * 101)),
        AT + "respondents[0].role: text has 101 characters, more than the 100 this field holds",
    ),
    "target range": (
        lambda good, path: rewrite(good, path, content=_set("targets.0.level", 6)),
        AT + "targets[0].level: must be at most 5, got 6",
    ),
    "snapshot schema": (
        lambda good, path: rewrite(good, path, content=lambda c: c["assessment"]["questionnaire_snapshot"].pop("id")),
        AT + "assessment.questionnaire_snapshot: missing required key 'id'",
    ),
    "snapshot meaning": (
        lambda good, path: rewrite(
            good, path, content=_set("assessment.questionnaire_snapshot.processes.0.items.0.scale", "nope")
        ),
        AT + "assessment.questionnaire_snapshot: item INC-1-01 uses scale 'nope', which is not declared "
        "(declared: achievement)",
    ),
    "unknown respondent": (
        lambda good, path: rewrite(good, path, content=_set("answers.0.respondent", "王五")),
        AT + "answers[0]: the answer to item {item} names respondent '王五', who is not among the bundle's respondents",
    ),
    "duplicate respondent": (
        lambda good, path: rewrite(good, path, content=lambda c: c["respondents"].append(c["respondents"][0])),
        AT + "respondents[3]: Alice Chen appears twice (first at respondents[0])",
    ),
    "item not in snapshot": (
        lambda good, path: rewrite(good, path, content=_set("decisions.0.item", "XYZ-9-99")),
        AT + "decisions[0]: item 'XYZ-9-99' is not in the bundle's questionnaire snapshot",
    ),
    "consultant text of another process": (
        lambda good, path: rewrite(good, path, content=_set("consultant_texts.0.scope", "finance")),
        AT + "consultant_texts[0]: process 'finance' is not in the bundle's questionnaire snapshot",
    ),
    "consultant text too long": (
        lambda good, path: rewrite(good, path, content=_set("consultant_texts.0.text", "x" * 20_001)),
        AT + "consultant_texts[0].text: text has 20001 characters, more than the 20000 this field holds",
    ),
    "count mismatch": (
        lambda good, path: rewrite(good, path, content=lambda c: c["answers"].pop(), recount=False),
        "bad.mmbundle: the manifest counts {answers} answers but assessment.json holds {fewer}",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_bundle_is_refused_with_a_message_naming_the_file_and_the_entry(
    case, good_bundle, sqlite_workspace, tmp_path
):
    make, expected = REFUSALS[case]
    path = make(good_bundle, tmp_path / "bad.mmbundle")
    before = everything(sqlite_workspace)
    with pytest.raises(WorkspaceError) as raised:
        import_bundle(sqlite_workspace, path)
    answers = _answers_count(good_bundle)
    first_item = json.loads(member(good_bundle, CONTENT))["answers"][0]["item"]
    assert [p.render() for p in raised.value.problems] == [
        expected.format(item=first_item, answers=answers, fewer=answers - 1)
    ]
    assert everything(sqlite_workspace) == before


def test_a_zip_bomb_is_refused_before_it_is_read(good_bundle, sqlite_workspace, tmp_path):
    path = tmp_path / "bomb.mmbundle"
    size = bundle_format.MAX_MEMBER_BYTES[CONTENT] + 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, member(good_bundle, MANIFEST))
        archive.writestr(CONTENT, b" " * size)  # 100 MB of spaces pack into a hundred kilobytes
    assert path.stat().st_size < 200_000
    with pytest.raises(WorkspaceError) as raised:
        import_bundle(sqlite_workspace, path)
    assert raised.value.problems[0].render() == (
        f"bomb.mmbundle:assessment.json: expands to {size} bytes, more than the limit of {size - 1} bytes"
    )
    assert raised.value.problems[0].render("zh") == (
        f"bomb.mmbundle:assessment.json: 解压后为 {size} 字节，超过上限 {size - 1} 字节"
    )


def test_an_existing_name_is_refused_and_another_name_imports(sqlite_workspace, good_bundle):
    first = import_bundle(sqlite_workspace, good_bundle)
    before = everything(sqlite_workspace)
    with pytest.raises(WorkspaceError) as raised:
        import_bundle(sqlite_workspace, good_bundle)
    assert raised.value.problems[0].render() == (
        f"good.mmbundle: client '{CLIENT}' already has an assessment named '{NAME}'; "
        "import the bundle under another name (`import-bundle --name`)"
    )
    assert raised.value.problems[0].render("zh") == (
        f"good.mmbundle: 客户“{CLIENT}”已有名为“{NAME}”的评估；请以其他名称导入该数据包（`import-bundle --name`）"
    )
    assert everything(sqlite_workspace) == before
    second = import_bundle(sqlite_workspace, good_bundle, name=" 2026 基线评估（副本） ")
    with sqlite_workspace.transaction() as session:
        names = session.execute(select(Assessment.id, Assessment.name, Assessment.client_id).order_by(Assessment.id))
        assert [(row.id, row.name) for row in names] == [(first, NAME), (second, "2026 基线评估（副本）")]


def test_a_failed_import_leaves_the_database_unchanged(workspace, good_bundle, monkeypatch):
    rich_assessment(workspace, client="另一客户", name="已有评估")
    before = everything(workspace)

    def fail_at_the_end(value):
        raise RuntimeError("the disk is full")  # called for the import's own audit entry, after every row

    monkeypatch.setattr(bundles, "plain", fail_at_the_end)
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_bundle(workspace, good_bundle)
    assert everything(workspace) == before  # not even the new client


# --- export ----------------------------------------------------------------------------------------------------------


def test_an_export_into_a_missing_folder_writes_nothing(sqlite_workspace, tmp_path):
    aid = create_assessment(sqlite_workspace, client=CLIENT, name=NAME, questionnaire=CORE)
    with pytest.raises(WorkspaceError) as raised:
        export_bundle(sqlite_workspace, aid, tmp_path / "missing" / "x.mmbundle")
    assert raised.value.problems[0].render() == f"{tmp_path / 'missing'}: folder not found"
    assert not (tmp_path / "missing").exists()


def test_an_export_failing_half_way_leaves_no_file_and_keeps_an_old_one(sqlite_workspace, tmp_path, monkeypatch):
    aid = create_assessment(sqlite_workspace, client=CLIENT, name=NAME, questionnaire=CORE)
    real_writestr = zipfile.ZipFile.writestr

    def write_then_fail(archive, name, data, *args, **kwargs):
        if name == CONTENT:
            raise OSError("No space left on device")
        return real_writestr(archive, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", write_then_fail)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OSError, match="No space left"):
        export_bundle(sqlite_workspace, aid, tmp_path / "new.mmbundle")
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # no bundle, no temporary file
    old = tmp_path / "old.mmbundle"
    old.write_bytes(b"the previous export")
    with pytest.raises(OSError, match="No space left"):
        export_bundle(sqlite_workspace, aid, old)
    assert old.read_bytes() == b"the previous export"


def test_the_history_a_bundle_brings_is_marked_as_imported_with_the_bundle_and_the_importer(workspace, tmp_path):
    aid = rich_assessment(workspace)
    path = tmp_path / "客户交付.mmbundle"
    export_bundle(workspace, aid, path)
    here = audit_of(workspace, aid)
    assert set(here["source"]) == {""}  # everything recorded here
    target = Workspace(f"sqlite:///{tmp_path / 'target.db'}")
    new_id = import_bundle(target, path, actor="顾问乙")
    log = audit_of(target, new_id)
    import_entry, brought = log.iloc[0], log.iloc[1:]
    assert (import_entry["action"], import_entry["entity"], import_entry["source"]) == ("import", "bundle", "")
    assert len(brought) == len(here)
    assert set(brought["source"]) == {"客户交付.mmbundle · 顾问乙"}
    assert brought["actor"].tolist() == here["actor"].tolist()  # who recorded each change there, kept as it was
    target.dispose()
