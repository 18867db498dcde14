"""Evidence: what the client's ticket system says beside the self-ratings.

Who may collect imports a ticket export (app_pages/evidence_import.py); everybody who may see the assessment reads,
per stored evidence, its KPIs overall and by unit, the directly-follows map of each unit, the variants, each unit's
fitness and the slowest steps, the data's standardization index beside the answers', and the items the data
confirms or contradicts. A viewer reads only.
"""

import pandas as pd
import streamlit as st

from app_pages.common import analysis, lang, may, md, remember_problems, require_assessment, show_remembered, tr, user
from app_pages.common import workspace as open_workspace
from app_pages.evidence_import import import_section, source_labels
from assessment.report.common import names_of
from assessment.report.evidence_views import evidence_view, kpi_label, kpi_rows, kpi_value
from assessment.workspace.evidence import delete_evidence, evidence_of

PROBLEMS = "evidence_problems"  # where the delete callback leaves a service's problems for this run to show


def grouping_labels() -> dict[str, str]:
    return {
        "unit": tr("Unit", "单位"),
        "priority": tr("Priority", "优先级"),
        "month": tr("Month", "月份"),
        "group": tr("Support group", "支持组"),
    }


def kpi_table(stored, by: str) -> pd.DataFrame:
    """The KPIs overall and by each value of `by`, as a reader takes them: rates as %, hours with h."""
    groups, rows = kpi_rows(stored.kpis, by)
    header = [tr("KPI", "KPI"), tr("Overall", "总体"), *[str(group) for group in groups]]
    body = [[kpi_label(kpi, lang()), *(kpi_value(kpi, value, lang()) for value in values)] for kpi, values in rows]
    return pd.DataFrame(body, columns=header)


def delete(assessment_id: int, evidence_id: int, name: str) -> None:
    remember_problems(
        PROBLEMS,
        lambda: delete_evidence(open_workspace(), assessment_id, evidence_id, actor=user()),
        tr(f"{name} deleted", f"{name} 已删除"),
    )


def flow_section(stored, section: dict) -> None:
    """Maps per unit, fitness, variants and the slowest steps of one stored evidence."""
    flow = section["flow"]
    if flow is None:
        st.info(
            tr(
                "The file has no status or no time of each event: no map of the flow can be drawn.",
                "该文件没有状态或事件时间，无法绘制流程图。",
            )
        )
        return
    if flow["reference"]:
        st.caption(md(flow["reference"]))
    fitness = pd.DataFrame(
        [(u["unit"], u["cases"], u["events"], u["top_variant"], u["fitness"]) for u in flow["units"]],
        columns=[
            tr("Unit", "单位"),
            tr("Tickets", "工单数"),
            tr("Events", "事件数"),
            tr("Top variant's share", "最常见变体占比"),
            tr("Fitness", "拟合度"),
        ],
    )
    st.dataframe(fitness, hide_index=True, key=f"evidence_fitness_{stored.id}")
    units = [flow_unit for flow_unit in stored.mining.units if flow_unit.map_svg]
    if units:
        tabs = st.tabs([md(flow_unit.unit or tr("Every ticket", "全部工单")) for flow_unit in units])
        for tab, flow_unit in zip(tabs, units, strict=True):
            with tab:
                st.image(flow_unit.map_svg, caption=md(tr("Directly-follows map", "直接跟随图")))
    elif stored.mining.overall.map_svg:
        st.image(stored.mining.overall.map_svg, caption=md(tr("Directly-follows map", "直接跟随图")))
    left, right = st.columns(2)
    left.markdown(tr("**The most frequent variants**", "**最常见的变体**"))
    variants = [tr("Variant", "变体"), tr("Tickets", "工单数"), tr("Share", "占比")]
    left.dataframe(
        pd.DataFrame(flow["variants"], columns=variants), hide_index=True, key=f"evidence_variants_{stored.id}"
    )
    right.markdown(tr("**The slowest steps**", "**最慢的步骤**"))
    steps = [tr("Step", "步骤"), tr("Median hours", "小时中位数"), tr("Tickets", "工单数")]
    right.dataframe(
        pd.DataFrame(flow["bottlenecks"], columns=steps), hide_index=True, key=f"evidence_bottlenecks_{stored.id}"
    )


