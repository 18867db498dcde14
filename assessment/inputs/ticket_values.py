"""A ticket export's cells into typed values, a column at a time: text, dates, booleans, counts, pseudonyms.

Every column arrives dictionary-encoded (the row's code into the column's distinct values): each distinct value is
checked and converted once, and the rows take the result by their code, so a million events with a few thousand
distinct values cost a few thousand conversions. A converter returns the converted distinct values and which of
them are bad; the caller names the rows holding a bad one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

# `?` is what ServiceNow's exports write for an empty field
MISSING_TEXTS = frozenset(("", "?"))
TRUE_TEXTS = frozenset(("true", "1", "yes"))
FALSE_TEXTS = frozenset(("false", "0", "no"))
MAX_COUNT = 1_000_000  # no ticket is reassigned or reopened a million times: a bigger number is a wrong column
PSEUDONYM_HEX = 10

# date formats by the name a mapping file or --date-format gives: (pandas format, pattern used to detect it)
DATE_FORMATS: dict[str, tuple[str, str | None]] = {
    "iso8601": (
        "ISO8601",
        r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    ),
    "dd-mm-yyyy HH:MM:SS": ("%d-%m-%Y %H:%M:%S", r"\d{2}-\d{2}-\d{4} \d{1,2}:\d{2}:\d{2}"),
    "dd-mm-yyyy HH:MM": ("%d-%m-%Y %H:%M", r"\d{2}-\d{2}-\d{4} \d{1,2}:\d{2}"),
    "dd-mm-yyyy": ("%d-%m-%Y", r"\d{2}-\d{2}-\d{4}"),
    "dd/mm/yyyy HH:MM:SS": ("%d/%m/%Y %H:%M:%S", r"\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}:\d{2}"),
    "dd/mm/yyyy HH:MM": ("%d/%m/%Y %H:%M", r"\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}"),
    "dd/mm/yyyy": ("%d/%m/%Y", r"\d{2}/\d{2}/\d{4}"),
    "yyyy/mm/dd HH:MM:SS": ("%Y/%m/%d %H:%M:%S", r"\d{4}/\d{2}/\d{2} \d{1,2}:\d{2}:\d{2}"),
    "yyyy/mm/dd HH:MM": ("%Y/%m/%d %H:%M", r"\d{4}/\d{2}/\d{2} \d{1,2}:\d{2}"),
    "yyyy/mm/dd": ("%Y/%m/%d", r"\d{4}/\d{2}/\d{2}"),
    # Jira's CSV export: 12/Mar/26 3:45 PM
    "dd/Mon/yy h:mm AM": ("%d/%b/%y %I:%M %p", r"\d{1,2}/[A-Za-z]{3}/\d{2} \d{1,2}:\d{2} [AaPp][Mm]"),
    # American month-first dates are never detected (03/04/2026 reads both ways): only named
    "mm/dd/yyyy HH:MM:SS": ("%m/%d/%Y %H:%M:%S", None),
    "mm/dd/yyyy HH:MM": ("%m/%d/%Y %H:%M", None),
    "mm/dd/yyyy": ("%m/%d/%Y", None),
}
DETECTED_FORMATS = [name for name, (_, pattern) in DATE_FORMATS.items() if pattern is not None]
DETECTED_FROM = 20  # the column's first non-missing distinct values that must all fit the format detected
# Jira's remaining time of an SLA ("Time to resolution"): "2h 30m" left, "-1d 4h" when breached
_REMAINING = re.compile(r"-?\s*(?:\d+(?:\.\d+)?\s*[wdhm]\s*)+")


@dataclass(frozen=True)
class Encoded:
    """A column as codes into its distinct values (stripped); `missing` marks the distinct values that are empty."""

    codes: np.ndarray  # int, one per row
    values: pd.Series  # str, the distinct values, stripped
    missing: np.ndarray  # bool, per distinct value

    @classmethod
    def of(cls, codes: np.ndarray, values) -> Encoded:
        """From codes and the distinct values (an Arrow string array, or texts), stripped by Arrow."""
        import pyarrow as pa
        import pyarrow.compute as pc

        array = values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
        stripped = pc.utf8_trim_whitespace(array)
        missing = pc.is_in(stripped, value_set=pa.array(sorted(MISSING_TEXTS))).to_numpy(zero_copy_only=False)
        return cls(codes, pd.Series(pd.arrays.ArrowStringArray(stripped)), missing)

    def first_present(self, limit: int) -> list[str]:
        """The column's first `limit` distinct non-missing values, in the order the rows give them."""
        present = ~self.missing[self.codes]
        order = pd.unique(self.codes[present][: limit * 50])[:limit]
        return [self.values.iat[code] for code in order]


@dataclass(frozen=True)
class Converted:
    """A converted column's distinct values (NA where missing) and which distinct values are bad."""

    values: pd.Series
    bad: np.ndarray  # bool, per distinct value


def as_text(column: Encoded) -> Converted:
    values = column.values.where(~column.missing).astype("string")
    return Converted(values, np.zeros(len(values), bool))


def as_bool(column: Encoded) -> Converted:
    lowered = column.values.str.lower()
    true, false = lowered.isin(TRUE_TEXTS).to_numpy(dtype=bool), lowered.isin(FALSE_TEXTS).to_numpy(dtype=bool)
    values = pd.array(np.where(true, True, False), dtype="boolean")
    values[~(true | false)] = pd.NA
    return Converted(pd.Series(values), ~(true | false | column.missing))


