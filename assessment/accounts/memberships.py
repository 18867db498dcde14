"""Who may do what on an assessment: its members and their roles, and the capabilities each role grants.

Roles on an assessment: `lead` (everything, including its members and its deletion), `consultant` (collect,
analyse, report), `viewer` (the steering group: results, consensus without names, roadmap, report; read-only).
An administrator may do everything everywhere. Respondents' names are for the lead and the consultants, unless
the assessment hides them (an anonymous survey): then for the lead only. Viewers never see them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from assessment.accounts.users import UserView, get, view
from assessment.storage.tables import Assessment, Membership, User
from assessment.workspace.core import Workspace, audit, fail, get_assessment

ROLES = ("lead", "consultant", "viewer")
ADMIN = "admin"  # not a membership: what an administrator is on every assessment

# What each role may do on its assessment.
CAPABILITIES: dict[str, frozenset[str]] = {
    "lead": frozenset({"see", "names", "collect", "analyse", "report", "members", "delete"}),
    "consultant": frozenset({"see", "names", "collect", "analyse", "report"}),
    "viewer": frozenset({"see", "report"}),
}
CAPABILITIES[ADMIN] = CAPABILITIES["lead"]


@dataclass(frozen=True)
class Member:
    user: UserView
    role: str


def role_on(workspace: Workspace, user: UserView | None, assessment_id: int) -> str | None:
    """The user's role on the assessment: 'admin' for an administrator, a membership's role, or None."""
    if user is None or not user.active:
        return None
    if user.is_admin:
        return ADMIN
    with workspace.transaction() as session:
        return session.scalar(
            select(Membership.role).where(Membership.assessment_id == assessment_id, Membership.user_id == user.id)
        )


def may(workspace: Workspace, user: UserView | None, assessment_id: int, capability: str) -> bool:
    """Whether the user may do `capability` on the assessment (see CAPABILITIES; 'names' also asks whether the
    assessment hides its respondents' names)."""
    role = role_on(workspace, user, assessment_id)
    if role is None or capability not in CAPABILITIES[role]:
        return False
    return not (capability == "names" and role == "consultant" and names_hidden(workspace, assessment_id))


def visible_ids(workspace: Workspace, user: UserView | None) -> set[int] | None:
    """The assessments the user may see: None for every one (an administrator), else their ids."""
    if user is None or not user.active:
        return set()
    if user.is_admin:
        return None
    with workspace.transaction() as session:
        return set(session.scalars(select(Membership.assessment_id).where(Membership.user_id == user.id)))


def members(workspace: Workspace, assessment_id: int) -> list[Member]:
    """The assessment's members and their roles (a WorkspaceError for an unknown assessment)."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        rows = session.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.assessment_id == assessment_id)
            .order_by(Membership.role, User.username)
        )
        return [Member(view(user), role) for user, role in rows]


def _leads(session, assessment_id: int) -> int:
    return session.scalar(
        select(func.count()).where(Membership.assessment_id == assessment_id, Membership.role == "lead")
    )


def grant(workspace: Workspace, assessment_id: int, username: str, role: str, *, actor: str) -> None:
    """Give the user a role on the assessment (replacing the one they had); the last lead stays lead."""
    if role not in ROLES:
        fail("must_be_one_of", value=role, allowed=list(ROLES))
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        user = get(session, username)
        found = session.get(Membership, (assessment_id, user.id))
        before = {"role": found.role} if found else None
        if found is not None and found.role == "lead" and role != "lead" and _leads(session, assessment_id) <= 1:
            fail("last_lead", user=user.username)
        if found is None:
            session.add(Membership(assessment_id=assessment_id, user_id=user.id, role=role, granted_by=actor))
        else:
            found.role = role
        audit(session, assessment_id, actor, "grant", "member", user.username, before, {"role": role})


def revoke(workspace: Workspace, assessment_id: int, username: str, *, actor: str) -> None:
    """Take the user off the assessment; the last lead cannot be taken off (make another lead first)."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        user = get(session, username)
        found = session.get(Membership, (assessment_id, user.id))
        if found is None:
            fail("not_a_member", user=user.username, assessment=assessment_id)
        if found.role == "lead" and _leads(session, assessment_id) <= 1:
            fail("last_lead", user=user.username)
        session.delete(found)
        audit(session, assessment_id, actor, "revoke", "member", user.username, {"role": found.role}, None)


def names_hidden(workspace: Workspace, assessment_id: int) -> bool:
    """Whether the assessment hides respondents' names from its consultants (an anonymous survey)."""
    with workspace.transaction() as session:
        return bool(session.scalar(select(Assessment.names_hidden).where(Assessment.id == assessment_id)))


def set_names_hidden(workspace: Workspace, assessment_id: int, hidden: bool, *, actor: str) -> None:
    """An anonymous survey: respondents' names hidden from consultants too (viewers never see them)."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        before = assessment.names_hidden
        assessment.names_hidden = hidden
        audit(session, assessment_id, actor, "change", "setting", "names_hidden", before, hidden)
