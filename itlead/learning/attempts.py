"""Attempts, as pure logic: drawing questions, shuffling options per attempt, and rebuilding an attempt's
state from its stored tries. The store keeps the facts (responses); everything here is derived."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..content.bank import Bank
from .scoring import Outcome, Summary, score, summarise


def draw(questions: Sequence[Any], count: int | None, seed: int, *, module_objectives: Iterable[str] | None = None,
         objective: str | None = None, difficulty: str | None = None, scored_only: bool = True) -> list[str]:
    """A random draw of question ids, filtered; stable for a given seed."""
    pool = [q for q in questions if (q.scored or not scored_only)]
    if module_objectives is not None:
        allowed = set(module_objectives)
        pool = [q for q in pool if q.objective in allowed]
    if objective:
        pool = [q for q in pool if q.objective == objective]
    if difficulty:
        pool = [q for q in pool if q.difficulty == difficulty]
    rng = random.Random(seed)
    chosen = rng.sample(pool, len(pool) if count is None else min(count, len(pool)))
    return [q.id for q in chosen]


def shuffled(ids: Sequence[str], seed: int, salt: str) -> list[str]:
    """`ids` in an order fixed by the attempt's seed and a salt (the question and the part shuffled)."""
    out = list(ids)
    random.Random(f"{seed}:{salt}").shuffle(out)
    return out


def display_order(question: Any, seed: int) -> dict[str, list[str]]:
    """The order in which each part of a question is shown in this attempt (or, seeded by the session, live)."""
    parts = question.parts() if hasattr(question, "parts") else {}  # a case decision keeps its authored order
    order = {part: shuffled(ids, seed, question.id + ("" if part in ("options", "items") else f":{part}"))
             for part, ids in parts.items()}
    if "items" in order and order["items"] == parts["items"]:  # never show an ordering already solved
        order["items"] = order["items"][1:] + order["items"][:1]
    return order


@dataclass
class QuestionState:
    """What has happened to one question in one attempt."""

    tries: list[Any] = field(default_factory=list)
    certainty: int | None = None
    outcome: Outcome | None = None
    stored_tries: int = 0
    """Rows stored for this question (a deferred test keeps only the last in `tries`)."""

    @property
    def finished(self) -> bool:
        return self.outcome is not None and self.outcome.finished


def replay(bank_questions: dict[str, Any], question_ids: Sequence[str], behaviour: str,
           stored: Iterable[Any]) -> dict[str, QuestionState]:
    """Rebuild every question's state from stored tries (rows with question_id, try_no, response, certainty)."""
    states = {qid: QuestionState() for qid in question_ids}
    for row in sorted(stored, key=lambda r: (r.question_id, r.try_no)):
        state = states.get(row.question_id)
        question = bank_questions.get(row.question_id)
        if state is None or question is None:
            continue
        state.stored_tries = max(state.stored_tries, row.try_no)
        if behaviour == "deferred":  # answers may change until submitted; the last one counts
            state.tries = [row.response]
            state.certainty = row.certainty
            state.outcome = score(question, row.response, "deferred")
            continue
        if state.finished:
            continue
        state.outcome = score(question, row.response, behaviour, row.certainty, previous=state.tries)  # type: ignore[arg-type]
        state.tries.append(row.response)
        state.certainty = row.certainty
    return states


def attempt_summary(states: dict[str, QuestionState], bank_questions: dict[str, Any]) -> Summary:
    """Totals over an attempt; an unanswered scored question counts as zero marks."""
    outcomes = []
    for qid, state in states.items():
        if state.outcome is not None:
            outcomes.append(state.outcome)
        elif bank_questions[qid].scored:
            outcomes.append(score(bank_questions[qid], None))
    return summarise(outcomes)


def questions_of(banks: Iterable[Bank]) -> dict[str, Any]:
    return {q.id: q for b in banks for q in b.questions}
