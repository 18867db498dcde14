"""The commands on files: `validate`, `coverage`, `template` and `score` (of files, or of a stored assessment)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from assessment.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    check_files_or_stored,
    check_output,
    id_type,
    open_workspace,
    report_problems,
    score_stored,
    stored_questionnaire,
    text,
    written,
)
from assessment.problems import InputError, Lang, Problem

# (English, Chinese) for the texts these commands show.
TEXT: dict[str, tuple[str, str]] = {
    "score_usage": (
        "%(prog)s QUESTIONNAIRE RESPONSES [options]\n       %(prog)s --assessment ID [--database URL] [options]",
        "%(prog)s QUESTIONNAIRE RESPONSES [选项]\n       %(prog)s --assessment ID [--database URL] [选项]",
    ),
    "score_assessment": (
        "score this stored assessment (with its targets) instead of files",
        "对该已保存的评估（及其目标）评分，而非对文件评分",
    ),
    "score_both": (
        "give either QUESTIONNAIRE RESPONSES or --assessment ID, not both",
        "请给出“问卷 答卷文件”或“--assessment 编号”之一，不能同时给出",
    ),
    "score_targets": (
        "--targets is for scoring files; a stored assessment is scored with the targets stored in it",
        "--targets 仅用于对文件评分；已保存的评估按其中保存的目标评分",
    ),
    "template_usage": (
        "%(prog)s QUESTIONNAIRE -o FILE [options]\n       %(prog)s --assessment ID [--database URL] -o FILE [options]",
        "%(prog)s QUESTIONNAIRE -o FILE [选项]\n       %(prog)s --assessment ID [--database URL] -o FILE [选项]",
    ),
    "template_assessment": (
        "a blank survey for this stored assessment: its questionnaire snapshot and scope",
        "为该已保存的评估生成空白调查文件：使用其问卷快照和评估范围",
    ),
    "template_both": (
        "give either QUESTIONNAIRE or --assessment ID, not both",
        "请给出“问卷”或“--assessment 编号”之一，不能同时给出",
    ),
    "template_forms": (
        "a workbook of forms, one sheet per respondent with the questions of their role as rows (.xlsx)",
        "生成答卷工作簿：每位答卷人一个工作表，按其角色列出问题（每题一行）（.xlsx）",
    ),
    "template_person": (
        "a respondent of the forms, 'NAME,ROLE[,UNIT[,METHOD]]' (role and method by id or name; repeat the option; "
        "default: one blank form per role)",
        "答卷人，格式“姓名,角色[,单位[,方式]]”（角色和方式可用编号或名称；可重复；默认每个角色一份空白答卷）",
    ),
    "template_person_only_forms": ("--person is for --forms", "--person 仅用于 --forms"),
    "rule": (
        "maturity level rule (default iso33020; for a stored assessment, its own rule)",
        "成熟度等级判定规则（默认 iso33020；已保存的评估默认使用其自身的规则）",
    ),
    "targets": (
        "YAML file of target levels, 'process: level' (default 3)",
        "目标等级 YAML 文件，格式“流程: 等级”（默认 3）",
    ),
    "format": ("output format (default json)", "输出格式（默认 json）"),
    "valid": (
        "{file}: valid questionnaire {id} {version}: {processes} processes, {items} scored items",
        "{file}：问卷有效 {id} {version}：{processes} 个流程，{items} 个计分题目",
    ),
    "valid_plan": (
        "{walkthroughs} walkthroughs, {actions} actions, {context} context sections",
        "{walkthroughs} 个穿行测试，{actions} 个行动项，{context} 个背景部分",
    ),
    "problems": ("{count} problem(s) found", "发现 {count} 个问题"),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register the commands on files; `command(name)` makes a sub-parser, `t(key)` gives a help text."""
    validate = command("validate")
    validate.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=t("questionnaire"))

    template = command("template", usage=t("template_usage"))
    template.add_argument("questionnaire", nargs="?", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    template.add_argument("--assessment", type=id_type(lang), metavar="ID", help=t("template_assessment"))
    template.add_argument("--database", metavar="URL", help=t("database"))
    template.add_argument("-o", "--output", required=True, metavar="FILE", help=t("template_out"))
    template.add_argument("--forms", action="store_true", help=_say("template_forms", lang))
    template.add_argument(
        "--person", action="append", default=[], metavar="NAME,ROLE[,UNIT[,METHOD]]", help=_say("template_person", lang)
    )
    template.set_defaults(usage_error=template.error)

    coverage = command("coverage")
    coverage.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    coverage.add_argument("-o", "--output", metavar="FILE", help=t("out"))

    # score files (QUESTIONNAIRE RESPONSES) or a stored assessment (--assessment ID): _check_score_form checks which
    score = command("score", usage=t("score_usage"))
    score.add_argument("questionnaire", nargs="?", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    score.add_argument("responses", nargs="?", metavar="RESPONSES", help=t("responses"))
    score.add_argument("--assessment", type=id_type(lang), metavar="ID", help=t("score_assessment"))
    score.add_argument("--database", metavar="URL", help=t("database"))
    score.add_argument("--rule", choices=("iso33020", "c2m2"), help=t("rule"))
    score.add_argument("--targets", metavar="FILE", help=t("targets"))
    score.add_argument("--format", choices=("json", "table", "csv"), default="json", help=t("format"))
    score.add_argument("-o", "--output", metavar="FILE", help=t("out"))
    score.set_defaults(usage_error=score.error)


def _check_score_form(args: argparse.Namespace) -> None:
    """`score` takes files or a stored assessment, exactly one of them; else exit 2 with the usage."""
    check_files_or_stored(args, _say("score_both", args.lang), {"targets": _say("score_targets", args.lang)})


def _check_template_form(args: argparse.Namespace) -> None:
    """`template` takes a questionnaire or a stored assessment, exactly one of them."""
    if args.assessment is not None and args.questionnaire is not None:
        args.usage_error(_say("template_both", args.lang))
    if args.assessment is None and args.questionnaire is None:
        args.usage_error(text("required", args.lang, names="QUESTIONNAIRE") + text("or_assessment", args.lang))
    if args.assessment is None and args.database is not None:
        args.usage_error(text("score_database", args.lang))
    if args.person and not args.forms:
        args.usage_error(_say("template_person_only_forms", args.lang))


def _validate(args: argparse.Namespace) -> int:
    from assessment.questionnaire import check_questionnaire

    questionnaire, problems = check_questionnaire(args.questionnaire)
    report_problems(problems, args.lang)
    if questionnaire is None:
        errors = sum(1 for p in problems if p.is_error)
        print(_say("problems", args.lang, count=errors), file=sys.stderr)
        return EXIT_BAD_INPUT
    items = sum(1 for _, item in questionnaire.all_items() if item.is_scored)
    summary = _say(
        "valid",
        args.lang,
        file=args.questionnaire,
        id=questionnaire.id,
        version=questionnaire.version,
        processes=len(questionnaire.processes),
        items=items,
    )
    walkthroughs = sum(len(process.walkthroughs) for process in questionnaire.processes)
    actions = len(questionnaire.all_actions())
    if walkthroughs or actions or questionnaire.context:
        plan = _say(
            "valid_plan", args.lang, walkthroughs=walkthroughs, actions=actions, context=len(questionnaire.context)
        )
        summary += ("，" if args.lang == "zh" else ", ") + plan
    print(summary)
    return EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from assessment.files import write_atomic
    from assessment.questionnaire import load_questionnaire
    from assessment.questionnaire.coverage import coverage_markdown

    output = check_output(args.output, args.lang) if args.output else None
    loaded = load_questionnaire(args.questionnaire)
    report_problems(loaded.warnings, args.lang)
    text = coverage_markdown(loaded.questionnaire, args.questionnaire)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        written(args.output, args.lang)
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    _check_template_form(args)
    from assessment.exports.survey_template import write_template
    from assessment.questionnaire import load_questionnaire

    output = check_output(args.output, args.lang)
    if output.suffix.lower() not in ((".xlsx",) if args.forms else (".xlsx", ".csv")):
        raise InputError([Problem("unknown_file_type", {"suffix": output.suffix}, file=args.output)])
    units: tuple[str, ...] = ()
    if args.assessment is not None:
        questionnaire = stored_questionnaire(args)
        units = stored_units(args) if args.forms else ()
    else:
        loaded = load_questionnaire(args.questionnaire)
        report_problems(loaded.warnings, args.lang)
        questionnaire = loaded.questionnaire
    if args.forms:
        from assessment.exports.respondent_forms import write_respondent_forms

        people = form_people(args.person, questionnaire, units)
        write_respondent_forms(questionnaire, output, people, lang=args.lang, units=units)
    else:
        write_template(questionnaire, output, lang=args.lang)
    written(args.output, args.lang)
    return EXIT_OK


def form_people(written: list[str], questionnaire, units: tuple[str, ...]) -> list:
    """The respondents of `--person` options (role and method by id or by name), or one blank form per role."""
    from assessment.exports.respondent_forms import FormPerson
    from assessment.inputs import vocabulary

    if not written:
        return [FormPerson(role=role.id) for role in questionnaire.roles] or [FormPerson()]
    roles, methods = vocabulary.role_words(questionnaire), vocabulary.method_words()
    people, problems = [], []
    for option in written:
        name, role, unit, method = ([part.strip() for part in option.split(",")] + ["", "", "", ""])[:4]
        where = f"--person {option}"
        if role and vocabulary.normal(role) not in roles:
            allowed = [r.id for r in questionnaire.roles]
            problems.append(Problem("unknown_role", {"role": role, "allowed": allowed}, where=where))
        if unit and units and unit not in units:
            problems.append(Problem("unknown_unit", {"unit": unit, "allowed": list(units)}, where=where))
        if method and vocabulary.normal(method) not in methods:
            problems.append(Problem("bad_method", {"value": method}, where=where))
        people.append(
            FormPerson(
                name,
                roles.get(vocabulary.normal(role), ""),
                unit,
                methods.get(vocabulary.normal(method), "survey") if method else "survey",
            )
        )
    if problems:
        raise InputError(problems)
    return people


def stored_units(args: argparse.Namespace) -> tuple[str, ...]:
    """The units of `--assessment ID`."""
    from assessment.workspace.queries import assessment_details

    workspace = open_workspace(args.database, args.lang)
    try:
        return tuple(assessment_details(workspace, args.assessment).units)
    finally:
        workspace.dispose()


def _score(args: argparse.Namespace) -> int:
    _check_score_form(args)
    from assessment.analysis import results
    from assessment.analysis.scored import score_files
    from assessment.files import write_atomic
    from scoring.maturity import DEFAULT_RULE

    output = check_output(args.output, args.lang) if args.output else None
    if args.assessment is not None:
        scored = score_stored(args)
    else:
        rule = args.rule or DEFAULT_RULE
        scored = score_files(args.questionnaire, args.responses, rule=rule, targets_path=args.targets)
    render = {"json": results.to_json, "table": results.to_table, "csv": results.to_csv}[args.format]
    text = render(scored, args.lang)
    if output is None:
        sys.stdout.write(text)
        if args.format != "table":
            report_problems(scored.warnings, args.lang)
        return EXIT_OK
    # Excel opens a UTF-8 CSV with Chinese text correctly only when it starts with a BOM
    write_atomic(output, text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
    report_problems(scored.warnings, args.lang)
    written(args.output, args.lang)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "template": _template,
    "coverage": _coverage,
    "score": _score,
}
