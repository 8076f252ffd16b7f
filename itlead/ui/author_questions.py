"""The question form of the Author page (all eight types) and its live preview with the learners' widgets."""
from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import TypeAdapter, ValidationError

from ..authoring.questions import english as en
from ..authoring.questions import with_english
from ..content.errors import plain_message
from ..content.questions import QUESTION_TYPES, Question
from ..i18n import N_, _, current_locale
from ..learning.answers import AnswerError, accept
from ..learning.scoring import score
from . import keys, widgets
from .text import labelled

QUESTION = TypeAdapter(Question)
DIFFICULTIES = ("recall", "application", "judgement")
TYPE_NAMES = {"single_choice": N_("Single choice"), "multiple_response": N_("Multiple response"),
              "true_false": N_("True or false"), "ordering": N_("Ordering"), "matching": N_("Matching"),
              "numeric": N_("Numeric"), "likert": N_("Likert scale"), "reflection": N_("Reflection")}
LEVELS = {"recall": N_("Recall"), "application": N_("Application"), "judgement": N_("Judgement")}


def _text(label: str, old: Any, key: str, area: bool = False) -> Any:
    """An English text field over a localized value; the other languages are kept."""
    widget = st.text_area if area else st.text_input
    return with_english(old, widget(label, en(old), key=key))


def _lines(label: str, old: list[Any], key: str) -> list[Any]:
    typed = st.text_area(label, "\n".join(en(v) for v in old), key=key, help=_("One per line."))
    rows = [line.strip() for line in typed.splitlines() if line.strip()]
    return [with_english(old[n] if n < len(old) else None, row) for n, row in enumerate(rows)]


def _optional(data: dict[str, Any], field: str, value: Any) -> None:
    if value in (None, "", [], {}):
        data.pop(field, None)
    else:
        data[field] = value


def common_fields(old: dict[str, Any], k: str) -> dict[str, Any]:
    data = dict(old)
    data["stem"] = _text(_("Stem"), old.get("stem"), f"{k}:stem", area=True)
    if old["type"] not in ("likert", "reflection"):
        data["explanation"] = _text(_("Explanation"), old.get("explanation"), f"{k}:explanation", area=True)
    left, mid, right = st.columns(3)
    with left:
        _optional(data, "objective", st.text_input(_("Objective"), old.get("objective") or "", key=f"{k}:objective"))
    with mid:
        data["difficulty"] = st.selectbox(_("Difficulty"), DIFFICULTIES, key=f"{k}:difficulty",
                                          index=DIFFICULTIES.index(old.get("difficulty", "application")),
                                          format_func=labelled(DIFFICULTIES, lambda d: _(LEVELS[d])))
    with right:
        tags = st.text_input(_("Tags"), ", ".join(old.get("tags") or []), key=f"{k}:tags")
    _optional(data, "tags", [t.strip() for t in tags.split(",") if t.strip()])
    refs = st.text_input(_("References"), ", ".join(old.get("references") or []), key=f"{k}:refs",
                         help=_("Separated by commas, e.g. TFA 7.4, RKC GA Ch.7"))
    _optional(data, "references", [r.strip() for r in refs.split(",") if r.strip()])
    _optional(data, "hints", _lines(_("Hints"), list(old.get("hints") or []), f"{k}:hints"))
    return data


def _count(label: str, old: list[Any], low: int, high: int, key: str) -> int:
    return int(st.number_input(label, low, high, max(low, min(high, len(old))), key=key))


def choice_fields(data: dict[str, Any], k: str) -> None:
    old = list(data.get("options") or [])
    single = data["type"] == "single_choice"
    n = _count(_("Number of options"), old, 2 if single else 3, 8 if single else 10, f"{k}:n")
    weighted = not single and st.toggle(_("Weights"), any("weight" in o for o in old), key=f"{k}:weighted")
    options = []
    for i in range(n):
        was = old[i] if i < len(old) else {"id": chr(97 + i)}
        st.markdown(_("Option {n}").format(n=i + 1))
        text_col, feedback_col, correct_col = st.columns([4, 4, 1])
        with text_col:
            option = {"id": was.get("id") or chr(97 + i),
                      "text": _text(_("Text of option {n}").format(n=i + 1), was.get("text"), f"{k}:t{i}")}
        with correct_col:
            if st.checkbox(_("Correct"), bool(was.get("correct")), key=f"{k}:c{i}"):
                option["correct"] = True
        with feedback_col:
            option["feedback"] = _text(_("Feedback on option {n}").format(n=i + 1), was.get("feedback"), f"{k}:f{i}")
        if weighted:
            option["weight"] = float(st.number_input(_("Weight"), -1.0, 1.0, float(was.get("weight", 0.0)),
                                                     step=0.05, key=f"{k}:w{i}"))
        options.append(option)
    data["options"] = options


