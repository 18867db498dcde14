"""Single sign-on down to the mapping: the settings read from secrets.toml (errors naming the file and the table),
the ID token checked against a real OpenID Connect provider of the tests (tests/oidc_provider.py) over HTTP, and
the verified e-mail address naming one active local account on both engines."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from assessment.accounts import single_sign_on, users
from assessment.accounts.single_sign_on import SingleSignOnError
from assessment.storage.tables import User
from tests.oidc_provider import Provider


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    started = Provider().start()
    try:
        yield started
    finally:
        started.stop()


def settings(tmp_path, text: str):
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_provider_in_auth_or_several_named_ones_the_later_file_winning(tmp_path):
    assert single_sign_on.providers([tmp_path / "absent.toml"]) == []
    home = settings(tmp_path, "[connections]\nx = 1\n")
    assert single_sign_on.providers([home]) == []  # no [auth]: no single sign-on
    project = tmp_path / "project.toml"
    project.write_text(
        '[auth]\nredirect_uri = "https://mm.example.com/signin/sso/callback"\n'
        '[auth.group]\nclient_id = "mm"\nclient_secret = "s1"\nlabel = "Group SSO"\n'
        'server_metadata_url = "https://login.example.com/.well-known/openid-configuration"\n'
        '[auth.partner]\nclient_id = "mm2"\nclient_secret = "s2"\n'
        'server_metadata_url = "https://idp.partner.example/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    found = single_sign_on.providers([home, project])
    shown = [(p.key, p.label, p.client_id) for p in found]
    assert shown == [("group", "Group SSO", "mm"), ("partner", "partner", "mm2")]
    single = settings(tmp_path, '[auth]\nclient_id = "a"\nclient_secret = "b"\nserver_metadata_url = "https://x/y"\n')
    (only,) = single_sign_on.providers([project, single])
    assert (only.key, only.label, only.redirect_uri) == ("default", "default", None)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[auth]\nclient_id = "a"\nserver_metadata_url = "https://x/y"\n', r"\[auth\]: client_secret missing"),
        ('[auth.corp]\nclient_id = ""\nclient_secret = "b"\nserver_metadata_url = "https://x/y"\n', r"\[auth\.corp\]"),
        ('[auth]\nclient_id = "a"\nclient_secret = "b"\nserver_metadata_url = "http://idp.example/x"\n', "https://"),
        ("[auth\nclient_id = 1\n", "secrets.toml"),
    ],
)
def test_a_wrong_settings_file_is_named_with_what_is_wrong(tmp_path, text, says):
    path = settings(tmp_path, text)
    with pytest.raises(SingleSignOnError, match=says) as error:
        single_sign_on.providers([path])
    assert str(path) in str(error.value)


def test_a_huge_settings_file_is_refused_before_it_is_read(tmp_path):
    path = settings(tmp_path, "# " + "x" * single_sign_on.MAX_SETTINGS_BYTES)
    with pytest.raises(SingleSignOnError, match="larger than"):
        single_sign_on.providers([path])


def configured(provider: Provider, tmp_path) -> single_sign_on.Provider:
    (found,) = single_sign_on.providers([settings(tmp_path, provider.settings())])
    return found


def signed_in_claims(provider: Provider, tmp_path, claims: dict) -> dict:
    """The whole flow without a browser: ask, let the provider sign `claims` in, bring the code back, finish."""
    ours = configured(provider, tmp_path)
    asked = single_sign_on.authorization_request(ours, "http://127.0.0.1:1/signin/sso/callback")
    provider.next_claims = claims
    back = httpx.get(asked.url, follow_redirects=False).headers["location"]
    code = dict(httpx.URL(back).params)["code"]
    assert dict(httpx.URL(back).params)["state"] == asked.state
    return single_sign_on.finish(ours, asked, code)


def test_the_id_token_of_a_real_code_flow_gives_the_claims(provider, tmp_path):
    claims = signed_in_claims(provider, tmp_path, {"email": "Li.Ming@Example.com", "email_verified": True})
    assert claims["email"] == "Li.Ming@Example.com"
    assert claims["aud"] == provider.client_id
    assert claims["iss"] == provider.url


@pytest.mark.parametrize(
    ("misbehaviour", "says"),
    [
        ("unpublished key", "signature does not hold"),
        ("other nonce", "not for this sign-in"),
        ("other audience", "not for this sign-in"),
        ("expired", "not for this sign-in"),
    ],
)
def test_an_id_token_that_does_not_hold_signs_nobody_in(provider, tmp_path, misbehaviour, says):
    provider.misbehave = misbehaviour
    try:
        with pytest.raises(SingleSignOnError, match=says):
            signed_in_claims(provider, tmp_path, {"email": "li.ming@example.com"})
    finally:
        provider.misbehave = None


def test_a_code_is_exchanged_only_with_its_verifier(provider, tmp_path):
    ours = configured(provider, tmp_path)
    asked = single_sign_on.authorization_request(ours, "http://127.0.0.1:1/signin/sso/callback")
    provider.next_claims = {"email": "li.ming@example.com"}
    code = dict(httpx.URL(httpx.get(asked.url).headers["location"]).params)["code"]
    stolen = dataclasses.replace(asked, verifier="a verifier the thief made up " + "x" * 20)
    with pytest.raises(SingleSignOnError, match="not exchanged"):
        single_sign_on.finish(ours, stolen, code)


def test_the_verified_email_names_one_active_account(workspace):
    li, _ = users.add_user(workspace, "li.ming", actor="admin", email="li.ming@example.com", password="li ming pw 12")
    users.add_user(workspace, "wang.fang", actor="admin", email="wang.fang@example.com", password="wang fang pw 1")
    found = single_sign_on.account_for(workspace, {"email": " Li.Ming@EXAMPLE.com ", "email_verified": True})
    assert (found.id, found.username) == (li.id, "li.ming")
    assert users.user_by_id(workspace, li.id).last_sign_in_at is not None
    assert single_sign_on.account_for(workspace, {"email": "li.ming@example.com", "email_verified": "false"}) is None
    assert single_sign_on.account_for(workspace, {"email": "nobody@example.com"}) is None
    assert single_sign_on.account_for(workspace, {"sub": "no e-mail"}) is None
    users.set_active(workspace, "li.ming", False, actor="admin")
    assert single_sign_on.account_for(workspace, {"email": "li.ming@example.com"}) is None
    with workspace.transaction() as session:
        assert session.scalar(select(User).where(User.username == "nobody")) is None  # nobody made by signing in


def test_signing_in_through_the_provider_discards_an_unused_one_time_password(workspace):
    user, one_time = users.add_user(workspace, "zhao.li", actor="admin", email="zhao.li@example.com")
    assert user.must_change_password
    found = single_sign_on.account_for(workspace, {"email": "zhao.li@example.com"})
    assert not found.must_change_password
    assert users.authenticate(workspace, "zhao.li", one_time).user is None
