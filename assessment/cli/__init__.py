"""The command line, `python -m assessment`: `main` (the parser in two languages and the dispatch), one module per
group of commands (`files`, `store`, `plan`, `report`) and what they share (`common`).

No command module imports another (an import-linter contract): each imports `common`, and `main` imports them all.
May import anything of `assessment`. Never imported by it.
"""
