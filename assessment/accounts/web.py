"""The sign-in in front of the app: plain HTML pages on Starlette routes, and a gate before every other path.

`app.py` mounts `ROUTES` and `SignInGate` into Streamlit's own ASGI app (`st.App(routes=…, middleware=…)`):

- `GET/POST /signin`: the sign-in form; one message for every failed sign-in; the throttle's wait when it asks
  for one. On success a session cookie (HttpOnly, SameSite=Lax, Secure when served over HTTPS, expiring with the
  session) and a redirect to the page first asked for, or to the password form when a one-time password was used.
- `GET/POST /account/password`: change one's own password (signs out every other browser).
- `GET /signout`: ends the session, for every tab that shares the cookie.
- `GET /signin/sso` and `GET /signin/sso/callback`: single sign-on through the organisation's OpenID Connect
  provider, when one is configured (`single_sign_on`): the sign-in page then offers a button for it.
- the gate: anything else — the workbench's pages, its websocket, uploads, media, the metrics — needs a signed-in
  session; a page is redirected to the sign-in, anything else refused. Public: the sign-in pages, the health check
  and the frontend's static files (no client data in them).

Forms carry a token that must match a cookie (double submit), so another site cannot post them.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from assessment.accounts import sessions, single_sign_on, users
from assessment.problems import Lang
from assessment.workspace.core import Workspace, WorkspaceError

CSRF_COOKIE = "maturitymap_csrf"
SSO_START, SSO_COOKIE, SSO_LIFETIME = "/signin/sso", "maturitymap_sso", 600  # 10 minutes at the provider at most
PUBLIC_PATHS = frozenset(
    {"/signin", SSO_START, single_sign_on.CALLBACK, "/signout", "/_stcore/health", "/favicon.png", "/favicon.ico"}
)
PUBLIC_PREFIXES = ("/static/", "/s/")  # the frontend's files; the survey links (each its own key)
NOT_PAGES = ("/_stcore/", "/media/", "/component/", "/app/static/")  # refused, never redirected to the sign-in
MAX_FORM_BYTES = 4_096
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}

TEXT: dict[str, tuple[str, str]] = {
    "signin_title": ("Sign in", "登录"),
    "signin_lead": ("MaturityMap — ITSM process maturity assessment", "MaturityMap — IT 服务管理流程成熟度评估"),
    "username": ("User name", "用户名"),
    "password": ("Password", "密码"),
    "signin": ("Sign in", "登录"),
    "wrong": ("The user name or the password is wrong.", "用户名或密码不正确。"),
    "wait": (
        "Too many failed sign-ins. Try again in {seconds} seconds.",
        "登录失败次数过多，请在 {seconds} 秒后重试。",
    ),
    "expired_form": (
        "The form had expired; please try again.",
        "表单已过期，请重试。",
    ),
    "signed_out": ("You are signed out.", "您已退出登录。"),
    "password_title": ("Change your password", "修改密码"),
    "password_lead": (
        "At least 10 characters; a sentence is easy to remember and hard to guess.",
        "至少 10 个字符；一句话既好记又难猜。",
    ),
    "must_change": (
        "You signed in with a one-time password: choose your own to go on.",
        "您使用的是一次性密码，请先设置自己的密码再继续。",
    ),
    "current": ("Current password", "当前密码"),
    "new": ("New password", "新密码"),
    "repeat": ("New password again", "再次输入新密码"),
    "change": ("Change the password", "修改密码"),
    "differ": ("The two new passwords differ.", "两次输入的新密码不一致。"),
    "too_large": ("The form is too large.", "表单过大。"),
    "refused": ("Sign in first.", "请先登录。"),
    "sso_button": ("Sign in with {label}", "使用{label}登录"),
    "sso_or": ("or", "或"),
    "sso_unavailable": (
        "Single sign-on is not available at the moment. Sign in with your password, or ask an administrator.",
        "单点登录暂不可用。请用密码登录，或联系管理员。",
    ),
    "sso_expired": (
        "The single sign-on took too long or was not started from this page. Try again.",
        "单点登录超时，或不是从本页开始的。请重试。",
    ),
    "sso_refused": ("The identity provider did not sign you in.", "身份提供方未让您登录。"),
    "sso_failed": (
        "Single sign-on could not confirm who you are. Try again, or ask an administrator.",
        "单点登录无法确认您的身份。请重试，或联系管理员。",
    ),
    "sso_no_account": (
        "No active MaturityMap account has the e-mail address {email}. Ask an administrator to add it to your account.",
        "没有登记电子邮件地址 {email} 的有效 MaturityMap 账户。请联系管理员在您的账户中登记该地址。",
    ),
    "other_language": ("中文", "English"),
}


def say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
)
_lock = threading.Lock()
_workspace: Workspace | None = None
_log = logging.getLogger(__name__)


def workspace() -> Workspace:
    """The process's workspace for the sign-in (the default database), opened on first use."""
    global _workspace
    with _lock:
        if _workspace is None:
            _workspace = Workspace()
        return _workspace


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    autocomplete: str
    value: str = ""
    hint: str = ""


