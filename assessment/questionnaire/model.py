"""Pydantic models of the questionnaire YAML; their JSON Schema is questionnaires/schema.json."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from assessment.questionnaire.framework_model import Framework
from assessment.questionnaire.indicator_ids import KPI_IDS, DataProcess
from assessment.questionnaire.plan_model import Action, ContextSection, Walkthrough
from assessment.questionnaire.text import Text

ID_PATTERN = r"^[a-z0-9_-]+$"
ITEM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
DEFAULT_SCALE = "achievement"
UNSCORED_ANSWERS = ("na", "unknown")


def _key_to_text(value: object) -> object:
    """Scale keys are what respondents type: an unquoted whole number is read as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, description="Stable id: lower-case letters, digits, '_' and '-'.")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScaleOption(_Strict):
    """One answer a respondent can give on a scale."""

    key: Annotated[str, BeforeValidator(_key_to_text)] = Field(
        min_length=1,
        description='What a respondent or an import file writes, e.g. "3" or "yes".',
        json_schema_extra={"type": ["string", "integer"]},  # an unquoted whole number is read as its text
    )
    value: float = Field(description="Share of the practice in place, from 0 to 1.")
    label: Text = Field(description="What the option means, shown to respondents.")
    description: Text | None = Field(
        default=None, description="The option's definition: what must be true for a respondent to choose it."
    )


class Role(_Strict):
    """A respondent role, with the weight its answers carry."""

    id: Id
    weight: float = Field(
        default=1.0, gt=0, allow_inf_nan=False, description="Weight of this role's answers; default 1."
    )
    label: Text = Field(description="Role name.")
    asked_about: list[str] = Field(
        default_factory=list,
        description="Ids of the topics people in this role can see and answer about; empty: every topic. An item "
        "naming this role must be on one of them.",
    )


class Topic(_Strict):
    """What an item asks about, as a respondent sees it: how IT works inside, or what its users experience."""

    id: Id
    label: Text = Field(description="Topic name.")
    description: Text | None = Field(default=None, description="What the topic covers; who can see it.")


class Practice(_Strict):
    """A practice every process has in its own form (an appointed owner, trained staff, ...): its items, one per
    process, are asked together as one row of a grid across the processes, and still scored per process."""

    id: Id
    label: Text = Field(description="The practice in a few words, the row of the grid: 'Process owner appointed'.")
    description: Text | None = Field(default=None, description="What must be true, whatever the process.")


class Dimension(_Strict):
    """A current-state view of the assessment (process, tools, people, organization, ...)."""

    id: Id
    label: Text = Field(description="Dimension name.")
    description: Text | None = Field(default=None, description="What the dimension covers.")


class Indicator(_Strict):
    """A KPI of the ticket data that evidences a scored item: the data confirms or contradicts its achievement."""

    kpi: str = Field(
        description="Id of the KPI, e.g. sla_met_rate (docs/evidence.md defines each).",
        json_schema_extra={"enum": list(KPI_IDS)},  # editors complete the ids; the meaning checks name a wrong one
    )
    direction: Literal["at_least", "at_most"] = Field(
        description="at_least: the practice is borne out when the KPI is at or above the threshold; at_most: at or "
        "below it."
    )
    threshold: float = Field(
        allow_inf_nan=False,
        description="The KPI's value that separates a practice in place from one that is not: a rate as a share "
        "from 0 to 1 (90 % is 0.9), a time in hours, a count as a number.",
    )
    data: DataProcess | None = Field(
        default=None,
        description="The tickets the KPI is computed from (incident, problem, change or request); default: the only "
        "ones that give the KPI, else the item's own process.",
    )


