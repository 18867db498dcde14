"""The Interview page's parts: the callbacks that save an item's answer as it is given, and the answer scales."""

from __future__ import annotations

import re

import streamlit as st
from streamlit.errors import StreamlitAPIException

from app_pages.common import UNREACHABLE_KEY, keep_if_unreachable, md, text, tr, user
from assessment.questionnaire.model import UNSCORED_ANSWERS, Item, Questionnaire
from assessment.workspace.recording import record_answer

PROBLEM = "interview_problem::"  # + item id: a refused answer, shown next to its item
KEPT = "interview_kept"  # items answered in this view, kept on screen under "only unanswered items"
ITEM_PART = "interview_item::"  # + item id: the fragment of an item's card, redrawn alone after its answer
PROGRESS_PART = "interview_progress"  # the fragment of the progress bars, redrawn with the item
PROGRESS_STALE = "interview_progress_stale"  # set by an answer: the progress fragment reads the answers again


def evidence_list(raw: str) -> list[str]:
    """Links or references typed into one field, one per line or separated by ';'."""
    return [part.strip() for part in re.split(r"[;\n]", raw or "") if part.strip()]


def widget_key(kind: str, respondent: str, item_id: str) -> str:
    # the respondent is part of the key, so that switching respondents never shows another one's answers
    return f"interview_{kind}::{respondent}::{item_id}"


# --- callbacks: they run before the page is drawn again, and save at once --------------------------------------------


def save_answer(assessment_id: int, respondent: str, item_id: str, kept: dict) -> None:
    """Save what the item's widgets hold now (`kept`: the stored comment and evidence of an unscored item).

    Without the database, the answer is kept in the session and saved on a later run, when it answers again.
    """
    state = st.session_state
    kept_view = state.get(KEPT)
    if kept_view is not None and kept_view["respondent"] == respondent:
        kept_view["items"].add(item_id)  # stays on screen under "only unanswered items" until the view changes
    answer = state.get(widget_key("answer", respondent, item_id)) or ""
    comment = state.get(widget_key("comment", respondent, item_id), kept.get("comment", ""))
    evidence_key = widget_key("evidence", respondent, item_id)
    evidence = evidence_list(state[evidence_key]) if evidence_key in state else kept.get("evidence", [])
    keep_if_unreachable(
        f"interview::{assessment_id}::{respondent}::{item_id}",
        PROBLEM + item_id,
        record_answer,
        assessment_id,
        respondent,
        item_id,
        answer,
        comment=comment,
        evidence=evidence,
        actor=user(),
    )


def answer_given(assessment_id: int, respondent: str, item_id: str, kept: dict) -> None:
    """An item's widget changed: save it, then redraw only that item and the progress bars, not the whole page.

    Rerunning the page's 29+ items after every answer is what made an answer slow (benchmarks/README.md, load.py);
    a refused answer shows in the item's card, a database that cannot be reached in the page's banner (a full run).
    """
    save_answer(assessment_id, respondent, item_id, kept)
    if UNREACHABLE_KEY in st.session_state:
        st.rerun()
    st.session_state[PROGRESS_STALE] = True
    try:
        st.rerun([ITEM_PART + item_id, PROGRESS_PART])
    except StreamlitAPIException:  # the item's fragment is not drawn in this session (cannot happen, but if so)
        st.rerun()


def answer_options(questionnaire: Questionnaire, item: Item) -> tuple[list[str], dict[str, str]]:
    """The answers an item takes ("" first: no answer yet) and their labels in the interface language."""
    scale = questionnaire.all_scales()[item.scale_id]
    labels = {"": tr("No answer", "未回答")}
    labels |= {
        option.key: f"{md(option.key)} · {md(text(option.label))}" for option in scale
    }  # radio options: Markdown
    labels |= dict(zip(UNSCORED_ANSWERS, (tr("Not applicable", "不适用"), tr("Don't know", "不知道")), strict=True))
    return list(labels), labels


def answer_help(questionnaire: Questionnaire, item: Item) -> str:
    """What must be true to choose each answer of the item's scale, for the radio's help."""
    scale = questionnaire.all_scales()[item.scale_id]
    lines = [f"**{md(option.key)} · {md(text(option.label))}**: {md(text(option.description))}" for option in scale
             if option.description]  # fmt: skip
    note = tr(
        "Answer by how far the practice is in place; whether it can be shown is recorded apart, as evidence.",
        "按这项做法实际开展的程度作答；能否出示证据另行记录在“证据”中。",
    )
    return "\n\n".join([*lines, note])
