"""Question banks: a titled list of questions with a purpose and a default behaviour."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Id, Model
from .questions import Question
from .text import LText

Purpose = Literal["check", "practice", "pretest", "posttest", "self_assessment", "survey"]
Behaviour = Literal["immediate", "interactive", "deferred", "cbm"]


class Dimension(Model):
    """A self-assessment dimension, and the modules that help most when it rates low."""

    id: Id
    title: LText
    description: LText | None = None
    modules: tuple[Id, ...] = ()


class Bank(Model):
    id: Id
    adapts: Id | None = Field(default=None, description="the id of the shipped item this one adapts (set by Adapt)")
    title: LText
    description: LText | None = None
    module: Id | None = Field(default=None, description="the module this bank belongs to, if any")
    purpose: Purpose = "practice"
    behaviour: Behaviour = "interactive"
    dimensions: tuple[Dimension, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> "Bank":
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question id '{q.id}' is used twice in this bank")
            seen.add(q.id)
        if self.purpose == "self_assessment":
            if not self.dimensions:
                raise ValueError("a self_assessment bank needs 'dimensions'")
            dims = {d.id for d in self.dimensions}
            for q in self.questions:
                if q.type != "likert":
                    raise ValueError(f"question '{q.id}': a self_assessment bank holds likert statements only")
                if q.dimension not in dims:
                    raise ValueError(
                        f"question '{q.id}': dimension {q.dimension!r} is not one of this bank's dimensions "
                        f"({', '.join(sorted(dims))})"
                    )
        elif self.dimensions:
            raise ValueError("'dimensions' belong to a self_assessment bank")
        return self
