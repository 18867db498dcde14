"""Single sign-on end to end: `streamlit run app.py` with an `[auth]` table in its secrets file, the tests' own OpenID
Connect provider on another loopback port (tests/oidc_provider.py), a real browser and real HTTP between the three.

The sign-in page offers the provider; a user the provider vouches for lands signed in on the page first asked for,
under the local account with that e-mail address; an e-mail address without an account, an unverified one, a
provider that refuses, a state that is not this browser's and an ID token signed with another key all end on the
sign-in page with a message, signed out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from assessment.accounts import memberships, users
from assessment.workspace.core import Workspace
from tests.browser import settled
from tests.e2e.conftest import Server, demo_server
from tests.oidc_provider import Provider

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    started = Provider().start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, provider) -> Iterator[Server]:
    """The app with the provider in its secrets file, and an account per test person (none for 'nobody')."""
    folder = tmp_path_factory.mktemp("sso")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(provider.settings("Example Group SSO"), encoding="utf-8")
    server = demo_server(folder)
    workspace = Workspace(server.database_url)
    users.add_user(workspace, "li.ming", actor="tests", display_name="李明", email="li.ming@example.com")
    memberships.grant(workspace, server.demo_id, "li.ming", "viewer", actor="tests")
    users.add_user(workspace, "former", actor="tests", email="former@example.com", password="left last year, pw 1")
    users.set_active(workspace, "former", False, actor="tests")
    workspace.dispose()
    server.arguments = ["--secrets.files", str(secrets_file)]
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_browser_signs_in_through_the_provider_onto_the_page_it_asked_for(sso_server, provider, browser):
    provider.next_claims = {"email": "Li.Ming@Example.com", "email_verified": True, "name": "Li Ming"}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = context.new_page()
    tab.goto(f"{sso_server.url}/results?lang=en&a={sso_server.demo_id}")
    expect(tab.get_by_role("heading", name="Sign in")).to_be_visible(timeout=30_000)
    tab.get_by_role("link", name="Sign in with Example Group SSO").click()
    expect(tab.get_by_role("heading", name="Results")).to_be_visible(timeout=60_000)
    settled(tab)
    assert re.search(rf"/results\?lang=en&a={sso_server.demo_id}$", tab.url)
    expect(tab.get_by_test_id("stSidebar").get_by_text("Signed in as 李明 (li.ming)")).to_be_visible()
    cookies = {cookie["name"] for cookie in context.cookies()}
    assert "maturitymap_session" in cookies
    assert "maturitymap_sso" not in cookies  # what the round trip needed is gone
    context.close()


def round_trip(server: Server, provider: Provider, claims: dict, tamper=None) -> httpx.Response:
    """The sign-in by single sign-on over plain HTTP, following every redirect between app and provider;
    `tamper(url)` may change the provider's answer before the browser brings it back."""
    provider.next_claims = claims
    with httpx.Client(base_url=server.url) as client:
        to_provider = client.get("/signin/sso?provider=default&next=/results&lang=en")
        assert to_provider.status_code == 303
        back = httpx.get(to_provider.headers["location"]).headers["location"]
        response = client.get(tamper(back) if tamper else back)
        if response.status_code == 303:
            response = client.get(response.headers["location"])
        response.signed_in = "maturitymap_session" in client.cookies
    return response


MESSAGE = re.compile(r'<p class="message error"[^>]*>([^<]*)</p>')


def test_the_provider_vouches_for_an_account_and_nothing_else(sso_server, provider):
    good = round_trip(sso_server, provider, {"email": "li.ming@example.com"})
    assert (good.status_code, good.signed_in) == (200, True)
    assert good.url.path == "/results"

    nobody = round_trip(sso_server, provider, {"email": "nobody@example.com", "email_verified": True})
    assert (nobody.status_code, nobody.signed_in) == (403, False)
    assert MESSAGE.findall(nobody.text) == [
        "No active MaturityMap account has the e-mail address nobody@example.com. Ask an administrator to add it "
        "to your account."
    ]
    for claims in ({"email": "li.ming@example.com", "email_verified": False}, {"email": "former@example.com"}):
        refused = round_trip(sso_server, provider, claims)
        assert (refused.status_code, refused.signed_in) == (403, False)

    provider.misbehave = "unpublished key"
    try:
        forged = round_trip(sso_server, provider, {"email": "li.ming@example.com"})
    finally:
        provider.misbehave = None
    assert (forged.status_code, forged.signed_in) == (401, False)
    assert MESSAGE.findall(forged.text) == [
        "Single sign-on could not confirm who you are. Try again, or ask an administrator."
    ]


def test_an_answer_not_meant_for_this_browser_signs_nobody_in(sso_server, provider):
    def other_state(url: str) -> str:
        return re.sub(r"state=[^&]+", "state=x", url)

    swapped = round_trip(sso_server, provider, {"email": "li.ming@example.com"}, other_state)
    assert (swapped.status_code, swapped.signed_in) == (400, False)
    assert MESSAGE.findall(swapped.text) == [
        "The single sign-on took too long or was not started from this page. Try again."
    ]
    with httpx.Client(base_url=sso_server.url) as stranger:  # a callback without the cookie the start set
        answer = stranger.get("/signin/sso/callback?code=abc&state=def")
    assert answer.status_code == 400
    assert "maturitymap_session" not in answer.headers.get("set-cookie", "")

    provider.misbehave = "refuse"
    try:
        refused = round_trip(sso_server, provider, {"email": "li.ming@example.com"})
    finally:
        provider.misbehave = None
    assert (refused.status_code, refused.signed_in) == (401, False)
    assert MESSAGE.findall(refused.text) == ["The identity provider did not sign you in."]
