"""The assessment report: PDF (WeasyPrint), HTML, Excel and Word (python-docx, `word.write_word`) from one Analysis,
in Chinese or English.

May import: `analysis`, `exports`, `workspace` (branding), `inputs`, `questionnaire`, the foundation, `scoring`.
Never imports: `storage`, `cli`.
"""

from assessment.report.render import ReportMeta, render_html, write_report

__all__ = ["ReportMeta", "render_html", "write_report"]
