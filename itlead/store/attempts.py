"""Attempts at a bank, their responses (one row per try) and the lessons a learner has seen."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from . import schema as t
from .db import guarded, now


@dataclass(frozen=True)
class Attempt:
    id: int
    learner_id: int
    bank_id: str
    module_id: str | None
    purpose: str
    behaviour: str
    seed: int
    question_ids: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None
    marks: float | None
    max_marks: float | None

    @property
    def percent(self) -> float | None:
        if self.marks is None or not self.max_marks:
            return None
        return 100.0 * self.marks / self.max_marks


@dataclass(frozen=True)
class ResponseRow:
    question_id: str
    try_no: int
    response: Any
    certainty: int | None
    fraction: float | None
    mark: float | None
    cbm_mark: float | None
    state: str
    finished: bool


@dataclass(frozen=True)
class Draft:
    response: Any
    certainty: int | None


def _attempt(row: Any) -> Attempt:
    return Attempt(row.id, row.learner_id, row.bank_id, row.module_id, row.purpose, row.behaviour, row.seed,
                   tuple(row.question_ids), row.started_at, row.finished_at, row.marks, row.max_marks)


class AttemptRepo:
    engine: Engine

    # attempts and responses -----------------------------------------------------------------------
    @guarded
    def start_attempt(self, learner_id: int, bank_id: str, purpose: str, behaviour: str,
                      question_ids: Iterable[str], seed: int, module_id: str | None = None) -> Attempt:
        with self.engine.begin() as conn:
            new_id = conn.execute(insert(t.attempts).values(
                learner_id=learner_id, bank_id=bank_id, module_id=module_id, purpose=purpose, behaviour=behaviour,
                seed=seed, question_ids=list(question_ids), started_at=now())).inserted_primary_key[0]
            row = conn.execute(select(t.attempts).where(t.attempts.c.id == new_id)).one()
        return _attempt(row)

    @guarded
    def attempt(self, attempt_id: int) -> Attempt | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.attempts).where(t.attempts.c.id == attempt_id)).first()
        return _attempt(row) if row else None

    @guarded
    def attempts(self, learner_id: int, purpose: str | None = None, bank_id: str | None = None,
                 finished: bool | None = None) -> list[Attempt]:
        query = select(t.attempts).where(t.attempts.c.learner_id == learner_id)
        if purpose is not None:
            query = query.where(t.attempts.c.purpose == purpose)
        if bank_id is not None:
            query = query.where(t.attempts.c.bank_id == bank_id)
        if finished is not None:
            column = t.attempts.c.finished_at
            query = query.where(column.is_not(None) if finished else column.is_(None))
        with self.engine.connect() as conn:
            return [_attempt(r) for r in conn.execute(query.order_by(t.attempts.c.id))]

    @guarded
    def record_response(self, attempt_id: int, question_id: str, try_no: int, response: Any, *, state: str,
                        finished: bool, fraction: float | None = None, mark: float | None = None,
                        cbm_mark: float | None = None, certainty: int | None = None) -> bool:
        """Store one try, which replaces the question's draft. Returns False when that try was already stored (a
        rerun), True when written now."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.responses).values(
                    attempt_id=attempt_id, question_id=question_id, try_no=try_no, response=response,
                    certainty=certainty, fraction=fraction, mark=mark, cbm_mark=cbm_mark, state=state,
                    finished=finished, created_at=now()))
                conn.execute(delete(t.drafts).where(t.drafts.c.attempt_id == attempt_id,
                                                    t.drafts.c.question_id == question_id))
            return True
        except IntegrityError:
            return False

    @guarded
    def responses(self, attempt_id: int) -> list[ResponseRow]:
        query = (select(t.responses).where(t.responses.c.attempt_id == attempt_id)
                 .order_by(t.responses.c.question_id, t.responses.c.try_no))
        with self.engine.connect() as conn:
            return [ResponseRow(r.question_id, r.try_no, r.response, r.certainty, r.fraction, r.mark, r.cbm_mark,
                                r.state, r.finished) for r in conn.execute(query)]

    @guarded
    def finish_attempt(self, attempt_id: int, marks: float, max_marks: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.attempts).where(t.attempts.c.id == attempt_id, t.attempts.c.finished_at.is_(None))
                         .values(finished_at=now(), marks=marks, max_marks=max_marks))

    # drafts ---------------------------------------------------------------------------------------------
    @guarded
    def save_draft(self, attempt_id: int, question_id: str, response: Any, certainty: int | None = None) -> None:
        """Keep an answer not yet checked (one per question; the newest wins)."""
        d = t.drafts
        key = (d.c.attempt_id == attempt_id, d.c.question_id == question_id)
        with self.engine.begin() as conn:
            changed = conn.execute(update(d).where(*key).values(response=response, certainty=certainty,
                                                                updated_at=now())).rowcount
            if not changed:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(d).values(attempt_id=attempt_id, question_id=question_id,
                                                      response=response, certainty=certainty, updated_at=now()))
                except IntegrityError:  # written meanwhile by another tab
                    conn.execute(update(d).where(*key).values(response=response, certainty=certainty,
                                                              updated_at=now()))

    @guarded
    def drafts(self, attempt_id: int) -> dict[str, Draft]:
        d = t.drafts
        with self.engine.connect() as conn:
            rows = conn.execute(select(d).where(d.c.attempt_id == attempt_id))
            return {r.question_id: Draft(r.response, r.certainty) for r in rows}

    @guarded
    def drop_draft(self, attempt_id: int, question_id: str) -> None:
        d = t.drafts
        with self.engine.begin() as conn:
            conn.execute(delete(d).where(d.c.attempt_id == attempt_id, d.c.question_id == question_id))

    # lessons ----------------------------------------------------------------------------------------
    @guarded
    def mark_lesson_seen(self, learner_id: int, module_id: str, lesson_id: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.lesson_views).values(
                    learner_id=learner_id, module_id=module_id, lesson_id=lesson_id, seen_at=now()))
        except IntegrityError:
            pass  # already seen

    @guarded
    def lessons_seen(self, learner_id: int) -> set[tuple[str, str]]:
        query = select(t.lesson_views.c.module_id, t.lesson_views.c.lesson_id).where(
            t.lesson_views.c.learner_id == learner_id)
        with self.engine.connect() as conn:
            return {(r.module_id, r.lesson_id) for r in conn.execute(query)}
