"""A clearly labelled demo assessment on the bundled questionnaire, for a first look at the app.

The answers are not noise: each respondent's answer to an item follows a maturity profile per
process and unit (an "effective level" m; an item at level k is achieved to about
1 / (1 + e^(-2.4 (m - k + 0.5)))), moved by the item's dimension, the respondent's role (process
owners see things a little rosier, quality supervisors a little darker) and a personal bias, with a
little seeded noise. So the demo shows real gaps: incident and service request around level 2-3,
change and configuration weaker, the others in between; the 深圳研发中心 runs change management
its own way (much lower answers); a few items split management and the front line (flagged as
disagreements); some answers are `na` or `unknown`, and some carry a short comment.

Everything is derived from the questionnaire's ids (items by process, level, dimension and roles;
walkthrough checks and context fields as declared), so the demo stays valid when items change.
Every random draw is seeded by the respondent and the item: the demo is the same on every load.
The demo's scope is the questionnaire's default scope: an optional module (continuity) is in its
snapshot, to be added on the Setup page, but has no answers, targets or context records. The sample ticket
exports of examples/ are its evidence from the ticket system (demo_evidence).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.questionnaire.model import Item, Process
from assessment.questionnaire.plan_model import ContextSection
from assessment.storage.tables import Assessment, Client
from assessment.workspace.assessments import create_assessment, set_target
from assessment.workspace.core import Workspace, WorkspaceError
from assessment.workspace.demo_evidence import load_demo_evidence
from assessment.workspace.recording import import_responses

QUESTIONNAIRE_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core"
CLIENT = "示范集团（演示数据）/ Demo Group (demo data)"
NAME = "2026 ITSM 现状评估 (demo)"
STARTED_ON = dt.date(2026, 3, 2)
ACTOR = "demo"
SEED = "maturitymap-demo-2026"

HQ, DC, RD = "北京总部", "上海数据中心", "深圳研发中心"
UNITS = (HQ, DC, RD)

# The effective maturity level of each process, before the unit's and the dimension's shifts.
BASE = {
    "incident": 3.0,
    "service_request": 2.8,
    "problem": 2.1,
    "release": 2.0,
    "service_level": 2.2,
    "change": 1.9,
    "configuration": 1.3,
}
DEFAULT_BASE = 2.0  # a process the profile does not know yet
UNIT_SHIFT: dict[str, dict[str, float]] = {
    HQ: {"*": 0.15},
    DC: {"*": 0.0, "incident": 0.25, "configuration": 0.3},
    # the R&D centre deploys through its own pipeline: changes bypass the CAB
    RD: {"*": -0.2, "change": -1.4, "release": -0.1},
}
DIMENSION_SHIFT: dict[str, dict[str, float]] = {
    "configuration": {"tools": -0.5},
    "service_level": {"tools": -0.4},
    "problem": {"people": -0.5},
    "change": {"organization": -0.3},
    "incident": {"tools": 0.3},
}
ROLE_BIAS = {
    "sponsor": 0.12,
    "process_owner": 0.08,
    "process_designer": 0.04,
    "process_executor": 0.0,
    "quality_supervisor": -0.08,
    "business_representative": -0.06,
    "key_user": -0.04,
}
TARGETS = {"change": 4, "incident": 4}  # every other process: 3
DEFAULT_TARGET = 3

# Items where management and the front line disagree: the first item of (process, level, dimension)
# asked of both camps. Management answers 3-4, the front line 0-1: the spread flags the item.
SPLITS = [
    ("incident", 3, "process"),
    ("problem", 2, "organization"),
    ("release", 2, "process"),
    ("service_level", 3, "process"),
    ("configuration", 2, "organization"),
    ("service_request", 2, "process"),
]
MANAGEMENT = {"sponsor", "process_owner", "process_designer"}


@dataclass(frozen=True)
class Person:
    """A demo respondent (the names are made up)."""

    name: str
    role: str
    unit: str
    method: str
    processes: tuple[str, ...] = ()  # the processes they speak for; () is every process


PEOPLE = (
    Person("王建国", "sponsor", HQ, "interview"),
    Person("李明", "process_owner", HQ, "interview", ("incident", "problem", "service_request", "service_level")),
    Person("张伟", "process_owner", HQ, "interview", ("change", "configuration", "release")),
    Person("刘洋", "process_designer", HQ, "workshop"),
    Person("陈静", "quality_supervisor", HQ, "interview"),
    Person("杨帆", "process_executor", HQ, "survey", ("incident", "service_request", "problem")),
    Person("赵磊", "process_executor", HQ, "survey", ("change", "configuration", "release")),
    Person("孙丽", "business_representative", HQ, "workshop", ("incident", "service_request", "service_level")),
    Person("周涛", "process_owner", DC, "interview"),
    Person("吴昊", "process_executor", DC, "survey", ("incident", "problem", "change", "configuration")),
    Person("郑敏", "process_executor", DC, "survey", ("release", "service_request", "service_level", "change")),
    Person("冯雪", "quality_supervisor", DC, "interview"),
    Person("何俊", "key_user", DC, "survey", ("incident", "service_request", "service_level")),
    Person("许婷", "process_designer", DC, "workshop", ("change", "configuration", "release")),
    Person("林海", "process_owner", RD, "interview"),
    Person("黄志强", "process_executor", RD, "survey", ("change", "release", "configuration", "incident")),
    Person("马丽", "process_executor", RD, "survey", ("incident", "problem", "service_request")),
    Person("高远", "process_designer", RD, "workshop", ("change", "release")),
    Person("罗欣", "business_representative", RD, "workshop", ("service_level", "incident", "change")),
    Person("谢晨", "key_user", RD, "survey", ("incident", "service_request", "change", "release")),
)

COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "process": {
        "low": ("流程文件还没有发布，靠经验处理", "各团队做法不一致", "只有口头约定，没有书面规定"),
        "mid": ("有流程文件，但执行不到位", "部分团队执行，外包团队未覆盖"),
        "high": ("已制度化，抽查记录完整", "流程文件去年已修订并发布"),
    },
    "tools": {
        "low": ("主要靠邮件和 Excel 跟踪", "工具里没有这个字段，只能手工记"),
        "mid": ("工具支持，但字段填写不完整", "工具有此功能但未启用"),
        "high": ("工具中自动流转和计时", "已与监控平台集成"),
    },
    "people": {
        "low": ("没有做过系统培训", "依赖一两位老员工"),
        "mid": ("新员工有培训，老员工没有复训",),
        "high": ("每季度组织培训并考核",),
    },
    "organization": {
        "low": ("职责没有明确到人", "没有正式任命"),
        "mid": ("有分工但未成文",),
        "high": ("已发文任命并纳入考核",),
    },
}
RD_CHANGE_COMMENTS = (
    "研发中心多数变更通过流水线直接上线，未走 CAB 审批",
    "紧急变更占比高，事后也很少补录",
    "变更只记在 Jira 里，运维侧看不到",
)
SPLIT_COMMENTS = {
    True: ("制度已发布，按要求执行", "管理层例会上已确认落实"),
    False: ("实际执行中经常跳过", "一线没有听说过这项要求"),
}
NA_COMMENT = "本单位不涉及"
UNKNOWN_COMMENT = "不清楚，需要向运维确认"


# --- answers ----------------------------------------------------------------------------------------------------------


def _rng(*keys: str) -> random.Random:
    """A generator seeded by text: the same draws on every run and every machine."""
    return random.Random(":".join((SEED, *keys)))


def _effective_level(process: str, unit: str, dimension: str | None) -> float:
    shifts = UNIT_SHIFT.get(unit, {})
    return (
        BASE.get(process, DEFAULT_BASE)
        + shifts.get(process, shifts.get("*", 0.0))
        + DIMENSION_SHIFT.get(process, {}).get(dimension or "", 0.0)
    )


def expected_achievement(process: str, unit: str, level: int, dimension: str | None) -> float:
    """How far an item is in place at a unit, by the demo's profile: 0..1."""
    return 1.0 / (1.0 + math.exp(-2.4 * (_effective_level(process, unit, dimension) - level + 0.5)))


