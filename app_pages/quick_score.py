"""Score a responses file against a bundled questionnaire, without storing anything."""

import tempfile
from pathlib import Path

import streamlit as st

from app_pages.common import lab, lang, md, tr
from app_pages.labels import rule_choice
from assessment.analysis.scored import score_files
from assessment.problems import InputError

QUESTIONNAIRES = Path(__file__).resolve().parent.parent / "questionnaires"

st.title(tr("Quick score of a file", "文件快速评分"))
st.caption(
    tr(
        "Scores a file at once and stores nothing. To keep answers, create an assessment and import the file there.",
        "立即对文件评分，不保存任何内容。如需保存答卷，请新建评估并在其中导入文件。",
    )
)


choices = sorted(path for path in QUESTIONNAIRES.iterdir() if path.is_dir() or path.suffix in (".yaml", ".yml"))
choices = [path for path in choices if path.name not in ("schema.json", "fragment.schema.json")]
if not choices:
    st.warning(tr("No questionnaire found in questionnaires/.", "questionnaires/ 中没有问卷。"))
    st.stop()
questionnaire = st.selectbox(
    tr("Questionnaire", "问卷"), choices, format_func=lambda path: path.name, key="quick_score_q"
)
rule = rule_choice("quick_score_rule")
upload = st.file_uploader(
    tr("Responses file (.csv or .xlsx)", "答卷文件（.csv 或 .xlsx）"), type=["csv", "xlsx"], key="quick_score_upload"
)
st.caption(
    tr(
        "Upload a responses file in the long or wide shape; an assessment's Survey page offers a blank one.",
        "上传长表或宽表格式的答卷文件；空白问卷可在评估的“问卷调查”页下载。",
    )
)

if upload is not None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            scored = score_files(questionnaire, path, rule=rule, responses_name=upload.name)
        except InputError as exc:
            st.error("\n\n".join(md(problem.render(lang())) for problem in exc.problems))
            st.stop()
    for warning in scored.warnings:
        st.warning(md(warning.render(lang())))
    names = {process.id: process.name.get(lang()) for process in scored.questionnaire.processes}
    table = scored.result.processes.assign(process=lambda f: f["process"].map(names))
    table = table[["process", "level", "score", "coverage", "target", "gap"]]
    st.metric(lab("respondents"), len(scored.responses.respondents))
    st.dataframe(
        table.rename(columns={key: lab(key) for key in table.columns}),
        hide_index=True,
        column_config={lab("coverage"): st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")},
    )
