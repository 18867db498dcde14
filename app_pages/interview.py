"""Interview: one respondent at a time, every answer, comment and evidence saved as it is given."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.common import (
    listed,
    may,
    md,
    remember_problems,
    require_assessment,
    show_remembered,
    shown_respondents,
    text,
    tr,
    user,
    workspace,
)
from app_pages.common import questionnaire as questionnaire_in_scope
from app_pages.interview_parts import (
    ITEM_PART,
    KEPT,
    PROBLEM,
    PROGRESS_PART,
    PROGRESS_STALE,
    answer_given,
    answer_help,
    answer_options,
    evidence_list,
    save_answer,
    widget_key,
)
from app_pages.labels import method_labels
from assessment.questionnaire.model import Item, Practice, Process, Questionnaire
from assessment.workspace.assessments import add_respondent
from assessment.workspace.core import METHODS
from assessment.workspace.progress import is_answered, progress_by_process
from assessment.workspace.queries import answers_of, respondents_of

RESPONDENT = "interview_respondent"
PROCESS = "interview_process"
ADD_PROBLEMS = "interview_add_problems"
NEW = "interview_new_"  # + name, role, unit, method, date: the add-respondent form
SYNCED = "interview_synced"  # respondents whose drawn answers this session has compared with the stored ones
RECOVERED = "interview_recovered"  # answers saved on a session's first run: the notice shown after the rerun
PARAM = "r"  # the query parameter carrying the respondent, so that a reload of the browser keeps them
PROCESS_PARAM = "p"  # and the process being asked about
PROGRESS_COLUMNS = 4
GRID = "_practices"  # the Process list's first choice when the questionnaire shares practices across processes


def add_new_respondent(assessment_id: int) -> None:
    state = st.session_state
    name = state[NEW + "name"].strip()
    added = remember_problems(
        ADD_PROBLEMS,
        lambda: add_respondent(
            workspace(),
            assessment_id,
            name,
            role=state[NEW + "role"] or "",
            unit=(state[NEW + "unit"] or "").strip(),
            method=state[NEW + "method"],
            interviewed_on=state[NEW + "date"],
            actor=user(),
        ),
        success=tr(f"Respondent {md(name)} added", f"已添加答卷人 {md(name)}"),
    )
    if added is not None:
        state[RESPONDENT] = name
        state[NEW + "name"] = ""
        if may("names"):
            st.query_params[PARAM] = name


# --- drawing ---------------------------------------------------------------------------------------------------------


def add_form(assessment_id: int, roles: dict[str, str], units: tuple[str, ...]) -> None:
    with st.form("interview_add_form", border=False):
        st.text_input(tr("Name", "姓名"), key=NEW + "name", max_chars=200)
        left, middle, right = st.columns(3)
        left.selectbox(
            tr("Role", "角色"),
            ["", *roles],
            key=NEW + "role",
            format_func={"": tr("No role", "未指定角色"), **roles}.get,
        )
        if units:
            middle.selectbox(
                tr("Unit", "单位"),
                ["", *units],
                key=NEW + "unit",
                format_func={"": tr("No unit", "未指定单位"), **{unit: unit for unit in units}}.get,
            )
        else:
            middle.text_input(tr("Unit", "单位"), key=NEW + "unit", max_chars=200)
        right.selectbox(
            tr("Method", "方式"),
            METHODS,
            index=METHODS.index("interview"),
            key=NEW + "method",
            format_func=method_labels().get,
        )
        st.date_input(tr("Interview date", "访谈日期"), value=dt.date.today(), key=NEW + "date")
        st.form_submit_button(
            tr("Add respondent", "添加答卷人"), on_click=add_new_respondent, args=(assessment_id,), type="primary"
        )
    show_remembered(ADD_PROBLEMS)


def draw_item(
    questionnaire: Questionnaire, assessment_id: int, respondent: str, item: Item, saved: dict, roles: dict[str, str]
) -> dict:
    """The item's question and widgets; returns what the widgets show (answer, comment, evidence)."""
    with st.container(border=True):
        st.markdown(f"**{md(item.id)}** · {md(text(item.text))}")
        if item.roles:
            asked = listed(md(roles.get(role, role)) for role in item.roles)
            st.caption(tr(f"Ask: {asked}", f"询问对象：{asked}"))
        if item.guidance or item.evidence or item.references:
            with st.expander(tr("Guidance and evidence", "访谈指引与证据")):
                if item.guidance:
                    st.markdown(md(text(item.guidance)))
                if item.evidence:
                    hints = "\n".join(f"- {md(text(hint))}" for hint in item.evidence)
                    st.markdown(tr("**Evidence to look for**", "**可查看的证据**") + "\n\n" + hints)
                if item.references:
                    st.caption(tr("References: ", "参考：") + "; ".join(md(reference) for reference in item.references))
        kept = {"comment": saved.get("comment", ""), "evidence": saved.get("evidence", [])}
        args = (assessment_id, respondent, item.id, kept)
        if not item.is_scored:
            answer = st.text_area(
                tr("Answer", "回答"),
                value=saved.get("answer", ""),
                key=widget_key("answer", respondent, item.id),
                on_change=answer_given,
                args=args,
                height=90,
            )
            show_remembered(PROBLEM + item.id)
            return {"answer": answer or "", **kept}
        options, labels = answer_options(questionnaire, item)
        answer = saved.get("answer", "")
        chosen = st.radio(
            tr("Answer", "回答"),
            options,
            index=options.index(answer) if answer in options else 0,
            key=widget_key("answer", respondent, item.id),
            format_func=labels.get,
            horizontal=True,
            help=answer_help(questionnaire, item),
            on_change=answer_given,
            args=args,
        )
        left, right = st.columns(2)
        comment = left.text_area(
            tr("Comment", "备注"),
            value=saved.get("comment", ""),
            key=widget_key("comment", respondent, item.id),
            on_change=answer_given,
            args=args,
            height=68,
        )
        evidence = right.text_input(
            tr("Evidence (links or references, separated by ;)", "证据（链接或出处，用 ; 分隔）"),
            value="; ".join(saved.get("evidence", [])),
            key=widget_key("evidence", respondent, item.id),
            on_change=answer_given,
            args=args,
        )
        show_remembered(PROBLEM + item.id)
        return {"answer": chosen or "", "comment": comment or "", "evidence": evidence_list(evidence)}


