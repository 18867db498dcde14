"""MaturityMap's domain: from questionnaires and answers to scores, findings, a roadmap and the files that leave.

Subpackages, from the bottom up (each one's `__init__` is its charter; `.importlinter` holds the rules):
questionnaire → inputs | storage → workspace → analysis → exports | report → cli. Foundation modules at this
top: `messages` (every user-facing text in two languages), `problems` (what is wrong, where), `files` (outputs
written whole or not at all). Nothing here imports Streamlit or `app_pages`; `scoring` is below all of it.
"""
