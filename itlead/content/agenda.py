"""Workshop agendas: days of timed items that point at modules, lessons, banks and cases."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .common import Id, Model
from .text import LText

ItemKind = Literal["plenary", "lesson", "exercise", "case", "self_assessment", "pretest", "posttest",
                   "evaluation", "break"]
MAX_DAY_MINUTES = 10 * 60


class AgendaItem(Model):
    kind: ItemKind
    minutes: int = Field(ge=5, le=240)
    title: LText | None = Field(default=None, description="defaults to the title of what the item points at")
    module: Id | None = None
    lesson: Id | None = None
    bank: Id | None = None
    case: Id | None = None
    notes: LText | None = Field(default=None, description="for the facilitator: how to run this item")

    @model_validator(mode="after")
    def _refs(self) -> "AgendaItem":
        needs = {"lesson": ("module", "lesson"), "exercise": ("bank",), "case": ("case",)}
        for field in needs.get(self.kind, ()):
            if getattr(self, field) is None:
                raise ValueError(f"a {self.kind} item needs '{field}'")
        if self.kind in ("plenary", "break", "evaluation") and self.title is None:
            raise ValueError(f"a {self.kind} item needs a 'title'")
        return self


class AgendaDay(Model):
    title: LText
    start: str = Field(description="HH:MM, 24-hour clock")
    items: tuple[AgendaItem, ...] = Field(min_length=1, max_length=40)

    @field_validator("start")
    @classmethod
    def _clock(cls, value: str) -> str:
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
        if not match:
            raise ValueError(f"start must be a time like 09:00; found {value!r}")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    @model_validator(mode="after")
    def _length(self) -> "AgendaDay":
        total = sum(i.minutes for i in self.items)
        if total > MAX_DAY_MINUTES:
            raise ValueError(f"the day lasts {total} minutes; a workshop day holds at most {MAX_DAY_MINUTES}")
        return self

    def start_minutes(self) -> int:
        hours, minutes = self.start.split(":")
        return int(hours) * 60 + int(minutes)


class Agenda(Model):
    id: Id
    title: LText
    summary: LText
    facilitator_notes: LText | None = None
    days: tuple[AgendaDay, ...] = Field(min_length=1, max_length=5)
