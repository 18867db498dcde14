"""The bundle file format (a zip of manifest.json and assessment.json), and reading it with every check.

assessment.json holds everything of one assessment with natural keys (names, and ids from the
questionnaire), never database ids; datetimes are ISO 8601 in UTC, dates ISO; the JSON is written
deterministically, so an assessment gives the same text whether stored in SQLite or PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile
import zlib
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

from pydantic import Field, ValidationError

from assessment.inputs.json_limits import json_shape
from assessment.inputs.reading_budget import BUDGET, BYTES_PER_JSON_VALUE
from assessment.inputs.ticket_fields import PROCESSES
from assessment.problems import Problem
from assessment.questionnaire.loader import schema_message, schema_problem, show
from assessment.questionnaire.locations import Locator
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.rules import check_meaning
from assessment.workspace.bundle_evidence import EvidenceEntry, PseudonymKeyText, check_evidence
from assessment.workspace.bundle_types import Day, Entries, Model, Name, Ref, Short, Time, Word, utc
from assessment.workspace.consultant_kinds import KINDS, MAX_CHARS, SUMMARY
from assessment.workspace.core import METHODS, RULES, WorkspaceError

FORMAT = "maturitymap-bundle"
FORMAT_VERSION = 1
SUFFIX = ".mmbundle"
MANIFEST, CONTENT = "manifest.json", "assessment.json"
MAX_MEMBERS = 16  # a bundle holds two files
# The largest real assessment measured (1,000 respondents answering the 214 items of the bundled library) gives an
# assessment.json of 46 MB holding 1.95 million JSON values nested 10 deep. The limits allow about twice that, and
# are checked on the bytes before anything is parsed: a parser and a validator spend memory on every value.
MAX_MEMBER_BYTES = {MANIFEST: 64 * 1024, CONTENT: 100 * 1024 * 1024}
MAX_JSON_VALUES = 4_000_000
MAX_JSON_DEPTH = 32
MAX_PROBLEMS = 50
# the lists of assessment.json and the natural key of their entries (the audit log is in time order)
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "units": (),
    "respondents": ("name",),
    "answers": ("respondent", "item"),
    "walkthrough_results": ("check", "sample"),
    "context_entries": ("section", "record_key"),
    "targets": ("process",),
    "decisions": ("item",),
    "roadmap_edits": ("action_id", "kind"),
    "consultant_texts": ("scope", "kind"),
    "ticket_evidence": ("process",),
    "audit_log": (),
}


class Counts(Model):
    """How many entries each list of assessment.json holds."""

    units: int
    respondents: int
    answers: int
    walkthrough_results: int
    context_entries: int
    targets: int
    decisions: int
    roadmap_edits: int = 0
    consultant_texts: int = 0
    ticket_evidence: int = 0
    audit_log: int


class Manifest(Model):
    """manifest.json: what the file is, and what it holds."""

    format: Literal["maturitymap-bundle"]
    format_version: Literal[1]
    exported_at: Time
    client: Name
    assessment: Name
    counts: Counts


class BasedOn(Model):
    """The baseline a re-assessment was copied from."""

    client: Name
    name: Name


class AssessmentFields(Model):
    """The assessment itself, with the questionnaire snapshot it runs with."""

    name: Name
    rule: Literal[RULES]
    questionnaire_id: Ref
    questionnaire_version: Word
    questionnaire_snapshot: dict[str, Any]
    processes: list[str]
    started_on: Day | None
    ended_on: Day | None
    is_demo: bool
    created_at: Time
    revision: int = Field(ge=0)
    based_on: BasedOn | None
    roadmap_start: Day | None = None
    roadmap_capacity: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    roadmap_capacities: dict[Ref, Annotated[float, Field(gt=0, allow_inf_nan=False)]] | None = None
    role_weights: dict[Ref, Annotated[float, Field(gt=0, allow_inf_nan=False)]] | None = None


class RespondentEntry(Model):
    """A respondent, known by name."""

    name: Name
    role: Annotated[str, Field(max_length=100)]
    unit: Short
    method: Literal[METHODS]
    interviewed_on: Day | None
    anonymous: bool


class AnswerEntry(Model):
    """One respondent's answer to one item."""

    respondent: Name
    item: Ref
    answer: str
    comment: str
    evidence: list[str]
    recorded_by: Short
    recorded_at: Time


