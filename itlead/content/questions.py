"""Question models: eight types, told apart by their `type` field."""
from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import Field, PositiveFloat, field_validator, model_validator

from ..i18n import N_
from .common import Difficulty, Id, Model, Reference, Tag
from .text import LText

WEIGHT_SUM_TOLERANCE = 1e-6


class _Question(Model):
    id: Id
    stem: LText
    hints: tuple[LText, ...] = ()
    references: tuple[Reference, ...] = ()
    objective: Id | None = None
    difficulty: Difficulty = "application"
    tags: tuple[Tag, ...] = ()
    marks: PositiveFloat = 1.0

    scored: ClassVar[bool] = True

    # Per-type behaviour: each type says once what its parts are, when an answer is complete and how an answer
    # is stored (JSON) and handed back to a widget.
    def parts(self) -> dict[str, list[str]]:
        """The ids of each part that is shown in a shuffled order (options, items, left and right sides)."""
        return {}

    def incomplete(self, response: Any) -> str | None:
        """Why `response` is not a finished answer yet (an English message id for `_()`), or None."""
        return N_("Please give an answer first.") if response is None else None

    def to_stored(self, response: Any) -> Any:
        """The response as JSON for the store."""
        return response

    def from_stored(self, stored: Any) -> Any:
        """A stored response as the widget holds it."""
        return stored


class _ScoredQuestion(_Question):
    explanation: LText
    objective: Id

    @model_validator(mode="after")
    def _needs_reference(self) -> "_ScoredQuestion":
        if not self.references:
            raise ValueError("a scored question needs at least one reference, e.g. 'TFA 7.4'")
        return self


