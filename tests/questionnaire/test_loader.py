"""The questionnaire loader: good fixtures load; each broken field gives its exact `file:line: message`."""

import shutil
from pathlib import Path

import pytest

from assessment.problems import QuestionnaireError
from assessment.questionnaire import check_questionnaire, load_questionnaire

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "questionnaire"
GOOD = (FIXTURES / "good.yaml").read_text(encoding="utf-8")


def replaced(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replacement made; each `old` must occur exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def rendered(path: str | Path, lang: str = "en") -> list[str]:
    """Every problem of the questionnaire at `path`, rendered."""
    _, problems = check_questionnaire(path)
    return [problem.render(lang) for problem in problems]


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Write the good fixture with some edits as q.yaml in the working folder; returns its name."""
    monkeypatch.chdir(tmp_path)

    def write(*edits: tuple[str, str]) -> str:
        Path("q.yaml").write_text(replaced(GOOD, *edits), encoding="utf-8")
        return "q.yaml"

    return write


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """Copy the folder fixture to ./q, edited per file ({name: [(old, new), ...] or new text}); returns 'q'."""
    monkeypatch.chdir(tmp_path)

    def copy(files: dict[str, list[tuple[str, str]] | str]) -> str:
        shutil.copytree(FIXTURES / "folder", "q")
        for name, edits in files.items():
            path = Path("q") / name
            text = edits if isinstance(edits, str) else replaced(path.read_text(encoding="utf-8"), *edits)
            path.write_text(text, encoding="utf-8")
        return "q"

    return copy


# --- the good fixtures ------------------------------------------------------------------------


def test_good_fixture_loads_without_problems():
    assert rendered(FIXTURES / "good.yaml") == []
    loaded = load_questionnaire(FIXTURES / "good.yaml")
    questionnaire = loaded.questionnaire
    assert loaded.warnings == []
    assert [process.id for process in questionnaire.processes] == ["change", "incident"]
    assert [item.type for _, item in questionnaire.all_items()] == ["scored", "scored", "text", "scored", "number"]
    assert list(questionnaire.all_scales()) == ["achievement", "yes_no"]
    assert questionnaire.role_weights() == {"process_owner": 2.0, "practitioner": 1.0}
    change = questionnaire.processes[0]
    assert sorted(change.levels) == [1, 2]
    first = change.items[0]
    assert (first.level, first.dimension, first.weight, first.scale_id) == (1, "process", 2.0, "achievement")
    assert first.guidance.get("zh") == "抽查几项变更"
    assert [text.en for text in first.evidence] == ["List of change records"]
    assert first.roles == ["process_owner", "practitioner"]
    assert first.references == ["ITIL 4: Change enablement"]


def test_folder_fixture_merges_its_files_in_include_order():
    loaded = load_questionnaire(FIXTURES / "folder")
    questionnaire = loaded.questionnaire
    assert loaded.warnings == []
    assert [Path(file).name for file in loaded.files] == [
        "questionnaire.yaml",
        "incident.yaml",
        "change.yaml",
        "scales.yaml",
    ]
    assert [process.id for process in questionnaire.processes] == ["incident", "change"]
    assert list(questionnaire.scales) == ["yes_no"]
    assert questionnaire.item_index()["CHG-1-01"][1].scale_id == "yes_no"


def test_problems_in_included_files_name_the_included_file_and_its_line(folder):
    path = folder(
        {
            "change.yaml": [("        level: 2\n", "        level: 7\n")],
            "incident.yaml": [("      - id: INC-2-01\n", "      - id: INC-1-01\n")],
        }
    )
    assert rendered(path) == [
        "q/incident.yaml:10: item id 'INC-1-01' is used twice (first at q/incident.yaml:6)",
        "q/change.yaml:14: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 7",
    ]


# --- one broken field at a time ---------------------------------------------------------------

BROKEN_FIELDS = [
    pytest.param(
        "  yes_no:\n",
        "  Yes_No:\n",
        [
            "q.yaml:11: scales.Yes_No: 'Yes_No' is not a valid id: use lower-case letters, digits, '_' and '-'",
            "q.yaml:59: item CHG-2-01 uses scale 'yes_no', which is not declared (declared: Yes_No, achievement)",
        ],
        id="bad-scale-id",
    ),
    # wrong type
    pytest.param(
        "        level: 2\n        dimension: tools\n",
        '        level: "two"\n        dimension: tools\n',
        ["q.yaml:57: processes[change].items[CHG-2-01].level: must be a whole number, got 'two'"],
        id="level-text",
    ),
    pytest.param(
        "        level: 2\n",
        "        level: 1.5\n",
        ["q.yaml:57: processes[change].items[CHG-2-01].level: must be a whole number, got 1.5"],
        id="level-decimal",
    ),
    pytest.param(
        "        weight: 2\n",
        '        weight: "heavy"\n',
        ["q.yaml:46: processes[change].items[CHG-1-01].weight: must be a number, got 'heavy'"],
        id="weight-text",
    ),
    pytest.param(
        "        weight: 2\n",
        "        weight: .inf\n",
        ["q.yaml:46: processes[change].items[CHG-1-01].weight: must be a number, got inf"],
        id="weight-infinite",
    ),
    pytest.param(
        'version: "1.0"',
        "version: 1.0",
        ['q.yaml:3: version: must be text, got 1.0 (put it in quotes: "1.0")'],
        id="version-unquoted",
    ),
    pytest.param(
        "id: good-fixture",
        "id:",
        ["q.yaml:2: id: must be text, got nothing"],
        id="id-empty",
    ),
    pytest.param(
        "processes:\n  - id: change\n",
        "processes: change\nprocs:\n  - id: change\n",
        [
            "q.yaml:33: processes: must be a list, got 'change'",
            "q.yaml:34: unknown key 'procs'",
        ],
        id="processes-not-a-list",
    ),
    pytest.param(
        '    label: {zh: "流程执行人", en: "Practitioner"}\n',
        "    label: [Practitioner]\n",
        ["q.yaml:24: roles[practitioner].label: must be a mapping (key: value), got a list"],
        id="label-not-a-mapping",
    ),
    # missing field
    pytest.param(
        '        text: {zh: "变更在工具中跟踪", en: "Changes are tracked in a tool"}\n',
        "",
        ["q.yaml:56: processes[change].items[CHG-2-01]: missing required key 'text'"],
        id="item-without-text",
    ),
    pytest.param(
        '    name: {zh: "事件管理", en: "Incident management"}\n',
        "",
        ["q.yaml:64: processes[incident]: missing required key 'name'"],
        id="process-without-name",
    ),
    pytest.param(
        '  en: "Test questionnaire"\n',
        "",
        ["q.yaml:4: title: text has no English version ('en')"],
        id="title-without-en",
    ),
    pytest.param(
        '  zh: "测试问卷"\n',
        "",
        ["q.yaml:4: title: text has no Chinese version ('zh')"],
        id="title-without-zh",
    ),
    # unknown key
    pytest.param(
        "roles:\n",
        "colour: blue\nroles:\n",
        ["q.yaml:19: unknown key 'colour'"],
        id="unknown-key-at-root",
    ),
    pytest.param(
        "        type: number\n",
        "        type: number\n        note: per month\n",
        ["q.yaml:75: processes[incident].items[INC-COUNT]: unknown key 'note'"],
        id="unknown-key-in-item",
    ),
    pytest.param(
        "      value: 1.0\n",
        "      value: 1.0\n      score: 1\n",
        ["q.yaml:14: scales.yes_no[0]: unknown key 'score'"],
        id="unknown-key-in-scale-option",
    ),
    pytest.param(
        "        dimension: tools\n",
        "        dimesion: tools\n",
        [
            "q.yaml:56: warning: item CHG-2-01 has no dimension, so the dimension profile leaves it out",
            "q.yaml:58: processes[change].items[CHG-2-01]: unknown key 'dimesion'",
        ],
        id="misspelt-key",
    ),
    pytest.param(
        "version:",
        "Version:",
        [
            "q.yaml:2: missing required key 'version'",
            "q.yaml:3: unknown key 'Version'",
        ],
        id="keys-are-case-sensitive",
    ),
    # ranges
    pytest.param(
        "        level: 2\n",
        "        level: 0\n",
        ["q.yaml:57: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 0"],
        id="level-0",
    ),
    pytest.param(
        "        level: 2\n",
        "        level: 6\n",
        ["q.yaml:57: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 6"],
        id="level-6",
    ),
    pytest.param(
        "      2: {zh",
        "      7: {zh",
        ["q.yaml:41: processes[change].levels.7: level must be between 1 and 5, got 7"],
        id="level-descriptor-7",
    ),
    pytest.param(
        "        weight: 2\n",
        "        weight: 0\n",
        ["q.yaml:46: processes[change].items[CHG-1-01].weight: must be greater than 0, got 0"],
        id="weight-0",
    ),
    pytest.param(
        "        weight: 2\n",
        "        weight: -1\n",
        ["q.yaml:46: processes[change].items[CHG-1-01].weight: must be greater than 0, got -1"],
        id="weight-negative",
    ),
    pytest.param(
        "    weight: 2\n    label",
        "    weight: 0.0\n    label",
        ["q.yaml:21: roles[process_owner].weight: must be greater than 0, got 0.0"],
        id="role-weight-0",
    ),
    # duplicate ids
    pytest.param(
        "      - id: INC-1-01\n",
        "      - id: CHG-1-01\n",
        ["q.yaml:67: item id 'CHG-1-01' is used twice (first at q.yaml:43)"],
        id="duplicate-item-across-processes",
    ),
    pytest.param(
        "  - id: incident\n",
        "  - id: change\n",
        ["q.yaml:64: process id 'change' is used twice (first at q.yaml:34)"],
        id="duplicate-process",
    ),
    pytest.param(
        "  - id: practitioner\n",
        "  - id: process_owner\n",
        [
            "q.yaml:23: role id 'process_owner' is used twice (first at q.yaml:20)",
            "q.yaml:53: item CHG-1-01 names role 'practitioner', which is not declared (declared: process_owner)",
            "q.yaml:76: item INC-COUNT names role 'practitioner', which is not declared (declared: process_owner)",
        ],
        id="duplicate-role",
    ),
    pytest.param(
        "  - id: people\n",
        "  - id: tools\n",
        [
            "q.yaml:31: dimension id 'tools' is used twice (first at q.yaml:29)",
            "q.yaml:70: item INC-1-01 uses dimension 'people', which is not declared (declared: process, tools)",
        ],
        id="duplicate-dimension",
    ),
    pytest.param(
        "processes:\n",
        "practices:\n  - {id: owner, label: {zh: 负责人, en: Owner}}\n  - {id: owner, label: {zh: 负责人, en: Owner}}\n"
        "processes:\n",
        ["q.yaml:35: practice id 'owner' is used twice (first at q.yaml:34)"],
        id="duplicate-practice",
    ),
    pytest.param(
        "processes:\n",
        "topics:\n  - {id: seen, label: {zh: 所见, en: Seen}}\n  - {id: seen, label: {zh: 所见, en: Seen}}\n"
        "processes:\n",
        ["q.yaml:35: topic id 'seen' is used twice (first at q.yaml:34)"],
        id="duplicate-topic",
    ),
    # references
    pytest.param(
        "        scale: yes_no\n",
        "        scale: yes_no_na\n",
        [
            "q.yaml:59: item CHG-2-01 uses scale 'yes_no_na', which is not declared (declared: achievement, yes_no)",
        ],
        id="undeclared-scale",
    ),
    pytest.param(
        "        dimension: tools\n",
        "        dimension: tooling\n",
        [
            "q.yaml:58: item CHG-2-01 uses dimension 'tooling', which is not declared "
            "(declared: process, tools, people)",
        ],
        id="undeclared-dimension",
    ),
    pytest.param(
        "        roles: [practitioner]\n",
        "        roles: [auditor]\n",
        [
            "q.yaml:76: item INC-COUNT names role 'auditor', which is not declared "
            "(declared: process_owner, practitioner)",
        ],
        id="undeclared-role",
    ),
    # scales
    pytest.param(
        "      value: 1.0\n",
        "      value: 1.5\n",
        ["q.yaml:13: scale 'yes_no' option 'yes': value 1.5 is outside [0, 1]"],
        id="scale-value-above-1",
    ),
    pytest.param(
        "      value: 0.0\n",
        "      value: -0.1\n",
        ["q.yaml:16: scale 'yes_no' option 'no': value -0.1 is outside [0, 1]"],
        id="scale-value-below-0",
    ),
    pytest.param(
        '    - key: "no"\n',
        '    - key: "na"\n',
        ["q.yaml:15: scale 'yes_no': option key 'na' is reserved for answers that are not scored"],
        id="option-key-na-reserved",
    ),
    pytest.param(
        '    - key: "no"\n',
        "    - key: Unknown\n",
        ["q.yaml:15: scale 'yes_no': option key 'Unknown' is reserved for answers that are not scored"],
        id="option-key-unknown-reserved",
    ),
    pytest.param(
        '    - key: "no"\n',
        '    - key: "yes"\n',
        ["q.yaml:15: scale 'yes_no' has option key 'yes' twice"],
        id="option-key-twice",
    ),
    pytest.param(
        "  yes_no:\n",
        "  achievement:\n",
        [
            "q.yaml:11: scale 'achievement' is built in and cannot be redefined; give your scale another name",
            "q.yaml:59: item CHG-2-01 uses scale 'yes_no', which is not declared (declared: achievement)",
        ],
        id="achievement-redefined",
    ),
    pytest.param(
        "scales:\n",
        "scales:\n  empty: []\n",
        ["q.yaml:11: scale 'empty' has no options"],
        id="empty-scale",
    ),
    # items
    pytest.param(
        "        level: 2\n",
        "",
        ["q.yaml:56: item CHG-2-01 is scored and needs a level (1 to 5)"],
        id="scored-item-without-level",
    ),
    pytest.param(
        "        type: text\n",
        "        type: text\n        level: 3\n",
        ["q.yaml:63: item CHG-NOTE is of type 'text' and takes no 'level'"],
        id="text-item-with-level",
    ),
    pytest.param(
        "        type: number\n",
        "        type: number\n        scale: yes_no\n",
        ["q.yaml:75: item INC-COUNT is of type 'number' and takes no 'scale'"],
        id="number-item-with-scale",
    ),
    pytest.param(
        "      - id: CHG-NOTE\n",
        "      - id: answer\n",
        ["q.yaml:61: item id 'answer' is a reserved column name of responses files; choose another"],
        id="item-id-reserved",
    ),
    pytest.param(
        "  - id: change\n",
        "  - id: Change\n",
        ["q.yaml:34: processes[Change].id: 'Change' is not a valid id: use lower-case letters, digits, '_' and '-'"],
        id="process-id-upper-case",
    ),
    pytest.param(
        "      - id: CHG-NOTE\n",
        "      - id: CHG NOTE\n",
        [
            "q.yaml:61: processes[change].items[CHG NOTE].id: 'CHG NOTE' is not a valid item id: "
            "use letters, digits, '_', '.' and '-'",
        ],
        id="item-id-with-space",
    ),
    pytest.param(
        "        type: text\n",
        "        type: essay\n",
        ["q.yaml:62: processes[change].items[CHG-NOTE].type: must be one of 'scored', 'text', 'number', got 'essay'"],
        id="type-essay",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN_FIELDS)
def test_one_broken_field_gives_its_exact_message(broken, old, new, expected):
    assert rendered(broken((old, new))) == expected


IN_CHINESE = [
    pytest.param(
        'version: "1.0"',
        "version: 1.0",
        ['q.yaml:3: version: 必须是文本，实际为 1.0（请加引号："1.0"）'],
        id="version-unquoted",
    ),
    pytest.param(
        "        level: 2\n",
        "        level: 6\n",
        ["q.yaml:57: processes[change].items[CHG-2-01].level: 级别必须在 1 到 5 之间，实际为 6"],
        id="level-6",
    ),
    pytest.param(
        "        dimension: tools\n",
        "        dimesion: tools\n",
        [
            "q.yaml:56: 警告：题目 CHG-2-01 未指定维度，维度画像将不包含该题目",
            "q.yaml:58: processes[change].items[CHG-2-01]: 未知的键“dimesion”",
        ],
        id="misspelt-key",
    ),
    pytest.param(
        "      - id: INC-1-01\n",
        "      - id: CHG-1-01\n",
        ["q.yaml:67: 题目标识“CHG-1-01”重复使用（首次在 q.yaml:43）"],
        id="duplicate-item",
    ),
    pytest.param(
        "        roles: [practitioner]\n",
        "        roles: [auditor]\n",
        ["q.yaml:76: 题目 INC-COUNT 引用的角色“auditor”未声明（已声明：process_owner, practitioner）"],
        id="undeclared-role",
    ),
    pytest.param(
        '    - key: "no"\n',
        '    - key: "na"\n',
        ["q.yaml:15: 量表“yes_no”：选项键“na”保留给不计分的回答"],
        id="option-key-na-reserved",
    ),
    pytest.param(
        "        type: text\n",
        "        type: essay\n",
        ["q.yaml:62: processes[change].items[CHG-NOTE].type: 必须是 'scored', 'text', 'number' 之一，实际为 'essay'"],
        id="type-essay",
    ),
    pytest.param(
        '    label: {zh: "流程执行人", en: "Practitioner"}\n',
        "    label: [Practitioner]\n",
        ["q.yaml:24: roles[practitioner].label: 必须是映射（键: 值），实际为 列表"],
        id="label-not-a-mapping",
    ),
    pytest.param(
        "id: good-fixture",
        "id:",
        ["q.yaml:2: id: 必须是文本，实际为 空值"],
        id="id-empty",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), IN_CHINESE)
def test_messages_in_chinese(broken, old, new, expected):
    assert rendered(broken((old, new)), "zh") == expected


# --- several problems at once -----------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once_in_line_order(broken):
    path = broken(
        ("        type: number\n", "        type: number\n        note: per month\n"),  # schema, line 75
        ("      - id: INC-1-01\n", "      - id: CHG-1-01\n"),  # meaning, line 67
        ("        level: 2\n", "        level: 6\n"),  # schema, line 57
        ('version: "1.0"', "version: 1.0"),  # schema, line 3
        ("        scale: yes_no\n", "        scale: yes_no_na\n"),  # meaning, line 59
    )
    assert rendered(path) == [
        'q.yaml:3: version: must be text, got 1.0 (put it in quotes: "1.0")',
        "q.yaml:57: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 6",
        "q.yaml:59: item CHG-2-01 uses scale 'yes_no_na', which is not declared (declared: achievement, yes_no)",
        "q.yaml:67: item id 'CHG-1-01' is used twice (first at q.yaml:43)",
        "q.yaml:75: processes[incident].items[INC-COUNT]: unknown key 'note'",
    ]


def test_problems_of_several_files_are_ordered_by_reading_order_then_line(folder):
    path = folder(
        {
            "change.yaml": [("        dimension: tools\n", "        dimension: tooling\n")],
            "incident.yaml": [("        level: 2\n", '        level: "2"\n')],
            "questionnaire.yaml": [('version: "1.0"', "version: 1")],
            "scales.yaml": [("value: 0.0", "value: 2")],
        }
    )
    assert rendered(path) == [
        'q/questionnaire.yaml:3: version: must be text, got 1 (put it in quotes: "1")',
        "q/incident.yaml:11: processes[incident].items[INC-2-01].level: must be a whole number, got '2'",
        "q/change.yaml:15: item CHG-2-01 uses dimension 'tooling', which is not declared (declared: process, tools)",
        "q/scales.yaml:5: scale 'yes_no' option 'no': value 2 is outside [0, 1]",
    ]


# --- includes ---------------------------------------------------------------------------------

INCLUDE_PROBLEMS = [
    pytest.param(
        {"questionnaire.yaml": [("  - change.yaml\n", "  - change.yaml\n  - release.yaml\n")]},
        ["q/questionnaire.yaml:13: included file 'release.yaml' not found"],
        id="missing",
    ),
    pytest.param(
        {"questionnaire.yaml": [("  - change.yaml\n", "  - change.yaml\n  - ../x.yaml\n")]},
        ["q/questionnaire.yaml:13: included file '../x.yaml' lies outside the questionnaire's folder"],
        id="outside-the-folder",
    ),
    pytest.param(
        {"scales.yaml": [("scales:", "include: [change.yaml]\nscales:")]},
        ["q/scales.yaml:2: 'change.yaml' is included more than once (or includes itself)"],
        id="cycle",
    ),
    pytest.param(
        {"questionnaire.yaml": [("  - change.yaml\n", "  - change.yaml\n  - incident.yaml\n")]},
        ["q/questionnaire.yaml:13: 'incident.yaml' is included more than once (or includes itself)"],
        id="included-twice",
    ),
    pytest.param(
        {"incident.yaml": [("processes:", "title: {zh: 事件, en: Incident}\nprocesses:")]},
        ["q/incident.yaml:2: unknown key 'title'"],
        id="fragment-with-unknown-key",
    ),
    pytest.param(
        {"incident.yaml": "processes: {id: incident}\n"},
        ["q/incident.yaml:1: processes: must be a list, got a mapping"],
        id="fragment-processes-not-a-list",
    ),
    pytest.param(
        {
            "incident.yaml": [
                ("processes:", 'scales:\n  yes_no: [{key: "y", value: 1, label: {zh: 是, en: Y}}]\nprocesses:')
            ]
        },
        ["q/scales.yaml:3: scale id 'yes_no' is used twice (first at q/incident.yaml:3)"],
        id="scale-declared-in-two-files",
    ),
    pytest.param(
        {
            "incident.yaml": [("    items:", "    items:\n    items:")],
            "change.yaml": [("        level: 2\n", "        level: 9\n")],
        },
        [
            "q/incident.yaml:6: key 'items' appears twice in the same mapping (first on line 5)",
            "q/change.yaml:14: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 9",
        ],
        id="yaml-problem-stops-only-its-file",
    ),
    pytest.param(
        {
            "questionnaire.yaml": [('version: "1.0"', "version: 1.0")],
            "change.yaml": [("    items:", "    items:\n    items:")],
        },
        [
            'q/questionnaire.yaml:3: version: must be text, got 1.0 (put it in quotes: "1.0")',
            "q/change.yaml:8: key 'items' appears twice in the same mapping (first on line 7)",
        ],
        id="files-in-reading-order-even-when-one-fails-to-parse",
    ),
    pytest.param(
        {"scales.yaml": "# nothing yet\n"},
        [
            "q/change.yaml:11: item CHG-1-01 uses scale 'yes_no', which is not declared (declared: achievement)",
            "q/scales.yaml:1: file is empty",
        ],
        id="empty-fragment",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), INCLUDE_PROBLEMS)
def test_include_problems(folder, edits, expected):
    assert rendered(folder(edits)) == expected


def test_a_folder_without_questionnaire_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("empty").mkdir()
    assert rendered("empty") == ["empty: folder has no questionnaire.yaml"]


def test_a_missing_file():
    assert rendered("no/such/questionnaire.yaml") == ["no/such/questionnaire.yaml: file not found"]


# --- errors and warnings ----------------------------------------------------------------------


def test_load_raises_with_every_problem(broken):
    path = broken(("        level: 2\n", "        level: 6\n"), ("      - id: INC-1-01\n", "      - id: CHG-1-01\n"))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    expected = [
        "q.yaml:57: processes[change].items[CHG-2-01].level: level must be between 1 and 5, got 6",
        "q.yaml:67: item id 'CHG-1-01' is used twice (first at q.yaml:43)",
    ]
    assert [problem.render() for problem in caught.value.problems] == expected
    assert str(caught.value) == "\n".join(expected)
    assert caught.value.warnings == []


WITHOUT_SCORED_ITEMS = (
    "      - id: INC-1-01\n        type: scored\n        level: 1\n",
    "      - id: INC-1-01\n        type: text\n",
)


def test_warnings_do_not_fail_loading_and_are_returned(broken):
    path = broken(WITHOUT_SCORED_ITEMS, ("        scale: achievement\n", ""))
    loaded = load_questionnaire(path)
    assert [process.id for process in loaded.questionnaire.processes] == ["change", "incident"]
    assert [warning.render() for warning in loaded.warnings] == [
        "q.yaml:64: warning: process 'incident' has no scored items"
    ]
    assert [warning.render("zh") for warning in loaded.warnings] == ["q.yaml:64: 警告：流程“incident”没有计分题目"]
    questionnaire, problems = check_questionnaire(path)
    assert questionnaire is not None
    assert problems == loaded.warnings


def test_warnings_travel_with_errors(broken):
    path = broken(
        WITHOUT_SCORED_ITEMS, ("        scale: achievement\n", ""), ("        weight: 2\n", "        weight: 0\n")
    )
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert [problem.render() for problem in caught.value.problems] == [
        "q.yaml:46: processes[change].items[CHG-1-01].weight: must be greater than 0, got 0"
    ]
    assert [warning.render() for warning in caught.value.warnings] == [
        "q.yaml:64: warning: process 'incident' has no scored items"
    ]
