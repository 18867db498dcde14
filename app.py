"""MaturityMap's server: the consultant's workbench (Streamlit, `workbench.py`) served as one ASGI app.

`streamlit run app.py` finds `app` here and serves it with uvicorn. Plain HTTP routes (sign-in, the respondents'
survey pages) join it here as they come; every page's script error is logged with its traceback and shown as a
message in the user's language, never as a traceback.
"""

from __future__ import annotations

import streamlit as st

from app_pages.errors import show_unexpected_error

app = st.App("workbench.py", on_script_error=show_unexpected_error)