def _unique_ids(items: tuple, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{what} id '{item.id}' is used twice")
        seen.add(item.id)


class ChoiceOption(Model):
    id: Id
    text: LText
    correct: bool = False
    feedback: LText
    weight: float | None = Field(
        default=None,
        ge=-1,
        le=1,
        description="multiple_response only: signed fraction of the marks (positives add up to 1)",
    )


class SingleChoice(_ScoredQuestion):
    type: Literal["single_choice"]
    options: tuple[ChoiceOption, ...] = Field(min_length=2, max_length=8)

    def parts(self) -> dict[str, list[str]]:
        return {"options": [o.id for o in self.options]}

    @model_validator(mode="after")
    def _one_correct(self) -> "SingleChoice":
        _unique_ids(self.options, "option")
        found = sum(o.correct for o in self.options)
        if found != 1:
            raise ValueError(f"single_choice needs exactly one correct option; found {found}")
        if any(o.weight is not None for o in self.options):
            raise ValueError("option weights belong to multiple_response; single_choice uses 'correct'")
        return self


class MultipleResponse(_ScoredQuestion):
    type: Literal["multiple_response"]
    options: tuple[ChoiceOption, ...] = Field(min_length=3, max_length=10)

    def parts(self) -> dict[str, list[str]]:
        return {"options": [o.id for o in self.options]}

    def incomplete(self, response: Any) -> str | None:
        return N_("Select at least one option.") if not response else None

    def to_stored(self, response: Any) -> Any:
        return sorted(response)

    def from_stored(self, stored: Any) -> Any:
        return set(stored or ())

    @model_validator(mode="after")
    def _weights(self) -> "MultipleResponse":
        _unique_ids(self.options, "option")
        n_correct = sum(o.correct for o in self.options)
        if n_correct == 0:
            raise ValueError("multiple_response needs at least one correct option; found 0")
        if n_correct == len(self.options):
            raise ValueError("multiple_response needs at least one incorrect option; every option is correct")
        given = [o.weight is not None for o in self.options]
        if any(given) and not all(given):
            raise ValueError("give a weight for every option or for none")
        if all(given):
            for o in self.options:
                if (o.weight > 0) != o.correct:  # type: ignore[operator]
                    raise ValueError(
                        f"option '{o.id}': a correct option needs a positive weight and an incorrect one "
                        f"a zero or negative weight; found weight {o.weight} with correct={o.correct}"
                    )
            total = sum(o.weight for o in self.options if o.weight > 0)  # type: ignore[misc, operator]
            if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
                raise ValueError(f"the positive weights must add up to 1; they add up to {total:g}")
        return self

    def weights(self) -> dict[str, float]:
        """Signed fraction per option; by default +1/k for each of k correct options, -1/k for each wrong one."""
        if self.options[0].weight is not None:
            return {o.id: float(o.weight) for o in self.options}  # type: ignore[arg-type]
        k = sum(o.correct for o in self.options)
        return {o.id: (1 / k if o.correct else -1 / k) for o in self.options}


class TrueFalse(_ScoredQuestion):
    type: Literal["true_false"]
    answer: bool
    if_true: LText = Field(description="feedback for a learner who answers 'true'")
    if_false: LText = Field(description="feedback for a learner who answers 'false'")


class OrderItem(Model):
    id: Id
    text: LText
    feedback: LText | None = Field(default=None, description="shown when this item is out of place")


class Ordering(_ScoredQuestion):
    type: Literal["ordering"]
    items: tuple[OrderItem, ...] = Field(min_length=3, max_length=10, description="in the correct order")

    def parts(self) -> dict[str, list[str]]:
        return {"items": [i.id for i in self.items]}

    def incomplete(self, response: Any) -> str | None:
        if response is None or sorted(response) != sorted(i.id for i in self.items):
            return N_("Place every item in order.")
        return None

    def to_stored(self, response: Any) -> Any:
        return list(response)

    @model_validator(mode="after")
    def _ids(self) -> "Ordering":
        _unique_ids(self.items, "item")
        return self


class MatchPair(Model):
    id: Id
    left: LText
    right: LText
    feedback: LText = Field(description="why this left item goes with this right item")


class Distractor(Model):
    id: Id
    text: LText


class Matching(_ScoredQuestion):
    type: Literal["matching"]
    pairs: tuple[MatchPair, ...] = Field(min_length=3, max_length=10)
    distractors: tuple[Distractor, ...] = Field(default=(), max_length=5, description="extra right-hand choices")

    def parts(self) -> dict[str, list[str]]:
        return {"left": [p.id for p in self.pairs], "right": [p.id for p in self.pairs] + [d.id for d in self.distractors]}

    def incomplete(self, response: Any) -> str | None:
        if not response or len(response) != len(self.pairs):
            return N_("Choose a match for every item.")
        return None

    def to_stored(self, response: Any) -> Any:
        return dict(response)

    @model_validator(mode="after")
    def _ids(self) -> "Matching":
        _unique_ids(self.pairs + self.distractors, "pair or distractor")  # type: ignore[operator]
        return self


class NumericMistake(Model):
    """A likely wrong answer with its own feedback, and optionally partial credit."""

    value: float
    tolerance: float = Field(default=0, ge=0)
    credit: float = Field(default=0, ge=0, lt=1)
    feedback: LText


class Numeric(_ScoredQuestion):
    type: Literal["numeric"]
    answer: float
    tolerance: float | None = Field(default=None, ge=0, description="absolute: accepted within ± this")
    relative_tolerance: float | None = Field(
        default=None, ge=0, lt=1, description="relative: 0.05 accepts within ± 5% of the answer"
    )
    unit: LText | None = None
    feedback_correct: LText
    feedback_incorrect: LText
    mistakes: tuple[NumericMistake, ...] = Field(default=(), max_length=8)

    @field_validator("answer")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("the answer must be a finite number")
        return v

    @model_validator(mode="after")
    def _one_tolerance(self) -> "Numeric":
        if self.tolerance is not None and self.relative_tolerance is not None:
            raise ValueError("give either 'tolerance' (absolute) or 'relative_tolerance', not both")
        for m in self.mistakes:
            if abs(m.value - self.answer) <= self.allowed_error():
                raise ValueError(f"mistake value {m.value:g} falls inside the tolerance of the right answer")
        return self

    def allowed_error(self) -> float:
        if self.relative_tolerance is not None:
            return abs(self.answer) * self.relative_tolerance
        return self.tolerance or 0.0


class Likert(_Question):
    """A self-rating on a 1..scale scale; not scored."""

    type: Literal["likert"]
    scale: int = Field(default=5, ge=3, le=7)
    anchors: dict[int, LText] = Field(description="descriptors for some levels, e.g. 1, 3 and 5")
    dimension: Id | None = Field(default=None, description="self-assessment dimension this statement rates")
    scored: ClassVar[bool] = False

    @model_validator(mode="after")
    def _anchors(self) -> "Likert":
        bad = sorted(k for k in self.anchors if not 1 <= k <= self.scale)
        if bad:
            raise ValueError(f"anchor level {bad[0]} is outside the scale 1..{self.scale}")
        if 1 not in self.anchors or self.scale not in self.anchors:
            raise ValueError(f"describe at least the two ends of the scale: levels 1 and {self.scale}")
        return self


class Reflection(_Question):
    """A free-text prompt; not scored. With `action_plan`, the answer feeds the learner's action plan."""

    type: Literal["reflection"]
    placeholder: LText | None = None
    max_chars: int = Field(default=2000, ge=50, le=10_000)
    action_plan: bool = True
    scored: ClassVar[bool] = False

    def incomplete(self, response: Any) -> str | None:
        if response is None or not str(response).strip():
            return N_("Please give an answer first.")
        if len(str(response)) > self.max_chars:
            return N_("This answer is too long.")
        return None

    def to_stored(self, response: Any) -> Any:
        return str(response).strip()


Question = Annotated[
    Union[SingleChoice, MultipleResponse, TrueFalse, Ordering, Matching, Numeric, Likert, Reflection],
    Field(discriminator="type"),
]
QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_response",
    "true_false",
    "ordering",
    "matching",
    "numeric",
    "likert",
    "reflection",
)
