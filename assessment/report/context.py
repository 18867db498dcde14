"""The report's view model: plain values from an Analysis, in one language, ready for the templates.

Every number is formatted here and every name looked up here; the templates only lay them out. Frames are
split by process once (groupby), never filtered answer by answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from assessment.analysis.advice import priority_reasons
from assessment.analysis.analyse import Analysis
from assessment.report import charts as report_charts
from assessment.report.common import (
    DASH,
    METHODS,
    RATING_COLOURS,
    RATING_INK,
    Names,
    action_title,
    long_date,
    missing,
    names_of,
    num,
    pct,
    rating_of,
    short_date,
    whole,
)
from assessment.report.consultant_views import add_consultant
from assessment.report.options import SECTIONS, ReportOptions
from assessment.report.plan_views import appendix_view, gaps_view, priority_parts_view, roadmap_view
from assessment.report.process_views import pain_points, process_views
from scoring.charts import dimension_heatmap, radar_chart
from scoring.maturity import LEVELS
from scoring.roadmap import short_items

ChartMaker = Callable[..., report_charts.Chart | None]
RULE_NAMES = {"iso33020": "ISO/IEC 33020", "c2m2": "C2M2"}
TOP_GAPS = 5
GAPS_PER_PROCESS = 2
TOP_PRIORITIES = 3
TOP_PAIN = 4
FIRST_STEPS = 5


def report_context(
    analysis: Analysis,
    meta: Any,
    options: ReportOptions,
    *,
    walkthroughs: pd.DataFrame | None = None,
    records: dict | None = None,
    jobs: report_charts.ChartJobs | None = None,
    evidence: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Everything the templates show, for the sections `options` chooses, in `options.lang`.

    Charts go to `jobs` (exported on its worker while the rest goes on); without jobs, the report has none.
    `evidence`: the assessment's stored evidence (assessment.workspace.evidence.evidence_of); without any, the
    report has no evidence chapter.
    """
    lang = options.lang
    names = names_of(analysis, lang)
    chart = _chart_maker(jobs)
    chapters = [key for key in options.sections if key != "cover" and (key != "evidence" or evidence)]
    numbers = {key: index for index, key in enumerate(chapters, start=1)}
    pain = pain_points(records, analysis, names)

    view: dict[str, Any] = {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "t": names.t,
        "meta": meta,
        "date_text": long_date(meta.date, lang),
        "questionnaire": meta.questionnaire or _questionnaire_label(analysis, lang),
        "logo": meta.branding.logo_data_url(),
        "company": meta.branding.company,
        "include": set(options.sections),
        "chapters": [{"key": key, "number": numbers[key], "title": SECTIONS[key].get(lang)} for key in chapters],
        "numbers": numbers,
        "ratings": {letter: {"bg": RATING_COLOURS[letter], "ink": RATING_INK[letter]} for letter in RATING_COLOURS},
        "produced": names.t("produced", date=long_date(dt.date.today(), lang)),
    }
    # the views with charts first: their charts are exported (another process's work) while the rest is built
    if "overview" in numbers:
        view["overview"] = overview_view(analysis, names, chart)
    if "gaps" in numbers:
        view["gaps"] = gaps_view(analysis, names, chart)
    if "roadmap" in numbers:
        view["roadmap"] = roadmap_view(analysis, names, chart)
    if "summary" in numbers:
        view["summary"] = summary_view(analysis, names, pain)
    if "method" in numbers:
        view["method"] = method_view(analysis, names, view["questionnaire"])
    if "processes" in numbers:
        view["processes"] = process_views(analysis, names, walkthroughs, pain, numbers["processes"])
    if "evidence" in numbers:
        from assessment.report.evidence_views import evidence_view  # the KPIs' and verdicts' modules, when needed

        view["evidence"] = evidence_view(analysis, evidence or [], names)
    if "appendix" in numbers:
        view["appendix"] = appendix_view(analysis, names)
        view["priority_parts"] = priority_parts_view(analysis, names)
    add_consultant(view, analysis)  # the consultant's own findings and recommendations, where written
    return view


