"""Models for what a questionnaire carries beyond its items: improvement actions, walkthrough
tests and context sections. See docs/questionnaire-authoring.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assessment.questionnaire.text import Text

ID_PATTERN = r"^[a-z0-9_-]+$"
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

# The guide's implementation path (实施路径), in order; the roadmap places actions in these phases.
PHASES: dict[str, Text] = {
    "quick_win": Text(zh="速赢整改", en="Quick wins"),  # level-1 controls in place within two weeks, before the rest
    "assessment": Text(zh="现状评估与需求分析", en="Assessment and needs analysis"),
    "working_group": Text(zh="成立专项工作组与明确职责", en="Working group and responsibilities"),
    "design": Text(zh="流程梳理与蓝图设计", en="Process design and blueprint"),
    "tooling": Text(zh="工具选型与适配", en="Tool selection and adaptation"),
    "pilot": Text(zh="试点运行", en="Pilot"),
    "rollout": Text(zh="推广与培训", en="Rollout and training"),
    "improvement": Text(zh="度量与持续改进", en="Measurement and continual improvement"),
}
Phase = Literal["quick_win", "assessment", "working_group", "design", "tooling", "pilot", "rollout", "improvement"]

Id = Annotated[str, Field(pattern=ID_PATTERN, description="Stable id: lower-case letters, digits, '_' and '-'.")]
Ref = Annotated[str, Field(pattern=REF_PATTERN, description="Id of an item, action or check.")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Effort(_Strict):
    """Effort of an action as a range of person-days."""

    min: float = Field(gt=0, allow_inf_nan=False, description="Fewest person-days the action takes.")
    max: float = Field(gt=0, allow_inf_nan=False, description="Most person-days the action takes.")


class Cost(_Strict):
    """External spend of an action (licences, tools, services, hardware) as a range in 万元 (10,000 CNY)."""

    min: float = Field(ge=0, allow_inf_nan=False, description="Least external spend, in 万元 (10,000 CNY).")
    max: float = Field(ge=0, allow_inf_nan=False, description="Most external spend, in 万元 (10,000 CNY).")


class Requirement(_Strict):
    """Another process must reach a maturity level before an action can start."""

    process: Id = Field(description="Id of the process that must be mature enough first.")
    level: int = Field(ge=1, le=5, description="The level that process must have reached (1..5).")


class Action(_Strict):
    """An improvement action of the action library: what closes an item that falls short."""

    id: str = Field(pattern=REF_PATTERN, description="Unique across the questionnaire, e.g. A-CHG-01.")
    title: Text = Field(description="Short title of the action.")
    description: Text = Field(description="What is done, and how.")
    deliverable: Text = Field(description="What the action produces, e.g. a change procedure or a CAB charter.")
    effort: Effort = Field(description="Effort as a range of person-days.")
    owner: str = Field(description="Id of the role that owns the action (a working-group role).")
    phase: Phase = Field(description="Phase of the implementation path: " + ", ".join(PHASES) + ".")
    items: list[Ref] = Field(default_factory=list, description="Ids of the items this action closes.")
    depends_on: list[Ref] = Field(default_factory=list, description="Ids of actions that must be done first.")
    requires: list[Requirement] = Field(
        default_factory=list, description="Levels other processes must reach before this action can start."
    )
    cost: Cost | None = Field(
        default=None, description="External spend, if any, beyond the effort (licences, tools, services), in 万元."
    )
    lead_time_weeks: int | None = Field(
        default=None, ge=0, le=104, description="Weeks of procurement or contracting before the work can start."
    )
    run_effort: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="Person-days per month the result takes to run once in place (recurring governance work).",
    )


class WalkthroughCheck(_Strict):
    """One thing to check on each sampled record, recorded as pass or fail."""

    id: str = Field(pattern=REF_PATTERN, description="Unique across the questionnaire, e.g. CHG-WT1-a.")
    text: Text = Field(description="What to check on each sampled record.")
    items: list[Ref] = Field(default_factory=list, description="Ids of the items whose evidence this check feeds.")


class Walkthrough(_Strict):
    """A process walkthrough test (流程穿行测试): sample records, check each against the process."""

    id: str = Field(pattern=REF_PATTERN, description="Unique across the questionnaire, e.g. CHG-WT1.")
    title: Text = Field(description="What the walkthrough tests.")
    sample: Text = Field(description="Which records to sample and how to choose them.")
    sample_size: int | None = Field(default=None, ge=1, description="How many records to sample.")
    checks: list[WalkthroughCheck] = Field(min_length=1, description="The checks made on every sampled record.")


class Choice(_Strict):
    """One option of a choice field."""

    key: str = Field(min_length=1, description="Stored value.")
    label: Text = Field(description="What the option means.")


class ContextField(_Strict):
    """One field of a context record."""

    id: Id
    label: Text = Field(description="Field name shown to the assessor.")
    help: Text | None = Field(default=None, description="What to enter.")
    type: Literal["text", "number", "choice", "choices", "processes", "boolean"] = Field(
        default="text",
        description="text; number (min/max); choice or choices (one or several of `choices`); "
        "processes (several process ids); boolean.",
    )
    choices: list[Choice] = Field(default_factory=list, description="Options of a choice or choices field.")
    min: float | None = Field(default=None, description="Smallest value of a number field.")
    max: float | None = Field(default=None, description="Largest value of a number field.")
    required: bool = Field(default=False, description="Whether every record must fill this field.")


class ContextSection(_Strict):
    """An unscored context section: tools, skills, organization, pain points, business needs, ..."""

    id: Id
    title: Text = Field(description="Section title.")
    description: Text | None = Field(default=None, description="What the section records and why.")
    records: Literal["list", "per_process", "per_role", "single"] = Field(
        default="list",
        description="list: any number of records; per_process / per_role: one record per process / "
        "declared role; single: one record.",
    )
    fields: list[ContextField] = Field(min_length=1, description="The fields of each record.")