def _split_items(questionnaire: Questionnaire) -> dict[str, None]:
    """The ids of the items the demo's respondents disagree on (SPLITS, as far as the questionnaire has them)."""
    chosen: dict[str, None] = {}
    for process_id, level, dimension in SPLITS:
        for process, item in questionnaire.all_items():
            roles = set(item.roles)
            if (
                item.is_scored
                and (process.id, item.level, item.dimension) == (process_id, level, dimension)
                and roles & MANAGEMENT
                and roles - MANAGEMENT
            ):
                chosen[item.id] = None
                break
    return chosen


def _asked(person: Person, process: Process, item: Item) -> bool:
    """Whether the person is asked the item: their process, and their role among the item's roles."""
    if person.processes and process.id not in person.processes:
        return False
    return not item.roles or person.role in item.roles


def _comment(rng: random.Random, person: Person, process: Process, item: Item, value: float) -> str:
    if person.unit == RD and process.id == "change" and value <= 0.25 and rng.random() < 0.35:
        return rng.choice(RD_CHANGE_COMMENTS)
    if rng.random() >= 0.1:
        return ""
    pool = COMMENTS.get(item.dimension or "", COMMENTS["process"])
    return rng.choice(pool["low" if value <= 0.25 else "mid" if value <= 0.5 else "high"])