def _chart_maker(jobs: report_charts.ChartJobs | None) -> ChartMaker:
    """chart(figure builder, width, height) -> the Chart the templates show, or None for a report without charts."""

    def chart(build: Callable[[], Any], width: int, height: int | None = None) -> report_charts.Chart | None:
        return None if jobs is None else jobs.submit(build, width, height)

    return chart


def _questionnaire_label(analysis: Analysis, lang: str) -> str:
    questionnaire = analysis.scored.questionnaire
    return f"{questionnaire.title.get(lang)} ({questionnaire.id} {questionnaire.version})"


# --- executive summary ------------------------------------------------------------------------------------------------


def summary_view(analysis: Analysis, names: Names, pain: list[dict]) -> dict[str, Any]:
    """The overall picture, the five most important gaps, the top priorities, key pain points, first steps."""
    t = names.t
    result = analysis.scored.result
    processes = result.processes
    responses = analysis.scored.responses
    respondents = responses.respondents
    units = respondents["unit"].replace("", np.nan).dropna().nunique()
    answers = int((responses.answers["answer"].astype(str) != "").sum())
    ranked = processes.sort_values(["score", "level"], ascending=False)
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    met = int((processes["gap"].fillna(0) == 0).sum())
    paragraphs = [
        t(
            "summary_overall",
            processes=len(processes),
            respondents=len(respondents),
            units=units,
            answers=answers,
            mean_level=num(processes["level"].mean(), 1),
            mean_score=num(processes["score"].mean()),
            met=met,
            best=names.process(best.process),
            best_level=int(best.level),
            worst=names.process(worst.process),
            worst_level=int(worst.level),
        )
    ]
    consistency = analysis.consistency.dropna(subset=["index"])
    if len(consistency):
        low = consistency.sort_values("index").iloc[0]
        paragraphs.append(
            t(
                "summary_units",
                process=names.process(low.process),
                index=num(low["index"]),
                units=f"{low.lowest_unit} / {low.highest_unit}",
            )
        )
    actions = analysis.roadmap.actions
    if len(actions):
        paragraphs.append(
            t(
                "summary_roadmap",
                actions=len(actions),
                effort=num(actions["effort"].sum(), 0),
                start=short_date(actions["start"].min()),
                end=short_date(actions["due"].max()),
                capacity=num(analysis.capacity, 0),
                quick=int(actions["quick_win"].fillna(False).astype(bool).sum()),
            )
        )
    kpis = [
        (t("kpi_level"), num(processes["level"].mean(), 1)),
        (t("kpi_score"), num(processes["score"].mean())),
        (t("kpi_met"), f"{met} / {len(processes)}"),
        (t("kpi_respondents"), str(len(respondents))),
        (t("kpi_actions"), str(len(actions))),
        (t("kpi_effort"), num(actions["effort"].sum(), 0) if len(actions) else "0"),
    ]
    first = actions.sort_values("order").head(FIRST_STEPS) if len(actions) else actions
    return {
        "paragraphs": paragraphs,
        "kpis": kpis,
        "gaps": top_gaps(analysis, names),
        "priorities": top_priorities(analysis, names),
        "pain": pain[:TOP_PAIN],
        "pain_by_process": _pain_by_process(analysis, names) if not pain else [],
        "first_steps": [
            {
                "order": int(row["order"]),
                "action": row["action"],
                "title": action_title(row, names.lang),
                "process": names.process(row["process"]),
                "owner": names.role(row["owner"]),
                "dates": f"{short_date(row['start'])} – {short_date(row['due'])}",
                "quick_win": bool(row["quick_win"]),
            }
            for row in first.to_dict("records")
        ],
    }


