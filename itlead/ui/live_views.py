"""What live pages share: the current item, its answer keys and labels, and the results chart."""
from __future__ import annotations

import textwrap
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ..content.case_study import Decision
from ..content.course import Course
from ..content.questions import Likert, MultipleResponse, SingleChoice, TrueFalse
from ..i18n import _
from ..learning import cases
from ..server import live_events
from ..workshop.live import Live, LiveSession, Snapshot
from ..workshop.options import live_order, option_letter  # noqa: F401  (option_letter re-exported)
from . import resources
from .text import tx


@st.cache_data(ttl=1.0, show_spinner=False)
def _poll(database_url: str, session_id: int, pushed_version: str | None) -> Snapshot | None:
    return Live(resources.store_at(database_url).engine).poll(session_id)


def shared_poll(session_id: int) -> Snapshot | None:
    """One indexed query per session per second, shared by every participant and screen in this process; at once
    when this process has just told the phones of a newer version (they rerun because of it)."""
    return _poll(resources.database(), session_id, live_events.latest_version(session_id))


@st.cache_data(max_entries=256, show_spinner=False)
def _session_at(database_url: str, session_id: int, version: int) -> LiveSession | None:
    return Live(resources.store_at(database_url).engine).get(session_id)


def shared_session(session_id: int, snap: Snapshot) -> LiveSession | None:
    """The session row as of the snapshot's version, fetched once per version for the whole process."""
    return _session_at(resources.database(), session_id, snap.version)


def current_item(session: LiveSession, course: Course) -> Any:
    """The question, or for a case session the decision node, at the session's position."""
    if not session.item_ids or session.position >= len(session.item_ids):
        return None
    item_id = session.item_ids[session.position]
    if session.kind == "case":
        case = course.cases.get(session.case_id or "")
        return case.node(item_id) if case and item_id in case.node_index else None
    found = course.questions.get(item_id)
    return found[1] if found else None


def keys_and_labels(item: Any) -> list[tuple[str, str]]:
    """(key, label) for every answer that can be counted; empty for free text."""
    if isinstance(item, (SingleChoice, MultipleResponse)):
        return [(o.id, tx(o.text)) for o in item.options]
    if isinstance(item, TrueFalse):
        return [("true", _("True")), ("false", _("False"))]
    if isinstance(item, Likert):
        return [(str(k), f"{k}" + (f": {tx(item.anchors[k])}" if k in item.anchors else ""))
                for k in range(1, item.scale + 1)]
    if isinstance(item, Decision):
        return [(c.id, tx(c.text)) for c in item.choices]
    return []


def correct_keys(item: Any) -> set[str]:
    if isinstance(item, (SingleChoice, MultipleResponse)):
        return {o.id for o in item.options if o.correct}
    if isinstance(item, TrueFalse):
        return {str(item.answer).lower()}
    return set()


def lettered_options(item: Any, session_id: int) -> list[tuple[str, str, str]]:
    """(key, letter, label) in the order every screen of a live session shows the item's options: the phones'
    order (`display_order` seeded with the session id), lettered A, B, C…; a rating scale keeps its numbers."""
    labels = dict(keys_and_labels(item))
    return [(key, letter, labels[key]) for key, letter in live_order(item, session_id) if key in labels]


def chart_label(letter: str, label: str, width: int) -> str:
    """'A. label', wrapped onto lines of at most `width` characters (never cut)."""
    return "\n".join(textwrap.wrap(f"{letter}. {label}", width=width, break_long_words=True)) or letter


def results_chart(counts: dict[str, int], options: list[tuple[str, str, str]], reveal: set[str],
                  big: bool = False) -> None:
    """Bars in the options' order, lettered, labels wrapped; no chart menu (the projector also hides Streamlit's
    element toolbar)."""
    width = 34 if big else 48
    rows = [{"answer": chart_label(letter, label, width), "count": counts.get(key, 0),
             "status": _("correct") if key in reveal else _("answer")} for key, letter, label in options]
    lines = sum(row["answer"].count("\n") + 1 for row in rows)
    size = 24 if big else 13
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("count:Q", title=_("Answers"), axis=alt.Axis(tickMinStep=1, labelFontSize=size, titleFontSize=size)),
        y=alt.Y("answer:N", title=None, sort=None,
                axis=alt.Axis(labelFontSize=size, labelLimit=0, labelExpr="split(datum.label, '\\n')")),
        color=alt.Color("status:N", legend=None,
                        scale=alt.Scale(domain=[_("answer"), _("correct")], range=["#5b7fa6", "#1a7f37"])),
    ).properties(height=max(200 if big else 140, int(size * 1.5) * lines + (40 if big else 24) * len(rows)),
                 usermeta={"embedOptions": {"actions": False}})
    summary = results_summary(counts, options, reveal)
    st.altair_chart(chart, width="stretch", alt=_("Answers"))
    if big:
        st.markdown(summary)  # in the projection's large type
    else:
        st.caption(summary)


def results_summary(counts: dict[str, int], options: list[tuple[str, str, str]], reveal: set[str]) -> str:
    """The chart in words, for screen readers and anyone who cannot tell its colours apart: 'A: 12 (correct),
    B: 3, …'."""
    t_correct = _("correct")
    return ", ".join(f"{letter}: {counts.get(key, 0)}" + (f" ({t_correct})" if key in reveal else "")
                     for key, letter, _label in options)


def decision_run(session: LiveSession, course: Course) -> cases.CaseRun | None:
    """For a case session: the story so far, from the room's decisions."""
    case = course.cases.get(session.case_id or "")
    if case is None:
        return None
    run = cases.skip_narrative(case, cases.start(case))
    for choice in session.case_choices:
        run = cases.skip_narrative(case, cases.choose(case, run, choice))
    return run