def unsaved(drawn: dict, saved: dict) -> bool:
    """Whether the widgets show something other than what is stored for the item."""
    stored = {
        "answer": saved.get("answer", ""),
        "comment": saved.get("comment", ""),
        "evidence": saved.get("evidence", []),
    }
    return drawn != stored


@st.fragment(key=PROGRESS_PART)
def draw_progress(questionnaire: Questionnaire, assessment_id: int, respondent: str, answers: dict) -> None:
    """The answered items per process; redrawn alone after an answer (`answers` are then those of the last full run,
    so they are read again)."""
    if st.session_state.pop(PROGRESS_STALE, False):
        answers = answers_of(workspace(), assessment_id, respondent)
    progress = progress_by_process(questionnaire, answers)
    names = {process.id: text(process.name) for process in questionnaire.processes}
    cells = st.columns(PROGRESS_COLUMNS)
    for position, row in enumerate(progress.itertuples(index=False)):
        share = row.answered / row.scored if row.scored else 0.0
        with cells[position % PROGRESS_COLUMNS]:
            st.progress(share, text=f"{md(names[row.process])} · {row.answered}/{row.scored}")


def items_to_show(process: Process, answers: dict, role: str, unanswered: bool, mine: bool, kept: set) -> list[Item]:
    """The process's items under the filters; an item answered in this view (`kept`) stays until the view changes."""
    shown = process.items
    if unanswered:
        shown = [item for item in shown if not is_answered(answers.get(item.id)) or item.id in kept]
    if mine and role:
        shown = [item for item in shown if not item.roles or role in item.roles]
    return shown


def kept_in_view(respondent: str, process: str, unanswered: bool) -> set:
    """The items answered in this view: a new, empty set when the respondent, the process or the filter changed."""
    view = {"respondent": respondent, "process": process, "unanswered": unanswered}
    kept = st.session_state.get(KEPT)
    if kept is None or {key: kept[key] for key in view} != view:
        kept = st.session_state[KEPT] = view | {"items": set()}
    return kept["items"]


