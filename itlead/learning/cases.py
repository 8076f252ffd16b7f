"""Playing a branching case: pure state transitions from the start node to an ending.

Rules: a narrative node moves on to its `next`; a decision adds the chosen option's score and moves to
the choice's `next`; an ending stops the run. The case score is the sum of the chosen scores, and its
fraction is that sum placed between the case's lowest and highest possible totals (0 = worst path,
1 = best path), so a case result can count alongside question scores.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from ..content.case_graph import score_range
from ..content.case_study import CaseStudy, Decision, Ending, Narrative
from ..content.text import LText


class CaseError(ValueError):
    """An impossible move, such as a choice that the current node does not offer."""


@dataclass(frozen=True)
class Step:
    node_id: str
    choice_id: str
    score: int
    consequence: LText


@dataclass(frozen=True)
class CaseRun:
    case_id: str
    node_id: str
    steps: tuple[Step, ...] = ()

    @property
    def score(self) -> int:
        return sum(s.score for s in self.steps)

    @property
    def path(self) -> tuple[str, ...]:
        """The choice ids taken, in order; two runs with the same path are the same story."""
        return tuple(f"{s.node_id}:{s.choice_id}" for s in self.steps)


@dataclass(frozen=True)
class CaseResult:
    ending: Ending
    score: int
    min_score: int
    max_score: int

    @property
    def fraction(self) -> float:
        if self.max_score == self.min_score:
            return 1.0
        return (self.score - self.min_score) / (self.max_score - self.min_score)


def start(case: CaseStudy) -> CaseRun:
    return CaseRun(case.id, case.start)


def current(case: CaseStudy, run: CaseRun) -> Narrative | Decision | Ending:
    return case.node(run.node_id)


def advance(case: CaseStudy, run: CaseRun) -> CaseRun:
    """Move on from a narrative node."""
    node = current(case, run)
    if not isinstance(node, Narrative):
        raise CaseError(f"node '{node.id}' is a {node.kind}, not a narrative; it has no single 'next'")
    return CaseRun(run.case_id, node.next, run.steps)


def choose(case: CaseStudy, run: CaseRun, choice_id: str) -> CaseRun:
    """Take a choice at the current decision node."""
    node = current(case, run)
    if not isinstance(node, Decision):
        raise CaseError(f"node '{node.id}' is a {node.kind}; there is nothing to choose")
    for choice in node.choices:
        if choice.id == choice_id:
            step = Step(node.id, choice.id, choice.score, choice.consequence)
            return CaseRun(run.case_id, choice.next, run.steps + (step,))
    raise CaseError(f"node '{node.id}' has no choice '{choice_id}'")


def skip_narrative(case: CaseStudy, run: CaseRun) -> CaseRun:
    """Advance through narrative nodes until a decision or an ending."""
    while isinstance(current(case, run), Narrative):
        run = advance(case, run)
    return run


def play(case: CaseStudy, choices: Iterable[str]) -> CaseRun:
    """Play a whole path: the given choice ids in order, moving through narratives automatically."""
    run = skip_narrative(case, start(case))
    for choice_id in choices:
        run = skip_narrative(case, choose(case, run, choice_id))
    return run


def result(case: CaseStudy, run: CaseRun) -> CaseResult:
    node = current(case, run)
    if not isinstance(node, Ending):
        raise CaseError(f"the run is at '{node.id}', not at an ending")
    low, high = score_range(case)
    return CaseResult(node, run.score, low, high)


def all_paths(case: CaseStudy, limit: int = 10_000) -> Iterator[tuple[str, ...]]:
    """Every sequence of choice ids from the start to an ending (at most `limit`)."""
    count = 0
    stack: list[tuple[CaseRun, tuple[str, ...]]] = [(skip_narrative(case, start(case)), ())]
    while stack and count < limit:
        run, taken = stack.pop()
        node = current(case, run)
        if isinstance(node, Ending):
            count += 1
            yield taken
            continue
        assert isinstance(node, Decision)
        for choice in reversed(node.choices):
            stack.append((skip_narrative(case, choose(case, run, choice.id)), taken + (choice.id,)))


def divergence(a: CaseRun, b: CaseRun) -> int:
    """How many decisions two runs share before their paths part."""
    shared = 0
    for x, y in zip(a.path, b.path):
        if x != y:
            break
        shared += 1
    return shared


def restore(case: CaseStudy, choices: Iterable[str], node_id: str) -> CaseRun:
    """Rebuild a stored run from its choices, standing at the stored node."""
    run = start(case)
    for choice_id in choices:
        run = choose(case, skip_narrative(case, run), choice_id)
    if node_id not in case.node_index:
        raise CaseError(f"the stored node '{node_id}' is not in case '{case.id}'")
    return CaseRun(case.id, node_id, run.steps)
