"""The project's words: one term for one thing, in English and Chinese, for the pages, the report, the files and
the docs (docs/glossary.md is written from it by scripts/glossary.py).

Pure data, so that the scoring charts (which import nothing of the application) use it as the pages do.
"""

from __future__ import annotations

# term -> (English, Chinese)
TERMS: dict[str, tuple[str, str]] = {
    # the rating of an achievement (ISO/IEC 33020's N/P/L/F)
    "rating_N": ("Not achieved", "未达到"),
    "rating_P": ("Partially achieved", "部分达到"),
    "rating_L": ("Largely achieved", "大部分达到"),
    "rating_F": ("Fully achieved", "完全达到"),
    "achievement": ("Achievement", "实现程度"),
    "level": ("Level", "等级"),
    "score": ("Score", "得分"),
    "coverage": ("Coverage", "覆盖率"),
    "spread": ("Spread", "离散度"),
    "target": ("Target", "目标"),
    "gap": ("Gap", "差距"),
    # who answers, and how
    "respondent": ("Respondent", "答卷人"),
    "role": ("Role", "角色"),
    "unit": ("Unit", "单位"),
    "method": ("Method", "方式"),
    "interview": ("Interview", "访谈"),
    "survey": ("Survey", "问卷调查"),
    "workshop": ("Workshop", "研讨会"),
    "walkthrough": ("Walkthrough", "穿行测试"),
    "web survey": ("Web survey (answered through a link)", "在线问卷（通过链接作答）"),
    "campaign": ("Survey campaign", "问卷活动"),
    # answers
    "answer": ("Answer", "答案"),
    "answers": ("Answers (a number of)", "答案数"),
    "na": ("Not applicable", "不适用"),
    "unknown": ("Don't know", "不知道"),
    "no_answer": ("No answer", "未作答"),
    "clear": ("[clear] (takes an earlier answer away)", "[清除]（清除原有回答）"),
    "form": ("Form (one respondent's sheet)", "答卷（每位答卷人一个工作表）"),
    # the work on the data
    "disagreement": ("Disagreement (flagged item)", "分歧项"),
    "reconcile": ("Reconcile (agree an achievement)", "协调"),
    "correct": ("Correct (a respondent)", "更正"),
    "undo_import": ("Undo an import", "撤销导入"),
    "archive": ("Archive", "归档"),
    "bundle": ("Bundle", "数据包"),
    "raw_data": ("Raw data", "原始数据"),
    "ticket_evidence": ("Evidence (the ticket system's data: KPIs and the flow beside the answers)", "数据佐证"),
    "quick_win": ("Quick win", "速赢项"),
    "roadmap": ("Roadmap", "路线图"),
    "workstream": ("Workstream (of the roadmap: one per process)", "工作流"),
    "milestone": ("Milestone (a phase gate of the roadmap)", "里程碑"),
    "reassessment": ("Re-assessment", "复评"),
    "baseline": ("Baseline", "基线"),
    "context": ("Context", "现状背景"),
    # evidence from the ticket system: an item's indicators against the KPIs of the ticket data
    "indicator": ("Indicator (a KPI of the ticket data that evidences an item)", "佐证指标"),
    "confirmed": ("Confirmed by data", "数据印证"),
    "contradicted": ("Contradicted by data", "数据相悖"),
    "overrated": ("Rated higher than the data (rated achieved, the KPI misses)", "自评偏高"),
    "underrated": ("Rated lower than the data (rated below 85 %, the KPI meets)", "自评偏低"),
    # the questionnaire library's words (questionnaires/itsm-core)
    "what_to_look_for": ("What to look for (in an item's guidance)", "判定要点"),
    "workaround": ("Workaround", "临时解决方案"),
    "knowledge_article": ("Knowledge article", "知识条目"),
    "early_life_support": ("Early life support", "上线保障期"),
    "quorum": ("Quorum", "最低出席人数"),
    "missed_target": ("Missed (SLA, OLA) target, breach", "未达标 / 超时"),
    "return_rate": (
        "Return rate (the share of requests sent back to the requester as incomplete or ineligible)",
        "退回率（因信息不全或不符合条件退回申请人的请求占比）",
    ),
    "quality_supervisor": ("Quality assurance reviewer (the working group's role)", "质量监督员"),
}

# A word not to use (in Chinese), and the term said instead.
AVOIDED: dict[str, str] = {
    "分歧度": "离散度",
    "回答数": "答案数",
    "评估包": "数据包",
    "现场走查": "穿行测试",
    "快速见效": "速赢项",
    "达成度": "实现程度",
    "实施程度": "实现程度",
    "未实现": "未达到",
    "部分实现": "部分达到",
    "大部分实现": "大部分达到",
    "完全实现": "完全达到",
    "“不清楚”": "“不知道”",
    "组织单元": "单位",
    "修正答卷人": "更正答卷人",
    # the questionnaire library's words
    "好的回答": "判定要点",
    "知识文章": "知识条目",
    "知识库文章": "知识条目",
    "早期支持": "上线保障期",
    "法定人数": "最低出席人数",
    "违约": "未达标 / 超时（内部SLA）",
    "临时解决方法": "临时解决方案",
    "变通方案": "临时解决方案",
    "变通办法": "临时解决方案",
    "规避方案": "临时解决方案",
}


def term(key: str, lang: str) -> str:
    """A term in `lang` ("zh" or "en")."""
    return TERMS[key][1 if lang == "zh" else 0]
