"""Chart builders of the plan: gap bars by priority, the trend over assessments (the Gantt: charts_roadmap.py).

The same conventions as scoring/charts.py: Plotly figures, FONT_FAMILY on every figure, labels in
the chosen language, colours from scoring/palette.py (categories Okabe–Ito with dashes and symbols,
ordered series stepping in lightness). No Streamlit, no I/O.

- gap_bars: the frame of scoring.priorities.gap_priorities; bars follow its rank (else its
  priority), the gap's bar labelled with its rank ("#1"); the priority's points and their parts
  only in the hover (a reader of the chart compares gaps in levels, not points).
- trend_chart: the trend frame of scoring.comparison.trend [label, process, level, score].
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scoring.charts import (
    DASHES,
    OUTLINE,
    SYMBOLS,
    categorical,
    check_lang,
    fmt,
    lch_colour,
    name_of,
    safe,
    style,
    text,
)

PHASE_ORDER = ("quick_win", "assessment", "working_group", "design", "tooling", "pilot", "rollout", "improvement")
# The phases of the implementation path, as assessment.questionnaire.plan_model.PHASES names them.
PHASE_NAMES: dict[str, tuple[str, str]] = {
    "quick_win": ("Quick wins", "速赢整改"),
    "assessment": ("Assessment and needs analysis", "现状评估与需求分析"),
    "working_group": ("Working group and responsibilities", "成立专项工作组与明确职责"),
    "design": ("Process design and blueprint", "流程梳理与蓝图设计"),
    "tooling": ("Tool selection and adaptation", "工具选型与适配"),
    "pilot": ("Pilot", "试点运行"),
    "rollout": ("Rollout and training", "推广与培训"),
    "improvement": ("Measurement and continual improvement", "度量与持续改进"),
}
LABELS: dict[str, tuple[str, str]] = {
    "gap_title": ("Gaps to target, by priority", "与目标的差距（按优先级排序）"),
    "gantt_title": ("Standardization roadmap", "流程标准化路线图"),
    "trend_title": ("Maturity over time", "成熟度趋势"),
    "gap": ("Gap (levels)", "差距（等级）"),
    "score_gap": ("Score gap", "得分差距"),
    "gap_axis": ("Gap to target (levels)", "与目标的差距（等级）"),
    "priority": ("Priority", "优先级"),
    "rank": ("Rank", "排名"),
    "importance": ("Importance", "业务重要性"),
    "pain": ("Pain", "痛点"),
    "effort": ("Effort (person-days)", "工作量（人天）"),
    "parts": (
        "Points: gap {gap} + importance {importance} + pain {pain} + effort {effort}",
        "得分构成：差距 {gap} + 重要性 {importance} + 痛点 {pain} + 工作量 {effort}",
    ),
    "action": ("Action", "行动项"),
    "phase": ("Phase", "阶段"),
    "owner": ("Owner", "负责人"),
    "start": ("Start", "开始"),
    "due": ("Due", "完成"),
    "date": ("Date", "日期"),
    "quick_win": ("quick win", "速赢"),
    "closes": ("Closes", "对应题目"),
    "assessment": ("Assessment", "评估"),
}
QUICK_WIN_MARK = "★"


def label(key: str, lang: str) -> str:
    """A plan-chart label in `lang` (then the shared chart labels)."""
    return LABELS[key][1 if lang == "zh" else 0] if key in LABELS else text(key, lang)


def phase_name(phase: str, lang: str) -> str:
    """The name of a phase of the implementation path in `lang`, or its id."""
    return PHASE_NAMES[phase][1 if lang == "zh" else 0] if phase in PHASE_NAMES else str(phase)


def gap_bars(
    priorities: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of each process's gap to its target (levels and score), most urgent on top."""
    check_lang(lang)
    frame = priorities.sort_values("rank" if "rank" in priorities else "priority", ascending="rank" in priorities)
    y = [name_of(names, p) for p in frame["process"]]

    def hover(row: pd.Series) -> str:
        lines = [
            f"{label('rank', lang)} {fmt(row.get('rank'), '.0f')} · {label('priority', lang)} "
            f"{fmt(row.get('priority'), '.0f')}",
            f"{text('levels', lang)} {fmt(row.get('level'), '.0f')} → {text('target', lang)} "
            f"{fmt(row.get('target'), '.0f')} · {text('score', lang)} {fmt(row.get('score'))}",
        ]
        if all(f"{part}_part" in row for part in ("gap", "importance", "pain", "effort")):
            lines.append(
                label("parts", lang).format(
                    **{part: fmt(row[f"{part}_part"], ".1f") for part in ("gap", "importance", "pain", "effort")}
                )
            )
        lines.append(
            f"{label('importance', lang)} {fmt(row.get('importance'), '.0f')} · {label('pain', lang)} "
            f"{fmt(row.get('pain'), '.0f')} · {label('effort', lang)} {fmt(row.get('effort'), '.0f')}"
        )
        return "<br>".join(lines)

    hovers = [hover(row) for _, row in frame.iterrows()]
    ranks = [f"#{r:.0f}" if pd.notna(r) else "" for r in frame["rank"]] if "rank" in frame else None
    fig = go.Figure()
    series = (("gap", lch_colour(32, 50, 265), ""), ("score_gap", lch_colour(76, 35, 60), "/"))
    for key, colour, pattern in series:
        if key not in frame:
            continue
        values = frame[key].astype(float)
        fig.add_trace(
            go.Bar(
                x=values.tolist(),
                y=y,
                orientation="h",
                name=label(key, lang),
                marker={"color": colour, "line": {"color": OUTLINE, "width": 0.5}, "pattern": {"shape": pattern}},
                text=ranks if key == "gap" else None,
                textposition="outside",
                cliponaxis=False,
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra>" + label(key, lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="group", height=max(360, 48 * len(frame) + 160))
    widest = max(
        [float(np.nan_to_num(frame[k].max())) for k in ("gap", "score_gap") if k in frame and len(frame)] + [1.0]
    )
    fig.update_xaxes(title={"text": label("gap_axis", lang)}, range=[0, widest * 1.2])
    fig.update_yaxes(title={"text": text("process", lang)}, autorange="reversed", type="category")
    return style(fig, title or label("gap_title", lang))


def trend_chart(
    trend: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    measure: str = "score",
    title: str | None = None,
) -> go.Figure:
    """Lines of each process's score (or level) over the assessments of a trend frame [label, process, level, score]."""
    check_lang(lang)
    if measure not in ("level", "score"):
        raise ValueError(f"unknown measure {measure!r}; choose level or score")
    labels = [str(x) for x in pd.unique(trend["label"])]
    ids = list(pd.unique(trend["process"]))
    fig = go.Figure()
    for i, (process, colour) in enumerate(zip(ids, categorical(len(ids)), strict=True)):
        rows = trend[trend["process"] == process].assign(label=lambda f: f["label"].astype(str))
        rows = rows.drop_duplicates("label").set_index("label").reindex(labels)
        name = name_of(names, process)
        fig.add_trace(
            go.Scatter(
                x=[safe(x) for x in labels],
                y=rows[measure].astype(float).tolist(),
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": DASHES[i % len(DASHES)], "width": 2.5},
                marker={"color": colour, "symbol": SYMBOLS[i % len(SYMBOLS)], "size": 9},
                hovertext=[
                    f"{name} · {safe(lab)}<br>{text('levels', lang)}: {fmt(r.level, '.0f')} · {text('score', lang)}: "
                    f"{fmt(r.score)}"
                    for lab, r in zip(labels, rows.itertuples(), strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_xaxes(title={"text": label("assessment", lang)}, type="category")
    fig.update_yaxes(title={"text": text(measure, lang)}, range=[0, 5.2])
    return style(fig, title or label("trend_title", lang), text("process", lang))