def top_gaps(analysis: Analysis, names: Names) -> list[dict[str, Any]]:
    """The items furthest below what their target level needs, weighed by their process's priority."""
    result = analysis.scored.result
    targets = dict(zip(result.processes["process"], result.processes["target"], strict=True))
    short = short_items(result.items, targets, result.rule)
    if short.empty:
        return []
    priority = analysis.priorities.set_index("process")["priority"]
    shortfall = short["needs"] - short["achievement"].fillna(0.0)
    weight = short["process"].map(priority).fillna(0.0) + 1.0  # +1: a gap of a process at priority 0 still ranks
    chosen = short.assign(shortfall=shortfall, weight=shortfall * weight)
    chosen = chosen.sort_values(["weight", "shortfall", "level"], ascending=[False, False, True])
    chosen = chosen.groupby("process", sort=False).head(GAPS_PER_PROCESS).head(TOP_GAPS)  # the picture, not one process
    return [
        {
            "item": row.item,
            "text": names.items.get(row.item, row.item),
            "process": names.process(row.process),
            "level": int(row.level),
            "achievement": pct(row.achievement),
            "needed": "> " + pct(row.needs),
        }
        for row in chosen.itertuples()
    ]


def top_priorities(analysis: Analysis, names: Names) -> list[dict[str, Any]]:
    """The most urgent processes: their rank and why, in plain words (the points of each part are in the appendix)."""
    reasons = priority_reasons(analysis.priorities)
    chosen = analysis.priorities.sort_values("rank")
    rows = []
    for row in chosen.to_dict("records"):
        reason = reasons.get(row["process"])
        if reason is None:
            continue
        rows.append(
            {
                "rank": reason.rank,
                "of": reason.of,
                "process": names.process(row["process"]),
                "level": whole(row["level"]),
                "target": whole(row["target"]),
                "reason": reason.reason(names.lang),
                "sentence": reason.sentence(names.lang),
                "line": reason.line(names.lang),
            }
        )
    return rows[:TOP_PRIORITIES]


def _pain_by_process(analysis: Analysis, names: Names) -> list[tuple[str, str]]:
    """Without the pain points' texts: the sum of severities by process, most painful first."""
    pain = analysis.pain
    if pain is None or pain.empty:
        return []
    sums = pain.groupby("process", sort=False)["severity"].agg(["sum", "count"]).sort_values("sum", ascending=False)
    return [(names.process(process), f"{num(row['sum'], 0)} ({int(row['count'])})") for process, row in sums.iterrows()]


# --- method -----------------------------------------------------------------------------------------------------------