def in_default_scope(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire narrowed to its default scope (optional modules left out), as the demo assessment has it."""
    scope = set(questionnaire.default_scope())
    return questionnaire.model_copy(update={"processes": [p for p in questionnaire.processes if p.id in scope]})


def demo_answers(questionnaire: Questionnaire) -> list[dict[str, str]]:
    """The demo's answers: one row per answer, in the long shape of a responses file (default scope only)."""
    questionnaire = in_default_scope(questionnaire)
    scales = questionnaire.all_scales()
    splits = _split_items(questionnaire)
    rows = []
    for person in PEOPLE:
        personal = _rng(person.name).gauss(0.0, 0.05) + ROLE_BIAS.get(person.role, 0.0)
        for process, item in questionnaire.all_items():
            if not item.is_scored or not _asked(person, process, item):
                continue
            rng = _rng(person.name, item.id)
            options = scales[item.scale_id]
            comment, evidence = "", ""
            frontline = person.role not in MANAGEMENT
            if item.id in splits:
                value = rng.choice((0.0, 0.25)) if frontline else rng.choice((0.75, 1.0))
                if rng.random() < 0.4:
                    comment = rng.choice(SPLIT_COMMENTS[not frontline])
            else:
                expected = expected_achievement(process.id, person.unit, item.level or 1, item.dimension)
                value = min(1.0, max(0.0, expected + personal + rng.gauss(0.0, 0.14)))
                comment = _comment(rng, person, process, item, value)
            answer = min(options, key=lambda option: abs(option.value - value)).key
            unsure = person.role in ("business_representative", "key_user") and item.dimension != "process"
            draw = rng.random()
            if draw < (0.3 if unsure else 0.06 if (item.level or 0) >= 4 else 0.01):
                answer, comment = "unknown", UNKNOWN_COMMENT if rng.random() < 0.3 else ""
            elif draw > 0.985:
                answer, comment = "na", NA_COMMENT
            elif person.role in ("process_owner", "quality_supervisor") and value >= 0.75 and rng.random() < 0.15:
                evidence = f"{item.id} 证据：流程文件及 2026 年 1-2 月工单抽查记录"
            rows.append(
                {
                    "respondent": person.name,
                    "role": person.role,
                    "unit": person.unit,
                    "method": person.method,
                    "item": item.id,
                    "answer": answer,
                    "comment": comment,
                    "evidence": evidence,
                }
            )
    return rows


# --- context and walkthroughs -----------------------------------------------------------------------------------------

# section id -> [(record key, data)]; the key "single" for a single record, a process or role id for per-* records
CONTEXT: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "tools": [
        (
            "itsm-platform",
            {
                "category": "itsm_platform",
                "product": "ITSM 服务台平台（商用，企业版）",
                "version": "2023 版，本地部署",
                "scope": "北京总部、上海数据中心；深圳研发中心未使用",
                "processes": ["incident", "service_request", "problem", "change"],
                "integrations": "监控告警通过接口自动生成事件；与 CMDB 每日定时同步",
                "process_fit": 3,
                "limitations": "变更审批流不能按风险等级配置；缺少 SLA 暂停计时",
            },
        ),
        (
            "monitoring",
            {
                "category": "monitoring",
                "product": "Zabbix 监控",
                "version": "6.0 LTS",
                "scope": "三地全部生产环境",
                "processes": ["incident", "service_level"],
                "integrations": "告警通过 API 自动创建事件单",
                "process_fit": 4,
                "limitations": "各站点告警阈值不统一，误报较多",
            },
        ),
        (
            "cmdb",
            {
                "category": "cmdb",
                "product": "CMDB（自研）",
                "version": "v1.3",
                "scope": "北京总部、上海数据中心",
                "processes": ["configuration", "change", "incident"],
                "integrations": "每日从 Excel 台账导入，未接入自动发现",
                "process_fit": 2,
                "limitations": "数据准确率约六成，缺少业务服务模型",
            },
        ),
        (
            "rd-pipeline",
            {
                "category": "automation",
                "product": "Jira + Jenkins 流水线（深圳研发中心自用）",
                "scope": "深圳研发中心",
                "processes": ["release", "change"],
                "integrations": "与 ITSM 平台无集成，变更与发布记录只在 Jira 中",
                "process_fit": 2,
                "limitations": "运维侧看不到研发中心的变更，变更日历不完整",
            },
        ),
        (
            "im-groups",
            {
                "category": "collaboration",
                "product": "企业微信工作群",
                "scope": "三地",
                "processes": ["incident", "change"],
                "process_fit": 1,
                "limitations": "重大事件协调依赖群聊，处理过程没有留存记录",
            },
        ),
        (
            "sla-report",
            {
                "category": "reporting",
                "product": "Excel 月度 SLA 报表",
                "scope": "北京总部",
                "processes": ["service_level"],
                "integrations": "每月从 ITSM 平台手工导出",
                "process_fit": 1,
                "limitations": "手工统计，每月约 3 人天，业务部门不认可口径",
            },
        ),
    ],
    "pain_points": [
        (
            "pp-01",
            {
                "description": "深圳研发中心的变更多数通过流水线直接上线，未经 CAB 审批；"
                "上季度 3 次生产故障由未审批的变更引起",
                "category": "process",
                "severity": 5,
                "processes": ["change", "release", "incident"],
                "frequency": "weekly",
                "raised_by": "北京总部变更流程负责人；上海数据中心运维团队",
            },
        ),
        (
            "pp-02",
            {
                "description": "CMDB 数据不准，变更影响分析和故障定位只能靠个人经验",
                "category": "tools",
                "severity": 4,
                "processes": ["configuration", "change", "incident"],
                "frequency": "constant",
                "raised_by": "三地运维团队",
            },
        ),
        (
            "pp-03",
            {
                "description": "重复故障多，问题管理没有专人牵头，根本原因分析流于形式",
                "category": "people",
                "severity": 4,
                "processes": ["problem", "incident"],
                "frequency": "monthly",
                "raised_by": "质量监督员；业务运营部",
            },
        ),
        (
            "pp-04",
            {
                "description": "SLA 只有 IT 内部指标，业务部门不认可月度服务报告",
                "category": "business_alignment",
                "severity": 3,
                "processes": ["service_level"],
                "frequency": "monthly",
                "raised_by": "业务代表",
            },
        ),
        (
            "pp-05",
            {
                "description": "服务请求审批环节多、全靠邮件，新员工开通账号平均需要 5 个工作日",
                "category": "process",
                "severity": 3,
                "processes": ["service_request"],
                "frequency": "weekly",
                "raised_by": "关键用户；人力资源部",
            },
        ),
        (
            "pp-06",
            {
                "description": "三地的工具和分类标准不统一，总部无法汇总统计",
                "category": "tools",
                "severity": 3,
                "processes": ["incident", "service_request", "change"],
                "frequency": "constant",
                "raised_by": "流程设计员",
            },
        ),
    ],
    "business_needs": [
        (
            "incident",
            {
                "importance": 5,
                "expected_service_levels": "P1 事件 15 分钟内响应、4 小时内恢复；核心交易系统 7×24 支持",
                "goals": ["consistency", "satisfaction", "cost_risk"],
                "satisfaction": 3,
                "source": "业务运营部、财务部",
            },
        ),
        (
            "service_request",
            {
                "importance": 4,
                "expected_service_levels": "账号、权限、终端等常用请求 2 个工作日内交付，进度可在线查询",
                "goals": ["efficiency", "satisfaction"],
                "satisfaction": 2,
                "source": "人力资源部、关键用户",
            },
        ),
        (
            "change",
            {
                "importance": 5,
                "expected_service_levels": "影响业务的变更提前 3 个工作日通知；月末结账期封网",
                "goals": ["cost_risk", "transparency", "consistency"],
                "satisfaction": 2,
                "source": "业务运营部、财务部",
            },
        ),
        (
            "problem",
            {
                "importance": 3,
                "expected_service_levels": "重复发生的故障一个月内给出根本原因和整改计划",
                "goals": ["cost_risk", "efficiency"],
                "satisfaction": 2,
                "source": "业务运营部",
            },
        ),
        (
            "configuration",
            {
                "importance": 3,
                "expected_service_levels": "能说明每项业务服务依赖哪些系统",
                "goals": ["transparency"],
                "satisfaction": 3,
                "source": "风险管理部",
            },
        ),
        (
            "release",
            {
                "importance": 4,
                "expected_service_levels": "新功能按双周节奏上线，上线失败 30 分钟内回退",
                "goals": ["consistency", "strategy_alignment"],
                "satisfaction": 3,
                "source": "产品部（深圳）",
            },
        ),
        (
            "service_level",
            {
                "importance": 4,
                "expected_service_levels": "按业务服务签订 SLA，每月提供业务看得懂的服务报告",
                "goals": ["transparency", "satisfaction", "strategy_alignment"],
                "satisfaction": 2,
                "source": "业务运营部",
            },
        ),
    ],
    "organization": [
        (
            "owner-incident-request",
            {
                "role": "process_owner",
                "processes": ["incident", "service_request"],
                "in_place": True,
                "held_by": "李明（北京总部服务台经理）",
                "time_share": 40,
                "responsibilities_documented": True,
            },
        ),
        (
            "owner-change-config-release",
            {
                "role": "process_owner",
                "processes": ["change", "configuration", "release"],
                "in_place": True,
                "held_by": "张伟（北京总部运维部副经理）",
                "time_share": 30,
                "responsibilities_documented": False,
                "notes": "职责未覆盖深圳研发中心",
            },
        ),
        (
            "owner-problem-sla",
            {
                "role": "process_owner",
                "processes": ["problem", "service_level"],
                "in_place": False,
                "held_by": "暂由李明兼管",
                "time_share": 10,
                "responsibilities_documented": False,
            },
        ),
        (
            "designer",
            {
                "role": "process_designer",
                "in_place": True,
                "held_by": "刘洋（北京总部流程与质量组）",
                "time_share": 60,
                "responsibilities_documented": True,
            },
        ),
        (
            "quality",
            {
                "role": "quality_supervisor",
                "in_place": True,
                "held_by": "陈静（北京总部）、冯雪（上海数据中心）",
                "time_share": 30,
                "responsibilities_documented": True,
            },
        ),
        (
            "business",
            {
                "role": "business_representative",
                "in_place": False,
                "held_by": "业务运营部孙丽（非正式参与）",
                "time_share": 5,
                "responsibilities_documented": False,
            },
        ),
        ("key-users", {"role": "key_user", "in_place": False, "notes": "尚未指定关键用户代表"}),
    ],
    "steering_group": [
        (
            "single",
            {
                "in_place": True,
                "chair": "王建国（集团 CIO）",
                "members": "IT 运维、深圳研发中心、业务运营部；关键用户尚无代表",
                "meeting_frequency": "monthly",
                "charter_documented": False,
                "sponsorship": 3,
            },
        )
    ],
    "skills": [
        (
            "process_executor",
            {
                "headcount": 62,
                "trained_share": "some",
                "certifications": ["itil4_foundation"],
                "key_person_dependency": True,
                "skill_gaps": "影响与风险评估、根本原因分析方法",
            },
        ),
        (
            "process_owner",
            {
                "headcount": 3,
                "trained_share": "most",
                "certifications": ["itil4_foundation", "itil4_advanced"],
                "key_person_dependency": False,
                "skill_gaps": "流程度量与报表",
            },
        ),
        (
            "quality_supervisor",
            {
                "headcount": 2,
                "trained_share": "all",
                "certifications": ["iso20000"],
                "key_person_dependency": True,
                "skill_gaps": "数据分析",
            },
        ),
    ],
}

