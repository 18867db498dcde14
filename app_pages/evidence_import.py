"""On the Evidence page: a ticket export uploaded, read with the chosen profile, previewed, then imported.

Reading is the check: the file is read whole (bounded by the reader) with the assessment's pseudonymization key, and
what would be stored is shown — the first rows, which file column gives which field, what is dropped and what is
pseudonymized. Nothing is written until Import; a refused file shows every problem by row and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.common import md, show_problems, tr, user, workspace
from app_pages.sized_cache import SizedCache
from assessment.inputs.ticket_fields import FIELD_KINDS, FIELDS, SOURCES
from assessment.inputs.ticket_values import DATE_FORMATS
from assessment.inputs.tickets import TicketLog, read_ticket_export
from assessment.problems import InputError
from assessment.workspace.evidence import pseudonym_key, store_evidence

ROUND = "evidence_round"  # raised after an import, so that the uploaders start empty again
DONE = "evidence_done"  # what the last import stored, said once after the rerun
PREVIEW_ROWS = 20
MAX_EXPORT_MB = 200  # a year of a large service desk's audit log; the reader has its own bounds of rows and bytes
MAX_SMALL_MB = 1  # a mapping file or a BPMN model
EXAMPLE_DATE = dt.datetime(2026, 3, 27, 15, 45, 30)  # a day above 12: day and month cannot be mistaken


# The canonical fields in Chinese; in English a field is named by its id, as mapping files and --map write it
FIELD_NAMES_ZH = {
    "ticket": "工单编号",
    "activity": "状态（活动）",
    "time": "事件时间",
    "updated_at": "更新时间",
    "opened_at": "创建时间",
    "resolved_at": "解决时间",
    "closed_at": "关闭时间",
    "priority": "优先级",
    "unit": "单位",
    "group": "支持组",
    "category": "类别",
    "ci": "配置项",
    "problem": "关联问题",
    "change": "关联变更",
    "caused_by": "由哪个变更引发",
    "change_type": "变更类型",
    "outcome": "结果",
    "approval": "审批",
    "made_sla": "SLA 是否达标",
    "reassignment_count": "转派次数",
    "reopen_count": "重开次数",
    "assignee": "处理人",
    "caller": "报告人",
    "opened_by": "创建人",
    "resolver": "解决人",
    "description": "描述",
    "notes": "工作备注",
}


def field_names() -> dict[str, str]:
    """Each canonical field as the page names it: its id in English, its Chinese name in Chinese."""
    return {field: tr(field, FIELD_NAMES_ZH.get(field, field)) for field in FIELDS}


def process_labels() -> dict[str, str]:
    """The kinds of tickets an export holds, in the interface language."""
    return {
        "incident": tr("Incidents", "事件"),
        "problem": tr("Problems", "问题"),
        "change": tr("Changes", "变更"),
        "request": tr("Service requests", "服务请求"),
    }


def source_labels() -> dict[str, str]:
    return {
        "servicenow": "ServiceNow",
        "jira": "Jira Service Management",
        "generic": tr("Generic (map the columns yourself)", "通用（自行映射各列）"),
        "eventlog": tr("Event log (case, activity, time)", "事件日志（案例、活动、时间）"),
    }


@st.cache_resource(show_spinner=False)
def read_logs() -> SizedCache:
    """Ticket exports read for a preview, shared by the sessions: at most 512 MB of them, each for an hour."""
    return SizedCache(max_bytes=512 * 1024 * 1024, ttl=3600)


def _read(name: str, data: bytes, options: dict, mapping_yaml: bytes | None, key: bytes) -> TicketLog | InputError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "export.csv")
        path.write_bytes(data)
        mapping_file = None
        if mapping_yaml is not None:
            mapping_file = Path(folder) / "mapping.yaml"
            mapping_file.write_bytes(mapping_yaml)
        try:
            return read_ticket_export(path, name=name, key=key, mapping_file=mapping_file, **options)
        except InputError as error:
            return error


def read_log(upload, options: dict, mapping_upload, assessment_id: int) -> TicketLog | InputError:
    """The upload read with `options`, once per file, options and mapping file (a rerun never reads it again)."""
    mapping_yaml = mapping_upload.getvalue() if mapping_upload is not None else None
    mapping_id = hashlib.sha256(mapping_yaml).hexdigest() if mapping_yaml is not None else ""
    cache_key = (assessment_id, upload.file_id, upload.name, repr(sorted(options.items())), mapping_id)
    key = pseudonym_key(workspace(), assessment_id)
    return read_logs().get(cache_key, lambda: _read(upload.name, upload.getvalue(), options, mapping_yaml, key))


def mapping_editor() -> dict[str, str]:
    """The consultant's own mapping, field -> the file's column: over the profile's, or the whole of a generic one."""
    named = {name: field for field, name in field_names().items()}  # the options are names: back to fields
    start = pd.DataFrame({"field": pd.Series([], dtype=object), "column": pd.Series([], dtype=object)})
    edited = st.data_editor(
        start,
        num_rows="dynamic",
        key="evidence_mapping",
        hide_index=True,
        width="stretch",
        column_config={
            "field": st.column_config.SelectboxColumn(tr("Field", "字段"), options=list(named), required=True),
            "column": st.column_config.TextColumn(tr("The file's column", "文件中的列"), max_chars=200),
        },
    )
    return {
        named[row["field"]]: str(row["column"]).strip() if isinstance(row["column"], str) else ""
        for _, row in edited.iterrows()
        if row["field"] in named
    }


