"""Context of the current state (tools, skills, roles, pain points, business needs) and process walkthrough tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.common import (
    columns,
    listed,
    md,
    questionnaire,
    remember_problems,
    require_assessment,
    show_remembered,
    text,
    tr,
    user,
    workspace,
)
from assessment.analysis.context_views import next_record_key, walkthrough_pass_rates
from assessment.questionnaire.plan_model import ContextField, ContextSection, Walkthrough
from assessment.workspace.context_records import (
    delete_context,
    delete_walkthrough,
    record_context,
    record_walkthrough,
)
from assessment.workspace.queries import context_of, walkthrough_results_of

# Options are named through dicts built on each run (format_func=names.get): AppTest calls a format_func outside
# the run, where tr() would not see the session's language.
NEW = ""  # the record picker's option for a new list record (no stored key is empty)
CONTEXT_PROBLEMS = "context_problems"
WALKTHROUGH_PROBLEMS = "context_wt_problems"

details = require_assessment()
assessment_id = details.id
snapshot = questionnaire(assessment_id)
process_names = {process.id: text(process.name) for process in snapshot.processes}
role_names = {role.id: text(role.label) for role in snapshot.roles}

st.title(tr("Context and walkthroughs", "现状背景与穿行测试"))
st.caption(
    tr(
        "The unscored context of the current state, and process walkthrough tests on sampled records. "
        "Every form is saved when you press its button.",
        "记录未计分的现状背景信息，并对抽样记录进行流程穿行测试。每个表单在点击其按钮时保存。",
    )
)


# --- context records --------------------------------------------------------------------------------------------------


def widget_key(section_id: str, record: str, field_id: str) -> str:
    return f"context_{section_id}_{record or 'new'}_{field_id}"


def yes_no(value: bool | None) -> str:
    return {True: tr("Yes", "是"), False: tr("No", "否")}.get(value, "—")


def field_widget(field: ContextField, key: str, stored: Any) -> None:
    """The input for one field, by its type, pre-filled with the stored value."""
    label = md(text(field.label)) + (" \\*" if field.required else "")  # widget labels and help are Markdown
    help_text = md(text(field.help)) if field.help else None
    choice_labels = {choice.key: text(choice.label) for choice in field.choices}
    if field.type == "boolean":
        options = [True, False] if field.required else [None, True, False]
        index = options.index(stored) if isinstance(stored, bool) else (None if field.required else 0)
        st.radio(
            label,
            options,
            index=index,
            key=key,
            help=help_text,
            horizontal=True,
            format_func={option: yes_no(option) for option in options}.get,
        )
    elif field.type == "number":
        bounds = (field.min, field.max, stored)
        whole = all(value is None or float(value).is_integer() for value in bounds)
        kind = int if whole else float
        st.number_input(
            label,
            min_value=None if field.min is None else kind(field.min),
            max_value=None if field.max is None else kind(field.max),
            value=None if stored is None else kind(stored),
            step=1 if whole else 0.1,
            key=key,
            help=help_text,
        )
    elif field.type == "choice":
        keys = list(choice_labels)
        index = keys.index(stored) if stored in keys else None
        st.selectbox(
            label,
            keys,
            index=index,
            key=key,
            help=help_text,
            format_func=choice_labels.get,
            placeholder=tr("Choose an option", "请选择"),
        )
    elif field.type in ("choices", "processes"):
        names = choice_labels if field.type == "choices" else process_names
        default = [value for value in stored or [] if value in names]
        st.multiselect(
            label, list(names), default=default, key=key, help=help_text, format_func=names.get, placeholder="—"
        )
    elif field.type == "date":  # not a field type of the questionnaire yet; stored as YYYY-MM-DD
        value = dt.date.fromisoformat(stored) if isinstance(stored, str) and stored else None
        st.date_input(label, value=value, key=key, help=help_text)
    else:
        st.text_area(label, value=stored or "", key=key, help=help_text, height=68)


def field_value(field: ContextField, raw: Any) -> Any:
    """What a widget holds, as record_context takes it."""
    if field.type in ("choices", "processes"):
        return list(raw or [])
    if field.type == "date":
        return raw.isoformat() if isinstance(raw, dt.date) else None
    if field.type == "text":
        return (raw or "").strip()
    return raw


def save_record(section: ContextSection, record: str) -> None:
    """Form callback: save the record (a new list record gets the next free key, then opens for editing)."""
    data = {
        field.id: field_value(field, st.session_state.get(widget_key(section.id, record, field.id)))
        for field in section.fields
    }
    key = record or next_record_key(context_of(workspace(), assessment_id).get(section.id, {}), section.id)
    remember_problems(
        CONTEXT_PROBLEMS,
        lambda: record_context(workspace(), assessment_id, section.id, key, data, actor=user()),
        tr("Saved.", "已保存。"),
    )
    if record == NEW and st.session_state.get(CONTEXT_PROBLEMS) == []:
        for field in section.fields:
            st.session_state.pop(widget_key(section.id, NEW, field.id), None)
        st.session_state[f"context_record_{section.id}"] = key


def delete_record(section_id: str, record: str) -> None:
    """Button callback: remove the record, then show the section's first record."""
    remember_problems(
        CONTEXT_PROBLEMS,
        lambda: delete_context(workspace(), assessment_id, section_id, record, actor=user()),
        tr("Deleted.", "已删除。"),
    )
    st.session_state.pop(f"context_record_{section_id}", None)


