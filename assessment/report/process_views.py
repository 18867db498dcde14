"""One section per process: level and why, ratings by level, dimension profile, strengths, weaknesses,
disagreements, pain points, consistency across units, walkthrough results and respondents' remarks.

Every frame is split by process once; a section is then a handful of dict lookups and small sorts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assessment.analysis.advice import Advice, advice_of, percent, priority_reasons
from assessment.analysis.analyse import Analysis
from assessment.analysis.explain import explain_level
from assessment.report.common import (
    DASH,
    Names,
    by_process,
    missing,
    num,
    pct,
    rating_of,
    signed,
    whole,
)
from scoring.maturity import LEVELS, PRECISION
from scoring.roadmap import short_items

STRENGTHS = 3
WEAKNESSES = 5
DISAGREEMENTS = 5  # the widest spreads; every flagged item is marked in the appendix
DIFFERENCES = 3
REMARKS = 4
FULLY = 0.85


def pain_points(records: dict | None, analysis: Analysis, names: Names) -> list[dict[str, Any]]:
    """The recorded pain points, most severe first: description, severity and the processes they name."""
    entries = (records or {}).get("pain_points") or {}
    known = set(names.processes)
    rows = []
    for key, data in entries.items():
        if not isinstance(data, dict):
            continue
        severity = data.get("severity")
        processes = [p for p in data.get("processes") or [] if isinstance(p, str)]
        rows.append(
            {
                "key": str(key),
                "description": str(data.get("description") or key),
                "severity": float(severity) if isinstance(severity, (int, float)) else None,
                "severity_text": whole(severity) if isinstance(severity, (int, float)) else DASH,
                "process_ids": [p for p in processes if p in known] or processes,
                "processes": ", ".join(names.process(p) for p in processes),
            }
        )
    return sorted(rows, key=lambda row: -(row["severity"] or 0))


def process_views(
    analysis: Analysis,
    names: Names,
    walkthroughs: pd.DataFrame | None,
    pain: list[dict[str, Any]],
    chapter: int,
) -> list[dict[str, Any]]:
    """The section of every process, in questionnaire order."""
    scored = analysis.scored
    result = scored.result
    targets = dict(zip(result.processes["process"], result.processes["target"], strict=True))
    items = result.items.assign(text=result.items["item"].map(names.items))
    short = short_items(result.items, targets, result.rule)
    short = short.merge(items.loc[:, ["item", "text", "dimension"]], on="item", how="left")
    groups = {
        "levels": by_process(result.levels),
        "dimensions": by_process(result.dimensions),
        "items": by_process(items),
        "short": by_process(short),
        "flagged": by_process(analysis.flagged.merge(items.loc[:, ["item", "text"]], on="item", how="left")),
        "units": by_process(analysis.units),
        "differences": by_process(analysis.unit_differences),
        "walkthroughs": by_process(_walkthrough_rows(analysis, walkthroughs, names)),
        "remarks": by_process(_remarks(analysis, names)),
    }
    advice = advice_of(result, scored.questionnaire)
    reasons = priority_reasons(analysis.priorities)
    consistency = analysis.consistency.set_index("process")
    perception = analysis.perception_summary.set_index("process")
    questionnaire = {p.id: p for p in scored.questionnaire.processes}
    sections = []
    for number, row in enumerate(result.processes.itertuples(), start=1):
        process = row.process

        def group(kind: str, process: str = process) -> pd.DataFrame:
            return groups[kind].get(process, pd.DataFrame())

        reason = reasons.get(process)
        described = questionnaire.get(process)
        sections.append(
            {
                "id": f"process-{number}",
                "number": f"{chapter}.{number}",
                "name": names.process(process),
                "description": described.description.get(names.lang) if described and described.description else "",
                "level": whole(row.level),
                "score": num(row.score),
                "target": whole(row.target),
                "gap": whole(row.gap),
                "figures": names.t(
                    "key_figures",
                    level=whole(row.level),
                    target=whole(row.target),
                    score=num(row.score),
                    coverage=pct(row.coverage),
                ),
                "advice": advice[process].render(names.lang),
                "advice_items": advice_items(advice[process], names.lang),
                "priority": None
                if reason is None
                else {
                    "rank": reason.rank,
                    "of": reason.of,
                    "reason": reason.reason(names.lang),
                    "line": reason.line(names.lang),
                },
                "why": explain_level(result, process).render(names.lang),
                "levels": _levels(group("levels"), process, names),
                "dimensions": _dimensions(group("dimensions"), names),
                "strengths": _strengths(group("items"), names),
                "weaknesses": _weaknesses(group("short")),
                "weaknesses_more": max(0, len(group("short")) - WEAKNESSES),
                "disagreements": _disagreements(group("flagged")),
                "disagreements_more": max(0, len(group("flagged")) - DISAGREEMENTS),
                "perception": _perception(perception, process, names),
                "pain": [p for p in pain if process in p["process_ids"]],
                "units": _units(group("units"), consistency, process, names),
                "differences": _differences(group("differences"), names),
                "walkthroughs": group("walkthroughs").to_dict("records"),
                "walkthroughs_known": walkthroughs is not None,
                "remarks": group("remarks").to_dict("records"),
            }
        )
    return sections


def advice_items(advice: Advice, lang: str) -> list[dict[str, Any]]:
    """Every practice the advice lists (not only those its sentence names), with today's achievement and the need."""
    return [
        {
            "item": entry.item,
            "text": advice.text(entry.item, lang),
            "level": entry.level,
            "achievement": percent(entry.achievement),
            "needs": percent(entry.needs),
        }
        for entry in advice.items
    ]


