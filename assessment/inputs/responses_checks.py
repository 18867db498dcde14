"""Check a responses table against the questionnaire, all rows at once.

Every check is vectorized over the rows (see `bulk`): Python loops run only over distinct values
(items, answers, roles) and over the problems actually shown, so that half a million answers are
checked in a fraction of the time pandas needs to read them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.inputs import vocabulary
from assessment.inputs.bulk import (
    NO_ROW,
    CodedColumn,
    Finding,
    ProblemCollector,
    all_distinct,
    first_by_key,
    first_in_group,
    first_of_each,
    first_stated,
    one_value_each,
    pair_key,
)
from assessment.problems import Problem, ResponsesError
from assessment.questionnaire.model import UNSCORED_ANSWERS, Questionnaire

MAX_CELL_CHARS = 10_000
SHOWN_WARNINGS = 20  # warnings of one kind listed for a file
SHOWN_CHARS = 60
PERSON_COLUMNS = ("role", "unit", "method")
WIDE_COLUMNS = ("respondent", *PERSON_COLUMNS)
LONG_COLUMNS = ("respondent", "item", "answer", *PERSON_COLUMNS, "comment", "evidence")
CODING_THREADS = 4
MANY_COLUMNS = 64  # more columns without a header than this are checked for data all at once
NUMBER_PATTERN = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"


@dataclass
class RawTable:
    """A sheet as read: header names (stripped), each column's data cells, each data row's row number."""

    header: list[str]
    columns: list[pd.Series]
    rows: np.ndarray
    file: str
    sheet: str | None = None


@dataclass
class _Layout:
    shape: str
    fixed: dict[str, int]  # fixed column name (lower case) -> header position
    items: list[tuple[int, str]]  # wide shape: (header position, item id)
    used: list[int]  # header positions that are named or hold data


@dataclass
class _Answers:
    respondent: CodedColumn
    item: CodedColumn
    answer: CodedColumn
    rows: np.ndarray
    order: np.ndarray  # header position of each answer's cell, to sort problems
    column: Callable[[int], str]  # name of the column an answer sits in


def check_table(
    table: RawTable, questionnaire: Questionnaire, units: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], str]:
    """Answers, respondents, warnings and shape of a table; raises ResponsesError carrying every problem.

    Roles, methods and answers may be written by id or by name in either language (`vocabulary`); `units`: the
    assessment's units, the only ones a respondent may belong to (None or empty: any). Blank answers are left out.
    """
    return _Checker(table, questionnaire, units).run()


class _Checker:
    """One pass over a table: layout from the header, then respondent checks, then answer checks."""

    def __init__(self, table: RawTable, questionnaire: Questionnaire, units: Sequence[str] | None = None):
        self.units = [unit for unit in units or [] if unit]
        self.table = table
        self.rows = table.rows
        self.questionnaire = questionnaire
        self.found = ProblemCollector(table.file, table.sheet)
        self.warnings: list[Problem] = []
        items = [item for _, item in questionnaire.all_items()]
        self.item_ids = pd.Index([item.id for item in items], dtype="str")
        scales = questionnaire.all_scales()
        self.kinds: list[str] = []  # "text", "number" or "scale:<id>"
        self.allowed: dict[str, list[str]] = {}
        self.words: list[dict[str, str]] = []  # per kind: the words of its answers (vocabulary)
        kind_of_item = []
        for item in items:
            kind = f"scale:{item.scale_id}" if item.is_scored else item.type
            if kind not in self.kinds:
                self.kinds.append(kind)
                if item.is_scored:
                    self.allowed[kind] = [option.key for option in scales[item.scale_id]]
                    self.words.append(vocabulary.answer_words(scales[item.scale_id]))
                else:
                    self.words.append(vocabulary.unscored_words())
            kind_of_item.append(self.kinds.index(kind))
        self.kind_of_item = np.array(kind_of_item, dtype=np.intp)

    def run(self) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], str]:
        self._code_columns()
        layout = self._layout()
        if layout is None:
            self._fail()
        self._drop_empty_rows(layout)
        self._check_cell_sizes(layout)
        self._resolve_person_columns(layout)
        self._check_respondents(layout)
        answers = self._answers(layout)
        answer = self._check_answers(layout, answers)
        if self.found:
            self._fail()
        if layout.shape == "long":
            comment, evidence = self._column(layout, "comment"), self._column(layout, "evidence")
        else:
            comment = evidence = CodedColumn.blank(len(answers.rows))
        # a blank cell is no answer: never counted, never stored, never replacing an earlier one ([clear] does)
        answered = answer.filled()
        self._warn_comments_without_answer(answers, ~answered & (comment.filled() | evidence.filled()))
        kept = np.flatnonzero(answered)
        texts = {"respondent": answers.respondent, "item": answers.item, "answer": answer, "comment": comment}
        frame = pd.DataFrame(
            {name: column.series_at(kept) for name, column in (texts | {"evidence": evidence}).items()}
            | {"row": answers.rows[kept].astype(np.int64)}
        )
        return frame, self._respondents(layout), self.warnings, layout.shape

    def _warn_comments_without_answer(self, answers: _Answers, lost: np.ndarray) -> None:
        """A comment or evidence on a row without an answer (`lost`) is not kept: say so (for the first few rows)."""
        for position in np.flatnonzero(lost)[:SHOWN_WARNINGS]:
            self.warnings.append(
                Problem(
                    "comment_without_answer",
                    {"item": _shown(answers.item[position])},
                    file=self.table.file,
                    line=int(answers.rows[position]),
                    sheet=self.table.sheet,
                    column="comment",
                    severity="warning",
                )
            )

    def _fail(self) -> None:
        raise ResponsesError(self.found.problems() + self.warnings)

    def _column(self, layout: _Layout, name: str) -> CodedColumn:
        """A fixed column, or blanks when the file has no such column."""
        position = layout.fixed.get(name)
        return CodedColumn.blank(len(self.rows)) if position is None else self.coded[position]

    def _report(self, code: str, positions: np.ndarray, column: int, params: Callable[[int], dict]) -> None:
        """One problem per table row in `positions`, in the column at header position `column`.

        `params(i)` gives the message fields of the problem at `positions[i]`.
        """
        name = self.table.header[column] or _column_letter(column)
        self.found.add(self.rows[positions], column, lambda i: (code, params(i), name))

    def _code_columns(self) -> None:
        """Code every column; a column without header and data is blank, found for all such columns at once."""
        columns, header = self.table.columns, self.table.header
        unnamed = [pos for pos, name in enumerate(header) if not name]
        self.blank: set[int] = set()
        if len(unnamed) > MANY_COLUMNS:  # a sheet with stray cells far to the right, or a row of separators
            count = len(self.rows)
            filled = np.zeros(len(unnamed), dtype=bool)
            if count:
                # one array of every cell (pd.concat takes seconds for 16,384 pieces)
                cells = pd.Series(np.concatenate([columns[pos].to_numpy(dtype=object) for pos in unnamed]), dtype="str")
                filled = (cells.str.strip() != "").to_numpy(dtype=bool).reshape(len(unnamed), count).any(axis=1)
            self.blank = {pos for pos, has_data in zip(unnamed, filled, strict=True) if not has_data}
        wanted = [pos for pos in range(len(columns)) if pos not in self.blank]
        # factorizing in pyarrow releases the GIL, so columns are coded side by side: a run of columns per
        # thread, not a task per column (a sheet 16,384 columns wide would spend seconds handing them out)
        size = -(-len(wanted) // CODING_THREADS) or 1
        runs = [[columns[pos] for pos in wanted[start : start + size]] for start in range(0, len(wanted), size)]
        with ThreadPoolExecutor(max_workers=CODING_THREADS) as pool:
            coded = [column for run in pool.map(_coded, runs) for column in run]
        blank = CodedColumn.blank(len(self.rows))
        self.coded = [blank] * len(columns)
        for pos, column in zip(wanted, coded, strict=True):
            self.coded[pos] = column

    def _layout(self) -> _Layout | None:
        """What each column holds, from the header; None when a required column is missing."""
        header = self.table.header
        used = [
            pos for pos, name in enumerate(header) if name or (pos not in self.blank and self.coded[pos].filled().any())
        ]
        if not used:
            raise ResponsesError([Problem("responses_empty", file=self.table.file, sheet=self.table.sheet)])
        shape = "long" if any(header[pos].lower() in ("item", "answer") for pos in used) else "wide"
        known_items = set(self.item_ids)
        fixed: dict[str, int] = {}
        items: list[tuple[int, str]] = []
        seen_items: set[str] = set()
        for pos in used:
            name, key = header[pos], header[pos].lower()
            if len(name) > MAX_CELL_CHARS:
                size = {"size": len(name), "limit": MAX_CELL_CHARS}
                self.found.add_one(1, pos, ("cell_too_long", size, _column_letter(pos)))
            elif not name:
                self.found.add_one(1, pos, ("empty_header", {}, _column_letter(pos)))
            elif key in LONG_COLUMNS and (shape == "long" or key in WIDE_COLUMNS):
                if key in fixed:
                    self.found.add_one(1, pos, ("duplicate_column", {"column": name}, name))
                else:
                    fixed[key] = pos
            elif shape == "wide" and name in known_items:
                if name in seen_items:
                    self.found.add_one(1, pos, ("duplicate_column", {"column": name}, name))
                else:
                    seen_items.add(name)
                    items.append((pos, name))
            else:
                self.found.add_one(1, pos, _header_finding(name, shape))
        required = ("respondent", "item", "answer") if shape == "long" else ("respondent",)
        missing = [name for name in required if name not in fixed]
        for name in missing:
            self.found.add_one(1, -1, ("missing_column", {"column": name}, None))
        return None if missing else _Layout(shape, fixed, items, used)

    def _drop_empty_rows(self, layout: _Layout) -> None:
        """Rows with nothing in them (spreadsheets keep many at the end) are not answers."""
        filled = np.zeros(len(self.rows), dtype=bool)
        for pos in layout.used:
            filled |= self.coded[pos].filled()
        if not filled.all():
            keep = np.flatnonzero(filled)
            self.coded = [column.take(keep) for column in self.coded]
            self.rows = self.rows[keep]

    def _check_cell_sizes(self, layout: _Layout) -> None:
        for pos in layout.used:
            column = self.coded[pos]
            lengths = column.values.str.len().to_numpy(dtype=np.int64)
            if lengths.max(initial=0) > MAX_CELL_CHARS:
                sizes = column.per_row(lengths)
                too_long = np.flatnonzero(sizes > MAX_CELL_CHARS)
                found_sizes = sizes[too_long]
                self._report(
                    "cell_too_long",
                    too_long,
                    pos,
                    lambda i, found_sizes=found_sizes: {"size": int(found_sizes[i]), "limit": MAX_CELL_CHARS},
                )

    def _resolve_person_columns(self, layout: _Layout) -> None:
        """Roles and methods by id or by name in either language, as their ids; every unknown one (and every unit
        outside the assessment's) reported once per respondent and value."""
        respondent = self.coded[layout.fixed["respondent"]]
        declared = [role.id for role in self.questionnaire.roles]
        checks = [
            ("method", vocabulary.method_words(), "bad_method", lambda value: {"value": value}),
            # a questionnaire that names no roles takes any (each weighs 1, with a warning)
            ("role", vocabulary.role_words(self.questionnaire) if declared else None, "unknown_role",
             lambda value: {"role": value, "allowed": list(declared)}),
            ("unit", vocabulary.words((unit, ()) for unit in self.units) if self.units else None, "unknown_unit",
             lambda value: {"unit": value, "allowed": list(self.units)}),
        ]  # fmt: skip
        for name, known, code, params in checks:
            if name not in layout.fixed or known is None:
                continue
            position = layout.fixed[name]
            written = self.coded[position]
            unknown = written.filled() & ~written.per_row(vocabulary.resolves(written.values, known).to_numpy())
            bad = first_of_each(np.flatnonzero(unknown), pair_key(respondent.codes, written.codes))
            self._report(
                code, bad, position, lambda i, bad=bad, written=written, params=params: params(_shown(written[bad[i]]))
            )
            self.coded[position] = written.mapped(lambda values, known=known: vocabulary.resolve(values, known))
        if "role" in layout.fixed and not declared:
            self._warn_undeclared_roles(layout)

    def _check_respondents(self, layout: _Layout) -> None:
        """Empty respondents; one row per respondent (wide) or rows that agree on the respondent (long)."""
        respondent = self.coded[layout.fixed["respondent"]]
        named = respondent.filled()
        self._report("empty_respondent", np.flatnonzero(~named), layout.fixed["respondent"], lambda i: {})
        if layout.shape == "long":
            for name in PERSON_COLUMNS:
                if name in layout.fixed:
                    self._check_agreement(layout, name, respondent, named)
            return
        named_rows = np.flatnonzero(named)
        first = first_in_group(named_rows, respondent.codes)
        again, other = named_rows[first != named_rows], first[first != named_rows]
        self._report(
            "duplicate_respondent_row",
            again,
            layout.fixed["respondent"],
            lambda i: {"respondent": _shown(respondent[again[i]]), "other": int(self.rows[other[i]])},
        )

    def _check_agreement(self, layout: _Layout, name: str, respondent: CodedColumn, named: np.ndarray) -> None:
        """In the long shape a respondent's role, unit and method must be the same on every row that states one."""
        written = self.coded[layout.fixed[name]]
        compared = written.mapped(lambda values: values.str.lower()) if name == "method" else written
        stated = np.flatnonzero(named & written.filled())
        if one_value_each(respondent.codes[stated], compared.codes[stated]):
            return  # the usual case, counted at once
        first = first_in_group(stated, respondent.codes)
        differs = compared.codes[stated] != compared.codes[first]
        differing, first_of_differing = stated[differs], first[differs]
        # once per respondent and differing value, not on each of the respondent's rows
        keep = first_of_each(
            np.arange(len(differing)), pair_key(respondent.codes[differing], compared.codes[differing])
        )
        here, other = differing[keep], first_of_differing[keep]
        self._report(
            "inconsistent_respondent",
            here,
            layout.fixed[name],
            lambda i: {
                "respondent": _shown(respondent[here[i]]),
                "column": self.table.header[layout.fixed[name]],
                "value": _shown(written[here[i]]),
                "other_value": _shown(written[other[i]]),
                "other": int(self.rows[other[i]]),
            },
        )

    def _warn_undeclared_roles(self, layout: _Layout) -> None:
        role = self.coded[layout.fixed["role"]]
        undeclared = np.flatnonzero(role.filled() & ~role.isin(list(self.questionnaire.role_weights())))
        for position in first_of_each(undeclared, role.codes):
            self.warnings.append(
                Problem(
                    "undeclared_role_weight",
                    {"role": _shown(role[position])},
                    file=self.table.file,
                    line=int(self.rows[position]),
                    sheet=self.table.sheet,
                    column=self.table.header[layout.fixed["role"]],
                    severity="warning",
                )
            )

    def _answers(self, layout: _Layout) -> _Answers:
        """The answers, one per row (long) or one per respondent and item column (wide)."""
        respondent = self.coded[layout.fixed["respondent"]]
        if layout.shape == "long":
            answer_column = layout.fixed["answer"]
            name = self.table.header[answer_column]
            order = np.full(len(self.rows), answer_column, dtype=np.int64)
            item, answer = self.coded[layout.fixed["item"]], self.coded[answer_column]
            return _Answers(respondent, item, answer, self.rows, order, lambda _: name)
        count, width = len(self.rows), len(layout.items)
        positions = np.array([pos for pos, _ in layout.items], dtype=np.intp)
        item_ids = pd.Series([item_id for _, item_id in layout.items], dtype="str")
        item_of = np.tile(np.arange(width), count)
        # item columns are stacked one after the other; answers are listed respondent after respondent
        stacked = CodedColumn.stacked([self.coded[pos] for pos in positions])
        by_respondent = (np.arange(count)[:, None] + (np.arange(width) * count)[None, :]).ravel()
        return _Answers(
            respondent.take(np.repeat(np.arange(count), width)),
            CodedColumn(item_of, item_ids),
            stacked.take(by_respondent),
            np.repeat(self.rows, width),
            positions[item_of],
            lambda i: item_ids.iat[item_of[i]],
        )

    def _check_answers(self, layout: _Layout, answers: _Answers) -> CodedColumn:
        """Items known, answers on their scale, no answer twice; returns the answers with na/unknown in lower case."""
        item_position = answers.item.per_row(self.item_ids.get_indexer(answers.item.values))
        known = item_position >= 0
        if layout.shape == "long":
            item_column = layout.fixed["item"]
            blank_item = ~answers.item.filled()
            self._report("empty_item", np.flatnonzero(blank_item), item_column, lambda i: {})
            unknown = np.flatnonzero(~known & ~blank_item)
            self._report("unknown_item", unknown, item_column, lambda i: {"item": _shown(answers.item[unknown[i]])})

        # an unknown item (kind -1) is reported above; the last row of `valid` accepts any answer for it
        kind = np.full(len(item_position), -1, dtype=np.intp)
        kind[known] = self.kind_of_item[item_position[known]]
        written = answers.answer
        answers.answer = self._canonical_answers(written, kind)
        wrong = np.flatnonzero(~self._valid_answers(answers.answer.values)[kind, answers.answer.codes])
        answers_as_written = dataclasses.replace(answers, answer=written)
        self.found.add(
            answers.rows[wrong], answers.order[wrong], lambda i: self._wrong_answer(answers_as_written, wrong[i])
        )

        if layout.shape == "long":
            both = np.flatnonzero(answers.respondent.filled() & answers.item.filled())
            pairs = pair_key(answers.respondent.codes, answers.item.codes)
            both = both[:0] if all_distinct(pairs[both]) else both  # no answer twice, the usual case: counted at once
            first = first_in_group(both, pairs)
            again, other = both[first != both], first[first != both]
            item_header = self.table.header[layout.fixed["item"]]
            self.found.add(
                answers.rows[again],
                layout.fixed["item"],
                lambda i: (
                    "duplicate_answer",
                    {
                        "respondent": _shown(answers.respondent[again[i]]),
                        "item": _shown(answers.item[again[i]]),
                        "other": int(answers.rows[other[i]]),
                    },
                    item_header,
                ),
            )
        # na and unknown are accepted in any case (in free text too, where "NA" means the same) and kept lower case
        return answers.answer.mapped(lambda values: values.where(~_unscored(values), values.str.lower()))

    def _canonical_answers(self, written: CodedColumn, kind: np.ndarray) -> CodedColumn:
        """Each answer as its scale's key (an answer may be written as a key, a label or `key · label`, in either
        language), na, unknown or [clear]; what matches nothing stays as written, to be checked."""
        distinct = written.values
        by_kind = [vocabulary.resolve(distinct, known).to_numpy(dtype=object) for known in self.words]
        table = (
            np.vstack([*by_kind, distinct.to_numpy(dtype=object)])
            if by_kind
            else distinct.to_numpy(dtype=object)[None, :]
        )
        codes, values = pd.factorize(pd.Series(table.reshape(-1), dtype="str"))
        canonical = codes.reshape(table.shape)
        return CodedColumn(canonical[kind, written.codes], pd.Series(values, dtype="str"))

    def _valid_answers(self, distinct: pd.Series) -> np.ndarray:
        """Whether each distinct answer is acceptable for each kind of item (a scale, text, number), and anything."""
        unscored = (_unscored(distinct) | (distinct == "") | (distinct == vocabulary.CLEAR)).to_numpy(dtype=bool)
        valid = np.ones((len(self.kinds) + 1, len(distinct)), dtype=bool)
        for k, kind in enumerate(self.kinds):
            if kind == "number":
                valid[k] = unscored | distinct.str.fullmatch(NUMBER_PATTERN).to_numpy(dtype=bool)
            elif kind != "text":
                valid[k] = unscored | distinct.isin(self.allowed[kind]).to_numpy(dtype=bool)
        return valid

    def _wrong_answer(self, answers: _Answers, position: int) -> Finding:
        item_id = answers.item[position]
        kind = self.kinds[self.kind_of_item[self.item_ids.get_loc(item_id)]]
        answer = _shown(answers.answer[position])
        if kind == "number":
            return "answer_not_number", {"answer": answer, "item": item_id}, answers.column(position)
        allowed = [*self.allowed[kind], *UNSCORED_ANSWERS]
        return "answer_not_on_scale", {"answer": answer, "item": item_id, "allowed": allowed}, answers.column(position)

    def _respondents(self, layout: _Layout) -> pd.DataFrame:
        """One row per respondent in order of first appearance, with the first role, unit and method stated."""
        respondent = self.coded[layout.fixed["respondent"]]
        first = first_by_key(np.arange(len(self.rows)), respondent.codes, len(respondent.values))
        first_rows = np.sort(first[first != NO_ROW])
        frame = pd.DataFrame(
            {"respondent": respondent.values.iloc[respondent.codes[first_rows]].reset_index(drop=True)}
        )
        for name in PERSON_COLUMNS:
            column = self._column(layout, name)
            if name == "method":
                column = column.mapped(lambda values: values.str.lower())
            frame[name] = first_stated(column, respondent, first_rows)
        return frame


def _coded(columns: list[pd.Series]) -> list[CodedColumn]:
    return [CodedColumn.of(column) for column in columns]


def _unscored(values: pd.Series) -> pd.Series:
    return values.str.lower().isin(UNSCORED_ANSWERS)


def _header_finding(name: str, shape: str) -> Finding:
    if shape == "long":
        return "long_unknown_column", {"column": _shown(name), "allowed": list(LONG_COLUMNS)}, _shown(name)
    if name.lower() in LONG_COLUMNS:
        return "long_only_column", {"column": name}, name
    return "unknown_column", {"column": _shown(name)}, _shown(name)


def _shown(text: str) -> str:
    """A cell value short enough for a one-line message."""
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _column_letter(position: int) -> str:
    letters, number = "", position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