def shown(field: ContextField, value: Any) -> str:
    """A stored value as a table shows it."""
    if value is None or value == [] or value == "":
        return ""
    labels = {choice.key: text(choice.label) for choice in field.choices}
    if field.type == "boolean":
        return yes_no(value)
    if field.type == "choice":
        return labels.get(value, str(value))
    if field.type in ("choices", "processes"):
        names = labels if field.type == "choices" else process_names
        return listed(names.get(v, str(v)) for v in value)
    if field.type == "number":
        return f"{value:g}"
    return str(value)


def record_label(section: ContextSection, key: str, data: dict[str, Any] | None) -> str:
    """How the record picker names a record: the process or role, or the list key with its first text."""
    if section.records == "per_process":
        return process_names.get(key, key) + (" ✓" if data else "")
    if section.records == "per_role":
        return role_names.get(key, key) + (" ✓" if data else "")
    if key == NEW:
        return tr("New record", "新建记录")  # its icon is the picker's (an option is plain text, no icon)
    first = next((str(data[f.id]) for f in section.fields if f.type == "text" and data and data.get(f.id)), "")
    return f"{key} · {first[:60]}" if first else key


def context_section() -> None:
    sections = {section.id: section for section in snapshot.context}
    if not sections:
        st.info(tr("This questionnaire has no context sections.", "本问卷没有现状背景部分。"))
        return
    section_id = st.selectbox(
        tr("Section", "背景部分"),
        list(sections),
        key="context_section",
        format_func={s: text(sections[s].title) for s in sections}.get,
    )
    section = sections[section_id]
    if section.description:
        st.caption(md(text(section.description)))
    saved = context_of(workspace(), assessment_id).get(section_id, {})

    keys = {
        "per_process": [process.id for process in snapshot.processes],
        "per_role": [role.id for role in snapshot.roles],
        "single": ["single"],
    }.get(section.records, [NEW, *saved])
    record = keys[0]
    if section.records != "single":
        picker = f"context_record_{section_id}"
        if st.session_state.get(picker) not in keys:
            st.session_state.pop(picker, None)
        record = st.selectbox(
            tr("Record", "记录"),
            keys,
            key=picker,
            format_func={key: record_label(section, key, saved.get(key)) for key in keys}.get,
            icon=":material/add:" if st.session_state.get(picker, keys[0]) == NEW else None,
        )
    stored = saved.get(record, {}) if record != NEW else {}
    show_remembered(CONTEXT_PROBLEMS)
    with st.form(f"context_form_{section_id}_{record or 'new'}"):
        halves = st.columns(2)
        for index, field in enumerate(section.fields):
            with halves[index % 2]:
                field_widget(field, widget_key(section_id, record, field.id), stored.get(field.id))
        st.caption(tr("Fields marked \\* are required.", "带 \\* 的字段为必填项。"))
        st.form_submit_button(
            tr("Add the record", "添加记录") if record == NEW else tr("Save the record", "保存记录"),
            type="primary",
            on_click=save_record,
            args=(section, record),
            key=f"context_save_{section_id}_{record or 'new'}",
        )

    if record != NEW and record in saved:
        st.button(
            tr("Delete this record", "删除该记录"),
            key=f"context_delete_{section_id}_{record}",
            on_click=delete_record,
            args=(section.id, record),
            help=tr("Its values stay in the audit log.", "删除前的内容保留在审计日志中。"),
        )

    if saved:
        rows = [
            {"record": key if section.records == "list" else record_label(section, key, data).removesuffix(" ✓")}
            | {field.id: shown(field, data.get(field.id)) for field in section.fields}
            for key, data in saved.items()
        ]
        names = {"record": tr("Record", "记录")} | {field.id: text(field.label) for field in section.fields}
        st.dataframe(columns(pd.DataFrame(rows), names), hide_index=True, key=f"context_table_{section_id}")
    else:
        st.caption(tr("Nothing recorded in this section yet.", "本部分尚无记录。"))


