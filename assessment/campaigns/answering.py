"""What a campaign link opens: the respondent's own items (those of their role, in the campaign's processes), their
answers saved one by one as the interview and imports save them (method 'web survey', with the audit log), and the
final submit. The open link of an anonymous campaign first asks for a role and a unit, then gives the visitor a
link of their own (a new anonymous respondent).

A link that does not open (unknown, revoked, the campaign closed or not yet open) raises `Refused` with the reason,
for the page to say so; a link reveals nothing but its own respondent's items and answers.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import defer

from assessment.accounts.sessions import secret
from assessment.campaigns.service import METHOD, CampaignView, assessment_units, digest_of, new_link, view
from assessment.questionnaire.model import Item, Practice, Process, Questionnaire
from assessment.questionnaire.text import Text
from assessment.storage.tables import Answer, Assessment, Campaign, CampaignLink, Respondent, utcnow
from assessment.workspace.core import Workspace, audit, fail
from assessment.workspace.queries import answers_of
from assessment.workspace.recording import record_answer

TOKEN_LENGTH = 32
MAX_COMMENT = 2_000
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Refused(Exception):
    """The link does not open: `reason` is unknown, revoked, closed or not_open; `campaign` when known."""

    def __init__(self, reason: str, campaign: CampaignView | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.campaign = campaign


@dataclass(frozen=True)
class Visit:
    """A link that opened: whose it is and in which campaign."""

    link_id: int
    token_hash: str
    kind: str  # personal | open | visitor
    campaign: CampaignView
    respondent: str  # "" for the open link
    role: str
    unit: str
    started: bool
    completed: bool
    questionnaire: Questionnaire  # the assessment's snapshot in scope (parsed once by the workspace)

    @property
    def actor(self) -> str:
        """How the audit log names what the link records: the campaign, never a person's account."""
        return f"web survey · {self.campaign.name}"


def csrf_of(workspace: Workspace, visit: Visit) -> str:
    """The anti-forgery token of the link's forms: bound to this link alone."""
    digest = hmac.new(secret(workspace).encode(), f"maturitymap.campaign-form:{visit.token_hash}".encode(), "sha256")
    return digest.hexdigest()[:32]


def open_link(workspace: Workspace, token: str) -> Visit:
    """The link a token names, if it opens now; Refused otherwise."""
    if len(token) != TOKEN_LENGTH or not set(token) <= _TOKEN_CHARACTERS:
        raise Refused("unknown")
    with workspace.transaction() as session:
        found = session.execute(
            select(CampaignLink, Campaign, Respondent, Assessment)
            .join(Campaign, Campaign.id == CampaignLink.campaign_id)
            .join(Assessment, Assessment.id == Campaign.assessment_id)
            .outerjoin(Respondent, Respondent.id == CampaignLink.respondent_id)
            .where(CampaignLink.token_hash == digest_of(token))
            .options(defer(Assessment.questionnaire_snapshot))  # read only if the workspace has not parsed it yet
        ).first()
        if found is None:
            raise Refused("unknown")
        link, campaign, person, assessment = found
        shown = view(campaign)
        if link.revoked_at is not None:
            raise Refused("revoked", shown)
        now = utcnow()
        if not shown.is_open(now):
            raise Refused("not_open" if shown.closed_at is None and shown.opens_at > now else "closed", shown)
        return Visit(
            link_id=link.id,
            token_hash=link.token_hash,
            kind=link.kind,
            campaign=shown,
            respondent=person.name if person else "",
            role=person.role if person else "",
            unit=person.unit if person else "",
            started=link.started_at is not None,
            completed=link.completed_at is not None,
            questionnaire=workspace.questionnaire_of(assessment),
        )


PRACTICES = Text(zh="各流程的共性实践", en="Practices of every process")  # the same words as the Interview page's


@dataclass(frozen=True)
class PracticesPart:
    """The first page of a survey whose processes share practices: a row per practice, the processes' items of it
    as its cells (each answer saved as its process's item), so that a practice is asked once, not on every page."""

    rows: list[tuple[Practice, list[tuple[Process, Item]]]]
    id: str = "_practices"
    name: Text = PRACTICES


