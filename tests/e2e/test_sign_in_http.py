"""The sign-in over real HTTP (httpx against `streamlit run app.py`): one message for an unknown user and a wrong
password, the throttle's wait after repeated failures, the session cookie's flags, forms that another site cannot
post, no redirect to another site, and nothing but the sign-in for an anonymous client."""

from __future__ import annotations

import re

import httpx
import pytest

from assessment.accounts import users
from assessment.workspace.core import Workspace

pytestmark = pytest.mark.e2e


def add(server, username: str, password: str) -> None:
    workspace = Workspace(server.database_url)
    try:
        users.add_user(workspace, username, actor="tests", password=password)
    finally:
        workspace.dispose()


def form(client: httpx.Client, path: str = "/signin?lang=en") -> str:
    """Open a form page; returns its anti-forgery token (the client keeps the matching cookie)."""
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def sign_in(client: httpx.Client, username: str, password: str, next_path: str = "/") -> httpx.Response:
    token = form(client)
    data = {"username": username, "password": password, "csrf": token, "next": next_path, "lang": "en"}
    return client.post("/signin", data=data)


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(server):
    add(server, "sun.ba", "sun ba password 1")
    with httpx.Client(base_url=server.url) as client:
        unknown = sign_in(client, "nobody.here", "sun ba password 1")
        wrong = sign_in(client, "sun.ba", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    message = re.compile(r'<p class="message error"[^>]*>([^<]*)</p>')
    assert message.findall(unknown.text) == message.findall(wrong.text) == ["The user name or the password is wrong."]
    assert "maturitymap_session" not in unknown.headers.get("set-cookie", "")


def test_the_session_cookie_is_http_only_lax_and_expires(server):
    add(server, "zhou.jiu", "zhou jiu password 1")
    with httpx.Client(base_url=server.url) as client:
        signed = sign_in(client, "zhou.jiu", "zhou jiu password 1", next_path="/results?a=1")
        assert (signed.status_code, signed.headers["location"]) == (303, "/results?a=1")
        cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("maturitymap_session="))
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "Max-Age=43200" in cookie
        assert "Secure" not in cookie  # plain HTTP on loopback; behind nginx's HTTPS it is Secure
        assert client.get("/results?a=1").status_code == 200  # the workbench's page, signed in
        assert client.get("/_stcore/host-config").status_code == 200


def test_repeated_failures_are_slowed_down_without_saying_who_exists(server):
    add(server, "wu.shi", "wu shi password 1")
    with httpx.Client(base_url=server.url) as client:
        statuses = [sign_in(client, name, f"wrong {n}").status_code for n in range(7) for name in ["wu.shi"]]
        assert statuses[:5] == [401] * 5
        assert statuses[5:] == [429, 429]
        waited = sign_in(client, "wu.shi", "wu shi password 1")  # even the right password waits
        assert waited.status_code == 429
        assert re.search(r"Too many failed sign-ins\. Try again in \d+ seconds\.", waited.text)
        ghost = [sign_in(client, "ghost.user", f"wrong {n}").status_code for n in range(7)]
        assert ghost == statuses  # an unknown name is throttled the same way


def test_a_form_without_its_token_or_too_large_is_refused(server):
    add(server, "zheng.yi", "zheng yi password 1")
    with httpx.Client(base_url=server.url) as client:
        forged = client.post("/signin", data={"username": "zheng.yi", "password": "zheng yi password 1"})
        assert forged.status_code == 400
        assert "maturitymap_session" not in forged.headers.get("set-cookie", "")
        huge = client.post(
            "/signin",
            content=b"username=" + b"x" * 10_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert huge.status_code == 413


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/signout"])
def test_after_signing_in_the_browser_never_leaves_the_site(server, target):
    add(server, f"feng{abs(hash(target)) % 10_000}", "feng er password 1")
    with httpx.Client(base_url=server.url) as client:
        signed = sign_in(client, f"feng{abs(hash(target)) % 10_000}", "feng er password 1", next_path=target)
    assert (signed.status_code, signed.headers["location"]) == (303, "/")


@pytest.mark.parametrize(
    "path", ["/_stcore/metrics", "/_stcore/host-config", "/_stcore/upload_file/x/y", "/media/x.png"]
)
def test_an_anonymous_client_gets_nothing_but_the_sign_in(server, path):
    with httpx.Client(base_url=server.url) as client:
        assert client.get(path).status_code == 401
        assert client.get("/_stcore/health").status_code == 200  # load balancers may ask
        page = client.get("/report?a=1")
        assert (page.status_code, page.headers["location"]) == (303, "/signin?next=%2Freport%3Fa%3D1")
