"""The Mermaid flowchart subset converts to Graphviz DOT."""
import pytest

from itlead.content.mermaid import MermaidError, mermaid_to_dot


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
