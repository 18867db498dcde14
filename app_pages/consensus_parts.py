"""Parts of the consensus page: display names, tables, and the roles, "don't know" and units tabs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages.common import columns, lang, listed, text, tr
from assessment.analysis.analyse import Analysis
from assessment.analysis.consensus_views import answer_counts, item_answers, role_extremes
from assessment.analysis.scored import ScoredAssessment
from assessment.questionnaire.model import Questionnaire
from scoring.charts import unit_chart

PERCENT = st.column_config.NumberColumn(format="percent")
DECIMAL = st.column_config.NumberColumn(format="%.2f")
BAR = st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")
SHORT = 60  # characters of an item's text in a table or a chart's axis; the whole text where one item is shown


@dataclass(frozen=True)
class Names:
    """Display names of the processes, roles and items in the interface language."""

    processes: dict[str, str]
    roles: dict[str, str]
    items: dict[str, str]
    answers: dict[str, dict[str, str]]  # per item, its answer keys named: "2 · Partially in place", "don't know"

    @classmethod
    def of(cls, snapshot: Questionnaire) -> Names:
        scales = snapshot.all_scales()
        unscored = {"na": tr("not applicable", "不适用"), "unknown": tr("don't know", "不知道")}
        return cls(
            processes={process.id: text(process.name) for process in snapshot.processes},
            roles={role.id: text(role.label) for role in snapshot.roles} | {"": tr("(no role)", "（无角色）")},
            items={item.id: text(item.text) for _, item in snapshot.all_items()},
            answers={
                item.id: {o.key: f"{o.key} · {text(o.label)}" for o in scales.get(item.scale_id, [])} | unscored
                for _, item in snapshot.all_items()
            },
        )

    def role(self, role: object) -> str:
        return self.roles.get(str(role), str(role))

    def short(self, item: str) -> str:
        """The item's text in the interface language, cut to SHORT characters."""
        found = self.items.get(item, "")
        return found if len(found) <= SHORT else found[: SHORT - 1].rstrip() + "…"

    def answer_mix(self, item: str, counts: pd.Series) -> str:
        """How many gave each answer to `item`, each answer named: "2 · Partially in place ×3; na ×1"."""
        named = self.answers.get(item, {})
        # semicolons between answers: an answer's name may hold a comma (a scale of your own: "Yes, with evidence")
        return tr("; ", "；").join(f"{named.get(key, key)} ×{n}" for key, n in counts.items() if n)

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of an analysis frame with process names and, last, item texts (the cached frames are shared)."""
        frame = frame.copy()
        if "item" in frame:
            frame["text"] = frame["item"].map(self.items)
        if "process" in frame:
            frame["process"] = frame["process"].map(lambda p: self.processes.get(p, p))
        return frame


@st.cache_resource(max_entries=8, show_spinner=False)
def disputes(
    url: str, assessment_id: int, revision: int, items: tuple[str, ...], _scored: ScoredAssessment
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The answers to the flagged items, the roles furthest apart on each (by item) and the answer counts.

    Computed once per assessment revision (they read every answer) and shared between sessions: do not change them.
    """
    answers = item_answers(_scored, items)
    return answers, role_extremes(answers).set_index("item"), answer_counts(_scored, items)


def column_names() -> dict[str, str]:
    """Labels of the columns the consensus tables share."""
    return {
        "item": tr("Item", "题目"),
        "text": tr("Practice", "实践内容"),
        "process": tr("Process", "流程"),
        "level": tr("Level", "等级"),
        "dimension": tr("Dimension", "维度"),
        "achievement": tr("Achievement", "实现程度"),
        "spread": tr("Spread", "离散度"),
        "answers": tr("Scored answers", "计分答案数"),
        "given": tr("Answers given", "作答数"),
        "unknown": tr("Don't know", "不知道"),
        "rate": tr("Don't-know rate", "“不知道”比例"),
        "items_high": tr("Items at 20 % or more", "比例达 20% 的题目"),
        "role": tr("Role", "角色"),
        "offset": tr("Offset from everybody", "与全体的偏差"),
        "respondents": tr("Respondents", "答卷人"),
        "items": tr("Items", "题目数"),
        "units": tr("Units", "单位数"),
        "unit": tr("Unit", "单位"),
        "difference": tr("Difference", "差异"),
    }


