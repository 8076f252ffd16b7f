"""One input renderer per question type, and the feedback view. Widget keys carry the attempt, the
question and the try, so a widget never carries an answer or feedback over to another question."""
from __future__ import annotations

from typing import Any

import streamlit as st

from ..content.questions import (
    Likert,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Reflection,
    SingleChoice,
    TrueFalse,
)
from ..i18n import N_, _
from ..learning.attempts import display_order
from ..learning.scoring import Outcome
from .text import labelled, tx, wkey

CERTAINTY_LABELS = {
    1: N_("C1: not sure (less than 67%)"),
    2: N_("C2: fairly sure (67 to 80%)"),
    3: N_("C3: very sure (more than 80%)"),
}


def key_for(attempt_id: int, question_id: str, try_no: int, part: str = "") -> str:
    return wkey(f"q:{attempt_id}:{question_id}:{try_no}") + (f":{part}" if part else "")


class Incomplete(ValueError):
    """The learner has not finished giving an answer (shown as a gentle message)."""


def answer_input(question: Any, seed: int, key: str, disabled: bool = False) -> Any:
    """Render the input for a question and return the response it currently holds (None when empty)."""
    order = display_order(question, seed)
    if isinstance(question, SingleChoice):
        texts = {o.id: tx(o.text) for o in question.options}
        return st.radio(_("Choose one answer"), order["options"], index=None, key=key, disabled=disabled,
                        format_func=texts.__getitem__)
    if isinstance(question, MultipleResponse):
        st.caption(_("Select all that apply."))
        texts = {o.id: tx(o.text) for o in question.options}
        return {oid for oid in order["options"] if st.checkbox(texts[oid], key=f"{key}:{oid}", disabled=disabled)}
    if isinstance(question, TrueFalse):
        return st.radio(_("True or false?"), [True, False], index=None, key=key, horizontal=True, disabled=disabled,
                        format_func=labelled([True, False], lambda v: _("True") if v else _("False")))
    if isinstance(question, Ordering):
        texts = {i.id: tx(i.text) for i in question.items}
        chosen = st.multiselect(_("Select the items in order, first to last"), order["items"], key=key,
                                disabled=disabled, format_func=texts.__getitem__, placeholder=_("First step..."))
        return chosen or None
    if isinstance(question, Matching):
        rights = {p.id: tx(p.right) for p in question.pairs} | {d.id: tx(d.text) for d in question.distractors}
        lefts = {p.id: tx(p.left) for p in question.pairs}
        picked = {}
        for left in order["left"]:
            value = st.selectbox(lefts[left], order["right"], index=None, key=f"{key}:{left}", disabled=disabled,
                                 format_func=rights.__getitem__, placeholder=_("Choose a match"))
            if value is not None:
                picked[left] = value
        return picked or None
    if isinstance(question, Numeric):
        unit = f" ({tx(question.unit)})" if question.unit else ""
        return st.number_input(_("Your answer") + unit, value=None, step=None, format="%g", key=key,
                               disabled=disabled)
    if isinstance(question, Likert):
        labels = {k: f"{k}: {tx(v)}" for k, v in question.anchors.items()}
        return st.radio(_("Your rating"), list(range(1, question.scale + 1)), index=None, key=key,
                        disabled=disabled, format_func=lambda v: labels.get(v, str(v)))
    if isinstance(question, Reflection):
        text = st.text_area(_("Your answer"), key=key, max_chars=question.max_chars, disabled=disabled,
                            placeholder=tx(question.placeholder) if question.placeholder else None)
        return text if text and text.strip() else None
    raise TypeError(f"no widget for {type(question).__name__}")


def check_complete(question: Any, response: Any) -> None:
    """Raise Incomplete with a friendly message when an answer is not finished."""
    if response is None:
        raise Incomplete(_("Please give an answer first."))
    if isinstance(question, MultipleResponse) and not response:
        raise Incomplete(_("Select at least one option."))
    if isinstance(question, Ordering) and len(response) != len(question.items):
        raise Incomplete(_("Place every item: select all of them, in order."))
    if isinstance(question, Matching) and len(response) != len(question.pairs):
        raise Incomplete(_("Choose a match for every item."))


def certainty_input(key: str, disabled: bool = False) -> int | None:
    return st.radio(_("How sure are you?"), [1, 2, 3], index=None, key=key, horizontal=False, disabled=disabled,
                    format_func=labelled([1, 2, 3], lambda c: _(CERTAINTY_LABELS[c])))


def show_outcome(question: Any, outcome: Outcome, *, reveal: bool = True) -> None:
    """Feedback for a scored outcome: verdict, the feedback for what was chosen, and the explanation."""
    if outcome.fraction is None:
        st.success(_("Saved."))
        return
    percent = round(100 * (outcome.mark or 0))
    verdicts = {"correct": (st.success, _("Correct.")), "partial": (st.warning, _("Partly correct.")),
                "incorrect": (st.error, _("Not quite.")), "unanswered": (st.info, _("Not answered."))}
    box, words = verdicts[outcome.state]
    extra = f" {_('Mark')}: {percent}%" if reveal else ""
    if outcome.cbm_mark is not None:
        extra += f" · {_('Certainty-based mark')}: {outcome.cbm_mark:+g}"
    box(words + extra)
    if not outcome.finished:
        if outcome.next_hint is not None:
            st.info(_("Hint") + ": " + tx(outcome.next_hint))
        st.caption(_("Try again: try {n} of {total}.").format(n=outcome.tries + 1, total=outcome.max_tries))
        return
    for fb in outcome.feedback:
        if isinstance(question, (SingleChoice, MultipleResponse)) and not fb.selected and not (
                isinstance(question, MultipleResponse) and fb.correct):
            continue
        prefix = ""
        if isinstance(question, (SingleChoice, MultipleResponse)):
            option = next(o for o in question.options if o.id == fb.target)
            mark = "✓" if fb.correct else "✗"
            status = "" if fb.selected else _(" (you did not select this)")
            prefix = f"{mark} **{tx(option.text)}**{status}: "
        elif isinstance(question, Matching):
            pair = next(p for p in question.pairs if p.id == fb.target)
            prefix = ("✓ " if fb.correct else "✗ ") + f"**{tx(pair.left)} → {tx(pair.right)}**: "
        elif isinstance(question, Ordering):
            item = next(i for i in question.items if i.id == fb.target)
            prefix = f"✗ **{tx(item.text)}**: "
        st.markdown(prefix + tx(fb.text))
    if isinstance(question, Ordering) and outcome.state != "correct":
        st.markdown(_("The right order") + ": " + " → ".join(tx(i.text) for i in question.items))
    if isinstance(question, Numeric) and outcome.state != "correct":
        unit = f" {tx(question.unit)}" if question.unit else ""
        st.markdown(_("The answer") + f": **{question.answer:g}{unit}**")
    if outcome.explanation is not None:
        st.info(tx(outcome.explanation))
