"""Learners: a display name and the hash of a resume code; deleting one erases every row about them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..settings import install_secret
from . import schema as t
from .db import StorageUnavailable, guarded, now
from .identity import code_hash, new_code

LEARNER_TABLES = ("responses", "drafts", "attempts", "lesson_views", "case_runs", "plan_items", "xapi_outbox", "learners")
"""Every table holding rows about a learner, in the order "delete my data" empties them (children first)."""


@dataclass(frozen=True)
class Learner:
    id: int
    display_name: str
    locale: str | None
    state: dict[str, Any]


class LearnerRepo:
    engine: Engine
    secret: bytes | None = None

    def _key(self) -> bytes:
        return self.secret or install_secret()

    # learners -------------------------------------------------------------------------------------
    @guarded
    def create_learner(self, display_name: str, locale: str | None = None) -> tuple[Learner, str]:
        """A new learner and their resume code (shown once; only its hash is kept)."""
        for _ in range(5):
            code = new_code()
            try:
                with self.engine.begin() as conn:
                    stamp = now()
                    new_id = conn.execute(insert(t.learners).values(
                        code_hash=code_hash(code, self._key()), display_name=display_name, locale=locale, state={},
                        created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
                return Learner(new_id, display_name, locale, {}), code
            except IntegrityError:  # a code collision: astronomically rare, try another
                continue
        raise StorageUnavailable("could not create a learner")

    @guarded
    def learner_by_code(self, code: str) -> Learner | None:
        """The learner with this code; a code stored by an earlier release (plain SHA-256) is re-keyed now."""
        keyed, legacy = code_hash(code, self._key()), code_hash(code, None)
        with self.engine.begin() as conn:
            row = conn.execute(select(t.learners).where(t.learners.c.code_hash == keyed)).first()
            if row is None:
                row = conn.execute(select(t.learners).where(t.learners.c.code_hash == legacy)).first()
                if row is not None:
                    conn.execute(update(t.learners).where(t.learners.c.id == row.id).values(code_hash=keyed))
        return Learner(row.id, row.display_name, row.locale, dict(row.state or {})) if row else None

    @guarded
    def learner(self, learner_id: int) -> Learner | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.learners).where(t.learners.c.id == learner_id)).first()
        return Learner(row.id, row.display_name, row.locale, dict(row.state or {})) if row else None

    @guarded
    def update_learner(self, learner_id: int, **values: Any) -> None:
        """Change display_name, locale or state (the resume position)."""
        allowed = {k: v for k, v in values.items() if k in ("display_name", "locale", "state")}
        with self.engine.begin() as conn:
            conn.execute(update(t.learners).where(t.learners.c.id == learner_id).values(**allowed, updated_at=now()))

    @guarded
    def delete_learner(self, learner_id: int) -> None:
        """Erase a learner and everything about them (LEARNER_TABLES), queued xAPI statements included."""
        with self.engine.begin() as conn:
            for name in LEARNER_TABLES:
                table = t.metadata.tables[name]
                if name in ("responses", "drafts"):
                    attempt_ids = select(t.attempts.c.id).where(t.attempts.c.learner_id == learner_id)
                    conn.execute(delete(table).where(table.c.attempt_id.in_(attempt_ids)))
                elif name == "learners":
                    conn.execute(delete(table).where(table.c.id == learner_id))
                else:
                    conn.execute(delete(table).where(table.c.learner_id == learner_id))
