"""What a user sees of an error nobody foresaw: a message in their language with a reference, never a traceback.

The traceback goes to the server's log under the same reference, so that an administrator can find it. Streamlit
calls `show_unexpected_error` (st.App's on_script_error) for an exception in a page or in a widget's callback;
`client.showErrorDetails = "none"` (.streamlit/config.toml) covers whatever reaches Streamlit otherwise.
"""

from __future__ import annotations

import json
import logging
import secrets

import streamlit as st

LOG = logging.getLogger("maturitymap.app")


def go_to(path: str) -> None:
    """Leave the workbench for one of the server's own pages (sign-in, sign-out, password), in this tab."""
    st.html(f"<script>window.location.assign({json.dumps(path)})</script>", unsafe_allow_javascript=True)


def show_signed_out() -> None:
    """Nobody is signed in in this session any more (signed out in another tab, password changed, account
    disabled): say so and go to the sign-in page."""
    from app_pages.common import lang, tr

    st.title("MaturityMap")
    st.warning(
        tr(
            "You are not signed in, or your session has ended (signed out in another tab, or the password changed).",
            "您尚未登录，或会话已结束（在其他标签页中退出了登录，或密码已修改）。",
        ),
        icon=":material/lock:",
    )
    go_to(f"/signin?lang={lang()}")


def show_unexpected_error(error: Exception) -> bool:
    """Log `error` with its traceback and a reference; show the reference in the page. True: Streamlit shows no more.
    A session that ended under a widget's callback (common.SignedOut) is no error: the signed-out notice instead."""
    from app_pages.common import SignedOut

    if isinstance(error, SignedOut):
        show_signed_out()
        return True
    reference = secrets.token_hex(4)
    LOG.error("unexpected error %s in a page of the app", reference, exc_info=error)
    english = (
        f"Something went wrong on this page (reference {reference}). Nothing you saved before is lost. "
        "Try again; if it happens again, give the reference to your administrator."
    )
    chinese = (
        f"此页面出现意外错误（编号 {reference}）。此前已保存的内容不会丢失。请重试；如再次出现，请将编号告知管理员。"
    )
    try:
        from app_pages.common import tr

        message = tr(english, chinese)
    except Exception:  # the language is unknown (the session's state is what failed): both
        message = f"{chinese}\n\n{english}"
    st.error(message, icon=":material/error:")
    return True
