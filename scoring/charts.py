"""Chart builders: Plotly figures from scoring results, in Chinese or English. No Streamlit, no I/O.

Every figure carries FONT_FAMILY (a CJK font first, so Chinese labels render the same on screen and
in exported images), labels in the chosen language, ratings as letters N/P/L/F beside their colours,
and colours from scoring/palette.py: ordered series step in lightness (CIE L*), categories take the
colour-blind-safe Okabe–Ito colours with patterns or dashes, so a chart reads in grey print and to every reader.
Display names (processes, dimensions, items) are passed in; ids are shown where a name is missing.
The gap, roadmap and trend charts are in scoring/charts_plan.py. What each builder takes:

- radar_chart: MaturityResult.processes (current), optionally an earlier one's (baseline) and
  MaturityResult.levels (the ratings of levels 1-5 as letters in the hover). The rings' scale is told in
  the legend's title, not on an axis title; the ring numbers sit midway between two processes.
- dimension_heatmap / level_heatmap: MaturityResult.dimensions / .levels; cells coloured by rating
  and showing its letter and the achievement.
- answer_distribution: the engine answers frame [respondent, item, value, weight, status];
  `items` picks and orders the items; `item_texts` (the items' texts) label each bar "id · start of
  its text", the whole text in the hover; `value_labels` names the scale values; `item_results`
  (MaturityResult.items) adds each item's rating letter to its label.
- unit_chart: scoring.consistency.unit_results [process, unit, level, score, coverage,
  respondents]; targets from `targets`, else from its `target` column ({} leaves them out).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scoring.chart_text import shorten, width, wrap
from scoring.glossary import TERMS
from scoring.maturity import LEVELS, rate
from scoring.palette import RATING_LCH as RATING_LCH  # re-exported: the report's rating badges
from scoring.palette import RATINGS, categorical, grey, lch_colour, ordinal, rating_colourscale
from scoring.palette import ramp as ramp  # re-exported: the plan's charts

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans, sans-serif"
LANGS = ("zh", "en")
TEMPLATE = "plotly_white"
OUTLINE = "#3a3a3a"  # bar outlines: light bars stay visible on white
PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")

# Labels of axes, legends and titles: (English, Chinese), as in assessment/messages.py.
LABELS: dict[str, tuple[str, str]] = {
    "radar_title": ("Maturity: current vs target", "成熟度：现状与目标"),
    "heatmap_title": ("Achievement by process and dimension", "各流程各维度的实现程度"),
    "levels_title": ("Ratings by process and level", "各流程各等级的评定"),
    "distribution_title": ("Answers per item", "各题目的答案分布"),
    "units_title": ("Units side by side", "各单位对比"),
    "current": ("Current", "现状"),
    "target": ("Target", "目标"),
    "baseline": ("Baseline", "基线"),
    "level": ("Maturity level", "成熟度等级"),
    "score": ("Maturity score", "成熟度得分"),
    "rings_level": ("Rings: maturity level 0–5", "圆环：成熟度等级 0–5"),
    "rings_score": ("Rings: maturity score 0–5", "圆环：成熟度得分 0–5"),
    "levels": ("Level", "等级"),
    "ratings": ("Ratings L1-L5", "各级评定 L1-L5"),
    "process": ("Process", "流程"),
    "dimension": ("Dimension", "维度"),
    "achievement": ("Achievement", "实现程度"),
    "rating": ("Rating", "评定"),
    "item": ("Item", "题目"),
    "answers": ("Answers", "答案数"),
    "answer": ("Answer", "答案"),
    "share": ("Share", "占比"),
    "spread": ("Spread", "离散度"),
    "unit": ("Unit", "单位"),
    "coverage": ("Coverage", "覆盖率"),
    "respondents": ("Respondents", "答卷人"),
    "not_rated": ("not rated", "未评定"),
    "na": TERMS["na"],
    "unknown": TERMS["unknown"],
    "empty": TERMS["no_answer"],
    "other": ("Other", "其他"),
    **{letter: TERMS[f"rating_{letter}"] for letter in ("N", "P", "L", "F")},
}
UNSCORED = ("na", "unknown", "empty", "other")


def text(key: str, lang: str) -> str:
    """A chart label in `lang`."""
    return LABELS[key][1 if lang == "zh" else 0]


def check_lang(lang: str) -> None:
    """Refuse a language the product does not have."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


