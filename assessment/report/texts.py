"""Every text of the report, in English and Simplified Chinese: key -> (en, zh).

Texts with {placeholders} are filled by `text(key, lang, **params)`; the values are escaped by the
templates like any other text, so a client or process name can never become markup.
"""

from __future__ import annotations

from typing import Any

from assessment.report.evidence_texts import EVIDENCE_TEXTS
from scoring.glossary import TERMS

TEXTS: dict[str, tuple[str, str]] = {
    # --- cover, contents, running parts ---
    "report_title": ("ITSM process maturity assessment", "IT 服务管理流程成熟度评估报告"),
    "report_subtitle": ("Current state, gaps and standardization roadmap", "现状评估 · 差距分析 · 流程标准化路线图"),
    "client": ("Client", "客户"),
    "assessment": ("Assessment", "评估项目"),
    "date": ("Date", "报告日期"),
    "assessor": ("Assessor", "评估人"),
    "prepared_by": ("Prepared by", "编制单位"),
    "questionnaire": ("Questionnaire", "评估问卷"),
    "confidential": (
        "Confidential · prepared for the steering group and the sponsor",
        "保密 · 供专项工作组及项目发起人使用",
    ),
    "contents": ("Contents", "目录"),
    "page_before": ("Page ", "第 "),
    "page_between": (" of ", " / "),
    "page_after": ("", " 页"),
    "figure": ("Figure {n}", "图 {n}"),
    "table": ("Table {n}", "表 {n}"),
    "none": ("None.", "无。"),
    "dash": ("–", "–"),
    "yes": ("yes", "是"),
    # --- shared column names ---
    "process": ("Process", "流程"),
    "level": ("Level", "等级"),
    "score": ("Score", "得分"),
    "target": ("Target", "目标"),
    "gap": ("Gap", "差距"),
    "score_gap": ("Score gap", "得分差距"),
    "coverage": ("Coverage", "覆盖率"),
    "items": ("Items", "题目数"),
    "answered": ("Answered", "已作答"),
    "item": ("Item", "题目"),
    "practice": ("Practice", "实践"),
    "dimension": ("Dimension", "维度"),
    "achievement": ("Achievement", "实现程度"),
    "needed": ("Needed", "需要"),
    "rating": ("Rating", "评定"),
    "spread": ("Spread", "离散度"),
    "answers": ("Answers", "答案数"),
    "flag": ("Open disagreement", "分歧未协调"),
    "agreed": ("settled", "已协调"),
    "priority": ("Priority", "优先级"),
    "rank": ("Rank", "排名"),
    "importance": ("Importance", "业务重要性"),
    "pain": ("Pain", "痛点"),
    "effort": ("Effort (person-days)", "工作量（人天）"),
    "effort_short": ("Effort", "工作量"),
    "unit": ("Unit", "单位"),
    "units": ("Units", "单位数"),
    "role": ("Role", "角色"),
    "weight": ("Weight", "权重"),
    "respondents": ("Respondents", "答卷人"),
    "method_col": ("Method", "方式"),
    "total": ("Total", "合计"),
    "action": ("Action", "行动项"),
    "owner": ("Owner", "负责人"),
    "phase": ("Phase", "阶段"),
    "start": ("Start", "开始"),
    "due": ("Due", "完成"),
    "from": ("From", "开始"),
    "to": ("To", "结束"),
    "severity": ("Severity", "严重程度"),
    "description": ("Description", "描述"),
    "processes": ("Processes", "涉及流程"),
    "quick_win": ("quick win", "速赢"),
    "ratings": ("Ratings L1–L5", "各级评定 L1–L5"),
    "deviation": ("From median", "与中位数之差"),
    "index": ("Standardization index", "标准化指数"),
    "score_range": ("Score range", "得分极差"),
    "lowest_unit": ("Lowest unit", "最低单位"),
    "deviating": ("Deviating units", "偏离单位"),
    "value": ("Value", "分值"),
    "answer": ("Answer", "答案"),
    "meaning": ("Meaning", "含义"),
    "range": ("Range", "区间"),
    "dont_know": ("Don't know", "不知道"),
    # --- executive summary ---
    "summary_overall": (
        "{processes} processes were assessed by {respondents} respondents in {units} units, who gave {answers} "
        "answers. The average maturity level is {mean_level} (score {mean_score} of 5); {met} of the {processes} "
        "processes have reached their target. {best} is the most mature process (level {best_level}), {worst} the "
        "least (level {worst_level}).",
        "本次评估覆盖 {processes} 个流程，{units} 个单位的 {respondents} 名答卷人共提供 {answers} 个答案。"
        "平均成熟度等级为 {mean_level}（得分 {mean_score}，满分 5）；{processes} 个流程中有 {met} 个已达到目标。"
        "成熟度最高的是{best}（{best_level} 级），最低的是{worst}（{worst_level} 级）。",
    ),
    "summary_units": (
        "Standardization across units is weakest in {process} (index {index}; {units} differ most).",
        "各单位之间的标准化程度以{process}最弱（标准化指数 {index}；{units}之间差异最大）。",
    ),
    "summary_roadmap": (
        "The roadmap closes the gaps with {actions} actions and {effort} person-days of effort, from {start} to "
        "{end}, the processes in parallel workstreams of {capacity} person-days a month each; {quick} of them are "
        "quick wins.",
        "路线图以 {actions} 项行动、共 {effort} 人天的工作量弥补差距，各流程作为并行的工作流，每个工作流每月投入 "
        "{capacity} 人天，自 {start} 至 {end}；其中 {quick} 项为速赢行动。",
    ),
    "kpi_level": ("Average level", "平均等级"),
    "kpi_score": ("Average score", "平均得分"),
    "kpi_met": ("Processes at target", "达标流程"),
    "kpi_respondents": ("Respondents", "答卷人"),
    "kpi_actions": ("Roadmap actions", "路线图行动项"),
    "kpi_effort": ("Person-days", "人天"),
    "top_gaps": ("The five most important gaps", "五项最重要的差距"),
    "top_gaps_note": (
        "Practices that fall short of what the target level needs, weighed by the priority of their process.",
        "未达到目标等级要求的实践，按其所属流程的优先级加权排序。",
    ),
    "top_priorities": ("Top priorities", "优先改进的流程"),
    "key_pain": ("Key pain points", "主要痛点"),
    "key_pain_by_process": (
        "Pain points named per process (sum of severities):",
        "各流程涉及的痛点（严重程度之和）：",
    ),
    "first_steps": ("First steps of the roadmap", "路线图的首批行动"),
    "no_gaps": ("Every process has reached its target.", "所有流程均已达到目标。"),
    "no_pain": ("No pain point was recorded.", "未记录痛点。"),
    "no_actions": ("The roadmap has no actions.", "路线图没有行动项。"),
    # --- method ---
    "method_intro": (
        "The assessment uses the questionnaire {questionnaire}: {items} practice statements over {processes} "
        "processes and five maturity levels, answered in interviews, workshops and surveys. Each answer says how "
        "much of a practice is in place; nothing is scored by hand.",
        "本次评估采用问卷 {questionnaire}：{processes} 个流程、五个成熟度等级，共 {items} 条实践陈述，"
        "通过访谈、研讨会与问卷调查作答。每个答案说明一项实践的实现程度；所有得分均按规则计算，不作人工评分。",
    ),
    "method_scale": ("Answer scale", "答案量表"),
    "method_scale_note": (
        "“Not applicable” and “don't know” are kept and counted but never scored.",
        "“不适用”与“不知道”会被记录和统计，但不计分。",
    ),
    "method_rule": ("Rule", "评级规则"),
    "rule_iso33020": (
        "ISO/IEC 33020: an item's achievement is the weighted mean of its answers (weights by role); a level's "
        "achievement the weighted mean of its items. A process has level k when level k is rated L or F and "
        "every level below it is rated F. The score is the sum of the five level achievements (0–5).",
        "ISO/IEC 33020：题目的实现程度为其答案的加权平均（按角色加权）；等级的实现程度为该级各题目的加权平均。"
        "当第 k 级评定为 L 或 F，且其下各级均评定为 F 时，流程达到第 k 级。得分为五个等级实现程度之和（0–5）。",
    ),
    "rule_c2m2": (
        "C2M2 (strict): level k is achieved when every answered item of levels 1 to k has an achievement above "
        "50% and every level up to k is rated. The score is the sum of the five level achievements (0–5).",
        "C2M2（严格）：当第 1 至 k 级每个已作答题目的实现程度都高于 50%，且各级均已评定时，流程达到第 k 级。"
        "得分为五个等级实现程度之和（0–5）。",
    ),
    "method_ratings": ("Ratings", "评定等级"),
    **{f"rating_{letter}": TERMS[f"rating_{letter}"] for letter in ("N", "P", "L", "F")},
    "method_flag": (
        "An item is flagged as a disagreement when the spread of its answers exceeds 0.25 with at least three "
        "answers; the consultant may settle it with an agreed achievement, kept in the audit log.",
        "当一个题目至少有 3 个计分答案且答案离散度超过 0.25 时，标记为分歧项；顾问可记录协调后的实现程度予以确认，"
        "并保留审计记录。",
    ),
    "method_priority": (
        "Priority (0–100) = 40 × gap + 25 × business importance + 25 × pain + 10 × ease of effort, each part a "
        "share between 0 and 1; a process at its target has priority 0.",
        "优先级（0–100）= 40 × 差距 + 25 × 业务重要性 + 25 × 痛点 + 10 × 工作量易度，各部分取值 0–1；"
        "已达到目标的流程优先级为 0。",
    ),
    "method_respondents": ("Respondents by role", "按角色统计的答卷人"),
    "method_units": ("Respondents by unit and method", "按单位与方式统计的答卷人"),
    "method_coverage": ("Coverage", "覆盖情况"),
    "method_frameworks": ("The levels and other frameworks", "成熟度级别与其他框架的对应"),
    "tab_frameworks": ("What each level corresponds to", "各级别的对应关系"),
    "frameworks_note": (
        "ISO/IEC 20000-1 is normative: a practice one of its 'shall' clauses requires sits at level 3 or below, so "
        "level 3 is what a certification audit expects. The other columns are an indicative correspondence, not an "
        "official equivalence: they rate a whole organization, this assessment rates processes.",
        "ISO/IEC 20000-1 为规范性对应：其“应”条款要求的做法不高于3级，3级即认证审核所期望的状态。其余各列为参考性对应，"
        "不是官方等同关系：它们评价的是整个组织，本评估评价的是单个流程。",
    ),
    "normative": ("normative", "规范性"),
    "indicative": ("indicative", "参考性"),
    "method_interview": ("Interview", "访谈"),
    "method_workshop": ("Workshop", "研讨会"),
    "method_survey": ("Survey", "问卷调查"),
    "method_web survey": ("Web survey", "在线问卷"),
    "method_other": ("Other", "其他"),
    "no_unit": ("(no unit)", "（未指定单位）"),
    "no_role": ("(no role)", "（未指定角色）"),
    "dont_know_rate": ("“Don't know”", "“不知道”比例"),
    "tab_scale": ("The answer scale", "答案量表"),
    "tab_ratings": ("Ratings of a level by its achievement", "按实现程度划分的等级评定"),
    "tab_roles": ("Respondents and answers by role", "各角色的答卷人与答案数"),
    "tab_units": ("Respondents by unit and method", "各单位、各方式的答卷人"),
    "tab_coverage": ("Items answered per process", "各流程的作答题目"),
    # --- overview ---
    "overview_intro": (
        "Maturity by process against the targets the steering group set. The level says what is achieved; the "
        "score (0–5) how far the practices have come, and moves before the level does.",
        "各流程成熟度与专项工作组设定目标的对比。等级表示已达成的水平；得分（0–5）反映各项实践的进展程度，"
        "会先于等级发生变化。",
    ),
    "fig_radar": ("Maturity level by process: current against target", "各流程成熟度等级：现状与目标"),
    "fig_levels": ("Rating of each level by process", "各流程各等级的评定"),
    "fig_dimensions": ("Achievement by process and dimension", "各流程各维度的实现程度"),
    "tab_overview": ("Levels, scores and ratings by process", "各流程的等级、得分与评定"),
    # --- per process ---
    "processes_intro": (
        "One section per process: its level, what it takes to reach the next level and the rule behind the level, "
        "the rating of each level, the dimension profile, strengths and weaknesses, where respondents disagree, its "
        "pain points, how alike the units run it and what the walkthrough tests found.",
        "每个流程一节：等级、达到下一等级需要做什么及等级依据、各级评定、维度画像、优势与不足、答卷人的分歧、相关痛点、"
        "各单位执行的一致性，以及穿行测试的结果。",
    ),
    "findings": ("Findings", "结论"),
    "recommendations": ("Recommendations", "建议"),
    "by_level": ("Rating by level", "各级评定"),
    "level_looks_like": ("What the level looks like", "该级特征"),
    "dimension_profile": ("Dimension profile", "维度画像"),
    "strengths": ("Strengths", "优势"),
    "weaknesses": ("Weaknesses", "不足"),
    "disagreements": ("Disagreements", "分歧"),
    "perception": (
        "{highest} rate the practices highest ({highest_offset} against everybody), {lowest} lowest "
        "({lowest_offset}): a gap of {gap}.",
        "{highest}对实践的评价最高（相对全体 {highest_offset}），{lowest}最低（{lowest_offset}），相差 {gap}。",
    ),
    "pain_points": ("Pain points", "痛点"),
    "consistency": ("Consistency across units", "各单位的一致性"),
    "consistency_line": (
        "Standardization index {index}: on an item of this process the best and the worst unit differ by "
        "{difference} on average.",
        "标准化指数 {index}：在本流程的题目上，最好与最差单位的实现程度平均相差 {difference}。",
    ),
    "largest_differences": ("Largest differences between units", "单位间差异最大的题目"),
    "walkthroughs": ("Walkthrough results", "穿行测试结果"),
    "check": ("Check", "检查项"),
    "samples": ("Samples", "样本"),
    "passed": ("Passed", "通过"),
    "failed": ("Failed", "未通过"),
    "notes": ("Notes", "说明"),
    "no_walkthroughs": ("No walkthrough test was recorded.", "未记录穿行测试。"),
    "remarks": ("Remarks from respondents", "答卷人意见"),
    "key_figures": (
        "Level {level} of target {target} · score {score} · coverage {coverage}",
        "等级 {level}，目标 {target} · 得分 {score} · 覆盖率 {coverage}",
    ),
    "advice_title": ("What it takes to reach the next level", "达到下一等级需要做什么"),
    "advice_items": ("The practices to raise", "需要提高的实践"),
    "rule_detail": ("Why this level (the rule)", "等级判定依据"),
    "no_strengths": ("No practice is fully in place yet.", "尚无完全实施的实践。"),
    "no_weaknesses": ("Nothing falls short of the target.", "没有未达到目标要求的实践。"),
    "more_in_appendix": ("{n} more, all in the appendix.", "另有 {n} 项未列出，详见附录。"),
    "more_not_listed": ("{n} more not listed.", "另有 {n} 项未列出。"),
    "no_disagreements": ("Respondents agree on every item.", "答卷人在所有题目上意见一致。"),
    "no_units": ("Answered in one unit only.", "仅有一个单位作答。"),
    # --- gaps and priorities ---
    "gaps_intro": (
        "Gaps to the targets and the priority of closing each, from the gap, business importance, pain points "
        "and the effort of the actions that close it.",
        "各流程与目标的差距，以及依据差距、业务重要性、痛点与所需工作量得出的改进优先级。",
    ),
    "fig_gaps": ("Gap to target by process, most urgent first", "各流程与目标的差距（按优先级排序）"),
    "tab_priorities": ("Priorities and the points of each part", "优先级及各部分得分"),
    "tab_ranks": ("The processes by rank, and why", "各流程的排名及原因"),
    "reason": ("Why", "原因"),
    "ranks_note_appendix": (
        "The rank weighs the gap, business importance, pain points and the effort of closing the gap; the points "
        "of each part are in the appendix.",
        "排名综合考虑差距、业务重要性、痛点与弥补差距所需的工作量；各部分得分见附录。",
    ),
    "parts": ("Points: gap · importance · pain · effort", "得分构成：差距 · 重要性 · 痛点 · 工作量"),
    "fig_units": ("Score of each unit by process, with the target", "各单位各流程的得分及目标"),
    "tab_consistency": ("Consistency of each process across units", "各流程在各单位间的一致性"),
    "perception_title": ("Perception by role", "各角色的认知差异"),
    "tab_perception": ("Roles that rate a process highest and lowest", "对各流程评价最高与最低的角色"),
    "highest_role": ("Highest", "评价最高"),
    "highest_unit": ("Highest unit", "最高单位"),
    "lowest_role": ("Lowest", "评价最低"),
    # --- roadmap ---
    "roadmap_intro": (
        "{actions} actions from the action library close the items that fall short of the targets. They follow "
        "the phases of the implementation path, in order of priority and dependency. Each process is a workstream "
        "with its own team ({capacity} person-days a month unless set otherwise), working from {start} in parallel "
        "with the others; an action waits for every action it depends on, in whatever workstream. A milestone "
        "marks each phase gate: the day the phase's last action is due.",
        "行动库中的 {actions} 项行动用于弥补未达到目标要求的题目。行动按实施路径的各阶段排列，依优先级与依赖关系排序。"
        "每个流程是一个工作流，由各自的团队负责（除另行设置外，每月投入 {capacity} 人天），自 {start} 起与其他工作流"
        "并行推进；行动须等其依赖的全部行动完成后才开始，无论这些行动属于哪个工作流。每个阶段关口设一个里程碑，"
        "即该阶段最后一项行动完成之日。",
    ),
    "tab_workstreams": ("Workstreams", "工作流"),
    "workstream": ("Workstream", "工作流"),
    "capacity_month": ("Person-days a month", "每月人天"),
    "tab_milestones": ("Milestones at the phase gates", "阶段关口里程碑"),
    "milestone": ("Milestone", "里程碑"),
    "fig_gantt_summary": (
        "The roadmap by workstream and phase, with the milestones (◆)",
        "按工作流和阶段展示的路线图及里程碑（◆）",
    ),
    "tab_phases": ("The roadmap by phase", "路线图各阶段概览"),
    "fig_gantt": ("The actions of the workstreams {workstreams} (★ quick win)", "工作流{workstreams}的行动（★ 速赢）"),
    "tab_phase_actions": ("Actions of the phase “{phase}”", "“{phase}”阶段的行动项"),
    "actions_count": ("Actions", "行动数"),
    # --- appendix ---
    "appendix_intro": (
        "Every scored item with its achievement, rating, the spread of its answers and the number of scored answers.",
        "所有计分题目的实现程度、评定、答案离散度与计分答案数。",
    ),
    "tab_items": ("Items of {process}", "{process}的题目"),
    "appendix_priorities": ("How the priorities are ranked", "优先级的计算"),
    "appendix_items": ("Every item", "全部题目"),
    "produced": ("Produced on {date} by MaturityMap.", "由 MaturityMap 于 {date} 生成。"),
    **EVIDENCE_TEXTS,  # the chapter of evidence from the ticket system
}


def text(key: str, lang: str, **params: Any) -> str:
    """A report text in `lang`, its {placeholders} filled from `params`."""
    en, zh = TEXTS[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**params) if params else chosen
