"""Compare: a re-assessment against its baseline, per process, level and item, with the trend and the files."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import analysis, columns, lab, lang, md, require_assessment, tr, visible, workspace
from app_pages.labels import RULE_SHORT_NAMES
from assessment.analysis.reassessment import item_ratings, rating_moves
from assessment.exports.comparison_files import comparison_csv, comparison_xlsx
from assessment.workspace.baselines import baseline_choices, client_timeline, later_assessments
from scoring.charts import radar_chart
from scoring.charts_plan import trend_chart
from scoring.comparison import Comparison, compare, trend

BASELINE_KEY = "compare_baseline"
ALL = ""

# The comparison and its charts are cached per (assessment id, revision) of both sides, like the analysis itself,
# and shared between sessions: never changed after they are made.


@st.cache_resource(max_entries=16, show_spinner=False)
def compared(baseline: tuple[int, int], current: tuple[int, int]) -> Comparison:
    """The comparison of two assessments at their revisions."""
    return compare(analysis(baseline[0]).scored.result, analysis(current[0]).scored.result)


def process_names(assessment_ids: list[int], language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for assessment_id in assessment_ids:
        names.update({p.id: p.name.get(language) for p in analysis(assessment_id).scored.questionnaire.processes})
    return names


@st.cache_resource(max_entries=16, show_spinner=False)
def radar(baseline: tuple[int, int], current: tuple[int, int], language: str) -> go.Figure:
    """The scores of the re-assessment against the baseline's and the targets."""
    before, after = analysis(baseline[0]).scored.result, analysis(current[0]).scored.result
    names = process_names([baseline[0], current[0]], language)
    return radar_chart(after.processes, language, names, baseline=before.processes, measure="score")


@st.cache_resource(max_entries=16, show_spinner=False)
def trend_figure(points: tuple[tuple[int, int, str], ...], language: str) -> go.Figure:
    """The scores over the points (assessment id, revision, label), oldest first."""
    frame = trend([(label, analysis(assessment_id).scored.result) for assessment_id, _, label in points])
    return trend_chart(frame, language, process_names([point[0] for point in points], language))


def signed(value: object, spec: str = "+d") -> str:
    return "" if pd.isna(value) else format(value, spec)


details = require_assessment()
st.title(tr("Compare", "对比"))
choices, default = baseline_choices(workspace(), details.id)
choices = visible(choices, lambda candidate: candidate.id)  # only those the user is a member of
if default not in [candidate.id for candidate in choices]:
    default = choices[-1].id if choices else None
if not choices:
    st.info(
        tr(
            f"Nothing to compare with: {md(details.client)} has no earlier assessment on questionnaire "
            f"{md(details.questionnaire_id)}. Only the same client's assessments are compared. To re-assess, copy "
            "this assessment on the Assessments page (Re-assessment tab), record the new answers in the copy, then "
            "compare here with the copy open.",
            f"没有可对比的评估：{md(details.client)}没有更早的使用问卷 {md(details.questionnaire_id)} 的评估。"
            "只对比同一客户的评估。如需复评，请在“评估列表”页（“复评”选项卡）复制本评估，在副本中录入新的答案，"
            "然后打开副本在此对比。",
        ),
        icon=":material/info:",
    )
    later = visible(later_assessments(workspace(), details.id), lambda point: point.id)
    if later:
        listed = tr(", ", "、").join(md(point.name) for point in later)
        st.caption(
            tr(
                f"Later assessments of this client: {listed}. Open one of them to compare it with this one.",
                f"该客户较晚的评估：{listed}。打开其中之一即可与本评估对比。",
            )
        )
    st.page_link("app_pages/assessments.py", label=tr("Assessments", "评估列表"), icon=":material/folder_open:")
    st.stop()

names_of = {s.id: f"{s.name} · {s.day}" for s in choices}
if st.session_state.get(BASELINE_KEY) not in names_of:  # another assessment was opened
    st.session_state.pop(BASELINE_KEY, None)
baseline_id = st.selectbox(
    tr("Baseline (the earlier assessment)", "基线（较早的评估）"),
    list(names_of),
    index=list(names_of).index(default),
    format_func=names_of.get,
    key=BASELINE_KEY,
)
st.caption(
    tr(
        f"Re-assessment: {md(details.client)} · {md(details.name)}. Offered as baselines: this client's earlier "
        "assessments on the same questionnaire (by start date, else creation; archived ones left out). Changes are "
        "the re-assessment minus the baseline.",
        f"复评：{md(details.client)} · {md(details.name)}。可选的基线：该客户使用同一问卷的较早评估"
        "（按开始日期排序，未填写时按创建时间；已归档的除外）。变化 = 复评 − 基线。",
    )
)

