"""Write the known-bad files of tests/fixtures/bad/.

The files are checked in; this script says how each was made, and makes them again the same way:
`.venv/bin/python -m tests.robustness.make_bad_corpus`.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"

QUESTIONNAIRE = """\
id: bad-fixture
version: "1.0"
title: {zh: 坏文件样例, en: Bad file sample}
dimensions:
  - {id: process, label: {zh: 流程, en: Process}}
processes:
  - id: change
    name: {zh: 变更管理, en: Change management}
    items:
      - id: CHG-1-01
        level: 1
        dimension: process
        text: {zh: 变更在实施前有记录, en: Changes are recorded before they are implemented}
"""
LAUGHS = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))


def _workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _replace_member(data: bytes, name: str, change) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member.filename, change(content) if member.filename == name else content)
    return stream.getvalue()


def _with_doctype(doctype: str, entity: str):
    def change(sheet: bytes) -> bytes:
        start = sheet.find(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
        return sheet[:start] + doctype.encode() + sheet[start:].replace(b"<t>", f"<t>{entity}".encode(), 1)

    return change


def _declared_bomb() -> bytes:
    """A 200-byte zip whose directory claims a 4 GB sheet: the sizes are checked before anything is inflated."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    data = bytearray(stream.getvalue())
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = struct.pack("<I", 0xFFFF_FFF0)  # uncompressed size
    return bytes(data)


def files() -> dict[str, bytes]:
    good = QUESTIONNAIRE
    header = "respondent,item,answer\r\n"
    long_rows = [["respondent", "item", "answer"], ["王伟", "CHG-1-01", "3"]]
    workbook = _workbook(long_rows)
    far = openpyxl.Workbook()
    far.active.title = "Responses"
    far.active.append(long_rows[0])
    far.active["XFD1048576"] = "x"
    far_bytes = io.BytesIO()
    far.save(far_bytes)
    return {
        # questionnaires
        "q-tab-indent.yaml": good.replace("  - id: change\n", "\t- id: change\n").encode(),
        "q-alias-bomb.yaml": (
            'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
            + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
        ).encode(),
        "q-python-tag.yaml": good.replace('version: "1.0"', "version: !!python/object/apply:os.system ['id']").encode(),
        "q-duplicate-key.yaml": good.replace("        level: 1\n", "        level: 1\n        level: 2\n").encode(),
        "q-deep-nesting.yaml": good.replace('version: "1.0"', 'version: "1.0"\nx: ' + "[" * 100 + "]" * 100).encode(),
        "q-two-documents.yaml": (good + "---\n" + good).encode(),
        "q-gbk.yaml": good.encode("gbk"),
        "q-utf16.yaml": good.encode("utf-16"),
        "q-huge-number.yaml": good.replace("        level: 1\n", "        level: " + "9" * 5000 + "\n").encode(),
        "q-key-not-text.yaml": good.replace('version: "1.0"\n', 'version: "1.0"\ntrue: yes\n').encode(),
        "q-truncated.yaml": good[: good.index("Changes are recorded")].encode(),
        "q-top-level-list.yaml": b"- id: bad-fixture\n- version: '1.0'\n",
        "q-only-comments.yaml": b"# nothing but a comment\n",
        "q-level-6.yaml": good.replace("        level: 1\n", "        level: 6\n").encode(),
        "q-nul-character.yaml": good.replace("Change management", "Change\0management").encode(),
        "q-include-outside/questionnaire.yaml": good.replace(
            'version: "1.0"\n', 'version: "1.0"\ninclude: [../../../../../../etc/passwd]\n'
        ).encode(),
        # responses (against tests/fixtures/responses/questionnaire.yaml)
        "r-gbk.csv": (header + "王伟,CHG-1-01,3\r\n").encode("gbk"),
        "r-utf16-excel-unicode-text.csv": (header.replace(",", "\t") + "王伟\tCHG-1-01\t3\r\n").encode("utf-16"),
        "r-utf16-without-bom.csv": (header + "bob,CHG-1-01,3\r\n").encode("utf-16-le"),
        "r-latin1.csv": (header + "René,CHG-1-01,3\r\n").encode("latin-1"),
        "r-nul-byte.csv": (header + "bob,CHG-1-01,3\r\nbob,CHG-2-01,yes\0\r\n").encode(),
        "r-formula-answer.csv": (header + "bob,CHG-1-01,=cmd|' /C calc'!A0\r\n").encode(),
        "r-formula-respondent.csv": (header + '=HYPERLINK("http://x"),CHG-1-01,3\r\n' * 2).encode(),
        "r-unclosed-quote.csv": (header + 'bob,CHG-1-01,"3\r\nbob,CHG-2-01,yes\r\n').encode(),
        "r-row-too-long.csv": (header + "bob,CHG-1-01,3,extra\r\n").encode(),
        "r-huge-cell.csv": ("respondent,item,answer,comment\r\nbob,CHG-1-01,3," + "长" * 10_001 + "\r\n").encode(),
        "r-too-many-columns.csv": (header.rstrip() + "," * 16_382 + "\r\n").encode(),
        "r-empty.csv": b"",
        "r-bom-only.csv": b"\xef\xbb\xbf",
        "r-truncated.xlsx": workbook[: len(workbook) // 2],
        "r-old-xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "r-csv-renamed.xlsx": (header + "bob,CHG-1-01,3\r\n").encode(),
        "r-no-workbook.xlsx": _zip_without(workbook, "xl/workbook.xml"),
        "r-billion-laughs.xlsx": _replace_member(
            workbook,
            "xl/worksheets/sheet1.xml",
            _with_doctype(f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{LAUGHS}]>', "&l9;"),
        ),
        "r-external-entity.xlsx": _replace_member(
            workbook,
            "xl/worksheets/sheet1.xml",
            _with_doctype('<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
        ),
        "r-stray-cell-at-XFD1048576.xlsx": far_bytes.getvalue(),
        "r-declared-bomb.xlsx": _declared_bomb(),
        "r-1001-sheets.xlsx": many_sheets(workbook, 1001),
    }


def many_sheets(data: bytes, count: int) -> bytes:
    """The workbook listing its one sheet `count` times under other names (each a few bytes once zipped)."""

    def change(workbook: bytes) -> bytes:
        text = workbook.decode()
        sheet = re.search(r"<sheet [^>]*/>", text).group(0)
        copies = (
            re.sub(r'name="[^"]*"', f'name="s{i}"', sheet).replace('sheetId="1"', f'sheetId="{i + 1}"')
            for i in range(count)
        )
        return text.replace(sheet, "".join(copies)).encode()

    return _replace_member(data, "xl/workbook.xml", change)


def _zip_without(data: bytes, name: str) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member.filename, source.read(member))
    return stream.getvalue()


def main() -> None:
    for name, data in files().items():
        path = BAD / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):>8}  {name}")


if __name__ == "__main__":
    main()