def show(
    frame: pd.DataFrame,
    labels: dict[str, str],
    key: str,
    percent: tuple[str, ...] = (),
    bars: tuple[str, ...] = (),
    points: tuple[str, ...] = (),
) -> None:
    """A table with labelled columns: decimals to two places; achievements (and `percent` columns) as percentages,
    `points` (differences of achievements) in percentage points, `bars` as 0–1 bars."""
    frame = frame.assign(**{c: frame[c] * 100 for c in points})
    shown = columns(frame, labels)
    by_column = dict(zip(frame.columns, shown.columns, strict=True))
    config = {by_column[c]: DECIMAL for c in frame.columns if pd.api.types.is_float_dtype(frame[c])}
    percent = (*percent, *(c for c in frame.columns if c == "achievement"))
    in_points = st.column_config.NumberColumn(format=tr("%+.0f pp", "%+.0f 个百分点"))
    config |= {by_column[c]: PERCENT for c in percent} | {by_column[c]: BAR for c in bars}
    config |= {by_column[c]: in_points for c in points}
    st.dataframe(shown, hide_index=True, key=key, column_config=config)


def roles_section(result: Analysis, names: Names) -> None:
    """How each role sees the same practices: the gaps per process, and the roles of one process."""
    st.caption(
        tr(
            "Each role's view is measured on the items it answered, against everybody's answers to the same items. "
            "An offset above 0: the role sees more in place than the others do. Management vs practitioners is the "
            "process owners' offset minus the process practitioners'.",
            "各角色的认知以其作答的题目衡量，并与全体答卷人对相同题目的答案比较。偏差大于 0 表示该角色认为实施得比"
            "其他人认为的更好。“管理层与执行层”为流程负责人的偏差减去流程执行人的偏差。",
        )
    )
    summary = result.perception_summary
    if summary.empty:
        st.info(tr("No scored answers yet.", "尚无计分答案。"))
        return
    table = names.frame(summary).loc[
        :,
        ["process", "owner_vs_executor", "owner_offset", "executor_offset", "gap", "highest_role", "highest"]
        + ["lowest_role", "lowest", "roles"],
    ]
    for column in ("highest_role", "lowest_role"):
        table[column] = table[column].map(lambda role: names.role(role) if isinstance(role, str) else "")
    labels = column_names() | {
        "roles": tr("Roles compared", "参与比较的角色数"),
        "highest_role": tr("Highest role", "认知最高的角色"),
        "highest": tr("Highest offset", "最高偏差"),
        "lowest_role": tr("Lowest role", "认知最低的角色"),
        "lowest": tr("Lowest offset", "最低偏差"),
        "gap": tr("Gap", "差距"),
        "owner_offset": tr("Process owners", "流程负责人"),
        "executor_offset": tr("Practitioners", "流程执行人"),
        "owner_vs_executor": tr("Management vs practitioners", "管理层与执行层之差"),
    }
    offsets = ("owner_vs_executor", "owner_offset", "executor_offset", "gap", "highest", "lowest")
    show(table, labels, "consensus_perception_summary", points=offsets)
    process_id = st.selectbox(
        tr("Roles of one process", "查看某一流程的各角色"),
        list(summary["process"]),
        key="consensus_roles_process",
        format_func=names.processes.get,
    )
    roles = result.perception[result.perception["process"] == process_id].copy()
    roles["role"] = roles["role"].map(names.role)
    roles["counted"] = roles["counted"].map({True: "✓", False: ""})
    chart = roles[roles["counted"] == "✓"].loc[:, ["role", "offset"]]
    st.bar_chart(
        chart, x="role", y="offset", horizontal=True, x_label=column_names()["role"], y_label=column_names()["offset"]
    )
    roles = roles.loc[:, ["role", "achievement", "offset", "answers", "respondents", "items", "counted"]]
    labels = column_names() | {
        "achievement": tr("Role's own view", "该角色的认知"),
        "counted": tr("Compared (≥ 5 answers)", "参与比较（≥ 5 个答案）"),
    }
    show(roles, labels, "consensus_perception", points=("offset",))


