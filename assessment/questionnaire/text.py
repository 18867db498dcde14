"""A text in both languages of the product."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    """A text in both languages of the product."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    zh: str = Field(min_length=1, description="Simplified Chinese text.")
    en: str = Field(min_length=1, description="English text.")

    def get(self, lang: str) -> str:
        """The text in `lang` ('zh' or 'en')."""
        return self.zh if lang == "zh" else self.en
