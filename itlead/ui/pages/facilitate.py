"""Facilitate (behind the passcode): set up a live session, show the join code and QR, run it item by item
with live results, moderation and presenter notes."""
import io
from collections import Counter
from datetime import timedelta
from typing import Callable

import segno
import streamlit as st

from itlead.content.case_study import Decision, Ending
from itlead.i18n import LANGUAGE_NAMES, N_, _
from itlead.learning import cases
from itlead.ui import auth_forms, errors, keys, live_views, resources, visitor
from itlead.ui.survey import survey_form
from itlead.ui.text import escape_md, labelled, tx
from itlead.workshop.live import LiveError, distribution, majority

STATE_NAMES = {"lobby": N_("lobby"), "open": N_("open"), "locked": N_("locked"), "revealed": N_("revealed"),
               "ended": N_("ended")}

auth_forms.require_facilitator()
live, course = resources.live(), resources.course()
st.title(_("Facilitate"))

SOURCES = {"bank": _("A question bank"), "pick": _("Questions I pick"), "case": _("A case study (tables vote)")}
with st.expander(_("New live session"), expanded=not live.sessions()):
    source = st.radio(_("What to run"), list(SOURCES), format_func=SOURCES.__getitem__, horizontal=True)
    title = st.text_input(_("Title shown to participants"), value=_("Workshop exercise"), max_chars=120)
    items: list[str] = []
    case_id = None
    banks = {b.id: tx(b.title) + (f" ({course.module(b.module).number})" if b.module in
                                   {m.id for m in course.modules} else "")
             for b in course.banks.values() if b.purpose in ("check", "practice", "pretest", "posttest", "survey")}
    if source in ("bank", "pick"):
        bank_id = st.selectbox(_("Bank"), list(banks), format_func=banks.__getitem__)
        questions = course.banks[bank_id].questions
        if source == "bank":
            items = [q.id for q in questions]
        else:
            stems = {q.id: f"{tx(q.stem)[:90]} [{q.type}]" for q in questions}
            items = st.multiselect(_("Questions, in the order to run them"), list(stems), format_func=stems.__getitem__)
    else:
        case_titles = {c.id: tx(c.title) for c in course.cases.values()}
        case_id = st.selectbox(_("Case study"), list(case_titles), format_func=case_titles.__getitem__)
        case = course.cases[case_id]
        items = [cases.skip_narrative(case, cases.start(case)).node_id]
    timer = st.select_slider(_("Countdown per item"), [0, 30, 45, 60, 90, 120, 180], value=0,
                             format_func=labelled([0, 30, 45, 60, 90, 120, 180], lambda s: _("none") if s == 0 else f"{s} s"))
    leaderboard = st.checkbox(_("Show a leaderboard (off by default: executives practise better without one)"))
    room = st.selectbox(_("Language of the projected screen"), list(LANGUAGE_NAMES),
                        format_func=LANGUAGE_NAMES.__getitem__)
    if st.button(_("Create session"), type="primary", disabled=not items):
        try:
            created = live.create(title, items, kind="case" if source == "case" else "questions", case_id=case_id,
                                  timer_seconds=timer or None, leaderboard=leaderboard, locale=room)
        except LiveError as exc:
            st.warning(str(exc))
        else:
            st.session_state[keys.LIVE_SESSION] = created.id
            st.rerun()

active = live.sessions(include_ended=True)  # ended ones stay listed for the debrief and the analytics
if not active:
    st.info(_("No live session yet: create one above."))
    st.stop()
ids = [s.id for s in active]
chosen = st.session_state.get(keys.LIVE_SESSION)
session_id = st.selectbox(_("Session"), ids, index=ids.index(chosen) if chosen in ids else 0,
                          format_func=lambda i: next(f"{s.title} · {s.code} · {s.state}" for s in active if s.id == i))
st.session_state[keys.LIVE_SESSION] = session_id
session = live.get(session_id)

join_url = f"{visitor.base_url()}/join?join={session.code}"
left, right = st.columns([2, 1])
t_join_code = _("Join code")
left.markdown(f"### {t_join_code}: `{session.code}`")
t_join_at = _("Join at")
left.markdown(f"{t_join_at}: {join_url}")
left.page_link("itlead/ui/pages/projection.py", label=_("Open the projection view"), icon=":material/present_to_all:",
               query_params={"s": str(session.id)})
png = io.BytesIO()
segno.make(join_url, error="m").save(png, kind="png", scale=6, border=2)
right.image(png.getvalue(), caption=_("Scan to join"), width=180)

item = live_views.current_item(session, course)
case = course.cases.get(session.case_id or "") if session.kind == "case" else None


def apply(change: Callable[[], object]) -> None:
    try:
        change()
    except LiveError as exc:
        st.warning(str(exc))
    else:
        st.rerun()


def act(action: str, choice: str | None = None) -> None:
    apply(lambda: live.act(session.id, action, case_choice=choice))


