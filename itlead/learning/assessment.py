"""Pure computations for the self-assessment and the pre-test / post-test."""
from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any, Mapping

from ..content.bank import Bank
from ..content.course import Course
from .attempts import QuestionState

HELP_BELOW = 3.5
"""A dimension rated below this (on 1-5) gets module recommendations."""


def dimension_scores(bank: Bank, ratings: Mapping[str, int]) -> dict[str, float]:
    """Mean rating per dimension over the statements answered."""
    out: dict[str, float] = {}
    for dim in bank.dimensions:
        values = [ratings[q.id] for q in bank.questions if getattr(q, "dimension", None) == dim.id and q.id in ratings]
        if values:
            out[dim.id] = mean(values)
    return out


@dataclass(frozen=True)
class Recommendation:
    dimension_id: str
    score: float
    module_ids: tuple[str, ...]


def recommendations(bank: Bank, scores: Mapping[str, float], course: Course) -> list[Recommendation]:
    """Dimensions that would gain most, lowest first, each with the modules that help (existing ones only)."""
    known = {m.id for m in course.modules}
    out = [Recommendation(d.id, scores[d.id], tuple(m for m in d.modules if m in known))
           for d in bank.dimensions if d.id in scores and scores[d.id] < HELP_BELOW]
    return sorted(out, key=lambda r: r.score)


def module_scores(course: Course, questions: Mapping[str, Any], states: Mapping[str, QuestionState]) -> dict[str, float]:
    """Fraction correct per module (through each question's objective) in one test attempt."""
    totals: dict[str, list[float]] = {}
    for qid, state in states.items():
        question = questions[qid]
        if not question.scored or question.objective not in course.objectives:
            continue
        module = course.objectives[question.objective][0]
        fraction = state.outcome.fraction if state.outcome is not None else 0.0
        totals.setdefault(module.id, []).append(fraction or 0.0)
    return {m: mean(v) for m, v in totals.items()}


def knowledge_gain(pre: Mapping[str, float], post: Mapping[str, float]) -> dict[str, float]:
    """Post-test minus pre-test score per module, in points of fraction (-1..1)."""
    return {m: post[m] - pre[m] for m in pre if m in post}