def date_example(name: str) -> str:
    """A date format shown as a date written in it (27 March 2026, 15:45:30): numbers read in both languages."""
    written = DATE_FORMATS[name][0]
    if written == "ISO8601":
        return "2026-03-27T15:45:30+08:00"
    return EXAMPLE_DATE.strftime(written)


def options_form() -> tuple[dict, object]:
    """Profile, process, date format, mapping and free text: the reader's options, and a mapping file if any."""
    left, right = st.columns(2)
    sources = source_labels()
    source = left.radio(tr("Profile", "数据来源"), list(SOURCES), format_func=sources.get, key="evidence_source")
    processes = {None: tr("From the file (ticket numbers, issue types)", "由文件判断（工单编号、问题类型）")}
    processes |= process_labels()
    process = right.selectbox(tr("Process", "流程"), list(processes), format_func=processes.get, key="evidence_process")
    formats = {None: tr("Detected from the column's values", "按该列的取值识别")}
    formats |= {name: date_example(name) for name in DATE_FORMATS}
    date_format = right.selectbox(
        tr("Date format", "日期格式"), list(formats), format_func=formats.get, key="evidence_date_format"
    )
    keep_text = right.checkbox(
        tr("Keep free text (descriptions, work notes)", "保留自由文本（描述、工作备注）"), key="evidence_keep_text"
    )
    with st.expander(
        tr("Mapping: which column gives which field", "映射：哪一列对应哪个字段"),
        expanded=source == "generic",
        icon=":material/swap_horiz:",
    ):
        st.caption(
            tr(
                "A row per field, over the profile's columns (an empty column drops the field). Or upload a mapping "
                "file (YAML, as docs/evidence.md describes); the rows here win over it.",
                "每个字段一行，覆盖数据来源的默认列（列留空即不使用该字段）。也可上传映射文件"
                "（YAML，格式见用户文档）；此处的行优先于映射文件。",
            )
        )
        mapping = mapping_editor()
        mapping_upload = st.file_uploader(
            tr("Mapping file (.yaml)", "映射文件（.yaml）"),
            type=["yaml", "yml"],
            key=f"evidence_mapping_file_{st.session_state.get(ROUND, 0)}",
            max_upload_size=MAX_SMALL_MB,
        )
    options = {"source": source, "process": process, "date_format": date_format, "keep_text": keep_text}
    return options | {"mapping": mapping or None}, mapping_upload


def fields_table(log: TicketLog) -> pd.DataFrame:
    """Which file column gives which field, and what becomes of it."""
    kept = {
        "person": tr("pseudonymized", "已假名化"),
        "free_text": tr("kept (free text)", "保留（自由文本）"),
    }
    names = field_names()
    rows = [
        (names[field], log.mapping.get(field, ""), kept.get(FIELD_KINDS[field], tr("kept", "保留")))
        for field in log.fields
        if field in log.mapping
    ]
    return pd.DataFrame(
        rows, columns=[tr("Field", "字段"), tr("The file's column", "文件中的列"), tr("Stored", "保存方式")]
    )


