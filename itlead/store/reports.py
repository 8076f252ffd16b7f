"""Read-only views across learners: first tries for item analysis, and events for xAPI statements."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from . import schema as t
from .db import as_utc, guarded


class ReportRepo:
    engine: Engine

    # cohort -------------------------------------------------------------------------------------------
    @guarded
    def cohort_rows(self, purposes: tuple[str, ...] = ("check", "practice", "pretest", "posttest")) -> list[dict[str, Any]]:
        """The first try at each question of every finished attempt, across all learners (for item analysis)."""
        a, r = t.attempts, t.responses
        query = (select(a.c.id.label("attempt"), a.c.learner_id, a.c.purpose, r.c.question_id, r.c.fraction,
                        r.c.response)
                 .join(r, r.c.attempt_id == a.c.id)
                 .where(a.c.purpose.in_(purposes), a.c.finished_at.is_not(None), r.c.try_no == 1)
                 .order_by(a.c.id, r.c.question_id))
        with self.engine.connect() as conn:
            return [{"person": f"attempt {row.attempt}", "learner": row.learner_id, "purpose": row.purpose,
                     "item": row.question_id, "fraction": row.fraction, "response": row.response}
                    for row in conn.execute(query)]

    @guarded
    def xapi_events(self, thresholds: dict[str, float]) -> list[dict[str, Any]]:
        """Every answered question, finished check attempt and finished case run, oldest first.
        `thresholds`: bank id -> mastery threshold (other banks pass at 0.8)."""
        a, r, c = t.attempts, t.responses, t.case_runs
        events: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            previous: dict[int, Any] = {}
            for row in conn.execute(select(r, a.c.learner_id, a.c.bank_id, a.c.started_at)
                                    .join(a, a.c.id == r.c.attempt_id).order_by(r.c.id)):
                since = previous.get(row.attempt_id, row.started_at)
                previous[row.attempt_id] = row.created_at
                events.append({"kind": "response", "id": row.id, "attempt_id": row.attempt_id,
                               "learner_id": row.learner_id, "bank_id": row.bank_id, "question_id": row.question_id,
                               "response": row.response, "fraction": row.fraction, "mark": row.mark,
                               "state": row.state, "at": row.created_at, "since": since})
            for row in conn.execute(select(a).where(a.c.finished_at.is_not(None), a.c.purpose == "check",
                                                    a.c.max_marks > 0).order_by(a.c.id)):
                events.append({"kind": "attempt", "id": row.id, "learner_id": row.learner_id, "bank_id": row.bank_id,
                               "module_id": row.module_id, "marks": row.marks, "max_marks": row.max_marks,
                               "threshold": thresholds.get(row.bank_id, 0.8), "at": row.finished_at,
                               "since": row.started_at})
            for row in conn.execute(select(c).where(c.c.ending_id.is_not(None)).order_by(c.c.id)):
                events.append({"kind": "case", "id": row.id, "learner_id": row.learner_id, "case_id": row.case_id,
                               "ending_id": row.ending_id, "fraction": row.fraction, "at": row.finished_at,
                               "since": row.started_at})
        return sorted(events, key=lambda e: as_utc(e["at"]))
