"""Modules: objectives, lessons with key takeaways and diagrams, and links to banks and cases."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from .common import Id, Model, Reference
from .mermaid import MermaidError, mermaid_to_dot, name_graph
from .text import LText

_DIAGRAM_START = {
    "graphviz": re.compile(r"^\s*(strict\s+)?(di)?graph\b", re.I),
    "mermaid": re.compile(r"^\s*(flowchart|graph)\b"),
}


class Objective(Model):
    id: Id
    text: LText


class Diagram(Model):
    kind: Literal["graphviz", "mermaid"]
    source: LText = Field(description="the diagram's text; per language when its labels are translated")
    caption: LText | None = None

    @model_validator(mode="after")
    def _looks_right(self) -> "Diagram":
        variants = [self.source.root] if isinstance(self.source.root, str) else list(self.source.root.values())
        for source in variants:
            if not _DIAGRAM_START[self.kind].match(source):
                first = source.strip().splitlines()[0][:40]
                raise ValueError(f"a {self.kind} diagram cannot start with {first!r}")
            if self.kind == "mermaid":
                try:
                    mermaid_to_dot(source)
                except MermaidError as exc:
                    raise ValueError(f"mermaid diagram: {exc}") from None
        return self

    def dot(self, locale: str = "en") -> str:
        """The diagram as Graphviz DOT, ready for st.graphviz_chart (rendered in the browser, offline), named by
        its caption in `locale`, which the SVG's title (its accessible name) then carries."""
        source = self.source.get(locale)
        dot = source if self.kind == "graphviz" else mermaid_to_dot(source)
        return dot if self.caption is None else name_graph(dot, self.caption.get(locale))


class Lesson(Model):
    id: Id
    title: LText
    body: LText = Field(description="Markdown")
    takeaways: tuple[LText, ...] = Field(min_length=1, max_length=6)
    diagram: Diagram | None = None
    discussion: tuple[LText, ...] = Field(default=(), description="questions for group discussion")
    references: tuple[Reference, ...] = ()


class Mastery(Model):
    """The module is mastered when the learner's best score on `bank` reaches `threshold`."""

    bank: Id | None = Field(default=None, description="defaults to the module's check bank")
    threshold: float = Field(default=0.8, gt=0, le=1)


class Module(Model):
    id: Id
    adapts: Id | None = Field(default=None, description="the id of the shipped item this one adapts (set by Adapt)")
    number: int = Field(ge=1, le=99)
    title: LText
    summary: LText
    estimated_minutes: int = Field(ge=5, le=1000)
    objectives: tuple[Objective, ...] = Field(min_length=1, max_length=12)
    lessons: tuple[Lesson, ...] = Field(min_length=1, max_length=20)
    facilitator_notes: LText | None = None
    banks: tuple[Id, ...] = ()
    cases: tuple[Id, ...] = ()
    mastery: Mastery = Mastery()

    @model_validator(mode="after")
    def _ids(self) -> "Module":
        for what, items in (("objective", self.objectives), ("lesson", self.lessons)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"{what} id '{item.id}' is used twice")
                seen.add(item.id)
        if self.mastery.bank is not None and self.mastery.bank not in self.banks:
            raise ValueError(f"mastery bank '{self.mastery.bank}' is not listed in this module's banks")
        return self