def language(request: HTTPConnection, form: dict | None = None) -> Lang:
    """?lang= (or the form's), else the browser's first preference: English if it asks for English, else Chinese."""
    chosen = (form or {}).get("lang") or request.query_params.get("lang", "")
    if chosen in ("zh", "en"):
        return chosen  # type: ignore[return-value]
    first = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site, never the sign-in pages)."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\", "/signin", "/signout", "/account/"))
        or len(value) > 1_000
        or any(ch in value for ch in "\r\n\t")
    ):
        return "/"
    return value


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _page(
    request: Request,
    lang: Lang,
    *,
    title: str,
    lead: str,
    action: str,
    fields: list[Field],
    submit: str,
    messages: list[tuple[str, str]],
    next_path: str,
    status: int = 200,
    links: list[dict[str, str]] | None = None,
) -> HTMLResponse:
    """A form page with a fresh anti-forgery token, set as a cookie too; `links`: other ways in (single sign-on)."""
    token = secrets.token_urlsafe(24)
    other: Lang = "en" if lang == "zh" else "zh"
    html = _templates.get_template("account.html").render(
        lang=lang,
        title=title,
        lead=lead,
        messages=messages,
        action=action,
        csrf=token,
        next=next_path,
        fields=fields,
        submit=submit,
        links=links or [],
        or_text=say("sso_or", lang),
        other_language={
            "href": f"{action}?{urlencode({'lang': other, 'next': next_path})}",
            "text": say("other_language", lang),
        },
    )
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/")
    return response


async def _form(request: Request) -> dict[str, str] | None:
    """The posted form, or None when it is larger than a sign-in form can be."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        return None
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    form = await request.form(max_files=0, max_fields=10)
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _token_matches(request: Request, form: dict[str, str]) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and secrets.compare_digest(cookie, form.get("csrf", ""))


def _signin_page(request: Request, lang: Lang, next_path: str, messages, status: int = 200, username: str = ""):
    fields = [
        Field("username", say("username", lang), "text", "username", value=username),
        Field("password", say("password", lang), "password", "current-password"),
    ]
    return _page(
        request,
        lang,
        title=say("signin_title", lang),
        lead=say("signin_lead", lang),
        action="/signin",
        fields=fields,
        submit=say("signin", lang),
        messages=messages,
        next_path=next_path,
        status=status,
        links=_sso_links(lang, next_path),
    )


def _sso_links(lang: Lang, next_path: str) -> list[dict[str, str]]:
    """A button per configured provider (none when a settings file is wrong: the log says why)."""
    try:
        found = single_sign_on.providers()
    except single_sign_on.SingleSignOnError as error:
        _log.error("single sign-on is off: %s", error)
        return []
    return [
        {
            "href": f"{SSO_START}?{urlencode({'provider': provider.key, 'next': next_path, 'lang': lang})}",
            "text": say("sso_button", lang, label=provider.label),
        }
        for provider in found
    ]


def _sso_state(workspace: Workspace) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(sessions.secret(workspace), salt="maturitymap.single-sign-on")


def _sso_refused(request: Request, lang: Lang, next_path: str, key: str, status: int, **params) -> Response:
    response = _signin_page(request, lang, next_path, [("error", say(key, lang, **params))], status)
    response.delete_cookie(SSO_COOKIE, path=SSO_START, httponly=True, samesite="lax", secure=_secure(request))
    return response


async def sso_start(request: Request) -> Response:
    """Send the browser to the provider's sign-in; what must come back is kept in a signed cookie for 10 minutes."""
    lang, next_path = language(request), safe_next(request.query_params.get("next"))
    try:
        found = {provider.key: provider for provider in single_sign_on.providers()}
        provider = found.get(request.query_params.get("provider", "default"))
        if provider is None:
            return _sso_refused(request, lang, next_path, "sso_unavailable", 404)
        own = str(request.base_url).rstrip("/") + single_sign_on.CALLBACK
        asked = await run_in_threadpool(single_sign_on.authorization_request, provider, own)
    except single_sign_on.SingleSignOnError as error:
        _log.error("single sign-on: %s", error)
        return _sso_refused(request, lang, next_path, "sso_unavailable", 502)
    kept = {"provider": provider.key, "next": next_path, "lang": lang, **vars(asked)}
    response = RedirectResponse(asked.url, status_code=303)
    response.set_cookie(
        SSO_COOKIE,
        _sso_state(workspace()).dumps(kept),
        max_age=SSO_LIFETIME,
        httponly=True,
        samesite="lax",  # the provider sends the browser back by a top-level GET from its own site
        secure=_secure(request),
        path=SSO_START,
    )
    return response


