"""The respondent's pages: plain HTML from the same server, on Starlette routes mounted through `st.App(routes=…)`.

    GET  /s/TOKEN            the link's overview (its processes and progress), or the open link's role and unit
    POST /s/TOKEN/join       the open link: role and unit chosen, a link of the visitor's own
    GET  /s/TOKEN/N          the link's N-th process: its items, the scale's answers, "don't know", "not applicable"
    POST /s/TOKEN/N          the page's answers at once (without JavaScript), then the next process
    POST /s/TOKEN/answer     one answer, as soon as it is chosen (a `fetch` from the page; the page counts the progress)
    POST /s/TOKEN/submit     the respondent is done; GET /s/TOKEN/thanks says thank you
    GET  /s/_/survey.css|js  the one style sheet and the few lines of script

Outside the sign-in (the link is the respondent's key), so the pages show nothing but the link's own respondent's
items and answers. Every POST carries the link's anti-forgery token; bodies are bounded; requests are counted per
link and per address (in each replica's memory) and slowed down past the limits; a link that does not open gets a
page that says why, in both languages.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from assessment.accounts.web import client_address, workspace
from assessment.campaigns import answering
from assessment.campaigns.answering import Refused, Visit
from assessment.campaigns.texts import REFUSALS, TEXT
from assessment.questionnaire.model import UNSCORED_ANSWERS
from assessment.workspace.core import WorkspaceError

PREFIX = "/s/"
MAX_ANSWER_BYTES = 8_192  # one answer and its comment
MAX_PAGE_BYTES = 262_144  # a whole page of answers and comments
# requests per window (seconds): a person on one link; an address (a whole company behind one NAT, a workshop of
# hundreds answering at once, stays under it; a flood from one machine does not)
LIMITS = {"link": (120, 60.0), "address": (30_000, 60.0)}
ASSETS = Path(__file__).parent / "assets"
# the status of each refusal's page (texts.REFUSALS says why, in both languages)
STATUS = {"unknown": 404, "revoked": 410, "closed": 410, "not_open": 403, "busy": 429, "too_large": 413, "forged": 403}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the address: never sent on
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
)


class _Counter:
    """Requests per key in a sliding window, in memory, bounded in keys."""

    def __init__(self, limit: int, window: float, keys: int = 100_000) -> None:
        self.limit, self.window, self.keys = limit, window, keys
        self._seen: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        moment = time.monotonic()
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                if len(self._seen) >= self.keys:
                    self._seen.pop(next(iter(self._seen)))
                seen = self._seen[key] = deque()
            while seen and moment - seen[0] > self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(moment)
            return True


_counters = {kind: _Counter(*limit) for kind, limit in LIMITS.items()}


def _say(key: str, lang: str, **params) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def _both(key: str) -> list[str]:
    zh, en = REFUSALS[key][1], REFUSALS[key][0]
    return [zh, en]


def _html(template: str, status: int = 200, **values) -> HTMLResponse:
    html = _templates.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def _refused(reason: str) -> HTMLResponse:
    """A page saying, in both languages, why the link does not open or the request was refused."""
    messages = _both(reason)
    return _html("refused.html", STATUS[reason], lang="zh", title="MaturityMap", other_language=None, messages=messages)


def _refused_json(reason: str) -> JSONResponse:
    """The same, to an answer sent by the page's script."""
    return JSONResponse({"saved": False, "problems": _both(reason)}, status_code=STATUS[reason])


def _within_limits(request: Request, token: str) -> bool:
    """One more request of this address and this link, if both are under their limits."""
    return _counters["address"].allow(client_address(request)) and _counters["link"].allow(token)


def _token_matches(form: dict[str, str], visit: Visit) -> bool:
    return secrets.compare_digest(form.get("csrf", ""), answering.csrf_of(workspace(), visit))


def _lang(request: Request, visit: Visit, form: dict | None = None) -> str:
    chosen = (form or {}).get("lang") or request.query_params.get("lang", "")
    offered = visit.campaign.languages
    return chosen if chosen in offered else offered[0]


