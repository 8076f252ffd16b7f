"""xAPI statements from stored learner data: answered questions, passed or failed checks, completed modules
and case endings, with ADL verbs, cmi.interaction definitions and a pseudonymous account actor.

Statement ids are UUIDv5 of what they describe, so building them twice gives the same ids: an LRS and the
outbox both recognise a statement already sent, and nothing is sent twice.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from ..content.course import Course
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

VERBS = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
MODULE = "http://adlnet.gov/expapi/activities/module"
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
NAMESPACE = uuid.UUID("6f1f2b1e-9a59-4d2e-8c1a-1c2f6b7f0a11")


def iso_duration(delta: timedelta) -> str:
    """ISO 8601 duration, e.g. PT1M3.5S."""
    seconds = max(0.0, delta.total_seconds())
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + f"{round(rest, 2):g}S"


def actor(home_page: str, learner_id: int) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": f"learner-{learner_id}"}}


def _lang(text: Any) -> dict[str, str]:
    mapping = {"en": "en-US", "fr": "fr-FR", "es": "es-ES"}
    return {mapping[loc]: text.get(loc) for loc in ("en", "fr", "es") if text.has(loc)}


def interaction(question: Any) -> dict[str, Any]:
    """The cmi.interaction activity definition of a question."""
    d: dict[str, Any] = {"type": INTERACTION, "name": _lang(question.stem), "description": _lang(question.stem)}
    if isinstance(question, (SingleChoice, MultipleResponse)):
        d["interactionType"] = "choice"
        d["choices"] = [{"id": o.id, "description": _lang(o.text)} for o in question.options]
        d["correctResponsesPattern"] = ["[,]".join(o.id for o in question.options if o.correct)]
    elif isinstance(question, TrueFalse):
        d["interactionType"] = "true-false"
        d["correctResponsesPattern"] = [str(question.answer).lower()]
    elif isinstance(question, Ordering):
        d["interactionType"] = "sequencing"
        d["choices"] = [{"id": i.id, "description": _lang(i.text)} for i in question.items]
        d["correctResponsesPattern"] = ["[,]".join(i.id for i in question.items)]
    elif isinstance(question, Matching):
        d["interactionType"] = "matching"
        d["source"] = [{"id": p.id, "description": _lang(p.left)} for p in question.pairs]
        d["target"] = [{"id": p.id, "description": _lang(p.right)} for p in question.pairs] + \
            [{"id": x.id, "description": _lang(x.text)} for x in question.distractors]
        d["correctResponsesPattern"] = ["[,]".join(f"{p.id}[.]{p.id}" for p in question.pairs)]
    elif isinstance(question, Numeric):
        d["interactionType"] = "numeric"
        error = question.allowed_error()
        d["correctResponsesPattern"] = [f"{question.answer - error:g}[:]{question.answer + error:g}"]
    elif isinstance(question, Likert):
        d["interactionType"] = "likert"
        d["scale"] = [{"id": str(k), "description": _lang(question.anchors[k]) if k in question.anchors
                       else {"en-US": str(k)}} for k in range(1, question.scale + 1)]
    elif isinstance(question, Reflection):
        d["interactionType"] = "long-fill-in"
    return d


def response_text(question: Any, response: Any) -> str:
    """A learner's response in xAPI's response format for the interaction type."""
    if isinstance(question, (SingleChoice, Ordering)):
        return response if isinstance(response, str) else "[,]".join(response)
    if isinstance(question, MultipleResponse):
        return "[,]".join(sorted(response))
    if isinstance(question, TrueFalse):
        return str(bool(response)).lower()
    if isinstance(question, Matching):
        return "[,]".join(f"{k}[.]{v}" for k, v in sorted(response.items()))
    return str(response)


def _utc(stamp: datetime) -> datetime:
    """Stored times are UTC; SQLite returns them without a zone."""
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def statement_id(*parts: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def statements(course: Course, home_page: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """xAPI statements for the stored events in `rows` (see Store.xapi_events)."""
    makers = {"response": _answered, "attempt": _attempted, "case": _case_completed}
    out = []
    for row in rows:
        stamp = _utc(row["at"])
        row = {**row, "since": _utc(row["since"]), "at": stamp}
        base = {"actor": actor(home_page, row["learner_id"]), "timestamp": stamp.isoformat()}
        out.extend(makers[row["kind"]](course, home_page, row, base))
    # a module is completed once, by the first passing attempt
    seen: set[str] = set()
    return [s for s in out if not (s["id"] in seen or seen.add(s["id"]))]


def _answered(course: Course, home_page: str, row: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    found = course.questions.get(row["question_id"])
    if found is None:
        return []
    question = found[1]
    result: dict[str, Any] = {"response": response_text(question, row["response"]), "completion": True,
                              "duration": iso_duration(row["at"] - row["since"])}
    if row["fraction"] is not None:
        scaled = row["mark"] if row["mark"] is not None else row["fraction"]
        result.update(score={"scaled": round(scaled, 4), "raw": round(scaled * question.marks, 4),
                             "min": 0, "max": question.marks}, success=row["state"] == "correct")
    return [{**base, "id": statement_id("response", row["id"]),
             "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
             "object": {"objectType": "Activity", "id": f"{home_page}/question/{question.id}",
                        "definition": interaction(question)},
             "result": result,
             "context": {"registration": statement_id("attempt", row["attempt_id"]),
                         "contextActivities": {"parent": [{"id": f"{home_page}/bank/{row['bank_id']}"}]}}}]


def _attempted(course: Course, home_page: str, row: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """Passed or failed a check; a pass also completes its module."""
    scaled = row["marks"] / row["max_marks"] if row["max_marks"] else 0.0
    passed = scaled >= row["threshold"]
    verb = "passed" if passed else "failed"
    out = [{**base, "id": statement_id("attempt", row["id"]),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": f"{home_page}/bank/{row['bank_id']}",
                       "definition": {"type": ASSESSMENT, "name": {"en-US": row["bank_id"]}}},
            "result": {"score": {"scaled": round(scaled, 4), "raw": row["marks"], "min": 0, "max": row["max_marks"]},
                       "success": passed, "completion": True, "duration": iso_duration(row["at"] - row["since"])},
            "context": {"registration": statement_id("attempt", row["id"])}}]
    module = next((m for m in course.modules if m.id == row["module_id"]), None) if passed else None
    if module is not None:
        out.append({**base, "id": statement_id("module-completed", row["learner_id"], module.id),
                    "verb": {"id": VERBS["completed"], "display": {"en-US": "completed"}},
                    "object": {"objectType": "Activity", "id": f"{home_page}/module/{module.id}",
                               "definition": {"type": MODULE, "name": _lang(module.title)}},
                    "result": {"completion": True, "success": True}})
    return out


def _case_completed(course: Course, home_page: str, row: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    case = course.cases.get(row["case_id"])
    if case is None:
        return []
    ending = case.node(row["ending_id"]) if row["ending_id"] in case.node_index else None
    return [{**base, "id": statement_id("case", row["id"]),
             "verb": {"id": VERBS["completed"], "display": {"en-US": "completed"}},
             "object": {"objectType": "Activity", "id": f"{home_page}/case/{case.id}",
                        "definition": {"type": SIMULATION, "name": _lang(case.title)}},
             "result": {"completion": True, "score": {"scaled": round(row["fraction"] or 0.0, 4)},
                        "success": getattr(ending, "rating", "") == "good",
                        "response": row["ending_id"], "duration": iso_duration(row["at"] - row["since"])}}]