# --- shared pieces ------------------------------------------------------------------------------------------------


def style(fig: go.Figure, title: str, legend_title: str | None = None) -> go.Figure:
    """Set the font family, template, title and legend title every chart shares."""
    fig.update_layout(
        template=TEMPLATE,
        font={"family": FONT_FAMILY, "size": 13},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        title={"text": title},
        legend={"title": {"text": legend_title or ""}},
        separators=".,",
    )
    return fig


def safe(value: object) -> str:
    """A text from data as Plotly must get it: Plotly reads <b>, <a href>, <span style> in its texts, so markup is
    escaped and shows as typed. Every name, label and title that comes from data passes through here."""
    return html.escape(str(value), quote=False)


def name_of(names: Mapping[str, str] | None, key: object) -> str:
    """The display name of an id, or the id itself, safe for Plotly."""
    return safe((names or {}).get(key, key))


def fmt(value: object, spec: str = ".2f") -> str:
    """A number for hover text; a dash for a missing one."""
    if value is None or pd.isna(value):
        return "-"
    return format(value, spec)


def letter(rating: object) -> str:
    """A rating letter, or "-" when not rated."""
    return rating if isinstance(rating, str) and rating else "-"


def _rating_grid(
    frame: pd.DataFrame, rows: str, columns: str, row_order: Sequence, column_order: Sequence
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Achievement, rating index and rating letters of a long frame, pivoted to rows × columns."""
    achievement = (
        frame.pivot_table(index=rows, columns=columns, values="achievement", aggfunc="first", dropna=False)
        .reindex(index=list(row_order), columns=list(column_order))
        .to_numpy(dtype=float)
    )
    letters = rate(achievement.ravel()).reshape(achievement.shape)
    index = np.array([[RATINGS.index(r) if r else np.nan for r in row] for row in letters], dtype=float)
    return achievement, index, letters


def _rating_heatmap(
    achievement: np.ndarray,
    index: np.ndarray,
    letters: np.ndarray,
    x: list[str],
    y: list[str],
    lang: str,
    hover_x: str,
) -> go.Heatmap:
    """A heat map coloured by rating, each cell showing its letter and achievement."""
    cell = [
        [f"{letter(r)}<br>{fmt(a, '.0%')}" if r else "-" for r, a in zip(rr, ar, strict=True)]
        for rr, ar in zip(letters, achievement, strict=True)
    ]
    hover = [
        [
            f"{text('process', lang)}: {yy}<br>{hover_x}: {xx}<br>{text('achievement', lang)}: {fmt(a, '.0%')}"
            f"<br>{text('rating', lang)}: {letter(r)} {text(r, lang) if r else text('not_rated', lang)}"
            for xx, r, a in zip(x, rr, ar, strict=True)
        ]
        for yy, rr, ar in zip(y, letters, achievement, strict=True)
    ]
    return go.Heatmap(
        z=index,
        x=x,
        y=y,
        text=cell,
        texttemplate="%{text}",
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        zmin=-0.5,
        zmax=3.5,
        colorscale=rating_colourscale(),
        xgap=2,
        ygap=2,
        colorbar={
            "title": {"text": text("rating", lang)},
            "tickvals": list(range(len(RATINGS))),
            "ticktext": [f"{r} {text(r, lang)}" for r in RATINGS],
        },
    )


# --- charts -------------------------------------------------------------------------------------------------------


def radar_chart(
    processes: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    baseline: pd.DataFrame | None = None,
    levels: pd.DataFrame | None = None,
    measure: str = "level",
    title: str | None = None,
) -> go.Figure:
    """Radar of each process's current level (or score) against its target, with an optional baseline."""
    check_lang(lang)
    if measure not in ("level", "score"):
        raise ValueError(f"unknown measure {measure!r}; choose level or score")
    ids = list(processes["process"])
    theta = [name_of(names, p) for p in ids]
    ratings = {}
    if levels is not None:
        grid = levels.pivot_table(index="process", columns="level", values="rating", aggfunc="first", dropna=False)
        grid = grid.reindex(index=ids, columns=list(LEVELS))
        ratings = {p: " ".join(letter(r) for r in grid.loc[p]) for p in ids}

    def closed(values: Sequence) -> list:
        return [*values, values[0]] if len(values) else []

    def hover(frame: pd.DataFrame, letters: Mapping[str, str]) -> list[str]:
        rows = frame.set_index("process").reindex(ids)
        lines = [
            f"{theta[i]}<br>{text('levels', lang)}: {fmt(row.level, '.0f')} · {text('score', lang)}: {fmt(row.score)}"
            f" · {text('target', lang)}: {fmt(row.target, '.0f')}"
            + (f"<br>{text('ratings', lang)}: {letters[p]}" if p in letters else "")
            for i, (p, row) in enumerate(rows.iterrows())
        ]
        return closed(lines)

    current = processes.set_index("process")[measure].reindex(ids).astype(float).tolist()
    target = processes.set_index("process")["target"].reindex(ids).astype(float).tolist()
    series = []
    if baseline is not None:
        before = baseline.set_index("process")[measure].reindex(ids).astype(float).tolist()
        series.append(("baseline", before, lch_colour(80, 30, 150), "dot", "diamond", hover(baseline, {}), None))
    series.append(("target", target, lch_colour(58, 60, 40), "dash", "square", hover(processes, {}), None))
    series.append(("current", current, lch_colour(30, 50, 265), "solid", "circle", hover(processes, ratings), "toself"))
    fig = go.Figure()
    for key, values, colour, dash, symbol, hovertext, fill in series:
        fig.add_trace(
            go.Scatterpolar(
                r=closed(values),
                theta=closed(theta),
                name=text(key, lang),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5 if key == "current" else 2},
                marker={"color": colour, "symbol": symbol, "size": 7},
                fill=fill,
                fillcolor="rgba(40, 60, 120, 0.12)" if fill else None,
                hovertext=hovertext,
                hovertemplate="%{hovertext}<extra>" + text(key, lang) + "</extra>",
            )
        )
    # process names in short lines; the ring numbers small and grey on a spoke midway between the first two
    # processes (clockwise from the top), so that no number meets a name; the legend's title says the scale
    raw = [str((names or {}).get(p, p)) for p in ids]
    lines = [wrap(name) for name in raw]
    widest = max([width(line) for name in lines for line in name] + [0])
    deepest = max([len(name) for name in lines] + [1])
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 5],
                "tickvals": list(range(1, 6)),
                "angle": 90 - 180 / max(len(ids), 1),
                "tickangle": 90 - 180 / max(len(ids), 1),  # turned back with the spoke: upright numbers
                "tickfont": {"size": 11, "color": grey(40)},
                "showline": False,
                "ticks": "",
            },
            "angularaxis": {
                "direction": "clockwise",
                "tickmode": "array",
                "tickvals": theta,
                "ticktext": ["<br>".join(safe(line) for line in name) for name in lines],
            },
        },
        margin={"l": 40 + 7 * widest, "r": 40 + 7 * widest, "t": 30 + 16 * deepest, "b": 60 + 16 * deepest},
    )
    fig = style(fig, title or text("radar_title", lang), text(f"rings_{measure}", lang))
    # the legend in one line at the foot, below the lowest name: beside the radar it would meet a long name
    return fig.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0.5, "xanchor": "center"}
    )