def _base(request: Request, visit: Visit, lang: str) -> dict:
    """What every page of a link shows: the campaign's title, and the other language when both are offered."""
    other = next((language for language in visit.campaign.languages if language != lang), None)
    href = f"{request.url.path}?{urlencode({'lang': other})}" if other else ""
    return {
        "lang": lang,
        "title": visit.campaign.name,
        "t": {key: _say(key, lang) for key in TEXT if "{" not in TEXT[key][0]},
        "other_language": {"href": href, "lang": other, "text": _say("language", other)} if other else None,
    }


async def _visit(request: Request) -> Visit | Response:
    """The link the address names, counted against the limits; a page saying why when it does not open."""
    token = request.path_params["token"]
    if not _within_limits(request, token):
        return _refused("busy")
    try:
        return await run_in_threadpool(answering.open_link, workspace(), token)
    except Refused as refused:
        return _refused(refused.reason)


async def _form(request: Request, limit: int) -> dict[str, str] | None:
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > limit:
        return None
    body = await request.body()
    if len(body) > limit:
        return None
    form = await request.form(max_files=0, max_fields=1_000)
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _checked_form(request: Request, visit: Visit, limit: int) -> dict[str, str] | Response:
    """The posted form, if within its size and carrying this link's anti-forgery token."""
    form = await _form(request, limit)
    if form is None:
        return _refused("too_large")
    if not _token_matches(form, visit):
        return _refused("forged")
    return form


def _parts(visit: Visit) -> list:
    return answering.questions(workspace(), visit)


def _counts(parts: list, answered: set[str]) -> tuple[int, int]:
    items = [item.id for _, items in parts for item in items]
    return sum(1 for item in items if item in answered), len(items)


def _answered(saved: dict) -> set[str]:
    return {item for item, kept in saved.items() if kept.get("answer")}


def _progress_text(lang: str, answered: int, total: int) -> str:
    return _say("progress", lang, answered=answered, total=total)


async def link(request: Request) -> Response:
    """GET /s/TOKEN: the overview, or the open link's choice of role and unit."""
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    lang = _lang(request, visit)
    if visit.kind == "open":
        return await run_in_threadpool(_join_page, request, visit, lang, [])
    return await run_in_threadpool(_overview, request, visit, lang)


def _overview(request: Request, visit: Visit, lang: str) -> Response:
    parts = _parts(visit)
    saved = answering.saved_answers(workspace(), visit)
    answered, total = _counts(parts, _answered(saved))
    base = f"{PREFIX}{request.path_params['token']}"
    rows = []
    first_open = None
    for index, (process, items) in enumerate(parts, start=1):
        done = sum(1 for item in items if saved.get(item.id, {}).get("answer"))
        if first_open is None and done < len(items):
            first_open = index
        href = f"{base}/{index}?{urlencode({'lang': lang})}"
        rows.append({"name": process.name.get(lang), "progress": f"{done}/{len(items)}", "href": href})
    start = first_open or 1
    who = _say("who", lang, role=_role_label(visit, lang), unit=visit.unit or "—")
    return _html(
        "overview.html",
        **_base(request, visit, lang),
        welcome=visit.campaign.welcome.get(lang, ""),
        who=who,
        completed=visit.completed,
        answered=answered,
        total=total,
        progress=_progress_text(lang, answered, total),
        parts=rows,
        start={
            "href": f"{base}/{start}?{urlencode({'lang': lang})}",
            "text": _say("continue" if answered else "start", lang),
        },
        submit_url=f"{base}/submit",
        csrf=answering.csrf_of(workspace(), visit),
    )


def _role_label(visit: Visit, lang: str) -> str:
    roles = visit.questionnaire.roles  # no query: the link's questionnaire is parsed already
    return next((role.label.get(lang) for role in roles if role.id == visit.role), visit.role or "—")