def as_count(column: Encoded) -> Converted:
    digits = column.values.str.fullmatch(r"\d{1,7}").to_numpy(dtype=bool)
    numbers = pd.to_numeric(column.values.where(digits), errors="coerce")
    fits = digits & (numbers.fillna(MAX_COUNT + 1).to_numpy() <= MAX_COUNT)
    values = pd.array(numbers.where(fits), dtype="Int64")
    return Converted(pd.Series(values), ~(fits | column.missing))


def as_remaining_time(column: Encoded) -> Converted:
    """Jira's remaining SLA time read as "met": true unless negative (breached)."""
    fits = column.values.str.fullmatch(_REMAINING.pattern).to_numpy(dtype=bool)
    breached = column.values.str.startswith("-").to_numpy(dtype=bool)
    values = pd.array(~breached, dtype="boolean")
    values[~fits] = pd.NA
    return Converted(pd.Series(values), ~(fits | column.missing))


def as_pseudonym(column: Encoded, key: bytes) -> Converted:
    """People as "P-" and the first hex digits of HMAC-SHA256(key, the name normalized): the same name, the same
    pseudonym, within one key; the name cannot be read back without the key."""
    names = [normalized_name(value) for value in column.values]
    values = pd.Series([pseudonym(name, key) for name in names], dtype="string")
    values[column.missing] = pd.NA
    return Converted(values, np.zeros(len(values), bool))


def normalized_name(name: str) -> str:
    """A name as it is hashed: Unicode NFKC, case-folded, inner spaces made one (so "Zhang  San" = "zhang san")."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def pseudonym(name: str, key: bytes) -> str:
    return "P-" + hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


def date_format_of(name: str) -> tuple[str, str] | None:
    """(the format's name, pandas format) for a name of DATE_FORMATS or a strftime pattern with %, else None."""
    if name in DATE_FORMATS:
        return name, DATE_FORMATS[name][0]
    if "%" in name:
        return name, name
    return None


def detect_date_format(column: Encoded) -> tuple[str, str] | None:
    """The format the column's first non-missing values are written in, or None when not even the first fits one."""
    sample = column.first_present(DETECTED_FROM)
    if not sample:
        return "iso8601", "ISO8601"  # nothing to read: any format reads nothing
    # the format all of them fit, else the first value's (the others are then wrong, row by row)
    for values in (sample, sample[:1]):
        for name, (layout, pattern) in DATE_FORMATS.items():
            if pattern is not None and all(re.fullmatch(pattern, value) for value in values):
                return name, layout
    return None


def as_time(column: Encoded, layout: str) -> Converted:
    """Times in UTC; a time without an offset is taken as UTC. Arrow parses (strict, a million values in half a
    second); pandas only when Arrow cannot (a pattern it does not know, ISO 8601 with and without offsets mixed)."""
    present = column.values.where(~column.missing)
    if layout == "ISO8601":
        # the documented forms only (Arrow and pandas each accept a few more)
        fits = present.str.fullmatch(DATE_FORMATS["iso8601"][1]).fillna(False).to_numpy(bool)
        present = present.where(fits)
    else:
        fits = np.ones(len(present), bool)
    parsed = _arrow_times(present, layout)
    if parsed is None:
        try:
            parsed = pd.to_datetime(present.astype(object), format=layout, utc=True, errors="coerce")
        except (ValueError, TypeError):  # a strftime pattern pandas cannot use
            parsed = pd.Series(pd.NaT, index=present.index, dtype="datetime64[ns, UTC]")
    parsed = pd.Series(parsed, index=present.index).astype("datetime64[ns, UTC]")
    return Converted(parsed, ~(fits & parsed.notna().to_numpy() | column.missing))


def _arrow_times(present: pd.Series, layout: str) -> pd.Series | None:
    """The texts as UTC times by Arrow (None where Arrow cannot read this layout)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pa.array(present, type=pa.string())
    try:
        if layout != "ISO8601":
            # whole seconds: Arrow writes the fractions of a finer unit into %S, and no layout here has fractions
            parsed = pc.strptime(texts, format=layout, unit="s", error_is_null=True)
            # Arrow rolls 31-02 over into March (onto the 1st to 3rd): such a time whose text differs from the time
            # written back (that, or an unpadded day or hour) is left to pandas, which refuses impossible dates
            early = np.flatnonzero(pc.fill_null(pc.less_equal(pc.day(parsed), 3), False).to_numpy(zero_copy_only=False))
            back = pc.strftime(parsed.take(early), format=layout)
            differs = pc.fill_null(pc.not_equal(back, texts.take(early)), False).to_numpy(zero_copy_only=False)
            check = early[differs]
            times = parsed.cast(pa.timestamp("ns")).to_pandas().dt.tz_localize("UTC")
            if len(check):
                again = pd.to_datetime(present.iloc[check].astype(object), format=layout, utc=True, errors="coerce")
                times.iloc[check] = again.to_numpy()
            return times
        try:
            return pc.cast(texts, pa.timestamp("ns", tz="UTC")).to_pandas()
        except pa.ArrowInvalid:  # no offsets: local times, taken as UTC
            return pc.cast(texts, pa.timestamp("ns")).to_pandas().dt.tz_localize("UTC")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, NotImplementedError):
        return None
