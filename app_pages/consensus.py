"""Where respondents disagree or do not know, how roles and units differ, and the reconciliation of disputed items."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    analysis,
    lang,
    may,
    md,
    remember_problems,
    require_assessment,
    show_remembered,
    text,
    tr,
    user,
    workspace,
)
from app_pages.consensus_parts import (
    Names,
    column_names,
    disputes,
    dont_know_section,
    roles_section,
    show,
    units_section,
)
from app_pages.evidence_verdicts import checks_of, contradicted_section
from assessment.workspace.context_records import reconcile
from assessment.workspace.core import default_url
from assessment.workspace.queries import audit_of, decisions_of
from scoring.charts import answer_distribution
from scoring.maturity import FLAG_MIN_ANSWERS, FLAG_SPREAD

PROBLEMS = "consensus_problems"
OTHER = "other"  # the agreed-value option for a value off the scale
CHARTED = 20  # flagged items in the chart of answers, widest spread first

details = require_assessment()
assessment_id = details.id
result = analysis(assessment_id)
snapshot = result.scored.questionnaire
index = snapshot.item_index()
scales = snapshot.all_scales()
names = Names.of(snapshot)

st.title(tr("Consensus and units", "共识与单位"))
st.caption(
    tr(
        "Where respondents disagree or do not know, how roles see the same practices, and whether every unit runs "
        "a process the same way. Settle a disputed item with a reason: the agreed value replaces the average.",
        "查看答卷人意见分歧或“不知道”之处、各角色对相同实践的认知差异，以及各单位是否以相同方式运行流程。"
        "为分歧题目填写理由并确定商定值：商定值将取代平均值参与评分。",
    )
)


# --- flagged items and their reconciliation ---------------------------------------------------------------------------


def why_flagged(flagged: pd.DataFrame, roles: pd.DataFrame, units: pd.DataFrame) -> list[str]:
    """Why each item is flagged: its spread and answers, the roles and the units furthest apart."""
    units = units.loc[:, ["lowest_unit", "lowest", "highest_unit", "highest"]]
    units.columns = ["low_unit", "unit_low", "high_unit", "unit_high"]
    rows = flagged.loc[:, ["item", "spread", "answers"]].join(roles, on="item").join(units, on="item")
    separator = tr("; ", "；")
    found = []
    for row in rows.itertuples(index=False):
        parts = [
            tr(
                f"spread {row.spread:.2f} > {FLAG_SPREAD} over {row.answers} answers",
                f"离散度 {row.spread:.2f} > {FLAG_SPREAD}（{row.answers} 个计分答案）",
            )
        ]
        if row.roles >= 2:  # NaN (no scored answer by role) compares False
            low, high = names.role(row.lowest_role), names.role(row.highest_role)
            parts.append(
                tr(
                    f"roles: {high} {row.highest:.2f}, {low} {row.lowest:.2f}",
                    f"角色：{high} {row.highest:.2f}，{low} {row.lowest:.2f}",
                )
            )
        if isinstance(row.low_unit, str):
            parts.append(
                tr(
                    f"units: {row.high_unit} {row.unit_high:.2f}, {row.low_unit} {row.unit_low:.2f}",
                    f"单位：{row.high_unit} {row.unit_high:.2f}，{row.low_unit} {row.unit_low:.2f}",
                )
            )
        found.append(separator.join(parts))
    return found


def pick_key(item_id: str) -> str:
    # a widget per item: a browser keeps showing a widget's last choice, so another item starts with nothing chosen
    return f"consensus_pick_{item_id}"


def value_key(item_id: str) -> str:
    return f"consensus_value_{item_id}"


def reason_key(item_id: str) -> str:
    """The reason typed for one item: each item keeps its own, so switching items never carries a reason over."""
    return f"consensus_reason_{item_id}"


def agreed_value(item_id: str) -> float | None:
    """The value picked: a scale option's, or the one typed for another value; None when nothing is picked."""
    pick = st.session_state.get(pick_key(item_id))
    if pick == OTHER:
        typed = st.session_state.get(value_key(item_id))
        return None if typed is None else typed / 100  # typed as a percentage, stored from 0 to 1
    options = {option.key: option.value for option in scales[index[item_id][1].scale_id]}
    return options.get(pick)


