"""Files that leave the tool (other than the report): the survey template, the roadmap (XLSX, CSV, Markdown),
the results workbook, the comparison files, and the bytes the app offers for download.

Every text from data is written as text: never a formula, a link or markup (`markdown_text`).
May import: `analysis`, `workspace`, `inputs`, `questionnaire`, the foundation, `scoring`.
Never imports: `storage`, `report`, `cli`.
"""