def list_fields(data: dict[str, Any], k: str, field: str, parts: tuple[str, ...], low: int) -> None:
    """Ordering items (in the right order) or matching pairs: a row of text fields per entry."""
    old = list(data.get(field) or [])
    n = _count(_("Number of entries"), old, low, 10, f"{k}:n")
    prefix = "s" if field == "items" else "p"
    labels = {"text": _("Text"), "feedback": _("Feedback"), "left": _("Left"), "right": _("Right")}
    entries = []
    for i in range(n):
        was = old[i] if i < len(old) else {"id": f"{prefix}{i + 1}"}
        entry = {"id": was.get("id") or f"{prefix}{i + 1}"}
        for part, column in zip(parts, st.columns(len(parts))):
            with column:
                value = _text(f"{labels[part]} {i + 1}", was.get(part), f"{k}:{part}{i}")
            if value or part != "feedback" or field == "pairs":
                entry[part] = value
        entries.append(entry)
    data[field] = entries


def _number(value: float, old: Any) -> int | float:
    """A number from a number field, written as an integer when it is one (unless the file had it as a float)."""
    return int(value) if float(value).is_integer() and not isinstance(old, float) else float(value)


def numeric_fields(data: dict[str, Any], k: str) -> None:
    """The answer and its unit; an absolute or a relative tolerance; feedback; the anticipated mistakes."""
    left, right = st.columns(2)
    with left:
        data["answer"] = _number(st.number_input(_("Answer"), value=float(data.get("answer", 0)), key=f"{k}:answer"),
                                 data.get("answer"))
        _optional(data, "unit", _text(_("Unit"), data.get("unit"), f"{k}:unit"))
    with right:
        relative = st.radio(_("Tolerance"), [False, True], index=int("relative_tolerance" in data), horizontal=True,
                            key=f"{k}:relative", format_func=labelled([False, True], lambda r: _(
                                "Relative (a share of the answer)") if r else _("Absolute (±)")))
        if relative:
            data.pop("tolerance", None)
            data["relative_tolerance"] = float(st.number_input(
                _("Relative tolerance (0.05 = ±5%)"), 0.0, 1.0, float(data.get("relative_tolerance") or 0),
                step=0.01, format="%.3f", key=f"{k}:rtol"))
        else:
            data.pop("relative_tolerance", None)
            data["tolerance"] = _number(st.number_input(_("Tolerance (±)"), 0.0, value=float(data.get("tolerance") or 0),
                                                        key=f"{k}:tol"), data.get("tolerance"))
    data["feedback_correct"] = _text(_("Feedback when right"), data.get("feedback_correct"), f"{k}:fc")
    data["feedback_incorrect"] = _text(_("Feedback when wrong"), data.get("feedback_incorrect"), f"{k}:fi")
    mistake_fields(data, k)


def mistake_fields(data: dict[str, Any], k: str) -> None:
    """Likely wrong answers, each with its value, the margin around it, partial credit and its own feedback."""
    old = list(data.get("mistakes") or [])
    n = _count(_("Anticipated mistakes"), old, 0, 8, f"{k}:nm")
    mistakes = []
    for i in range(n):
        was = old[i] if i < len(old) else {}
        value_col, margin_col, credit_col, feedback_col = st.columns([1, 1, 1, 3])
        mistake = {"value": _number(value_col.number_input(_("Value of mistake {n}").format(n=i + 1),
                                                           value=float(was.get("value", 0)), key=f"{k}:mv{i}"),
                                    was.get("value"))}
        margin = margin_col.number_input(_("Margin of mistake {n} (±)").format(n=i + 1), 0.0,
                                         value=float(was.get("tolerance", 0)), key=f"{k}:mt{i}")
        credit = credit_col.number_input(_("Credit for mistake {n}").format(n=i + 1), 0.0, 1.0,
                                         float(was.get("credit", 0)), step=0.1, key=f"{k}:mc{i}")
        for field, value in (("tolerance", margin), ("credit", credit)):
            if value or field in was:
                mistake[field] = _number(value, was.get(field))
        with feedback_col:
            mistake["feedback"] = _text(_("Feedback on mistake {n}").format(n=i + 1), was.get("feedback"), f"{k}:mf{i}")
        mistakes.append(mistake)
    _optional(data, "mistakes", mistakes)


