"""Convert the flowchart subset of Mermaid into Graphviz DOT, so every diagram renders offline with
st.graphviz_chart. Supported: `flowchart`/`graph` with a direction; nodes `A`, `A[text]`, `A(text)`,
`A([text])`, `A{text}`, `A((text))` with optional quotes; edges `-->`, `---`, `-.->`, `==>`, chained, with
`|label|`; `subgraph ID[title] ... end`; `direction`; `%%` comments."""
from __future__ import annotations

import re

_DIRECTIONS = {"LR": "LR", "RL": "RL", "TB": "TB", "TD": "TB", "BT": "BT"}
_SHAPES = [("([", "])", "box", "rounded"), ("((", "))", "circle", ""), ("[", "]", "box", ""),
           ("(", ")", "box", "rounded"), ("{", "}", "diamond", "")]
_EDGE = re.compile(r"\s*(-\.->|-\.-|==>|-->|---)\s*(?:\|([^|]*)\|\s*)?")
_NODE = re.compile(r"\s*([A-Za-z0-9_]+)")


class MermaidError(ValueError):
    """A Mermaid line outside the supported subset."""


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    text = re.sub(r"<br\s*/?>", "\n", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node(line: str, pos: int, labels: dict[str, str], shapes: dict[str, tuple[str, str]]) -> tuple[str, int]:
    match = _NODE.match(line, pos)
    if not match:
        raise MermaidError(f"expected a node id at {line[pos:pos + 20]!r}")
    node_id, pos = match.group(1), match.end()
    for opening, closing, shape, style in _SHAPES:
        if line.startswith(opening, pos):
            end = line.find(closing, pos + len(opening))
            if end < 0:
                raise MermaidError(f"node {node_id}: missing {closing!r}")
            labels[node_id] = line[pos + len(opening):end]
            shapes[node_id] = (shape, style)
            pos = end + len(closing)
            break
    labels.setdefault(node_id, node_id)
    return node_id, pos


def mermaid_to_dot(source: str) -> str:
    lines = [ln.strip() for ln in source.strip().splitlines()]
    header = lines[0].split()
    if not header or header[0] not in ("flowchart", "graph"):
        raise MermaidError("only Mermaid flowcharts ('flowchart LR', 'graph TD', ...) are supported")
    rankdir = _DIRECTIONS.get(header[1] if len(header) > 1 else "TB")
    if rankdir is None:
        raise MermaidError(f"unknown direction {header[1]!r}")
    labels: dict[str, str] = {}
    shapes: dict[str, tuple[str, str]] = {}
    body: list[str] = []
    clusters: dict[str, str] = {}
    depth = 0
    for number, line in enumerate(lines[1:], start=2):
        if not line or line.startswith("%%") or line.startswith("direction "):
            continue
        if line.startswith(("classDef ", "class ", "style ", "linkStyle ", "click ")):
            continue  # styling has no meaning offline
        if line.startswith("subgraph "):
            title = line[len("subgraph "):].strip()
            m = re.match(r"([A-Za-z0-9_]+)\s*\[(.*)\]$", title)
            sub_id, sub_title = (m.group(1), m.group(2)) if m else (re.sub(r"\W", "_", title), title)
            clusters[sub_id] = f"cluster_{sub_id}"
            body.append(f"{'  ' * (depth + 1)}subgraph cluster_{sub_id} {{ label={_quote(sub_title)};")
            body.append(f'{"  " * (depth + 2)}"{sub_id}__anchor" [shape=point, style=invis, width=0];')
            depth += 1
            continue
        if line == "end":
            if depth == 0:
                raise MermaidError(f"line {number}: 'end' without 'subgraph'")
            depth -= 1
            body.append(f"{'  ' * (depth + 1)}}}")
            continue
        try:
            body.extend(_statement(line, labels, shapes, clusters, "  " * (depth + 1)))
        except MermaidError as exc:
            raise MermaidError(f"line {number}: {exc}") from None
    if depth:
        raise MermaidError("a 'subgraph' is missing its 'end'")
    nodes = []
    for node_id, label in labels.items():
        if node_id in clusters:
            continue
        shape, style = shapes.get(node_id, ("box", ""))
        extra = f", style={style}" if style else ""
        nodes.append(f'  "{node_id}" [label={_quote(label)}, shape={shape}{extra}];')
    return "\n".join([
        "digraph G {", f"  rankdir={rankdir};", "  compound=true;",
        '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];',
        *nodes, *body, "}",
    ])


def _statement(line: str, labels: dict[str, str], shapes: dict[str, tuple[str, str]],
               clusters: dict[str, str], indent: str) -> list[str]:
    out: list[str] = []
    source, pos = _node(line, 0, labels, shapes)
    if pos >= len(line.rstrip(";")):
        return [f'{indent}"{source}";'] if source not in clusters else []
    while pos < len(line):
        match = _EDGE.match(line, pos)
        if not match:
            raise MermaidError(f"cannot read {line[pos:pos + 30]!r}")
        arrow, label = match.group(1), match.group(2)
        target, pos = _node(line, match.end(), labels, shapes)
        attrs = []
        if arrow.startswith("-."):
            attrs.append("style=dashed")
        if arrow == "==>":
            attrs.append("penwidth=2")
        if not arrow.endswith(">"):
            attrs.append("arrowhead=none")
        if label:
            attrs.append(f"label={_quote(label)}")
        ends = []
        for end, side in ((source, "ltail"), (target, "lhead")):
            if end in clusters:
                attrs.append(f"{side}={clusters[end]}")
                ends.append(f'"{end}__anchor"')
            else:
                ends.append(f'"{end}"')
        out.append(f"{indent}{ends[0]} -> {ends[1]}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
        source = target
        pos = len(line) if line[pos:].strip() in ("", ";") else pos
    return out


_GRAPH_HEAD = re.compile(r'^(\s*(?:strict\s+)?(?:di)?graph)\s*(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.]+)?\s*\{', re.IGNORECASE)


def name_graph(dot: str, name: str) -> str:
    """The DOT graph with `name` as its id: Graphviz writes the id as the SVG's <title>, which screen readers
    announce, so a diagram is announced by its caption rather than as "G"."""
    match = _GRAPH_HEAD.match(dot)
    if match is None or not name.strip():
        return dot
    return f"{match.group(1)} {_quote(' '.join(name.split()))} {{" + dot[match.end():]
