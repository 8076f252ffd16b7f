"""Projection view: large type, high contrast, one item at a time; answers hidden until the reveal.

Opened on the projector from a projector link (`?screen=…`, signed, revocable, one session): no passcode and no
app chrome. A facilitator may also preview it from the app with `?s=<session id>`, behind the passcode."""
import html
from datetime import timedelta
from typing import Any

import segno
import streamlit as st

from itlead.content.case_study import Decision
from itlead.i18n import _, set_locale
from itlead.ui import auth_forms, errors, keys, live_views, resources, visitor
from itlead.ui.text import escape_md, tx
from itlead.workshop.live import LiveSession, Snapshot, distribution

live, course = resources.live(), resources.course()
token = st.query_params.get("screen")
if token:
    session_id = resources.projector_links().session_for(token)
    if session_id is None:
        st.error(_("This projector link does not work any more. Create a new one on the Facilitate page."))
        st.stop()
else:
    auth_forms.require_facilitator()
    try:
        session_id = int(st.query_params.get("s", ""))
    except ValueError:
        session_id = st.session_state.get(keys.LIVE_SESSION, 0)
if live.get(session_id) is None:
    st.info(_("Open this view from the Facilitate page."))
    st.stop()

st.set_page_config(layout="wide")
# Large type for the room, scoped to this page's keyed container (Streamlit gives it the class st-key-projection).
st.html("""<style>
  .st-key-projection p, .st-key-projection li { font-size: 1.9rem !important; line-height: 1.35; }
  .st-key-projection h1 { font-size: 3.4rem !important; }
  .st-key-projection h2 { font-size: 2.6rem !important; }
  .project-code { font-size: 6rem; font-weight: 800; letter-spacing: .3rem; color: #000; }
  img.project-qr { height: 42vh; width: auto; max-width: 100%; }
  .room-choice { font-size: 3.2rem; font-weight: 800; color: #0b3d1f; line-height: 1.2; margin: .5rem 0 1rem; }
  .project-url { font-size: 2.2rem; }
  .project-warning { font-size: 1.4rem; color: #8a4b00; }
</style>""")


@st.fragment(run_every=timedelta(seconds=1))
@errors.resilient
def screen() -> None:
    if token and resources.projector_links().session_for(token) != session_id:
        st.error(_("This projector link does not work any more. Create a new one on the Facilitate page."))
        return
    snap = live_views.shared_poll(session_id)
    session = live_views.shared_session(session_id, snap) if snap else None
    if session is None:
        return
    set_locale(session.locale)  # the room's language
    if session.state == "lobby":
        lobby(session, snap)
    elif session.state == "ended":
        ending(session)
    elif (item := live_views.current_item(session, course)) is not None:
        show_item(session, snap, item)


def lobby(session: LiveSession, snap: Snapshot) -> None:
    address = visitor.join_address()
    url = address.join_url(session.code)
    st.title(escape_md(session.title), anchor=False)
    join_at = _("Join at")
    st.html(f'<div class="project-url">{html.escape(join_at)} <b>{html.escape(url)}</b></div>')
    if not address.reachable:
        warning = _("Phones cannot open this address: see the Facilitate page.")
        st.html(f'<div class="project-warning">{html.escape(warning)}</div>')
    code_col, qr_col = st.columns([1, 1])
    code_col.html(f'<div class="project-code">{html.escape(session.code)}</div>')
    code_col.markdown(_("{n} joined").format(n=snap.participants))
    qr = segno.make(url, error="m").svg_data_uri(scale=10, border=2)
    qr_col.html(f'<img class="project-qr" src="{qr}" alt="{html.escape(_("Scan to join"))}">')


def ending(session: LiveSession) -> None:
    """A case's ending with its debrief and discussion questions; otherwise a thank-you."""
    run = live_views.decision_run(session, course) if session.kind == "case" else None
    if run is None:
        st.title(_("Thank you!"), anchor=False)
        return
    case = course.cases[session.case_id]
    node = case.node(run.node_id)
    st.title(tx(getattr(node, "title", None)) or tx(case.title), anchor=False)
    if getattr(node, "debrief", None) is not None:
        st.markdown(tx(node.debrief))
    for question in case.discussion:
        st.markdown(f"- {tx(question)}")


def show_item(session: LiveSession, snap: Snapshot, item: Any) -> None:
    if isinstance(item, Decision):
        run = live_views.decision_run(session, course)
        case = course.cases[session.case_id]
        if run is not None and run.steps and session.state != "revealed":
            st.caption(tx(run.steps[-1].consequence))
        if run is not None and case.node(run.node_id).kind == "narrative":
            st.markdown(tx(case.node(run.node_id).text))
        st.header(tx(item.title) if item.title else _("Decision"), anchor=False)
        st.markdown(tx(item.text))
    else:
        st.header(f"{session.position + 1}. {tx(item.stem)}", anchor=False)
    options = live_views.lettered_options(item, session.id)
    if session.state == "open":
        with st.container(key="projected-options"):
            for _key, letter, label in options:
                st.markdown(f"**{letter}.** {label}")
        left = session.seconds_left()
        st.subheader((f"⏱ {left} s · " if left is not None else "") + _("{a} of {p} answered").format(
            a=snap.answered, p=snap.participants), anchor=False)
    elif session.state == "locked":
        st.subheader(_("Answers are closed: discuss at your tables before the reveal."), anchor=False)
        if getattr(item, "hints", None):
            st.markdown(_("To discuss") + f": {tx(item.hints[0])}")
    else:
        reveal(session, item, options)


def reveal(session: LiveSession, item: Any, options: list[tuple[str, str, str]]) -> None:
    answers = [a for a in live.answers(session.id, session.position) if not a.hidden]
    if isinstance(item, Decision):
        room_choice(session, options)
    if options:
        live_views.results_chart(distribution(answers, [k for k, _l, _t in options]), options,
                                 live_views.correct_keys(item), big=True)
    else:
        for answer in answers[:30]:
            st.markdown(f"- {escape_md(str(answer.response))}")
    if isinstance(item, Decision):
        run = live_views.decision_run(session, course)
        if run is not None and run.steps:
            st.success(tx(run.steps[-1].consequence))
    elif getattr(item, "explanation", None) is not None:
        st.info(tx(item.explanation))


def room_choice(session: LiveSession, options: list[tuple[str, str, str]]) -> None:
    """The room's decision, in type the back row can read."""
    chosen = session.case_choices[-1] if session.case_choices else None
    found = next(((letter, label) for key, letter, label in options if key == chosen), None)
    if found is not None:
        text = _("The room chose") + f": {found[0]}. {found[1]}"
        st.html(f'<div class="room-choice" data-testid="room-choice">{html.escape(text)}</div>')


with st.container(key="projection"):
    screen()
