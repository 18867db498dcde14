"""The questionnaire: its model, the safe loader and the checks."""

from assessment.questionnaire.loader import LoadedQuestionnaire, check_questionnaire, load_questionnaire
from assessment.questionnaire.model import (
    ACHIEVEMENT_SCALE,
    DEFAULT_SCALE,
    UNSCORED_ANSWERS,
    Item,
    Process,
    Questionnaire,
    ScaleOption,
    Text,
)

__all__ = [
    "ACHIEVEMENT_SCALE",
    "DEFAULT_SCALE",
    "UNSCORED_ANSWERS",
    "Item",
    "LoadedQuestionnaire",
    "Process",
    "Questionnaire",
    "ScaleOption",
    "Text",
    "check_questionnaire",
    "load_questionnaire",
]
