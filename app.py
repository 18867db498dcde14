"""MaturityMap's server: the consultant's workbench (Streamlit, `workbench.py`) served as one ASGI app.

`streamlit run app.py` finds `app` here and serves it with uvicorn. Beside the workbench: the sign-in pages and
the gate in front of everything else (`assessment/accounts/web.py`): nobody reaches a page, the websocket, an
upload or a download without signing in. Every page's script error is logged with its traceback and shown as a
message in the user's language, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from app_pages.errors import show_unexpected_error
from assessment.accounts import single_sign_on
from assessment.accounts.web import ROUTES, SignInGate
from assessment.campaigns.web import ROUTES as SURVEY_ROUTES

# single sign-on reads its [auth] settings from the secrets files Streamlit reads (`secrets.files`)
single_sign_on.secrets_files = [Path(name).expanduser() for name in st.get_option("secrets.files")]

app = st.App(
    "workbench.py",
    routes=ROUTES + SURVEY_ROUTES,
    middleware=[Middleware(SignInGate)],
    on_script_error=show_unexpected_error,
)
