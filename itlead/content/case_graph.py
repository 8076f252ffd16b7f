"""Structural checks on a case study's node graph: every link resolves, every node is reachable,
there are no loops, and so every path ends at an ending."""
from __future__ import annotations

from typing import Any, Iterator

from .case_study import CaseStudy, Decision, Ending, Narrative

GraphProblem = tuple[tuple[Any, ...], str]


def edges(node: Narrative | Decision | Ending, index: int) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(field path of the link, target id) for each way out of `node`."""
    if isinstance(node, Narrative):
        yield ("nodes", index, "next"), node.next
    elif isinstance(node, Decision):
        for j, choice in enumerate(node.choices):
            yield ("nodes", index, "choices", j, "next"), choice.next


def graph_problems(case: CaseStudy) -> list[GraphProblem]:
    problems: list[GraphProblem] = []
    position: dict[str, int] = {}
    for i, node in enumerate(case.nodes):
        if node.id in position:
            problems.append((("nodes", i, "id"), f"node id '{node.id}' is used twice"))
        else:
            position[node.id] = i
        if isinstance(node, Decision):
            seen: set[str] = set()
            for j, choice in enumerate(node.choices):
                if choice.id in seen:
                    problems.append((("nodes", i, "choices", j, "id"), f"choice id '{choice.id}' is used twice"))
                seen.add(choice.id)
    for i, node in enumerate(case.nodes):
        for path, target in edges(node, i):
            if target not in position:
                problems.append((path, f"next node '{target}' does not exist"))
    if case.start not in position:
        problems.append((("start",), f"start node '{case.start}' does not exist"))
        return problems
    if isinstance(case.nodes[position[case.start]], Ending):
        problems.append((("start",), "the start node cannot be an ending"))
    if problems:
        return problems
    if not any(isinstance(n, Ending) for n in case.nodes):
        problems.append((("nodes",), "a case needs at least one ending node"))
    problems.extend(_walk(case, position))
    return problems


def _walk(case: CaseStudy, position: dict[str, int]) -> list[GraphProblem]:
    """Depth-first from the start: report loops (back edges) and nodes never reached."""
    problems: list[GraphProblem] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    stack: list[tuple[str, Iterator[tuple[tuple[Any, ...], str]]]] = []

    def enter(node_id: str) -> None:
        state[node_id] = 1
        i = position[node_id]
        stack.append((node_id, edges(case.nodes[i], i)))

    enter(case.start)
    while stack:
        node_id, out = stack[-1]
        step = next(out, None)
        if step is None:
            state[node_id] = 2
            stack.pop()
            continue
        path, target = step
        if state.get(target) == 1:
            problems.append(
                (path, f"leads back to node '{target}', so the story can loop without reaching an ending; "
                       "case paths must move forward")
            )
        elif target not in state:
            enter(target)
    for i, node in enumerate(case.nodes):
        if node.id not in state:
            problems.append((("nodes", i), f"node '{node.id}' cannot be reached from the start node '{case.start}'"))
    return problems


def _successors(case: CaseStudy, node_id: str) -> list[tuple[int, str]]:
    """(score gained, next node) for each way out of a node."""
    node = case.node(node_id)
    if isinstance(node, Narrative):
        return [(0, node.next)]
    if isinstance(node, Decision):
        return [(c.score, c.next) for c in node.choices]
    return []


def _fold(case: CaseStudy, leaf: int, combine: Any) -> int:
    """Dynamic programming from the endings back to the start; needs an acyclic, fully linked graph."""
    memo: dict[str, int] = {}
    order: list[str] = []
    seen: set[str] = set()
    stack = [(case.start, False)]
    while stack:  # iterative post-order, so deep cases cannot overflow the Python stack
        node_id, done = stack.pop()
        if done:
            order.append(node_id)
            continue
        if node_id in seen:
            continue
        seen.add(node_id)
        stack.append((node_id, True))
        stack.extend((nxt, False) for _, nxt in _successors(case, node_id) if nxt not in seen)
    for node_id in order:
        succ = _successors(case, node_id)
        memo[node_id] = leaf if not succ else combine(memo, succ)
    return memo[case.start]


def score_range(case: CaseStudy) -> tuple[int, int]:
    """The lowest and highest total score over all paths from the start to an ending."""
    low = _fold(case, 0, lambda memo, succ: min(s + memo[n] for s, n in succ))
    high = _fold(case, 0, lambda memo, succ: max(s + memo[n] for s, n in succ))
    return low, high


def path_count(case: CaseStudy) -> int:
    """How many distinct paths lead from the start to an ending."""
    return _fold(case, 1, lambda memo, succ: sum(memo[n] for _, n in succ))
