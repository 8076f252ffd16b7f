"""Self-assessment: the maturity of your administration on five dimensions, with a radar chart,
before-and-after comparison, and the modules that would help most."""
import secrets
import textwrap

import plotly.graph_objects as go
import streamlit as st

from itlead.i18n import _
from itlead.learning.assessment import dimension_scores, recommendations
from itlead.store.repo import Attempt
from itlead.ui import keys, quiz, resources, visitor
from itlead.ui.text import escape_md, tx, wkey

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
st.title(_("Self-assessment"), anchor=False)
banks = course.banks_for("self_assessment")
if not banks:
    st.info(_("The self-assessment is not available."))
    st.stop()
bank = banks[0]
dims = {d.id: d for d in bank.dimensions}
if bank.description is not None:
    st.markdown(tx(bank.description))
st.caption(_("Rate your administration as it is today, not as planned. Your answers are private; there is no "
             "right score. Taking it again later shows how things have moved."))


def wrap_label(text: str, width: int = 14) -> str:
    """A radar label on short lines (Plotly breaks lines at <br>)."""
    return "<br>".join(textwrap.wrap(text, width=width)) or text


done = store.attempts(learner.id, purpose="self_assessment", bank_id=bank.id, finished=True)


def ratings_of(attempt_id: int) -> dict[str, int]:
    return {r.question_id: int(r.response) for r in store.responses(attempt_id) if isinstance(r.response, int)}


if done and not st.session_state.get(keys.SELF_ASSESSMENT_RETAKE):
    history = [dimension_scores(bank, ratings_of(a.id)) for a in done]
    latest = history[-1]
    order = [d for d in dims if d in latest]
    labels = [wrap_label(tx(dims[d].title)) for d in order]  # wrapped, so a phone does not clip them
    figure = go.Figure()
    if len(history) > 1:
        first = history[0]
        figure.add_trace(go.Scatterpolar(r=[first.get(d, 0) for d in order] + [first.get(order[0], 0)],
                                         theta=labels + labels[:1], name=_("First time"), line={"dash": "dot"}))
    figure.add_trace(go.Scatterpolar(r=[latest[d] for d in order] + [latest[order[0]]], theta=labels + labels[:1],
                                     name=_("Latest"), fill="toself"))
    figure.update_layout(polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}}, showlegend=True,
                         margin={"l": 80, "r": 80, "t": 40, "b": 40}, height=420,
                         legend={"orientation": "h", "y": -0.1})
    summary = ", ".join(f"{tx(dims[d].title)}: {latest[d]:.1f}" for d in order)
    st.plotly_chart(figure, width="stretch", alt=_("Self-assessment"))
    st.caption(escape_md(summary))  # the chart in words
    rows = [{_("Dimension"): tx(dims[d].title), _("Latest"): f"{latest[d]:.1f}",
             **({_("First time"): f"{history[0].get(d, 0):.1f}", _("Change"): f"{latest[d] - history[0].get(d, 0):+.1f}"}
                if len(history) > 1 else {})} for d in order]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.subheader(_("Where the course can help most"), anchor=False)
    recs = recommendations(bank, latest, course)
    if not recs:
        st.success(_("Every dimension is at 3.5 or above. The case studies and the capstone are a good next step."))
    for rec in recs:
        names = ", ".join(f"{course.module(m).number}. {tx(course.module(m).title)}" for m in rec.module_ids)
        st.markdown(f"- **{tx(dims[rec.dimension_id].title)}** ({rec.score:.1f}/5): {names or _('the case studies')}")
    if st.button(_("Take the self-assessment again"), type="primary"):
        st.session_state[keys.SELF_ASSESSMENT_RETAKE] = True
        st.rerun()
    st.stop()

def rate_one_dimension(attempt: Attempt) -> None:
    """One dimension at a time; each rating is kept as a draft the moment it is given, so a reload, a break or
    another device finds it again. Saving needs every statement rated, and names the ones left."""
    drafts = store.drafts(attempt.id)
    dimension_key = keys.self_assessment_dimension(attempt.id)
    index = min(st.session_state.get(dimension_key, 0), len(bank.dimensions) - 1)
    dim = bank.dimensions[index]
    rated = sum(1 for q in bank.questions if q.id in drafts)
    st.progress(rated / len(bank.questions), text=_("Dimension {i} of {n} · {r} of {t} statements rated").format(
        i=index + 1, n=len(bank.dimensions), r=rated, t=len(bank.questions)))
    st.subheader(tx(dim.title), anchor=False)
    if dim.description is not None:
        st.caption(tx(dim.description))
    for q in (q for q in bank.questions if q.dimension == dim.id):
        kept = drafts.get(q.id)
        labels = {k: f"{k} – {tx(v)}" for k, v in q.anchors.items()}
        levels = list(range(1, q.scale + 1))
        value = st.radio(tx(q.stem), levels, index=levels.index(kept.response) if kept else None,
                         key=wkey(f"sa:{attempt.id}:{q.id}"), format_func=lambda v, labels=labels: labels.get(v, str(v)))
        if value is not None and (kept is None or kept.response != value):
            store.save_draft(attempt.id, q.id, value)
    back, forward = st.columns(2)
    if back.button(_("Previous dimension"), disabled=index == 0, width="stretch"):
        st.session_state[dimension_key] = index - 1
        st.rerun()
    if index < len(bank.dimensions) - 1:
        if forward.button(_("Next dimension"), type="primary", width="stretch"):
            st.session_state[dimension_key] = index + 1
            st.rerun()
    elif forward.button(_("Save my self-assessment"), type="primary", width="stretch"):
        save(attempt)


def save(attempt: Attempt) -> None:
    drafts = store.drafts(attempt.id)
    missing = [q for q in bank.questions if q.id not in drafts]
    if missing:
        st.warning(_("Please rate every statement. Still to rate:"))
        for q in missing:
            st.markdown(f"- **{tx(dims[q.dimension].title)}**: {tx(q.stem)}" if q.dimension in dims
                        else f"- {tx(q.stem)}")
        return
    service = quiz.answers()  # each rating validated and stored by the answer service, then the attempt closed
    states = service.states(attempt, {q.id: q for q in bank.questions})
    for q in bank.questions:
        service.submit(attempt, q, states[q.id], drafts[q.id].response)
    store.finish_attempt(attempt.id, 0.0, 0.0)
    st.session_state.pop(keys.SELF_ASSESSMENT_RETAKE, None)
    st.rerun()


open_attempts = store.attempts(learner.id, purpose="self_assessment", bank_id=bank.id, finished=False)
rate_one_dimension(open_attempts[-1] if open_attempts else store.start_attempt(
    learner.id, bank.id, "self_assessment", "immediate", [q.id for q in bank.questions],
    seed=secrets.randbelow(2**31)))
