"""A learner's runs through branching cases: the choices so far, the node reached and the ending."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import Engine, insert, select, update

from . import schema as t
from .db import guarded, now


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


class CaseRunRepo:
    engine: Engine

    # cases ----------------------------------------------------------------------------------------
    @guarded
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

    @guarded
    def case_runs(self, learner_id: int, case_id: str | None = None) -> list[CaseRunRow]:
        query = select(t.case_runs).where(t.case_runs.c.learner_id == learner_id)
        if case_id is not None:
            query = query.where(t.case_runs.c.case_id == case_id)
        with self.engine.connect() as conn:
            return [CaseRunRow(r.id, r.case_id, tuple(r.choices), r.node_id, r.score, r.ending_id, r.fraction,
                               r.finished_at) for r in conn.execute(query.order_by(t.case_runs.c.id))]
