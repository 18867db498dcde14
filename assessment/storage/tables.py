"""The tables of the workspace. Every change goes through the services, which also write the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, dt.datetime: DateTime(timezone=True)}  # noqa: RUF012 - SQLAlchemy reads it from the class


class Client(Base):
    """A client organization; it may have several assessments over the years."""

    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    assessments: Mapped[list[Assessment]] = relationship(back_populates="client")


class Assessment(Base):
    """One assessment, with the questionnaire snapshot it was run with."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(20), default="iso33020")
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    # the whole questionnaire as JSON: a later change to the library never changes an old result
    questionnaire_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    processes: Mapped[list[str]] = mapped_column(JSON)  # the scope: process ids, in questionnaire order
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))  # the baseline it was copied from
    roadmap_start: Mapped[dt.date | None] = mapped_column(Date)  # the roadmap is scheduled from this date
    # person-days per month of each workstream of the roadmap (one per process) without its own in
    # roadmap_capacities (workstream -> person-days per month); None: the analysis's defaults
    roadmap_capacity: Mapped[float | None] = mapped_column(Float)
    roadmap_capacities: Mapped[dict[str, float] | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # raised on every change: results are cached by it
    # raised by changes that can move a score (answers, respondents, set-up), not by planning ones (targets,
    # roadmap, context): the answers read for scoring are cached by it
    scoring_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    role_weights: Mapped[dict[str, float] | None] = mapped_column(JSON)  # overrides the questionnaire's role weights
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column()  # archived: kept, hidden from the lists
    # an anonymous survey: respondents' names hidden from consultants too (viewers never see them)
    names_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    client: Mapped[Client] = relationship(back_populates="assessments")
    __table_args__ = (UniqueConstraint("client_id", "name"),)


class Unit(Base):
    """An organizational unit (site, team, business line) within an assessment's scope."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("assessment_id", "name"),)


class Respondent(Base):
    """Someone interviewed or surveyed."""

    __tablename__ = "respondents"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(20), default="")
    interviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("assessment_id", "name"),)


class Answer(Base):
    """One respondent's answer to one item; answering again replaces it."""

    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(Text, default="")  # a scale key, na, unknown, "" or unscored text
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)  # links or references
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("respondent_id", "item_id"),)


class WalkthroughResult(Base):
    """Pass or fail of one walkthrough check on one sampled record."""

    __tablename__ = "walkthrough_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[str] = mapped_column(String(100))
    sample: Mapped[str] = mapped_column(String(200))  # the sampled record, e.g. a change ticket number
    unit: Mapped[str] = mapped_column(String(200), default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("assessment_id", "check_id", "sample"),)


class ContextEntry(Base):
    """One record of a context section (a tool, a pain point, a process's business needs, ...)."""

    __tablename__ = "context_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[str] = mapped_column(String(100))
    record_key: Mapped[str] = mapped_column(String(200))  # process or role id, or a key of a list record
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("assessment_id", "section_id", "record_key"),)


class Target(Base):
    """The target level the steering group set for a process."""

    __tablename__ = "targets"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)


class Decision(Base):
    """A reconciliation: the agreed achievement of an item where respondents disagreed."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    achievement: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)


class AuditEntry(Base):
    """One change, who made it and when, with the values before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    key: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # an entry that arrived in a bundle: the bundle's file name and who imported it; None: recorded here
    imported_from: Mapped[str | None] = mapped_column(String(300))
    imported_by: Mapped[str | None] = mapped_column(String(200))


class RoadmapEdit(Base):
    """A user's change to the generated roadmap, kept by action id so it survives re-scoring."""

    __tablename__ = "roadmap_edits"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # drop, keep, add, phase, owner, start, due
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    edited_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("assessment_id", "action_id", "kind"),)


class ImportBatch(Base):
    """One import of a responses file: what it added and changed, so that it can be undone exactly."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(String(300))
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    undone_at: Mapped[dt.datetime | None] = mapped_column()
    undone_by: Mapped[str | None] = mapped_column(String(200))


class ImportChange(Base):
    """One row an import added or changed: a respondent (no item) or an answer, as it was before and after."""

    __tablename__ = "import_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[str] = mapped_column(String(200))  # the name at the time of the import
    item_id: Mapped[str | None] = mapped_column(String(100))  # None: the respondent's own fields
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # None: added by the import
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


class Setting(Base):
    """A workspace-wide setting, such as the branding of reports: one JSON value per key."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """Someone who signs in: a consultant, a client's steering group member, an administrator."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)  # stored lower-case: signs in as typed
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(300), unique=True)  # lower-case; single sign-on matches it
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id; "" for an account without a password
    system_role: Mapped[str] = mapped_column(String(20), default="member")  # admin | member
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # a one-time password was set
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column()