def questions(workspace: Workspace, visit: Visit) -> list[tuple[Process | PracticesPart, list[Item]]]:
    """The scored items the link's respondent answers, by process, in the questionnaire's order: those whose roles
    include the respondent's role (every item when the item, the questionnaire or the respondent names no role).
    Practices shared by two or more of these processes come first, on a page of their own, and only there."""
    questionnaire = visit.questionnaire
    role_filter = bool(questionnaire.roles) and bool(visit.role)
    asked = []
    for process in questionnaire.processes:
        if process.id not in visit.campaign.processes:
            continue
        items = [
            item
            for item in process.items
            if item.is_scored and (not role_filter or not item.roles or visit.role in item.roles)
        ]
        if items:
            asked.append((process, items))
    pairs = ((process, item) for process, items in asked for item in items)
    rows = [(practice, cells) for practice, cells in questionnaire.practice_rows(pairs) if len(cells) >= 2]
    if not rows:
        return asked
    in_rows = {item.id for _, cells in rows for _, item in cells}
    by_process = [(process, [item for item in items if item.id not in in_rows]) for process, items in asked]
    grid = PracticesPart(rows)
    return [(grid, [item for _, cells in rows for _, item in cells]), *[part for part in by_process if part[1]]]


def roles_and_units(workspace: Workspace, visit: Visit) -> tuple[list, list[str]]:
    """What a visitor of the open link chooses from: the questionnaire's roles, the assessment's units."""
    assessment_id = visit.campaign.assessment_id
    with workspace.transaction() as session:
        units = [unit.name for unit in assessment_units(session, assessment_id)]
    return list(visit.questionnaire.roles), units


def saved_answers(workspace: Workspace, visit: Visit) -> dict[str, dict]:
    return answers_of(workspace, visit.campaign.assessment_id, visit.respondent) if visit.respondent else {}


def answered_items(workspace: Workspace, visit: Visit) -> set[str]:
    """The items the link's respondent has answered (an answer, not only a comment): the progress, cheaply."""
    if not visit.respondent:
        return set()
    with workspace.transaction() as session:
        return set(
            session.scalars(
                select(Answer.item_id)
                .join(Respondent, Respondent.id == Answer.respondent_id)
                .where(
                    Respondent.assessment_id == visit.campaign.assessment_id,
                    Respondent.name == visit.respondent,
                    Answer.answer != "",
                )
            )
        )


def save_answer(workspace: Workspace, visit: Visit, item_id: str, answer: str, comment: str = "") -> bool:
    """Save one answer of the link's respondent (an item of theirs only; a comment of 2,000 characters at most);
    returns whether anything changed. The link counts as started from its first answer."""
    if not visit.respondent:
        fail("item_not_asked", item=item_id[:100])
    if item_id not in {item.id for _, items in questions(workspace, visit) for item in items}:
        fail("item_not_asked", item=item_id[:100])
    changed = record_answer(
        workspace,
        visit.campaign.assessment_id,
        visit.respondent,
        item_id,
        answer,
        comment=comment.strip()[:MAX_COMMENT],
        evidence=None,  # what a consultant may have added stays
        actor=visit.actor,
    )
    if not visit.started:
        with workspace.transaction() as session:
            link = session.get(CampaignLink, visit.link_id)
            link.started_at = link.started_at or utcnow()
    return changed


def submit(workspace: Workspace, visit: Visit) -> None:
    """The respondent says they are done: the link counts as completed (they may still change answers until the
    campaign closes)."""
    with workspace.transaction() as session:
        link = session.get(CampaignLink, visit.link_id)
        if link.completed_at is None:
            link.completed_at = utcnow()
            link.started_at = link.started_at or link.completed_at
            audit(session, visit.campaign.assessment_id, visit.actor, "submit", "campaign link", visit.respondent)


def join(workspace: Workspace, visit: Visit, role: str, unit: str) -> str:
    """A visitor of an open link chose their role and unit: a new anonymous respondent with a link of their own;
    returns its token."""
    roles, units = roles_and_units(workspace, visit)
    if roles and role not in {found.id for found in roles}:
        fail("unknown_role", role=role[:100], allowed=", ".join(found.id for found in roles))
    if units and unit not in units:
        fail("unknown_unit", unit=unit[:200], allowed=", ".join(units))
    assessment_id = visit.campaign.assessment_id
    with workspace.transaction() as session:
        taken = set(session.scalars(select(Respondent.name).where(Respondent.assessment_id == assessment_id)))
        name = next(
            candidate for candidate in (f"web-{secrets.token_hex(4)}" for _ in range(100)) if candidate not in taken
        )
        person = Respondent(assessment_id=assessment_id, name=name, role=role, unit=unit, method=METHOD, anonymous=True)
        session.add(person)
        session.flush()
        link, token = new_link(workspace, visit.campaign.id, "visitor", respondent_id=person.id)
        session.add(link)
        audit(session, assessment_id, visit.actor, "create", "respondent", name, after={"role": role, "unit": unit})
        return token
