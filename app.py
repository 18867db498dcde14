"""MaturityMap app entry: page config, navigation, then the chosen page runs."""

import streamlit as st

st.set_page_config(page_title="MaturityMap", page_icon="📊", layout="wide")

navigation = st.navigation([st.Page("app_pages/quick_score.py", title="评分 · Score", icon="📊", default=True)])
navigation.run()