def advance(node_id: str | None) -> None:
    apply(lambda: live.advance_case(session.id, node_id))


controls = st.columns(5)
if controls[0].button(_("Open"), disabled=session.state != "lobby", width="stretch"):
    act("open")
if controls[1].button(_("Lock"), disabled=session.state != "open", width="stretch"):
    act("lock")
room_choice = None
if isinstance(item, Decision) and session.state in ("open", "locked"):
    order = [c.id for c in item.choices]
    votes = live.answers(session.id, session.position)
    suggested = majority(votes, order) or order[0]
    texts = {c.id: tx(c.text) for c in item.choices}
    room_choice = st.selectbox(_("The room's decision (majority of tables; you may override)"), order,
                               index=order.index(suggested), format_func=texts.__getitem__)
if controls[2].button(_("Reveal"), disabled=session.state not in ("open", "locked"), width="stretch"):
    act("reveal", room_choice)
if controls[3].button(_("Next"), disabled=session.state != "revealed", width="stretch"):
    if case is not None:
        run = live_views.decision_run(session, course)
        node = cases.current(case, run) if run else None
        done = node is None or isinstance(node, Ending)
        advance(None if done else node.id)
    else:
        act("next")
if controls[4].button(_("End"), disabled=session.state == "ended", width="stretch"):
    act("end")


@st.fragment(run_every=timedelta(seconds=1.5))
@errors.resilient
def results() -> None:
    snap = live_views.shared_poll(session.id)
    if snap is None:
        return
    current = live.get(session.id)
    answers = live.answers(current.id, current.position) if current.state != "lobby" else []
    t_state = _("State")
    t_item = _("Item")
    t_answered = _("Answered")
    st.markdown(f"**{t_state}:** {_(STATE_NAMES[current.state])} · **{t_item}** {current.position + 1} / "
                f"{len(current.item_ids)} · **{t_answered}:** {len(answers)} / {snap.participants}")
    if current.version != session.version:
        st.caption(_("The session changed in another window; press any button to refresh."))
    shown = live_views.current_item(current, course)
    if shown is None or current.state == "lobby":
        return
    labels = live_views.keys_and_labels(shown)
    if labels:
        counts = distribution(answers, [k for k, _label in labels])
        reveal = live_views.correct_keys(shown) if current.state == "revealed" else set()
        live_views.results_chart(counts, labels, reveal)
        if isinstance(shown, Decision) and any(a.team for a in answers):
            teams: dict[str, Counter[str]] = {}
            for a in answers:
                teams.setdefault(a.team or "—", Counter())[str(a.response)] += 1
            texts = dict(labels)
            st.dataframe([{_("Table"): team, **{texts[k][:30]: votes.get(k, 0) for k in texts}}
                          for team, votes in sorted(teams.items())], hide_index=True)
    else:
        t_answers = _("Answers")
        t_hidden_note = _("hidden ones are not projected")
        st.markdown(f"**{t_answers}** ({t_hidden_note})")
        for answer in answers:
            text_col, button_col = st.columns([5, 1])
            style = "~~" if answer.hidden else ""
            text_col.markdown(f"{style}{escape_md(str(answer.response))}{style}")
            label = _("Show") if answer.hidden else _("Hide")
            if button_col.button(label, key=f"mod:{answer.id}:{answer.hidden}"):
                live.set_hidden(current.id, answer.id, not answer.hidden)
                st.rerun()
    if current.leaderboard:
        t_leaderboard = _("Leaderboard")
        st.markdown(f"**{t_leaderboard}**")
        st.dataframe([{_("Participant"): n, _("Score"): round(s, 2)} for n, s in live.scores(current.id)[:10]],
                     hide_index=True)


results()

with st.expander(_("Presenter notes"), expanded=True):
    if isinstance(item, Decision) and case is not None:
        st.markdown(tx(item.text))
        if case.facilitator_notes is not None:
            st.markdown(tx(case.facilitator_notes))
    elif item is not None:
        st.markdown(f"**{tx(item.stem)}**")
        keys = live_views.correct_keys(item)
        for key, label in live_views.keys_and_labels(item):
            st.markdown(("✓ " if key in keys else "· ") + label)
        if getattr(item, "explanation", None) is not None:
            st.info(tx(item.explanation))
        if item.references:
            st.caption(_("References") + ": " + "; ".join(item.references))
        owner = course.objectives.get(item.objective or "")
        if owner and owner[0].facilitator_notes is not None:
            st.caption(tx(owner[0].facilitator_notes))

debrief = course.banks.get("facilitator-debrief")
if debrief is not None:
    with st.expander(_("Facilitator debrief"), expanded=session.state == "ended"):
        answers = survey_form(debrief, f"debrief:{session.id}")
        if answers is not None:
            live.save_evaluation(session.id, "facilitator", debrief.id, answers)
            st.success(_("Debrief saved."))
