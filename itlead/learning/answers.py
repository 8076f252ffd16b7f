"""The answer service. Every page that takes an answer hands the response here: mastery checks, practice, the
pre/post tests, live items and surveys. It validates the response, scores it under the behaviour, and stores it;
a page only renders widgets and calls it.

Responses arrive as the widgets hold them (a set of option ids, an ordered list, the text typed for a number)
and are stored as JSON (`Question.to_stored`). A number is read in the app's language, never the browser's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..content.case_study import Decision
from ..content.questions import Likert, Numeric
from ..i18n import _
from ..store.attempts import Attempt, Draft
from ..store.live import Participant
from ..store.repo import Store
from .attempts import QuestionState, attempt_summary, replay
from .numbers import NumberError, format_number, parse_number
from .scoring import Outcome, ResponseError, Summary, evaluate, score


class AnswerError(ValueError):
    """The answer cannot be accepted as it is; the message is in the learner's language."""


def accept(question: Any, response: Any, locale: str) -> Any:
    """The response, validated and in its stored (JSON) form; raises AnswerError saying what to change."""
    if isinstance(question, Numeric) and isinstance(response, str):
        try:
            response = parse_number(response, locale)
        except NumberError as exc:
            raise AnswerError(str(exc)) from None
    reason = question.incomplete(response)
    if reason is not None:
        raise AnswerError(_(reason))
    stored = question.to_stored(response)
    try:
        evaluate(question, stored)
    except ResponseError:
        raise AnswerError(_("This answer does not fit the question; please answer again.")) from None
    return stored


def accept_vote(decision: Decision, choice: Any) -> str:
    if choice not in {c.id for c in decision.choices}:
        raise AnswerError(_("Please choose an option first."))
    return choice


def accept_survey(questions: Iterable[Any], responses: dict[str, Any], locale: str) -> dict[str, Any]:
    """An evaluation form's answers, validated: every rating given; comments optional, trimmed and within length."""
    questions = list(questions)
    missing = [q for q in questions if isinstance(q, Likert) and responses.get(q.id) is None]
    if missing:
        raise AnswerError(_("Please give every rating ({n} left); comments are optional.").format(n=len(missing)))
    given = {q.id: responses.get(q.id) for q in questions}
    return {q.id: accept(q, given[q.id], locale) for q in questions
            if given[q.id] is not None and not (isinstance(given[q.id], str) and not given[q.id].strip())}


def widget_value(question: Any, stored: Any, locale: str) -> Any:
    """A stored response (or draft) as the question's widget shows it: numbers in the learner's language."""
    if stored is None:
        return None
    if isinstance(question, Numeric):
        return stored if isinstance(stored, str) else format_number(stored, locale)
    return question.from_stored(stored)


@dataclass(frozen=True)
class Shown:
    """What a question's widget should hold now, and whether it comes from an unchecked draft."""

    value: Any
    certainty: int | None
    from_draft: bool


class Answers:
    """Answers to the questions of an attempt, for one learner, read and written through the store."""

    def __init__(self, store: Store, locale: str):
        self.store, self.locale = store, locale

    def drafts(self, attempt: Attempt) -> dict[str, Draft]:
        return self.store.drafts(attempt.id)

    def states(self, attempt: Attempt, questions: dict[str, Any]) -> dict[str, QuestionState]:
        return replay(questions, attempt.question_ids, attempt.behaviour, self.store.responses(attempt.id))

    def shown(self, attempt: Attempt, question: Any, state: QuestionState, drafts: dict[str, Draft]) -> Shown:
        """The draft if there is one, else the last stored try (so a retry starts from the learner's answer)."""
        draft = drafts.get(question.id)
        if draft is not None and not state.finished:
            return Shown(widget_value(question, draft.response, self.locale), draft.certainty, True)
        last = state.tries[-1] if state.tries else None
        return Shown(widget_value(question, last, self.locale), state.certainty, False)

    def keep_draft(self, attempt: Attempt, question: Any, shown: Shown, response: Any,
                   certainty: int | None) -> bool:
        """Save what the widget holds when it differs from what is shown; True when something was saved."""
        if (response, certainty) == (shown.value, shown.certainty) or attempt.finished_at is not None:
            return False
        draft = response if isinstance(question, Numeric) or response is None else question.to_stored(response)
        self.store.save_draft(attempt.id, question.id, draft, certainty)
        return True

    def submit(self, attempt: Attempt, question: Any, state: QuestionState, response: Any,
               certainty: int | None = None) -> None:
        """Check (or, in a deferred test, save) one answer; committed before this returns."""
        stored = accept(question, response, self.locale)
        if attempt.behaviour == "cbm" and question.scored and certainty is None:
            raise AnswerError(_("Say how sure you are before checking."))
        try_no = state.stored_tries + 1
        if attempt.behaviour == "deferred":
            fraction = evaluate(question, stored).fraction
            self.store.record_response(attempt.id, question.id, try_no, stored, certainty=certainty,
                                       state="answered" if fraction is None else "saved", finished=True,
                                       fraction=fraction)
            return
        outcome = score(question, stored, attempt.behaviour, certainty, previous=state.tries)  # type: ignore[arg-type]
        self.store.record_response(attempt.id, question.id, try_no, stored, certainty=certainty, state=outcome.state,
                                   finished=outcome.finished, fraction=outcome.fraction, mark=outcome.mark,
                                   cbm_mark=outcome.cbm_mark)

    def finish(self, attempt: Attempt, questions: dict[str, Any]) -> Summary:
        """Grade the attempt. In a deferred test, drafts left unsaved count as the answers they hold."""
        states = self.states(attempt, questions)
        if attempt.behaviour == "deferred":
            for question_id, draft in self.store.drafts(attempt.id).items():
                if question_id in questions and draft.response is not None:
                    try:
                        self.submit(attempt, questions[question_id], states[question_id], draft.response,
                                    draft.certainty)
                    except AnswerError:
                        continue  # an unfinished draft scores as unanswered
            states = self.states(attempt, questions)
        summary = attempt_summary(states, questions)
        self.store.finish_attempt(attempt.id, summary.marks, summary.max_marks)
        return summary


def submit_live(live: Any, participant: Participant, position: int, item_id: str, item: Any, response: Any,
                locale: str) -> Any:
    """Store a participant's answer to the open live item (a question or a case vote); returns the stored form."""
    if isinstance(item, Decision):
        stored, fraction = accept_vote(item, response), None
    else:
        stored = accept(item, response, locale)
        fraction = evaluate(item, stored).fraction
    live.submit(participant, position, item_id, stored, fraction)
    return stored


def live_outcome(item: Any, stored: Any) -> Outcome:
    """The result of a stored live answer, shown to its participant after the reveal."""
    return score(item, stored)


def unanswered(question_ids: Iterable[str], states: dict[str, QuestionState], drafts: dict[str, Draft]) -> list[str]:
    """Questions with neither a saved answer nor a draft."""
    return [q for q in question_ids if not states[q].tries and q not in drafts]
