"""The report's chapter of evidence from the ticket system, and the formats the Evidence page shares with it.

Per stored evidence: its KPIs overall and by unit, the directly-follows map of each unit, the most frequent
variants, each unit's fitness, the slowest steps, and the data's standardization index beside the answers'. Then
the items whose self-rating the data confirms or contradicts (assessment.analysis.evidence_checks).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from assessment.analysis.analyse import Analysis
from assessment.analysis.evidence_checks import checks_of
from assessment.evidence.kpis import KPI_IDS, KPI_LABELS, KPI_UNITS
from assessment.report.common import DASH, Names, missing, num, pct, short_date
from assessment.report.texts import text
from scoring.glossary import TERMS

# the ticket process -> the questionnaire process whose answers its data stands beside
QUESTIONNAIRE_PROCESS = {"incident": "incident", "problem": "problem", "change": "change", "request": "service_request"}
TOP_VARIANTS = 5
UNITS_PER_TABLE = 6  # unit columns of one KPI table in the PDF: wider tables are split


def kpi_label(kpi: str, lang: str) -> str:
    """A KPI's name in `lang` (its id when unknown)."""
    en, zh = KPI_LABELS.get(kpi, (kpi, kpi))
    return zh if lang == "zh" else en


def kpi_value(kpi: str, value: Any, lang: str) -> str:
    """A KPI's value as a reader takes it: rates as %, hours with "h", counts whole."""
    if missing(value):
        return DASH
    unit = KPI_UNITS.get(kpi, "mean")
    if unit == "rate":
        return pct(value, 1)
    if unit == "count":
        return f"{round(float(value)):,}"
    if unit == "hours":
        return text("hours", lang, value=num(value, 1))
    return num(value, 2)


def threshold_text(kpi: str, direction: str, threshold: Any, lang: str) -> str:
    """The threshold an indicator asks for, e.g. "≥ 90.0%" or "≤ 8.0 h"."""
    sign = "≥" if direction == "at_least" else "≤"
    return f"{sign} {kpi_value(kpi, threshold, lang)}"


def glossary_word(key: Any, lang: str) -> str:
    """A term of the glossary (confirmed, contradicted, overrated, underrated) without its explanation in brackets."""
    if not isinstance(key, str):
        return DASH
    en, zh = TERMS.get(key, (key, key))
    return (zh if lang == "zh" else en).split(" (")[0]


def verdicts_of(analysis: Analysis, evidence: Sequence[Any]) -> pd.DataFrame:
    """The items with indicators and the data's verdict (evidence_checks' rows), those with a verdict first."""
    checks = checks_of(analysis.scored, [(stored.process, row) for stored in evidence for row in stored.kpis])
    if checks.empty:
        return checks
    return checks.assign(_known=checks["verdict"].notna()).sort_values(["_known", "item"], ascending=[False, True])


