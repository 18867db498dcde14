"""The problems the roadmap builder meets (edits that no longer apply, ...) as sentences in either language."""

from __future__ import annotations

from typing import Any

from assessment.analysis.analyse import roadmap_problem_text
from assessment.questionnaire.plan_model import PHASES

# the kinds of roadmap edit (assessment.roadmap_edits.KINDS) -> (English, Chinese)
EDIT_KINDS: dict[str, tuple[str, str]] = {
    "drop": ("drop", "移除"),
    "keep": ("keep", "保留"),
    "add": ("add", "新增"),
    "phase": ("phase", "阶段"),
    "owner": ("owner", "负责人"),
    "start": ("start", "开始日期"),
    "due": ("due date", "完成日期"),
}

# code of scoring.roadmap.build_roadmap's problems -> (English, Chinese); fields are the problem's params
MESSAGES: dict[str, tuple[str, str]] = {
    "edit_malformed": (
        "roadmap edit no. {index} is malformed and was ignored",
        "第 {index} 条路线图调整格式有误，已忽略",
    ),
    "edit_unknown_kind": (
        "the edit '{kind}' of action {action} is not a known kind of edit and was ignored",
        "行动项 {action} 的调整“{kind}”不是已知的调整类型，已忽略",
    ),
    "edit_invalid_value": (
        "the edit '{kind}' of action {action} has a value that cannot be used ({detail}) and was ignored",
        "行动项 {action} 的调整“{kind}”的取值无法使用（{detail}），已忽略",
    ),
    "edit_unknown_action": (
        "action {action} is no longer in the action library: its edit '{kind}' was ignored",
        "行动项 {action} 已不在行动库中：其调整“{kind}”已忽略",
    ),
    "edit_not_selected": (
        "action {action} is not on the roadmap (nothing it closes falls short now): its edit '{kind}' has no effect",
        "行动项 {action} 不在路线图中（其对应题目已无差距）：调整“{kind}”不起作用",
    ),
    "dependency_dropped": (
        "action {action} depends on {depends_on}, which was dropped: check that it can still be done",
        "行动项 {action} 依赖已移除的行动项 {depends_on}：请确认其仍可执行",
    ),
    "phase_follows_dependency": (
        "action {action} stays in phase '{phase}' (not '{requested}'): an action it depends on comes first",
        "行动项 {action} 仍在阶段“{phase}”（而非“{requested}”）：其依赖的行动项须先完成",
    ),
    "requirement_cycle": (
        "the process levels required by {actions} depend on each other in a circle: those requirements were ignored",
        "行动项 {actions} 所要求的流程等级相互循环依赖：这些要求已忽略",
    ),
    "edit_due_before_start": (
        "action {action} is due ({due}) before it starts ({start}): the due date was ignored",
        "行动项 {action} 的完成日期（{due}）早于开始日期（{start}）：完成日期已忽略",
    ),
    "pinned_before_dependency": (
        "action {action} is set to start before {depends_on}, which it depends on, is done",
        "行动项 {action} 被设定在其依赖的行动项 {depends_on} 完成之前开始",
    ),
    "add_id_taken": (
        "the added action {action} has the id of a library action: it was not added",
        "新增行动项 {action} 与行动库中的行动项编号相同：未添加",
    ),
    "add_unknown_dependency": (
        "the added action {action} depends on {depends_on}, which is unknown: that dependency was ignored",
        "新增行动项 {action} 依赖未知的行动项 {depends_on}：该依赖已忽略",
    ),
    "custom_dependency_cycle": (
        "the added actions {actions} depend on each other in a circle: those dependencies were ignored",
        "新增行动项 {actions} 相互循环依赖：这些依赖已忽略",
    ),
}


def roadmap_problem_message(problem: dict[str, Any], lang: str = "zh") -> str:
    """A roadmap problem as a sentence in `lang`; an unknown code as its code and parameters."""
    pair = MESSAGES.get(problem.get("code", ""))
    params = dict(problem.get("params") or {})
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            params[key] = ", ".join(map(str, value))
        elif key in ("phase", "requested") and value in PHASES:
            params[key] = PHASES[value].get(lang)
        elif key == "kind" and value in EDIT_KINDS:
            params[key] = EDIT_KINDS[value][1 if lang == "zh" else 0]
    params.setdefault("detail", params.get("field") or params.get("value") or "")
    try:
        return pair[1 if lang == "zh" else 0].format(**params) if pair else roadmap_problem_text(problem)
    except (KeyError, IndexError):
        return roadmap_problem_text(problem)
