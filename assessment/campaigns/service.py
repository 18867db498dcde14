"""A campaign's life: create it, invite respondents (a personal link each) or open one link for an anonymous survey,
list the links again, revoke one, close, reopen or extend the campaign, and count who has answered.

A link's token is made from the deployment's secret (accounts.sessions.secret) and the link's own random salt:
HMAC-SHA256, 192 bits, URL-safe. The database keeps the salt and the token's SHA-256, so the consultant can list the
links again at any time, but a copy of the database alone cannot make one (when MATURITYMAP_SECRET_KEY is set; else
the secret is in the database's settings). Revoking a link gives it a new salt: the old token no longer opens it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.accounts.sessions import secret
from assessment.storage.tables import Assessment, Campaign, CampaignLink, Respondent, Setting, Unit, utcnow
from assessment.workspace.core import Workspace, audit, fail, get_assessment, snapshot

LANGUAGES = ("zh", "en")
ADDRESS_SETTING = "survey_address"  # the server's address as respondents reach it: the start of every link
LINK_PATH = "/s/"  # a link is LINK_PATH + token on the server's address
METHOD = "web survey"
CHINA = dt.timezone(dt.timedelta(hours=8))  # campaign days are China Standard Time days


def opening_time(day: dt.date | None) -> dt.datetime | None:
    """Answers are taken from the start of `day`; None: from now."""
    return dt.datetime.combine(day, dt.time(), CHINA) if day else None


def closing_time(day: dt.date | None) -> dt.datetime | None:
    """Answers are taken until the end of `day` (its midnight)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), CHINA) if day else None