class Item(_Strict):
    """One question: a scored practice at a maturity level, or an unscored text or number."""

    id: str = Field(pattern=ITEM_ID_PATTERN, description="Unique across the questionnaire, e.g. CHG-1-01.")
    type: Literal["scored", "text", "number"] = Field(
        default="scored", description="scored (default), or text / number for unscored context questions."
    )
    level: int | None = Field(default=None, ge=1, le=5, description="Maturity level 1..5; scored items only.")
    dimension: str | None = Field(default=None, description="Id of a declared dimension.")
    weight: float = Field(
        default=1.0, gt=0, allow_inf_nan=False, description="Weight of the item within its level; default 1."
    )
    scale: str | None = Field(
        default=None, description="Id of the answer scale; scored items only; default 'achievement'."
    )
    text: Text = Field(description="The question or practice statement.")
    guidance: Text | None = Field(default=None, description="For the interviewer: what to probe, what to look for.")
    evidence: list[Text] = Field(default_factory=list, description="Examples of evidence that support an answer.")
    roles: list[str] = Field(default_factory=list, description="Ids of the roles this item should be asked of.")
    topic: str | None = Field(
        default=None,
        description="Id of a declared topic: what the item asks about, which decides the roles that can answer it; "
        "default: the item's dimension.",
    )
    practice: str | None = Field(
        default=None,
        description="Id of a declared shared practice this item is its process's form of (one item per process).",
    )
    references: list[str] = Field(
        default_factory=list, description="Sources, e.g. 'ITIL 4: Change enablement', 'ISO/IEC 20000-1:2018 8.5.1'."
    )
    indicators: list[Indicator] = Field(
        default_factory=list,
        description="KPIs of the ticket data that evidence the practice; scored items only.",
    )

    @property
    def is_scored(self) -> bool:
        return self.type == "scored"

    @property
    def topic_id(self) -> str | None:
        """What the item asks about: its topic, else its dimension."""
        return self.topic or self.dimension

    @property
    def scale_id(self) -> str:
        """The scale the item is answered on (the default when it names none)."""
        return self.scale or DEFAULT_SCALE


class Process(_Strict):
    """An ITSM process and its items."""

    id: Id
    name: Text = Field(description="Process name.")
    description: Text | None = Field(default=None, description="What the process is for.")
    optional: bool = Field(
        default=False, description="An optional module, not in an assessment's default scope; default false."
    )
    levels: dict[Annotated[int, Field(ge=1, le=5)], Text] = Field(
        default_factory=dict,
        description="What each maturity level 1..5 looks like for this process.",
        json_schema_extra={"propertyNames": {"pattern": "^[1-5]$"}},
    )
    items: list[Item] = Field(default_factory=list, description="The questions of the process.")
    walkthroughs: list[Walkthrough] = Field(
        default_factory=list, description="Walkthrough tests (流程穿行测试): records to sample and checks on each."
    )
    actions: list[Action] = Field(
        default_factory=list, description="The action library: improvement actions that close the items."
    )


class _Body(_Strict):
    scales: dict[Id, list[ScaleOption]] = Field(
        default_factory=dict, description="Answer scales by id; 'achievement' is built in."
    )
    roles: list[Role] = Field(default_factory=list, description="Respondent roles and their weights.")
    topics: list[Topic] = Field(
        default_factory=list,
        description="What items ask about (ids shared with the dimensions they default to): the table of which role "
        "can answer what.",
    )
    dimensions: list[Dimension] = Field(default_factory=list, description="Current-state dimensions.")
    practices: list[Practice] = Field(
        default_factory=list,
        description="Practices every process has in its own form, asked once per respondent as a grid across the "
        "processes.",
    )
    processes: list[Process] = Field(default_factory=list, description="The processes and their items.")
    context: list[ContextSection] = Field(
        default_factory=list,
        description="Unscored context sections: tools, skills, organization, pain points, business needs.",
    )
    frameworks: list[Framework] = Field(
        default_factory=list,
        description="Frameworks the maturity levels correspond to (ISO/IEC 20000-1, ITSS.1, COBIT 2019), and the "
        "highest level of each clause the items cite.",
    )
    include: list[str] = Field(
        default_factory=list,
        description="Further files, relative to this one, whose scales, roles, dimensions, processes, context "
        "sections and frameworks are added.",
    )


class Fragment(_Body):
    """An included file: more scales, roles, dimensions or processes for the questionnaire."""