# --- walkthrough tests ------------------------------------------------------------------------------------------------


def save_walkthrough(walkthrough: Walkthrough, check_key: str) -> None:
    """Form callback: save pass or fail of the check on the sample, then move on to the next check."""
    state = st.session_state
    check = state.get(check_key)
    remember_problems(
        WALKTHROUGH_PROBLEMS,
        lambda: record_walkthrough(
            workspace(),
            assessment_id,
            check,
            state.get("context_wt_sample") or "",
            bool(state.get("context_wt_passed")),
            unit=state.get("context_wt_unit") or "",
            note=(state.get("context_wt_note") or "").strip(),
            actor=user(),
        ),
        tr("Result saved.", "结果已保存。"),
    )
    if state.get(WALKTHROUGH_PROBLEMS) == []:
        ids = [c.id for c in walkthrough.checks]
        state[check_key] = ids[(ids.index(check) + 1) % len(ids)]
        state["context_wt_note"] = ""
        state["context_wt_passed"] = True


def delete_result(chosen: str | None) -> None:
    """Button callback: remove one walkthrough result (check and sample joined by a unit separator)."""
    if not chosen:
        return
    check, sample = chosen.split("\x1f", 1)
    remember_problems(
        WALKTHROUGH_PROBLEMS,
        lambda: delete_walkthrough(workspace(), assessment_id, check, sample, actor=user()),
        tr("Deleted.", "已删除。"),
    )