def svg_data_url(svg: str) -> str:
    """An SVG as a data: URL for an <img>: an image, never markup mixed with the document."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def kpi_rows(kpis: Iterable[Any], by: str = "unit") -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """The groups of `by` and, per KPI in the documented order, its value overall then in each group."""
    kpis = list(kpis)
    groups = sorted({row.group for row in kpis if row.by == by and row.group is not None}, key=str)
    values = {(row.kpi, row.group if row.by == by else None): row.value for row in kpis if row.by in (None, by)}
    present = [kpi for kpi in KPI_IDS if any(row.kpi == kpi for row in kpis)]
    rows = [(kpi, [values.get((kpi, None)), *(values.get((kpi, group)) for group in groups)]) for kpi in present]
    return groups, rows


def _kpi_tables(stored: Any, names: Names, process: str) -> list[dict[str, Any]]:
    """The KPIs overall and by unit, split so that a table holds at most UNITS_PER_TABLE units."""
    lang = names.lang
    groups, rows = kpi_rows(stored.kpis)
    chunks = [groups[start : start + UNITS_PER_TABLE] for start in range(0, len(groups), UNITS_PER_TABLE)] or [[]]
    tables = []
    for number, chunk in enumerate(chunks):
        positions = [groups.index(group) + 1 for group in chunk]
        part = f"{number + 1}/{len(chunks)}"
        tables.append(
            {
                "caption": names.t("tab_kpis", process=process)
                if len(chunks) == 1
                else names.t("tab_kpis_part", process=process, part=part),
                "columns": ([names.t("overall")] if number == 0 else []) + [str(group) for group in chunk],
                "rows": [
                    (
                        kpi_label(kpi, lang),
                        ([kpi_value(kpi, values[0], lang)] if number == 0 else [])
                        + [kpi_value(kpi, values[p], lang) for p in positions],
                    )
                    for kpi, values in rows
                ],
            }
        )
    return tables


def _flow(mining: Any, names: Names) -> dict[str, Any]:
    """Maps, fitness, variants and the slowest steps of one mined log."""
    t = names.t
    kind, _, named = (mining.reference or "").partition(":")
    reference = t("reference_bpmn", file=named) if kind == "bpmn" else t("reference_unit", unit=named)
    overall = mining.overall
    total = max(int(overall.cases), 1)
    units = [
        {
            "unit": flow.unit,
            "cases": f"{int(flow.cases):,}",
            "events": f"{int(flow.events):,}",
            "fitness": pct(flow.fitness, 1),
            "top_variant": pct(flow.variants[0][1] / flow.cases if flow.variants and flow.cases else None, 0),
            "reference": kind == "unit" and flow.unit == named,
            "map": svg_data_url(flow.map_svg) if flow.map_svg else "",
            "caption": t("fig_map", unit=flow.unit),
        }
        for flow in mining.units
    ]
    return {
        "reference": reference if named else "",
        "units": units,
        "overall_map": svg_data_url(overall.map_svg) if overall.map_svg and not units else "",
        "variants": [
            (" → ".join(activities), f"{cases:,}", pct(cases / total, 1))
            for activities, cases in overall.variants[:TOP_VARIANTS]
        ],
        "bottlenecks": [
            (f"{source} → {target}", num(hours, 1), f"{cases:,}")
            for source, target, hours, cases in overall.bottlenecks
        ],
    }


def _answers_index(analysis: Analysis, process: str) -> Any:
    consistency = analysis.consistency
    found = consistency.loc[consistency["process"] == process, "index"] if len(consistency) else []
    return found.iloc[0] if len(found) else None


def evidence_view(analysis: Analysis, evidence: Sequence[Any], names: Names) -> dict[str, Any]:
    """The chapter: one section per stored evidence (oldest process first), then the verdicts."""
    t, lang = names.t, names.lang
    sections = []
    for stored in sorted(evidence, key=lambda found: (found.process, found.name)):
        process = names.process(QUESTIONNAIRE_PROCESS.get(stored.process, stored.process))
        mining = stored.mining
        sections.append(
            {
                "id": f"evidence-{stored.id}",
                "title": t("evidence_title", process=process, name=stored.name),
                "process_name": process,
                "data": stored.process,
                "name": stored.name,
                "tickets": f"{stored.tickets:,}",
                "facts": t(
                    "evidence_facts",
                    tickets=f"{stored.tickets:,}",
                    events=f"{stored.events:,}",
                    source=stored.source,
                    shape=t(f"shape_{stored.shape}") if stored.shape in ("tickets", "events") else stored.shape,
                    by=stored.imported_by,
                    date=short_date(stored.imported_at),
                ),
                "kpi_tables": _kpi_tables(stored, names, process) if stored.kpis else [],
                "flow": _flow(mining, names) if mining is not None else None,
                "index_data": num(mining.index) if mining is not None else DASH,
                "index_answers": num(
                    _answers_index(analysis, QUESTIONNAIRE_PROCESS.get(stored.process, stored.process))
                ),
            }
        )
    checks = verdicts_of(analysis, evidence)
    verdicts = [
        {
            "item": row["item"],
            "data": row.get("data") if isinstance(row.get("data"), str) else "",  # the ticket process judged on
            "text": names.items.get(row["item"], row["item"]),
            "process": names.process(row["process"]),
            "kpi": kpi_label(row["kpi"], lang),
            "value": kpi_value(row["kpi"], row["value"], lang),
            "threshold": threshold_text(row["kpi"], row["direction"], row["threshold"], lang),
            "achievement": pct(row["achievement"]),
            "verdict": row["verdict"] if isinstance(row["verdict"], str) else "",
            "verdict_text": glossary_word(row["verdict"], lang),
            "kind": glossary_word(row["kind"], lang) if row.get("kind") in ("overrated", "underrated") else "",
        }
        for row in checks.to_dict("records")
    ]
    return {"sections": sections, "verdicts": verdicts}