class Membership(Base):
    """A user's role on one assessment: lead, consultant or viewer."""

    __tablename__ = "memberships"
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    granted_by: Mapped[str] = mapped_column(String(200), default="")


class SignInSession(Base):
    """One signed-in browser: its id is in the signed cookie (only its hash is stored); ended by signing out."""

    __tablename__ = "sign_in_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie's session id
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    address: Mapped[str] = mapped_column(String(100), default="")


class SignInFailure(Base):
    """A failed sign-in, by the user name typed and by the address it came from: the throttle counts them."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # user | address
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Campaign(Base):
    """An online survey of one assessment: who is invited, which processes, open from when until when."""

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(JSON)  # offered to respondents: "zh", "en"; the first is the default
    processes: Mapped[list[str]] = mapped_column(JSON)  # process ids asked about, in questionnaire order
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)  # one open link; respondents pick role and unit
    welcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"zh": …, "en": …}
    opens_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[dt.datetime | None] = mapped_column()  # none: open until closed by hand
    closed_at: Mapped[dt.datetime | None] = mapped_column()  # closed by hand (reopening clears it)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("assessment_id", "name"),)


class CampaignLink(Base):
    """A link of a campaign: a personal one (a respondent's), the open one of an anonymous campaign, or one issued to
    a visitor of the open link. The token is made from the deployment's secret and the link's own salt (so the
    consultant can list the links again); only its SHA-256 is stored."""

    __tablename__ = "campaign_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[str] = mapped_column(String(64))  # a new salt, a new token: the old link stops working
    kind: Mapped[str] = mapped_column(String(10))  # personal | open | visitor
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(300), default="")  # for the mail merge, when the invitation list had it
    phone: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    started_at: Mapped[dt.datetime | None] = mapped_column()  # the first answer
    completed_at: Mapped[dt.datetime | None] = mapped_column()  # submitted


class ConsultantText(Base):
    """The consultant's own findings or recommendations (Markdown subset) for the executive summary or a process;
    none stored: the report shows the generated text."""

    __tablename__ = "consultant_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(100))  # "summary" or a process id
    kind: Mapped[str] = mapped_column(String(20))  # findings | recommendations
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("assessment_id", "scope", "kind"),)


class TicketEvidence(Base):
    """Ticket data of one process imported for an assessment: what the file was, its KPIs and process mining, and
    its normalized rows (people pseudonymized) only when the consultant chose to keep them."""

    __tablename__ = "ticket_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    process: Mapped[str] = mapped_column(String(20))  # the ticket process: incident | problem | change | request
    name: Mapped[str] = mapped_column(String(300))  # the file's name as the consultant gave it
    source: Mapped[str] = mapped_column(String(20))  # servicenow | jira | generic | eventlog
    shape: Mapped[str] = mapped_column(String(10))  # tickets | events
    tickets: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)
    fields: Mapped[list[str]] = mapped_column(JSON)  # the canonical fields mapped
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)  # canonical field -> the file's column
    pseudonymized: Mapped[list[str]] = mapped_column(JSON)  # people fields hashed with the assessment's key
    dropped: Mapped[list[str]] = mapped_column(JSON)  # the file's columns not kept
    sha256: Mapped[str] = mapped_column(String(64), default="")  # the file's fingerprint, when the caller read it
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kpis: Mapped[list[Any]] = mapped_column(JSON)  # [{"kpi", "by", "group", "value", "tickets"}], as the CLI's JSON
    mining: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # None: the file has no activity or time
    rows: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed CSV of the normalized frame, if kept
    __table_args__ = (UniqueConstraint("assessment_id", "process"),)


class PseudonymKey(Base):
    """The key people's names are hashed with on every ticket import of an assessment: made once, never shown, so
    the same person gets the same pseudonym in every file of the assessment (and nowhere else)."""

    __tablename__ = "pseudonym_keys"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
