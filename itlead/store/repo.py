"""Repositories: every write is one short transaction, committed before the call returns."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, ParamSpec, TypeVar

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..identity import code_hash, new_code
from . import schema as t
from .db import StorageUnavailable
from .migrations import upgrade

P = ParamSpec("P")
R = TypeVar("R")


def now() -> datetime:
    return datetime.now(timezone.utc)


def _guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn database failures into StorageUnavailable, whose message is fit for a user."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except OperationalError as exc:
            raise StorageUnavailable("storage is unavailable; your last action was not saved") from exc
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StorageUnavailable(f"storage error ({type(exc).__name__}); your last action was not saved") from exc

    return wrapper


@dataclass(frozen=True)
class Learner:
    id: int
    display_name: str
    locale: str | None
    state: dict[str, Any]


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
class CaseRunRow:
    id: int
    case_id: str
    choices: tuple[str, ...]
    node_id: str
    score: int
    ending_id: str | None
    fraction: float | None
    finished_at: datetime | None


@dataclass(frozen=True)
class PlanItem:
    id: int
    question_id: str | None
    text: str
    done: bool


def _attempt(row: Any) -> Attempt:
    return Attempt(row.id, row.learner_id, row.bank_id, row.module_id, row.purpose, row.behaviour, row.seed,
                   tuple(row.question_ids), row.started_at, row.finished_at, row.marks, row.max_marks)


class Store:
    """All reads and writes of learner data."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @_guard
    def migrate(self) -> int:
        return upgrade(self.engine)

    # learners -------------------------------------------------------------------------------------
    @_guard
    def create_learner(self, display_name: str, locale: str | None = None) -> tuple[Learner, str]:
        """A new learner and their resume code (shown once; only its hash is kept)."""
        for _ in range(5):
            code = new_code()
            try:
                with self.engine.begin() as conn:
                    stamp = now()
                    new_id = conn.execute(insert(t.learners).values(
                        code_hash=code_hash(code), display_name=display_name, locale=locale, state={},
                        created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
                return Learner(new_id, display_name, locale, {}), code
            except IntegrityError:  # a code collision: astronomically rare, try another
                continue
        raise StorageUnavailable("could not create a learner")

    @_guard
    def learner_by_code(self, code: str) -> Learner | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.learners).where(t.learners.c.code_hash == code_hash(code))).first()
        return Learner(row.id, row.display_name, row.locale, dict(row.state or {})) if row else None

    @_guard
    def learner(self, learner_id: int) -> Learner | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.learners).where(t.learners.c.id == learner_id)).first()
        return Learner(row.id, row.display_name, row.locale, dict(row.state or {})) if row else None

    @_guard
    def update_learner(self, learner_id: int, **values: Any) -> None:
        """Change display_name, locale or state (the resume position)."""
        allowed = {k: v for k, v in values.items() if k in ("display_name", "locale", "state")}
        with self.engine.begin() as conn:
            conn.execute(update(t.learners).where(t.learners.c.id == learner_id).values(**allowed, updated_at=now()))

    @_guard
    def delete_learner(self, learner_id: int) -> None:
        """Erase a learner and everything they did."""
        with self.engine.begin() as conn:
            attempt_ids = select(t.attempts.c.id).where(t.attempts.c.learner_id == learner_id)
            conn.execute(delete(t.responses).where(t.responses.c.attempt_id.in_(attempt_ids)))
            for table in (t.attempts, t.lesson_views, t.case_runs, t.plan_items):
                conn.execute(delete(table).where(table.c.learner_id == learner_id))
            conn.execute(delete(t.learners).where(t.learners.c.id == learner_id))

    # attempts and responses -----------------------------------------------------------------------
    @_guard
    def start_attempt(self, learner_id: int, bank_id: str, purpose: str, behaviour: str,
                      question_ids: Iterable[str], seed: int, module_id: str | None = None) -> Attempt:
        with self.engine.begin() as conn:
            new_id = conn.execute(insert(t.attempts).values(
                learner_id=learner_id, bank_id=bank_id, module_id=module_id, purpose=purpose, behaviour=behaviour,
                seed=seed, question_ids=list(question_ids), started_at=now())).inserted_primary_key[0]
            row = conn.execute(select(t.attempts).where(t.attempts.c.id == new_id)).one()
        return _attempt(row)

    @_guard
    def attempt(self, attempt_id: int) -> Attempt | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.attempts).where(t.attempts.c.id == attempt_id)).first()
        return _attempt(row) if row else None

    @_guard
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

    @_guard
    def record_response(self, attempt_id: int, question_id: str, try_no: int, response: Any, *, state: str,
                        finished: bool, fraction: float | None = None, mark: float | None = None,
                        cbm_mark: float | None = None, certainty: int | None = None) -> bool:
        """Store one try. Returns False when that try was already stored (a rerun), True when written now."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.responses).values(
                    attempt_id=attempt_id, question_id=question_id, try_no=try_no, response=response,
                    certainty=certainty, fraction=fraction, mark=mark, cbm_mark=cbm_mark, state=state,
                    finished=finished, created_at=now()))
            return True
        except IntegrityError:
            return False

    @_guard
    def responses(self, attempt_id: int) -> list[ResponseRow]:
        query = (select(t.responses).where(t.responses.c.attempt_id == attempt_id)
                 .order_by(t.responses.c.question_id, t.responses.c.try_no))
        with self.engine.connect() as conn:
            return [ResponseRow(r.question_id, r.try_no, r.response, r.certainty, r.fraction, r.mark, r.cbm_mark,
                                r.state, r.finished) for r in conn.execute(query)]

    @_guard
    def finish_attempt(self, attempt_id: int, marks: float, max_marks: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.attempts).where(t.attempts.c.id == attempt_id, t.attempts.c.finished_at.is_(None))
                         .values(finished_at=now(), marks=marks, max_marks=max_marks))

    # lessons ----------------------------------------------------------------------------------------
    @_guard
    def mark_lesson_seen(self, learner_id: int, module_id: str, lesson_id: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.lesson_views).values(
                    learner_id=learner_id, module_id=module_id, lesson_id=lesson_id, seen_at=now()))
        except IntegrityError:
            pass  # already seen

    @_guard
    def lessons_seen(self, learner_id: int) -> set[tuple[str, str]]:
        query = select(t.lesson_views.c.module_id, t.lesson_views.c.lesson_id).where(
            t.lesson_views.c.learner_id == learner_id)
        with self.engine.connect() as conn:
            return {(r.module_id, r.lesson_id) for r in conn.execute(query)}

    # cases ----------------------------------------------------------------------------------------
    @_guard
    def save_case_run(self, learner_id: int, case_id: str, choices: Iterable[str], node_id: str, score: int,
                      run_id: int | None = None, ending_id: str | None = None,
                      fraction: float | None = None) -> int:
        values = dict(choices=list(choices), node_id=node_id, score=score, ending_id=ending_id, fraction=fraction,
                      finished_at=now() if ending_id else None)
        with self.engine.begin() as conn:
            if run_id is None:
                return conn.execute(insert(t.case_runs).values(
                    learner_id=learner_id, case_id=case_id, started_at=now(), **values)).inserted_primary_key[0]
            conn.execute(update(t.case_runs).where(t.case_runs.c.id == run_id,
                                                   t.case_runs.c.learner_id == learner_id).values(**values))
            return run_id

    @_guard
    def case_runs(self, learner_id: int, case_id: str | None = None) -> list[CaseRunRow]:
        query = select(t.case_runs).where(t.case_runs.c.learner_id == learner_id)
        if case_id is not None:
            query = query.where(t.case_runs.c.case_id == case_id)
        with self.engine.connect() as conn:
            return [CaseRunRow(r.id, r.case_id, tuple(r.choices), r.node_id, r.score, r.ending_id, r.fraction,
                               r.finished_at) for r in conn.execute(query.order_by(t.case_runs.c.id))]

    # action plan ------------------------------------------------------------------------------------
    @_guard
    def upsert_plan_item(self, learner_id: int, text: str, question_id: str | None = None,
                         item_id: int | None = None, done: bool | None = None) -> int:
        """Add or change an action-plan item; an item from a reflection is keyed by its question."""
        with self.engine.begin() as conn:
            if item_id is None and question_id is not None:
                item_id = conn.execute(select(t.plan_items.c.id).where(
                    t.plan_items.c.learner_id == learner_id, t.plan_items.c.question_id == question_id)).scalar()
            values: dict[str, Any] = {"text": text, "updated_at": now()}
            if done is not None:
                values["done"] = done
            if item_id is None:
                return conn.execute(insert(t.plan_items).values(
                    learner_id=learner_id, question_id=question_id, done=bool(done), **{
                        k: v for k, v in values.items() if k != "done"})).inserted_primary_key[0]
            conn.execute(update(t.plan_items).where(t.plan_items.c.id == item_id,
                                                    t.plan_items.c.learner_id == learner_id).values(**values))
            return item_id

    @_guard
    def delete_plan_item(self, learner_id: int, item_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.plan_items).where(t.plan_items.c.id == item_id,
                                                    t.plan_items.c.learner_id == learner_id))

    @_guard
    def plan_items(self, learner_id: int) -> list[PlanItem]:
        query = select(t.plan_items).where(t.plan_items.c.learner_id == learner_id).order_by(t.plan_items.c.id)
        with self.engine.connect() as conn:
            return [PlanItem(r.id, r.question_id, r.text, r.done) for r in conn.execute(query)]

    # cohort -------------------------------------------------------------------------------------------
    @_guard
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

    @_guard
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
        return sorted(events, key=lambda e: _utc(e["at"]))


def _utc(stamp: datetime) -> datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
