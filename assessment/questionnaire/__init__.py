"""The questionnaire: its model (pydantic), the safe YAML reader, the loader and the checks of meaning.

May import: the foundation (`problems`, `messages`). Imported by everything above it; imports nothing of them:
`safe_yaml` lives here, not in `inputs`, because the loader needs it and `inputs` needs the model; `indicator_ids`
(the KPI ids an item's indicators name) lives here, not in `evidence`, because the checks of meaning need them.
"""

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
