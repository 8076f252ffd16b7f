"""Running an attempt: one question at a time, every try committed to the store before its feedback shows.

The attempt's state is always rebuilt from the stored tries, so a reload, a lost connection or a server
restart shows exactly what the learner had done, and feedback is tied to the question it belongs to.
"""
from __future__ import annotations

import secrets
from typing import Any

import streamlit as st

from ..i18n import N_, _, current_locale
from ..learning.answers import AnswerError, Answers, unanswered
from ..learning.attempts import QuestionState, attempt_summary
from ..learning.scoring import Summary
from ..store.repo import Attempt, Learner
from . import keys, resources
from .text import tx
from .widgets import answer_input, certainty_input, initial_value, key_for, show_outcome

VERDICTS = {"well calibrated": N_("well calibrated"), "over-confident": N_("over-confident"),
            "under-confident": N_("under-confident"), "no answers": N_("no answers")}


def start_attempt(learner: Learner, bank_id: str, purpose: str, behaviour: str, question_ids: list[str],
                  module_id: str | None = None) -> Attempt:
    return resources.store().start_attempt(learner.id, bank_id, purpose, behaviour, question_ids,
                                         seed=secrets.randbelow(2**31), module_id=module_id)


def open_attempt(learner: Learner, bank_id: str, purpose: str) -> Attempt | None:
    """The learner's unfinished attempt at this bank, if any (to continue where they left off)."""
    unfinished = resources.store().attempts(learner.id, purpose=purpose, bank_id=bank_id, finished=False)
    return unfinished[-1] if unfinished else None


def answers() -> Answers:
    return Answers(resources.store(), current_locale())


def states_for(attempt: Attempt, questions: dict[str, Any]) -> dict[str, QuestionState]:
    return answers().states(attempt, questions)


def run_attempt(learner: Learner, attempt: Attempt, questions: dict[str, Any]) -> Summary | None:
    """Render the attempt. Returns the summary once the attempt is finished, else None. What a learner types is
    kept as a draft as soon as the page sees it (on Next, Previous, any other click, or a reload), so moving on
    never loses it."""
    service = answers()
    states = service.states(attempt, questions)
    if attempt.finished_at is not None:
        return attempt_summary(states, questions)
    ids = list(attempt.question_ids)
    deferred = attempt.behaviour == "deferred"
    drafts = resources.store().drafts(attempt.id)
    pos_key = keys.question_position(attempt.id)
    if pos_key not in st.session_state:
        st.session_state[pos_key] = next((i for i, q in enumerate(ids) if not _done(states[q], deferred)), 0)
    pos = min(st.session_state[pos_key], len(ids) - 1)
    answered = sum(_done(states[q], deferred) or (deferred and q in drafts) for q in ids)
    st.progress(answered / len(ids), text=_("{done} of {total} answered").format(done=answered, total=len(ids)))

    qid = ids[pos]
    st.markdown(f"**{_('Question')} {pos + 1} / {len(ids)}**")
    st.markdown(tx(questions[qid].stem))
    _question_body(service, attempt, questions[qid], states[qid], drafts)
    _navigation(service, attempt, questions, states, pos, pos_key)
    return None


def _navigation(service: Answers, attempt: Attempt, questions: dict[str, Any], states: dict[str, QuestionState],
                pos: int, pos_key: str) -> None:
    ids = list(attempt.question_ids)
    deferred = attempt.behaviour == "deferred"
    cols = st.columns(3)
    if cols[0].button(_("Previous"), key=f"prev:{attempt.id}", disabled=pos == 0, width="stretch"):
        st.session_state[pos_key] = pos - 1
        st.rerun()
    if cols[1].button(_("Next"), key=f"next:{attempt.id}", disabled=pos == len(ids) - 1, width="stretch"):
        st.session_state[pos_key] = pos + 1
        st.rerun()
    all_done = all(_done(states[q], deferred) for q in ids)
    label = _("Submit all answers") if deferred else _("Finish")
    if cols[2].button(label, key=f"finish:{attempt.id}", type="primary", disabled=not (all_done or deferred),
                      width="stretch"):
        missing = unanswered(ids, states, resources.store().drafts(attempt.id))
        if deferred and missing:
            st.session_state[keys.confirm_submit(attempt.id)] = True
        else:
            _finish(service, attempt, questions)
    if st.session_state.get(keys.confirm_submit(attempt.id)):
        missing = unanswered(ids, states, resources.store().drafts(attempt.id))
        numbers = ", ".join(str(ids.index(q) + 1) for q in missing)
        st.warning(_("These questions have no answer and will score zero: {numbers}.").format(numbers=numbers))
        if st.button(_("Submit anyway"), key=f"confirm-btn:{attempt.id}"):
            _finish(service, attempt, questions)