async def sso_callback(request: Request) -> Response:
    """The provider sends the browser back: check the state, exchange the code, verify the ID token, find the
    account by its e-mail address, open a session."""
    try:
        kept = _sso_state(workspace()).loads(request.cookies.get(SSO_COOKIE, ""), max_age=SSO_LIFETIME)
    except BadSignature:
        return _sso_refused(request, language(request), "/", "sso_expired", 400)
    lang, next_path = kept["lang"], safe_next(kept["next"])
    if request.query_params.get("error"):
        _log.warning("single sign-on refused by the provider: %s", request.query_params.get("error")[:200])
        return _sso_refused(request, lang, next_path, "sso_refused", 401)
    if not secrets.compare_digest(request.query_params.get("state", ""), kept["state"]):
        return _sso_refused(request, lang, next_path, "sso_expired", 400)
    try:
        provider = {found.key: found for found in single_sign_on.providers()}[kept["provider"]]
        asked = single_sign_on.Request(**{key: kept[key] for key in single_sign_on.Request.__dataclass_fields__})
        claims = await run_in_threadpool(single_sign_on.finish, provider, asked, request.query_params.get("code", ""))
    except (KeyError, single_sign_on.SingleSignOnError) as error:
        _log.error("single sign-on failed: %s", error)
        return _sso_refused(request, lang, next_path, "sso_failed", 401)
    user = await run_in_threadpool(single_sign_on.account_for, workspace(), claims)
    if user is None:
        email = single_sign_on.email_of(claims) or "—"
        return _sso_refused(request, lang, next_path, "sso_no_account", 403, email=email)
    cookie = await run_in_threadpool(sessions.start, workspace(), user, client_address(request))
    response = _with_session(RedirectResponse(next_path, status_code=303), request, cookie)
    response.delete_cookie(SSO_COOKIE, path=SSO_START, httponly=True, samesite="lax", secure=_secure(request))
    return response


