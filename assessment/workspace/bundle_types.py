"""The building blocks of the bundle's models: strict frozen models, bounded texts as the columns hold them, times."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")


class Model(BaseModel):
    """A bundle's entry: strict, nothing unknown, never changed once read."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# A list of entries stops at its first bad entry: a million broken entries give one problem, not a million
Entries = Annotated[list[T], Field(fail_fast=True)]


def _text_only(kind: str) -> BeforeValidator:
    """Refuse a value that is not text with the error `kind`, as JSON's strict mode would."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise PydanticCustomError(kind, "Input should be text")
        return value

    return BeforeValidator(check)


# JSON has no dates: they are ISO texts, read as pydantic reads them from JSON (the JSON is parsed before it is
# validated, so that an error refers to the parsed value instead of copying it)
Time = Annotated[AwareDatetime, Field(strict=False), _text_only("datetime_type")]
Day = Annotated[dt.date, Field(strict=False), _text_only("date_type")]


# the lengths of the columns: PostgreSQL enforces them and SQLite does not, so a bundle is checked against them
Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=200)]
Ref = Annotated[str, Field(min_length=1, max_length=100)]
Word = Annotated[str, Field(min_length=1, max_length=50)]


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes, which the workspace writes in UTC; PostgreSQL gives aware ones."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
