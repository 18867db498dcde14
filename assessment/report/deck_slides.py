"""The deck's slides per process and of the roadmap (see assessment/report/deck.py for the others).

A process's slide: its level and target, its priority rank with the reason in plain words, the advice (else the rule
sentences), and the consultant's findings and recommendations beside them when written. The notes keep the detail:
the key figures, the rule sentences, the practices to raise with today's achievement, the weaknesses.
"""

from __future__ import annotations

from typing import Any

from assessment.report.deck_parts import Para, add_table, blocks_paragraphs, blocks_text, para

ADVICE_SHOWN = 4  # advice sentences on a slide; every one is in the notes
ROWS_PER_SLIDE = 10  # table rows on one roadmap slide

TEXTS: dict[str, tuple[str, str]] = {
    "level_line": (
        "Level {level} · target {target} · gap {gap}",
        "当前第 {level} 级 · 目标第 {target} 级 · 差距 {gap}",
    ),
    "rank_line": ("Priority rank {rank} of {of}: {reason}", "优先级第 {rank} 位（共 {of} 个）：{reason}"),
    "why": ("Why this level:", "等级依据："),
    "practices": ("Practices to raise:", "需要提高的实践："),
    "practice_line": (
        "{item} {text} (level {level}): {achievement} today, needs {needs}",
        "{item} {text}（第 {level} 级）：目前 {achievement}，需要 {needs}",
    ),
    "weaknesses": ("Weaknesses:", "不足："),
    "roadmap": ("Roadmap by workstream", "按工作流划分的路线图"),
    "roadmap_phases": ("Roadmap by phase", "按阶段划分的路线图"),
    "milestones": ("Milestones", "里程碑"),
    "capacity": ("Capacity (person-days a month)", "产能（每月人天）"),
    "date": ("Date", "日期"),
    "continued": ("{title} ({page}/{pages})", "{title}（{page}/{pages}）"),
}


def _say(builder: Any, key: str, **params: Any) -> str:
    en, zh = TEXTS[key]
    return (zh if builder.lang == "zh" else en).format(**params)


def process_slides(builder: Any, view: dict[str, Any]) -> None:
    """One slide per process, in questionnaire order."""
    for process in view["processes"]:
        _process_slide(builder, process)


def _process_slide(builder: Any, process: dict[str, Any]) -> None:
    say = lambda key, **params: _say(builder, key, **params)  # noqa: E731
    left = [
        para(
            say("level_line", level=process["level"], target=process["target"], gap=process["gap"]), "plain", bold=True
        )
    ]
    priority = process.get("priority")
    if isinstance(priority, dict) and priority.get("rank") is not None:
        left.append(
            para(
                say("rank_line", rank=priority["rank"], of=priority.get("of", "–"), reason=priority.get("reason", "")),
                "plain",
            )
        )
    advice = [str(sentence) for sentence in process.get("advice") or []]
    why = [str(sentence) for sentence in process.get("why") or []]
    left.append(para(builder.t("advice_title"), "plain", bold=True))
    left += [para(sentence) for sentence in (advice or why)[:ADVICE_SHOWN]]
    consultant = process.get("consultant") or {}
    findings, recommendations = consultant.get("findings"), consultant.get("recommendations")
    right: list[Para] = []
    if findings:
        right += [para(builder.t("findings"), "plain", bold=True), *blocks_paragraphs(findings)]
    if recommendations:
        right += [para(builder.t("recommendations"), "plain", bold=True), *blocks_paragraphs(recommendations)]
    if not right:  # nothing written by the consultant yet: the generated profile of the process
        right = _profile(builder, process)
    notes = [process.get("figures", "")]
    notes += advice
    notes += [say("why"), *why]
    items = process.get("advice_items") or []
    if items:
        notes.append(say("practices"))
        notes += [
            say(
                "practice_line", **{key: item.get(key, "") for key in ("item", "text", "level", "achievement", "needs")}
            )
            for item in items
        ]
    elif process.get("weaknesses"):
        notes.append(say("weaknesses"))
        notes += [
            f"{row['item']} {row['text']} (L{row['level']}): {row['achievement']} → {row['needed']}"
            for row in process["weaknesses"]
        ]
    notes += blocks_text(findings) + blocks_text(recommendations)
    builder.text_slide(process["name"], left, notes, right or None)


def _profile(builder: Any, process: dict[str, Any]) -> list[Para]:
    """Achievement by dimension and the strongest practices: what the process already does well and where it lags."""
    t = builder.t
    found = []
    if process.get("dimensions"):
        found.append(para(t("dimension_profile"), "plain", bold=True))
        found += [Para([(f"{row['name']}: ", False), (row["achievement"], True)]) for row in process["dimensions"]]
    if process.get("strengths"):
        found.append(para(t("strengths"), "plain", bold=True))
        found += [para(f"{row['text']} ({row['achievement']})") for row in process["strengths"]]
    return found


def roadmap_slides(builder: Any, view: dict[str, Any]) -> None:
    """The roadmap by workstream (by phase before workstreams exist) and the milestones, as tables."""
    t = builder.t
    say = lambda key, **params: _say(builder, key, **params)  # noqa: E731
    roadmap = view["roadmap"]
    notes = [roadmap.get("intro", "")]
    workstreams = roadmap.get("workstreams")
    if workstreams:
        header = [t("workstream"), say("capacity"), t("start"), t("due"), t("kpi_actions"), t("effort")]
        rows = [
            [str(row.get(key, "")) for key in ("name", "capacity", "start", "end", "actions", "effort")]
            for row in workstreams
        ]
        _table_slides(builder, say("roadmap"), header, rows, notes, [3.4, 1.6, 1.4, 1.4, 1.1, 1.6])
    elif roadmap.get("phases"):
        header = [t("phase"), t("kpi_actions"), t("effort"), t("start"), t("due")]
        rows = [[str(value) for value in row] for row in roadmap["phases"]]
        _table_slides(builder, say("roadmap_phases"), header, rows, notes, [3.4, 1.2, 1.8, 1.5, 1.5])
    else:
        builder.text_slide(say("roadmap"), [para(roadmap.get("intro") or t("no_actions"), "plain")], notes)
    milestones = roadmap.get("milestones") or []
    if milestones:
        rows = [[str(row.get("name", "")), str(row.get("date", ""))] for row in milestones]
        calendar = [str(note) for note in roadmap.get("calendar") or []]  # working days; years estimated
        _table_slides(builder, say("milestones"), [t("milestone"), say("date")], rows, calendar, [5.0, 2.0])


def _table_slides(
    builder: Any, title: str, header: list[str], rows: list[list[str]], notes: list[str], widths: list[float]
) -> None:
    """A table over as many slides as its rows need (ROWS_PER_SLIDE each)."""
    pages = max(1, -(-len(rows) // ROWS_PER_SLIDE))
    for page in range(pages):
        shown = title if pages == 1 else _say(builder, "continued", title=title, page=page + 1, pages=pages)
        slide, box = builder.graphic_slide(shown, notes)
        chunk = rows[page * ROWS_PER_SLIDE : (page + 1) * ROWS_PER_SLIDE]
        add_table(slide, box, header, chunk, builder.fonts, widths=widths, size=14)
