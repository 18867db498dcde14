"""Tools for checking big tables without a Python loop over rows.

A column is held as integer codes into its distinct values, so text work (strip, lower, isin,
length) runs once per distinct value; problems are gathered as arrays of rows and only those
shown are ever built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.problems import Problem

MAX_PROBLEMS = 200

# (code, params, column name) of one problem, built only when it is shown
Finding = tuple[str, dict, str | None]


@dataclass(frozen=True)
class CodedColumn:
    """A column of text as codes into its distinct values, stripped of surrounding whitespace."""

    codes: np.ndarray
    values: pd.Series
    cells: pd.Series | None = None  # the cells themselves, when they are known to be the values as coded

    @classmethod
    def of(cls, cells: pd.Series) -> CodedColumn:
        """Code a column of cells; values are stripped, so ' a' and 'a' share a code."""
        raw_codes, raw_values = pd.factorize(cells)
        raw = cls(raw_codes, pd.Series(raw_values, dtype="str"), cells)
        return raw.mapped(lambda values: values.str.strip())

    @classmethod
    def blank(cls, length: int) -> CodedColumn:
        """A column of empty cells."""
        return cls(np.zeros(length, dtype=np.intp), pd.Series([""], dtype="str"))

    @classmethod
    def stacked(cls, columns: list[CodedColumn]) -> CodedColumn:
        """The columns one after the other, as one column."""
        if not columns:
            return cls.blank(0)
        offsets = np.cumsum([0] + [len(column.values) for column in columns[:-1]])
        codes = np.concatenate([column.codes + offset for column, offset in zip(columns, offsets, strict=True)])
        # the same value may stand in several columns: number it once
        value_codes, values = pd.factorize(pd.concat([column.values for column in columns], ignore_index=True))
        return cls(value_codes[codes], pd.Series(values, dtype="str"))

    def mapped(self, change: Callable[[pd.Series], pd.Series]) -> CodedColumn:
        """The column with `change` applied to every value (values that become equal share a code)."""
        changed = change(self.values)
        if changed.equals(self.values):
            return self
        codes, values = pd.factorize(changed)
        return CodedColumn(codes[self.codes], pd.Series(values, dtype="str"))

    def per_row(self, per_value: pd.Series | np.ndarray) -> np.ndarray:
        """Spread a result computed once per distinct value over the rows."""
        return np.asarray(per_value)[self.codes]

    def filled(self) -> np.ndarray:
        """Whether each row's cell holds something."""
        empty = np.flatnonzero((self.values == "").to_numpy(dtype=bool))
        if len(empty) == 0:
            return np.ones(len(self.codes), dtype=bool)
        if len(empty) == 1:  # values are distinct once coded: one code at most stands for an empty cell
            return self.codes != empty[0]
        return self.per_row((self.values != "").to_numpy(dtype=bool))

    def isin(self, allowed: list[str] | tuple[str, ...]) -> np.ndarray:
        return self.per_row(self.values.isin(allowed).to_numpy(dtype=bool))

    def take(self, positions: np.ndarray) -> CodedColumn:
        return CodedColumn(self.codes[positions], self.values)

    def series(self) -> pd.Series:
        """The cells as a Series of text."""
        if self.cells is not None:
            return self.cells.reset_index(drop=True)
        return pd.Series(self.values.array.take(self.codes))

    def series_at(self, positions: np.ndarray) -> pd.Series:
        """The cells at `positions` as a Series of text (from the distinct values: the cells are these when kept)."""
        return pd.Series(self.values.array.take(self.codes[positions]))

    def __getitem__(self, position: int) -> str:
        return self.values.iat[self.codes[position]]

    def __len__(self) -> int:
        return len(self.codes)


