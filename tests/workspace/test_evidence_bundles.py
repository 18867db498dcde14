"""Evidence from the ticket system in bundles: it travels with the assessment (and so does the pseudonym key), an
older bundle without it still imports, and a bundle's evidence is checked like the rest of it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from assessment.workspace.bundle_format import CONTENT, MANIFEST
from assessment.workspace.bundles import export_bundle, import_bundle
from assessment.workspace.core import Workspace, WorkspaceError
from assessment.workspace.evidence import evidence_of, evidence_rows, pseudonym_key
from tests.workspace.evidence_samples import SVG, ticket_log
from tests.workspace.test_bundles import AT, _set, everything, member, rewrite, rich_assessment


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[Path, list, bytes]:
    """A bundle of the rich assessment (with evidence), its evidence and its key as stored, made once on SQLite."""
    folder = tmp_path_factory.mktemp("evidence")
    source = Workspace(f"sqlite:///{folder / 'source.db'}")
    aid = rich_assessment(source)
    path = folder / "good.mmbundle"
    export_bundle(source, aid, path)
    stored, key = evidence_of(source, aid), pseudonym_key(source, aid)
    source.dispose()
    return path, stored, key


@pytest.fixture
def target(tmp_path):
    ws = Workspace(f"sqlite:///{tmp_path / 'target.db'}")
    yield ws
    ws.dispose()


def comparable(evidence) -> list:
    """Stored evidence without its database id."""
    return [{**e.__dict__, "id": None} for e in evidence]


def test_evidence_and_the_key_travel_with_the_assessment(bundled, workspace):
    path, stored, key = bundled
    content = json.loads(member(path, CONTENT))
    assert [e["process"] for e in content["ticket_evidence"]] == ["change", "incident"]
    assert json.loads(member(path, MANIFEST))["counts"]["ticket_evidence"] == 2
    assert content["pseudonym_key"] == key.hex()
    new_id = import_bundle(workspace, path, actor="导入者")  # into SQLite and PostgreSQL
    assert comparable(evidence_of(workspace, new_id)) == comparable(stored)
    assert pseudonym_key(workspace, new_id) == key  # names in later files get the same pseudonyms
    incident = next(e for e in evidence_of(workspace, new_id) if e.process == "incident")
    pd.testing.assert_frame_equal(evidence_rows(workspace, new_id, incident.id), ticket_log().frame)
    assert incident.mining.units[0].map_svg == SVG


def test_a_bundle_written_before_evidence_existed_still_imports(bundled, target, tmp_path):
    path, *_ = bundled

    def older(data):
        del data["ticket_evidence"], data["pseudonym_key"]

    def older_counts(data):
        del data["counts"]["ticket_evidence"]

    old = rewrite(path, tmp_path / "old.mmbundle", content=older, manifest=older_counts, recount=False)
    new_id = import_bundle(target, old)
    assert evidence_of(target, new_id) == []
    assert len(pseudonym_key(target, new_id)) == 32  # made at the first use, as for a new assessment


EVIDENCE = "ticket_evidence.1"  # the incident's, with mining and rows
MAP = f"{EVIDENCE}.mining.units.0.map_svg"
REFUSED = {
    "a script in a map": (
        _set(MAP, SVG.replace("<title>", '<script>alert("x")</script><title>')),
        AT + "ticket_evidence[1].mining.units[0].map_svg: the process map holds <script, which a map drawn by "
        "MaturityMap never does",
    ),
    "an event handler in a map": (
        _set(MAP, SVG.replace("<svg ", '<svg onload="steal()" ')),
        AT + "ticket_evidence[1].mining.units[0].map_svg: the process map holds onload=, which a map drawn by "
        "MaturityMap never does",
    ),
    "an external reference in a map": (
        _set(MAP, SVG.replace("<title>", '<image href="https://evil.example/x.png"/><title>')),
        AT + 'ticket_evidence[1].mining.units[0].map_svg: the process map holds href=", which a map drawn by '
        "MaturityMap never does",
    ),
    "an external style sheet in a map": (
        _set(MAP, SVG.replace("<title>", "<style>@import 'https://evil.example/x.css';</style><title>")),
        AT + "ticket_evidence[1].mining.units[0].map_svg: the process map holds @import, which a map drawn by "
        "MaturityMap never does",
    ),
    "an unknown KPI": (
        _set(f"{EVIDENCE}.kpis.2.kpi", "happiness_rate"),
        AT + "ticket_evidence[1].kpis[2]: KPI happiness_rate is not one this version of MaturityMap computes",
    ),
    "rows that are not base64": (
        _set(f"{EVIDENCE}.rows", "not base64!"),
        AT + "ticket_evidence[1].rows: the kept rows cannot be read (Only base64 data is allowed)",
    ),
    "rows that are not compressed": (
        _set(f"{EVIDENCE}.rows", "c2VxLGxpbmUsdGlja2V0Cg=="),
        AT + "ticket_evidence[1].rows: the kept rows cannot be read (not zlib data: Error -3 while decompressing "
        "data: incorrect header check)",
    ),
    "a mining of another process": (
        _set(f"{EVIDENCE}.mining.process", "change"),
        AT + "ticket_evidence[1].mining.process: the process mining is of process change, not of the evidence's own",
    ),
    "two evidences of one process": (
        _set("ticket_evidence.0.process", "incident"),
        AT + "ticket_evidence[1]: incident appears twice (first at ticket_evidence[0])",
    ),
    "a fitness above 1": (
        _set(f"{EVIDENCE}.mining.units.1.fitness", 1.5),
        AT + "ticket_evidence[1].mining.units[1].fitness: must be at most 1, got 1.5",
    ),
    "more variants than a flow keeps": (
        _set(f"{EVIDENCE}.mining.overall.variants", [{"activities": ["New"], "cases": 1}] * 51),
        AT + "ticket_evidence[1].mining.overall.variants: holds 51 entries, more than the 50 MaturityMap keeps",
    ),
    "a key of the wrong length": (
        _set("pseudonym_key", "ab" * 16),
        AT + "pseudonym_key: 'abababababababababababababababab' is not 64 hexadecimal digits (0-9, a-f)",
    ),
    "a fingerprint that is not hex": (
        _set(f"{EVIDENCE}.sha256", "Z" * 64),
        AT + f"ticket_evidence[1].sha256: '{'Z' * 64}' is not 64 hexadecimal digits (0-9, a-f)",
    ),
    "an unknown field": (_set(f"{EVIDENCE}.fields.1", "mood"), None),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_evidence_in_a_bundle_is_refused_naming_the_entry_and_nothing_is_imported(case, bundled, target, tmp_path):
    path, *_ = bundled
    change, expected = REFUSED[case]
    bad = rewrite(path, tmp_path / "bad.mmbundle", content=change)
    before = everything(target)
    with pytest.raises(WorkspaceError) as raised:
        import_bundle(target, bad)
    rendered = [problem.render() for problem in raised.value.problems]
    if expected is None:  # the schema's own message, listing every field
        assert len(rendered) == 1
        assert rendered[0].startswith(AT + "ticket_evidence[1].fields[1]: must be one of 'ticket', ")
        assert rendered[0].endswith(", got 'mood'")
    else:
        assert rendered == [expected]
    assert everything(target) == before