def draw_items(
    questionnaire: Questionnaire, assessment_id: int, respondent: str, role: str, answers: dict, roles: dict[str, str]
) -> list[str]:
    """The chosen process's items under the filters; returns the items whose widgets show what is not stored."""
    processes = {process.id: process for process in questionnaire.processes}
    if not processes:
        st.info(tr("The assessment has no process in scope.", "该评估的范围内没有流程。"))
        return []
    grid = questionnaire.practice_rows((p, item) for p, item in questionnaire.all_items() if item.is_scored)
    choices = ([GRID] if grid else []) + list(processes)
    if st.session_state.get(PROCESS) not in choices:  # a reload: the process of the URL, else the first process
        wanted = st.query_params.get(PROCESS_PARAM)
        st.session_state[PROCESS] = wanted if wanted in choices else next(iter(processes))
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("Process", "流程"),
        choices,
        key=PROCESS,
        format_func=(
            {GRID: tr("Practices of every process", "各流程的共性实践")}
            | {pid: text(process.name) for pid, process in processes.items()}
        ).get,
    )
    unanswered = middle.checkbox(tr("Only unanswered items", "仅显示未回答的题目"), key="interview_unanswered")
    role_name = md(roles.get(role, role))
    mine = right.checkbox(
        tr(f"Only items for {role_name}", f"仅显示{role_name}适用的题目")
        if role
        else tr("Only items for the role", "仅显示该角色适用的题目"),
        key="interview_mine",
        disabled=not role,
    )
    st.query_params[PROCESS_PARAM] = chosen
    if chosen == GRID:
        return draw_grid(questionnaire, assessment_id, respondent, role if mine else "", answers, grid)
    process = processes[chosen]
    if process.description:
        st.caption(md(text(process.description)))
    kept = kept_in_view(respondent, chosen, unanswered)
    shown = items_to_show(process, answers, role, unanswered, mine, kept)
    if not shown:
        st.success(
            tr("Nothing left to show with these filters.", "在当前筛选条件下没有需要显示的题目。"),
            icon=":material/check_circle:",
        )
    differing = []
    levels = sorted({item.level for item in shown if item.is_scored and item.level is not None})
    ordered = []
    for level in levels:
        ordered.append((level, [item for item in shown if item.is_scored and item.level == level]))
    others = [item for item in shown if not item.is_scored or item.level is None]
    if others:
        ordered.append((None, others))
    for level, items in ordered:
        if level is None:
            st.subheader(tr("Further questions", "其他问题"))
        else:
            st.subheader(tr(f"Level {level}", f"第 {level} 级"))
            if level in process.levels:
                st.caption(md(text(process.levels[level])))
        for item in items:
            saved = answers.get(item.id, {})
            card = st.fragment(draw_item, key=ITEM_PART + item.id)  # an answer redraws this card alone
            if unsaved(card(questionnaire, assessment_id, respondent, item, saved, roles), saved):
                differing.append(item.id)
    return differing


def draw_grid(
    questionnaire: Questionnaire,
    assessment_id: int,
    respondent: str,
    role: str,
    answers: dict,
    grid: list[tuple[Practice, list[tuple[Process, Item]]]],
) -> list[str]:
    """The practices every process has, asked once: a row per practice, an answer per process in scope (each saved
    and scored as its process's item); returns the items whose widgets show what is not stored."""
    st.caption(
        tr(
            "Each row is one practice; answer it for every process. Each answer counts for its own process, as "
            "the same item on the process's page.",
            "每行是一项共性实践，请按流程分别作答。每个回答计入对应流程，与该流程页面上的同一题目相同。",
        )
    )
    shown = {process.id for _, cells in grid for process, _ in cells}
    processes = [process for process in questionnaire.processes if process.id in shown]
    widths = [2] + [1] * len(processes)
    header = st.columns(widths)
    for cell, process in zip(header[1:], processes, strict=True):
        cell.markdown(f"**{md(text(process.name))}**")
    differing = []
    for practice, cells in grid:
        asked = {p.id: item for p, item in cells if not role or not item.roles or role in item.roles}
        if not asked:
            continue
        row = st.columns(widths, vertical_alignment="center")
        row[0].markdown(md(text(practice.label)), help=md(text(practice.description)) if practice.description else None)
        for cell, process in zip(row[1:], processes, strict=True):
            item = asked.get(process.id)
            if item is None:
                cell.caption("—")
                continue
            saved = answers.get(item.id, {})
            options, labels = answer_options(questionnaire, item)
            kept = {"comment": saved.get("comment", ""), "evidence": saved.get("evidence", [])}
            chosen = cell.selectbox(
                f"{text(practice.label)} · {text(process.name)}",
                options,
                index=options.index(saved.get("answer", "")) if saved.get("answer", "") in options else 0,
                key=widget_key("answer", respondent, item.id),
                format_func=labels.get,
                label_visibility="collapsed",
                help=f"{item.id} · {text(item.text)}",
                on_change=save_answer,
                args=(assessment_id, respondent, item.id, kept),
            )
            show_remembered(PROBLEM + item.id)
            if (chosen or "") != saved.get("answer", ""):
                differing.append(item.id)
    return differing