def save_reconciliation(item_id: str) -> None:
    """Button callback: store the decision (nothing is stored when the service refuses it)."""
    state = st.session_state
    author = user()
    value = agreed_value(item_id)
    remember_problems(
        PROBLEMS,
        lambda: reconcile(workspace(), assessment_id, item_id, value, state.get(reason_key(item_id)) or "", author),
        tr(f"{item_id} settled.", f"{item_id} 已协调。"),
    )
    if state.get(PROBLEMS) == []:
        state[reason_key(item_id)] = ""


def reconciliation_form(flagged: pd.DataFrame, decisions: pd.DataFrame, why: dict[str, str]) -> None:
    """Settle one flagged item: the agreed achievement (a scale option or any value from 0 to 1) and the reason."""
    st.subheader(tr("Reconcile an item", "协调分歧题目"))
    ids = flagged.sort_values("agreed", kind="stable")["item"].tolist()  # open ones first
    agreed = dict(zip(flagged["item"], flagged["agreed"], strict=True))
    choices = {i: f"{i} · {names.short(i)}" + (tr(" (settled)", "（已协调）") if agreed[i] else "") for i in ids}
    item_id = st.selectbox(tr("Item", "题目"), ids, key="consensus_item", format_func=choices.get)
    row = flagged.set_index("item").loc[item_id]
    st.markdown(f"**{md(item_id)}** {md(names.items.get(item_id, ''))}")
    st.caption(
        tr(
            f"Achievement now {row['achievement']:.0%}. Why flagged: {md(why[item_id])}.",
            f"当前实现程度 {row['achievement']:.0%}。标记原因：{md(why[item_id])}。",
        )
    )
    settled = decisions[decisions["item"] == item_id]
    if not settled.empty:
        found = settled.iloc[0]
        st.info(
            tr(
                f"Settled at {found['achievement']:.0%} by {md(found['author'])}: {md(found['reason'])}. "
                "Settling it again replaces this decision.",
                f"已由{md(found['author'])}协调为 {found['achievement']:.0%}：{md(found['reason'])}。"
                "再次协调将取代此结论。",
            )
        )
    options = scales[index[item_id][1].scale_id]
    keys = [option.key for option in options] + [OTHER]
    option_names = {
        option.key: f"{md(option.key)} · {md(text(option.label))} ({option.value:.0%})" for option in options
    }
    option_names[OTHER] = tr("Another value from 0% to 100%", "0% 到 100% 之间的其他数值")
    left, right = st.columns([3, 2])
    with left:
        pick = st.radio(
            tr("Agreed achievement *", "商定的实现程度 *"),
            keys,
            index=None,  # nothing chosen: the consultant picks the agreed value deliberately
            key=pick_key(item_id),
            format_func=option_names.get,
        )
    with right:
        if pick == OTHER:
            st.number_input(
                tr("Agreed achievement (%)", "商定的实现程度（%）"),
                min_value=0,
                max_value=100,
                value=round(float(row["achievement"]) * 100),
                step=5,
                key=value_key(item_id),
            )
    st.text_area(
        tr("Reason *", "理由 *"),
        key=reason_key(item_id),
        placeholder=tr("What the evidence showed, and who agreed", "依据哪些证据得出此结论，由哪些人达成一致"),
    )
    show_remembered(PROBLEMS)
    st.button(
        tr("Settle the item", "确认协调结论"),
        type="primary",
        key="consensus_reconcile",
        on_click=save_reconciliation,
        args=(item_id,),
    )


def decisions_list(decisions: pd.DataFrame) -> None:
    """The reconciliations so far, and their audit log."""
    st.subheader(tr("Reconciliations", "协调记录"))
    if decisions.empty:
        st.caption(tr("No item has been settled yet.", "尚无已协调的题目。"))
    else:
        labels = column_names() | {
            "achievement": tr("Agreed achievement", "商定的实现程度"),
            "reason": tr("Reason", "理由"),
            "author": tr("Author", "作者"),
            "decided_at": tr("Decided at", "协调时间"),
        }
        show(names.frame(decisions), labels, "consensus_decisions")
    with st.expander(tr("Audit log of reconciliations", "协调的审计日志")):
        audit = audit_of(workspace(), assessment_id, entity="item")
        if audit.empty:
            st.caption(tr("Empty.", "暂无记录。"))
            return

        def change(value: object) -> str:
            if not isinstance(value, dict):
                return ""
            return f"{value.get('achievement', 0):.0%} · {value.get('reason', '')}"

        audit = audit.assign(before=audit["before"].map(change), after=audit["after"].map(change))
        audit = audit.drop(columns=["entity"])
        labels = {
            "at": tr("When", "时间"),
            "actor": tr("Who", "操作人"),
            "action": tr("Action", "操作"),
            "key": tr("Item", "题目"),
            "before": tr("Before", "之前"),
            "after": tr("After", "之后"),
            "source": tr("Imported from · by", "导入自 · 导入人"),  # empty: recorded here
        }
        show(audit, labels, "consensus_audit")