def _join_page(request: Request, visit: Visit, lang: str, problems: list[str], status: int = 200) -> Response:
    roles, units = answering.roles_and_units(workspace(), visit)
    return _html(
        "join.html",
        status,
        **_base(request, visit, lang),
        welcome=visit.campaign.welcome.get(lang, ""),
        problems=problems,
        action=f"{PREFIX}{request.path_params['token']}/join",
        csrf=answering.csrf_of(workspace(), visit),
        roles=[(role.id, role.label.get(lang)) for role in roles],
        units=units,
    )


async def join(request: Request) -> Response:
    """POST /s/TOKEN/join: the open link's visitor chose a role and a unit; off to a link of their own."""
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    if visit.kind != "open":
        return _refused("unknown")
    form = await _checked_form(request, visit, MAX_ANSWER_BYTES)
    if isinstance(form, Response):
        return form
    lang = _lang(request, visit, form)
    try:
        token = await run_in_threadpool(answering.join, workspace(), visit, form.get("role", ""), form.get("unit", ""))
    except WorkspaceError as error:
        problems = [problem.render(lang) for problem in error.problems]
        return await run_in_threadpool(_join_page, request, visit, lang, problems, 400)
    return RedirectResponse(f"{PREFIX}{token}?{urlencode({'lang': lang})}", status_code=303)


def _options(scales: dict, item, lang: str) -> list[dict]:
    options = [
        {
            "key": option.key,
            "label": f"{option.key} · {option.label.get(lang)}",
            "description": option.description.get(lang) if option.description else "",
        }
        for option in scales[item.scale_id]
    ]
    return options + [{"key": key, "label": _say(key, lang), "description": ""} for key in UNSCORED_ANSWERS]


def _process_page(request: Request, visit: Visit, lang: str, index: int, problems: list[str], status: int = 200):
    parts = _parts(visit)
    if not 1 <= index <= len(parts):
        return _refused("unknown")
    process, items = parts[index - 1]
    saved = answering.saved_answers(workspace(), visit)
    answered, total = _counts(parts, _answered(saved))
    scales = visit.questionnaire.all_scales()
    base = f"{PREFIX}{request.path_params['token']}"

    def shown(item) -> dict:
        return {
            "id": item.id,
            "text": item.text.get(lang),
            "guidance": item.guidance.get(lang) if item.guidance else "",
            "options": _options(scales, item, lang),
            "answer": saved.get(item.id, {}).get("answer", ""),
            "comment": saved.get(item.id, {}).get("comment", ""),
        }

    grid = isinstance(process, answering.PracticesPart)
    rows = [
        {
            "label": practice.label.get(lang),
            "description": practice.description.get(lang) if practice.description else "",
            "cells": [shown(item) | {"process": owner.name.get(lang)} for owner, item in cells],
        }
        for practice, cells in (process.rows if grid else [])
    ]
    page = _base(request, visit, lang)
    page["t"]["part"] = _say("part", lang, index=index, count=len(parts), name=process.name.get(lang))
    return _html(
        "practices.html" if grid else "process.html",
        status,
        rows=rows,
        scale=rows[0]["cells"][0]["options"] if rows else [],
        **page,
        answered=answered,
        total=total,
        progress=_progress_text(lang, answered, total),
        progress_template=TEXT["progress"][1 if lang == "zh" else 0],
        problems=problems,
        items=[] if grid else [shown(item) for item in items],
        action=f"{base}/{index}",
        answer_url=f"{base}/answer",
        csrf=answering.csrf_of(workspace(), visit),
        previous=f"{base}/{index - 1}?{urlencode({'lang': lang})}" if index > 1 else f"{base}?lang={lang}",
        has_next=index < len(parts),
    )


