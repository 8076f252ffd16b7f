"""The Mermaid flowchart subset converts to Graphviz DOT."""
import re

import pytest

from itlead.content.mermaid import MermaidError, mermaid_to_dot, name_graph


def test_nodes_edges_labels_and_shapes():
    dot = mermaid_to_dot('flowchart TD\n  A["Declaration<br/>lodged"] -->|green| B(Release)\n  A -.-> C{Inspect?}\n'
                         "  C ==> D((Done)) --- E\n")
    assert "rankdir=TB;" in dot
    assert '"A" [label="Declaration\\nlodged", shape=box];' in dot
    assert '"B" [label="Release", shape=box, style=rounded];' in dot
    assert '"C" [label="Inspect?", shape=diamond];' in dot
    assert '"D" [label="Done", shape=circle];' in dot
    assert '"A" -> "B" [label="green"];' in dot
    assert '"A" -> "C" [style=dashed];' in dot
    assert '"C" -> "D" [penwidth=2];' in dot
    assert '"D" -> "E" [arrowhead=none];' in dot


def test_subgraphs_become_clusters_and_edges_to_them_use_anchors():
    dot = mermaid_to_dot("flowchart LR\n  subgraph RA[Risk assessment]\n    I --> A\n  end\n  S --> RA\n")
    assert 'subgraph cluster_RA { label="Risk assessment";' in dot
    assert '"S" -> "RA__anchor" [lhead=cluster_RA];' in dot
    assert '"RA" [' not in dot


def test_quotes_are_escaped():
    assert '\\"' in mermaid_to_dot('graph LR\n  A["say \\"hi\\""] --> B')


@pytest.mark.parametrize("source, words", [
    ("sequenceDiagram\n  A->>B: hi", "only Mermaid flowcharts"),
    ("flowchart XY\n  A --> B", "unknown direction"),
    ("flowchart LR\n  A --> B[unclosed", "missing ']'"),
    ("flowchart LR\n  subgraph S\n  A --> B", "missing its 'end'"),
    ("flowchart LR\n  A ~~> B", "line 2: cannot read"),
])
def test_unsupported_mermaid_is_reported(source, words):
    with pytest.raises(MermaidError, match=words):
        mermaid_to_dot(source)


@pytest.mark.parametrize("dot", ["digraph G {\n a -> b\n}", "digraph {a}", 'strict digraph "old \\"name\\"" {a}',
                                 "graph layers{a}"])
def test_a_diagram_is_named_by_its_caption(dot):
    """Graphviz writes the graph's id as the SVG <title>, the name a screen reader announces (not "G")."""
    named = name_graph(dot, 'The "release" chain,\nstep by step')
    assert re.match(r'^\s*(strict )?(di)?graph "The \\"release\\" chain, step by step" \{', named), named
    assert named.endswith(dot[dot.index("{") + 1:])
    assert name_graph(dot, "  ") == dot


def test_a_module_diagram_carries_its_caption_in_each_language():
    from itlead.content.module import Diagram

    diagram = Diagram(kind="mermaid", source="flowchart LR\n  A --> B", caption={"en": "Flow", "fr": "Flux"})
    assert diagram.dot("fr").startswith('digraph "Flux" {')
    assert Diagram(kind="graphviz", source="digraph G { a }").dot("en") == "digraph G { a }"
