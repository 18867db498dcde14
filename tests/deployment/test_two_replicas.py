"""A team deployment on loopback: two app replicas behind nginx (deploy/nginx/maturitymap.conf), one PostgreSQL.

Two browsers go through nginx (HTTPS, with a self-signed certificate made for the test), each kept on its own
replica by the route cookie; each records an answer; both answers are in the one database, and each replica shows
the answer given through the other. Over that HTTPS the session cookie is Secure, plain HTTP only redirects, and
the address the app throttles by is nginx's view of the client, not a header the client made up.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect

from assessment.accounts import memberships, users
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import SignInSession, User
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of
from deploy.two_replicas import NGINX, Deployment, deployment, postgres_binaries
from tests.browser import eventually, settled
from tests.signed_in import RUN_SESSION, browser_cookie, sign_in

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TRUSTING = {"ignore_https_errors": True}  # the browser is not told of the test's own certificate; httpx below is
PEOPLE = {"Ada (replica 1)": ("Not applicable", "na"), "Bo (replica 2)": ("Don't know", "unknown")}


@pytest.fixture(scope="module")
def running() -> Iterator[Deployment]:
    if postgres_binaries() is None or not Path(NGINX).exists():
        pytest.fail("Debian's postgresql and nginx are needed: run scripts/bootstrap.sh (make test does)")
    with deployment(replicas=2, demo=False) as started:
        yield started


def active_sessions(replica_url: str) -> int:
    """Streamlit's own count of the browser sessions connected to one replica, asked of the replica directly (signed
    in: the metrics are no one else's business)."""
    cookie = browser_cookie(replica_url)
    request = urllib.request.Request(
        f"{replica_url}/_stcore/metrics", headers={"Cookie": f"{cookie['name']}={cookie['value']}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        metrics = response.read().decode()
    return int(re.search(r"^active_sessions (\d+)", metrics, re.M).group(1))


def stored(workspace: Workspace, assessment: int, person: str, item: str, seconds: float = 60) -> dict:
    """The person's answers, once the one to `item` is stored (an answer stored elsewhere is shown by the assert)."""
    return eventually(
        lambda: item in (answers := answers_of(workspace, assessment, person)) and answers,
        seconds,
        f"{person}'s answer to {item} stored",
    )


def answer_group(page: Page, item: str) -> Locator:
    """The radio group of `item` on the Interview page: in the innermost block that shows the item's id in bold.

    Not the page's first group: a click there could land on another item while the page draws again.
    """
    card = page.get_by_test_id("stMain").get_by_test_id("stVerticalBlock")
    card = card.filter(has=page.locator("strong", has_text=re.compile(f"^{re.escape(item)}$")))
    return card.filter(has=page.get_by_role("radiogroup")).last.get_by_role("radiogroup")


def test_two_browsers_on_two_replicas_share_one_database(running, browser):
    workspace = Workspace(running.database_url)
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(
        workspace, client="Replica Co.", name="Two replicas", questionnaire=questionnaire, processes=["incident"]
    )
    for person in PEOPLE:
        add_respondent(workspace, assessment, person, method="interview")
    sign_in(workspace, session_id=RUN_SESSION)  # both replicas know the session: they share the database
    cookie = browser_cookie(running.url)
    signed = urllib.request.Request(
        f"{running.url}/_stcore/metrics", headers={"Cookie": f"maturitymap_session={cookie['value']}"}
    )
    with pytest.raises(urllib.error.HTTPError, match="404"):  # never through nginx, even signed in
        urllib.request.urlopen(signed, timeout=10, context=running.tls())
    routes = running.routes_to_each_replica()  # {replica URL: a route cookie that nginx hashes onto it}
    replicas = running.replica_urls
    assert sorted(routes) == sorted(replicas)
    assert [active_sessions(url) for url in replicas] == [0, 0]

    pages: dict[str, Page] = {}
    contexts = []
    for person, replica in zip(PEOPLE, replicas, strict=True):
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US", **TRUSTING)
        route = {"name": "maturitymap_route", "value": routes[replica], "url": running.url}
        context.add_cookies([route, browser_cookie(running.url)])
        contexts.append(context)
        page = pages[person] = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{running.url}/interview?lang=en&a={assessment}&r={quote(person)}")
    incident = [item for process, item in questionnaire.all_items() if process.id == "incident" and item.is_scored]
    first_item = min(incident, key=lambda item: item.level).id  # the page shows the items by level
    for page in pages.values():  # both replicas draw their first page (imports and all) at the same time
        expect(page.get_by_role("heading", name="Interview")).to_be_visible(timeout=90_000)  # first page: imports
        expect(answer_group(page, first_item)).to_be_visible(timeout=60_000)
        settled(page)
    # each browser holds its websocket on its own replica: each replica counts exactly one session
    assert [active_sessions(url) for url in replicas] == [1, 1]

    for person, (label, _) in PEOPLE.items():
        group = answer_group(pages[person], first_item)
        group.get_by_text(label, exact=True).click()
        expect(group.get_by_role("radio", name=label)).to_be_checked()  # the click reached this item's radio
    for person, (_, value) in PEOPLE.items():
        answers = stored(workspace, assessment, person, first_item)
        assert answers == {first_item: {"answer": value, "comment": "", "evidence": []}}

    # each replica shows the answer given through the other one (read from the shared database)
    for person, other in zip(PEOPLE, reversed(PEOPLE), strict=True):
        page = pages[person]
        page.goto(f"{running.url}/interview?lang=en&a={assessment}&r={quote(other)}")
        group = answer_group(page, first_item)
        expect(group.get_by_role("radio", name=PEOPLE[other][0])).to_be_checked(timeout=60_000)
        settled(page)
    assert [active_sessions(url) for url in replicas] == [1, 1]  # a reload came back to the same replica

    for context in contexts:
        context.close()

    # nginx's own record: every websocket of a route went to the replica the route leads to
    def streams() -> list[tuple[str, str]]:
        lines = running.access_log.read_text(encoding="utf-8").splitlines()
        return [
            (line.split("upstream=")[1].split()[0], line.split("route=")[1].split()[0])
            for line in lines
            if "/_stcore/stream" in line
        ]

    logged = eventually(lambda: len(streams()) >= 4 and streams(), 30, "four websockets in nginx's log")
    assert len(logged) == 4  # two browsers, two page loads each
    expected = {route: replica.removeprefix("http://") for replica, route in routes.items()}
    assert all(expected[route] == upstream for upstream, route in logged), logged
    # where the database lies is shown in a browser on the server itself, never to one coming through nginx
    context = browser.new_context(**TRUSTING)
    context.add_cookies([browser_cookie(running.url)])
    page = context.new_page()
    for url, shown in ((running.url, False), (replicas[0], True)):
        page.goto(f"{url}/settings?lang=en")
        expect(page.get_by_role("heading", name="Installation")).to_be_visible(timeout=60_000)
        settled(page)
        location = page.get_by_text(re.compile(r"^Database: postgresql"))
        hidden = page.get_by_text("Where the database lies is shown only in a browser on the server itself.")
        expect(location if shown else hidden).to_be_visible()
        expect(hidden if shown else location).to_have_count(0)

    context.close()

    # signed in through nginx on one replica, the browser is still signed in when it lands on the other one
    users.add_user(workspace, "replica.user", actor="tests", display_name="Replica User", password="replica user pw 1")
    memberships.grant(workspace, assessment, "replica.user", "viewer", actor="tests")
    first, second = replicas
    context = browser.new_context(locale="en-US", **TRUSTING)
    context.add_cookies([{"name": "maturitymap_route", "value": routes[first], "url": running.url}])
    page = context.new_page()
    page.goto(f"{running.url}/results?lang=en&a={assessment}")
    page.get_by_label("User name").fill("replica.user")
    page.get_by_label("Password").fill("replica user pw 1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible(timeout=60_000)
    settled(page)
    context.add_cookies([{"name": "maturitymap_route", "value": routes[second], "url": running.url}])
    page.reload()
    expect(page.get_by_role("heading", name="Results")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stSidebar").get_by_text("Signed in as Replica User (replica.user)")).to_be_visible()
    session_cookie = next(cookie for cookie in context.cookies() if cookie["name"] == "maturitymap_session")
    assert session_cookie["secure"]
    assert session_cookie["httpOnly"]
    context.close()
    workspace.dispose()


def test_https_only_with_a_secure_cookie_and_the_real_client_address(running):
    workspace = Workspace(running.database_url)
    users.add_user(workspace, "tls.user", actor="tests", display_name="TLS User", password="tls user password 1")
    # plain HTTP answers nothing but a redirect to the same page over HTTPS
    plain = httpx.get(f"{running.http_url}/results?a=1&lang=en", follow_redirects=False)
    assert plain.status_code == 301
    assert plain.headers["location"] == f"{running.url}/results?a=1&lang=en"
    # a client that does not trust the certificate cannot talk to the server
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{running.url}/signin")
    with httpx.Client(base_url=running.url, verify=running.tls(), headers={"X-Forwarded-For": "203.0.113.9"}) as client:
        page = client.get("/signin?lang=en")
        assert page.status_code == 200
        assert page.headers["strict-transport-security"] == "max-age=31536000"
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        form = {"username": "tls.user", "password": "tls user password 1", "csrf": token, "next": "/", "lang": "en"}
        signed = client.post("/signin", data=form)
        assert signed.status_code == 303
        cookies = signed.headers.get_list("set-cookie")
        session_cookie = next(cookie for cookie in cookies if cookie.startswith("maturitymap_session="))
        assert "; Secure" in session_cookie
        assert "; HttpOnly" in session_cookie
        assert "; SameSite=lax" in session_cookie
        assert "; Secure" in page.headers["set-cookie"]  # the form's anti-forgery cookie too
        assert client.get("/results?lang=en").status_code == 200  # signed in, over HTTPS
    # the session remembers where it was opened from: nginx's view of the client, not the header it sent
    with workspace.transaction() as session:
        addresses = session.scalars(
            sa.select(SignInSession.address)
            .join(User, User.id == SignInSession.user_id)
            .where(User.username == "tls.user")
        ).all()
    assert addresses == ["127.0.0.1"]
    workspace.dispose()
