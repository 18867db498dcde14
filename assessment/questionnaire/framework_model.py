"""Models of the frameworks a questionnaire's maturity levels are mapped to (ISO/IEC 20000-1, ITSS.1, COBIT 2019).

A framework says, level by level, what corresponds to the questionnaire's levels 1..5, and, for a standard the
items cite in their `references`, the highest level at which each cited clause may sit (a "shall" requirement of
ISO/IEC 20000-1 belongs at level 3 or below). See docs/questionnaire-authoring.md §20.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assessment.questionnaire.text import Text

ID_PATTERN = r"^[a-z0-9_-]+$"
CLAUSE_PATTERN = r"^[0-9]+(\.[0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Clause(_Strict):
    """A clause of a standard the items cite, and the highest maturity level an item citing it may have."""

    clause: str = Field(pattern=CLAUSE_PATTERN, description="Clause number as items cite it, e.g. '8.6.3'.")
    title: Text = Field(description="Title of the clause.")
    max_level: int = Field(ge=1, le=5, description="Highest level 1..5 at which an item citing this clause may sit.")
    why: Text | None = Field(default=None, description="Why the clause belongs at or below that level.")


class Framework(_Strict):
    """A framework the maturity levels correspond to, level by level."""

    id: Annotated[str, Field(pattern=ID_PATTERN, description="Stable id: lower-case letters, digits, '_' and '-'.")]
    name: Text = Field(description="Name of the framework, e.g. 'ISO/IEC 20000-1:2018'.")
    correspondence: Literal["normative", "indicative"] = Field(
        description="normative: the levels are placed by the framework's own requirements (a clause's maximum "
        "level); indicative: a consultant's reading of two scales, not an official equivalence."
    )
    note: Text | None = Field(default=None, description="What the correspondence means and how far it goes.")
    citation: str | None = Field(
        default=None,
        min_length=1,
        description="How items cite the framework in `references`: the text before the clause number, e.g. "
        "'ISO/IEC 20000-1:2018' for 'ISO/IEC 20000-1:2018 8.6.3'.",
    )
    levels: dict[Annotated[int, Field(ge=1, le=5)], Text] = Field(
        default_factory=dict,
        description="What corresponds to each maturity level 1..5 in this framework.",
        json_schema_extra={"propertyNames": {"pattern": "^[1-5]$"}},
    )
    clauses: list[Clause] = Field(
        default_factory=list, description="Clauses the items cite, each with the highest level it may sit at."
    )

    def clause_of(self, reference: str) -> Clause | None:
        """The clause a reference such as 'ISO/IEC 20000-1:2018 8.5.1.3' cites (the longest listed prefix)."""
        if not self.citation or not reference.startswith(self.citation + " "):
            return None
        number = reference[len(self.citation) + 1 :].strip()
        listed = {clause.clause: clause for clause in self.clauses}
        parts = number.split(".")
        for end in range(len(parts), 0, -1):
            if (found := listed.get(".".join(parts[:end]))) is not None:
                return found
        return None