def stored_section(details, stored, section: dict, read_only: bool) -> None:
    """One stored evidence: what it is, its KPIs, its flow, the two standardization indices; delete."""
    st.subheader(md(section["title"]))
    when = f"{stored.imported_at:%Y-%m-%d %H:%M}"
    source = source_labels().get(stored.source, stored.source)
    st.caption(
        tr(
            f"{stored.tickets:,} tickets, {stored.events:,} rows ({md(source)}); imported by "
            f"{md(stored.imported_by)}, {when} UTC" + ("; the rows are kept" if stored.keeps_rows else ""),
            f"工单 {stored.tickets:,} 张，共 {stored.events:,} 行（{md(source)}）；由 {md(stored.imported_by)} "
            f"于 {when} UTC 导入" + ("；已保存各行数据" if stored.keeps_rows else ""),
        )
    )
    left, right = st.columns(2)
    left.metric(tr("Standardization index from the data", "数据得出的标准化指数"), section["index_data"])
    right.metric(tr("Standardization index from the answers", "答案得出的标准化指数"), section["index_answers"])
    st.caption(
        tr(
            "From the data: how alike the units' variants and fitness are (1 = every unit runs the process the same "
            "way). From the answers: as on the Consensus and units page.",
            "数据得出：各单位的变体与拟合度的相似程度（1 表示各单位以完全相同的方式运行流程）。"
            "答案得出：与“共识与单位”页相同。",
        )
    )
    st.markdown(tr("**KPIs**", "**KPI**"))
    groupings = [by for by in grouping_labels() if any(row.by == by for row in stored.kpis)]
    labels = grouping_labels()
    by = "unit"
    if len(groupings) > 1:
        by = st.radio(
            tr("By", "分组"),
            groupings,
            format_func=labels.get,
            horizontal=True,
            key=f"evidence_by_{stored.id}",
        )
    st.dataframe(kpi_table(stored, by), hide_index=True, key=f"evidence_kpis_{stored.id}")
    st.markdown(tr("**The process as the tickets ran it**", "**工单实际运行的流程**"))
    flow_section(stored, section)
    if read_only:
        return
    with st.expander(tr("Delete this evidence", "删除该数据佐证"), icon=":material/delete:"):
        sure = st.checkbox(
            tr(f"Delete {md(stored.name)} and its KPIs and maps", f"删除 {md(stored.name)} 及其 KPI 和流程图"),
            key=f"evidence_sure_{stored.id}",
        )
        st.button(
            tr("Delete", "删除"),
            key=f"evidence_delete_{stored.id}",
            disabled=not sure,
            on_click=delete,
            args=(details.id, stored.id, stored.name),
            icon=":material/delete_forever:",
        )


def verdicts_section(verdicts: list[dict]) -> None:
    st.subheader(tr("Self-ratings the data confirms or contradicts", "数据印证或与之矛盾的自评"))
    st.caption(
        tr(
            "An item counts as rated achieved from 85% achievement; the data confirms the rating when its KPI agrees "
            "and contradicts it otherwise.",
            "实现程度达到 85% 即视为自评已达到；KPI 与自评一致为印证，否则为矛盾。",
        )
    )
    if not verdicts:
        st.caption(
            tr("No item of the questionnaire declares a KPI of these data.", "问卷中没有题目声明这些数据的 KPI。")
        )
        return
    names = {
        "item": tr("Item", "题目"),
        "text": tr("Practice", "实践"),
        "kpi": tr("KPI", "KPI"),
        "value": tr("Value", "取值"),
        "threshold": tr("Threshold", "阈值"),
        "achievement": tr("Achievement", "实现程度"),
        "verdict_text": tr("Verdict", "结论"),
        "kind": tr("How", "情形"),
    }
    table = pd.DataFrame(verdicts).loc[:, list(names)].rename(columns=names)
    st.dataframe(table, hide_index=True, width="stretch", key="evidence_verdicts")


details = require_assessment()
st.title(tr("Evidence", "数据佐证"))
st.caption(
    tr(
        "Interviews and surveys measure what people believe; the ticket system records what happened. Import the "
        "client's ticket exports to see the KPIs per unit, the flow as the tickets ran it, and where the data "
        "confirms or contradicts the self-ratings.",
        "访谈和问卷反映的是人们的看法，工单系统记录的是实际发生的情况。导入客户的工单导出文件，即可查看各单位的 KPI、"
        "工单实际运行的流程，以及数据在哪些方面印证或与自评相矛盾。",
    )
)
read_only = not may("collect")
show_remembered(PROBLEMS)
if read_only:
    st.info(
        tr(
            "You can read the evidence; the assessment's consultants import it.",
            "您可以查看数据佐证；由本评估的顾问导入。",
        ),
        icon=":material/visibility:",
    )
stored_list = evidence_of(open_workspace(), details.id)
if not stored_list:
    if not read_only:
        import_section(details.id)
    st.info(tr("No ticket data imported yet.", "尚未导入工单数据。"), icon=":material/info:")
    st.stop()
found = analysis(details.id)
view = evidence_view(found, stored_list, names_of(found, lang()))
by_id = {f"evidence-{stored.id}": stored for stored in stored_list}
for section in view["sections"]:
    with st.container(border=True):
        stored_section(details, by_id[section["id"]], section, read_only)
verdicts_section(view["verdicts"])
if not read_only:  # what the data says first; another export (or a newer one of a process) after it
    import_section(details.id)