revisions = {choice.id: choice.revision for choice in choices} | {details.id: details.revision}
base_key, current_key = (baseline_id, revisions[baseline_id]), (details.id, details.revision)
before, after = analysis(baseline_id).scored, analysis(details.id).scored
if before.result.rule != after.result.rule:
    old, new = (
        RULE_SHORT_NAMES.get(before.result.rule, before.result.rule),
        RULE_SHORT_NAMES.get(after.result.rule, after.result.rule),
    )
    st.warning(
        tr(
            f"The baseline is scored under {old}, the re-assessment under {new}: their levels are not comparable "
            "(scores are).",
            f"基线按 {old} 规则评分，复评按 {new} 规则评分：等级不可直接比较（得分可比较）。",
        ),
        icon=":material/warning:",
    )
comparison = compared(base_key, current_key)
names = process_names([baseline_id, details.id], lang())
statuses = {
    "both": tr("both", "两次均有"),
    "baseline_only": tr("baseline only", "仅基线"),
    "current_only": tr("re-assessment only", "仅复评"),
}

# --- per process ------------------------------------------------------------------------------------------------------

processes = comparison.processes
# a process without answers on either side is not assessed there: its level 0 is neither a rise nor a fall
both = processes[
    (processes["status"] == "both") & (processes["coverage_before"] > 0) & (processes["coverage_after"] > 0)
]
cells = st.columns(4)
cells[0].metric(tr("Level up", "等级提升"), int((both["level_change"] > 0).sum()))
cells[1].metric(tr("Level down", "等级下降"), int((both["level_change"] < 0).sum()))
cells[2].metric(tr("Level unchanged", "等级不变"), int((both["level_change"] == 0).sum()))
mean_change = both["score_change"].mean() if len(both) else float("nan")
cells[3].metric(tr("Average score change", "平均得分变化"), signed(mean_change, "+.2f") or "-")

in_scope = processes["status"] != "baseline_only"
unanswered = [
    md(names.get(p, p)) for p in processes.loc[in_scope & (processes["coverage_after"].fillna(0) == 0), "process"]
]
if unanswered:
    st.warning(
        tr(
            f"No answers yet in the re-assessment for: {', '.join(unanswered)}. Their level 0 is not a decline.",
            f"复评中以下流程尚无答案：{'、'.join(unanswered)}。其等级 0 并非下降。",
        ),
        icon=":material/info:",
    )

moves = rating_moves(comparison.levels)
process_table = processes.assign(
    process=processes["process"].map(lambda p: names.get(p, p)),
    status=processes["status"].map(statuses),
    moves=processes["process"].map(lambda p: moves.get(p, "")),
)
process_labels = {
    "process": lab("process"),
    "status": tr("Assessed", "评估范围"),
    "level_before": tr("Level before", "原等级"),
    "level_after": tr("Level now", "现等级"),
    "level_change": tr("Level change", "等级变化"),
    "score_before": tr("Score before", "原得分"),
    "score_after": tr("Score now", "现得分"),
    "score_change": tr("Score change", "得分变化"),
    "target_before": tr("Target before", "原目标"),
    "target_after": tr("Target now", "现目标"),
    "gap_before": tr("Gap before", "原差距"),
    "gap_after": tr("Gap now", "现差距"),
    "gap_change": tr("Gap change", "差距变化"),
    "coverage_before": tr("Coverage before", "原覆盖率"),
    "coverage_after": tr("Coverage now", "现覆盖率"),
    "moves": tr("Rating changes (steps N<P<L<F)", "评定变化（N<P<L<F 的级数）"),
}
shown_processes = columns(process_table, process_labels)
decimals = st.column_config.NumberColumn(format="%.2f")
changes = st.column_config.NumberColumn(format="%+d")
st.subheader(tr("Change per process", "各流程的变化"))
st.dataframe(
    shown_processes,
    hide_index=True,
    width="stretch",
    column_config={
        process_labels["score_before"]: decimals,
        process_labels["score_after"]: decimals,
        process_labels["score_change"]: st.column_config.NumberColumn(format="%+.2f"),
        process_labels["level_change"]: changes,
        process_labels["gap_change"]: changes,
        process_labels["coverage_before"]: st.column_config.NumberColumn(format="percent"),
        process_labels["coverage_after"]: st.column_config.NumberColumn(format="percent"),
    },
)
st.plotly_chart(radar(base_key, current_key, lang()), width="stretch", key="compare_radar")

# --- per level and item -----------------------------------------------------------------------------------------------