def _levels(levels: pd.DataFrame, process: str, names: Names) -> list[dict[str, Any]]:
    rows = levels.set_index("level").reindex(list(LEVELS))
    return [
        {
            "level": k,
            "looks": names.level_texts.get((process, k), ""),
            "total": whole(rows.at[k, "items"]) if k in rows.index else DASH,
            "answered": whole(rows.at[k, "answered"]) if k in rows.index else DASH,
            "achievement": pct(rows.at[k, "achievement"]),
            "width": _width(rows.at[k, "achievement"]),
            "rating": rating_of(rows.at[k, "rating"]),
        }
        for k in LEVELS
    ]


def _width(value: Any) -> str:
    """A bar's width in percent, for an inline style: a number this module formats, never text."""
    return "0" if missing(value) else f"{max(0.0, min(1.0, float(value))) * 100:.1f}"


def _dimensions(dimensions: pd.DataFrame, names: Names) -> list[dict[str, Any]]:
    if dimensions.empty:
        return []
    order = {key: index for index, key in enumerate(names.dimensions)}
    rows = dimensions.assign(order=dimensions["dimension"].map(order).fillna(len(order))).sort_values("order")
    return [
        {
            "name": names.dimension(row.dimension),
            "achievement": pct(row.achievement),
            "width": _width(row.achievement),
            "rating": rating_of(_rate(row.achievement)),
            "total": whole(row.items),
        }
        for row in rows.itertuples()
    ]


def _rate(value: Any) -> str:
    if missing(value):
        return ""
    value = round(float(value), PRECISION)
    return "N" if value <= 0.15 else "P" if value <= 0.5 else "L" if value <= 0.85 else "F"


def _strengths(items: pd.DataFrame, names: Names) -> list[dict[str, Any]]:
    if items.empty:
        return []
    strong = items[items["achievement"].round(PRECISION) > FULLY]
    strong = strong.sort_values(["level", "achievement"], ascending=[False, False]).head(STRENGTHS)
    return [_item_row(row) for row in strong.itertuples()]


def _weaknesses(short: pd.DataFrame) -> list[dict[str, Any]]:
    if short.empty:
        return []
    chosen = short.assign(gap=short["needs"] - short["achievement"].fillna(0.0))
    chosen = chosen.sort_values(["level", "gap"], ascending=[True, False]).head(WEAKNESSES)
    return [{**_item_row(row), "needed": "> " + pct(row.needs)} for row in chosen.itertuples()]


def _item_row(row: Any) -> dict[str, Any]:
    return {
        "item": row.item,
        "text": row.text if isinstance(row.text, str) else row.item,
        "level": whole(row.level),
        "achievement": pct(row.achievement),
        "rating": rating_of(_rate(row.achievement)),
    }


def _disagreements(flagged: pd.DataFrame) -> list[dict[str, Any]]:
    if flagged.empty:
        return []
    return [
        {
            **_item_row(row),
            "spread": num(row.spread),
            "answers": whole(row.answers),
            "agreed": bool(getattr(row, "agreed", False)),
        }
        for row in flagged.sort_values("spread", ascending=False).head(DISAGREEMENTS).itertuples()
    ]