def _with_session(response: Response, request: Request, cookie: str) -> Response:
    response.set_cookie(
        sessions.COOKIE,
        cookie,
        max_age=int(sessions.LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    return response


async def signin(request: Request) -> Response:
    if request.method == "GET":
        lang = language(request)
        notes = [("note", say("signed_out", lang))] if request.query_params.get("out") else []
        return _signin_page(request, lang, safe_next(request.query_params.get("next")), notes)
    form = await _form(request)
    if form is None:
        return PlainTextResponse(say("too_large", language(request)), status_code=413)
    lang, next_path = language(request, form), safe_next(form.get("next"))
    username = form.get("username", "")[:200]
    if not _token_matches(request, form):
        return _signin_page(request, lang, next_path, [("error", say("expired_form", lang))], 400, username)
    outcome = await run_in_threadpool(
        users.authenticate, workspace(), username, form.get("password", ""), client_address(request)
    )
    if outcome.retry_after:
        message = say("wait", lang, seconds=outcome.retry_after)
        return _signin_page(request, lang, next_path, [("error", message)], 429, username)
    if outcome.user is None:
        return _signin_page(request, lang, next_path, [("error", say("wrong", lang))], 401, username)
    cookie = await run_in_threadpool(sessions.start, workspace(), outcome.user, client_address(request))
    target = next_path
    if outcome.user.must_change_password:
        target = "/account/password?" + urlencode({"next": next_path, "lang": lang})
    return _with_session(RedirectResponse(target, status_code=303), request, cookie)


def _password_page(request: Request, lang: Lang, next_path: str, messages, status: int = 200):
    fields = [
        Field("current", say("current", lang), "password", "current-password"),
        Field("new", say("new", lang), "password", "new-password"),
        Field("repeat", say("repeat", lang), "password", "new-password"),
    ]
    return _page(
        request,
        lang,
        title=say("password_title", lang),
        lead=say("password_lead", lang),
        action="/account/password",
        fields=fields,
        submit=say("change", lang),
        messages=messages,
        next_path=next_path,
        status=status,
    )


async def password(request: Request) -> Response:
    cookie = request.cookies.get(sessions.COOKIE)
    user = await run_in_threadpool(sessions.signed_in, workspace(), cookie)
    if user is None:
        return RedirectResponse("/signin?" + urlencode({"next": "/"}), status_code=303)
    if request.method == "GET":
        lang = language(request)
        notes = [("note", say("must_change", lang))] if user.must_change_password else []
        return _password_page(request, lang, safe_next(request.query_params.get("next")), notes)
    form = await _form(request)
    if form is None:
        return PlainTextResponse(say("too_large", language(request)), status_code=413)
    lang, next_path = language(request, form), safe_next(form.get("next"))
    if not _token_matches(request, form):
        return _password_page(request, lang, next_path, [("error", say("expired_form", lang))], 400)
    if form.get("new", "") != form.get("repeat", ""):
        return _password_page(request, lang, next_path, [("error", say("differ", lang))], 400)
    try:
        await run_in_threadpool(
            users.change_password, workspace(), user.username, form.get("current", ""), form.get("new", "")
        )
    except WorkspaceError as error:
        messages = [("error", problem.message(lang)) for problem in error.problems]
        return _password_page(request, lang, next_path, messages, 400)
    fresh = await run_in_threadpool(users.user_by_id, workspace(), user.id)
    cookie = await run_in_threadpool(sessions.start, workspace(), fresh, client_address(request))
    return _with_session(RedirectResponse(next_path, status_code=303), request, cookie)


async def signout(request: Request) -> Response:
    await run_in_threadpool(sessions.end, workspace(), request.cookies.get(sessions.COOKIE))
    response = RedirectResponse("/signin?" + urlencode({"out": "1", "lang": language(request)}), status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


ROUTES = [
    Route("/signin", signin, methods=["GET", "POST"]),
    Route("/account/password", password, methods=["GET", "POST"]),
    Route("/signout", signout, methods=["GET"]),
    Route(SSO_START, sso_start, methods=["GET"]),
    Route(single_sign_on.CALLBACK, sso_callback, methods=["GET"]),
]


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES) or path == "/account/password"


class SignInGate:
    """ASGI middleware: every path but the public ones needs a signed-in session whose password is not a one-time
    one. A page (GET) is redirected to the sign-in with the page to come back to; anything else is refused (401;
    a websocket is closed before it opens)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = HTTPConnection(scope)  # a websocket's too: Request is for HTTP only
        user = await run_in_threadpool(sessions.signed_in, workspace(), request.cookies.get(sessions.COOKIE))
        if user is not None and not user.must_change_password:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4401, "reason": "sign in first"})
            return
        if scope["method"] in ("GET", "HEAD") and not scope["path"].startswith(NOT_PAGES):
            wanted = scope["path"] + ("?" + scope["query_string"].decode("latin-1") if scope["query_string"] else "")
            target = "/account/password" if user is not None else "/signin"
            response: Response = RedirectResponse(f"{target}?next={quote(safe_next(wanted), safe='')}", 303)
        else:
            response = PlainTextResponse(say("refused", language(request)), status_code=401)
        await response(scope, receive, send)
