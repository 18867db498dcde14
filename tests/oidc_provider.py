"""An OpenID Connect provider of the tests' own, on a loopback port: the organisation's identity provider in the
single sign-on tests.

It speaks the protocol for real over HTTP (discovery document, authorization endpoint, token endpoint with the
client's secret and the PKCE check, published keys, RS256-signed ID tokens), and signs in whoever the test says
(`next_claims`) without a form. The test can make it misbehave the ways a provider or an attacker could: sign with
a key it does not publish, send another nonce, another audience, an expired token, or refuse the sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from deploy.two_replicas import free_port


class Provider:
    def __init__(self) -> None:
        self.port = free_port()
        self.client_id = "maturitymap-tests"
        self.client_secret = secrets.token_urlsafe(24)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "published"}, private=True)
        self.unpublished = RSAKey.generate_key(2048, parameters={"kid": "published"}, private=True)
        self.next_claims: dict = {}
        self.misbehave: str | None = None  # "unpublished key", "other nonce", "other audience", "expired", "refuse"
        self.codes: dict[str, tuple[str, str, str, dict]] = {}
        self.token_requests = 0
        app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def settings(self, label: str = "Test SSO") -> str:
        """The `[auth]` table of a secrets.toml that points MaturityMap at this provider."""
        return (
            f'[auth]\nclient_id = "{self.client_id}"\nclient_secret = "{self.client_secret}"\n'
            f'server_metadata_url = "{self.metadata_url}"\nlabel = "{label}"\n'
        )

    def start(self) -> Provider:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test's OpenID provider did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        asked = request.query_params
        if asked.get("client_id") != self.client_id or asked.get("response_type") != "code":
            return Response("unknown client", status_code=400)
        if asked.get("code_challenge_method") != "S256" or "openid" not in asked.get("scope", "").split():
            return Response("PKCE (S256) and the openid scope are required", status_code=400)
        back = {"state": asked.get("state", "")}
        if self.misbehave == "refuse":
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(16)
            nonce = asked.get("nonce", "")
            self.codes[code] = (asked["code_challenge"], asked["redirect_uri"], nonce, self.next_claims)
            back["code"] = code
        return RedirectResponse(f"{asked['redirect_uri']}?{urlencode(back)}", status_code=302)

    async def token(self, request: Request) -> Response:
        self.token_requests += 1
        form = await request.form()
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {basic}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        challenge, redirect_uri, nonce, claims = self.codes.pop(str(form.get("code")), (None, None, None, None))
        verifier = str(form.get("code_verifier", ""))
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge is None or challenge != expected or form.get("redirect_uri") != redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        moment = int(time.time())
        payload = {
            "iss": self.url,
            "sub": "subject-" + str(claims.get("email", "none")),
            "aud": "another-client" if self.misbehave == "other audience" else self.client_id,
            "iat": moment - (7_200 if self.misbehave == "expired" else 0),
            "exp": moment + (-3_600 if self.misbehave == "expired" else 300),
            "nonce": "another nonce" if self.misbehave == "other nonce" else nonce,
            **claims,
        }
        key = self.unpublished if self.misbehave == "unpublished key" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "published"}, payload, key)
        return JSONResponse(
            {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )
