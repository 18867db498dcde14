"""The KPIs an item's indicators may name: their ids, units, labels and the ticket data each is computed from.

Here, below `assessment.evidence`, so that the questionnaire's rules can check an indicator without importing the
layer that computes the KPIs; `assessment.evidence.kpis` takes its ids from this module (docs/evidence.md defines
each KPI exactly).
"""

from __future__ import annotations

from typing import Literal, get_args

# The ticket processes an export can hold (the `process` of a ticket log and of stored evidence).
DataProcess = Literal["incident", "problem", "change", "request"]
DATA_PROCESSES: tuple[str, ...] = get_args(DataProcess)

# Every KPI id, in the documented order.
KPI_IDS: tuple[str, ...] = (
    "tickets",
    "events",
    "resolution_hours_median",
    "resolution_hours_p90",
    "sla_met_rate",
    "reassigned_rate",
    "reopened_rate",
    "variants",
    "top_variant_share",
    "handovers_per_case_mean",
    "change_success_rate",
    "emergency_change_share",
    "unauthorized_change_share",
    "change_caused_incident_rate",
    "ci_recorded_rate",
    "problem_linked_rate",
)

# "rate": a share from 0 to 1; "hours": a duration in hours; "count": a number of tickets, events or variants;
# "mean": an average number per case.
KPI_UNITS: dict[str, str] = {
    "tickets": "count",
    "events": "count",
    "resolution_hours_median": "hours",
    "resolution_hours_p90": "hours",
    "sla_met_rate": "rate",
    "reassigned_rate": "rate",
    "reopened_rate": "rate",
    "variants": "count",
    "top_variant_share": "rate",
    "handovers_per_case_mean": "mean",
    "change_success_rate": "rate",
    "emergency_change_share": "rate",
    "unauthorized_change_share": "rate",
    "change_caused_incident_rate": "rate",
    "ci_recorded_rate": "rate",
    "problem_linked_rate": "rate",
}

# KPI id -> (English, Chinese)
KPI_LABELS: dict[str, tuple[str, str]] = {
    "tickets": ("Tickets", "工单数"),
    "events": ("Events", "事件数"),
    "resolution_hours_median": ("Resolution time, median (hours)", "解决时长中位数（小时）"),
    "resolution_hours_p90": ("Resolution time, 90th percentile (hours)", "解决时长第 90 百分位（小时）"),
    "sla_met_rate": ("SLA met", "SLA 达成率"),
    "reassigned_rate": ("Reassigned", "重新分派率"),
    "reopened_rate": ("Reopened", "重新打开率"),
    "variants": ("Process variants", "流程变体数"),
    "top_variant_share": ("Share of the most common variant", "最常见变体占比"),
    "handovers_per_case_mean": ("Handovers between groups per ticket, mean", "每张工单的组间转交次数（平均）"),
    "change_success_rate": ("Change success rate", "变更成功率"),
    "emergency_change_share": ("Emergency changes", "紧急变更占比"),
    "unauthorized_change_share": ("Changes without approval", "未经批准的变更占比"),
    "change_caused_incident_rate": ("Incidents caused by changes", "由变更引发的事件占比"),
    "ci_recorded_rate": ("Configuration item recorded", "记录了配置项的比例"),
    "problem_linked_rate": ("Incidents linked to a problem", "关联到问题的事件占比"),
}

# The ticket data a KPI is computed from, where only one kind of ticket can give it; the others come from the data
# an indicator names (`data:`), else from the item's own process.
KPI_DATA: dict[str, str] = {
    "change_success_rate": "change",
    "emergency_change_share": "change",
    "unauthorized_change_share": "change",
    "change_caused_incident_rate": "incident",
    "problem_linked_rate": "incident",
}

# A questionnaire process whose items are evidenced by its own tickets by default (the bundled library's ids).
PROCESS_DATA: dict[str, str] = {
    "incident": "incident",
    "problem": "problem",
    "change": "change",
    "request": "request",
    "service_request": "request",
}


def indicator_data(kpi: str, data: str | None, process: str) -> str | None:
    """The ticket data an indicator is judged on: its own `data`, the KPI's only one, else its item's process's."""
    return data or KPI_DATA.get(kpi) or PROCESS_DATA.get(process)
