"""The workshop report for the organiser: attendance, pre/post gain per module, the evaluation (comments without
names), the hardest items with their distractor patterns, and the facilitator's debrief. Built from the database
in the current language (the facilitator's); rendered by `interop.report_docs` as Markdown and PDF."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

import pandas as pd

from ..content.course import Course
from ..content.questions import Likert, Reflection
from ..i18n import _, current_locale
from ..store.live import LiveRepo, LiveSession
from . import analytics
from .options import live_order

EVALUATION_FORM = "workshop-evaluation"
DEBRIEF_FORM = "facilitator-debrief"
HARDEST_ITEMS = 5


@dataclass(frozen=True)
class Attendance:
    session: str
    code: str
    joined: int
    tables: int
    answered: int  # answered at least one item
    evaluations: int


@dataclass(frozen=True)
class OptionCount:
    letter: str
    label: str
    chosen: int
    share: float
    correct: bool


@dataclass(frozen=True)
class HardItem:
    session: str
    stem: str
    facility: float
    answers: int
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class Rating:
    statement: str
    answers: int
    mean: float | None
    counts: tuple[int, ...]  # how many gave 1..scale


@dataclass
class Report:
    title: str
    today: date
    locale: str
    attendance: list[Attendance] = field(default_factory=list)
    gain: list[dict[str, Any]] = field(default_factory=list)  # module, learners, pre, post, gain, normalised_gain
    ratings: list[Rating] = field(default_factory=list)
    comments: list[tuple[str, list[str]]] = field(default_factory=list)  # (question, comments in sorted order)
    hardest: list[HardItem] = field(default_factory=list)
    debrief: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)


def build_report(live: LiveRepo, course: Course, session_ids: Iterable[int], cohort_rows: list[dict[str, Any]],
                 today: date) -> Report:
    """Everything from stored rows; `cohort_rows` are the self-paced pre/post-test answers (Store.cohort_rows)."""
    locale = current_locale()
    sessions = [s for s in (live.get(i) for i in session_ids) if s is not None]
    report = Report(title=", ".join(s.title for s in sessions) or _("Workshop"), today=today, locale=locale)
    evaluations: list[dict[str, Any]] = []
    for session in sessions:
        rows = live.rows(session.id)
        evals = live.evaluation_rows(session.id, EVALUATION_FORM)
        evaluations += evals
        people = live.participants(session.id)
        report.attendance.append(Attendance(
            session.title, session.code, len(people), len({p.team for p in people if p.team}),
            len({r["person"] for r in rows}), len({e["respondent"] for e in evals})))
        report.hardest += hardest_items(session, rows, course, locale)
        report.debrief += debrief_answers(live.evaluation_rows(session.id, DEBRIEF_FORM), course, locale)
    report.hardest = sorted(report.hardest, key=lambda h: (h.facility, h.stem))[:HARDEST_ITEMS]
    report.gain = module_gain(cohort_rows, course, locale)
    report.ratings, report.comments = evaluation_results(evaluations, course, locale)
    return report


def hardest_items(session: LiveSession, rows: list[dict[str, Any]], course: Course, locale: str) -> list[HardItem]:
    """The session's scored items that not everyone got right, with how often each option was chosen."""
    frame = analytics.responses_frame(rows)
    analysis = analytics.item_analysis(frame)
    found = []
    for row in analysis[analysis["facility"] < 1].itertuples():  # the caller keeps the lowest few
        question = course.questions.get(row.item, (None, None))[1]
        if question is None:
            continue
        order = live_order(question, session.id)
        counts = analytics.distractors(frame, row.item, [k for k, _l in order])
        by_key = {r.option: (int(r.chosen), float(r.share)) for r in counts.itertuples()}
        correct = _correct_keys(question)
        labels = _labels(question, locale)
        options = tuple(OptionCount(letter, labels.get(key, key), *by_key.get(key, (0, 0.0)), key in correct)
                        for key, letter in order)
        found.append(HardItem(session.title, question.stem.get(locale), float(row.facility), int(row.n), options))
    return found


def _labels(question: Any, locale: str) -> dict[str, str]:
    if hasattr(question, "options"):
        return {o.id: o.text.get(locale) for o in question.options}
    if question.type == "true_false":
        return {"true": _("True"), "false": _("False")}
    return {}


def _correct_keys(question: Any) -> set[str]:
    if hasattr(question, "options"):
        return {o.id for o in question.options if o.correct}
    if question.type == "true_false":
        return {str(question.answer).lower()}
    return set()


def module_gain(cohort_rows: list[dict[str, Any]], course: Course, locale: str) -> list[dict[str, Any]]:
    raw = pd.DataFrame(cohort_rows, columns=["person", "learner", "purpose", "item", "fraction", "response"])
    item_module = {qid: course.objectives[q.objective][0].id for qid, (_b, q) in course.questions.items()
                   if q.objective in course.objectives}
    gain = analytics.cohort_gain(analytics.module_scores(raw[raw["purpose"] == "pretest"], item_module),
                                 analytics.module_scores(raw[raw["purpose"] == "posttest"], item_module))
    titles = {m.id: f"{m.number}. {m.title.get(locale)}" for m in course.modules}
    return [{**row, "module": titles.get(row["module"], row["module"])} for row in gain.to_dict("records")]


def evaluation_results(rows: list[dict[str, Any]], course: Course,
                       locale: str) -> tuple[list[Rating], list[tuple[str, list[str]]]]:
    """Ratings per statement and comments per question. Comments carry no respondent and are sorted, so neither
    a name nor the order of arrival links a comment to a person or to their other comments."""
    form = course.banks.get(EVALUATION_FORM)
    if form is None:
        return [], []
    ratings, comments = [], []
    for q in form.questions:
        answers = [r["response"] for r in rows if r["item"] == q.id]
        if isinstance(q, Likert):
            values = [a for a in answers if isinstance(a, int) and not isinstance(a, bool)]
            ratings.append(Rating(q.stem.get(locale), len(values), sum(values) / len(values) if values else None,
                                  tuple(values.count(k) for k in range(1, q.scale + 1))))
        elif isinstance(q, Reflection):
            texts = sorted(a.strip() for a in answers if isinstance(a, str) and a.strip())
            if texts:
                comments.append((q.stem.get(locale), texts))
    return ratings, comments


def debrief_answers(rows: list[dict[str, Any]], course: Course, locale: str) -> list[tuple[str, str]]:
    form = course.banks.get(DEBRIEF_FORM)
    if form is None or not rows:
        return []
    given = {r["item"]: r["response"] for r in rows}
    out = []
    for q in form.questions:
        if q.id not in given:
            continue
        value = given[q.id]
        if isinstance(q, Likert):
            anchor = q.anchors.get(value)
            value = f"{value} / {q.scale}" + (f" ({anchor.get(locale)})" if anchor is not None else "")
        out.append((q.stem.get(locale), str(value)))
    return out