class WalkthroughEntry(Model):
    """Pass or fail of one walkthrough check on one sampled record."""

    check: Ref
    sample: Name
    unit: Short
    passed: bool
    note: str
    recorded_by: Short
    recorded_at: Time


class ContextRecord(Model):
    """One record of a context section."""

    section: Ref
    record_key: Name
    data: dict[str, Any]
    recorded_by: Short
    recorded_at: Time


class TargetEntry(Model):
    """The target level of a process."""

    process: Ref
    level: int = Field(ge=0, le=5)


class DecisionEntry(Model):
    """A reconciliation: the agreed achievement of an item."""

    item: Ref
    achievement: float = Field(ge=0, le=1, allow_inf_nan=False)
    reason: str
    author: Short
    decided_at: Time


class RoadmapEditEntry(Model):
    """A user's change to the roadmap, by action id."""

    action_id: Ref
    kind: Annotated[str, Field(min_length=1, max_length=20)]
    value: Any
    author: Short
    edited_at: Time


class ConsultantTextEntry(Model):
    """The consultant's findings or recommendations for the summary or a process (Markdown subset)."""

    scope: Ref
    kind: Literal[KINDS]
    text: Annotated[str, Field(min_length=1, max_length=MAX_CHARS)]
    updated_by: Short
    updated_at: Time


class AuditRecord(Model):
    """One entry of the audit log."""

    at: Time
    actor: Short
    action: Word
    entity: Word
    key: Annotated[str, Field(max_length=300)]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    imported_from: Annotated[str, Field(max_length=300)] | None = None  # the bundle it arrived in (format 1 adds it)
    imported_by: Short | None = None


class BundleContent(Model):
    """assessment.json: everything of one assessment."""

    client: Name
    assessment: AssessmentFields
    units: Entries[Name]
    respondents: Entries[RespondentEntry]
    answers: Entries[AnswerEntry]
    walkthrough_results: Entries[WalkthroughEntry]
    context_entries: Entries[ContextRecord]
    targets: Entries[TargetEntry]
    decisions: Entries[DecisionEntry]
    # added after format 1 was first written: optional, a bundle written before imports as before
    roadmap_edits: Entries[RoadmapEditEntry] = Field(default_factory=list)
    consultant_texts: Entries[ConsultantTextEntry] = Field(default_factory=list)
    ticket_evidence: Entries[EvidenceEntry] = Field(default_factory=list, max_length=len(PROCESSES))
    pseudonym_key: PseudonymKeyText | None = None  # the key people in the evidence are pseudonymized with
    audit_log: Entries[AuditRecord]


