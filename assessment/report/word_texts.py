"""The Word report's own texts (the rest, and every term they share, are the PDF's: assessment.report.texts): key ->
(en, zh)."""

from __future__ import annotations

from typing import Any

WORD_TEXTS: dict[str, tuple[str, str]] = {
    "toc_note": (
        "Word fills in the page numbers when it updates the contents (it offers to on opening; else right-click "
        "the contents and choose Update Field).",
        "Word 更新目录时填入页码（打开文档时会询问是否更新；也可右键单击目录并选择“更新域”）。",
    ),
    "priority_rank": ("Priority: rank {rank} of {of}. {reason}", "优先级：第 {rank} 位（共 {of} 个流程）。{reason}"),
    "priority_line": ("{rank}. {process}: {reason}", "{rank}. {process}：{reason}"),
    "workstreams": ("Workstreams", "工作流"),
    "capacity": ("Capacity (person-days a month)", "产能（每月人天）"),
    "milestones": ("Milestones", "里程碑"),
    "date": ("Date", "日期"),
    "legend": ("Ratings:", "评定："),
    "maps_elsewhere": (
        "The directly-follows map of each unit is in the PDF report and on the app's Evidence page.",
        "各单位的直接跟随图见 PDF 报告及应用的“数据佐证”页。",
    ),
}


def word_text(key: str, lang: str, **params: Any) -> str:
    """A text of the Word report in `lang`, its {placeholders} filled."""
    english, chinese = WORD_TEXTS[key]
    chosen = chinese if lang == "zh" else english
    return chosen.format(**params) if params else chosen
