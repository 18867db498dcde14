"""Files the app offers for download, as bytes: the roadmap exports, the bundle; and safe file names for them."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd

from assessment.exports.roadmap_export import roadmap_markdown, roadmap_tracker_csv, write_roadmap_xlsx
from assessment.questionnaire.model import Questionnaire
from assessment.workspace.bundles import export_bundle
from assessment.workspace.core import Workspace

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# kind -> (file name prefix, suffix, MIME type)
ROADMAP_FILES: dict[str, tuple[str, str, str]] = {
    "xlsx": ("roadmap", "xlsx", XLSX),
    "csv": ("roadmap-tracker", "csv", "text/csv"),
    "md": ("roadmap", "md", "text/markdown"),
}
BUNDLE_MIME = "application/zip"
UNSAFE = re.compile(r"[^\w.-]+")  # \w keeps Chinese letters: a client's name stays readable in the file name


def file_stem(*parts: str) -> str:
    """A file name part from texts (client, assessment name): letters, digits, '.', '_' and '-' only."""
    joined = "-".join(UNSAFE.sub("-", part).strip("-.") for part in parts if part and part.strip())
    return re.sub(r"-{2,}", "-", joined)[:80].strip("-.") or "assessment"


def file_name(prefix: str, stem: str, suffix: str) -> str:
    """`prefix-stem.suffix`, e.g. roadmap-acme-2026.xlsx."""
    return f"{prefix}-{stem}.{suffix}"


def roadmap_file(kind: str, roadmap: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> bytes:
    """The roadmap as an XLSX workbook, a tracker CSV (with a BOM, for Excel) or Markdown, in `lang`."""
    if kind == "csv":
        return roadmap_tracker_csv(roadmap, questionnaire, lang).encode("utf-8-sig")
    if kind == "md":
        return (roadmap_markdown(roadmap, questionnaire, lang) + "\n").encode("utf-8")
    if kind != "xlsx":
        raise ValueError(f"unknown roadmap file kind {kind!r}; choose one of {', '.join(ROADMAP_FILES)}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roadmap.xlsx"
        write_roadmap_xlsx(roadmap, questionnaire, path, lang)
        return path.read_bytes()


def raw_file(workspace: Workspace, assessment_id: int, lang: str) -> bytes:
    """The consultant's working file: every answer and context record, as an Excel workbook in `lang`."""
    from assessment.exports.raw_export import raw_workbook
    from assessment.workspace.queries import questionnaire_in_scope
    from assessment.workspace.raw_data import raw_data

    anonymous = ("Anonymous {}", "匿名答卷人 {}")[lang == "zh"]
    found = raw_data(workspace, assessment_id, anonymous.format)
    return raw_workbook(found, questionnaire_in_scope(workspace, assessment_id), lang)


def bundle_file(workspace: Workspace, assessment_id: int) -> bytes:
    """The whole assessment as a .mmbundle file's bytes (see assessment/workspace/bundles.py)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "assessment.mmbundle"
        export_bundle(workspace, assessment_id, path)
        return path.read_bytes()
