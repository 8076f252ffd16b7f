"""Running an attempt: one question at a time, every try committed to the store before its feedback shows.

The attempt's state is always rebuilt from the stored tries, so a reload, a lost connection or a server
restart shows exactly what the learner had done, and feedback is tied to the question it belongs to.
"""
from __future__ import annotations

import secrets
from textwrap import shorten
from typing import Any

import streamlit as st

from ..i18n import N_, _, current_locale
from ..learning.answers import AnswerError, Answers, unanswered
from ..learning.attempts import QuestionState, attempt_summary
from ..learning.numbers import format_number
from ..learning.scoring import Summary
from ..store.repo import Attempt, Learner
from . import keys, resources
from .scrolling import focus_container
from .text import tx
from .widgets import CERTAINTY_LABELS, answer_input, certainty_input, initial_value, key_for, show_outcome

VERDICTS = {"well calibrated": N_("well judged"), "over-confident": N_("too sure: you were right less often than "
                                                                     "this level needs"),
            "under-confident": N_("not sure enough: you could have said you were surer"),
            "no answers": N_("no answers"), "too few answers": N_("too few answers to judge")}
RESULTS = {"correct": N_("Correct"), "partial": N_("Partly correct"), "incorrect": N_("Not correct"),
           "unanswered": N_("Not answered"), "answered": N_("Answered"), "saved": N_("Answered")}
RESULT_ICONS = {"correct": ":material/check_circle:", "partial": ":material/adjust:",
                "incorrect": ":material/cancel:", "unanswered": ":material/radio_button_unchecked:"}


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
    drafts = service.drafts(attempt)
    pos_key = keys.question_position(attempt.id)
    if pos_key not in st.session_state:  # a reload returns to the question in the URL, else the first one left
        in_url = _position_in_url(attempt, len(ids))
        st.session_state[pos_key] = in_url if in_url is not None else next(
            (i for i, q in enumerate(ids) if not _done(states[q], deferred)), 0)
    pos = min(st.session_state[pos_key], len(ids) - 1)
    st.query_params["question"] = f"{attempt.id}-{pos + 1}"
    bar = st.empty()  # filled once this run has kept any new draft
    qid = ids[pos]
    t_question = _("Question")
    with st.container(key=f"question-{attempt.id}-{pos}"):  # where focus goes after Next and Previous
        st.markdown(f"**{t_question} {pos + 1} / {len(ids)}**")
        st.markdown(tx(questions[qid].stem))
    if st.session_state.pop(keys.FOCUS_QUESTION, False):
        focus_container(f"question-{attempt.id}-{pos}")
    if _question_body(service, attempt, questions[qid], states[qid], drafts):
        drafts = service.drafts(attempt)
    answered = sum(_done(states[q], deferred) or (deferred and q in drafts) for q in ids)
    bar.progress(answered / len(ids), text=_("{done} of {total} answered").format(done=answered, total=len(ids)))
    _navigation(service, attempt, questions, states, pos, pos_key)
    return None


def _navigation(service: Answers, attempt: Attempt, questions: dict[str, Any], states: dict[str, QuestionState],
                pos: int, pos_key: str) -> None:
    ids = list(attempt.question_ids)
    deferred = attempt.behaviour == "deferred"
    cols = st.columns(3)
    if cols[0].button(_("Previous"), key=f"prev:{attempt.id}", disabled=pos == 0, width="stretch"):
        st.session_state[pos_key] = pos - 1
        st.session_state[keys.FOCUS_QUESTION] = True
        st.rerun()
    if cols[1].button(_("Next"), key=f"next:{attempt.id}", disabled=pos == len(ids) - 1, width="stretch"):
        st.session_state[pos_key] = pos + 1
        st.session_state[keys.FOCUS_QUESTION] = True
        st.rerun()
    all_done = all(_done(states[q], deferred) for q in ids)
    label = _("Submit all answers") if deferred else _("Finish")
    if cols[2].button(label, key=f"finish:{attempt.id}", type="primary", disabled=not (all_done or deferred),
                      width="stretch"):
        missing = unanswered(ids, states, service.drafts(attempt))
        if deferred and missing:
            st.session_state[keys.confirm_submit(attempt.id)] = True
        else:
            _finish(service, attempt, questions)
    if st.session_state.get(keys.confirm_submit(attempt.id)):
        missing = unanswered(ids, states, service.drafts(attempt))
        numbers = ", ".join(str(ids.index(q) + 1) for q in missing)
        st.warning(_("These questions have no answer and will score zero: {numbers}.").format(numbers=numbers))
        if st.button(_("Submit anyway"), key=f"confirm-btn:{attempt.id}"):
            _finish(service, attempt, questions)


def _position_in_url(attempt: Attempt, count: int) -> int | None:
    """The question index kept in the URL as `<attempt>-<number>`, if it belongs to this attempt."""
    owner, _sep, number = st.query_params.get("question", "").partition("-")
    if owner == str(attempt.id) and number.isdigit() and 0 < int(number) <= count:
        return int(number) - 1
    return None


def _done(state: QuestionState, deferred: bool) -> bool:
    return bool(state.tries) if deferred else state.finished


def _finish(service: Answers, attempt: Attempt, questions: dict[str, Any]) -> None:
    service.finish(attempt, questions)
    st.session_state.pop(keys.confirm_submit(attempt.id), None)
    st.rerun()


