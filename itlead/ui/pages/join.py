"""Join a live workshop: a code (or ?join=CODE from the QR), a nickname, then the questions as the facilitator
opens them. The page refreshes itself; answers are saved the moment they are sent."""
from datetime import timedelta
from typing import Any

import streamlit as st

from itlead.content.case_study import Decision
from itlead.i18n import _
from itlead.learning.scoring import ResponseError, evaluate, score
from itlead.ui import errors, keys, live_views, resources, visitor
from itlead.ui.survey import survey_form
from itlead.ui.text import escape_md, tx, wkey
from itlead.ui.widgets import Incomplete, answer_input, check_complete, show_outcome
from itlead.workshop.facilitator_auth import AuthError
from itlead.workshop.live import LiveAnswer, LiveError, LiveSession, admit

live, course = resources.live(), resources.course()
token = st.session_state.get(keys.LIVE_TOKEN) or st.query_params.get("p")
participant = live.participant(token) if token else None

if participant is None:
    st.title(_("Join a workshop"))
    with st.form("join"):
        code = st.text_input(_("Join code"), value=st.query_params.get("join", ""), max_chars=12,
                             placeholder="K7Q2MX")
        nickname = st.text_input(_("Your nickname"), max_chars=40,
                                 help=_("Anything you like. Other participants never see your answers."))
        team = st.text_input(_("Your table or team (optional)"), max_chars=40)
        joined = st.form_submit_button(_("Join"), type="primary")
    if joined:
        try:
            participant, token = admit(live, resources.gate().throttle, code, nickname, team,
                                       st.session_state.get(keys.LOCALE), client=visitor.client_id(),
                                       browser=visitor.browser_id(), trusted=visitor.is_local())
        except (LiveError, AuthError) as exc:
            st.warning(str(exc))
        else:
            st.session_state[keys.LIVE_TOKEN] = token
            st.query_params["join"] = live.get(participant.session_id).code
            st.query_params["p"] = token
            st.rerun()
    st.stop()

st.session_state[keys.LIVE_TOKEN] = token
st.query_params["p"] = token


def evaluate_workshop(session_id: int) -> None:
    bank = course.banks.get("workshop-evaluation")
    key = keys.evaluated(session_id)
    if bank is None or st.session_state.get(key):
        return
    st.subheader(tx(bank.title))
    answers = survey_form(bank, keys.evaluation_form(session_id))
    if answers is not None:
        live.save_evaluation(session_id, f"participant {participant.id}", bank.id, answers)
        st.session_state[key] = True
        st.success(_("Thank you: your evaluation is saved, without your name."))


@st.fragment(run_every=timedelta(seconds=2))
@errors.resilient
def live_panel() -> None:
    snap = live_views.shared_poll(participant.session_id)
    if snap is None:
        st.warning(_("This workshop no longer exists."))
        return
    session = live_views.shared_session(participant.session_id, snap)
    st.caption(_("Joined as {name}").format(name=escape_md(participant.nickname))
               + (f" · {escape_md(participant.team)}" if participant.team else ""))
    if session.state == "lobby":
        st.info(_("You are in. Waiting for the facilitator to start… ({n} joined)").format(n=snap.participants))
        return
    if session.state == "ended":
        st.success(_("The session has ended. Thank you for taking part!"))
        evaluate_workshop(session.id)
        return
    item = live_views.current_item(session, course)
    if item is None:
        st.info(_("Waiting for the next item…"))
        return
    st.markdown(f"**{_('Item')} {session.position + 1}**")
    st.markdown(tx(item.text if isinstance(item, Decision) else item.stem))
    mine = live.my_answer(participant, session.position)
    if session.state == "open":
        answer_open_item(session, item, mine)
    else:
        show_closed_item(session, item, mine)


def answer_open_item(session: LiveSession, item: Any, mine: LiveAnswer | None) -> None:
    """The answer form while the item is open; the answer is stored before the confirmation shows."""
    left = session.seconds_left()
    if left is not None:
        st.caption(_("{s} seconds left").format(s=left))
    key = wkey(f"live:{session.id}:{session.position}")
    if isinstance(item, Decision):
        texts = {c.id: tx(c.text) for c in item.choices}
        response = st.radio(_("Your vote"), list(texts), index=None, key=key, format_func=texts.__getitem__)
    else:
        response = answer_input(item, session.id, key)
    if mine is not None:
        st.caption(_("Your answer is saved. You can change it until the question closes."))
    if st.button(_("Send my answer") if mine is None else _("Change my answer"), type="primary",
                 key=f"{key}:send"):
        try:
            fraction = None
            if not isinstance(item, Decision):
                check_complete(item, response)
                fraction = evaluate(item, response).fraction
            elif response is None:
                raise Incomplete(_("Please choose an option first."))
            stored = sorted(response) if isinstance(response, (set, frozenset)) else response
            live.submit(participant, session.position, session.item_ids[session.position], stored, fraction)
        except (Incomplete, ResponseError, LiveError) as exc:
            st.warning(str(exc))
        else:
            st.success(_("Your answer is saved. You can change it until the question closes."))


def show_closed_item(session: LiveSession, item: Any, mine: LiveAnswer | None) -> None:
    """After the lock: whether an answer was saved; after the reveal, the room's decision or the learner's result."""
    if mine is None:
        st.info(_("Answers are closed. You did not answer this one."))
    elif session.state == "locked":
        st.info(_("Answers are closed. Yours is saved; wait for the reveal."))
    if session.state == "revealed":
        if isinstance(item, Decision):
            run = live_views.decision_run(session, course)
            chosen = session.case_choices[-1] if session.case_choices else None
            label = next((tx(c.text) for c in item.choices if c.id == chosen), "")
            st.success(_("The room decided") + f": **{label}**")
            if run is not None and run.steps:
                st.markdown(tx(run.steps[-1].consequence))
        elif mine is not None and item.scored:
            show_outcome(item, score(item, mine.response))
        elif mine is not None:
            st.info(_("Thank you: your answer is on the facilitator's screen, without your name."))


live_panel()

