"""The security audit's reproductions, made again on demand: tiny files that once cost gigabytes or minutes.

Each maker writes one file to the given path and returns it; test_audit_reproductions.py reads them in a
memory-limited child process, on the command line and in the app.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

from assessment.workspace.bundle_format import CONTENT, MANIFEST

WIDE_HEADER = ["respondent", "role", "unit", "method"] + [f"Q{number:03d}" for number in range(216)]  # 220 columns


def _bundle(path: Path, content: bytes) -> Path:
    counts = dict.fromkeys(
        ("units", "respondents", "answers", "walkthrough_results", "context_entries", "targets", "decisions"), 0
    )
    manifest = {
        "format": "maturitymap-bundle",
        "format_version": 1,
        "exported_at": "2026-11-30T08:00:00+00:00",
        "client": "审计",
        "assessment": "复现",
        "counts": counts | {"roadmap_edits": 0, "audit_log": 0},
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest))
        archive.writestr(CONTENT, content)
    return path


def bundle_of_empty_lists(path: Path) -> Path:
    """18 KB: 18 MB of empty lists where the answers belong (took read_bundle to 7.5 GB and 44 s)."""
    return _bundle(path, b'{"answers": [' + b"[]," * 6_000_000 + b"[]]}")


def bundle_of_empty_answers(path: Path) -> Path:
    """4 KB: 1.3 million empty answers, each missing every field (an error apiece before the fix)."""
    return _bundle(path, b'{"answers": [' + b"{}," * 1_300_000 + b"{}]}")


def bundle_with_a_swollen_snapshot(path: Path) -> Path:
    """6 KB: 1.9 million empty lists inside the questionnaire snapshot, which takes any JSON (24 s and 4 GB)."""
    return _bundle(path, b'{"assessment": {"questionnaire_snapshot": {"x": [' + b"[]," * 1_900_000 + b"[]]}}}")


def bundle_nested_deep(path: Path) -> Path:
    """1 KB: lists nested 100,000 deep (an uncaught RecursionError, with a traceback on the page)."""
    return _bundle(path, b"[" * 100_000 + b"]" * 100_000)


def wide_csv(path: Path) -> Path:
    """41.6 MB: 90,000 respondents of a 220-column wide survey, 19.8 million cells (3.5 GB, 22 s)."""
    row = ",".join(["r", "process_owner", "A", "survey"] + ["2"] * 216) + "\n"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(WIDE_HEADER) + "\n")
        for _ in range(90_000 // 1_000):
            stream.write(row * 1_000)
    return path


def repetitive_xlsx(path: Path) -> Path:
    """~170 KB: a workbook whose one sheet is 50 MB of identical rows of XML (33 s in openpyxl)."""
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in WIDE_HEADER)
    row = "<row>" + "<c><v>2</v></c>" * len(WIDE_HEADER) + "</row>"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"<row>{cells}</row>" + row * 14_000 + "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def png_bomb(path: Path, side: int = 13_000) -> Path:
    """~660 KB: a grey PNG of 13,000 x 13,000 pixels, 169 MB once decoded (1.4 GB on every render)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\0" + b"\x80" * side  # filter byte, then the pixels
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path
