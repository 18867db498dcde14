"""Score a responses file against a bundled questionnaire (a first page until the full app)."""

import tempfile
from pathlib import Path

import streamlit as st

from assessment.messages import label
from assessment.problems import InputError
from assessment.services import score_files

QUESTIONNAIRES = Path(__file__).resolve().parent.parent / "questionnaires"

TEXT = {
    "title": ("Score a responses file", "对答卷文件评分"),
    "lang": ("Language", "语言"),
    "questionnaire": ("Questionnaire", "问卷"),
    "rule": ("Rule", "规则"),
    "upload": ("Responses file (.csv or .xlsx)", "答卷文件（.csv 或 .xlsx）"),
    "none": ("No questionnaire found in questionnaires/.", "questionnaires/ 中没有问卷。"),
    "hint": (
        "Upload a responses file in the long or wide shape; `python -m assessment template` writes a blank one.",
        "上传长表或宽表格式的答卷文件；可用 `python -m assessment template` 生成空白模板。",
    ),
}


def t(key: str) -> str:
    """The text in the language chosen on this page (page texts, then the shared table labels)."""
    lang = st.session_state.get("quick_score_lang", "zh")
    return TEXT[key][1 if lang == "zh" else 0] if key in TEXT else label(key, lang)


st.radio(
    t("lang"), ["zh", "en"], horizontal=True, key="quick_score_lang", format_func={"zh": "中文", "en": "English"}.get
)
lang = st.session_state["quick_score_lang"]
st.title(t("title"))

choices = sorted(path for path in QUESTIONNAIRES.iterdir() if path.is_dir() or path.suffix in (".yaml", ".yml"))
choices = [path for path in choices if path.name not in ("schema.json", "fragment.schema.json")]
if not choices:
    st.warning(t("none"))
    st.stop()
questionnaire = st.selectbox(t("questionnaire"), choices, format_func=lambda path: path.name, key="quick_score_q")
rule = st.radio(t("rule"), ["iso33020", "c2m2"], horizontal=True, key="quick_score_rule")
upload = st.file_uploader(t("upload"), type=["csv", "xlsx"], key="quick_score_upload")
st.caption(t("hint"))

if upload is not None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            scored = score_files(questionnaire, path, rule=rule, responses_name=upload.name)
        except InputError as exc:
            st.error("\n\n".join(problem.render(lang) for problem in exc.problems))
            st.stop()
    for warning in scored.warnings:
        st.warning(warning.render(lang))
    names = {process.id: process.name.get(lang) for process in scored.questionnaire.processes}
    table = scored.result.processes.assign(process=lambda f: f["process"].map(names))
    table = table[["process", "level", "score", "coverage", "target", "gap"]]
    st.metric(t("respondents"), len(scored.responses.respondents))
    st.dataframe(
        table.rename(columns={key: t(key) for key in table.columns}),
        hide_index=True,
        column_config={t("coverage"): st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")},
    )
