"""What the user chooses for the report: its language and sections. The PDF generator takes these options."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.questionnaire.text import Text

# The report's sections, in order (from the cover to the appendix).
SECTIONS: dict[str, Text] = {
    "cover": Text(zh="封面", en="Cover"),
    "summary": Text(zh="执行摘要", en="Executive summary"),
    "method": Text(zh="评估方法", en="Method"),
    "overview": Text(zh="成熟度总览", en="Maturity overview"),
    "processes": Text(zh="各流程详情", en="Per-process sections"),
    "evidence": Text(zh="工单数据佐证", en="Evidence from the ticket system"),  # only when the assessment has some
    "gaps": Text(zh="差距分析与优先级", en="Gap analysis and priorities"),
    "roadmap": Text(zh="标准化路线图", en="Roadmap"),
    "appendix": Text(zh="附录", en="Appendix"),
}
LANGS = ("zh", "en")


@dataclass(frozen=True)
class ReportOptions:
    """The language of the report and the sections it includes, in the order of SECTIONS."""

    lang: str = "zh"
    sections: tuple[str, ...] = field(default_factory=lambda: tuple(SECTIONS))

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"unknown report language {self.lang!r}; choose zh or en")
        unknown = [section for section in self.sections if section not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown report sections: {', '.join(unknown)}")
        object.__setattr__(self, "sections", tuple(s for s in SECTIONS if s in self.sections))
