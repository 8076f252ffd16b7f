"""The answer service through the pages: every question type under every behaviour is validated, scored and
stored, and the widgets then show exactly what is stored."""
from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering
from itlead.learning.numbers import format_number

from .conftest import current_question, give, goto, key_response, question_key, submit, texts, wrong_response

TYPES = {"single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric"}


def held(at: AppTest, question: Any) -> Any:
    """What the question's widgets show now, as a stored response."""
    key = question_key(at)
    if isinstance(question, MultipleResponse):
        return sorted(o.id for o in question.options if at.checkbox(key=f"{key}:{o.id}").value)
    if isinstance(question, Matching):
        return {p.id: at.selectbox(key=f"{key}:{p.id}").value for p in question.pairs}
    if isinstance(question, Ordering):
        return list(at.session_state[f"{key}:order"])
    if isinstance(question, Numeric):
        return at.text_input(key=key).value
    return at.radio(key=key).value


def stored_form(question: Any, response: Any) -> Any:
    if isinstance(question, Numeric):
        return format_number(response, "en")
    return sorted(response) if isinstance(question, MultipleResponse) else response


def last_try(store, attempt_id: int, question_id: str):
    return [r for r in store.responses(attempt_id) if r.question_id == question_id][-1]


def practise(signed_in, behaviour: str) -> AppTest:
    at, _code = signed_in()
    at = goto(at, "practice")
    at.radio[0].set_value(behaviour)
    at.select_slider[0].set_value(10)
    next(b for b in at.button if b.label == "Start practice").click().run()
    assert not at.exception, at.exception
    return at


def each_question(at: AppTest, course: Any):
    """Yield every question of the attempt, moving on with Next."""
    seen = set()
    while True:
        question = current_question(at, course)
        if question.id in seen:
            return
        seen.add(question.id)
        yield question
        nxt = next(b for b in at.button if b.label == "Next")
        if nxt.disabled:
            return
        nxt.click().run()


@pytest.mark.parametrize("behaviour", ["immediate", "interactive", "deferred", "cbm"])
def test_every_type_is_validated_scored_and_stored(signed_in, env, store, behaviour):
    course = env["course"]
    at = practise(signed_in, behaviour)
    attempt = store.attempts(1, purpose="practice")[-1]
    types = set()
    for question in each_question(at, course):
        types.add(question.type)
        if behaviour == "interactive" and question.hints:  # a wrong try: stored, scored, kept on screen to retry
            wrong = wrong_response(question)
            give(at, question, wrong)
            at = submit(at)
            assert last_try(store, attempt.id, question.id).state in ("incorrect", "partial")
            assert held(at, question) == stored_form(question, wrong)
        give(at, question, key_response(question))
        at = submit(at)
        if behaviour == "cbm":
            assert "Say how sure you are" in texts(at)  # refused without a certainty, nothing stored
            assert not [r for r in store.responses(attempt.id) if r.question_id == question.id]
            at.radio(key=question_key(at) + ":certainty").set_value(2)
            at = submit(at)
        row = last_try(store, attempt.id, question.id)
        assert row.response == question.to_stored(key_response(question))
        if behaviour == "deferred":
            assert row.state == "saved" and "Correct." not in texts(at)
            assert held(at, question) == stored_form(question, key_response(question))  # shown as stored
        else:
            assert row.state == "correct" and "Correct." in texts(at)
        if behaviour == "cbm":
            assert row.certainty == 2 and "Certainty-based mark: +2" in texts(at)
    assert types == TYPES


def test_an_unparsable_number_is_refused_with_a_message(signed_in, env, store):
    course = env["course"]
    at = practise(signed_in, "immediate")
    for question in each_question(at, course):
        if isinstance(question, Numeric):
            at.text_input(key=question_key(at)).input("12,5")
            at = submit(at)
            assert "Write decimals with '.', as in 39.5." in texts(at)
            assert not store.responses(store.attempts(1, purpose="practice")[-1].id)
            return
    pytest.fail("no numeric question drawn")
