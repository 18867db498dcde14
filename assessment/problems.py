"""Problems found in user input: where they are, and a message in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assessment.messages import render_message

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in an input file, with its place."""

    code: str
    params: dict = field(default_factory=dict, hash=False, compare=True)
    file: str | None = None
    line: int | None = None
    sheet: str | None = None
    column: str | None = None
    where: str | None = None
    severity: Literal["error", "warning"] = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: Lang = "en") -> str:
        """The message alone, without the place."""
        return render_message(self.code, self.params, lang)

    def render(self, lang: Lang = "en") -> str:
        """`file[:sheet]:line: [column C: ][where: ]message`, on one line."""
        parts = []
        if self.file is not None:
            place = self.file
            if self.sheet:
                place += f":{self.sheet}"
            if self.line is not None:
                place += f":{self.line}"
            parts.append(place)
        text = ""
        if self.column is not None:
            text += render_message("at_column", {"column": self.column}, lang) + ": "
        if self.where:
            text += f"{self.where}: "
        if self.severity == "warning":
            text += render_message("warning_prefix", {}, lang)
        text += self.message(lang)
        parts.append(text)
        return ": ".join(parts).replace("\n", " ")


class InputError(Exception):
    """Bad input: carries every problem found, so all can be shown at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.is_error]
        self.warnings = [p for p in problems if not p.is_error]
        super().__init__("\n".join(p.render("en") for p in self.problems))


class QuestionnaireError(InputError):
    """The questionnaire cannot be loaded."""


class ResponsesError(InputError):
    """A responses file cannot be read."""


class TargetsError(InputError):
    """A targets file cannot be read."""


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors, not warnings."""
    return [p for p in problems if p.is_error]
