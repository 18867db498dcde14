"""The answer scale: every option defined in both languages, one axis (extent of practice), 1.0 files still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.inputs.vocabulary import answer_words, normal
from assessment.questionnaire import ACHIEVEMENT_SCALE, load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = [path for path in (ROOT / "questionnaires").iterdir() if path.is_dir()]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_option_of_every_scale_in_use_has_a_definition_in_both_languages(path):
    questionnaire = load_questionnaire(path).questionnaire
    used = {item.scale_id for _, item in questionnaire.all_items() if item.is_scored}
    undefined = [
        (scale_id, option.key)
        for scale_id, options in questionnaire.all_scales().items()
        if scale_id in used
        for option in options
        if option.description is None or not option.description.zh.strip() or not option.description.en.strip()
    ]
    assert used
    assert undefined == []


def test_the_built_in_scale_keeps_its_keys_and_values():
    # the contract of shared/spec/scoring.md §1: only the names and definitions changed in library 2.0
    assert [(option.key, option.value) for option in ACHIEVEMENT_SCALE] == [
        ("0", 0.0),
        ("1", 0.25),
        ("2", 0.5),
        ("3", 0.75),
        ("4", 1.0),
    ]


def test_the_built_in_scale_measures_one_thing_and_says_no_临时():
    names = [option.label.zh for option in ACHIEVEMENT_SCALE] + [option.label.en for option in ACHIEVEMENT_SCALE]
    definitions = [option.description.zh for option in ACHIEVEMENT_SCALE]
    assert not any("临时" in text for text in names + definitions)
    # evidence is recorded apart: no option's name or definition asks for it
    assert not any("证据" in text or "evidence" in text.casefold() for text in names + definitions)
    assert len(set(names)) == len(names)


def test_a_file_written_with_the_names_of_library_1_still_reads():
    words = answer_words(list(ACHIEVEMENT_SCALE))
    assert words[normal("4 · Fully in place, evidenced")] == "4"
    assert words[normal("全面实施并有证据")] == "4"
    assert words[normal("1 · 初步、临时")] == "1"
    assert words[normal("初步开展")] == "1"
    assert words[normal("4 · 全面实施")] == "4"
