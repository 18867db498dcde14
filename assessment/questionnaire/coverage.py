"""How a questionnaire covers its processes: items per level and dimension, walkthroughs, actions."""

from __future__ import annotations

import pandas as pd

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.plan_model import PHASES

LEVELS = (1, 2, 3, 4, 5)
OPTIONAL = ", optional module · 可选模块"  # after the name of a process not in an assessment's default scope


def coverage_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    """Scored items counted per process, level and dimension (every combination, zeros too)."""
    rows = [
        (process.id, item.level, item.dimension or "-") for process, item in questionnaire.all_items() if item.is_scored
    ]
    dimensions = [d.id for d in questionnaire.dimensions]
    if any(dimension == "-" for _, _, dimension in rows) or not dimensions:
        dimensions.append("-")  # items without a dimension are counted too
    counts = pd.DataFrame(rows, columns=["process", "level", "dimension"]).value_counts()
    grid = pd.MultiIndex.from_product(
        [[p.id for p in questionnaire.processes], LEVELS, dimensions], names=["process", "level", "dimension"]
    )
    return counts.reindex(grid, fill_value=0).rename("items").reset_index()


def coverage_markdown(questionnaire: Questionnaire, source: str, note: str = "") -> str:
    """The coverage of a questionnaire as a Markdown page; `note` follows the line naming the source."""
    frame = coverage_frame(questionnaire)
    dimensions = list(dict.fromkeys(frame["dimension"]))
    labels = {d.id: d.label.en for d in questionnaire.dimensions}
    lines = [
        f"# Questionnaire coverage: {questionnaire.id} {questionnaire.version}",
        "",
        f"Generated from `{source}`.{' ' + note if note else ''}",
        "",
        "## Summary",
        "",
        "| process | scored items | L1 | L2 | L3 | L4 | L5 | "
        + " | ".join(labels.get(d, d) for d in dimensions)
        + " | walkthroughs (checks) | actions | effort, person-days |",
        "|---|" + "---|" * (7 + len(dimensions) + 2),
    ]
    for process in questionnaire.processes:
        own = frame[frame["process"] == process.id]
        by_level = own.groupby("level")["items"].sum()
        by_dimension = own.groupby("dimension", sort=False)["items"].sum()
        checks = sum(len(w.checks) for w in process.walkthroughs)
        low = sum(a.effort.min for a in process.actions)
        high = sum(a.effort.max for a in process.actions)
        optional = OPTIONAL if process.optional else ""
        lines.append(
            f"| {process.name.en} ({process.name.zh}){optional} | {int(own['items'].sum())} | "
            + " | ".join(str(int(by_level.get(k, 0))) for k in LEVELS)
            + " | "
            + " | ".join(str(int(by_dimension.get(d, 0))) for d in dimensions)
            + f" | {len(process.walkthroughs)} ({checks}) | {len(process.actions)} | {low:g}–{high:g} |"
        )
    lines += ["", "## Items per level and dimension", ""]
    for process in questionnaire.processes:
        own = frame[frame["process"] == process.id].pivot(index="level", columns="dimension", values="items")
        lines += [
            f"### {process.name.en} · {process.name.zh}{OPTIONAL if process.optional else ''}",
            "",
            "| level | " + " | ".join(labels.get(d, d) for d in dimensions) + " | all |",
            "|---|" + "---|" * (len(dimensions) + 1),
        ]
        for level in LEVELS:
            counts = [int(own.at[level, d]) for d in dimensions]
            lines.append(f"| {level} | " + " | ".join(str(c) for c in counts) + f" | {sum(counts)} |")
        lines.append("")
    phases = pd.Series([a.phase for _, a in questionnaire.all_actions()], dtype=object).value_counts()
    if len(phases):
        lines += ["## Actions per phase of the implementation path", "", "| phase | actions |", "|---|---|"]
        lines += [f"| {PHASES[p].en} ({PHASES[p].zh}) | {int(phases.get(p, 0))} |" for p in PHASES]
        lines.append("")
    lines += frameworks_markdown(questionnaire)
    if questionnaire.context:
        lines += ["## Context sections", "", "| section | records | fields |", "|---|---|---|"]
        lines += [
            f"| {s.title.en} ({s.title.zh}) | {s.records} | {', '.join(f.id for f in s.fields)} |"
            for s in questionnaire.context
        ]
        lines.append("")
    return "\n".join(lines)


KINDS = {
    "normative": "normative · 规范性对应",
    "indicative": "indicative, not an official equivalence · 参考性对应，非官方等同",
}


def frameworks_markdown(questionnaire: Questionnaire) -> list[str]:
    """The levels mapped to other frameworks (one table per language) and each cited clause's maximum level."""
    frameworks = [f for f in questionnaire.frameworks if f.levels]
    if not frameworks:
        return []
    lines = ["## Maturity levels and other frameworks · 成熟度级别与其他框架的对应", ""]
    for framework in frameworks:
        lines.append(f"- **{framework.name.en}** ({framework.name.zh}): {KINDS[framework.correspondence]}.")
        if framework.note:
            lines += [f"  {framework.note.en}", f"  {framework.note.zh}"]
    for lang, heading in (("en", "level"), ("zh", "级别")):
        lines += ["", f"| {heading} | " + " | ".join(f.name.get(lang) for f in frameworks) + " |"]
        lines.append("|---|" + "---|" * len(frameworks))
        for level in LEVELS:
            cells = [f.levels[level].get(lang) if level in f.levels else "" for f in frameworks]
            lines.append(f"| {level} | " + " | ".join(cells) + " |")
    for framework in questionnaire.frameworks:
        if framework.clauses:
            lines += _clause_table(questionnaire, framework)
    lines.append("")
    return lines


def _clause_table(questionnaire: Questionnaire, framework) -> list[str]:
    cited: dict[str, list[int]] = {}
    for _, item in questionnaire.all_items():
        for reference in item.references:
            if item.level and (clause := framework.clause_of(reference)) is not None:
                cited.setdefault(clause.clause, []).append(item.level)
    lines = [
        "",
        f"### {framework.name.en}: the highest level of each clause · 各条款对应的最高级别",
        "",
        "An item citing a clause must not sit above the clause's maximum level (`python -m assessment validate` "
        "checks it). 引用某条款的题目不得高于该条款对应的最高级别。",
        "",
        "| clause | title | max level | items citing it | their highest level | why |",
        "|---|---|---|---|---|---|",
    ]
    for clause in framework.clauses:
        levels = cited.get(clause.clause, [])
        why = f"{clause.why.en} {clause.why.zh}" if clause.why else ""
        lines.append(
            f"| {clause.clause} | {clause.title.en} · {clause.title.zh} | {clause.max_level} | {len(levels)} | "
            f"{max(levels) if levels else '-'} | {why} |"
        )
    return lines
