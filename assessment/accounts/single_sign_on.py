"""Single sign-on with OpenID Connect: the organisation's identity provider signs a user in to a local account.

Configured like Streamlit's `st.login`, in `.streamlit/secrets.toml` (the files Streamlit's `secrets.files` option
names), with the same keys: one provider in `[auth]`, or several in `[auth.<name>]`:

    [auth]
    client_id = "maturitymap"
    client_secret = "…"
    server_metadata_url = "https://login.example.com/.well-known/openid-configuration"
    redirect_uri = "https://maturitymap.example.com/signin/sso/callback"   # optional: else this server's own
    label = "Example Group SSO"                                            # optional: the button's text

The protocol is OpenID Connect's authorization code flow with PKCE (S256), a state and a nonce (Authlib makes the
requests); the ID token's signature is checked against the provider's published keys and its issuer, audience,
expiry and nonce against what was asked (joserfc). The token's `email` then names the account: an active local
account with that e-mail address (letters compared without case), and only if the provider does not say the
address is unverified. Nobody is created by signing in: an administrator adds the account (with its e-mail) first,
and its memberships say what it may see, as for a password. The session opened is the same as a password's (the
same cookie, sign-out everywhere, ended when the account is disabled).
"""

from __future__ import annotations

import json
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import httpx
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import func, select

from assessment.accounts import passwords
from assessment.accounts.users import UserView, now, view
from assessment.storage.tables import User

CALLBACK = "/signin/sso/callback"
SCOPE = "openid email profile"
MAX_SETTINGS_BYTES = 64_000  # a secrets file
MAX_DOCUMENT_BYTES = 512_000  # the provider's metadata and keys
METADATA_LIFETIME = 3_600  # seconds a provider's metadata and keys are kept before they are asked again
LEEWAY = 60  # seconds of clock difference allowed on the ID token's times
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
_REQUIRED = ("client_id", "client_secret", "server_metadata_url")

