"""One input renderer per question type, and the feedback view. Widget keys carry the attempt, the
question and the try, so a widget never carries an answer or feedback over to another question."""
from __future__ import annotations

from typing import Any, Callable

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
from ..i18n import N_, _, current_locale
from ..learning.attempts import display_order
from ..learning.numbers import format_number
from ..learning.scoring import Outcome
from .text import escape_md, labelled, tx, wkey

CERTAINTY_LABELS = {
    1: N_("C1: not sure (less than 67%)"),
    2: N_("C2: fairly sure (67 to 80%)"),
    3: N_("C3: very sure (more than 80%)"),
}


def key_for(attempt_id: int, question_id: str, try_no: int, part: str = "") -> str:
    return wkey(f"q:{attempt_id}:{question_id}:{try_no}") + (f":{part}" if part else "")


def answer_input(question: Any, seed: int, key: str, value: Any = None, disabled: bool = False,
                 lettered: bool = False) -> Any:
    """Render the input for a question, holding `value` (the stored answer or draft, see
    learning.answers.widget_value) until the learner changes it; return what it holds now (None when empty).
    `lettered` puts A, B, C… before the options, as the projector shows them."""
    order = display_order(question, seed)
    render = _RENDERERS.get(type(question))
    if render is None:
        raise TypeError(f"no widget for {type(question).__name__}")
    return render(question, order, key, value, disabled, lettered)


def initial_value(question: Any, seed: int, value: Any) -> Any:
    """What `answer_input` returns before the learner touches it: `value`, or for an ordering its first order."""
    if value is None and isinstance(question, Ordering):
        return display_order(question, seed)["items"]
    return value


def _letters(ids: list[str], texts: dict[str, str], lettered: bool) -> dict[str, str]:
    return {oid: (f"{chr(65 + n)}. " if lettered else "") + texts[oid] for n, oid in enumerate(ids)}


