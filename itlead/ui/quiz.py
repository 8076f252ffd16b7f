"""Running an attempt: one question at a time, every try committed to the store before its feedback shows.

The attempt's state is always rebuilt from the stored tries, so a reload, a lost connection or a server
restart shows exactly what the learner had done, and feedback is tied to the question it belongs to.
"""
from __future__ import annotations

import secrets
from typing import Any, Callable

import streamlit as st

from ..i18n import N_, _
from ..learning.attempts import QuestionState, attempt_summary, replay
from ..learning.scoring import ResponseError, Summary, evaluate, score
from ..store.repo import Attempt, Learner
from . import keys, resources
from .text import tx
from .widgets import Incomplete, answer_input, certainty_input, check_complete, key_for, show_outcome

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


def states_for(attempt: Attempt, questions: dict[str, Any]) -> dict[str, QuestionState]:
    return replay(questions, attempt.question_ids, attempt.behaviour, resources.store().responses(attempt.id))


def run_attempt(learner: Learner, attempt: Attempt, questions: dict[str, Any],
                on_saved: Callable[[Any, Any], None] | None = None) -> Summary | None:
    """Render the attempt. Returns the summary once the attempt is finished, else None."""
    states = states_for(attempt, questions)
    if attempt.finished_at is not None:
        return attempt_summary(states, questions)
    ids = list(attempt.question_ids)
    deferred = attempt.behaviour == "deferred"
    pos_key = keys.question_position(attempt.id)
    if pos_key not in st.session_state:
        st.session_state[pos_key] = next((i for i, q in enumerate(ids) if not _done(states[q], deferred)), 0)
    pos = min(st.session_state[pos_key], len(ids) - 1)
    answered = sum(_done(states[q], deferred) for q in ids)
    st.progress(answered / len(ids), text=_("{done} of {total} answered").format(done=answered, total=len(ids)))

    qid = ids[pos]
    question, state = questions[qid], states[qid]
    st.markdown(f"**{_('Question')} {pos + 1} / {len(ids)}**")
    st.markdown(tx(question.stem))
    _question_body(learner, attempt, question, state, on_saved)

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
        if deferred and not all_done:
            st.session_state[keys.confirm_submit(attempt.id)] = True
        else:
            _finish(attempt, states, questions)
    if st.session_state.get(keys.confirm_submit(attempt.id)):
        missing = len(ids) - answered
        st.warning(_("{n} question(s) have no answer and will score zero.").format(n=missing))
        if st.button(_("Submit anyway"), key=f"confirm-btn:{attempt.id}"):
            _finish(attempt, states, questions)
    return None


def _done(state: QuestionState, deferred: bool) -> bool:
    return bool(state.tries) if deferred else state.finished


def _finish(attempt: Attempt, states: dict[str, QuestionState], questions: dict[str, Any]) -> None:
    summary = attempt_summary(states, questions)
    resources.store().finish_attempt(attempt.id, summary.marks, summary.max_marks)
    st.rerun()


def _question_body(learner: Learner, attempt: Attempt, question: Any, state: QuestionState,
                   on_saved: Callable[[Any, Any], None] | None) -> None:
    deferred = attempt.behaviour == "deferred"
    if state.finished and not deferred:
        st.caption(_("Your answer is saved."))
        assert state.outcome is not None
        show_outcome(question, state.outcome)
        return
    if state.outcome is not None and not deferred:
        show_outcome(question, state.outcome)  # a wrong try with tries left: show the hint
    try_no = len(state.tries) + 1
    response = answer_input(question, attempt.seed, key_for(attempt.id, question.id, try_no))
    certainty = None
    if attempt.behaviour == "cbm" and question.scored:
        certainty = certainty_input(key_for(attempt.id, question.id, try_no, "certainty"))
    if deferred and state.tries:
        st.caption(_("Saved answer: you can change it until you submit."))
    label = _("Save answer") if deferred or not question.scored else _("Check")
    if st.button(label, key=key_for(attempt.id, question.id, try_no, "submit"), type="primary"):
        try:
            check_complete(question, response)
            if attempt.behaviour == "cbm" and question.scored and certainty is None:
                raise Incomplete(_("Say how sure you are before checking."))
            if deferred:
                evaluation = evaluate(question, response)
                outcome_fields = dict(state="answered" if evaluation.fraction is None else "saved", finished=True)
                outcome_fields.update(fraction=evaluation.fraction)
            else:
                outcome = score(question, response, attempt.behaviour, certainty, previous=state.tries)  # type: ignore[arg-type]
                outcome_fields = dict(state=outcome.state, finished=outcome.finished, fraction=outcome.fraction,
                                      mark=outcome.mark, cbm_mark=outcome.cbm_mark)
        except Incomplete as exc:
            st.warning(str(exc))
            return
        except ResponseError as exc:
            st.error(str(exc))
            return
        stored = _jsonable(response)
        resources.store().record_response(attempt.id, question.id, try_no, stored, certainty=certainty,
                                        **outcome_fields)  # type: ignore[arg-type]
        if on_saved is not None:
            on_saved(question, response)
        st.rerun()


def _jsonable(response: Any) -> Any:
    if isinstance(response, (set, frozenset)):
        return sorted(response)
    return response


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