level_labels = {
    "process": lab("process"),
    "level": lab("level"),
    "status": tr("Assessed", "评估范围"),
    "achievement_before": tr("Achievement before", "原实现程度"),
    "achievement_after": tr("Achievement now", "现实现程度"),
    "achievement_change": tr("Change", "变化"),
    "rating_before": tr("Rating before", "原评定"),
    "rating_after": tr("Rating now", "现评定"),
    "rating_change": tr("Rating steps", "评定级数变化"),
}
levels = comparison.levels
level_table = columns(
    levels.assign(
        process=levels["process"].map(lambda p: names.get(p, p)),
        status=levels["status"].map(statuses),
        rating_before=levels["rating_before"].fillna("-"),
        rating_after=levels["rating_after"].fillna("-"),
    ),
    level_labels,
)
items = item_ratings(comparison.items)
item_labels = {
    "item": tr("Item", "题目"),
    "process": lab("process"),
    "level": lab("level"),
    "status": tr("Assessed", "评估范围"),
    "achievement_before": tr("Achievement before", "原实现程度"),
    "achievement_after": tr("Achievement now", "现实现程度"),
    "change": tr("Change", "变化"),
    "answers_before": tr("Answers before", "原答案数"),
    "answers_after": tr("Answers now", "现答案数"),
    "rating_before": tr("Rating before", "原评定"),
    "rating_after": tr("Rating now", "现评定"),
    "rating_change": tr("Rating steps", "评定级数变化"),
}
item_table = items.drop(columns=["moved"]).assign(
    process=items["process"].map(lambda p: names.get(p, p)),
    status=items["status"].map(statuses),
    rating_before=items["rating_before"].fillna("-"),
    rating_after=items["rating_after"].fillna("-"),
)
item_table = columns(item_table, item_labels)

st.subheader(tr("Items whose rating moved", "评定发生变化的题目"))
left, right = st.columns([2, 1])
filters = {ALL: tr("All processes", "全部流程"), **{p: names.get(p, p) for p in processes["process"]}}
chosen = left.selectbox(lab("process"), list(filters), format_func=filters.get, key="compare_process")
every = right.checkbox(tr("Show every item", "显示全部题目"), key="compare_every_item")
keep = items["moved"] | every
if chosen != ALL:
    keep &= items["process"] == chosen
percent = st.column_config.NumberColumn(format="percent")
st.dataframe(
    item_table[keep.to_numpy()],
    hide_index=True,
    width="stretch",
    column_config={
        item_labels["achievement_before"]: percent,
        item_labels["achievement_after"]: percent,
        item_labels["change"]: st.column_config.NumberColumn(format="%+.2f"),
    },
)
st.caption(
    tr(
        f"{int(items['moved'].sum())} of {len(items)} items changed rating; an item rated on one side only has not "
        "moved (- not rated).",
        f"{len(items)} 个题目中有 {int(items['moved'].sum())} 个评定发生变化；仅在一次评估中有评定的题目不计为变化"
        "（- 表示未评定）。",
    )
)
with st.expander(tr("Change per level", "各等级的变化")):
    st.dataframe(level_table, hide_index=True, width="stretch")

# --- trend ------------------------------------------------------------------------------------------------------------

st.subheader(tr("Trend", "趋势"))
timeline = visible(client_timeline(workspace(), details.id), lambda point: point.id)  # the baseline is one of them
labels = [point.name for point in timeline]
labels = [
    f"{label} #{point.id}" if labels.count(label) > 1 else label for label, point in zip(labels, timeline, strict=True)
]
points = tuple((point.id, point.revision, label) for point, label in zip(timeline, labels, strict=True))
st.plotly_chart(trend_figure(points, lang()), width="stretch", key="compare_trend")
st.caption(
    tr(
        "This client's assessments on this questionnaire up to this one, oldest first (archived ones left out).",
        "该客户使用本问卷的各次评估，由早到晚，截至本次评估（已归档的除外）。",
    )
)

# --- files ------------------------------------------------------------------------------------------------------------

st.subheader(tr("Download the comparison", "下载对比结果"))
stem = f"comparison-{baseline_id}-{details.id}"
sheets = {
    tr("Processes", "流程"): shown_processes,
    tr("Levels", "等级"): level_table,
    tr("Items", "题目"): item_table,
}
cells = st.columns(3)
# deferred: the files are made only when a button is clicked, never on a rerun
cells[0].download_button(
    tr("Excel workbook (.xlsx)", "Excel 工作簿（.xlsx）"),
    lambda: comparison_xlsx(sheets),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="compare_xlsx",
)
cells[1].download_button(
    tr("Processes (CSV)", "流程（CSV）"),
    lambda: comparison_csv(shown_processes),
    file_name=f"{stem}-processes.csv",
    mime="text/csv",
    on_click="ignore",
    key="compare_csv_processes",
)
cells[2].download_button(
    tr("Items (CSV)", "题目（CSV）"),
    lambda: comparison_csv(item_table),
    file_name=f"{stem}-items.csv",
    mime="text/csv",
    on_click="ignore",
    key="compare_csv_items",
)
