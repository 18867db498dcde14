"""The two CSV readers of a responses file agree: whatever pyarrow reads, it reads cell for cell as pandas does.

A responses CSV is read by pyarrow (fast, on every core) and, when pyarrow cannot read it as pandas would, by
pandas, which names the problem. These tests hold pyarrow's reading to pandas' on tricky bytes.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.inputs import responses
from assessment.inputs.responses import _arrow_cells, _delimiter, _header_width, _pandas_cells, read_csv_table
from assessment.problems import ResponsesError

# pieces that matter to a CSV reader: delimiters, quotes, line ends, spaces, a BOM, multi-byte and bad UTF-8
PIECES = [b"a", b"b1", "答".encode(), b",", b";", b"\t", b'"', b'""', b"\n", b"\r", b"\r\n", b" ", b"\xef\xbb\xbf"]
PIECES.append(b"\xff")


def both(data: bytes) -> tuple[tuple[list[str], list[list[str]]] | None, tuple[list[str], list[list[str]]] | str]:
    """What pyarrow reads (None: it leaves the file to pandas) and what pandas reads (or the problem's code)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_bytes(data)
        delimiter = _delimiter(path)
        arrow = _arrow_cells(path, delimiter, _header_width(path, delimiter))
        try:
            header, columns = _pandas_cells(path, "r.csv", delimiter)
        except ResponsesError as error:
            return _plain(arrow), error.problems[0].code
        return _plain(arrow), _plain((header, columns))


def _plain(cells):
    return None if cells is None else (cells[0], [column.tolist() for column in cells[1]])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_pyarrow_reads_what_pandas_reads(pieces):
    data = b"".join(pieces)
    arrow, pandas = both(data)
    if arrow is not None:
        assert arrow == pandas, data


# rows of a long file, cells made of these pieces (csv.writer quotes them as needed)
CELL_PIECES = ["a", "答", ",", '"', "\n", "\r\n", "\r", " ", 'x"y']


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.lists(st.lists(st.sampled_from(CELL_PIECES), max_size=5).map("".join), min_size=3, max_size=3)),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from([16, 33, 64, 1000]),
    st.integers(min_value=0, max_value=2000),
)
def test_pyarrow_reads_across_its_blocks_what_pandas_reads(rows, line_end, block, cut):
    """Files many blocks long (pyarrow parses a block at a time), cut anywhere."""
    stream = io.StringIO()
    csv.writer(stream, lineterminator=line_end).writerows([["respondent", "item", "comment"], *rows])
    data = stream.getvalue().encode()[: cut or None]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(responses, "_ARROW_BLOCK", block)
        arrow, pandas = both(data)
    if arrow is not None:
        assert arrow == pandas, data


@pytest.mark.parametrize(
    "data",
    [
        b"respondent,item,answer\r\nR1,A-1,2\r\n",
        b"\xef\xbb\xbfrespondent;item;answer\nR1;A-1;2\n",  # BOM, semicolons
        b'respondent,item,answer,comment\nR1,A-1,2,"two\nlines, and ""quotes"""\n',
        b"respondent,item,answer\n\nR1,A-1,2\n\n",  # blank lines are rows (their numbers are spreadsheet rows)
        b'respondent,item,answer\nR1,"A-1"x,2\r',  # text after a closing quote; an old Mac line end
        "respondent,item,answer\n张三, A-1 ,不知道\n".encode(),
    ],
)
def test_pyarrow_reads_ordinary_files(data):
    arrow, pandas = both(data)
    assert arrow is not None
    assert arrow == pandas


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"respondent,item,answer\nR1,A-1,2,3\n", "csv_row_too_long"),
        (b'respondent,item,answer\nR1,"A-1,2\n', "csv_unclosed_quote"),
        (b"respondent,item,answer\nR1,A-1,\xff\n", "not_utf8"),
        (b"respondent,item,answer\nR1,A-1,\xed\xa0\x80\n", "not_utf8"),  # a surrogate, as CESU-8 writes it
        (b"respondent,item,answer\nR1,A-1,\xc0\x80\n", "not_utf8"),  # an overlong NUL
        (b"\n", "responses_empty"),
    ],
)
def test_what_pyarrow_cannot_read_pandas_names(data, code):
    arrow, pandas = both(data)
    assert arrow is None
    assert pandas == code


def test_short_rows_are_read_by_pandas(tmp_path):
    """A row with fewer cells than the header: pyarrow refuses it, pandas fills the missing cells."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"respondent,item,answer\nR1,A-1\n")
    table = read_csv_table(path, "r.csv")
    assert table.header == ["respondent", "item", "answer"]
    assert [column.tolist() for column in table.columns][:2] == [["R1"], ["A-1"]]
    assert table.rows.tolist() == [2]
