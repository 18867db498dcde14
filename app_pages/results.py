"""Results: maturity per process against the targets, the charts, and why each process has its level.

Everything shown comes from the cached analysis of the open assessment (computed once per revision).
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import analysis, columns, lab, lang, may, md, require_assessment, text, tr, workspace
from app_pages.evidence_verdicts import badges, checks_of, explanation, labels, verdict_summary, verdict_table
from app_pages.labels import RULE_SHORT_NAMES, method_labels
from assessment.analysis.advice import NAMED, advise, priority_reasons
from assessment.analysis.explain import explain_level, level_answers, level_items, process_answers
from assessment.workspace.queries import anonymous_respondents
from scoring.charts import answer_distribution, dimension_heatmap, level_heatmap, radar_chart
from scoring.glossary import TERMS
from scoring.maturity import LEVELS

RATING_NAMES = {letter: TERMS[f"rating_{letter}"] for letter in ("N", "P", "L", "F")}
PERCENT = st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")


def letter(rating: object) -> str:
    return rating if isinstance(rating, str) else "-"


def rating_name(rating: object) -> str:
    if not isinstance(rating, str):
        return tr("- not rated", "- 未评定")
    return f"{rating} {tr(*RATING_NAMES[rating])}"


def blank(value: str) -> str:
    return value or tr("(not given)", "（未填写）")


def counts(frame: pd.DataFrame, column: str, names: dict[str, str], title: str) -> None:
    """A small table: how many respondents per value of `column`."""
    table = frame[column].value_counts(sort=True)
    table.index = [blank(names.get(value, value)) for value in table.index]
    st.dataframe(table.rename_axis(title).reset_index(name=lab("respondents")), hide_index=True, width="stretch")


@st.cache_resource(max_entries=64, show_spinner=False)
def chart(kind: str, assessment_id: int, revision: int, language: str, option: str = "") -> go.Figure:
    """A chart of the assessment, built once per revision, language and option; shared, so never changed."""
    # building a Plotly figure takes longer than the rest of the page; drawing a built one is quick
    scored = analysis(assessment_id).scored
    result, questionnaire = scored.result, scored.questionnaire
    names = {process.id: process.name.get(language) for process in questionnaire.processes}
    if kind == "radar":
        return radar_chart(result.processes, language, names, levels=result.levels, measure=option)
    if kind == "levels":
        return level_heatmap(result.levels, language, names)
    if kind == "dimensions":
        dimensions = {dimension.id: dimension.label.get(language) for dimension in questionnaire.dimensions}
        return dimension_heatmap(result.dimensions, language, names, dimensions, list(result.processes["process"]))
    # the answers to the items of one process
    index = questionnaire.item_index()
    items = result.items.loc[result.items["process"] == option, "item"].tolist()
    chosen = process_answers(questionnaire, scored.responses, items)
    scale = next((index[i][1].scale_id for i in items if i in index), None)
    values = {o.value: f"{o.key} {o.label.get(language)}" for o in questionnaire.all_scales().get(scale, [])}
    texts = {i: index[i][1].text.get(language) for i in items if i in index}
    return answer_distribution(chosen, language, items, texts, values, result.items)


details = require_assessment()
found = analysis(details.id)
scored = found.scored
result = scored.result
questionnaire = scored.questionnaire
names = {process.id: text(process.name) for process in questionnaire.processes}
roles = {role.id: text(role.label) for role in questionnaire.roles}
methods = {key: name for key, name in method_labels().items() if key}  # no method stated: "(not given)"
respondents = scored.responses.respondents
answers = scored.responses.answers

st.title(tr("Results", "评估结果"))
st.caption(
    f"{md(details.client)} · {md(details.name)} · {tr('Rule', '规则')} "
    f"{RULE_SHORT_NAMES.get(result.rule, result.rule)} · "
    f"{tr('Questionnaire', '问卷')} {md(questionnaire.id)} {md(questionnaire.version)}"
)
for warning in scored.warnings:
    st.warning(md(warning.render(lang())), icon=":material/warning:")

# --- overview ---------------------------------------------------------------------------------------------------------

processes = result.processes
level_keys = zip(result.levels["process"], result.levels["level"], strict=True)
rating_of = dict(zip(level_keys, result.levels["rating"], strict=True))
answered, items = int(processes["answered"].sum()), int(processes["items"].sum())
cells = st.columns(5)
cells[0].metric(lab("respondents"), len(respondents))
cells[1].metric(tr("Answers", "答案数"), len(answers))
cells[2].metric(tr("Coverage (all processes)", "覆盖率（全部流程）"), f"{answered / items:.0%}" if items else "-")
cells[3].metric(tr("Average score", "平均得分"), f"{processes['score'].mean():.2f}" if len(processes) else "-")
cells[4].metric(tr("Processes at target", "已达目标的流程"), f"{int((processes['gap'] == 0).sum())} / {len(processes)}")

overview = pd.DataFrame(
    {
        "process": processes["process"].map(names),
        "level": processes["level"],
        "score": processes["score"],
        "target": processes["target"],
        "gap": processes["gap"],
        "coverage": processes["coverage"],
        "ratings": [" ".join(letter(rating_of.get((p, k))) for k in LEVELS) for p in processes["process"]],
    }
)
st.subheader(tr("Maturity per process", "各流程成熟度"))
st.dataframe(
    columns(overview),
    hide_index=True,
    width="stretch",
    column_config={lab("score"): st.column_config.NumberColumn(format="%.2f"), lab("coverage"): PERCENT},
)
st.caption(
    tr(
        "What it takes to reach the next level, and the rule behind the level: see below. "
        "Score = the sum of the achievements of levels 1–5 (0 to 5). "
        "Ratings per level: N not achieved, P partially, L largely, F fully; - not rated.",
        "达到下一等级需要做什么以及等级判定依据，见下方。得分 = 第 1–5 级实现程度之和（0 至 5）。"
        "各级评定：N 未达到、P 部分达到、L 大部分达到、F 完全达到；- 表示未评定。",
    )
)

if answers.empty:
    st.info(tr("No answers yet: record interviews or import a survey first.", "尚无答案：请先录入访谈或导入问卷。"))
    if may("collect"):
        st.page_link("app_pages/interview.py", label=tr("Interview", "访谈"), icon=":material/record_voice_over:")
    st.stop()

with st.expander(tr("Respondents by role, unit and method", "按角色、单位和方式统计的答卷人")):
    left, middle, right = st.columns(3)
    with left:
        counts(respondents, "role", roles, tr("Role", "角色"))
    with middle:
        counts(respondents, "unit", {}, tr("Unit", "单位"))
    with right:
        counts(respondents, "method", methods, tr("Method", "方式"))

# --- the ticket data's verdicts ---------------------------------------------------------------------------------------

checks = checks_of(details.id, details.revision, found)
if not checks.empty:
    st.subheader(tr("Evidence from the ticket system", "工单数据佐证"))
    st.caption(explanation() + verdict_summary(checks))
    item_texts = {item.id: text(item.text) for _, item in questionnaire.all_items()}
    st.dataframe(
        verdict_table(checks, names, item_texts),
        hide_index=True,
        width="stretch",
        key="results_verdicts",
        column_config={labels()["achievement"]: PERCENT},
    )

# --- charts -----------------------------------------------------------------------------------------------------------

st.subheader(tr("Charts", "图表"))
radar_tab, levels_tab, dimensions_tab = st.tabs(
    [tr("Current vs target", "现状与目标"), tr("Ratings by level", "各级评定"), tr("Dimensions", "维度")]
)
with radar_tab:
    # option texts are computed here, not in format_func: AppTest calls format_func outside the script's session
    measures = {"level": lab("level"), "score": lab("score")}
    measure = st.radio(
        tr("Show", "显示"),
        list(measures),
        format_func=measures.get,
        horizontal=True,
        key="results_radar_measure",
    )
    st.plotly_chart(chart("radar", details.id, details.revision, lang(), measure), width="stretch", key="results_radar")
with levels_tab:
    figure = chart("levels", details.id, details.revision, lang())
    st.plotly_chart(figure, width="stretch", key="results_levels")
with dimensions_tab:
    figure = chart("dimensions", details.id, details.revision, lang())
    st.plotly_chart(figure, width="stretch", key="results_dimensions")

# --- why this level ---------------------------------------------------------------------------------------------------

st.subheader(tr("The next level, and why this level", "下一等级与等级依据"))
process = st.selectbox(lab("process"), list(processes["process"]), format_func=names.get, key="results_process")
explanation = explain_level(result, process)
row = processes.set_index("process").loc[process]
cells = st.columns(4)
cells[0].metric(lab("level"), explanation.level)
cells[1].metric(lab("score"), f"{row['score']:.2f}")
cells[2].metric(lab("target"), int(row["target"]))
cells[3].metric(lab("gap"), int(row["gap"]))
advice = advise(result, questionnaire, process)
# the advice first: what to raise, named (texts of the questionnaire, so escaped as data)
st.info("\n\n".join(md(sentence) for sentence in advice.render(lang())), icon=":material/trending_up:")
if said := badges(checks[checks["process"] == process]):  # what the ticket data says about this process's items
    st.markdown(said)
reason = priority_reasons(found.priorities).get(process)
if reason is not None:
    st.caption(md(reason.line(lang())))
if len(advice.items) > NAMED:
    with st.expander(tr(f"All {len(advice.items)} practices to raise", f"全部 {len(advice.items)} 项需要提高的实践")):
        listed = pd.DataFrame(
            {
                "item": [entry.item for entry in advice.items],
                "text": [advice.text(entry.item, lang()) for entry in advice.items],
                "achievement": [entry.achievement for entry in advice.items],
            }
        )
        labels = {
            "item": tr("Item", "题目"),
            "text": tr("Practice", "实践"),
            "achievement": tr("Achievement", "实现程度"),
        }
        st.dataframe(
            columns(listed, labels), hide_index=True, width="stretch", column_config={labels["achievement"]: PERCENT}
        )
rule_box = st.expander(tr("Why this level (the rule)", "等级判定依据"))
rule_box.markdown("\n\n".join(md(sentence) for sentence in explanation.render(lang())))
if result.rule == "iso33020":
    rule_box.caption(
        tr(
            "ISO/IEC 33020: a level's achievement is the weighted mean of its answered items. Rating: "
            "N 0–15%, P above 15–50%, L above 50–85%, F above 85–100% (a boundary belongs to the lower rating). "
            "The level is the highest level rated L or F with every level below it rated F; a level not rated is "
            "not achieved.",
            "ISO/IEC 33020：某级的实现程度是该级已作答题目的加权平均。评定：N 0–15%，P 高于 15%–50%，"
            "L 高于 50%–85%，F 高于 85%–100%（边界值归较低的评定）。等级是评定为 L 或 F 且其下各级均为 F "
            "的最高等级；未评定的等级视为未达成。",
        )
    )
else:
    rule_box.caption(
        tr(
            "C2M2 (item by item): level k is achieved when every level 1..k is rated and every answered item of "
            "levels 1..k has an achievement above 50%. Ratings (N 0–15%, P to 50%, L to 85%, F above) are shown "
            "for reference.",
            "C2M2（逐题）：当第 1 至 k 级均已评定，且这些等级中每个已作答题目的实现程度都高于 50% 时，第 k 级达成。"
            "评定（N 0–15%，P 至 50%，L 至 85%，F 高于 85%）仅供参考。",
        )
    )
levels = explanation.levels.assign(rating=explanation.levels["rating"].map(rating_name))
st.dataframe(
    columns(
        levels,
        {
            "achievement": tr("Achievement", "实现程度"),
            "rating": tr("Rating", "评定"),
            "items": tr("Items", "题目数"),
            "answered": tr("Answered", "已作答"),
            "weak": tr("Items at or below 50%", "不高于 50% 的题目"),
            "achieved": tr("Achieved", "已达成"),
        },
    ),
    hide_index=True,
    width="stretch",
    column_config={tr("Achievement", "实现程度"): PERCENT},
)

level_names = {
    k: tr(f"Level {k} · {rating_name(r)}", f"第 {k} 级 · {rating_name(r)}")
    for k, r in zip(explanation.levels["level"], explanation.levels["rating"], strict=True)
}
level = st.selectbox(
    tr("Items of level", "查看等级的题目"),
    list(level_names),
    index=min(explanation.level + 1, LEVELS[-1]) - 1,  # by default the level that stops the process
    format_func=level_names.get,
    # one widget per process: a browser keeps showing a widget's last choice unless told otherwise, so a process
    # chosen anew opens on its own level that stops it, never on the level picked for the previous one
    key=f"results_level_{process}",
)
index = questionnaire.item_index()
dimension_names = {dimension.id: text(dimension.label) for dimension in questionnaire.dimensions}
shown = level_items(result, process, level)
if shown.empty:
    st.caption(tr("The questionnaire has no item at this level.", "问卷在该等级没有题目。"))
else:
    table = shown.assign(
        text=shown["item"].map(lambda i: text(index[i][1].text) if i in index else ""),
        dimension=shown["dimension"].map(lambda d: dimension_names.get(d, d)),
        rating=shown["rating"].map(letter),
    )
    table = table.loc[
        :,
        ["item", "text", "dimension", "achievement", "rating", "spread", "answers", "na", "unknown", "empty"]
        + ["agreed", "flagged", "weight"],
    ]
    item_labels = {
        "item": tr("Item", "题目"),
        "text": tr("Practice", "实践"),
        "dimension": tr("Dimension", "维度"),
        "achievement": tr("Achievement", "实现程度"),
        "rating": tr("Rating", "评定"),
        "spread": tr("Spread", "离散度"),
        "answers": tr("Scored answers", "计分答案"),
        "na": tr("Not applicable", "不适用"),
        "unknown": tr("Don't know", "不知道"),
        "empty": tr("Empty", "未作答"),
        "agreed": tr("Reconciled", "已协调"),
        "flagged": tr("Disagreement", "存在分歧"),
        "weight": tr("Weight", "权重"),
    }
    st.dataframe(
        columns(table, item_labels),
        hide_index=True,
        width="stretch",
        column_config={
            item_labels["achievement"]: PERCENT,
            item_labels["spread"]: st.column_config.NumberColumn(format="%.2f"),
        },
    )
    st.caption(
        tr(
            "Reconciled: the consultant settled a disagreement; the agreed achievement replaces the average. "
            "Disagreement: spread above 0.25 with at least 3 scored answers.",
            "已协调：顾问已就分歧作出裁定，以商定的实现程度代替平均值。存在分歧：离散度高于 0.25 且至少 3 个计分答案。",
        )
    )

    st.markdown(f"**{tr('Answers per respondent', '各答卷人的答案')}**")
    grid = level_answers(scored.responses, shown["item"].tolist())
    hidden = anonymous_respondents(workspace(), details.id)
    if not may("names"):  # a viewer, or a consultant of an anonymous survey: every respondent by number only
        hidden = frozenset(respondents["respondent"])
    if hidden:
        number = {name: i for i, name in enumerate(respondents["respondent"], start=1)}
        grid["respondent"] = grid["respondent"].map(
            lambda n: tr(f"Anonymous {number[n]}", f"匿名答卷人 {number[n]}") if n in hidden else n
        )  # (the numbers of common.shown_respondents)
    grid["role"] = grid["role"].map(lambda r: roles.get(r, r))
    grid["method"] = grid["method"].map(lambda m: methods.get(m, m))
    people = {
        "respondent": tr("Respondent", "答卷人"),
        "role": tr("Role", "角色"),
        "unit": tr("Unit", "单位"),
        "method": tr("Method", "方式"),
        **{item: item for item in shown["item"]},
    }
    st.dataframe(columns(grid, people), hide_index=True, width="stretch")
    scales = questionnaire.all_scales()
    used = dict.fromkeys(index[i][1].scale_id for i in shown["item"] if i in index)
    legend = list(dict.fromkeys(f"{o.key} = {text(o.label)}" for scale in used for o in scales.get(scale, [])))
    legend += [tr("na = not applicable", "na = 不适用"), tr("unknown = don't know", "unknown = 不知道")]
    st.caption(" · ".join(legend))

# --- answer distribution of the process -------------------------------------------------------------------------------

st.markdown("**" + tr(f"Answers per item: {md(names[process])}", f"各题目的答案分布：{md(names[process])}") + "**")
figure = chart("distribution", details.id, details.revision, lang(), process)
st.plotly_chart(figure, width="stretch", key="results_distribution")
