"""Building blocks shared by every content model."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$"),
]
"""Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit; at most 64."""

Reference = Annotated[str, StringConstraints(min_length=2, max_length=120, strip_whitespace=True)]
"""A citation such as 'TFA 7.4' or 'RKC GA Ch.7'."""

Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]

Difficulty = Literal["recall", "application", "judgement"]
"""Cognitive level: remember a fact, apply it to a situation, or weigh a management judgement."""

LOCALE_CODES = ("en", "fr", "es")


class Model(BaseModel):
    """Frozen, strict-keyed base: unknown fields are errors, so typos never pass silently."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)
