"""Facilitate (behind the passcode): set up a live session, show the join code and QR, run it item by item
with live results, moderation and presenter notes."""
import io
from collections import Counter
from datetime import date, timedelta
from typing import Callable

import segno
import streamlit as st

from itlead.content.case_study import Decision, Ending
from itlead.i18n import LANGUAGE_NAMES, N_, _
from itlead.interop.report_docs import report_markdown, report_pdf
from itlead.learning import cases
from itlead.ui import auth_forms, errors, keys, live_views, resources, visitor
from itlead.ui.survey import survey_form
from itlead.ui.text import escape_md, labelled, tx
from itlead.workshop.bank_picker import BankChoice, live_banks
from itlead.workshop.live import LiveError, distribution, room_decision
from itlead.workshop.report import Report, build_report

STATE_NAMES = {"lobby": N_("lobby"), "open": N_("open"), "locked": N_("locked"), "revealed": N_("revealed"),
               "ended": N_("ended")}

auth_forms.require_facilitator()
live, course = resources.live(), resources.course()
st.title(_("Facilitate"), anchor=False)

PURPOSE_NAMES = {"check": N_("module check"), "practice": N_("practice"), "pretest": N_("pre-test"),
                 "posttest": N_("post-test"), "survey": N_("survey")}


def bank_label(choice: BankChoice) -> str:
    """'Module 2 · Practice: Title' (or 'Whole course · …'), so a bank is found by module and purpose."""
    where = (_("Module {n}").format(n=choice.module_number) + f" {tx(course.module(choice.module_id).title)}"
             if choice.module_id else _("Whole course"))
    purpose = _(PURPOSE_NAMES.get(choice.purpose, choice.purpose))
    return f"{where} · {purpose}: {tx(course.banks[choice.bank_id].title)}" + adapted(choice.bank_id, choice.adapts)


def adapted(item_id: str, adapts: str | None) -> str:
    """' · adapted: <id> (from <original>)' for a pack's version of a shipped bank or case, so it can be told apart."""
    return " · " + _("adapted: {id} (from {original})").format(id=item_id, original=adapts) if adapts else ""


SOURCES = {"bank": _("A question bank"), "pick": _("Questions I pick"), "case": _("A case study (tables vote)")}


def new_session_form() -> None:
    """A new live session: a bank, chosen questions or a case, with its timer, leaderboard and room language."""
    with st.expander(_("New live session"), expanded=not live.sessions()):
        source = st.radio(_("What to run"), list(SOURCES), format_func=SOURCES.__getitem__, horizontal=True)
        title = st.text_input(_("Title shown to participants"), value=_("Workshop exercise"), max_chars=120)
        items: list[str] = []
        case_id = None
        tests_too = st.checkbox(_("Also list pre-tests, post-tests and surveys (running one live shows its "
                                  "questions to the room)"), key=keys.LIVE_TESTS_TOO)
        banks = {c.bank_id: bank_label(c) for c in live_banks(course, include_tests_and_surveys=tests_too)}
        if source in ("bank", "pick"):
            bank_id = st.selectbox(_("Bank"), list(banks), format_func=banks.__getitem__)
            questions = course.banks[bank_id].questions if bank_id else ()
            if source == "bank":
                items = [q.id for q in questions]
            else:
                stems = {q.id: f"{tx(q.stem)[:90]} [{q.type}]" for q in questions}
                items = st.multiselect(_("Questions, in the order to run them"), list(stems), format_func=stems.__getitem__)
        else:
            case_titles = {c.id: tx(c.title) + adapted(c.id, c.adapts) for c in course.cases.values()}
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


new_session_form()

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

def join_panel() -> None:
    """The join code, the address phones open (with a warning when they cannot) and its QR code."""
    address = visitor.join_address()
    join_url = address.join_url(session.code)
    left, right = st.columns([2, 1])
    t_join_code = _("Join code")
    left.subheader(f"{t_join_code}: `{session.code}`", anchor=False)
    t_join_at = _("Join at")
    left.markdown(f"{t_join_at}: `{join_url.replace('`', '')}`")  # as code: no Markdown, no mangled link
    if not address.reachable:
        left.warning(_("Phones cannot open this address: it names this computer itself (localhost). Start the app "
                       "with `--server.address 0.0.0.0`, then open it here by the laptop's network address (for "
                       "example http://192.168.1.20:8501), or set ITLEAD_PUBLIC_URL to the address phones can reach. "
                       "The facilitator guide gives the exact command."), icon=":material/wifi_off:")
    png = io.BytesIO()
    segno.make(join_url, error="m").save(png, kind="png", scale=6, border=2)
    right.image(png.getvalue(), caption=_("Scan to join"), width=180,
                alt=_("QR code of the join address") + f" {join_url}")


join_panel()


