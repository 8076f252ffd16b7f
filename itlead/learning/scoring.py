"""Scoring: pure functions that turn a response into an outcome. Rules, per question type:

- single_choice, true_false: 1 for the correct answer, else 0.
- multiple_response: the sum of the signed weights of the selected options, floored at 0 and capped
  at 1. By default each of k correct options is worth +1/k and each wrong one -1/k, so ticking
  everything never pays.
- ordering: the share of item pairs placed in the right relative order (Kendall's concordance), so one
  slip between neighbours costs little and a reversed list scores 0.
- matching: the share of left-hand items matched to the right partner.
- numeric: 1 within the tolerance (absolute, or relative to the answer); a listed common mistake may
  carry partial credit and always carries its own feedback.
- likert, reflection: not scored; the outcome records that the question was answered.

Behaviours decide how tries and certainty turn that fraction into a mark:

- immediate: one try; the mark is the fraction.
- deferred: one response per question, marked only when the whole attempt is submitted.
- interactive: up to len(hints) + 1 tries, a hint after each wrong try; each wrong try before the
  last costs 1 / max_tries, so with two hints the marks for a right answer are 1, 2/3 and 1/3.
- cbm (certainty-based marking): the learner also states certainty C1..C3. Right answers earn
  1, 2 or 3; wrong ones 0, -2 or -6. A partly right answer earns f*right + (1-f)*wrong. Accuracy
  (the plain fraction) is always reported apart from the CBM mark.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Iterable, Literal, Mapping, Sequence

from ..content.questions import (
    Likert,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Reflection,
    SingleChoice,
    TrueFalse,
)
from ..content.text import LText

Behaviour = Literal["immediate", "interactive", "deferred", "cbm"]
State = Literal["correct", "partial", "incorrect", "unanswered", "answered"]
CBM_RIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
CBM_WRONG = {1: 0.0, 2: -2.0, 3: -6.0}
CBM_BANDS = {1: (0.0, 0.67), 2: (0.67, 0.80), 3: (0.80, 1.0)}
"""The probability of being right for which each certainty level is the best bet."""
_FLOAT_SLACK = 1e-9


class ResponseError(ValueError):
    """A response that does not fit the question (an unknown option id, a wrong shape...)."""


@dataclass(frozen=True)
class Feedback:
    target: str | None
    text: LText
    correct: bool | None = None
    selected: bool = True


@dataclass(frozen=True)
class Evaluation:
    fraction: float | None
    state: State
    feedback: tuple[Feedback, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """The result of one question under one behaviour."""

    question_id: str
    fraction: float | None
    """Accuracy of the last response, 0..1; None for unscored questions."""
    mark: float | None
    """After try penalties, 0..1; None for unscored questions."""
    state: State
    feedback: tuple[Feedback, ...]
    explanation: LText | None
    tries: int
    max_tries: int
    finished: bool
    next_hint: LText | None = None
    certainty: int | None = None
    cbm_mark: float | None = None
    marks: float = 1.0

    @property
    def awarded(self) -> float:
        return (self.mark or 0.0) * self.marks


def evaluate(question: Any, response: Any) -> Evaluation:
    """Score one response to one question, with the feedback that goes with it."""
    if response is None:
        return Evaluation(0.0 if question.scored else None, "unanswered")
    handler = _HANDLERS.get(type(question))
    if handler is None:
        raise ResponseError(f"no scoring rule for {type(question).__name__}")
    return handler(question, response)


def _state(fraction: float) -> State:
    if fraction >= 1 - _FLOAT_SLACK:
        return "correct"
    return "partial" if fraction > _FLOAT_SLACK else "incorrect"


def _single(q: SingleChoice, response: Any) -> Evaluation:
    if not isinstance(response, str):
        raise ResponseError("single_choice takes one option id")
    ids = {o.id for o in q.options}
    if response not in ids:
        raise ResponseError(f"'{response}' is not an option of question '{q.id}'")
    chosen = next(o for o in q.options if o.id == response)
    fraction = 1.0 if chosen.correct else 0.0
    feedback = tuple(Feedback(o.id, o.feedback, o.correct, o.id == response) for o in q.options)
    return Evaluation(fraction, _state(fraction), feedback)


def _multiple(q: MultipleResponse, response: Any) -> Evaluation:
    if isinstance(response, str) or not isinstance(response, Iterable):
        raise ResponseError("multiple_response takes a collection of option ids")
    selected = set(response)
    weights = q.weights()
    unknown = selected - set(weights)
    if unknown:
        raise ResponseError(f"{sorted(unknown)} are not options of question '{q.id}'")
    raw = sum(weights[o] for o in selected)
    fraction = min(1.0, max(0.0, raw))
    if fraction > 1 - 1e-9:
        fraction = 1.0
    feedback = tuple(Feedback(o.id, o.feedback, o.correct, o.id in selected) for o in q.options)
    return Evaluation(fraction, _state(fraction), feedback)


def _true_false(q: TrueFalse, response: Any) -> Evaluation:
    if not isinstance(response, bool):
        raise ResponseError("true_false takes true or false")
    fraction = 1.0 if response == q.answer else 0.0
    text = q.if_true if response else q.if_false
    return Evaluation(fraction, _state(fraction), (Feedback(str(response).lower(), text, fraction == 1.0),))


def _ordering(q: Ordering, response: Any) -> Evaluation:
    order = list(response) if isinstance(response, Sequence) and not isinstance(response, str) else None
    ids = [item.id for item in q.items]
    if order is None or sorted(order) != sorted(ids):
        raise ResponseError(f"ordering takes every item id of question '{q.id}' exactly once")
    rank = {item_id: i for i, item_id in enumerate(order)}
    pairs = list(combinations(ids, 2))  # in the correct order
    concordant = sum(rank[a] < rank[b] for a, b in pairs)
    fraction = concordant / len(pairs)
    misplaced = {order[i] for i, item in enumerate(q.items) if order[i] != item.id}
    feedback = tuple(
        Feedback(item.id, item.feedback, False) for item in q.items if item.id in misplaced and item.feedback
    )
    return Evaluation(fraction, _state(fraction), feedback)


def _matching(q: Matching, response: Any) -> Evaluation:
    if not isinstance(response, Mapping):
        raise ResponseError("matching takes a mapping of left item id to right item id")
    rights = {p.id for p in q.pairs} | {d.id for d in q.distractors}
    lefts = {p.id for p in q.pairs}
    bad = set(response) - lefts
    if bad:
        raise ResponseError(f"{sorted(bad)} are not left-hand items of question '{q.id}'")
    bad = {v for v in response.values() if v is not None and v not in rights}
    if bad:
        raise ResponseError(f"{sorted(bad)} are not right-hand choices of question '{q.id}'")
    right_pairs = [p for p in q.pairs if response.get(p.id) == p.id]
    fraction = len(right_pairs) / len(q.pairs)
    feedback = tuple(Feedback(p.id, p.feedback, response.get(p.id) == p.id, p.id in response) for p in q.pairs)
    return Evaluation(fraction, _state(fraction), feedback)


def _numeric(q: Numeric, response: Any) -> Evaluation:
    if isinstance(response, bool) or not isinstance(response, (int, float)):
        raise ResponseError("numeric takes a number")
    value = float(response)
    if not math.isfinite(value):
        raise ResponseError("numeric takes a finite number")
    if _within(value, q.answer, q.allowed_error()):
        return Evaluation(1.0, "correct", (Feedback(None, q.feedback_correct, True),))
    for mistake in q.mistakes:
        if _within(value, mistake.value, mistake.tolerance):
            return Evaluation(mistake.credit, _state(mistake.credit), (Feedback(None, mistake.feedback, False),))
    return Evaluation(0.0, "incorrect", (Feedback(None, q.feedback_incorrect, False),))


def _within(value: float, target: float, allowed: float) -> bool:
    return abs(value - target) <= allowed + _FLOAT_SLACK * max(1.0, abs(target))


def _likert(q: Likert, response: Any) -> Evaluation:
    if isinstance(response, bool) or not isinstance(response, int) or not 1 <= response <= q.scale:
        raise ResponseError(f"likert takes a whole number from 1 to {q.scale}")
    return Evaluation(None, "answered")


def _reflection(q: Reflection, response: Any) -> Evaluation:
    if not isinstance(response, str):
        raise ResponseError("reflection takes text")
    if len(response) > q.max_chars:
        raise ResponseError(f"the answer has {len(response)} characters; the limit is {q.max_chars}")
    return Evaluation(None, "answered" if response.strip() else "unanswered")


_HANDLERS = {
    SingleChoice: _single,
    MultipleResponse: _multiple,
    TrueFalse: _true_false,
    Ordering: _ordering,
    Matching: _matching,
    Numeric: _numeric,
    Likert: _likert,
    Reflection: _reflection,
}


def max_tries(question: Any, behaviour: Behaviour) -> int:
    return len(question.hints) + 1 if behaviour == "interactive" and question.scored else 1


def score(
    question: Any,
    response: Any,
    behaviour: Behaviour = "immediate",
    certainty: int | None = None,
    previous: Sequence[Any] = (),
) -> Outcome:
    """Mark `response` to a question under a behaviour; `previous` holds the earlier wrong tries
    (interactive behaviour only)."""
    tries = [*previous, response]
    limit = max_tries(question, behaviour)
    if len(tries) > limit:
        raise ResponseError(f"{len(tries)} tries given; '{behaviour}' allows {limit} for question '{question.id}'")
    if behaviour == "cbm" and question.scored and certainty not in CBM_RIGHT:
        raise ResponseError("certainty-based marking needs a certainty of 1, 2 or 3")
    evaluation = evaluate(question, tries[-1])
    for earlier in tries[:-1]:
        if evaluate(question, earlier).state == "correct":
            raise ResponseError("a try was given after a correct answer")
    fraction = evaluation.fraction
    finished = evaluation.state in ("correct", "answered") or len(tries) >= limit
    mark = cbm_mark = None
    if fraction is not None:
        penalty = (len(tries) - 1) / limit if behaviour == "interactive" else 0.0
        mark = max(0.0, fraction - penalty)
        if behaviour == "cbm":
            assert certainty is not None
            cbm_mark = fraction * CBM_RIGHT[certainty] + (1 - fraction) * CBM_WRONG[certainty]
    hint = None
    if not finished and behaviour == "interactive":
        hint = question.hints[len(tries) - 1]
    return Outcome(
        question_id=question.id,
        fraction=fraction,
        mark=mark,
        state=evaluation.state,
        feedback=evaluation.feedback,
        explanation=getattr(question, "explanation", None),
        tries=len(tries),
        max_tries=limit,
        finished=finished,
        next_hint=hint,
        certainty=certainty if behaviour == "cbm" else None,
        cbm_mark=cbm_mark,
        marks=question.marks,
    )


MIN_CALIBRATION_ANSWERS = 5
"""Calibration at a certainty level is judged only from this many answers at that level."""


@dataclass(frozen=True)
class CertaintyBand:
    certainty: int
    answers: int
    accuracy: float | None
    target: tuple[float, float]

    @property
    def verdict(self) -> Literal["well calibrated", "over-confident", "under-confident", "no answers",
                                 "too few answers"]:
        if self.accuracy is None:
            return "no answers"
        if self.answers < MIN_CALIBRATION_ANSWERS:
            return "too few answers"
        low, high = self.target
        if self.accuracy < low:
            return "over-confident"
        if self.accuracy > high and self.certainty < 3:
            return "under-confident"
        return "well calibrated"


@dataclass(frozen=True)
class Summary:
    """Totals over an attempt's scored outcomes."""

    answered: int
    marks: float
    max_marks: float
    accuracy: float | None
    cbm_average: float | None
    calibration: tuple[CertaintyBand, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.marks / self.max_marks if self.max_marks else 0.0

    @property
    def cbm_bonus(self) -> float | None:
        """How much certainty added beyond plain accuracy, on the same per-question scale as C1."""
        if self.cbm_average is None or self.accuracy is None:
            return None
        return self.cbm_average - self.accuracy


def summarise(outcomes: Iterable[Outcome]) -> Summary:
    scored = [o for o in outcomes if o.fraction is not None]
    marks = sum(o.awarded for o in scored)
    max_marks = sum(o.marks for o in scored)
    accuracy = sum(o.fraction for o in scored) / len(scored) if scored else None  # type: ignore[misc]
    rated = [o for o in scored if o.cbm_mark is not None]
    cbm_average = sum(o.cbm_mark for o in rated) / len(rated) if rated else None  # type: ignore[misc]
    bands = []
    for level, target in CBM_BANDS.items():
        at = [o for o in rated if o.certainty == level]
        acc = sum(o.fraction for o in at) / len(at) if at else None  # type: ignore[misc]
        bands.append(CertaintyBand(level, len(at), acc, target))
    return Summary(len(scored), marks, max_marks, accuracy, cbm_average, tuple(bands) if rated else ())
