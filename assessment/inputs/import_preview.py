"""What importing a checked responses file would do, shown before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from assessment.inputs.responses import Responses
from assessment.inputs.vocabulary import CLEAR
from assessment.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class ImportPreview:
    """Respondents of a file (new or already stored) with their answer counts, and answers per process."""

    respondents: pd.DataFrame  # respondent, role, unit, method, answers, new (bool)
    processes: pd.DataFrame  # process, answers, respondents; processes without answers left out
    clears: int = 0  # answers the file takes away ([clear])

    @property
    def new(self) -> int:
        return int(self.respondents["new"].sum())

    @property
    def replacing(self) -> int:
        return len(self.respondents) - self.new


def preview_import(responses: Responses, questionnaire: Questionnaire, stored: Iterable[str]) -> ImportPreview:
    """The preview of `responses` for an assessment whose stored respondents are named `stored`."""
    answers = responses.answers
    given = answers[answers["answer"] != CLEAR]  # blank cells are no answer: the reader left them out
    counts = given.groupby("respondent", sort=False).size()
    people = responses.respondents.copy()
    people["answers"] = people["respondent"].map(counts).fillna(0).astype(int)
    people["new"] = ~people["respondent"].isin(set(stored))
    process_of = {item.id: process.id for process, item in questionnaire.all_items()}
    by_process = given.assign(process=given["item"].map(process_of)).groupby("process", sort=False)
    totals = by_process.agg(answers=("item", "size"), respondents=("respondent", "nunique"))
    order = [process.id for process in questionnaire.processes if process.id in totals.index]
    processes = totals.reindex(order).reset_index()
    return ImportPreview(people.reset_index(drop=True), processes, int((answers["answer"] == CLEAR).sum()))
