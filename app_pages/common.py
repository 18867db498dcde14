"""What every page shares: the language, the workspace, the open assessment, and its cached analysis.

Session state holds ids and UI state only (keys prefixed per page; the shared ones start with `app_`).
Everything the user enters is saved through the services at once, never kept only in the session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.sized_cache import SizedCache
from assessment.accounts.memberships import CAPABILITIES, names_hidden, role_on, visible_ids
from assessment.accounts.sessions import COOKIE, signed_in
from assessment.accounts.users import UserView
from assessment.analysis.analyse import Analysis, analyse_assessment
from assessment.exports.markdown_text import escape_markdown
from assessment.messages import label
from assessment.problems import InputError, Problem
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.text import Text
from assessment.workspace.core import Workspace, WorkspaceError, default_url, reason, unreachable
from assessment.workspace.queries import (
    AssessmentDetails,
    assessment_details,
    assessment_names,
    questionnaire_in_scope,
    revision_of,
    revisions_of,
)

LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}
LANG_KEY = "app_lang"
ASSESSMENT_KEY = "app_assessment"
USER_KEY = "app_user"  # the signed-in user of this run (a UserView), set by workbench.py on every run
VISIBLE_KEY = "app_visible"  # the ids of the assessments the user may see (None: every one, an administrator)
REFUSED_KEY = "app_refused"  # an assessment asked for (by ?a=) that the user may not open
ROLE_KEY = "app_role"  # (role on the open assessment, whether its names are hidden from the role), set every run
PENDING_KEY = "app_pending_saves"  # saves the database could not take, made again on the next run
UNREACHABLE_KEY = "app_unreachable"  # set by a callback that could not reach the database: why
UNSAVED_KEY = "app_unsaved"  # set by a callback whose change could not be saved nor kept
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


# --- language ---------------------------------------------------------------------------------------------------------


def lang() -> str:
    """The interface language: the session's choice, else the `lang` query parameter, else Chinese."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen not in LANGS:
        chosen = st.query_params.get("lang", "zh")
        chosen = chosen if chosen in LANGS else "zh"
        st.session_state[LANG_KEY] = chosen
    return chosen


def tr(en: str, zh: str) -> str:
    """The text in the interface language. Every user-facing text on a page goes through here (or `lab`).

    Not inside a `format_func`: Streamlit may call it outside the script run (AppTest does), where the
    session's language is unknown. Build a dict of option texts during the run and pass its `.get`.
    """
    return zh if lang() == "zh" else en


def md(value: object) -> str:
    """A text from data (a name, a questionnaire text, a comment, a file's content) for any Streamlit text that
    renders Markdown: captions, messages, labels, radio options, tabs. Markup characters are escaped, so the text
    shows as typed: no link, no image fetched by the viewer's browser, no HTML, no colour. Not for selectbox options
    or tables, which show plain text."""
    return escape_markdown(value)


def lab(key: str) -> str:
    """A shared table or column label of `assessment.messages.LABELS` in the interface language."""
    return label(key, lang())


def text(value: Text | None) -> str:
    """A bilingual questionnaire text in the interface language (falls back to the other one)."""
    return "" if value is None else value.get(lang())


