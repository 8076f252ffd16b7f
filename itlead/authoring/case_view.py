"""A case's graph for the editor: what is wrong with it (unreachable nodes, dangling links, endless paths), and
Graphviz DOT with those highlighted. Works on plain data, so a case that does not validate yet can be drawn."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class GraphReport:
    unreachable: set[str] = field(default_factory=set)
    dangling: set[tuple[str, str]] = field(default_factory=set)
    """(from node, missing target)"""
    endless: set[str] = field(default_factory=set)
    """nodes from which no path reaches an ending (a loop, a dead end, or only dangling links)"""
    loops: set[tuple[str, str]] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not (self.unreachable or self.dangling or self.endless or self.loops)


def links(node: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, target) for each way out of a node."""
    if node.get("kind") == "narrative":
        return [("", str(node.get("next", "")))]
    if node.get("kind") == "decision":
        return [(str(c.get("id", "")), str(c.get("next", ""))) for c in node.get("choices") or []]
    return []


def analyse(case: dict[str, Any]) -> GraphReport:
    nodes = {str(n.get("id")): n for n in case.get("nodes") or [] if isinstance(n, dict)}
    report = GraphReport()
    for nid, node in nodes.items():
        report.dangling |= {(nid, t) for _label, t in links(node) if t not in nodes}
    seen: set[str] = set()
    todo = [case.get("start")] if case.get("start") in nodes else []
    while todo:
        nid = todo.pop()
        if nid not in seen:
            seen.add(nid)
            todo.extend(t for _l, t in links(nodes[nid]) if t in nodes)
    report.unreachable = set(nodes) - seen
    ends = {nid for nid, n in nodes.items() if n.get("kind") == "ending"}
    changed = True
    while changed:  # nodes that can reach an ending, grown backwards to a fixed point
        changed = False
        for nid, node in nodes.items():
            if nid not in ends and any(t in ends for _l, t in links(node)):
                ends.add(nid)
                changed = True
    report.endless = set(nodes) - ends
    report.loops = _back_edges(nodes, case.get("start"))
    return report


def _back_edges(nodes: dict[str, Any], start: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    for root in [start, *nodes]:
        if root not in nodes or root in state:
            continue
        stack = [(root, iter(links(nodes[root])))]
        state[root] = 1
        while stack:
            nid, out = stack[-1]
            step = next(out, None)
            if step is None:
                state[nid] = 2
                stack.pop()
            elif step[1] in nodes and state.get(step[1]) == 1:
                found.add((nid, step[1]))
            elif step[1] in nodes and step[1] not in state:
                state[step[1]] = 1
                stack.append((step[1], iter(links(nodes[step[1]]))))
    return found


def _q(text: Any) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def dot(case: dict[str, Any], report: GraphReport, title: Any = lambda n: "") -> str:
    """Graphviz DOT: endings green, decisions as diamonds; problems in red with a dashed outline."""
    lines = ["digraph case {", "  rankdir=TB; node [fontname=Helvetica, style=filled, fillcolor=white];"]
    for node in case.get("nodes") or []:
        nid = str(node.get("id"))
        shape = {"decision": "diamond", "ending": "doubleoctagon"}.get(node.get("kind"), "box")
        bad = nid in report.unreachable or nid in report.endless
        fill = "#ffd6d6" if bad else ("#d9f2d9" if node.get("kind") == "ending" else "white")
        extra = ", color=red, penwidth=2, style=\"filled,dashed\"" if bad else ""
        lines.append(f"  {_q(nid)} [label={_q(nid + chr(10) + str(title(node))[:40])}, shape={shape}, "
                     f"fillcolor={_q(fill)}{extra}];")
    for node in case.get("nodes") or []:
        nid = str(node.get("id"))
        for label, target in links(node):
            if (nid, target) in report.dangling:
                lines.append(f"  {_q('missing: ' + target)} [shape=note, color=red, fillcolor=\"#ffd6d6\"];")
                lines.append(f"  {_q(nid)} -> {_q('missing: ' + target)} [label={_q(label)}, color=red];")
            else:
                style = ", color=red, style=dashed" if (nid, target) in report.loops else ""
                lines.append(f"  {_q(nid)} -> {_q(target)} [label={_q(label)}{style}];")
    lines.append("}")
    return "\n".join(lines)
