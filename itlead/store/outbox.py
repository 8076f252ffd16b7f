"""The xAPI outbox table: statements waiting for the LRS, with their tries and the time of the next try."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import Engine, Row, insert, select, update

from . import schema as t
from .db import guarded, now
from .migrations import outbox_learner


class OutboxRepo:
    def __init__(self, engine: Engine):
        self.engine = engine

    @guarded
    def add_new(self, statements: Iterable[dict[str, Any]]) -> int:
        """Add the statements whose id is not in the outbox yet; returns how many were new."""
        o = t.xapi_outbox
        items = {s["id"]: s for s in statements}
        with self.engine.begin() as conn:
            known = set(conn.execute(select(o.c.statement_id).where(o.c.statement_id.in_(list(items)))).scalars()) \
                if items else set()
            new = [{"statement_id": sid, "body": body, "created_at": now(), "tries": 0, "next_try_at": now(),
                    "learner_id": outbox_learner(body)} for sid, body in items.items() if sid not in known]
            if new:
                conn.execute(insert(o), new)
        return len(new)

    @guarded
    def pending(self) -> int:
        o = t.xapi_outbox
        with self.engine.connect() as conn:
            return len(conn.execute(select(o.c.statement_id).where(o.c.sent_at.is_(None))).all())

    @guarded
    def due(self, limit: int) -> list[Row[Any]]:
        """Unsent statements whose next try is due, oldest first: (statement_id, body, tries)."""
        o = t.xapi_outbox
        with self.engine.connect() as conn:
            return list(conn.execute(select(o.c.statement_id, o.c.body, o.c.tries)
                                     .where(o.c.sent_at.is_(None), o.c.next_try_at <= now())
                                     .order_by(o.c.created_at, o.c.statement_id).limit(limit)).all())

    @guarded
    def postpone(self, ids: list[str], until: datetime, error: str) -> None:
        o = t.xapi_outbox
        with self.engine.begin() as conn:
            conn.execute(update(o).where(o.c.statement_id.in_(ids)).values(
                tries=o.c.tries + 1, next_try_at=until, last_error=error[:300]))

    @guarded
    def mark_sent(self, ids: list[str]) -> None:
        o = t.xapi_outbox
        with self.engine.begin() as conn:
            conn.execute(update(o).where(o.c.statement_id.in_(ids)).values(sent_at=now(), last_error=None))