def save_what_the_browser_shows(assessment_id: int, respondent: str, items: list[str], answers: dict) -> None:
    """On the session's first run for `respondent`, save what the browser shows and the database does not hold.

    A browser whose session was replaced (the server restarted, or a reconnection went to another replica) sends
    the answers it shows with its first run, and Streamlit runs no callback for them: an answer clicked just before
    would show as given but never be saved. Later runs leave differences alone: they come from someone else's
    change, made while this page was open.
    """
    synced = st.session_state.setdefault(SYNCED, set())
    if respondent in synced:
        return
    synced.add(respondent)
    if not items:
        return
    for item_id in items:
        saved = answers.get(item_id, {})
        save_answer(
            assessment_id,
            respondent,
            item_id,
            {"comment": saved.get("comment", ""), "evidence": saved.get("evidence", [])},
        )
    st.session_state[RECOVERED] = items
    st.rerun()  # draw the progress and the filters again from what is stored now


def main() -> None:
    details = require_assessment()
    questionnaire = questionnaire_in_scope(details.id)
    roles = {role.id: text(role.label) for role in questionnaire.roles}
    st.title(tr("Interview", "访谈"))
    st.caption(
        tr(
            "One respondent at a time. Every answer, comment and piece of evidence is saved as soon as it is given.",
            "每次访谈一位答卷人。每个回答、备注和证据在填写后立即保存。",
        )
    )
    notice = st.container()  # answers refused for items no longer drawn (e.g. the scope changed meanwhile)
    people = respondents_of(workspace(), details.id, count_answers=False)
    names = people["respondent"].tolist()
    state = st.session_state
    if state.get(RESPONDENT) not in names:
        wanted = st.query_params.get(PARAM)
        state[RESPONDENT] = wanted if wanted in names else None
    shown = shown_respondents(names)  # "Anonymous N" to a consultant of an anonymous survey
    described = {
        row.respondent: " · ".join(
            part for part in (shown[row.respondent], roles.get(row.role, row.role), row.unit) if part
        )
        for row in people.itertuples(index=False)
    }
    respondent = st.selectbox(
        tr("Respondent", "答卷人"),
        names,
        key=RESPONDENT,
        format_func=described.get,
        placeholder=tr("Pick a respondent or add one", "请选择或添加一位答卷人"),
    )
    with st.expander(tr("Add a respondent", "添加答卷人"), expanded=not names):
        add_form(details.id, roles, details.units)
    if respondent is None or not may("names"):
        st.query_params.pop(PARAM, None)  # a hidden name is not put into the address either
    if respondent is None:
        return
    if may("names"):
        st.query_params[PARAM] = respondent
    person = people[people["respondent"] == respondent].iloc[0]
    facts = [method_labels().get(person["method"], person["method"])]
    if isinstance(person["interviewed_on"], dt.date):
        facts.append(person["interviewed_on"].isoformat())
    st.caption(" · ".join(md(fact) for fact in facts))
    answers = answers_of(workspace(), details.id, respondent)
    recovered = st.session_state.pop(RECOVERED, None)
    if recovered:
        shown = listed(md(item) for item in recovered)
        st.info(
            tr(
                "Saved what your browser showed but the server had not received (the connection was renewed): " + shown,
                f"已保存浏览器中显示但服务器尚未收到的回答（连接曾重新建立）：{shown}",
            ),
            icon=":material/sync:",
        )
    st.session_state.pop(PROGRESS_STALE, None)  # a full run: the answers just read are current
    draw_progress(questionnaire, details.id, respondent, answers)
    differing = draw_items(questionnaire, details.id, respondent, person["role"] or "", answers, roles)
    save_what_the_browser_shows(details.id, respondent, differing, answers)
    with notice:
        for key in [key for key in st.session_state if str(key).startswith(PROBLEM)]:
            show_remembered(key)


main()