# (process, unit, samples, checks per sample, pass rate, note on a failure)
WALKTHROUGHS = [
    ("change", HQ, ("CHG-202601-0112", "CHG-202602-0031"), 4, 0.8, "审批时间晚于实施开始时间"),
    ("change", RD, ("SZ-JIRA-4821", "SZ-JIRA-5013"), 4, 0.15, "无变更单，直接由流水线部署"),
    ("incident", DC, ("INC-202602-1033", "INC-202602-1187"), 3, 0.85, "关闭前未经用户确认"),
]


def _fit(section: ContextSection, data: dict[str, Any], processes: set[str]) -> dict[str, Any] | None:
    """The record as the section declares it: unknown fields and choices dropped; None when a required one is gone."""
    fields = {field.id: field for field in section.fields}
    kept: dict[str, Any] = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            continue
        keys = {choice.key for choice in field.choices}
        if field.type == "choice" and value not in keys:
            continue
        if field.type in ("choices", "processes"):
            value = [v for v in value if v in (keys if field.type == "choices" else processes)]
        kept[name] = value
    if any(field.required and kept.get(field.id) in (None, "", []) for field in section.fields):
        return None
    return kept


def _context_records(questionnaire: Questionnaire) -> Iterable[tuple[str, str, dict[str, Any]]]:
    processes = {process.id for process in questionnaire.processes}
    roles = {role.id for role in questionnaire.roles}
    for section in questionnaire.context:
        for key, data in CONTEXT.get(section.id, []):
            if (section.records == "per_process" and key not in processes) or (
                section.records == "per_role" and key not in roles
            ):
                continue
            fitted = _fit(section, data, processes)
            if fitted is not None:
                yield section.id, key, fitted