class ProblemCollector:
    """Problems found in bulk: kept as arrays of rows; only the first MAX_PROBLEMS (by row, column) are built."""

    def __init__(self, file: str, sheet: str | None):
        self.file = file
        self.sheet = sheet
        self.batches: list[tuple[np.ndarray, np.ndarray, Callable[[int], Finding]]] = []

    def add(self, rows: np.ndarray, order: np.ndarray | int, finding: Callable[[int], Finding]) -> None:
        """Record len(rows) problems, sorted by row then `order`; `finding(i)` describes the i-th."""
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size:
            self.batches.append((rows, np.broadcast_to(np.asarray(order, dtype=np.int64), rows.shape), finding))

    def add_one(self, row: int, order: int, finding: Finding) -> None:
        self.add(np.array([row]), order, lambda _: finding)

    def __bool__(self) -> bool:
        return bool(self.batches)

    def problems(self) -> list[Problem]:
        """The problems in row and column order, capped, with a last one counting those left out."""
        if not self.batches:
            return []
        rows = np.concatenate([batch[0] for batch in self.batches])
        orders = np.concatenate([batch[1] for batch in self.batches])
        batch_of = np.concatenate([np.full(len(batch[0]), k) for k, batch in enumerate(self.batches)])
        index = np.concatenate([np.arange(len(batch[0])) for batch in self.batches])
        problems = []
        for position in np.lexsort((index, batch_of, orders, rows))[:MAX_PROBLEMS]:
            code, params, column = self.batches[batch_of[position]][2](int(index[position]))
            place = {"file": self.file, "line": int(rows[position]), "sheet": self.sheet, "column": column}
            problems.append(Problem(code, params, **place))
        if len(rows) > MAX_PROBLEMS:
            left_out = {"count": len(rows) - MAX_PROBLEMS}
            problems.append(Problem("too_many_problems", left_out, file=self.file, sheet=self.sheet))
        return problems


NO_ROW = np.iinfo(np.intp).max


def first_by_key(positions: np.ndarray, keys: np.ndarray, span: int) -> np.ndarray:
    """For each key in range(span), the smallest of `positions` with that key (NO_ROW when none)."""
    first = np.full(span, NO_ROW, dtype=np.intp)
    np.minimum.at(first, keys, positions)
    return first


def first_in_group(positions: np.ndarray, key: np.ndarray) -> np.ndarray:
    """For each of `positions`, the first of `positions` whose row has the same key (integers >= 0)."""
    keys = key[positions]
    if not len(keys):
        return positions
    span = int(keys.max()) + 1
    if span > 4 * len(keys) + 65_536:
        # sparse keys would need a needlessly large table: number them densely first
        keys = pd.factorize(keys)[0]
        span = int(keys.max()) + 1
    return first_by_key(positions, keys, span)[keys]


def first_of_each(positions: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Those of `positions` whose row is the first with its key."""
    return positions[first_in_group(positions, key) == positions]


def pair_key(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One integer per pair of non-negative codes."""
    span = int(second.max()) + 1 if len(second) else 1
    return first.astype(np.int64, copy=False) * span + second


def _dense_span(keys: np.ndarray) -> int | None:
    """The size of a table indexed by `keys` (integers >= 0), or None when it would be needlessly large."""
    span = int(keys.max()) + 1
    return span if span <= 4 * len(keys) + 65_536 else None


def all_distinct(keys: np.ndarray) -> bool:
    """Whether no key repeats (integers >= 0); False also when they are too sparse to count (then look closer)."""
    if not len(keys):
        return True
    span = _dense_span(keys)
    return span is not None and int(np.bincount(keys, minlength=span).max()) <= 1


def one_value_each(keys: np.ndarray, values: np.ndarray) -> bool:
    """Whether each key goes with one value only (integers >= 0); False also when they are too sparse to count."""
    if not len(keys):
        return True
    key_span, value_span = _dense_span(keys), int(values.max()) + 1
    if key_span is None or key_span * value_span > 4 * len(keys) + 65_536:
        return False
    pairs = np.bincount(keys.astype(np.int64, copy=False) * value_span + values, minlength=key_span * value_span)
    return np.count_nonzero(pairs) == np.count_nonzero(np.bincount(keys, minlength=key_span))


def first_stated(column: CodedColumn, group: CodedColumn, first_rows: np.ndarray) -> pd.Series:
    """For each group (given by its first row), the first non-empty value of `column` on its rows ("" when none)."""
    stated = np.flatnonzero(column.filled())
    chosen = first_by_key(stated, group.codes[stated], len(group.values))[group.codes[first_rows]]
    values = np.full(len(first_rows), "", dtype=object)
    has_value = chosen != NO_ROW
    values[has_value] = column.values.to_numpy(dtype=object)[column.codes[chosen[has_value]]]
    return pd.Series(values, dtype="str")