def _done(state: QuestionState, deferred: bool) -> bool:
    return bool(state.tries) if deferred else state.finished


def _finish(service: Answers, attempt: Attempt, questions: dict[str, Any]) -> None:
    service.finish(attempt, questions)
    st.session_state.pop(keys.confirm_submit(attempt.id), None)
    st.rerun()


def _question_body(service: Answers, attempt: Attempt, question: Any, state: QuestionState,
                   drafts: dict[str, Any]) -> None:
    deferred = attempt.behaviour == "deferred"
    if state.finished and not deferred:
        st.caption(_("Your answer is saved."))
        assert state.outcome is not None
        show_outcome(question, state.outcome)
        return
    if state.outcome is not None and not deferred:
        show_outcome(question, state.outcome)  # a wrong try with tries left: the feedback for it, and a hint
    shown = service.shown(attempt, question, state, drafts)
    try_no = state.stored_tries + 1
    response = answer_input(question, attempt.seed, key_for(attempt.id, question.id, try_no), value=shown.value)
    certainty = None
    if attempt.behaviour == "cbm" and question.scored:
        certainty = certainty_input(key_for(attempt.id, question.id, try_no, "certainty"), value=shown.certainty)
    if response != initial_value(question, attempt.seed, shown.value) or certainty != shown.certainty:
        service.keep_draft(attempt, question, shown, response, certainty)
    if deferred and (state.tries or shown.from_draft):
        st.caption(_("Your answer is kept: you can change it until you submit all answers."))
    label = _("Save answer") if deferred or not question.scored else _("Check")
    if st.button(label, key=key_for(attempt.id, question.id, try_no, "submit"), type="primary"):
        try:
            service.submit(attempt, question, state, response, certainty)
        except AnswerError as exc:
            st.warning(str(exc))
            return
        st.rerun()


def attempt_summary_for(attempt: Attempt, questions: dict[str, Any]) -> Summary:
    return attempt_summary(states_for(attempt, questions), questions)


def show_summary(summary: Summary, threshold: float | None = None) -> None:
    """The attempt's totals; with certainty-based marking, accuracy and calibration apart."""
    cols = st.columns(3)
    cols[0].metric(_("Score"), f"{summary.percent:.0f}%")
    cols[1].metric(_("Marks"), f"{summary.marks:g} / {summary.max_marks:g}")
    if threshold is not None:
        passed = summary.percent >= 100 * threshold - 1e-9
        cols[2].metric(_("Mastery"), _("Mastered") if passed else _("Not yet"),
                       help=_("Mastery needs {p:.0f}%").format(p=100 * threshold))
    if summary.cbm_average is not None and summary.accuracy is not None:
        st.markdown(f"**{_('Certainty-based marking')}**: {_('accuracy')} {100 * summary.accuracy:.0f}% · "
                    f"{_('average CBM mark')} {summary.cbm_average:+.2f} ({_('from -6 to +3')}) · "
                    f"{_('CBM bonus')} {summary.cbm_bonus:+.2f}")
        rows = [{_("Certainty"): f"C{b.certainty}", _("Answers"): b.answers,
                 _("Accuracy"): "–" if b.accuracy is None else f"{100 * b.accuracy:.0f}%",
                 _("Best used when you are right"): f"{100 * b.target[0]:.0f}–{100 * b.target[1]:.0f}%",
                 _("Verdict"): _(VERDICTS[b.verdict])} for b in summary.calibration]
        st.dataframe(rows, hide_index=True, width="stretch")
        st.caption(_("Calibration: knowing how sure to be is a leadership skill. Over-confidence costs most."))


def show_review(attempt: Attempt, questions: dict[str, Any]) -> None:
    """Every question of a finished attempt with its feedback."""
    states = states_for(attempt, questions)
    for i, qid in enumerate(attempt.question_ids, start=1):
        question, state = questions[qid], states[qid]
        with st.expander(f"{i}. {tx(question.stem)[:90]}", expanded=False):
            st.markdown(tx(question.stem))
            if state.outcome is None:
                st.info(_("Not answered."))
            else:
                show_outcome(question, state.outcome)