def preview(log: TicketLog) -> None:
    shape = (
        tr("one row per event", "每个事件一行") if log.shape == "events" else tr("one row per ticket", "每张工单一行")
    )
    tickets = int(log.frame["ticket"].nunique())
    st.success(
        tr(
            f"**Ready to import** {md(log.name)}: {process_labels()[log.process]}, {tickets:,} tickets, "
            f"{len(log.frame):,} rows ({shape}).",
            f"**可以导入** {md(log.name)}：{process_labels()[log.process]}，工单 {tickets:,} 张，"
            f"共 {len(log.frame):,} 行（{shape}）。",
        ),
        icon=":material/check_circle:",
    )
    left, right = st.columns([2, 3])
    left.markdown(tr("**Fields found**", "**识别到的字段**"))
    left.dataframe(fields_table(log), hide_index=True, key="evidence_fields")
    right.markdown(tr("**Columns dropped**", "**不保存的列**"))
    right.caption(md(", ".join(log.dropped)) if log.dropped else tr("None.", "无。"))
    if log.pseudonymized:
        right.caption(
            tr(
                f"People are pseudonymized with the assessment's key: {md(', '.join(log.pseudonymized))}.",
                f"人员字段已用本评估的密钥假名化：{md('、'.join(log.pseudonymized))}。",
            )
        )
    st.markdown(tr(f"**The first {PREVIEW_ROWS} rows, as stored**", f"**前 {PREVIEW_ROWS} 行（按保存后的样子）**"))
    shown = log.frame.head(PREVIEW_ROWS).drop(columns=["seq"], errors="ignore")
    st.dataframe(shown, hide_index=True, key="evidence_first_rows")


def import_section(assessment_id: int) -> None:
    """Upload, options, preview and Import, for who may collect."""
    st.subheader(tr("Import a ticket export", "导入工单导出文件"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    round_ = st.session_state.get(ROUND, 0)
    upload = st.file_uploader(
        tr("Ticket export (.csv or .xlsx)", "工单导出文件（.csv 或 .xlsx）"),
        type=["csv", "xlsx"],
        key=f"evidence_upload_{round_}",
        max_upload_size=MAX_EXPORT_MB,
    )
    options, mapping_upload = options_form()
    if upload is None:
        st.caption(
            tr(
                "Nothing is stored before Import. People are pseudonymized; free text is dropped unless kept.",
                "点击“导入”之前不会保存任何内容。人员字段会被假名化；除非选择保留，自由文本不会保存。",
            )
        )
        return
    found = read_log(upload, options, mapping_upload, assessment_id)
    if isinstance(found, InputError):
        st.markdown(tr(f"{md(upload.name)} cannot be imported:", f"{md(upload.name)} 无法导入："))
        show_problems(found)
        return
    preview(found)
    units = sorted(found.frame["unit"].dropna().unique(), key=str) if "unit" in found.frame else []
    left, right = st.columns(2)
    choices = {None: tr("None: every unit against the others", "不指定：各单位相互比较")} | {u: str(u) for u in units}
    reference = left.selectbox(
        tr("Reference unit (its flow is the model)", "参考单位（以其流程为模型）"),
        list(choices),
        format_func=choices.get,
        key="evidence_reference",
    )
    bpmn = right.file_uploader(
        tr("Or the designed process (.bpmn)", "或设计的流程（.bpmn）"),
        type=["bpmn", "xml"],
        key=f"evidence_bpmn_{round_}",
        max_upload_size=MAX_SMALL_MB,
    )
    keep_rows = st.checkbox(
        tr("Keep the rows (pseudonymized) with the assessment", "随评估保存各行数据（已假名化）"),
        key="evidence_keep_rows",
    )
    if st.button(tr("Import", "导入"), key="evidence_import", type="primary", icon=":material/upload:"):
        store(assessment_id, found, reference, bpmn, keep_rows)


def store(assessment_id: int, log: TicketLog, reference: str | None, bpmn, keep_rows: bool) -> None:
    working = tr("Computing the KPIs and mining the flow…", "正在计算 KPI 并挖掘流程……")
    with st.spinner(working), tempfile.TemporaryDirectory() as folder:
        model = None
        if bpmn is not None:
            model = Path(folder) / (Path(bpmn.name).name or "model.bpmn")
            model.write_bytes(bpmn.getvalue())
        try:
            stored = store_evidence(
                workspace(),
                assessment_id,
                log,
                actor=user(),
                reference_unit=None if model is not None else reference,
                bpmn=model,
                keep_rows=keep_rows,
            )
        except InputError as error:
            show_problems(error)
            return
    st.session_state[DONE] = tr(
        f"{md(stored.name)} imported: {stored.tickets:,} tickets, {len(stored.kpis)} KPI values.",
        f"{md(stored.name)} 已导入：工单 {stored.tickets:,} 张，KPI 值 {len(stored.kpis)} 个。",
    )
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.rerun()