def _single(question: SingleChoice, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    texts = _letters(order["options"], {o.id: tx(o.text) for o in question.options}, lettered)
    index = order["options"].index(value) if value in order["options"] else None
    return st.radio(_("Choose one answer"), order["options"], index=index, key=key, disabled=disabled,
                    format_func=texts.__getitem__)


def _multiple(question: MultipleResponse, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    st.caption(_("Select all that apply."))
    texts = _letters(order["options"], {o.id: tx(o.text) for o in question.options}, lettered)
    chosen = set(value or ())
    picked = {oid for oid in order["options"]
              if st.checkbox(texts[oid], value=oid in chosen, key=f"{key}:{oid}", disabled=disabled)}
    return picked or None


def _true_false(question: TrueFalse, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    return st.radio(_("True or false?"), [True, False], index=None if value is None else [True, False].index(value),
                    key=key, horizontal=True, disabled=disabled,
                    format_func=labelled([True, False], lambda v: _("True") if v else _("False")))


def _ordering(question: Ordering, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    """The items as a visible list, reordered with Up and Down buttons (keyboard: Tab, then Enter or Space)."""
    texts = {i.id: tx(i.text) for i in question.items}
    state_key = f"{key}:order"
    if state_key not in st.session_state or sorted(st.session_state[state_key]) != sorted(texts):
        st.session_state[state_key] = list(value) if value and sorted(value) == sorted(texts) else order["items"]
    current: list[str] = st.session_state[state_key]
    st.caption(_("Put the items in order, first at the top: move an item with its Up and Down buttons."))
    with st.container(border=True):
        for n, item_id in enumerate(current):
            text_col, up_col, down_col = st.columns([6, 1, 1], vertical_alignment="center")
            text_col.markdown(f"**{n + 1}.** {escape_md(texts[item_id])}")
            up_col.button(_("Up"), key=f"{key}:up:{item_id}", disabled=disabled or n == 0, on_click=_move,
                          args=(state_key, n, -1), width="stretch")
            down_col.button(_("Down"), key=f"{key}:down:{item_id}", disabled=disabled or n == len(current) - 1,
                            on_click=_move, args=(state_key, n, 1), width="stretch")
    return list(current)


def _move(state_key: str, index: int, step: int) -> None:
    items = st.session_state[state_key]
    items[index], items[index + step] = items[index + step], items[index]


def _matching(question: Matching, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    rights = {p.id: tx(p.right) for p in question.pairs} | {d.id: tx(d.text) for d in question.distractors}
    lefts = {p.id: tx(p.left) for p in question.pairs}
    chosen = dict(value or {})
    picked = {}
    for left in order["left"]:
        index = order["right"].index(chosen[left]) if chosen.get(left) in order["right"] else None
        match = st.selectbox(lefts[left], order["right"], index=index, key=f"{key}:{left}", disabled=disabled,
                             format_func=rights.__getitem__, placeholder=_("Choose a match"))
        if match is not None:
            picked[left] = match
    return picked or None


def _numeric(question: Numeric, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    """Text, not a number widget: the app's language decides how `39,5` is read (learning.numbers)."""
    unit = f" ({tx(question.unit)})" if question.unit else ""
    text = st.text_input(_("Your answer") + unit, value=value or "", key=key, disabled=disabled, max_chars=40,
                         placeholder=format_number(39.5, current_locale()))
    return text if text and text.strip() else None


def _likert(question: Likert, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    levels = list(range(1, question.scale + 1))
    labels = {k: f"{k}: {tx(v)}" for k, v in question.anchors.items()}
    return st.radio(_("Your rating"), levels, index=levels.index(value) if value in levels else None, key=key,
                    disabled=disabled, format_func=lambda v: labels.get(v, str(v)))


def _reflection(question: Reflection, order: dict, key: str, value: Any, disabled: bool, lettered: bool) -> Any:
    text = st.text_area(_("Your answer"), value=value or "", key=key, max_chars=question.max_chars, disabled=disabled,
                        placeholder=tx(question.placeholder) if question.placeholder else None)
    return text if text and text.strip() else None


_RENDERERS: dict[type, Callable[..., Any]] = {
    SingleChoice: _single, MultipleResponse: _multiple, TrueFalse: _true_false, Ordering: _ordering,
    Matching: _matching, Numeric: _numeric, Likert: _likert, Reflection: _reflection,
}


def certainty_input(key: str, value: int | None = None, disabled: bool = False) -> int | None:
    return st.radio(_("How sure are you?"), [1, 2, 3], index=None if value not in (1, 2, 3) else value - 1, key=key,
                    horizontal=False, disabled=disabled, format_func=labelled([1, 2, 3], lambda c: _(CERTAINTY_LABELS[c])))


def show_outcome(question: Any, outcome: Outcome, *, reveal: bool = True) -> None:
    """Feedback for a scored outcome: verdict, the feedback for what was chosen, and the explanation."""
    if outcome.fraction is None:
        st.success(_("Saved."))
        return
    percent = round(100 * (outcome.mark or 0))
    verdicts = {"correct": (st.success, _("Correct.")), "partial": (st.warning, _("Partly correct.")),
                "incorrect": (st.error, _("Not quite.")), "unanswered": (st.info, _("Not answered."))}
    box, words = verdicts[outcome.state]
    t_mark = _("Mark")
    extra = f" {t_mark}: {percent}%" if reveal else ""
    if outcome.cbm_mark is not None:
        t_certainty_based_mark = _("Certainty-based mark")
        extra += f" · {t_certainty_based_mark}: {outcome.cbm_mark:+g}"
    box(words + extra)
    if not outcome.finished:
        for fb in outcome.feedback:  # what the learner chose, and why it is not (quite) right; no key revealed
            if fb.selected and isinstance(question, (SingleChoice, MultipleResponse)):
                option = next(o for o in question.options if o.id == fb.target)
                t_you_chose = _("You chose")
                st.markdown(f"{t_you_chose} **{tx(option.text)}**: {tx(fb.text)}")
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
            status = "" if fb.selected else _(" (you did not select this)")
            prefix = f"{_mark(fb.correct)} **{tx(option.text)}**{status}: "
        elif isinstance(question, Matching):
            pair = next(p for p in question.pairs if p.id == fb.target)
            prefix = _mark(fb.correct) + f" **{tx(pair.left)} → {tx(pair.right)}**: "
        elif isinstance(question, Ordering):
            item = next(i for i in question.items if i.id == fb.target)
            prefix = _mark(False) + f" **{tx(item.text)}**: "
        st.markdown(prefix + tx(fb.text))
    if isinstance(question, Ordering) and outcome.state != "correct":
        st.markdown(_("The right order") + ": " + " → ".join(tx(i.text) for i in question.items))
    if isinstance(question, Numeric) and outcome.state != "correct":
        unit = f" {tx(question.unit)}" if question.unit else ""
        st.markdown(_("The answer") + f": **{question.answer:g}{unit}**")
    if outcome.explanation is not None:
        st.info(tx(outcome.explanation))


def _mark(correct: bool) -> str:
    """Right or wrong in a Material icon and a word: a ✓ or ✗ alone needs a font and says little to a screen reader."""
    return ":material/check_circle: " + _("Correct") + " ·" if correct else ":material/cancel: " + _("Incorrect") + " ·"