def walkthrough_section() -> None:
    processes = [process for process in snapshot.processes if process.walkthroughs]
    if not processes:
        st.info(tr("This questionnaire has no walkthrough tests.", "本问卷没有流程穿行测试。"))
        return
    by_id = {process.id: process for process in processes}
    process_id = st.selectbox(
        tr("Process", "流程"), list(by_id), key="context_wt_process", format_func=process_names.get
    )
    walkthroughs = {w.id: w for w in by_id[process_id].walkthroughs}
    walkthrough = walkthroughs[
        st.selectbox(
            tr("Walkthrough", "穿行测试"),
            list(walkthroughs),
            key=f"context_wt_walkthrough_{process_id}",
            format_func={w: f"{w} · {text(walkthroughs[w].title)}" for w in walkthroughs}.get,
        )
    ]
    sample_size = (
        tr(f" Sample size: {walkthrough.sample_size}.", f" 样本量：{walkthrough.sample_size}。")
        if walkthrough.sample_size
        else ""
    )
    st.caption(tr("Sample: ", "抽样：") + md(text(walkthrough.sample)) + sample_size)
    checks = {check.id: check for check in walkthrough.checks}

    show_remembered(WALKTHROUGH_PROBLEMS)
    check_key = f"context_wt_check_{walkthrough.id}"
    with st.form("context_wt_form"):
        st.selectbox(
            tr("Check", "检查项"),
            list(checks),
            key=check_key,
            format_func={c: f"{c} · {text(checks[c].text)}" for c in checks}.get,
        )
        left, middle, right = st.columns([2, 2, 1])
        left.text_input(tr("Sampled record (id) *", "抽样记录编号 *"), key="context_wt_sample")
        units = ["", *details.units]
        middle.selectbox(tr("Unit", "单位"), units, key="context_wt_unit", format_func=lambda u: u or "—")
        right.radio(
            tr("Result", "结果"),
            [True, False],
            key="context_wt_passed",
            format_func={True: tr("Pass", "通过"), False: tr("Fail", "不通过")}.get,
            horizontal=True,
        )
        st.text_input(tr("Note (what was found)", "备注（发现的情况）"), key="context_wt_note")
        st.form_submit_button(
            tr("Save the result", "保存结果"),
            type="primary",
            on_click=save_walkthrough,
            args=(walkthrough, check_key),
            key="context_wt_save",
        )

    results = walkthrough_results_of(workspace(), assessment_id)
    results = results[results["check"].isin(list(checks))]
    rates = walkthrough_pass_rates(results, list(checks))
    rates.insert(1, "text", [text(checks[c].text) for c in rates["check"]])
    rates.insert(2, "items", [listed(checks[c].items) for c in rates["check"]])
    st.subheader(tr("Pass rates per check", "各检查项的通过率"))
    names = {
        "check": tr("Check", "检查项"),
        "text": tr("What is checked", "检查内容"),
        "items": tr("Items", "关联题目"),
        "samples": tr("Samples", "样本数"),
        "passed": tr("Passed", "通过"),
        "failed": tr("Failed", "不通过"),
        "rate": tr("Pass rate", "通过率"),
    }
    st.dataframe(
        columns(rates, names),
        hide_index=True,
        key="context_wt_rates",
        column_config={names["rate"]: st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")},
    )
    st.subheader(tr("Results so far", "已记录的结果"))
    if results.empty:
        st.caption(tr("No result recorded for this walkthrough yet.", "本穿行测试尚无记录的结果。"))
        return
    table = results.assign(passed=results["passed"].map(lambda p: tr("Pass", "通过") if p else tr("Fail", "不通过")))
    names = {
        "check": tr("Check", "检查项"),
        "sample": tr("Sampled record", "抽样记录"),
        "unit": tr("Unit", "单位"),
        "passed": tr("Result", "结果"),
        "note": tr("Note", "备注"),
        "recorded_by": tr("Recorded by", "记录人"),
    }
    st.dataframe(columns(table, names), hide_index=True, key="context_wt_results")
    entries = {f"{row.check}\x1f{row.sample}": f"{row.check} · {row.sample}" for row in results.itertuples()}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("Result to delete", "要删除的结果"), list(entries), key="context_wt_delete_pick", format_func=entries.get
    )
    right.button(
        tr("Delete", "删除"),
        key="context_wt_delete",
        on_click=delete_result,
        args=(chosen,),
        help=tr("It stays in the audit log.", "删除前的内容保留在审计日志中。"),
    )


context_tab, walkthrough_tab = st.tabs([tr("Context", "现状背景"), tr("Walkthrough tests", "流程穿行测试")])
with context_tab:
    context_section()
with walkthrough_tab:
    walkthrough_section()