def last_day(closes_at: dt.datetime) -> dt.date:
    """The last day answers are taken, for a campaign that closes at `closes_at` (closing_time's inverse)."""
    return (closes_at.astimezone(CHINA) - dt.timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class CampaignView:
    id: int
    assessment_id: int
    name: str
    languages: tuple[str, ...]
    processes: tuple[str, ...]
    anonymous: bool
    welcome: dict[str, str]
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or utcnow()
        if self.closed_at is not None or aware(self.opens_at) > moment:
            return False
        return self.closes_at is None or moment < aware(self.closes_at)


@dataclass(frozen=True)
class Invitee:
    """One line of an invitation list (or an assessment's respondent)."""

    respondent: str
    role: str = ""
    unit: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class LinkRow:
    """A link as the consultant lists it: whose, its address, and how far its respondent got."""

    respondent: str  # "" for the open link
    role: str
    unit: str
    email: str
    phone: str
    link: str
    status: str  # open link | revoked | invited | started | completed


def aware(moment: dt.datetime) -> dt.datetime:
    """A time read back from SQLite is naive: it was written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def view(campaign: Campaign) -> CampaignView:
    return CampaignView(
        id=campaign.id,
        assessment_id=campaign.assessment_id,
        name=campaign.name,
        languages=tuple(campaign.languages),
        processes=tuple(campaign.processes),
        anonymous=campaign.anonymous,
        welcome=dict(campaign.welcome or {}),
        opens_at=aware(campaign.opens_at),
        closes_at=aware(campaign.closes_at) if campaign.closes_at else None,
        closed_at=aware(campaign.closed_at) if campaign.closed_at else None,
    )


# --- tokens -----------------------------------------------------------------------------------------------------------


def token_of(workspace: Workspace, salt: str) -> str:
    digest = hmac.new(secret(workspace).encode(), f"maturitymap.campaign-link:{salt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode()[:32]  # 192 bits


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def salt_link(workspace: Workspace, link: CampaignLink) -> str:
    """Give the link a new salt, hence a new token (the old one opens nothing any more); returns the token."""
    link.salt = secrets.token_hex(16)
    token = token_of(workspace, link.salt)
    link.token_hash = digest_of(token)
    return token


def new_link(workspace: Workspace, campaign_id: int, kind: str, **fields) -> tuple[CampaignLink, str]:
    """A new link of the campaign (not yet added to a session) and its token."""
    link = CampaignLink(campaign_id=campaign_id, kind=kind, **fields)
    return link, salt_link(workspace, link)


# --- the campaign -----------------------------------------------------------------------------------------------------


def _bad_dates(opens: dt.datetime, closes: dt.datetime) -> None:
    fail("campaign_dates", opens=opens.isoformat(timespec="minutes"), closes=closes.isoformat(timespec="minutes"))


def _get(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        fail("campaign_not_found", campaign=campaign_id)
    return campaign


def create_campaign(
    workspace: Workspace,
    assessment_id: int,
    *,
    name: str,
    languages: Sequence[str] = LANGUAGES,
    processes: Sequence[str] | None = None,
    anonymous: bool = False,
    welcome: dict[str, str] | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    actor: str,
) -> int:
    """A new campaign on the assessment (its whole scope unless `processes` narrows it); returns its id. An
    anonymous campaign gets its open link at once."""
    name = name.strip()
    if not name or len(name) > 200:
        fail("empty_name", kind="campaign")
    languages = list(dict.fromkeys(languages))
    if not languages or any(language not in LANGUAGES for language in languages):
        fail("campaign_languages", value=", ".join(languages) or "—")
    opens_at = opens_at or utcnow()
    if closes_at is not None and closes_at <= opens_at:
        _bad_dates(opens_at, closes_at)
    welcome = {language: (welcome or {}).get(language, "").strip()[:4000] for language in LANGUAGES}
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        scope = list(assessment.processes)
        chosen = list(processes) if processes else scope
        for process in chosen:
            if process not in scope:
                fail("campaign_process", process=process, allowed=", ".join(scope))
        chosen = [process for process in scope if process in chosen]  # in the questionnaire's order
        if session.scalar(select(Campaign.id).where(Campaign.assessment_id == assessment_id, Campaign.name == name)):
            fail("campaign_exists", name=name)
        campaign = Campaign(
            assessment_id=assessment_id,
            name=name,
            languages=languages,
            processes=chosen,
            anonymous=anonymous,
            welcome=welcome,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=actor,
        )
        session.add(campaign)
        session.flush()
        if anonymous:
            link, _ = new_link(workspace, campaign.id, "open")
            session.add(link)
        after = {"languages": languages, "processes": chosen, "anonymous": anonymous}
        after |= {"closes_at": closes_at.isoformat() if closes_at else None}
        audit(session, assessment_id, actor, "create", "campaign", name, after=after)
        return campaign.id


def campaigns_of(workspace: Workspace, assessment_id: int) -> list[CampaignView]:
    with workspace.transaction() as session:
        found = session.scalars(select(Campaign).where(Campaign.assessment_id == assessment_id).order_by(Campaign.id))
        return [view(campaign) for campaign in found]


def campaign_view(workspace: Workspace, campaign_id: int) -> CampaignView:
    with workspace.transaction() as session:
        return view(_get(session, campaign_id))


def _change(workspace: Workspace, campaign_id: int, actor: str, what: str, **values) -> None:
    with workspace.transaction() as session:
        campaign = _get(session, campaign_id)
        before = {key: _shown(getattr(campaign, key)) for key in values}
        for key, value in values.items():
            setattr(campaign, key, value)
        after = {key: _shown(value) for key, value in values.items()}
        audit(session, campaign.assessment_id, actor, what, "campaign", campaign.name, before=before, after=after)


def _shown(value):
    return value.isoformat() if isinstance(value, dt.datetime) else value


def close_campaign(workspace: Workspace, campaign_id: int, *, actor: str) -> None:
    """Close now: every link shows that the survey is closed; what was answered stays."""
    _change(workspace, campaign_id, actor, "close", closed_at=utcnow())


def reopen_campaign(
    workspace: Workspace, campaign_id: int, *, closes_at: dt.datetime | None = None, actor: str
) -> None:
    """Open again (the links work again), until `closes_at` if given, else until closed by hand."""
    if closes_at is not None and closes_at <= utcnow():
        _bad_dates(utcnow(), closes_at)
    _change(workspace, campaign_id, actor, "reopen", closed_at=None, closes_at=closes_at)


def extend_campaign(workspace: Workspace, campaign_id: int, closes_at: dt.datetime, *, actor: str) -> None:
    """A later closing time (the campaign stays as it is otherwise)."""
    current = campaign_view(workspace, campaign_id)
    if closes_at <= max(current.opens_at, utcnow()):
        _bad_dates(current.opens_at, closes_at)
    _change(workspace, campaign_id, actor, "extend", closes_at=closes_at)


# --- invitations and links --------------------------------------------------------------------------------------------


def invite(workspace: Workspace, campaign_id: int, people: Iterable[Invitee] | None = None, *, actor: str) -> int:
    """A personal link for each person (added as a respondent of the assessment when new, method 'web survey'); for
    every respondent of the assessment without a link when `people` is None. Returns how many links were made; a
    person who has a link keeps it. All or nothing."""
    with workspace.transaction() as session:
        campaign = _get(session, campaign_id)
        if campaign.anonymous:
            fail("campaign_anonymous", campaign=campaign_id)
        assessment = session.get(Assessment, campaign.assessment_id)
        questionnaire = snapshot(assessment)
        roles = {role.id for role in questionnaire.roles}
        units = {unit.name for unit in assessment_units(session, assessment.id)}
        stored = {
            person.name: person
            for person in session.scalars(select(Respondent).where(Respondent.assessment_id == assessment.id))
        }
        linked = set(
            session.scalars(
                select(CampaignLink.respondent_id).where(
                    CampaignLink.campaign_id == campaign_id, CampaignLink.respondent_id.is_not(None)
                )
            )
        )
        if people is None:
            people = [Invitee(name, person.role, person.unit) for name, person in stored.items()]
        made = 0
        for invitee in people:
            person = stored.get(invitee.respondent)
            if person is None:
                if invitee.role and roles and invitee.role not in roles:
                    fail("unknown_role", role=invitee.role, allowed=", ".join(sorted(roles)))
                if invitee.unit and units and invitee.unit not in units:
                    fail("unknown_unit", unit=invitee.unit, allowed=", ".join(sorted(units)))
                person = Respondent(
                    assessment_id=assessment.id,
                    name=invitee.respondent,
                    role=invitee.role,
                    unit=invitee.unit,
                    method=METHOD,
                    anonymous=False,
                )
                session.add(person)
                session.flush()
                stored[person.name] = person
                audit(session, assessment.id, actor, "create", "respondent", person.name, after={"role": person.role})
            elif (invitee.role, invitee.unit) != (person.role, person.unit) and (invitee.role or invitee.unit):
                fail(
                    "invitee_differs",
                    respondent=invitee.respondent,
                    stored=f"{person.role or '—'} / {person.unit or '—'}",
                    given=f"{invitee.role or '—'} / {invitee.unit or '—'}",
                )
            if person.id in linked:
                continue
            link, _ = new_link(
                workspace, campaign_id, "personal", respondent_id=person.id, email=invitee.email, phone=invitee.phone
            )
            session.add(link)
            linked.add(person.id)
            made += 1
        audit(session, assessment.id, actor, "invite", "campaign link", campaign.name, after={"links": made})
        return made


def assessment_units(session: Session, assessment_id: int) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.assessment_id == assessment_id).order_by(Unit.id)))


def _status(link: CampaignLink) -> str:
    if link.kind == "open":
        return "open link"
    if link.revoked_at is not None:
        return "revoked"
    if link.completed_at is not None:
        return "completed"
    return "started" if link.started_at is not None else "invited"


def links_of(workspace: Workspace, campaign_id: int, base_url: str) -> list[LinkRow]:
    """Every link of the campaign, in the order made, with its address on `base_url` (the open link first, with no
    respondent). Visitors of the open link are not listed: their links are theirs alone."""
    base = base_url.rstrip("/")
    with workspace.transaction() as session:
        _get(session, campaign_id)
        rows = session.execute(
            select(CampaignLink, Respondent)
            .outerjoin(Respondent, Respondent.id == CampaignLink.respondent_id)
            .where(CampaignLink.campaign_id == campaign_id, CampaignLink.kind.in_(("open", "personal")))
            .order_by(CampaignLink.kind != "open", CampaignLink.id)
        ).all()
        return [
            LinkRow(
                respondent=person.name if person else "",
                role=person.role if person else "",
                unit=person.unit if person else "",
                email=link.email,
                phone=link.phone,
                link=f"{base}{LINK_PATH}{token_of(workspace, link.salt)}",
                status=_status(link),
            )
            for link, person in rows
        ]


def revoke_link(workspace: Workspace, campaign_id: int, respondent: str, *, actor: str) -> None:
    """The respondent's link stops working (a new salt: the old token opens nothing); `reissue_link` gives a new one."""
    _relink(workspace, campaign_id, respondent, actor, revoke=True)


def reissue_link(workspace: Workspace, campaign_id: int, respondent: str, *, actor: str) -> None:
    """A new link for the respondent (the old one stops working); their answers stay."""
    _relink(workspace, campaign_id, respondent, actor, revoke=False)


def _relink(workspace: Workspace, campaign_id: int, respondent: str, actor: str, revoke: bool) -> None:
    with workspace.transaction() as session:
        campaign = _get(session, campaign_id)
        link = session.scalar(
            select(CampaignLink)
            .join(Respondent, Respondent.id == CampaignLink.respondent_id)
            .where(CampaignLink.campaign_id == campaign_id, Respondent.name == respondent)
        )
        if link is None:
            fail("link_not_found", respondent=respondent, campaign=campaign_id)
        salt_link(workspace, link)
        link.revoked_at = utcnow() if revoke else None
        what = "revoke" if revoke else "reissue"
        audit(session, campaign.assessment_id, actor, what, "campaign link", f"{campaign.name}/{respondent}")


@dataclass(frozen=True)
class Progress:
    """One unit × role of a campaign: links handed out, and how many were started and completed."""

    unit: str
    role: str
    invited: int
    started: int
    completed: int


def progress_of(workspace: Workspace, campaign_id: int) -> tuple[list[Progress], list[LinkRow]]:
    """Invited / started / completed by unit × role (visitors of an open link count as invited when they joined),
    and the personal links not completed yet (the reminder list, without addresses: `links_of` has them)."""
    with workspace.transaction() as session:
        _get(session, campaign_id)
        rows = session.execute(
            select(CampaignLink, Respondent)
            .join(Respondent, Respondent.id == CampaignLink.respondent_id)
            .where(CampaignLink.campaign_id == campaign_id, CampaignLink.revoked_at.is_(None))
            .order_by(Respondent.unit, Respondent.role, Respondent.name)
        ).all()
    counts: dict[tuple[str, str], list[int]] = {}
    waiting = []
    for link, person in rows:
        count = counts.setdefault((person.unit, person.role), [0, 0, 0])
        count[0] += 1
        count[1] += link.started_at is not None
        count[2] += link.completed_at is not None
        if link.kind == "personal" and link.completed_at is None:
            waiting.append(LinkRow(person.name, person.role, person.unit, link.email, link.phone, "", _status(link)))
    table = [Progress(unit, role, *count) for (unit, role), count in counts.items()]
    return table, waiting


# --- the server's address -------------------------------------------------------------------------------------------

_ADDRESS = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*)?")


def public_address(workspace: Workspace) -> str | None:
    """The address respondents reach the server at (set once by an administrator), if set."""
    with workspace.transaction() as session:
        found = session.get(Setting, ADDRESS_SETTING)
        return str(found.value) if found is not None else None


def set_public_address(workspace: Workspace, address: str, *, actor: str) -> str:
    """Keep the address respondents reach the server at: http(s)://host[:port][/path], nothing after the path."""
    address = address.strip().rstrip("/")
    if len(address) > 300 or not _ADDRESS.fullmatch(address):
        fail("survey_address", value=address[:100])
    with workspace.transaction() as session:
        found = session.get(Setting, ADDRESS_SETTING)
        before = found.value if found is not None else None
        if found is None:
            session.add(Setting(key=ADDRESS_SETTING, value=address, updated_by=actor))
        else:
            found.value, found.updated_by = address, actor
        audit(session, None, actor, "change", "setting", ADDRESS_SETTING, before=before, after=address)
    return address
