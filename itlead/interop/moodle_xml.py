"""Moodle XML export: every type Moodle has (multichoice, truefalse, matching, numerical, ordering, essay),
with per-option fractions and feedback, general feedback, hints and tags. What Moodle cannot hold is
reported per question and written as an XML comment."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Callable, Iterable

from ..content.bank import Bank
from ..content.questions import (
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Reflection,
    SingleChoice,
    TrueFalse,
)
from .gift import ExportReport


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "markdown") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _fraction(value: float) -> str:
    return f"{100 * value:.5f}".rstrip("0").rstrip(".")


def export_moodle_xml(banks: Iterable[Bank], locale: str = "en") -> tuple[bytes, ExportReport]:
    report = ExportReport()
    quiz = ET.Element("quiz")
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/{bank.id}", fmt=None)
        for q in bank.questions:
            element = _question(q, locale, report)
            if element is None:
                quiz.append(_comment(f"itlead: {q.type} question {q.id} has no Moodle form; not exported"))
                continue
            for note in report.unmapped.get(q.id, []):
                quiz.append(_comment(f"itlead: {q.id}: {note}"))
            quiz.append(element)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True), report


def _comment(text: str) -> ET.Element:
    """An XML comment that stays well-formed whatever the text: no '--' inside, no '-' at the end, no
    characters XML forbids (ElementTree writes comments verbatim)."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
                   or ord(ch) > 0xFFFF)
    while "--" in text:
        text = text.replace("--", "-\u2010")  # a hyphen, then a Unicode hyphen
    return ET.Comment(f" {text} ")


def _question(q: Any, t: str, report: ExportReport) -> ET.Element | None:
    form = _FORMS.get(type(q))
    if form is None:  # likert
        report.note(q.id, "a self-rating (likert) has no Moodle question type")
        return None
    kind, write_answers = form
    element = ET.Element("question", {"type": kind})
    _name(element, q.id)
    _text(element, "questiontext", q.stem.get(t))
    explanation = getattr(q, "explanation", None)
    _text(element, "generalfeedback", explanation.get(t) if explanation else "")
    ET.SubElement(element, "defaultgrade").text = f"{q.marks:g}"
    ET.SubElement(element, "penalty").text = f"{1 / (len(q.hints) + 1):.7f}" if q.scored else "0"
    write_answers(element, q, t, report)
    for hint in q.hints:
        _text(element, "hint", hint.get(t))
    if q.tags or getattr(q, "objective", None):
        tags = ET.SubElement(element, "tags")
        for tag in [*q.tags, *( [f"objective:{q.objective}"] if q.objective else [])]:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _choices(element: ET.Element, q: Any, t: str, report: ExportReport) -> None:
    ET.SubElement(element, "single").text = "true" if isinstance(q, SingleChoice) else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    weights = q.weights() if isinstance(q, MultipleResponse) else {o.id: float(o.correct) for o in q.options}
    for o in q.options:
        answer = _text(element, "answer", o.text.get(t))
        answer.set("fraction", _fraction(weights[o.id]))
        _text(answer, "feedback", o.feedback.get(t))


def _true_false(element: ET.Element, q: TrueFalse, t: str, report: ExportReport) -> None:
    for value, feedback in ((True, q.if_true), (False, q.if_false)):
        answer = _text(element, "answer", "true" if value else "false", fmt="moodle_auto_format")
        answer.set("fraction", "100" if value == q.answer else "0")
        _text(answer, "feedback", feedback.get(t))


def _matching(element: ET.Element, q: Matching, t: str, report: ExportReport) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    for pair in q.pairs:
        sub = _text(element, "subquestion", pair.left.get(t))
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = pair.right.get(t)
    for extra in q.distractors:  # Moodle's extra wrong answers: a subquestion with no text
        sub = _text(element, "subquestion", "")
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = extra.text.get(t)
    report.note(q.id, "feedback per pair (Moodle matching has none; the explanation carries it)")


def _numerical(element: ET.Element, q: Numeric, t: str, report: ExportReport) -> None:
    answers = [(1.0, q.answer, q.allowed_error(), q.feedback_correct)]
    answers += [(m.credit, m.value, m.tolerance, m.feedback) for m in q.mistakes]
    for credit, value, tolerance, feedback in answers:
        answer = _text(element, "answer", f"{value:g}", fmt="moodle_auto_format")
        answer.set("fraction", _fraction(credit))
        ET.SubElement(answer, "tolerance").text = f"{tolerance:g}"
        _text(answer, "feedback", feedback.get(t))
    if q.relative_tolerance is not None:
        report.note(q.id, f"relative tolerance written as ±{q.allowed_error():g}")
    if q.unit is not None:
        units = ET.SubElement(element, "units")
        unit = ET.SubElement(units, "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = q.unit.get(t)
        ET.SubElement(element, "showunits").text = "3"  # units shown, not graded
    report.note(q.id, "feedback for any other wrong number (Moodle has no catch-all; in the explanation)")


def _ordering(element: ET.Element, q: Ordering, t: str, report: ExportReport) -> None:
    ET.SubElement(element, "layouttype").text = "VERTICAL"
    ET.SubElement(element, "selecttype").text = "ALL"
    ET.SubElement(element, "gradingtype").text = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    for n, item in enumerate(q.items, start=1):
        answer = _text(element, "answer", item.text.get(t), fmt="html")
        answer.set("fraction", f"{n}.0000000")
    report.note(q.id, "pairwise partial credit becomes Moodle's 'relative to all previous and next' grading")


def _essay(element: ET.Element, q: Reflection, t: str, report: ExportReport) -> None:
    ET.SubElement(element, "responseformat").text = "editor"
    ET.SubElement(element, "responsefieldlines").text = "10"
    ET.SubElement(element, "responserequired").text = "1"


_FORMS: dict[type, tuple[str, Callable[..., None]]] = {
    SingleChoice: ("multichoice", _choices), MultipleResponse: ("multichoice", _choices),
    TrueFalse: ("truefalse", _true_false), Matching: ("matching", _matching), Numeric: ("numerical", _numerical),
    Ordering: ("ordering", _ordering), Reflection: ("essay", _essay),
}
"""Each question type's Moodle form and the writer of its answers."""


def _name(element: ET.Element, value: str) -> None:
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = value