def _question_body(service: Answers, attempt: Attempt, question: Any, state: QuestionState,
                   drafts: dict[str, Any]) -> bool:
    """The question's feedback and input; returns True when it kept a new draft."""
    deferred = attempt.behaviour == "deferred"
    if state.finished and not deferred:
        st.caption(_("Your answer is saved."))
        assert state.outcome is not None
        show_outcome(question, state.outcome)
        return False
    if state.outcome is not None and not deferred:
        show_outcome(question, state.outcome)  # a wrong try with tries left: the feedback for it, and a hint
    shown = service.shown(attempt, question, state, drafts)
    try_no = state.stored_tries + 1
    response = answer_input(question, attempt.seed, key_for(attempt.id, question.id, try_no), value=shown.value)
    certainty = None
    if attempt.behaviour == "cbm" and question.scored:
        certainty = certainty_input(key_for(attempt.id, question.id, try_no, "certainty"), value=shown.certainty)
    kept = False
    if response != initial_value(question, attempt.seed, shown.value) or certainty != shown.certainty:
        kept = service.keep_draft(attempt, question, shown, response, certainty)
    if deferred and (state.tries or shown.from_draft or kept):
        st.caption(_("Your answer is kept: you can change it until you submit all answers."))
    label = _("Save answer") if deferred or not question.scored else _("Check")
    if st.button(label, key=key_for(attempt.id, question.id, try_no, "submit"), type="primary"):
        try:
            service.submit(attempt, question, state, response, certainty)
        except AnswerError as exc:
            st.warning(str(exc))
            return kept
        st.rerun()
    return kept


def attempt_summary_for(attempt: Attempt, questions: dict[str, Any]) -> Summary:
    return attempt_summary(states_for(attempt, questions), questions)


def show_summary(summary: Summary, threshold: float | None = None) -> None:
    """The attempt's totals; with certainty-based marking, how well the learner judged their own certainty."""
    locale = current_locale()
    cols = st.columns(3)
    cols[0].metric(_("Score"), f"{summary.percent:.0f}%")
    cols[1].metric(_("Marks"), f"{format_number(round(summary.marks, 1), locale)} / "
                               f"{format_number(round(summary.max_marks, 1), locale)}")
    if threshold is not None:
        passed = summary.percent >= 100 * threshold - 1e-9
        cols[2].metric(_("Mastery"), _("Mastered") if passed else _("Not yet"),
                       help=_("Mastery needs {p:.0f}%").format(p=100 * threshold))
    if summary.cbm_average is not None and summary.accuracy is not None:
        show_calibration(summary)


def show_calibration(summary: Summary) -> None:
    """Certainty-based marking in plain words: how often the learner was right at each level of certainty,
    against how often it pays to be right at that level; judged only from five answers at a level."""
    st.subheader(_("How well you judged your own certainty"), anchor=False)
    bonus = summary.cbm_bonus or 0.0
    st.markdown(_("You answered {accuracy:.0f}% correctly. Saying how sure you were then moved your marks by "
                  "{bonus:+.2f} per question (from −6 to +3): more when you were sure and right, less when you "
                  "were sure and wrong.").format(accuracy=100 * (summary.accuracy or 0), bonus=bonus))
    rows = []
    for band in summary.calibration:
        right = "–" if band.accuracy is None else f"{100 * band.accuracy:.0f}%"
        rows.append({_("When you said"): _(CERTAINTY_LABELS[band.certainty]), _("Answers"): band.answers,
                     _("You were right"): right,
                     _("Best when right"): f"{100 * band.target[0]:.0f}–{100 * band.target[1]:.0f}%",
                     _("Verdict"): _(VERDICTS[band.verdict])})
    chart = [{"level": f"C{b.certainty}", _("You were right"): round(100 * b.accuracy),
              _("Least for this level"): round(100 * b.target[0])} for b in summary.calibration
             if b.accuracy is not None]
    if chart:
        st.bar_chart(chart, x="level", y=[_("You were right"), _("Least for this level")], stack=False,
                     x_label=_("How sure you said you were"), y_label="%", height=220)
        st.caption(" · ".join(f"{row['level']}: {row[_('You were right')]}%" for row in chart))
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(_("Calibration is judged at a level only from five answers or more. Over-confidence costs most: "
                 "say 'very sure' only when you would bet on it."))


def show_review(attempt: Attempt, questions: dict[str, Any]) -> None:
    """Every question of a finished attempt with its result and feedback."""
    states = states_for(attempt, questions)
    st.subheader(_("Question by question"), anchor=False)
    for i, qid in enumerate(attempt.question_ids, start=1):
        question, state = questions[qid], states[qid]
        outcome = state.outcome
        result = _(RESULTS["unanswered" if outcome is None else outcome.state])
        if outcome is not None and outcome.mark is not None:
            result += f" · {100 * outcome.mark:.0f}%"
        label = f"{i}. {result} — {shorten(tx(question.stem), 80, placeholder='…')}"
        with st.expander(label, expanded=False, icon=RESULT_ICONS.get(getattr(outcome, "state", "unanswered"))):
            st.markdown(tx(question.stem))
            if outcome is None:
                st.info(_("Not answered."))
            else:
                show_outcome(question, outcome)
