"""The floor of benchmarks/browser.py: the least a Streamlit page can do, one button that writes a line of text.

Served by the same Streamlit as the app (`streamlit run benchmarks/browser_parts/one_button.py`) and timed by the
same browser in the same way: what any click and any first load cost before the app does anything of its own.
Beside browser.py's other parts, not in benchmarks/ itself: it is no benchmark script.
"""

import streamlit as st

st.title("Floor")
if st.button("Click"):
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1
    st.write(f"Clicked {st.session_state['clicks']} times")