def _walkthrough_results(questionnaire: Questionnaire) -> Iterable[tuple[str, str, bool, str, str]]:
    """(check id, sample, passed, unit, note) for the first walkthrough of some processes."""
    walkthroughs = {process.id: process.walkthroughs[0] for process in questionnaire.processes if process.walkthroughs}
    for process, unit, samples, count, pass_rate, failure in WALKTHROUGHS:
        if process not in walkthroughs:
            continue
        for sample in samples:
            for check in walkthroughs[process].checks[:count]:
                passed = _rng(sample, check.id).random() < pass_rate
                yield check.id, sample, passed, unit, "" if passed else failure


def _record_context_and_walkthroughs(workspace: Workspace, assessment_id: int, questionnaire: Questionnaire) -> None:
    from assessment.workspace.context_records import record_context, record_walkthrough

    for section, key, data in _context_records(questionnaire):
        record_context(workspace, assessment_id, section, key, data, actor=ACTOR)
    for check, sample, passed, unit, note in _walkthrough_results(questionnaire):
        record_walkthrough(workspace, assessment_id, check, sample, passed, unit=unit, note=note, actor=ACTOR)


# --- loading ----------------------------------------------------------------------------------------------------------


def load_demo(workspace: Workspace, questionnaire: Questionnaire | None = None) -> int:
    """Create the demo assessment with its respondents, answers, targets, context, walkthroughs and evidence from
    the ticket system (examples/); returns its id.

    Raises a WorkspaceError (assessment_exists) when the demo is there already. A failure half-way
    removes what was created, so no half demo is left behind.
    """
    if questionnaire is None:
        questionnaire = load_questionnaire(QUESTIONNAIRE_PATH).questionnaire
    assessment_id = create_assessment(
        workspace,
        client=CLIENT,
        name=NAME,
        questionnaire=questionnaire,
        units=UNITS,
        started_on=STARTED_ON,
        is_demo=True,
        actor=ACTOR,
    )
    questionnaire = in_default_scope(questionnaire)  # the snapshot keeps the optional modules; the demo answers none
    try:
        with tempfile.TemporaryDirectory(prefix="maturitymap-demo-") as folder:
            path = Path(folder) / "demo-answers.csv"
            rows = demo_answers(questionnaire)
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
            import_responses(workspace, assessment_id, path, display_name="demo-answers.csv", actor=ACTOR)
        for process in questionnaire.processes:
            set_target(workspace, assessment_id, process.id, TARGETS.get(process.id, DEFAULT_TARGET), actor=ACTOR)
        _record_context_and_walkthroughs(workspace, assessment_id, questionnaire)
        load_demo_evidence(workspace, assessment_id, ACTOR)
    except BaseException:
        _remove(workspace, assessment_id)
        raise
    return assessment_id


def _remove(workspace: Workspace, assessment_id: int) -> None:
    """Delete a half-loaded demo (its rows go with it), and its client if it has no other assessment."""
    with workspace.transaction() as session:
        client_id = session.scalar(select(Assessment.client_id).where(Assessment.id == assessment_id))
        session.execute(delete(Assessment).where(Assessment.id == assessment_id))
        if client_id is not None and not session.scalar(select(Assessment.id).where(Assessment.client_id == client_id)):
            session.execute(delete(Client).where(Client.id == client_id))


def is_empty(workspace: Workspace) -> bool:
    """Whether the database holds no assessment at all."""
    with workspace.transaction() as session:
        return not session.scalar(select(func.count()).select_from(Assessment))


def load_demo_if_empty(workspace: Workspace) -> int | None:
    """Load the demo when the database holds no assessment; returns its id, or None when nothing was loaded."""
    if not is_empty(workspace):
        return None
    try:
        return load_demo(workspace)
    except WorkspaceError as exc:
        # another process loaded it at the same moment
        if any(problem.code == "assessment_exists" for problem in exc.problems):
            return None
        raise