def dump_json(data: Any) -> str:
    """The bundle's JSON text: sorted keys, UTF-8 kept as is, one stable layout."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def plain(value: Any) -> Any:
    """A stored value as JSON: datetimes in UTC with microseconds, dates ISO."""
    if isinstance(value, dt.datetime):
        return utc(value).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- reading ---------------------------------------------------------------------------------------------------------


def read_bundle(path: str | Path) -> tuple[Manifest, BundleContent]:
    """The checked manifest and content of a bundle file, or a WorkspaceError naming every problem."""
    path = Path(path)
    file = path.name

    def refuse(code: str, sheet: str | None = None, **params: Any) -> NoReturn:
        raise WorkspaceError([Problem(code, params, file=file, sheet=sheet)])

    if not path.is_file():
        refuse("file_not_found")
    if not zipfile.is_zipfile(path):
        refuse("bundle_not_zip")
    texts, values = {}, 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()  # the sizes the zip declares, checked before anything is read
            if len(members) > MAX_MEMBERS:
                refuse("bundle_too_many_members", count=len(members), limit=MAX_MEMBERS)
            for member, limit in MAX_MEMBER_BYTES.items():
                if member not in archive.namelist():
                    refuse("bundle_member_missing", member=member)
                if archive.getinfo(member).file_size > limit:
                    refuse("bundle_too_large", member, size=archive.getinfo(member).file_size, limit=limit)
                with archive.open(member) as stream:
                    data = stream.read(limit + 1)  # never more, whatever the zip declares
                if len(data) > limit:
                    refuse("bundle_too_large", member, size=f"{limit}+", limit=limit)
                shape = json_shape(data, max_values=MAX_JSON_VALUES)
                values += shape.values
                if shape.values > MAX_JSON_VALUES:
                    refuse("bundle_too_many_values", member, count=shape.values, limit=MAX_JSON_VALUES)
                if shape.depth > MAX_JSON_DEPTH:
                    refuse("bundle_too_deep", member, depth=shape.depth, limit=MAX_JSON_DEPTH)
                try:
                    texts[member] = data.decode("utf-8")
                except UnicodeDecodeError:
                    refuse("bundle_not_utf8", member)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        refuse("bundle_unreadable", detail=str(exc))
    header = _parse(texts[MANIFEST], file, MANIFEST)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        refuse("bundle_format", MANIFEST, value=show(header.get("format") if isinstance(header, dict) else header))
    version = header.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        refuse("bundle_version", MANIFEST, version=show(version), supported=FORMAT_VERSION)
    manifest = _validate(Manifest, header, file, MANIFEST)
    with BUDGET.reserve(values * BYTES_PER_JSON_VALUE, file, WorkspaceError):
        data = _parse(texts.pop(CONTENT), file, CONTENT)
        required = [name for name, field in BundleContent.model_fields.items() if field.is_required()]
        missing = [name for name in required if name not in data] if isinstance(data, dict) else required
        if missing:  # not an assessment at all: one line, not a problem per missing key
            refuse("bundle_not_content", CONTENT, keys=", ".join(missing))
        content = _validate(BundleContent, data, file, CONTENT)
    problems = _check_content(content, manifest, file)
    if problems:
        raise WorkspaceError(_capped(problems, file))
    return manifest, content


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON value")


def _parse(text: str, file: str, member: str) -> Any:
    """The JSON of a member, parsed once (its size and depth are bounded before); strict JSON: no NaN."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problem = Problem("bundle_json", {"detail": exc.msg}, file=file, sheet=member, line=exc.lineno)
        raise WorkspaceError([problem]) from None
    except ValueError as exc:  # NaN or Infinity, a number of more digits than Python reads
        raise WorkspaceError([Problem("bundle_json", {"detail": str(exc)}, file=file, sheet=member)]) from None


def _validate(model: type[Model], data: Any, file: str, member: str) -> Any:
    """The parsed JSON as `model`; an error refers to the parsed value (validating the text would copy it)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise WorkspaceError(_capped([_problem(err, file, member) for err in exc.errors()], file)) from None


def _where(loc: tuple) -> str | None:
    """A readable place such as answers[3].recorded_at."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _problem(err: dict, file: str, member: str) -> Problem:
    """One pydantic error as a Problem naming the file, the member and the entry."""
    kind, loc, value, ctx = err["type"], tuple(err["loc"]), err.get("input"), err.get("ctx") or {}
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind.startswith(("datetime", "timezone")):
        code, params = "bundle_bad_time", {"value": show(value)}
    elif kind.startswith("date"):
        code, params = "bundle_bad_date", {"value": show(value)}
    elif kind == "string_too_long":
        code, params = "bundle_text_too_long", {"size": len(value), "limit": ctx.get("max_length")}
    elif kind == "too_long":  # a list or mapping longer than the workspace keeps (the evidence's)
        code, params = "bundle_too_many_entries", {"found": ctx.get("actual_length"), "limit": ctx.get("max_length")}
    elif kind in ("greater_than_equal", "less_than_equal"):  # the loader's messages would speak of item levels
        limit = ctx.get("ge", ctx.get("le"))
        code = "must_be_at_least" if kind == "greater_than_equal" else "must_be_at_most"
        params = {"limit": f"{limit:g}", "value": show(value)}
    else:
        code, params = schema_message(kind, field, value, ctx)
    where = _where(loc[:-1] if kind in ("missing", "extra_forbidden") else loc)
    return Problem(code, params, file=file, sheet=member, where=where)


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], Problem("too_many_problems", {"count": len(problems) - MAX_PROBLEMS}, file=file)]


