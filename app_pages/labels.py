"""Option texts several pages show: collection methods and scoring rules (dicts, so a `.get` is a safe format_func),
and the scoring-rule choice itself."""

from __future__ import annotations

import streamlit as st

from app_pages.common import tr
from assessment.messages import METHOD_LABELS
from assessment.workspace.core import METHODS, RULES


def assessment_label(client: str, name: str, is_demo: bool) -> str:
    """'client · name', marked as demo data when the demo's names no longer say so (once, never twice)."""
    label = f"{client} · {name}"
    says_demo = "demo" in label.lower() or "演示" in label
    return label + (tr(" (demo data)", "（演示数据）") if is_demo and not says_demo else "")


def method_labels() -> dict[str, str]:
    """The collection methods in the interface language."""
    return {method: tr(*METHOD_LABELS.get(method, (method, method))) for method in METHODS}


# The rules by their standard's name, as a caption or a comparison names them (the same in both languages).
RULE_SHORT_NAMES = {"iso33020": "ISO/IEC 33020", "c2m2": "C2M2"}


def rule_names() -> dict[str, str]:
    """The short names of the scoring rules in the interface language."""
    return {
        "iso33020": tr("ISO/IEC 33020 (default)", "ISO/IEC 33020（默认）"),
        "c2m2": tr("C2M2 (strict)", "C2M2（严格）"),
    }


def rule_captions() -> list[str]:
    """What each rule of RULES asks of a level, in the interface language, in the order of RULES."""
    captions = {
        "iso33020": tr(
            "A level counts when it is largely in place and every level below is fully in place.",
            "本级大部分达到、且以下各级完全达到时，才算达到该级。",
        ),
        "c2m2": tr(
            "A level counts only when every practice up to it is more than half in place.",
            "本级及以下每一项实践都过半达到时，才算达到该级。",
        ),
    }
    return [captions[rule] for rule in RULES]


def rule_choice(key: str, **options) -> str:
    """The scoring-rule radio of every page that asks for a rule: names and captions in the interface language.

    `options` go to st.radio as they are (on_change, args, …).
    """
    return st.radio(
        tr("Scoring rule", "评分规则"),
        RULES,
        format_func=rule_names().get,
        captions=rule_captions(),
        horizontal=True,
        key=key,
        **options,
    )
