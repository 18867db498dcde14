"""The ticket data's verdicts on the items' indicators, as the Results and Consensus pages show them.

Nothing is shown when the assessment has no stored evidence, or none of its items' indicators reads the data
that was imported.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages.common import columns, lang, tr, workspace
from assessment.analysis.analyse import Analysis
from assessment.analysis.evidence_checks import evidence_checks
from assessment.questionnaire.indicator_ids import KPI_LABELS, KPI_UNITS
from assessment.report.evidence_views import glossary_word
from assessment.workspace.core import default_url

PERCENT = st.column_config.NumberColumn(format="percent")
COLOURS = {"confirmed": "green", "contradicted": "red"}


def term(key: str) -> str:
    """A glossary term in the interface language, without the explanation in brackets."""
    return glossary_word(key, lang())


@st.cache_resource(max_entries=16, show_spinner=False)
def _checks(url: str, assessment_id: int, revision: int, _found: Analysis) -> pd.DataFrame:
    """The checks of one revision (storing evidence raises it, as answers do); shared, so never changed."""
    return evidence_checks(workspace(), assessment_id, _found.scored)


def checks_of(assessment_id: int, revision: int, found: Analysis) -> pd.DataFrame:
    """The indicator checks of the open assessment, on the cached scoring; no rows without evidence."""
    # read once per revision: the stored evidence carries the maps, too much to read again on every rerun
    return _checks(default_url(), assessment_id, revision, found)


def amount(kpi: str, value: float) -> str:
    """A KPI's value or threshold as its unit reads: 71%, 24 h, 660."""
    unit = KPI_UNITS.get(kpi, "count")
    if unit == "rate":
        return f"{value:.0%}" if round(value * 100, 6) == round(value * 100) else f"{value:.1%}"
    if unit == "hours":
        return tr(f"{value:g} h", f"{value:g} 小时")
    return f"{value:g}"


def threshold_text(kpi: str, direction: str, threshold: float) -> str:
    return ("≥ " if direction == "at_least" else "≤ ") + amount(kpi, threshold)


def value_text(kpi: str, value: float, tickets: object) -> str:
    """The KPI's value and the tickets it covers; a dash when the data cannot give it."""
    if isinstance(value, float) and math.isnan(value):
        return tr("— (not in the data)", "—（数据中没有）")
    count = "" if pd.isna(tickets) else tr(f" · {int(tickets)} tickets", f" · {int(tickets)} 张工单")
    return amount(kpi, value) + count


def verdict_text(verdict: object, kind: object) -> str:
    if verdict == "confirmed":
        return term("confirmed")
    if verdict == "contradicted":
        return term("contradicted") + tr(": ", "：") + term(str(kind))
    return tr("No verdict", "无法判定")


def labels() -> dict[str, str]:
    """The columns of the table of verdicts, in the interface language."""
    return {
        "process": tr("Process", "流程"),
        "item": tr("Item", "题目"),
        "text": tr("Practice", "实践"),
        "kpi": tr("Indicator (KPI)", "佐证指标"),
        "threshold": tr("Threshold", "阈值"),
        "value": tr("Value in the ticket data", "工单数据中的取值"),
        "achievement": tr("Achievement", "实现程度"),
        "verdict": tr("Ticket data", "工单数据"),
    }


def verdict_table(checks: pd.DataFrame, names: dict[str, str], texts: dict[str, str]) -> pd.DataFrame:
    """The checks labelled for display: process, item, practice, KPI, threshold, value, achievement, verdict."""
    rows = list(checks.itertuples(index=False))
    table = pd.DataFrame(
        {
            "process": [names.get(row.process, row.process) for row in rows],
            "item": [row.item for row in rows],
            "text": [texts.get(row.item, "") for row in rows],
            "kpi": [tr(*KPI_LABELS.get(row.kpi, (row.kpi, row.kpi))) for row in rows],
            "threshold": [threshold_text(row.kpi, row.direction, row.threshold) for row in rows],
            "value": [value_text(row.kpi, row.value, row.tickets) for row in rows],
            "achievement": [row.achievement for row in rows],
            "verdict": [verdict_text(row.verdict, row.kind) for row in rows],
        },
        columns=list(labels()),
    )
    return columns(table, labels())