def _check_content(content: BundleContent, manifest: Manifest, file: str) -> list[Problem]:
    """What the schema cannot see: the counts, the snapshot, duplicates and references between entries."""
    problems: list[Problem] = []

    def add(code: str, where: str | None, **params: Any) -> None:
        problems.append(Problem(code, params, file=file, sheet=CONTENT, where=where))

    for entries in NATURAL_KEYS:
        expected, found = getattr(manifest.counts, entries), len(getattr(content, entries))
        if expected != found:
            params = {"entries": entries, "expected": expected, "found": found}
            problems.append(Problem("bundle_count_mismatch", params, file=file))
    questionnaire = _check_snapshot(content.assessment.questionnaire_snapshot, file, problems)
    if questionnaire is None:
        return problems
    for entries, key in NATURAL_KEYS.items():
        if entries == "audit_log":
            continue
        first: dict[Any, int] = {}
        for index, entry in enumerate(getattr(content, entries)):
            natural = (entry,) if isinstance(entry, str) else tuple(getattr(entry, part) for part in key)
            if natural in first:
                where = f"{entries}[{first[natural]}]"
                add("bundle_duplicate", f"{entries}[{index}]", key="/".join(natural), first=where)
            first.setdefault(natural, index)
    people = {r.name for r in content.respondents}
    for index, answer in enumerate(content.answers):
        if answer.respondent not in people:
            add("bundle_unknown_respondent", f"answers[{index}]", respondent=answer.respondent, item=answer.item)
    processes = [p.id for p in questionnaire.processes]
    items = list(questionnaire.item_index())
    checks = [c.id for p in questionnaire.processes for w in p.walkthroughs for c in w.checks]
    references = (
        ("assessment.processes", content.assessment.processes, processes, "process"),
        ("answers", [a.item for a in content.answers], items, "item"),
        ("walkthrough_results", [r.check for r in content.walkthrough_results], checks, "check"),
        (
            "context_entries",
            [r.section for r in content.context_entries],
            [s.id for s in questionnaire.context],
            "context section",
        ),
        ("targets", [t.process for t in content.targets], processes, "process"),
        ("decisions", [d.item for d in content.decisions], items, "item"),
        ("consultant_texts", [t.scope for t in content.consultant_texts], [SUMMARY, *processes], "process"),
    )
    for entries, refs, allowed, kind in references:
        known = set(allowed)
        for index, ref in enumerate(refs):
            if ref not in known:
                add("bundle_not_in_snapshot", f"{entries}[{index}]", kind=kind, ref=ref)
    for code, where, params in check_evidence(content.ticket_evidence, content.pseudonym_key):
        add(code, where, **params)
    return problems


def _check_snapshot(snapshot: dict[str, Any], file: str, problems: list[Problem]) -> Questionnaire | None:
    """The questionnaire of the snapshot, checked as the loader checks a file; None (and problems) if invalid."""
    locator = Locator(snapshot, {}, file)
    found = [p for p in check_meaning(snapshot, locator) if p.is_error]
    questionnaire = None
    try:
        questionnaire = Questionnaire.model_validate(snapshot, strict=False)  # as workspace.snapshot reads it
    except ValidationError as exc:
        found += [schema_problem(err, locator) for err in exc.errors()]
    for p in found:
        where = "assessment.questionnaire_snapshot" + (f".{p.where}" if p.where else "")
        problems.append(dataclasses.replace(p, file=file, sheet=CONTENT, line=None, where=where))
    return None if found else questionnaire