def projector_links() -> None:
    """Signed links that open this session's projection on another screen, without the passcode."""
    links = resources.projector_links()
    st.caption(_("Open the link on the computer connected to the projector: it shows this session only, with no "
                 "menus and no answers before the reveal, and keeps working after a reload. Revoke it when done."))
    if st.button(_("Create a projector link")):
        links.issue(session.id)
    for n, token in enumerate(links.active(session.id)):
        url = f"{visitor.app_origin()}/projection?screen={token}"
        link_col, open_col, revoke_col = st.columns([6, 2, 2], vertical_alignment="center")
        link_col.code(url, language=None)
        open_col.link_button(_("Open"), url, width="stretch")
        if revoke_col.button(_("Revoke"), key=f"revoke:{token}", width="stretch"):
            links.revoke(token)
            st.rerun()


with st.expander(_("Projector"), icon=":material/present_to_all:", expanded=session.state == "lobby"):
    projector_links()

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


@st.fragment(run_every=timedelta(seconds=1.5))
@errors.resilient
def decision_selector() -> None:
    """The room's decision, following the votes as they arrive; the facilitator may override it."""
    current = live.get(session.id)
    shown = live_views.current_item(current, course) if current else None
    if not isinstance(shown, Decision) or current.state not in ("open", "locked"):
        return
    options = live_views.lettered_options(shown, current.id)
    order = [c.id for c in shown.choices]
    suggested = room_decision(live.answers(current.id, current.position), order)
    override = override_for(current.id, current.position)
    shown_keys = [k for k, _l, _t in options]
    texts = {k: f"{letter}. {label}" for k, letter, label in options}
    picked = st.selectbox(_("The room's decision (majority of tables; you may override)"), shown_keys,
                          index=shown_keys.index(override or suggested), format_func=texts.__getitem__,
                          key=keys.room_decision(current.id, current.position, suggested))
    st.session_state[keys.ROOM_OVERRIDE] = (current.id, current.position, picked) if picked != suggested else None


def override_for(session_id: int, position: int) -> str | None:
    stored = st.session_state.get(keys.ROOM_OVERRIDE)
    return stored[2] if stored and tuple(stored[:2]) == (session_id, position) else None


decision_selector()
if controls[2].button(_("Reveal"), disabled=session.state not in ("open", "locked"), width="stretch"):
    room_choice = None
    if isinstance(item, Decision):  # the votes as they stand now, unless the facilitator overrode them
        room_choice = room_decision(live.answers(session.id, session.position), [c.id for c in item.choices],
                                    override_for(session.id, session.position))
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
    options = live_views.lettered_options(shown, current.id)
    if options:
        counts = distribution(answers, [k for k, _l, _t in options])
        reveal = live_views.correct_keys(shown) if current.state == "revealed" else set()
        if isinstance(shown, Decision) and current.state == "revealed" and current.case_choices:
            chosen = next((f"{letter}. {label}" for k, letter, label in options if k == current.case_choices[-1]), "")
            st.subheader(_("The room chose") + f": {chosen}", anchor=False)
        live_views.results_chart(counts, options, reveal)
        if isinstance(shown, Decision) and any(a.team for a in answers):
            teams: dict[str, Counter[str]] = {}
            for a in answers:
                teams.setdefault(a.team or "—", Counter())[str(a.response)] += 1
            st.dataframe([{_("Table"): team, **{letter: votes.get(k, 0) for k, letter, _t in options}}
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
        right_keys, t_correct = live_views.correct_keys(item), _("correct")
        for key, letter, label in live_views.lettered_options(item, session.id):
            st.markdown(f"**{letter}.** {label}" + (f" · :material/check_circle: {t_correct}" if key in right_keys
                                                     else ""))
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
        debrief_answers = survey_form(debrief, f"debrief:{session.id}")
        if debrief_answers is not None:
            live.save_evaluation(session.id, "facilitator", debrief.id, debrief_answers)
            st.success(_("Debrief saved."))


def workshop_report() -> None:
    """One PDF and a Markdown copy for the organiser, built from the database when a button is clicked."""
    titles = {s.id: f"{s.title} · {s.code}" for s in active}
    chosen_ids = st.multiselect(_("Sessions in the report"), list(titles), default=[session.id],
                                format_func=labelled(list(titles), titles.__getitem__))

    def build() -> Report:
        return build_report(live, course, chosen_ids, resources.store().cohort_rows(("pretest", "posttest")),
                            date.today())

    pdf_col, md_col = st.columns(2)
    pdf_col.download_button(_("Workshop report (PDF)"), lambda: report_pdf(build()), file_name="workshop-report.pdf",
                            mime="application/pdf", width="stretch", disabled=not chosen_ids)
    md_col.download_button(_("Workshop report (Markdown)"), lambda: report_markdown(build()),
                           file_name="workshop-report.md", mime="text/markdown", width="stretch",
                           disabled=not chosen_ids)


with st.expander(_("Workshop report for the organiser"), icon=":material/summarize:",
                 expanded=session.state == "ended"):
    st.caption(_("Attendance, the pre/post gain per module, the evaluation (comments without names), the hardest "
                 "items with how the room answered, and your debrief, in your language."))
    workshop_report()