def verdict_summary(checks: pd.DataFrame) -> str:
    """How many indicators the data confirms, contradicts, and cannot judge."""
    confirmed = int((checks["verdict"] == "confirmed").sum())
    contradicted = int((checks["verdict"] == "contradicted").sum())
    open_ = len(checks) - confirmed - contradicted
    return tr(
        f"{confirmed} {term('confirmed').lower()}, {contradicted} {term('contradicted').lower()}, "
        f"{open_} without a verdict.",
        f"{term('confirmed')} {confirmed} 项，{term('contradicted')} {contradicted} 项，无法判定 {open_} 项。",
    )


def badges(checks: pd.DataFrame) -> str:
    """A badge per judged indicator: 'INC-2-05 contradicted by data: reopened rate 8% (≤ 5%)'."""
    found = []
    for row in checks.itertuples(index=False):
        if row.verdict not in COLOURS:
            continue
        kpi = tr(*KPI_LABELS.get(row.kpi, (row.kpi, row.kpi)))
        said = f"{row.item} {verdict_text(row.verdict, row.kind)} · {kpi} {amount(row.kpi, row.value)} "
        said += tr("({})", "（{}）").format(threshold_text(row.kpi, row.direction, row.threshold))
        found.append(f":{COLOURS[row.verdict]}-badge[{escape_badge(said)}]")
    return " ".join(found)


def escape_badge(said: str) -> str:
    """A badge's text: its closing bracket and markup characters escaped (ids and labels are ours, but still)."""
    return "".join(f"\\{c}" if c in "[]\\*_`$" else c for c in said)


def explanation() -> str:
    """What the verdicts mean, in one caption."""
    return tr(
        "Items whose indicators the imported ticket data can judge. An item rated at least 85 % counts as achieved; "
        "the data confirms the rating when its KPI agrees (meets the threshold for an item rated achieved, misses it "
        "for one rated below) and contradicts it otherwise. ",
        "导入的工单数据能够判定其佐证指标的题目。实现程度不低于 85% 的题目视为已达成；KPI 与自评一致时"
        "（已达成的题目达到阈值，低于 85% 的题目未达到阈值）为数据印证，否则为数据相悖。",
    )


def contradicted_section(checks: pd.DataFrame, found: Analysis, names: dict[str, str], texts: dict[str, str]) -> None:
    """The items whose agreed rating the ticket data contradicts, and where that rating comes from."""
    st.caption(
        tr(
            "The rating held against the data is the consensus: the agreed achievement where the item was "
            "reconciled, else the weighted average of the answers. Take a contradiction back to the respondents, or "
            "reconcile the item with the data as the reason.",
            "与数据对照的是共识：已协调的题目取商定的实现程度，其余取答案的加权平均。"
            "数据相悖的题目可带回给答卷人核实，或以数据为理由进行协调。",
        )
    )
    wrong = checks[checks["verdict"] == "contradicted"]
    if wrong.empty:
        st.success(tr("The ticket data contradicts no rating.", "工单数据与各题目的自评均不相悖。"))
        return
    agreed = dict(zip(found.scored.result.items["item"], found.scored.result.items["agreed"], strict=True))
    table = verdict_table(wrong, names, texts)
    source = {True: tr("agreed (reconciled)", "商定值（已协调）"), False: tr("average of the answers", "答案平均值")}
    table.insert(7, tr("Rating from", "实现程度来源"), [source[bool(agreed.get(i, False))] for i in wrong["item"]])
    config = {labels()["achievement"]: PERCENT}
    st.dataframe(table, hide_index=True, width="stretch", key="consensus_contradicted", column_config=config)