class Questionnaire(_Body):
    """A whole questionnaire: the root file with everything it includes merged in."""

    id: Id
    version: str = Field(min_length=1, description='Version of the questionnaire, quoted: "1.0".')
    title: Text = Field(description="Title of the questionnaire.")
    description: Text | None = Field(default=None, description="What the questionnaire is for.")

    def all_scales(self) -> dict[str, list[ScaleOption]]:
        """Declared scales with the built-in default."""
        return {DEFAULT_SCALE: list(ACHIEVEMENT_SCALE), **self.scales}

    def default_scope(self) -> list[str]:
        """The processes an assessment takes when none are chosen: all but the optional ones (all if every one is)."""
        core = [process.id for process in self.processes if not process.optional]
        return core or [process.id for process in self.processes]

    def all_items(self) -> list[tuple[Process, Item]]:
        """Every item with its process, in questionnaire order."""
        return [(process, item) for process in self.processes for item in process.items]

    def practice_rows(self, items: Iterable[tuple[Process, Item]]) -> list[tuple[Practice, list[tuple[Process, Item]]]]:
        """The shared practices among `items`, in declared order, each with its (process, item) pairs in the order
        given: the rows of a grid across the processes. Practices with none of `items` are left out."""
        cells: dict[str, list[tuple[Process, Item]]] = {practice.id: [] for practice in self.practices}
        for process, item in items:
            if item.practice in cells:
                cells[item.practice].append((process, item))
        return [(practice, cells[practice.id]) for practice in self.practices if cells[practice.id]]

    def item_index(self) -> dict[str, tuple[Process, Item]]:
        """Items by id."""
        return {item.id: (process, item) for process, item in self.all_items()}

    def all_actions(self) -> list[tuple[Process, Action]]:
        """Every action of the action library with its process, in questionnaire order."""
        return [(process, action) for process in self.processes for action in process.actions]

    def role_weights(self) -> dict[str, float]:
        """Declared roles and their weights."""
        return {role.id: role.weight for role in self.roles}


def _option(key: str, value: float, en: str, zh: str, definition: tuple[str, str]) -> ScaleOption:
    return ScaleOption(
        key=key, value=value, label=Text(zh=zh, en=en), description=Text(en=definition[0], zh=definition[1])
    )


# One axis: how far the practice is in place. Whether it can be shown is recorded apart, as evidence.
ACHIEVEMENT_SCALE: tuple[ScaleOption, ...] = (
    _option(
        "0",
        0.0,
        "Not in place",
        "未实施",
        (
            "The practice is not carried out, or only by chance: nobody can point to a recent case where it was "
            "followed.",
            "没有开展这项做法，或只是偶然出现，说不出近期按此执行的实例。",
        ),
    ),
    _option(
        "1",
        0.25,
        "Begun informally",
        "初步开展",
        (
            "The practice happens in some cases, depending on who is involved; it is not yet something everyone is "
            "expected to follow.",
            "在个别情况下开展，取决于具体经办人，尚不是大家都须遵守的做法。",
        ),
    ),
    _option(
        "2",
        0.5,
        "Partially in place",
        "部分实施",
        (
            "The practice is followed as a rule, but only in some units, teams or cases: about half of the cases it "
            "should cover.",
            "已作为规定执行，但只覆盖部分单位、团队或情形，约为应覆盖情形的一半。",
        ),
    ),
    _option(
        "3",
        0.75,
        "Largely in place",
        "大部分实施",
        (
            "The practice is followed in most of the cases it should cover, with a few known exceptions or gaps.",
            "在应覆盖的大多数情形中执行，仅有少数已知的例外或缺口。",
        ),
    ),
    _option(
        "4",
        1.0,
        "Fully in place",
        "全面实施",
        (
            "The practice is followed as a matter of course in every case it should cover; exceptions are rare and "
            "dealt with.",
            "在应覆盖的全部情形中例行执行，例外极少且得到处理。",
        ),
    ),
)
# The names the options had in library 1.0: a file filled in then still reads (key -> (English, Chinese)).
FORMER_ACHIEVEMENT_LABELS: dict[str, tuple[str, str]] = {
    "1": ("Ad hoc / initial", "初步、临时"),
    "4": ("Fully in place, evidenced", "全面实施并有证据"),
}