def dimension_heatmap(
    dimensions: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    dimension_names: Mapping[str, str] | None = None,
    processes: Sequence[str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heat map of process × dimension (MaturityResult.dimensions), each cell its rating letter and achievement."""
    check_lang(lang)
    rows = list(processes) if processes is not None else list(pd.unique(dimensions["process"]))
    columns = list(dimension_names) if dimension_names else list(pd.unique(dimensions["dimension"].dropna()))
    columns += [d for d in pd.unique(dimensions["dimension"].dropna()) if d not in columns]
    achievement, index, letters = _rating_grid(dimensions, "process", "dimension", rows, columns)
    x = [name_of(dimension_names, d) for d in columns]
    y = [name_of(names, p) for p in rows]
    fig = go.Figure(_rating_heatmap(achievement, index, letters, x, y, lang, text("dimension", lang)))
    fig.update_xaxes(title={"text": text("dimension", lang)}, side="top")
    fig.update_yaxes(title={"text": text("process", lang)}, autorange="reversed")
    return style(fig, title or text("heatmap_title", lang))


def level_heatmap(
    levels: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heat map of process × level 1-5 (MaturityResult.levels), each cell its rating letter and achievement."""
    check_lang(lang)
    rows = list(pd.unique(levels["process"]))
    achievement, index, letters = _rating_grid(levels, "process", "level", rows, list(LEVELS))
    x = [str(k) for k in LEVELS]
    y = [name_of(names, p) for p in rows]
    fig = go.Figure(_rating_heatmap(achievement, index, letters, x, y, lang, text("levels", lang)))
    fig.update_xaxes(title={"text": text("levels", lang)}, side="top", type="category")
    fig.update_yaxes(title={"text": text("process", lang)}, autorange="reversed")
    return style(fig, title or text("levels_title", lang))


def answer_distribution(
    answers: pd.DataFrame,
    lang: str,
    items: Sequence[str] | None = None,
    item_texts: Mapping[str, str] | None = None,
    value_labels: Mapping[float, str] | None = None,
    item_results: pd.DataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Stacked bars of the answers each item received: by value, then not applicable, don't know, empty.

    Each bar is labelled by its item's id and the start of its text (`item_texts`), the whole text in the hover."""
    check_lang(lang)
    order = [str(i) for i in (items if items is not None else pd.unique(answers["item"].astype(str)))]
    chosen = answers[answers["item"].astype(str).isin(order)]
    scored = chosen["value"].notna()
    rounded = chosen["value"].astype(float).round(9)
    values = sorted(float(v) for v in rounded[scored].unique())
    status = chosen["status"].astype(str) if "status" in chosen else pd.Series("empty", index=chosen.index)
    category = rounded.map({v: str(v) for v in values}).where(scored, status.where(status.isin(UNSCORED), "other"))
    counts = pd.crosstab(chosen["item"].astype(str), category).reindex(index=order, fill_value=0)
    statuses = [s for s in UNSCORED if s in counts.columns]
    labels = {round(float(k), 9): v for k, v in (value_labels or {}).items()}

    rating_of: dict[str, str] = {}
    hover_extra: dict[str, str] = {}
    if item_results is not None:
        found = item_results.set_index("item").reindex(order)
        letters = rate(found["achievement"].to_numpy(dtype=float))
        for item_id, r, row in zip(order, letters, found.itertuples(), strict=True):
            rating_of[item_id] = letter(r)
            hover_extra[item_id] = (
                f"<br>{text('achievement', lang)}: {fmt(row.achievement, '.0%')} · {text('rating', lang)}: {letter(r)}"
                f" · {text('spread', lang)}: {fmt(row.spread)}"
            )
    texts = {i: str((item_texts or {}).get(i) or "").strip() for i in order}
    y = [
        safe(f"{i} · {shorten(texts[i])}" if texts[i] else i) + (f" ({rating_of[i]})" if i in rating_of else "")
        for i in order
    ]
    heads = {i: "<br>".join(safe(line) for line in [i, *wrap(texts[i], 60)] if line) for i in order}
    totals = counts.sum(axis=1).replace(0, np.nan)

    # answer values light to dark in the blue of the ratings; the unanswered kinds grey between their lightnesses,
    # each its own hatching
    series = [
        (s, text(s, lang), grey(84 - 16 * i), PATTERNS[(i % (len(PATTERNS) - 1)) + 1]) for i, s in enumerate(statuses)
    ]
    series += [
        (str(v), safe(labels[v]) if v in labels else f"{v:.0%}", colour, "")
        for v, colour in zip(values, ordinal(len(values)), strict=True)
    ]
    fig = go.Figure()
    for key, name, colour, pattern in series[len(statuses) :] + series[: len(statuses)]:
        column = counts[key] if key in counts else pd.Series(0, index=counts.index)
        fig.add_trace(
            go.Bar(
                x=column.tolist(),
                y=y,
                orientation="h",
                name=name,
                marker={"color": colour, "line": {"color": OUTLINE, "width": 0.5}, "pattern": {"shape": pattern}},
                text=[str(c) if c else "" for c in column],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertext=[
                    f"{heads[i]}<br>{text('answer', lang)}: {name}"
                    f"<br>{text('answers', lang)}: {c} ({fmt(c / t, '.0%')}){hover_extra.get(i, '')}"
                    for i, c, t in zip(order, column, totals, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=max(360, 28 * len(order) + 180),
        legend={"traceorder": "normal", "orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )
    fig.update_xaxes(title={"text": text("answers", lang)})
    fig.update_yaxes(title={"text": text("item", lang)}, autorange="reversed", type="category")
    return style(fig, title or text("distribution_title", lang), text("answer", lang))


def unit_chart(
    unit_results: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    targets: Mapping[str, float] | None = None,
    measure: str = "score",
    title: str | None = None,
) -> go.Figure:
    """Grouped bars of each unit's score (or level) per process, side by side, with each process's target."""
    check_lang(lang)
    if measure not in ("level", "score"):
        raise ValueError(f"unknown measure {measure!r}; choose level or score")
    ids = list(pd.unique(unit_results["process"]))
    units = list(pd.unique(unit_results["unit"]))
    x = [name_of(names, p) for p in ids]
    fig = go.Figure()
    for i, (unit, colour) in enumerate(zip(units, categorical(len(units)), strict=True)):
        rows = unit_results[unit_results["unit"] == unit].set_index("process").reindex(ids)
        fig.add_trace(
            go.Bar(
                x=x,
                y=rows[measure].astype(float).tolist(),
                name=safe(unit),
                marker={
                    "color": colour,
                    "line": {"color": OUTLINE, "width": 0.5},
                    "pattern": {"shape": PATTERNS[i % len(PATTERNS)]},
                },
                text=[fmt(v, ".1f" if measure == "score" else ".0f") for v in rows[measure]],
                textposition="outside",
                hovertext=[
                    f"{xx} · {safe(unit)}<br>{text('levels', lang)}: {fmt(r.level, '.0f')} · {text('score', lang)}: "
                    f"{fmt(r.score)}<br>{text('coverage', lang)}: {fmt(r.coverage, '.0%')} · "
                    f"{text('respondents', lang)}: {fmt(r.respondents, '.0f')}"
                    for xx, r in zip(x, rows.itertuples(), strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if targets is None and "target" in unit_results:
        targets = unit_results.drop_duplicates("process").set_index("process")["target"].dropna().to_dict()
    if targets:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[float(targets[p]) if p in targets else None for p in ids],
                name=text("target", lang),
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 36, "color": grey(12), "line": {"width": 3}},
                hovertemplate="%{x}: %{y}<extra>" + text("target", lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title={"text": text("process", lang)})
    fig.update_yaxes(title={"text": text(measure, lang)}, range=[0, 5.4])
    return style(fig, title or text("units_title", lang), text("unit", lang))
