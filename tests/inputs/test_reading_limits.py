"""The shape of a JSON text measured on its bytes, the process's reading budget, and the byte-bounded cache."""

from __future__ import annotations

import json
import threading
import zipfile

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app_pages.sized_cache import SizedCache, size_of
from assessment.inputs.json_limits import json_shape
from assessment.inputs.reading_budget import ReadingBudget
from assessment.inputs.xlsx_io import count_cells
from assessment.problems import InputError

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


def _values(value) -> int:
    if isinstance(value, list):
        return 1 + sum(_values(part) for part in value)
    if isinstance(value, dict):
        return 1 + sum(_values(part) for part in value.values())
    return 1


def _depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(part) for part in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(part) for part in value.values()), default=0)
    return 0


@given(JSON, st.booleans())
def test_the_shape_is_exact_for_any_json_text(value, indent):
    text = json.dumps(value, indent=2 if indent else None, ensure_ascii=False).encode()
    shape = json_shape(text, max_values=10**6)
    assert (shape.values, shape.depth) == (_values(value), _depth(value))


def test_brackets_quotes_and_backslashes_inside_strings_do_not_count():
    text = json.dumps({"a": ['[[[{"', "\\", '\\"]]', ",,,"]}).encode()
    shape = json_shape(text, max_values=100)
    assert (shape.values, shape.depth) == (6, 2)


def test_the_depth_is_not_measured_past_the_limit_of_values():
    shape = json_shape(b"[" + b"[[[]]]," * 1000 + b"[]]", max_values=500)
    assert shape.values > 500


def test_a_reader_that_finds_no_room_waits_then_is_refused_naming_its_file():
    budget = ReadingBudget(total=100, wait_seconds=0.2)
    with budget.reserve(80, "first.csv"):
        with pytest.raises(InputError) as raised, budget.reserve(30, "second.csv"):
            pass
        assert raised.value.problems[0].render() == (
            "second.csv: the server is reading other large files and had no room for this one within 0 s: "
            "try again shortly"
        )
        with budget.reserve(20, "small.csv"):  # what fits goes ahead
            assert budget.used == 100
    assert budget.used == 0


def test_a_reader_waiting_for_room_goes_ahead_when_another_finishes():
    budget = ReadingBudget(total=100, wait_seconds=30)
    first = budget.reserve(100, "first.csv")
    first.__enter__()
    started, done = threading.Event(), threading.Event()

    def second() -> None:
        started.set()
        with budget.reserve(60, "second.csv"):
            done.set()

    thread = threading.Thread(target=second)
    thread.start()
    started.wait(5)
    assert not done.is_set()
    first.__exit__(None, None, None)
    thread.join(30)
    assert done.is_set()
    assert budget.used == 0


def test_a_file_bigger_than_the_whole_budget_is_read_alone():
    budget = ReadingBudget(total=100, wait_seconds=0.1)
    with budget.reserve(10**9, "huge.csv"):
        assert budget.used == 100


def test_the_cache_drops_the_least_recently_used_entries_past_its_bytes():
    frame = pd.DataFrame({"answer": ["2"] * 1000})
    cache = SizedCache(max_bytes=int(size_of(frame) * 2.5), ttl=3600)
    made = []

    def make(key):
        made.append(key)
        return frame.copy()

    for key in ("a", "b", "a", "c"):
        cache.get(key, lambda key=key: make(key))
    assert made == ["a", "b", "c"]  # "a" came from the cache the second time
    assert len(cache) == 2
    assert cache.bytes <= cache.max_bytes
    cache.get("b", lambda: make("b"))  # "b" was the least recently used: dropped for "c"
    assert made == ["a", "b", "c", "b"]


def test_a_value_bigger_than_the_cache_is_returned_but_not_kept():
    cache = SizedCache(max_bytes=100, ttl=3600)
    assert len(cache.get("big", lambda: "x" * 1000)) == 1000
    assert len(cache) == 0


def test_cells_and_rows_are_counted_on_the_xml_across_reads_and_with_prefixes(tmp_path):
    row = '<x:row r="{n}">' + '<x:c r="A{n}"><x:v>1</x:v></x:c><c/><c t="s"><v>0</v></c>' + "</x:row>"
    cols = '<cols><col min="1" max="3"/></cols>'
    xml = f"<worksheet>{cols}<sheetData>" + "".join(row.format(n=n) for n in range(1, 200_001)) + "</sheetData>"
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sheet.xml", xml)
    with zipfile.ZipFile(path) as archive:
        assert count_cells(archive, "sheet.xml") == (600_000, 200_000)
