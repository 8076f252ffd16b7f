"""The Author page's branching-case editor: nodes and choices, the graph with its problems, and play from any
node."""
from __future__ import annotations

from typing import Any

import streamlit as st

from ..authoring import case_view
from ..authoring.questions import english as en
from ..content.case_study import CaseStudy, Decision, Ending, Narrative
from ..i18n import N_, _
from . import keys
from .author_questions import _text
from .text import escape_md, labelled, tx

KINDS = ("narrative", "decision", "ending")
RATINGS = ("good", "mixed", "poor")
NAMES = {"narrative": N_("Narrative"), "decision": N_("Decision"), "ending": N_("Ending"), "good": N_("Good"),
         "mixed": N_("Mixed"), "poor": N_("Poor")}


def new_case(case_id: str, module: str | None) -> dict[str, Any]:
    """A valid case to start from: two decisions, two endings."""
    def choice(cid: str, nxt: str, points: int) -> dict[str, Any]:
        return {"id": cid, "text": f"Option {cid.upper()}", "score": points, "consequence": "What happens.",
                "next": nxt}

    return {"id": case_id, "title": "A new case", "summary": "What the case is about.",
            **({"module": module} if module else {}), "start": "d1", "nodes": [
                {"id": "d1", "kind": "decision", "text": "The first dilemma.",
                 "choices": [choice("a", "d2", 2), choice("b", "d2", 0)]},
                {"id": "d2", "kind": "decision", "text": "The second dilemma.",
                 "choices": [choice("a", "good", 2), choice("b", "poor", 0)]},
                {"id": "good", "kind": "ending", "title": "A good ending", "rating": "good", "debrief": "Why."},
                {"id": "poor", "kind": "ending", "title": "A poor ending", "rating": "poor", "debrief": "Why."}]}


def graph(case: dict[str, Any]) -> None:
    report = case_view.analyse(case)
    st.graphviz_chart(case_view.dot(case, report, lambda n: en(n.get("title") or n.get("text"))))
    for nid in sorted(report.unreachable):
        st.error(_("Node {node} cannot be reached from the start.").format(node=nid))
    for nid, target in sorted(report.dangling):
        st.error(_("Node {node} leads to {target}, which does not exist.").format(node=nid, target=target))
    for nid in sorted(report.endless - report.unreachable):
        st.error(_("From node {node} no path reaches an ending.").format(node=nid))
    for nid, target in sorted(report.loops):
        st.error(_("Node {node} leads back to {target}: a loop.").format(node=nid, target=target))


def _choices(node: dict[str, Any], k: str, ids: list[str]) -> list[dict[str, Any]]:
    old = list(node.get("choices") or [])
    n = int(st.number_input(_("Number of choices"), 2, 5, max(2, min(5, len(old))), key=f"{k}:n"))
    out = []
    for i in range(n):
        was = old[i] if i < len(old) else {"id": chr(97 + i), "score": 0, "next": ids[0]}
        st.markdown(_("Choice {n}").format(n=i + 1))
        text_col, score_col, next_col = st.columns([4, 1, 2])
        with text_col:
            text = _text(_("Text of choice {n}").format(n=i + 1), was.get("text"), f"{k}:t{i}")
        with score_col:
            points = int(st.number_input(_("Score"), -10, 10, int(was.get("score", 0)), key=f"{k}:s{i}"))
        with next_col:
            nxt = st.selectbox(_("Next node"), ids, index=ids.index(was["next"]) if was.get("next") in ids else 0,
                               key=f"{k}:x{i}")
        consequence = _text(_("Consequence of choice {n}").format(n=i + 1), was.get("consequence"), f"{k}:c{i}")
        out.append({"id": was.get("id") or chr(97 + i), "text": text, "score": points, "consequence": consequence,
                    "next": nxt})
    return out


def node_form(node: dict[str, Any], k: str, ids: list[str]) -> dict[str, Any]:
    data = dict(node)
    kind = node.get("kind")
    if kind in ("narrative", "decision"):
        data["text"] = _text(_("Text"), node.get("text"), f"{k}:text", area=True)
    if kind == "narrative":
        data["next"] = st.selectbox(_("Next node"), ids, key=f"{k}:next",
                                    index=ids.index(node["next"]) if node.get("next") in ids else 0)
    elif kind == "decision":
        data["choices"] = _choices(node, k, ids)
    elif kind == "ending":
        data["title"] = _text(_("Title"), node.get("title"), f"{k}:title")
        data["rating"] = st.selectbox(_("Rating"), RATINGS, index=RATINGS.index(node.get("rating", "mixed")),
                                      key=f"{k}:rating", format_func=labelled(RATINGS, lambda r: _(NAMES[r])))
        data["debrief"] = _text(_("Debrief"), node.get("debrief"), f"{k}:debrief", area=True)
    return data


def add_node(case: dict[str, Any], k: str) -> dict[str, Any] | None:
    """A new node (the case with it), or None while the author has not asked for one."""
    left, right = st.columns(2)
    with left:
        node_id = st.text_input(_("New node id"), key=f"{k}:new-id")
    with right:
        kind = st.selectbox(_("Kind"), KINDS, key=f"{k}:new-kind", format_func=labelled(KINDS, lambda x: _(NAMES[x])))
    if not st.button(_("Add node"), key=f"{k}:add") or not node_id:
        return None
    first = case["nodes"][0]["id"]
    body = {"narrative": {"text": "…", "next": first},
            "decision": {"text": "…", "choices": [{"id": c, "text": c.upper(), "score": 0, "consequence": "…",
                                                   "next": first} for c in "ab"]},
            "ending": {"title": "…", "rating": "mixed", "debrief": "…"}}[kind]
    return {**case, "nodes": [*case["nodes"], {"id": node_id.strip(), "kind": kind, **body}]}


def play(case: CaseStudy, k: str) -> None:
    """Play the (saved) case from any node; the score counts from there."""
    ids = [n.id for n in case.nodes]
    start = st.selectbox(_("Play from node"), ids, key=f"{k}:from")
    if st.button(_("Play from here"), key=f"{k}:play"):
        st.session_state[keys.AUTHOR_PLAY] = (case.id, start, 0, None)
    state = st.session_state.get(keys.AUTHOR_PLAY)
    if not state or state[0] != case.id:
        return
    _case_id, node_id, points, consequence = state
    node = case.node(node_id)
    with st.container(border=True):
        if consequence:
            st.info(escape_md(consequence))
        if node.title if not isinstance(node, Ending) else True:
            st.markdown(f"**{escape_md(tx(node.title))}**" if node.title else "")
        if isinstance(node, (Narrative, Decision)):
            st.markdown(escape_md(tx(node.text)))
        if isinstance(node, Narrative) and st.button(_("Continue"), key=f"{k}:go"):
            st.session_state[keys.AUTHOR_PLAY] = (case.id, node.next, points, None)
            st.rerun()
        if isinstance(node, Decision):
            for choice in node.choices:
                if st.button(tx(choice.text), key=f"{k}:choose:{node.id}:{choice.id}"):
                    st.session_state[keys.AUTHOR_PLAY] = (case.id, choice.next, points + choice.score,
                                                          tx(choice.consequence))
                    st.rerun()
        if isinstance(node, Ending):
            st.markdown(escape_md(tx(node.debrief)))
            st.caption(_("Score from the node you started at: {score}").format(score=points))