async def process_page(request: Request) -> Response:
    """GET /s/TOKEN/N: one process; POST: its answers at once, then the next process (the page without script)."""
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    if visit.kind == "open":
        return _refused("unknown")
    index = request.path_params["index"]
    if request.method == "GET":
        return await run_in_threadpool(_process_page, request, visit, _lang(request, visit), index, [])
    form = await _checked_form(request, visit, MAX_PAGE_BYTES)
    if isinstance(form, Response):
        return form
    lang = _lang(request, visit, form)
    problems = await run_in_threadpool(_save_page, visit, form, lang)
    if problems:
        return await run_in_threadpool(_process_page, request, visit, lang, index, problems, 400)
    count = len(await run_in_threadpool(_parts, visit))
    base = f"{PREFIX}{request.path_params['token']}"
    target = f"{base}/{index + 1}" if index < count else base
    return RedirectResponse(f"{target}?{urlencode({'lang': lang})}", status_code=303)


def _save_page(visit: Visit, form: dict[str, str], lang: str) -> list[str]:
    problems = []
    saved = answering.saved_answers(workspace(), visit)
    for key, answer in form.items():
        if not key.startswith("answer-"):
            continue
        item = key.removeprefix("answer-")
        comment = form.get(f"comment-{item}", "")
        if saved.get(item, {}).get("answer") == answer and saved.get(item, {}).get("comment", "") == comment.strip():
            continue
        try:
            answering.save_answer(workspace(), visit, item, answer, comment)
        except WorkspaceError as error:
            problems += [problem.render(lang) for problem in error.problems]
    return problems


async def answer(request: Request) -> Response:
    """POST /s/TOKEN/answer: one answer (and its comment), saved at once; the progress in return. The form is read
    first; then the link is opened, the form's token checked and the answer saved in one trip to a worker thread."""
    token = request.path_params["token"]
    if not _within_limits(request, token):
        return _refused_json("busy")
    form = await _form(request, MAX_ANSWER_BYTES)
    if form is None:
        return _refused_json("too_large")

    def save() -> Response:
        try:
            visit = answering.open_link(workspace(), token)
        except Refused as refused:
            return _refused_json(refused.reason)
        if not _token_matches(form, visit):
            return _refused_json("forged")
        lang = _lang(request, visit, form)
        try:
            answering.save_answer(
                workspace(), visit, form.get("item", ""), form.get("answer", ""), form.get("comment", "")
            )
        except WorkspaceError as error:
            problems = [problem.render(lang) for problem in error.problems]
            return JSONResponse({"saved": False, "problems": problems}, status_code=400)
        return JSONResponse({"saved": True}, headers={"Cache-Control": "no-store"})  # the page counts its progress

    return await run_in_threadpool(save)


async def submit(request: Request) -> Response:
    """POST /s/TOKEN/submit: the response is complete."""
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    if visit.kind == "open":
        return _refused("unknown")
    form = await _checked_form(request, visit, MAX_ANSWER_BYTES)
    if isinstance(form, Response):
        return form
    await run_in_threadpool(answering.submit, workspace(), visit)
    lang = _lang(request, visit, form)
    return RedirectResponse(f"{PREFIX}{request.path_params['token']}/thanks?lang={lang}", status_code=303)


async def thanks(request: Request) -> Response:
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    lang = _lang(request, visit)
    back = f"{PREFIX}{request.path_params['token']}?lang={lang}"
    return _html("thanks.html", **_base(request, visit, lang), back=back)


async def ping(request: Request) -> Response:
    """The respondent's server is up: the floor of the survey load benchmark (the same server, nothing else)."""
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ("survey.css", "survey.js"):
        return Response(status_code=404)
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response((ASSETS / name).read_bytes(), media_type=f"{kind}; charset=utf-8", headers=headers)


ROUTES = [
    Route("/s/_/ping", ping, methods=["GET"]),
    Route("/s/_/{name}", asset, methods=["GET"]),
    Route("/s/{token}", link, methods=["GET"]),
    Route("/s/{token}/join", join, methods=["POST"]),
    Route("/s/{token}/answer", answer, methods=["POST"]),
    Route("/s/{token}/submit", submit, methods=["POST"]),
    Route("/s/{token}/thanks", thanks, methods=["GET"]),
    Route("/s/{token}/{index:int}", process_page, methods=["GET", "POST"]),
]
