"""Localized text: a plain string (English, the source) or a mapping of locale to string."""
from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, RootModel, model_validator

LOCALES: tuple[str, ...] = ("en", "fr", "es")
SOURCE_LOCALE = "en"
MAX_TEXT_CHARS = 20_000


class LText(RootModel[str | dict[str, str]]):
    """A text field in one or more languages; `text("fr")` falls back to English."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _check(cls, value: object) -> str | dict[str, str]:
        if isinstance(value, LText):
            return value.root
        if not isinstance(value, (str, dict)) or (
            isinstance(value, dict) and not all(isinstance(v, str) for v in value.values())
        ):
            raise ValueError(
                "should be text, or a mapping of language (en, fr, es) to text; found "
                + _kind(value)
            )
        if isinstance(value, str):
            _check_one(value, SOURCE_LOCALE)
            return value
        unknown = sorted(set(value) - set(LOCALES))
        if unknown:
            raise ValueError(
                f"unknown language {', '.join(repr(u) for u in unknown)}; use {', '.join(LOCALES)}"
            )
        if SOURCE_LOCALE not in value:
            raise ValueError("the English text ('en') is required; it is the source for translations")
        for locale, text in value.items():
            _check_one(text, locale)
        return value

    def __call__(self, locale: str = SOURCE_LOCALE) -> str:
        return self.get(locale)

    def get(self, locale: str = SOURCE_LOCALE) -> str:
        """The text in `locale`, or the English source when that translation is missing."""
        if isinstance(self.root, str):
            return self.root
        return self.root.get(locale) or self.root[SOURCE_LOCALE]

    def has(self, locale: str) -> bool:
        """True when the text exists in `locale` (a plain string counts as English only)."""
        if isinstance(self.root, str):
            return locale == SOURCE_LOCALE
        return bool(self.root.get(locale, "").strip())

    def locales(self) -> Iterator[str]:
        return (loc for loc in LOCALES if self.has(loc))

    def __str__(self) -> str:
        return self.get()


def _check_one(text: str, locale: str) -> None:
    if not text or text.isspace():
        raise ValueError(f"the {locale} text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"the {locale} text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false (put the text in quotes)"
    if isinstance(value, (int, float)):
        return f"the number {value} (put it in quotes)"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping whose values are not all text"
    return f"a {type(value).__name__}"


def walk_texts(value: Any, path: str = "") -> Iterator[tuple[str, LText]]:
    """Every LText inside a model, with its field path, e.g. ('questions[2].options[0].feedback', text)."""
    if isinstance(value, LText):
        yield path, value
    elif isinstance(value, BaseModel):  # declared fields only, not cached properties kept on the instance
        for name in type(value).model_fields:
            yield from walk_texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from walk_texts(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_texts(item, f"{path}.{key}")
