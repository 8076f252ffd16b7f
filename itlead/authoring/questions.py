"""Questions as data: a starting point for each of the eight types, and saving one question into a bank file.

A question that does not validate is kept as a draft (`PackEditor.keep_draft`) and never written into the pack.
"""
from __future__ import annotations

from typing import Any

from .editor import Invalid, Opened, PackEditor, Saved

SCORED = {"objective": None, "references": ["TFA 7.4"], "explanation": "Why the answer is right."}


def blank(kind: str, question_id: str, objective: str | None) -> dict[str, Any]:
    """A valid question of type `kind` to start from (objective filled in for scored types)."""
    head: dict[str, Any] = {"id": question_id, "type": kind, "stem": "The question."}
    scored = {**SCORED, "objective": objective}
    bodies: dict[str, dict[str, Any]] = {
        "single_choice": {**scored, "options": [
            {"id": "a", "text": "The right answer", "correct": True, "feedback": "Right."},
            {"id": "b", "text": "A likely mistake", "feedback": "Why this is not right."},
            {"id": "c", "text": "Another likely mistake", "feedback": "Why this is not right."}]},
        "multiple_response": {**scored, "options": [
            {"id": "a", "text": "A right answer", "correct": True, "feedback": "Right."},
            {"id": "b", "text": "Another right answer", "correct": True, "feedback": "Right."},
            {"id": "c", "text": "A likely mistake", "feedback": "Why this is not right."}]},
        "true_false": {**scored, "answer": True, "if_true": "Right.", "if_false": "Not so."},
        "ordering": {**scored, "items": [{"id": f"s{n}", "text": f"Step {n}"} for n in (1, 2, 3)]},
        "matching": {**scored, "pairs": [
            {"id": f"p{n}", "left": f"Item {n}", "right": f"Match {n}", "feedback": "Why they go together."}
            for n in (1, 2, 3)]},
        "numeric": {**scored, "answer": 12, "tolerance": 0, "feedback_correct": "Right.",
                    "feedback_incorrect": "Not quite."},
        "likert": {"scale": 5, "anchors": {1: "Not at all", 5: "Fully"}},
        "reflection": {"placeholder": "For example, ..."},
    }
    return {**head, **bodies[kind]}


def find(bank: dict[str, Any], question_id: str) -> int | None:
    return next((n for n, q in enumerate(bank.get("questions") or []) if q.get("id") == question_id), None)


def with_question(bank: dict[str, Any], question: dict[str, Any], replacing: str | None = None) -> dict[str, Any]:
    """The bank's data with `question` in place of the question `replacing` (default: its own id), or appended."""
    questions = list(bank.get("questions") or [])
    at = find(bank, replacing or question["id"])
    if at is None:
        questions.append(question)
    else:
        questions[at] = question
    return {**bank, "questions": questions}


def without_question(bank: dict[str, Any], question_id: str) -> dict[str, Any]:
    return {**bank, "questions": [q for q in bank.get("questions") or [] if q.get("id") != question_id]}


def save_question(editor: PackEditor, opened: Opened, question: dict[str, Any], replacing: str | None = None,
                  draft_key: str | None = None) -> Saved:
    """Validate and save one question into an opened bank file. If it does not validate, keep it as a draft under
    `draft_key` (when given) and raise Invalid: the pack file is left as it was."""
    try:
        saved = editor.save(opened, with_question(opened.data, question, replacing),
                            note=f"question {question.get('id')}", item=question.get("id"))
    except Invalid as exc:
        if draft_key:
            editor.keep_draft(draft_key, opened.rel, question, [str(p) for p in exc.problems], replacing)
        raise
    if draft_key:
        editor.drop_draft(draft_key)
    return saved


def keep_draft(editor: PackEditor, opened: Opened, question: dict[str, Any], replacing: str | None = None) -> list[str]:
    """Keep `question` as a draft for the bank `opened` (never written into the pack), under its id, with the
    loader's messages for the bank as it would be with it; returns those messages."""
    edited = with_question(opened.data, question, replacing)
    problems = [str(p) for p in editor.problems(opened, edited)]
    editor.keep_draft(str(question.get("id") or ""), opened.rel, question, problems, replacing)
    return problems


def draft_replacing(bank: dict[str, Any], draft: dict[str, Any]) -> str | None:
    """Which question of `bank` a reopened draft replaces: the one it was an edit of, while it is still there."""
    replacing = draft.get("replacing")
    return replacing if replacing is not None and find(bank, replacing) is not None else None


def english(value: Any) -> str:
    """The English text of a localized value (a string or a mapping)."""
    if isinstance(value, dict):
        return str(value.get("en", ""))
    return "" if value is None else str(value)


def with_english(old: Any, text: str) -> Any:
    """A localized value whose English becomes `text`, keeping the other languages of `old`."""
    if isinstance(old, dict):
        return {**old, "en": text}
    return text