def flagged_section() -> None:
    """The flagged items, why they are flagged, and their reconciliation."""
    flagged = result.flagged
    decisions = decisions_of(workspace(), assessment_id)
    st.caption(
        tr(
            f"An item is flagged when the spread of its answers exceeds {FLAG_SPREAD} with at least "
            f"{FLAG_MIN_ANSWERS} scored answers. Look at the units before you settle it: a gap between sites is a "
            "finding, not a mistake.",
            f"当一个题目至少有 {FLAG_MIN_ANSWERS} 个计分答案且离散度超过 {FLAG_SPREAD} 时被标记为分歧项。"
            "协调前请先查看各单位的差异：站点之间的差异本身就是一项发现，而不是错误。",
        )
    )
    if flagged.empty:
        st.success(tr("No item is flagged.", "没有分歧项。"))
    else:
        ids = flagged["item"].tolist()
        answers, roles, counts = disputes(default_url(), assessment_id, details.revision, tuple(ids), result.scored)
        units = result.unit_differences.drop_duplicates("item").set_index("item")
        table = names.frame(flagged)
        table["text"] = [names.short(i) for i in ids]
        table["counts"] = [names.answer_mix(i, counts.loc[i]) for i in ids]
        table["why"] = why_flagged(flagged, roles, units)
        table["status"] = flagged["agreed"].map({True: tr("settled", "已协调"), False: tr("open", "待协调")})
        table = table.loc[
            :, ["item", "text", "status", "spread", "counts", "why", "achievement", "answers", "process", "level"]
        ]
        labels = column_names() | {
            "counts": tr("Answers given (answer ×count)", "各答案的人数（答案 ×人数）"),
            "why": tr("Why flagged", "标记原因"),
            "status": tr("Status", "状态"),
        }
        show(table, labels, "consensus_flagged")
        # built only when asked: a chart of many items takes longer than the rest of the page
        if st.toggle(tr("Chart of the answers", "答案分布图"), key="consensus_chart"):
            values = {option.value: f"{option.key} {text(option.label)}" for option in scales["achievement"]}
            charted = ids[:CHARTED]
            figure = answer_distribution(
                answers,
                lang(),
                items=charted,
                item_texts={i: names.items.get(i, "") for i in charted},
                value_labels=values,
                item_results=result.scored.result.items,
            )
            if len(ids) > CHARTED:
                st.caption(tr(f"The {CHARTED} widest spreads.", f"离散度最大的 {CHARTED} 个题目。"))
            st.plotly_chart(figure, width="stretch", key="consensus_distribution")
        if may("analyse"):  # a viewer reads the decisions, the consultants make them
            reconciliation_form(flagged, decisions, dict(zip(ids, table["why"], strict=True)))
    decisions_list(decisions)


checks = checks_of(assessment_id, details.revision, result)  # no rows without ticket data: no tab
tabs = [
    tr(
        f"Flagged items ({int(result.flagged['flagged'].sum())} open)",
        f"分歧项（{int(result.flagged['flagged'].sum())} 项待协调）",
    ),
    tr("Roles", "角色认知差异"),
    tr("Don't know", "“不知道”比例"),
    tr("Units", "各单位对比"),
]
if not checks.empty:
    contradicted = int((checks["verdict"] == "contradicted").sum())
    tabs.append(tr(f"Contradicted by data ({contradicted})", f"数据相悖（{contradicted} 项）"))
flagged_tab, roles_tab, dont_know_tab, units_tab, *data_tab = st.tabs(tabs)
with flagged_tab:
    flagged_section()
with roles_tab:
    roles_section(result, names)
with dont_know_tab:
    dont_know_section(result, names)
with units_tab:
    units_section(result, names)
for tab in data_tab:
    with tab:
        contradicted_section(checks, result, names.processes, names.items)