# Streamlit's default secrets files; app.py replaces them with Streamlit's `secrets.files` option.
secrets_files: list[Path] = [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


class SingleSignOnError(Exception):
    """Single sign-on cannot go on: a settings file is wrong, or the provider answered what it must not."""


@dataclass(frozen=True)
class Provider:
    key: str  # "default" for a lone [auth], else the name in [auth.<name>]
    label: str
    client_id: str
    client_secret: str
    server_metadata_url: str
    redirect_uri: str | None = None


def _provider(key: str, values: dict, where: str) -> Provider:
    missing = [name for name in _REQUIRED if not isinstance(values.get(name), str) or not values[name].strip()]
    if missing:
        raise SingleSignOnError(f"{where}: {', '.join(missing)} missing (a text each)")
    if not values["server_metadata_url"].startswith("https://") and not values["server_metadata_url"].startswith(
        ("http://127.0.0.1", "http://localhost")
    ):
        raise SingleSignOnError(f"{where}: server_metadata_url must be an https:// address")
    redirect = values.get("redirect_uri")
    return Provider(
        key=key,
        label=str(values.get("label") or key),
        client_id=values["client_id"].strip(),
        client_secret=values["client_secret"],
        server_metadata_url=values["server_metadata_url"].strip(),
        redirect_uri=redirect.strip() if isinstance(redirect, str) and redirect.strip() else None,
    )


def providers(files: list[Path] | None = None) -> list[Provider]:
    """The providers configured in the secrets files (a later file's `[auth]` replaces an earlier one's); none when
    no file has an `[auth]` table with a client_id. A wrong file raises SingleSignOnError naming it."""
    found: dict | None = None
    where = ""
    for path in secrets_files if files is None else files:
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise SingleSignOnError(f"{path}: larger than {MAX_SETTINGS_BYTES} bytes")
        try:
            settings = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SingleSignOnError(f"{path}: {error}") from error
        if isinstance(settings.get("auth"), dict):
            found, where = settings["auth"], str(path)
    if not found:
        return []
    if "client_id" in found:
        return [_provider("default", found, f"{where} [auth]")]
    return [
        _provider(key, values, f"{where} [auth.{key}]")
        for key, values in found.items()
        if isinstance(values, dict) and "client_id" in values
    ]


# --- the provider's documents: metadata and keys, fetched over HTTPS, bounded, kept for an hour -----------------------

_documents: dict[str, tuple[float, dict]] = {}
_documents_lock = threading.Lock()


def _fetch_json(url: str) -> dict:
    with httpx.Client(timeout=10, follow_redirects=False) as client, client.stream("GET", url) as response:
        if response.status_code != 200:
            raise SingleSignOnError(f"{url}: HTTP {response.status_code}")
        body = b""
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_DOCUMENT_BYTES:
                raise SingleSignOnError(f"{url}: larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        document = json.loads(body)
    except ValueError as error:
        raise SingleSignOnError(f"{url}: not JSON ({error})") from error
    if not isinstance(document, dict):
        raise SingleSignOnError(f"{url}: not a JSON object")
    return document


def _document(url: str, fresh: bool = False) -> dict:
    with _documents_lock:
        kept = _documents.get(url)
    if kept and not fresh and time.monotonic() - kept[0] < METADATA_LIFETIME:
        return kept[1]
    document = _fetch_json(url)
    with _documents_lock:
        _documents[url] = (time.monotonic(), document)
    return document


def metadata(provider: Provider) -> dict:
    found = _document(provider.server_metadata_url)
    for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(found.get(name), str):
            raise SingleSignOnError(f"{provider.server_metadata_url}: no {name}")
    return found


# --- the flow -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What the browser is sent to the provider with, and what must come back (kept in a signed cookie)."""

    url: str
    state: str
    nonce: str
    verifier: str
    redirect_uri: str


def _client(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=10,
    )


def authorization_request(provider: Provider, own_callback: str) -> Request:
    """Where to send the browser: the provider's sign-in, asked for a code (PKCE), with a fresh state and nonce."""
    redirect_uri = provider.redirect_uri or own_callback
    verifier, nonce = generate_token(64), generate_token(32)
    with _client(provider, redirect_uri) as client:
        url, state = client.create_authorization_url(
            metadata(provider)["authorization_endpoint"], code_verifier=verifier, nonce=nonce
        )
    return Request(url, state, nonce, verifier, redirect_uri)


def _keys(provider: Provider, fresh: bool = False) -> KeySet:
    try:
        return KeySet.import_key_set(_document(metadata(provider)["jwks_uri"], fresh=fresh))
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise SingleSignOnError(f"{provider.label}: its keys cannot be read ({error})") from error


def id_token_claims(provider: Provider, id_token: str, nonce: str) -> dict:
    """The ID token's claims once its signature (the provider's published keys; asked again once when the key is
    not among them: keys rotate), issuer, audience, expiry and nonce hold; SingleSignOnError otherwise."""
    for fresh in (False, True):
        try:
            token = jwt.decode(id_token, _keys(provider, fresh=fresh), algorithms=ALGORITHMS)
            break
        except JoseError as error:
            if fresh:
                message = f"{provider.label}: the ID token's signature does not hold ({error})"
                raise SingleSignOnError(message) from error
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": metadata(provider)["issuer"]},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(token.claims)
    except JoseError as error:
        raise SingleSignOnError(f"{provider.label}: the ID token is not for this sign-in ({error})") from error
    return dict(token.claims)


def finish(provider: Provider, asked: Request, code: str) -> dict:
    """Exchange the code the browser brought back for tokens; the verified ID token's claims."""
    with _client(provider, asked.redirect_uri) as client:
        try:
            token = client.fetch_token(metadata(provider)["token_endpoint"], code=code, code_verifier=asked.verifier)
        except Exception as error:  # Authlib raises its OAuthError, requests' errors, or ValueError on a bad body
            raise SingleSignOnError(f"{provider.label}: the code was not exchanged ({error})") from error
    if not isinstance(token.get("id_token"), str):
        raise SingleSignOnError(f"{provider.label}: no ID token (is `openid` among the client's scopes?)")
    return id_token_claims(provider, token["id_token"], asked.nonce)


# --- the mapping: claims -> a local account ---------------------------------------------------------------------------


def email_of(claims: dict) -> str | None:
    """The e-mail address the claims vouch for, in lower case; None without one, or when the provider says it is
    not verified."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 300:
        return None
    if claims.get("email_verified") in (False, "false", "False"):
        return None
    return email.strip().lower()


def account_for(workspace, claims: dict) -> UserView | None:
    """The active local account whose e-mail address the verified claims carry (stamped as signed in now); None when
    there is none: signing in never creates an account. A one-time password the account still has (the one an
    administrator was shown) is discarded: who signs in through the provider never needs it."""
    email = email_of(claims)
    if email is None:
        return None
    with workspace.transaction() as session:
        found = session.scalars(select(User).where(func.lower(User.email) == email)).all()
        if len(found) != 1 or not found[0].active:
            return None
        user = found[0]
        user.last_sign_in_at = now()
        if user.must_change_password:
            user.password_hash = passwords.hash_password(generate_token(48))
            user.must_change_password = False
        return view(user)
