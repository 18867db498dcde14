"""The working-day calendar of the roadmap: Chinese public holidays and adjusted working weekends (调休).

A year `chinese_calendar` knows (2004 to the last year the State Council has published, 2026 in 1.11.0) is
taken from it: its holidays are off, its adjusted working weekend days are worked. A later year (the package
raises NotImplementedError for it) is *estimated*: weekdays less the statutory holidays of `holidays.China`
(computed by rule; the make-up working days are only known once published, so none are worked). Pure: no I/O
beyond the two packages' own tables. See docs/analysis.md, "Roadmap".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import chinese_calendar
import holidays
import numpy as np
from chinese_calendar import constants as _cc

FIRST_KNOWN_YEAR = min(_cc.holidays).year
LAST_KNOWN_YEAR = max(max(_cc.holidays), max(_cc.workdays)).year  # the last year with published holidays


def is_estimated(year: int) -> bool:
    """True when the year's working days are estimated: statutory holidays by rule, no make-up working days."""
    return not FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR


@functools.lru_cache(maxsize=256)
def _year(year: int) -> np.ndarray:
    """The working days of a year, sorted (datetime64[D])."""
    days = np.arange(np.datetime64(f"{year:04d}-01-01"), np.datetime64(f"{year + 1:04d}-01-01"), dtype="datetime64[D]")
    weekday = np.is_busday(days)  # Monday to Friday
    if is_estimated(year):
        off = np.array(sorted(holidays.China(years=year)), dtype="datetime64[D]")
        working = weekday & ~np.isin(days, off)
    else:
        dates = days.astype(object)
        working = np.array([chinese_calendar.is_workday(day) for day in dates], dtype=bool)
    result = days[working]
    result.flags.writeable = False
    return result


def working_days(first: dt.date, last: dt.date) -> np.ndarray:
    """The working days from `first` to `last`, both included (datetime64[D], sorted)."""
    if last < first:
        return np.array([], dtype="datetime64[D]")
    years = np.concatenate([_year(year) for year in range(first.year, last.year + 1)])
    low, high = np.datetime64(first, "D"), np.datetime64(last, "D")
    return years[(years >= low) & (years <= high)]


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day of the calendar."""
    return bool(np.isin(np.datetime64(day, "D"), _year(day.year)))


def estimated_years(days: Iterable[dt.date]) -> list[int]:
    """The years of these days whose working days are estimated, in order."""
    return sorted({day.year for day in days if day is not None and is_estimated(day.year)})


class WorkingCalendar:
    """Working days counted from the programme's first working day (day 0, on or after `start`)."""

    def __init__(self, start: dt.date):
        self._from = start.year - 1  # a pinned date may fall before the start
        self._days = np.concatenate([_year(year) for year in range(self._from, start.year + 3)])
        self.origin = int(np.searchsorted(self._days, np.datetime64(start, "D")))

    def _cover(self, year: int) -> None:
        last = self._days[-1].astype(object).year
        if year > last:
            self._days = np.concatenate([self._days, *(_year(y) for y in range(last + 1, year + 1))])
        while year < self._from:
            self._from -= 1
            added = _year(self._from)
            self._days = np.concatenate([added, self._days])
            self.origin += len(added)

    @property
    def first(self) -> dt.date:
        """The programme's first working day."""
        return self.dates([0])[0]

    def index(self, day: dt.date, roll: str = "forward") -> int:
        """The working day `day` is (rolled forward or backward to one) counted from day 0; negative before it."""
        self._cover(day.year + 1)
        self._cover(day.year - 1)
        value = np.datetime64(day, "D")
        position = int(np.searchsorted(self._days, value, side="left"))
        if roll == "backward" and (position == len(self._days) or self._days[position] != value):
            position -= 1
        return position - self.origin

    def dates(self, offsets: Iterable[int]) -> list[dt.date]:
        """The dates of these working days (counted from day 0)."""
        wanted = np.asarray(list(offsets), dtype=int) + self.origin
        if not len(wanted):
            return []
        while wanted.max() >= len(self._days):
            self._cover(self._days[-1].astype(object).year + 1)
        return list(self._days[wanted].astype(object))