def _perception(perception: pd.DataFrame, process: str, names: Names) -> str:
    if process not in perception.index:
        return ""
    row = perception.loc[process]
    if missing(row.get("gap")) or not isinstance(row.get("highest_role"), str):
        return ""
    return names.t(
        "perception",
        highest=names.role(row["highest_role"]),
        highest_offset=signed(row["highest"]),
        lowest=names.role(row["lowest_role"]),
        lowest_offset=signed(row["lowest"]),
        gap=num(row["gap"]),
    )


def _units(units: pd.DataFrame, consistency: pd.DataFrame, process: str, names: Names) -> dict[str, Any]:
    if units.empty or len(units) < 2:
        return {"rows": [], "line": ""}
    median = units["score"].median()
    rows = [
        {
            "unit": str(row.unit),
            "level": whole(row.level),
            "score": num(row.score),
            "deviation": signed(row.score - median),
            "deviates": abs(row.score - median) > 0.5,
            "respondents": whole(row.respondents),
        }
        for row in units.itertuples()
    ]
    line = ""
    if process in consistency.index and not missing(consistency.at[process, "index"]):
        index = float(consistency.at[process, "index"])
        line = names.t("consistency_line", index=num(index), difference=pct(1 - index))
    return {"rows": rows, "line": line}


def _differences(differences: pd.DataFrame, names: Names) -> list[dict[str, Any]]:
    if differences.empty:
        return []
    chosen = differences.sort_values("difference", ascending=False).head(DIFFERENCES)
    return [
        {
            "item": row.item,
            "text": names.items.get(row.item, row.item),
            "lowest": f"{row.lowest_unit} {pct(row.lowest)}",
            "highest": f"{row.highest_unit} {pct(row.highest)}",
            "difference": pct(row.difference),
        }
        for row in chosen.itertuples()
    ]


def _walkthrough_rows(analysis: Analysis, walkthroughs: pd.DataFrame | None, names: Names) -> pd.DataFrame:
    """Per check of a walkthrough test: process, check text, samples, passed, failed and the distinct notes."""
    columns = ["process", "check", "text", "samples", "passed", "failed", "notes"]
    if walkthroughs is None or walkthroughs.empty:
        return pd.DataFrame(columns=columns)
    checks = {
        check.id: (process.id, check.text.get(names.lang))
        for process in analysis.scored.questionnaire.processes
        for walkthrough in process.walkthroughs
        for check in walkthrough.checks
    }
    frame = walkthroughs.assign(
        passed=walkthroughs["passed"].fillna(False).astype(bool),
        note=walkthroughs["note"].fillna("").astype(str).str.strip(),
    )
    grouped = frame.groupby("check", sort=False).agg(
        samples=("sample", "size"),
        passed=("passed", "sum"),
        notes=("note", lambda notes: " · ".join(dict.fromkeys(n for n in notes if n))),
    )
    grouped = grouped.reset_index()
    known = grouped["check"].map(lambda c: checks.get(c, (None, None)))
    grouped["process"] = [k[0] for k in known]
    grouped["text"] = [k[1] or c for k, c in zip(known, grouped["check"], strict=True)]
    grouped["failed"] = grouped["samples"] - grouped["passed"]
    return grouped.dropna(subset=["process"]).loc[:, columns]


def _remarks(analysis: Analysis, names: Names) -> pd.DataFrame:
    """Respondents' comments on each process's items, the least achieved items first (never their names)."""
    answers = analysis.scored.responses.answers
    columns = ["process", "item", "role", "unit", "comment"]
    if "comment" not in answers:
        return pd.DataFrame(columns=columns)
    comment = answers["comment"].fillna("").astype(str).str.strip()
    chosen = answers.loc[comment != "", ["respondent", "item"]].assign(comment=comment[comment != ""])
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    items = analysis.scored.result.items.loc[:, ["item", "process", "achievement"]]
    people = analysis.scored.responses.respondents.loc[:, ["respondent", "role", "unit"]]
    chosen = chosen.merge(items, on="item", how="inner").merge(people, on="respondent", how="left")
    chosen = chosen.drop_duplicates(["item", "comment"])
    chosen = chosen.sort_values(["achievement", "item"], na_position="first")
    chosen = chosen.groupby("process", sort=False).head(REMARKS)
    roles = chosen["role"].map(lambda role: names.role(role))
    return chosen.assign(role=roles, unit=chosen["unit"].fillna("").astype(str)).loc[:, columns]
