"""The roadmap page (being built)."""

import streamlit as st

from app_pages.common import tr

st.title(tr("roadmap", "roadmap"))
