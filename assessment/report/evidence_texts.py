"""The texts of the report's chapter "Evidence from the ticket system", in English and Simplified Chinese.

Kept beside texts.py (which takes them into TEXTS) so that the chapter's words stay together.
"""

from __future__ import annotations

EVIDENCE_TEXTS: dict[str, tuple[str, str]] = {
    "evidence_intro": (
        "Interviews and surveys measure what people believe; the ticket system records what happened. This chapter "
        "shows the KPIs computed from the client's ticket exports, the process as the tickets actually ran it, and "
        "the items whose self-rating the data confirms or contradicts.",
        "访谈和问卷反映的是人们的看法，工单系统记录的是实际发生的情况。本章列出根据客户工单导出数据计算的 KPI、"
        "工单实际运行的流程，以及数据印证或与之矛盾的自评题目。",
    ),
    "evidence_title": ("{process}: {name}", "{process}：{name}"),
    "evidence_facts": (
        "{tickets} tickets, {events} events ({source}, {shape}); imported by {by} on {date}.",
        "工单 {tickets} 张，事件 {events} 条（{source}，{shape}）；由 {by} 于 {date} 导入。",
    ),
    "shape_tickets": ("one row per ticket", "每张工单一行"),
    "shape_events": ("one row per event", "每个事件一行"),
    "kpis_title": ("KPIs overall and by unit", "KPI：总体及各单位"),
    "tab_kpis": ("KPIs of {process} overall and by unit", "{process}的 KPI：总体及各单位"),
    "tab_kpis_part": ("KPIs of {process} by unit ({part})", "{process}各单位的 KPI（{part}）"),
    "kpi": ("KPI", "KPI"),
    "overall": ("Overall", "总体"),
    "no_kpis": ("No KPI can be computed from the fields of this file.", "根据该文件的字段无法计算 KPI。"),
    "flow_title": ("The process as the tickets ran it", "工单实际运行的流程"),
    "no_mining": (
        "The file has no status or no time of each event: no map of the flow can be drawn.",
        "该文件没有状态或事件时间，无法绘制流程图。",
    ),
    "reference_unit": ("Reference model: the flow of {unit} (◆)", "参考模型：{unit}的流程（◆）"),
    "reference_bpmn": ("Reference model: the designed process {file} (BPMN)", "参考模型：设计的流程 {file}（BPMN）"),
    "fig_map": ("Directly-follows map of {unit}", "{unit}的直接跟随图"),
    "fig_map_overall": ("Directly-follows map of every ticket", "全部工单的直接跟随图"),
    "tab_fitness": ("Fitness of each unit's tickets against the reference model", "各单位工单与参考模型的拟合度"),
    "cases": ("Tickets", "工单数"),
    "events": ("Events", "事件数"),
    "fitness": ("Fitness", "拟合度"),
    "top_variant": ("Top variant's share", "最常见变体占比"),
    "tab_variants": ("The five most frequent variants", "最常见的五种变体"),
    "variant": ("Variant (the sequence of statuses)", "变体（状态序列）"),
    "share": ("Share", "占比"),
    "tab_bottlenecks": ("The slowest steps (median hours)", "最慢的步骤（小时中位数）"),
    "step": ("Step", "步骤"),
    "median_hours": ("Median hours", "小时中位数"),
    "indices_title": ("Standardization: the data beside the answers", "标准化：数据与答案对照"),
    "index_data": ("Standardization index from the data", "数据得出的标准化指数"),
    "index_answers": ("Standardization index from the answers", "答案得出的标准化指数"),
    "indices_note": (
        "From the data: how alike the units' variants and fitness are (1 = every unit runs the process the same way). "
        "From the answers: 1 − the average difference between the best and the worst unit on an item.",
        "数据得出：各单位的变体与拟合度的相似程度（1 表示各单位以完全相同的方式运行流程）。"
        "答案得出：1 减去各题目上最好与最差单位之间的平均差异。",
    ),
    "verdicts_title": ("Self-ratings the data confirms or contradicts", "数据印证或与之矛盾的自评"),
    "verdicts_note": (
        "An item counts as rated achieved from 85% achievement (ISO/IEC 33020's F). Confirmed: achieved and the KPI "
        "meets its threshold, or not achieved and it misses; contradicted otherwise.",
        "实现程度达到 85%（ISO/IEC 33020 的 F）即视为自评已达到。自评已达到且 KPI 达到阈值，或自评未达到且 KPI "
        "未达到阈值，为印证；否则为矛盾。",
    ),
    "tab_verdicts": ("Items with indicators and what the data says", "带指标的题目及数据结论"),
    "threshold": ("Threshold", "阈值"),
    "verdict": ("Verdict", "结论"),
    "no_verdicts": (
        "No item of the questionnaire declares a KPI of these data.",
        "问卷中没有题目声明这些数据的 KPI。",
    ),
    "hours": ("{value} h", "{value} 小时"),
    # the deck's slide
    "evidence_slide": ("Evidence from the ticket system", "工单数据佐证"),
    "evidence_notes": (
        "{process}: {tickets} tickets ({name}). Standardization index from the data {data}, from the answers "
        "{answers}.",
        "{process}：工单 {tickets} 张（{name}）。数据得出的标准化指数 {data}，答案得出的标准化指数 {answers}。",
    ),
    "verdict_line": (
        "{item} {text}: {kpi} {value} (threshold {threshold}), achievement {achievement}: {verdict}",
        "{item} {text}：{kpi} {value}（阈值 {threshold}），实现程度 {achievement}：{verdict}",
    ),
}
