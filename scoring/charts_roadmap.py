"""The roadmap's Gantt chart: grouped by workstream and phase, milestones at the phase gates.

The conventions of scoring/charts.py: Plotly figures, FONT_FAMILY on every figure, labels in the chosen
language, series colours that differ in lightness for grey print. No Streamlit, no I/O.

gantt_chart takes Roadmap.actions [order, action, process, workstream, title_zh, title_en, phase, owner, effort,
quick_win, start, due, why, ...]. Each workstream has a summary row: a bar per phase from the first start to the
last due date of the workstream's actions of that phase. A workstream in `expand` (or every one with
expand=True) lists its actions below, a bar each, in roadmap order. The due date is the last day worked: a bar
ends as that day ends (a one-day action still shows). Milestones (the frame of scoring.roadmap_gates.milestones)
are diamonds on a row of their own and dotted lines across the chart. Dates in Chinese in zh (2027年3月).
Traces carry `meta`: "summary", "action" or "milestone"; action bars have customdata [action, phase], summary
bars [workstream, phase].
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scoring.charts import OUTLINE, check_lang, fmt, name_of, ramp, safe, style, text
from scoring.charts_plan import PHASE_ORDER, QUICK_WIN_MARK, label, phase_name
from scoring.roadmap import workstream_of

DAY_MS = 86_400_000
# Date ticks in Chinese: Plotly names months in English unless told (2027年3月, 3月15日, 2027年); English keeps its own
DATE_TICKS: dict[str, dict] = {
    "zh": {
        "tickformatstops": [
            {"dtickrange": [None, 27 * DAY_MS], "value": "%-m月%-d日"},
            {"dtickrange": [27 * DAY_MS, 365 * DAY_MS], "value": "%Y年%-m月"},
            {"dtickrange": [365 * DAY_MS, None], "value": "%Y年"},
        ],
        "hoverformat": "%Y-%m-%d",
    }
}
WORDS: dict[str, tuple[str, str]] = {
    "workstream": ("Workstream", "工作流"),
    "milestones": ("Milestones", "里程碑"),
    "milestone": ("Milestone", "里程碑"),
    "actions": ("{n} actions", "{n} 项行动"),
    "row": ("Workstream / action", "工作流 / 行动项"),
}
MILESTONE_MARK = "◆"


def word(key: str, lang: str) -> str:
    """A word of the roadmap chart in `lang`."""
    return WORDS[key][1 if lang == "zh" else 0]


def gantt_chart(
    actions: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    owner_names: Mapping[str, str] | None = None,
    phases: Sequence[str] = PHASE_ORDER,
    title: str | None = None,
    *,
    workstreams: Mapping[str, str] | None = None,
    milestones: pd.DataFrame | None = None,
    expand: Collection[str] | bool = (),
) -> go.Figure:
    """The roadmap as a Gantt chart: a summary row per workstream, its actions when expanded, the milestones.

    `workstreams`: workstream id -> name, in the order to show (else the processes' names, in order of start).
    """
    check_lang(lang)
    frame = actions.sort_values("order") if "order" in actions else actions
    frame = frame.reset_index(drop=True)
    streams = (
        frame["workstream"].astype(str) if "workstream" in frame else frame["process"].map(workstream_of)
    ).tolist()
    frame = frame.assign(workstream=streams, start=pd.to_datetime(frame["start"]), due=pd.to_datetime(frame["due"]))
    stream_names = dict(workstreams or {})
    first_start = frame.groupby("workstream", sort=False)["start"].min().sort_values(kind="stable")
    order = [w for w in stream_names if w in set(streams)] + [w for w in first_start.index if w not in stream_names]
    expanded = set(order) if expand is True else set(expand or ())
    phase_order = list(phases) + [p for p in pd.unique(frame["phase"]) if p not in phases]
    colours = dict(zip(phase_order, ramp(len(phase_order), light=(28, 88)), strict=True))

    def stream_label(stream: str) -> str:
        return f"<b>{safe(stream_names.get(stream) or name_of(names, stream))}</b>"

    rows: list[str] = []
    action_row: dict[int, str] = {}
    for stream in order:
        rows.append(stream_label(stream))
        if stream in expanded:
            for i in frame.index[frame["workstream"] == stream]:
                quick = bool(frame.at[i, "quick_win"]) if "quick_win" in frame else False
                title_column = f"title_{lang}"
                raw = str(frame.at[i, title_column] if title_column in frame else frame.at[i, "action"])
                action_row[i] = (
                    f"{QUICK_WIN_MARK + ' ' if quick else ''}{safe(frame.at[i, 'action'])} {safe(_short(raw))}"
                )
                rows.append(action_row[i])

    fig = go.Figure()
    shown_in_legend: set[str] = set()
    present = [p for p in phase_order if (frame["phase"] == p).any()]
    for phase in present:
        summary = _summary(frame[frame["phase"] == phase], order)
        if len(summary):
            fig.add_trace(
                _bars(
                    summary["start"],
                    summary["end"],
                    [stream_label(s) for s in summary["workstream"]],
                    name=phase_name(phase, lang),
                    colour=colours[phase],
                    hover=[
                        f"<b>{stream_label(r.workstream)}</b> · {phase_name(phase, lang)}<br>"
                        f"{word('actions', lang).format(n=r.actions)} · {label('effort', lang)}: {fmt(r.effort, '.0f')}"
                        f"<br>{label('start', lang)}: {r.start:%Y-%m-%d} · {label('due', lang)}: {r.end:%Y-%m-%d}"
                        for r in summary.itertuples()
                    ],
                    customdata=[[s, phase] for s in summary["workstream"]],
                    meta="summary",
                    showlegend=phase not in shown_in_legend,
                    legendgroup=phase,
                )
            )
            shown_in_legend.add(phase)
        chosen = [i for i in frame.index[frame["phase"] == phase] if i in action_row]
        if chosen:
            fig.add_trace(
                _bars(
                    frame.loc[chosen, "start"],
                    frame.loc[chosen, "due"],
                    [action_row[i] for i in chosen],
                    name=phase_name(phase, lang),
                    colour=colours[phase],
                    hover=[_action_hover(frame, i, lang, names, owner_names) for i in chosen],
                    customdata=[[frame.at[i, "action"], phase] for i in chosen],
                    meta="action",
                    showlegend=phase not in shown_in_legend,
                    legendgroup=phase,
                    text=[name_of(owner_names, frame.at[i, "owner"]) for i in chosen],
                )
            )
            shown_in_legend.add(phase)
    if milestones is not None and len(milestones):
        rows.insert(0, f"{MILESTONE_MARK} {word('milestones', lang)}")
        _milestones(fig, milestones, rows[0], lang)
    fig.update_layout(
        barmode="overlay",
        height=max(360, 24 * len(rows) + 220),
        bargap=0.25,
        uniformtext={"minsize": 9, "mode": "hide"},  # an owner that does not fit its bar is left to the hover
        legend={"traceorder": "normal", "orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )
    fig.update_xaxes(type="date", title={"text": label("date", lang)}, **DATE_TICKS.get(lang, {}))
    fig.update_yaxes(title={"text": word("row", lang)}, autorange="reversed", categoryorder="array", categoryarray=rows)
    return style(fig, title or label("gantt_title", lang), label("phase", lang))


def _summary(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Per workstream (in `order`): first start, last due, actions and effort of these actions."""
    grouped = frame.groupby("workstream", sort=False).agg(
        start=("start", "min"),
        end=("due", "max"),
        actions=("action", "size"),
        effort=("effort", "sum") if "effort" in frame else ("action", "size"),
    )
    return grouped.reindex([w for w in order if w in grouped.index]).reset_index()


def _bars(starts, ends, rows, *, name, colour, hover, customdata, meta, showlegend, legendgroup, text=None) -> go.Bar:
    """Horizontal bars from each start to the end of each last day."""
    starts, ends = pd.Series(list(starts)), pd.Series(list(ends)) + pd.Timedelta(days=1)  # the due day is worked
    return go.Bar(
        base=[s.strftime("%Y-%m-%d") for s in starts],
        x=[(e - s) / pd.Timedelta(milliseconds=1) for s, e in zip(starts, ends, strict=True)],
        y=rows,
        orientation="h",
        name=name,
        marker={"color": colour, "line": {"color": OUTLINE, "width": 0.8}},
        text=text,
        textposition="inside" if text is not None else None,
        insidetextanchor="start" if text is not None else None,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=customdata,
        meta=meta,
        showlegend=showlegend,
        legendgroup=legendgroup,
    )


def _action_hover(frame: pd.DataFrame, i: int, lang: str, names, owner_names) -> str:
    closes = frame.at[i, "why"] if "why" in frame else frame.at[i, "items"] if "items" in frame else "-"
    title_column = f"title_{lang}"
    title = safe(frame.at[i, title_column] if title_column in frame else frame.at[i, "action"])
    quick = bool(frame.at[i, "quick_win"]) if "quick_win" in frame else False
    effort = fmt(frame.at[i, "effort"], ".0f") if "effort" in frame else "-"
    return "<br>".join(
        [
            f"<b>{safe(frame.at[i, 'action'])}</b> {title}",
            f"{text('process', lang)}: {name_of(names, frame.at[i, 'process'])} · "
            f"{label('phase', lang)}: {phase_name(frame.at[i, 'phase'], lang)}",
            f"{label('owner', lang)}: {name_of(owner_names, frame.at[i, 'owner'])} · {label('effort', lang)}: {effort}",
            f"{label('start', lang)}: {frame.at[i, 'start']:%Y-%m-%d} · {label('due', lang)}: "
            f"{frame.at[i, 'due']:%Y-%m-%d}" + (f" · {QUICK_WIN_MARK} {label('quick_win', lang)}" if quick else ""),
            f"{label('closes', lang)}: {_listed(closes, lang)}",
        ]
    )


def _milestones(fig: go.Figure, milestones: pd.DataFrame, row: str, lang: str) -> None:
    """Diamonds on the milestones' row at the end of each gate's day, and a dotted line down the chart."""
    column = "name_zh" if lang == "zh" else "name_en"
    days = [pd.Timestamp(d) + pd.Timedelta(days=1) for d in milestones["date"]]
    names = [safe(n) for n in milestones[column]]
    fig.add_trace(
        go.Scatter(
            x=[d.strftime("%Y-%m-%d") for d in days],
            y=[row] * len(days),
            mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": "#1F3864", "line": {"color": "#FFFFFF", "width": 1}},
            name=word("milestones", lang),
            hovertext=[
                f"<b>{n}</b><br>{pd.Timestamp(d):%Y-%m-%d}" for n, d in zip(names, milestones["date"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=list(milestones["milestone"]),
            meta="milestone",
        )
    )
    for day in days:
        fig.add_vline(x=day.timestamp() * 1000, line={"color": "#1F3864", "width": 1, "dash": "dot"}, opacity=0.5)


def _short(value: str, limit: int = 36) -> str:
    """A title cut to `limit` characters with an ellipsis."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _listed(value: object, lang: str = "en") -> str:
    """A list of ids as text, separated as the language separates a list."""
    if isinstance(value, list | tuple | np.ndarray):
        return ("、" if lang == "zh" else ", ").join(safe(v) for v in value) or "-"
    return "-" if value is None or (isinstance(value, float) and np.isnan(value)) else safe(value)