def method_view(analysis: Analysis, names: Names, questionnaire_label: str) -> dict[str, Any]:
    """Scale, rule, ratings, respondents by role, by unit and method, and coverage."""
    t = names.t
    lang = names.lang
    scored = analysis.scored
    questionnaire = scored.questionnaire
    result = scored.result
    used = {item.scale_id for _, item in questionnaire.all_items() if item.is_scored}
    scales = [
        {
            "id": scale_id,
            "options": [(option.key, num(option.value), option.label.get(lang)) for option in options],
        }
        for scale_id, options in questionnaire.all_scales().items()
        if scale_id in used
    ]
    respondents = scored.responses.respondents
    answers = scored.responses.answers
    given = answers.loc[answers["answer"].astype(str) != "", ["respondent"]]
    per_respondent = given.groupby("respondent").size()
    people = respondents.assign(answers=respondents["respondent"].map(per_respondent).fillna(0).astype(int))
    weights = questionnaire.role_weights()
    roles = people.groupby("role", sort=False).agg(respondents=("respondent", "size"), answers=("answers", "sum"))
    order = [r.id for r in questionnaire.roles] + [r for r in roles.index if r not in names.roles]
    roles = roles.reindex([r for r in order if r in roles.index])
    role_rows = [
        (names.role(role), num(weights.get(role, 1.0), 1), int(row.respondents), int(row.answers))
        for role, row in roles.iterrows()
    ]
    method = people["method"].where(people["method"].isin(METHODS), "other")
    unit = people["unit"].where(people["unit"] != "", t("no_unit"))
    grid = pd.crosstab(unit, method)
    columns = [m for m in (*METHODS, "other") if m in grid.columns]
    unit_rows = [(str(u), [int(grid.at[u, m]) for m in columns], int(grid.loc[u].sum())) for u in grid.index]
    dont_know = analysis.dont_know_processes.set_index("process")["rate"] if len(analysis.dont_know_processes) else {}
    coverage = [
        (
            names.process(row.process),
            int(row.items),
            int(row.answered),
            pct(row.coverage),
            pct(dont_know.get(row.process) if len(dont_know) else None, 1),
        )
        for row in result.processes.itertuples()
    ]
    items_total = sum(1 for _, item in questionnaire.all_items() if item.is_scored)
    mapped = [fw for fw in questionnaire.frameworks if fw.levels]  # the frameworks that say what each level means
    return {
        "intro": t(
            "method_intro",
            questionnaire=questionnaire_label,
            items=items_total,
            processes=len(questionnaire.processes),
        ),
        "scales": scales,
        "rule_name": RULE_NAMES.get(result.rule, result.rule),
        "rule": t("rule_c2m2" if result.rule == "c2m2" else "rule_iso33020"),
        "ratings": [
            ("N", t("rating_N"), "0 – 15%"),
            ("P", t("rating_P"), "> 15% – 50%"),
            ("L", t("rating_L"), "> 50% – 85%"),
            ("F", t("rating_F"), "> 85% – 100%"),
        ],
        "roles": role_rows,
        "roles_total": (len(people), int(people["answers"].sum())),
        "method_columns": [t(f"method_{m}") for m in columns],
        "units": unit_rows,
        "coverage": coverage,
        "frameworks": {
            "columns": [(fw.name.get(lang), t(fw.correspondence)) for fw in mapped],
            "rows": [
                (level, [fw.levels[level].get(lang) if level in fw.levels else "—" for fw in mapped])
                for level in range(1, 6)
            ]
            if mapped
            else [],
        },
    }


def _radar(result: Any, lang: str, shown: dict[str, str]) -> Any:
    """The radar as the app draws it: its margins fit its process names, its legend's title says what the rings are."""
    return radar_chart(result.processes, lang, shown, levels=result.levels)


def _heatmap(result: Any, lang: str, shown: dict[str, str], dimensions: dict[str, str]) -> Any:
    """The heat map of process × dimension without its colour bar: the letters say the rating, the legend the rest."""
    fig = dimension_heatmap(result.dimensions, lang, shown, dimensions, list(result.processes["process"]))
    fig.update_traces(showscale=False)
    fig.update_xaxes(tickangle=0, title={"text": ""})
    fig.update_yaxes(title={"text": ""})
    return fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10})


# --- maturity overview ------------------------------------------------------------------------------------------------


def overview_view(analysis: Analysis, names: Names, chart: ChartMaker) -> dict[str, Any]:
    """Radar, heat map of process × dimension, and the table of levels, scores and ratings."""
    lang = names.lang
    result = analysis.scored.result
    shown, dimensions = names.processes, names.dimensions  # the chart builders escape every text from data
    rows_count = len(result.processes)
    ratings = result.levels.pivot_table(index="process", columns="level", values="rating", aggfunc="first")
    ratings = ratings.reindex(index=result.processes["process"], columns=list(LEVELS))
    rows = [
        {
            "name": names.process(row.process),
            "level": whole(row.level),
            "score": num(row.score),
            "target": whole(row.target),
            "gap": whole(row.gap),
            "coverage": pct(row.coverage),
            "ratings": [rating_of(r) for r in ratings.loc[row.process]],
            "short": not missing(row.gap) and row.gap > 0,
        }
        for row in result.processes.itertuples()
    ]
    return {
        "radar": chart(lambda: _radar(result, lang, shown), 780, 700),
        "dimensions": chart(lambda: _heatmap(result, lang, shown, dimensions), 760, 40 * rows_count + 110),
        "rows": rows,
        "legend": [(letter, names.t(f"rating_{letter}")) for letter in ("N", "P", "L", "F")],
        "dash": DASH,
    }