def distractor_fields(data: dict[str, Any], k: str) -> None:
    """A matching question's extra right-hand options, which match no item on the left."""
    old = list(data.get("distractors") or [])
    n = _count(_("Extra right-hand options"), old, 0, 5, f"{k}:nd")
    used = {str(p.get("id")) for p in data.get("pairs") or []} | {str(d.get("id")) for d in old[:n]}
    distractors = []
    for i in range(n):
        was = old[i] if i < len(old) else {}
        did = was.get("id") or next(f"x{j}" for j in range(1, 20) if f"x{j}" not in used)
        used.add(did)
        distractors.append({"id": did, "text": _text(_("Extra option {n}").format(n=i + 1), was.get("text"),
                                                     f"{k}:x{i}")})
    _optional(data, "distractors", distractors)


def other_fields(data: dict[str, Any], k: str) -> None:
    kind = data["type"]
    if kind in ("single_choice", "multiple_response"):
        choice_fields(data, k)
    elif kind == "true_false":
        data["answer"] = st.radio(_("The statement is"), [True, False], index=0 if data.get("answer", True) else 1,
                                  key=f"{k}:answer", format_func=lambda v: _("True") if v else _("False"))
        data["if_true"] = _text(_("Feedback for 'true'"), data.get("if_true"), f"{k}:if_true")
        data["if_false"] = _text(_("Feedback for 'false'"), data.get("if_false"), f"{k}:if_false")
    elif kind == "ordering":
        st.caption(_("Write the items in the right order; learners see them shuffled."))
        list_fields(data, k, "items", ("text", "feedback"), 3)
    elif kind == "matching":
        list_fields(data, k, "pairs", ("left", "right", "feedback"), 3)
        distractor_fields(data, k)
    elif kind == "numeric":
        numeric_fields(data, k)
    elif kind == "likert":
        data["scale"] = int(st.number_input(_("Scale"), 3, 7, int(data.get("scale", 5)), key=f"{k}:scale"))
        anchors = data.get("anchors") or {}
        data["anchors"] = {1: _text(_("Lowest level"), anchors.get(1), f"{k}:a1"),
                           data["scale"]: _text(_("Highest level"), anchors.get(data["scale"], anchors.get(5)),
                                                f"{k}:ah")}
    elif kind == "reflection":
        _optional(data, "placeholder", _text(_("Placeholder"), data.get("placeholder"), f"{k}:ph"))


def question_form(old: dict[str, Any], k: str) -> dict[str, Any]:
    data = common_fields(old, k)
    other_fields(data, k)
    return data


def validate(data: dict[str, Any]) -> tuple[Any, list[str]]:
    """The question model, or the loader's plain messages for each field that is wrong."""
    try:
        return QUESTION.validate_python(data), []
    except ValidationError as exc:
        return None, [".".join(str(p) for p in e["loc"][1:]) + ": " * bool(e["loc"][1:]) + plain_message(e)
                      for e in exc.errors(include_url=False)]


def preview(question: Any, k: str) -> None:
    """The question as learners see it, answerable: the learners' widget, the answer service, the scoring."""
    st.subheader(_("Preview"))
    from .text import tx

    st.markdown(tx(question.stem))
    response = widgets.answer_input(question, 0, keys.author("preview", k, question.type))
    if st.button(_("Check my answer"), key=keys.author("preview-check", k)):
        try:
            stored = accept(question, response, current_locale())
        except AnswerError as exc:
            st.warning(str(exc))
            return
        widgets.show_outcome(question, score(question, stored, "immediate"))


__all__ = ["QUESTION_TYPES", "TYPE_NAMES", "question_form", "validate", "preview"]