def dont_know_section(result: Analysis, names: Names) -> None:
    """The \"don't know\" rates per process, and the items at 20 % or more."""
    st.caption(
        tr(
            'The share of "don\'t know" among the answers given; 20 % or more is a finding: nobody asked knows '
            "whether the practice is in place.",
            "“不知道”占全部作答的比例；达到 20% 即为一项发现：被问到的人都不清楚该实践是否落实。",
        )
    )
    processes = names.frame(result.dont_know_processes).drop(columns=["high"])
    show(processes, column_names(), "consensus_dont_know_processes", percent=("rate",))
    high = result.dont_know_items[result.dont_know_items["high"]]
    st.subheader(tr("Items at 20 % or more", "“不知道”比例达 20% 的题目"))
    if high.empty:
        st.success(tr("No item reaches 20 %.", "没有题目达到 20%。"))
        return
    high = names.frame(high.sort_values("rate", ascending=False, kind="stable"))
    high = high.loc[:, ["item", "rate", "unknown", "given", "process", "level", "text"]]
    show(high, column_names(), "consensus_dont_know_items", percent=("rate",))


def units_section(result: Analysis, names: Names) -> None:
    """The units side by side, the standardization index, and the items where units differ."""
    if result.units.empty:
        st.info(
            tr(
                "No unit has answers: give the respondents a unit to compare units.",
                "尚无单位的答案：为答卷人指定所属单位后即可比较各单位。",
            )
        )
        return
    measure = st.radio(
        tr("Show", "显示"),
        ["score", "level"],
        key="consensus_units_measure",
        horizontal=True,
        format_func={"score": tr("Maturity score", "成熟度得分"), "level": tr("Maturity level", "成熟度等级")}.get,
    )
    figure = unit_chart(result.units, lang(), names=names.processes, measure=measure)
    st.plotly_chart(figure, width="stretch", key="consensus_unit_chart")

    st.subheader(tr("Standardization index", "标准化指数"))
    st.caption(
        tr(
            "1 − the average difference between the best and the worst unit on an item of the process: 1 when every "
            "unit runs the process the same way. Units more than half a level from the median are listed.",
            "1 减去该流程各题目上最好与最差单位之间的平均差异：各单位以完全相同的方式运行流程时为 1。"
            "列出与中位数相差超过半级的单位。",
        )
    )
    table = names.frame(result.consistency)
    table["deviating"] = table["deviating"].map(lambda units: listed(units) if len(units) else "")
    table = table.loc[
        :, ["process", "index", "units", "score_min", "score_max", "score_range", "lowest_unit", "highest_unit"]
    ].assign(deviating=table["deviating"])
    labels = column_names() | {
        "index": tr("Index", "指数"),
        "score_min": tr("Lowest score", "最低得分"),
        "score_max": tr("Highest score", "最高得分"),
        "score_range": tr("Range", "极差"),
        "lowest_unit": tr("Lowest unit", "最低的单位"),
        "highest_unit": tr("Highest unit", "最高的单位"),
        "deviating": tr("Deviating units", "偏离的单位"),
    }
    show(table, labels, "consensus_consistency", bars=("index",))

    st.subheader(tr("Items where units differ", "各单位差异较大的题目"))
    process_id = st.selectbox(
        tr("Process", "流程"),
        list(result.consistency["process"]),
        key="consensus_units_process",
        format_func=names.processes.get,
    )
    differences = result.unit_differences[result.unit_differences["process"] == process_id]
    by_unit = result.unit_items[result.unit_items["process"] == process_id].pivot_table(
        index="item", columns="unit", values="achievement", sort=False
    )
    table = differences.loc[:, ["item", "difference", "lowest_unit", "highest_unit"]].join(by_unit, on="item")
    table = names.frame(table.assign(level=differences["level"]))
    labels = (
        column_names()
        | {
            "lowest_unit": tr("Lowest unit", "最低的单位"),
            "highest_unit": tr("Highest unit", "最高的单位"),
        }
        | {unit: str(unit) for unit in by_unit.columns}
    )
    show(table, labels, "consensus_unit_differences", percent=tuple(by_unit.columns), points=("difference",))
