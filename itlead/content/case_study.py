"""Branching case studies: a graph of narrative, decision and ending nodes."""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Union

from pydantic import Field

from .common import Id, Model, Reference
from .text import LText


class Choice(Model):
    id: Id
    text: LText
    score: int = Field(ge=-10, le=10)
    consequence: LText
    next: Id


class Narrative(Model):
    kind: Literal["narrative"]
    id: Id
    title: LText | None = None
    text: LText
    next: Id


class Decision(Model):
    kind: Literal["decision"]
    id: Id
    title: LText | None = None
    text: LText
    choices: tuple[Choice, ...] = Field(min_length=2, max_length=5)


class Ending(Model):
    kind: Literal["ending"]
    id: Id
    title: LText
    rating: Literal["good", "mixed", "poor"]
    text: LText | None = None
    debrief: LText


Node = Annotated[Union[Narrative, Decision, Ending], Field(discriminator="kind")]


class CaseStudy(Model):
    id: Id
    adapts: Id | None = Field(default=None, description="the id of the shipped item this one adapts (set by Adapt)")
    title: LText
    summary: LText
    module: Id | None = None
    objectives: tuple[Id, ...] = ()
    references: tuple[Reference, ...] = ()
    timing_minutes: int = Field(default=30, ge=5, le=480)
    facilitator_notes: LText | None = None
    discussion: tuple[LText, ...] = ()
    start: Id
    nodes: tuple[Node, ...] = Field(min_length=2, max_length=200)

    def node(self, node_id: str) -> Narrative | Decision | Ending:
        return self.node_index[node_id]

    @cached_property
    def node_index(self) -> dict[str, Narrative | Decision | Ending]:
        return {n.id: n for n in self.nodes}
