"""Join a live workshop: a code (or ?join=CODE from the QR), a nickname, then the questions as the facilitator
opens them. The page refreshes itself; answers are saved the moment they are sent."""
from datetime import timedelta
from typing import Any

import streamlit as st

from itlead.content.case_study import Decision
from itlead.i18n import _, current_locale
from itlead.learning.answers import AnswerError, live_outcome, submit_live, widget_value
from itlead.server import live_events
from itlead.ui import errors, keys, live_views, refresh, resources, visitor
from itlead.ui.survey import survey_form
from itlead.ui.text import escape_md, tx, wkey
from itlead.ui.widgets import answer_input, show_outcome
from itlead.workshop.facilitator_auth import AuthError
from itlead.workshop.live import LiveAnswer, LiveError, LiveSession, Participant, admit

live, course = resources.live(), resources.course()
token = st.session_state.get(keys.LIVE_TOKEN) or st.query_params.get("p")
participant = live.participant(token) if token else None


def join_form() -> tuple[Participant, str] | None:
    """The join form, until the code and nickname are accepted: then the form leaves the page and the session's
    panel follows in the same run (no second run per participant joining)."""
    area = st.empty()
    with area.container():
        st.title(_("Join a workshop"), anchor=False)
        with st.form("join"):
            code = st.text_input(_("Join code"), value=st.query_params.get("join", ""), max_chars=12,
                                 placeholder="K7Q2MX")
            nickname = st.text_input(_("Your nickname"), max_chars=40,
                                     help=_("Anything you like. Other participants never see your answers."))
            team = st.text_input(_("Your table or team (optional)"), max_chars=40)
            joined = st.form_submit_button(_("Join"), type="primary")
        if not joined:
            return None
        try:
            admitted = admit(live, resources.gate().throttle, code, nickname, team, st.session_state.get(keys.LOCALE),
                             client=visitor.client_id(), browser=visitor.browser_id(), trusted=visitor.is_local())
        except (LiveError, AuthError) as exc:
            st.warning(str(exc))
            return None
    area.empty()
    st.query_params["join"] = live.get(admitted[0].session_id).code
    return admitted


if participant is None:
    admitted = join_form()
    if admitted is None:
        st.stop()
    participant, token = admitted

st.session_state[keys.LIVE_TOKEN] = token
st.query_params["p"] = token
if live_events.mounted():
    st.html(refresh.HIDE_BUTTON)  # styles only: applied at once, before the panel draws the button
    st.html(refresh.follow_script(token, live_events.PATH), unsafe_allow_javascript=True)


def evaluate_workshop(session_id: int) -> None:
    """The evaluation form until it is stored; then, from the database, that it was already sent."""
    bank = course.banks.get("workshop-evaluation")
    if bank is None:
        return
    if live.participant_evaluated(participant, bank.id):
        st.info(_("Your evaluation is already submitted. Thank you!"))
        return
    st.subheader(tx(bank.title), anchor=False)
    answers = survey_form(bank, keys.evaluation_form(session_id))
    if answers is None:
        return
    if live.submit_participant_evaluation(participant, bank.id, answers):
        st.success(_("Thank you: your evaluation is saved, without your name."))
    else:
        st.warning(_("Your evaluation is already submitted; this second one was not saved."))


@st.fragment(run_every=timedelta(seconds=refresh.ANSWERING))
@errors.resilient
def live_panel() -> None:
    """The participant's view of the session; it reruns when the session changes (see itlead/ui/refresh.py)."""
    if live_events.mounted():
        st.button(_("Refresh"), key=refresh.BUTTON_KEY)  # hidden; pressed by the page script on a change
    snap = live_views.shared_poll(participant.session_id)
    if snap is None:
        st.warning(_("This workshop no longer exists."))
        refresh.refresh_in(None)
        return
    session = live_views.shared_session(participant.session_id, snap)
    st.caption(_("Joined as {name}").format(name=escape_md(participant.nickname))
               + (f" · {escape_md(participant.team)}" if participant.team else ""))
    answered = show_session(session, snap.participants)
    refresh.refresh_in(refresh.interval(session.state, answered, pushed=live_events.mounted(),
                                        timed=session.seconds_left() is not None))


def show_session(session: LiveSession, joined: int) -> bool:
    """What the participant sees in the session's current state; True when the open item is answered."""
    if session.state == "lobby":
        st.info(_("You are in. Waiting for the facilitator to start… ({n} joined)").format(n=joined))
        return False
    if session.state == "ended":
        st.success(_("The session has ended. Thank you for taking part!"))
        evaluate_workshop(session.id)
        return False
    item = live_views.current_item(session, course)
    if item is None:
        st.info(_("Waiting for the next item…"))
        return False
    t_item = _("Item")
    st.markdown(f"**{t_item} {session.position + 1}**  \n" + tx(item.text if isinstance(item, Decision) else item.stem))
    mine = my_answer(session)
    if session.state == "open":
        return answer_open_item(session, item, mine) is not None
    show_closed_item(session, item, mine)
    return mine is not None


def my_answer(session: LiveSession) -> LiveAnswer | None:
    """This participant's stored answer to the current item: read from the database once per item and kept for
    the panel's reruns; sending an answer replaces it with what was stored."""
    key = keys.live_answer(session.id, session.position)
    if key not in st.session_state:
        st.session_state[key] = live.my_answer(participant, session.position)
    return st.session_state[key]


def answer_open_item(session: LiveSession, item: Any, mine: LiveAnswer | None) -> LiveAnswer | None:
    """The answer form while the item is open, and the stored answer after it. It shows the stored answer, and
    the confirmation is drawn from what is stored, so neither a reconnect nor the panel's next refresh can hide
    it."""
    left = session.seconds_left()
    if left is not None:
        st.caption(_("{s} seconds left").format(s=left))
    key = wkey(f"live:{session.id}:{session.position}")
    stored = mine.response if mine is not None else None
    if isinstance(item, Decision):
        order = [c.id for c in item.choices]
        texts = {c.id: f"{chr(65 + n)}. {tx(c.text)}" for n, c in enumerate(item.choices)}
        response = st.radio(_("Your vote"), order, index=order.index(stored) if stored in order else None, key=key,
                            format_func=texts.__getitem__)
        shown = stored
    else:
        shown = widget_value(item, stored, current_locale())
        response = answer_input(item, session.id, key, value=shown, lettered=True)
    if st.button(_("Send my answer") if mine is None else _("Change my answer"), type="primary",
                 key=f"{key}:send"):
        try:
            submit_live(live, participant, session.position, session.item_ids[session.position], item, response,
                        current_locale())
        except (AnswerError, LiveError) as exc:
            st.warning(str(exc))
            return mine
        mine = live.my_answer(participant, session.position)  # confirm from what is stored, not from the click
        st.session_state[keys.live_answer(session.id, session.position)] = mine
        shown = response
    if mine is not None:
        st.success(_("Your answer is saved. You can change it until the question closes."))
        if response != shown:
            st.caption(_("You have changed your answer: send it to replace the saved one."))
    return mine


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
            show_outcome(item, live_outcome(item, mine.response))
        elif mine is not None:
            st.info(_("Thank you: your answer is on the facilitator's screen, without your name."))


live_panel()