def columns(frame: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The frame with its columns labelled for display: `names` first, then the shared labels."""
    names = names or {}
    return frame.rename(columns={column: names.get(column) or lab(column) for column in frame.columns})


_BROWSER_GUARDS = (Path(__file__).parent / "browser_guards.js").read_text(encoding="utf-8")


def guard_what_the_browser_shows() -> None:
    """The browser asks before a reload or a closed tab loses typed text, and runs the page again when its
    connection is renewed, so that what it shows reaches the server (browser_guards.js says how)."""
    st.html(f"<script>{_BROWSER_GUARDS}</script>", unsafe_allow_javascript=True)


FORWARDED = ("x-forwarded-for", "x-real-ip", "forwarded")


def browser_on_this_machine() -> bool:
    """Whether this browser runs on the server's own machine: a loopback connection that no proxy forwarded.

    Behind nginx every connection comes from loopback, with the visitor's address in a forwarding header.
    """
    address = st.context.ip_address
    try:
        loopback = address is None or ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
    headers = {name.lower() for name in (st.context.headers or {})}
    return loopback and not headers & set(FORWARDED)


# --- the workspace and the open assessment ----------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _workspace(url: str) -> Workspace:
    return Workspace(url)


def workspace() -> Workspace:
    """The workspace of MATURITYMAP_DATABASE_URL (or data/maturitymap.db), shared by every session."""
    return _workspace(default_url())


def session_cookie() -> str | None:
    """The sign-in cookie the browser sent when it opened this session (its websocket's request)."""
    return st.context.cookies.get(COOKIE)


def signed_in_user() -> UserView | None:
    """Who is signed in, checked on every run (workbench.py): a session ended in another tab, by a password change
    or by an administrator ends here at the next click. Kept in the session state for this run's pages."""
    found = signed_in(workspace(), session_cookie())
    st.session_state[USER_KEY] = found
    st.session_state[VISIBLE_KEY] = visible_ids(workspace(), found) if found is not None else set()
    return found


def visible(rows: list, id_of: Callable[[Any], int] = lambda row: row[0]) -> list:
    """The rows (assessments) the signed-in user may see: all for an administrator, else those they are a member of."""
    ids = st.session_state.get(VISIBLE_KEY, set())
    return list(rows) if ids is None else [row for row in rows if id_of(row) in ids]


def settle_role() -> None:
    """The signed-in user's role on the open assessment (and whether it hides names), for this run's pages."""
    opened = st.session_state.get(ASSESSMENT_KEY)
    found = role_on(workspace(), me(), opened) if opened is not None else None
    hidden = found == "consultant" and names_hidden(workspace(), opened)  # only consultants are ever hidden from
    st.session_state[ROLE_KEY] = (found, hidden)


def shown_respondents(names: list[str]) -> dict[str, str]:
    """How each respondent is shown to the signed-in user: by name, or, to whoever may not see names (a viewer, a
    consultant of an anonymous survey), as "Anonymous N", N their place in `names` (the assessment's list)."""
    if may("names"):
        return {name: name for name in names}
    return {name: tr(f"Anonymous {n}", f"匿名答卷人 {n}") for n, name in enumerate(names, start=1)}


def may(capability: str) -> bool:
    """Whether the signed-in user may do `capability` on the open assessment (memberships.CAPABILITIES)."""
    found, names_hidden = st.session_state.get(ROLE_KEY, (None, False))
    if found is None or capability not in CAPABILITIES[found]:
        return False
    return not (capability == "names" and names_hidden)


def may_see(assessment_id: int | None) -> bool:
    ids = st.session_state.get(VISIBLE_KEY, set())
    return assessment_id is not None and (ids is None or assessment_id in ids)


def me() -> UserView:
    """The signed-in user (workbench.py stops the run before any page when nobody is)."""
    return st.session_state[USER_KEY]


class SignedOut(Exception):
    """The session ended since the run's own check (a widget's callback runs before it): nothing is changed, and
    app_pages.errors shows the signed-out notice."""


def user() -> str:
    """The signed-in user's name, as the audit log records it: the session checked again, since a callback runs
    before the run's own check (SignedOut when it ended; the last known name when the database cannot be reached,
    for the answers kept until it can)."""
    try:
        found = signed_in(workspace(), session_cookie())
    except Exception as error:
        if not unreachable(error):
            raise
        found = st.session_state.get(USER_KEY)
    if found is None:
        raise SignedOut
    return found.name


def current_assessment_id() -> int | None:
    """The open assessment: the session's choice, else the `a` query parameter (so a reload keeps it)."""
    chosen = st.session_state.get(ASSESSMENT_KEY)
    if chosen is not None and not may_see(chosen):  # a membership revoked since: the assessment closes
        chosen = None
    if chosen is None:
        raw = st.query_params.get("a", "")
        chosen = int(raw) if raw.isdigit() else None
        if chosen is not None and not may_see(chosen):
            st.session_state[REFUSED_KEY] = chosen  # said once, whether it exists or not: nothing is revealed
            chosen = None
        if chosen is not None and revision_of(workspace(), chosen) is None:
            chosen = None
        if chosen is None:  # the newest assessment the user may see, so that a first visit shows something
            listed = visible(assessment_names(workspace()))
            chosen = listed[-1][0] if listed else None
        st.session_state[ASSESSMENT_KEY] = chosen
    return chosen


def open_assessment(assessment_id: int | None) -> None:
    """Make `assessment_id` the open assessment of this session."""
    st.session_state[ASSESSMENT_KEY] = assessment_id
    if assessment_id is None:
        st.query_params.pop("a", None)
    else:
        st.query_params["a"] = str(assessment_id)


def require_assessment() -> AssessmentDetails:
    """The open assessment's set-up; without one, a hint to the Assessments page and the page stops."""
    assessment_id = current_assessment_id()
    if assessment_id is not None:
        try:
            return assessment_details(workspace(), assessment_id)
        except WorkspaceError:
            open_assessment(None)
    st.info(tr("Open or create an assessment first.", "请先打开或新建一个评估。"))
    st.page_link("app_pages/assessments.py", label=tr("Assessments", "评估列表"), icon=":material/folder_open:")
    st.stop()
    raise AssertionError  # st.stop() raises


@st.cache_resource(show_spinner=False)
def _findings_kept() -> SizedCache:
    """The findings of each assessment's scoring revision, shared by every session (at most 1 GB of them)."""
    return SizedCache(max_bytes=1024 * 1024 * 1024, ttl=float("inf"))


@st.cache_resource(max_entries=16, show_spinner=False)
def _analysis(url: str, assessment_id: int, revision: int, scoring_revision: int, today: dt.date) -> Analysis:
    """The analysis of one revision: the assessment read once; its answers not at all when this scoring revision's
    findings are kept (a change of target, context or roadmap only re-plans)."""
    key = (url, assessment_id, scoring_revision)
    kept = _findings_kept().peek(key)
    found = analyse_assessment(_workspace(url), assessment_id, today=today, findings=kept)
    if kept is None:
        _findings_kept().get(key, lambda: found.findings)
    return found


def analysis(assessment_id: int) -> Analysis:
    """The whole analysis of the assessment, computed once per revision: a rerun never re-scores.

    The answers are read and scored once per scoring revision, so a change of target, context or roadmap
    only re-plans. The result is shared between sessions: pages must not change it (copy a frame first).
    """
    revisions = revisions_of(workspace(), assessment_id)
    if revisions is None:
        raise WorkspaceError([Problem("assessment_not_found", {"assessment": assessment_id})])
    return _analysis(default_url(), assessment_id, *revisions, dt.date.today())


def questionnaire(assessment_id: int) -> Questionnaire:
    """The assessment's questionnaire snapshot in scope (parsed once per assessment and scope)."""
    return questionnaire_in_scope(workspace(), assessment_id)


# --- input problems ---------------------------------------------------------------------------------------------------


def show_problems(error: InputError, limit: int = 200) -> None:
    """Every problem of a refused input, one per line, in the interface language."""
    problems = list(error.problems)
    shown = [md(problem.render(lang())) for problem in problems[:limit]]
    if len(problems) > limit:
        shown.append(tr(f"… and {len(problems) - limit} more", f"……另有 {len(problems) - limit} 个问题"))
    st.error("\n\n".join(shown), icon=":material/warning:")


def attempt(action: Callable[[], Any], success: str | None = None) -> Any:
    """Run a service call; show its problems (nothing was changed) or `success`. Returns its result or None."""
    try:
        result = action()
    except InputError as error:
        show_problems(error)
        return None
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def remember_problems(key: str, action: Callable[[], Any], success: str | None = None) -> Any:
    """For widget callbacks: run the call and keep its problems (or success) for the page to show on this run."""
    try:
        result = action()
    except InputError as error:
        st.session_state[key] = [md(problem.render(lang())) for problem in error.problems]
        return None
    except Exception as error:
        if not unreachable(error):
            raise
        st.session_state[UNREACHABLE_KEY], st.session_state[UNSAVED_KEY] = reason(error), True  # the page says so
        return None
    st.session_state[key] = []
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def show_remembered(key: str) -> None:
    """Show the problems a callback kept under `key` (once)."""
    problems = st.session_state.pop(key, None)
    if problems:
        st.error("\n\n".join(problems), icon=":material/warning:")


def listed(values) -> str:
    """Values as a list in a sentence or a cell: 事件管理、变更管理 in Chinese, Incident, Change in English."""
    return ("、" if lang() == "zh" else ", ").join(str(value) for value in values)


def has_cjk(value: str) -> bool:
    """Whether a text contains Chinese characters or full-width punctuation."""
    return bool(CJK.search(value))


# --- when the database cannot be reached ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingSave:
    """A save the database could not take, kept in the session to be made again: `service(workspace, *args, **kwargs)`.

    `problem_key` is where a refusal of the retried save is kept for its page to show (see `remember_problems`).
    """

    service: Callable[..., Any]
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    problem_key: str = ""


def save_now_or_later(
    state: MutableMapping, key: str, save: PendingSave, get_workspace: Callable[[], Workspace]
) -> Any:
    """Make a save now; if the database cannot be reached, keep it under `key` (replacing an older one) and return None.

    A save made now drops a kept one under the same key: it would bring back an older value when retried.
    Input problems are raised as usual.
    """
    pending = state.setdefault(PENDING_KEY, {})
    pending.pop(key, None)
    try:
        return save.service(get_workspace(), *save.args, **save.kwargs)
    except Exception as error:
        if not unreachable(error):
            raise
        pending[key] = save
        state[UNREACHABLE_KEY] = reason(error)
        return None


def retry_pending_saves(
    state: MutableMapping, get_workspace: Callable[[], Workspace]
) -> tuple[int, dict[str, list[Problem]]]:
    """Make the kept saves again, oldest first: returns how many were saved and the problems of refused ones by key.

    A refused save (e.g. its item left the scope meanwhile) is dropped. If the database still cannot be reached, the
    error is raised and that save and the ones after it stay kept.
    """
    pending = state.get(PENDING_KEY) or {}
    saved, refused = 0, {}
    for key in list(pending):
        save = pending[key]
        try:
            save.service(get_workspace(), *save.args, **save.kwargs)
            saved += 1
        except InputError as error:
            refused[save.problem_key] = list(error.problems)
        del pending[key]
    return saved, refused


def pending_count() -> int:
    """How many saves this session keeps until the database answers again."""
    return len(st.session_state.get(PENDING_KEY) or {})


def keep_if_unreachable(key: str, problem_key: str, service: Callable[..., Any], *args, **kwargs) -> Any:
    """For widget callbacks: `service(workspace(), *args, **kwargs)` now, or kept and retried on the next runs.

    Problems of refused input are kept under `problem_key` for the page to show, as `remember_problems` does.
    """
    save = PendingSave(service, args, kwargs, problem_key)
    return remember_problems(problem_key, lambda: save_now_or_later(st.session_state, key, save, workspace))


def _show_unreachable(why: str) -> None:
    kept, lost = pending_count(), st.session_state.pop(UNSAVED_KEY, False)
    parts = [
        tr(
            "The database cannot be reached: nothing can be read or saved right now.",
            "无法连接数据库：目前无法读取或保存任何内容。",
        )
    ]
    if kept:
        parts.append(
            tr(
                f"Your last answers ({kept}) are kept in this browser session and will be saved as soon as the "
                "database answers again: keep this page open.",
                f"您最近填写的 {kept} 个回答已保留在当前浏览器会话中，数据库恢复后将立即保存，请不要关闭此页面。",
            )
        )
    if lost:
        parts.append(
            tr(
                "Your last change could not be saved: enter it again once the database is back.",
                "您刚才的修改未能保存，数据库恢复后请重新填写。",
            )
        )
    parts.append(tr("What was saved before is safe in the database.", "此前已保存的内容仍完好地保存在数据库中。"))
    parts.append(tr("Press Try again when it is back.", "数据库恢复后请点击“重试”。"))
    st.error(" ".join(parts) if lang() == "en" else "".join(parts), icon=":material/cloud_off:")
    st.caption(tr(f"What the database driver said: {md(why)}", f"数据库驱动程序的提示：{md(why)}"))
    st.button(tr("Try again", "重试"), key="app_try_again", icon=":material/refresh:", type="primary")


@contextlib.contextmanager
def database_guard(banner: Any) -> Iterator[None]:
    """Run the page; if the database cannot be reached, say so in `banner` instead of a traceback, and stop.

    On entry, the saves kept while it could not be reached are made again (before the page reads anything), unless
    a callback of this very run has just found it unreachable.
    """
    try:
        just_failed = st.session_state.pop(UNREACHABLE_KEY, None)
        if just_failed is not None:
            with banner:
                _show_unreachable(just_failed)
            st.stop()
        if pending_count():
            saved, refused = retry_pending_saves(st.session_state, workspace)
            for problem_key, problems in refused.items():
                st.session_state[problem_key] = [problem.render(lang()) for problem in problems]
            if saved:
                st.toast(
                    tr(
                        f"The database is back: {saved} kept answers saved.",
                        f"数据库已恢复：已保存之前保留的 {saved} 个回答。",
                    ),
                    icon=":material/cloud_done:",
                )
        yield
    except Exception as error:
        if not unreachable(error):
            raise
        with banner:
            _show_unreachable(reason(error))
        st.stop()
