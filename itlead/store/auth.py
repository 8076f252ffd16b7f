"""The stored facilitator passcode hash and the log of failed passcodes and join codes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, insert, select

from . import schema as t
from .db import guarded, now


class AuthRepo:
    def __init__(self, engine: Engine):
        self.engine = engine

    @guarded
    def passcode_hash(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(t.facilitator_auth.c.passcode_hash).order_by(t.facilitator_auth.c.id)).scalar()

    @guarded
    def store_passcode_hash(self, passcode_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.facilitator_auth).values(passcode_hash=passcode_hash, created_at=now()))

    @guarded
    def failures(self, scope: str, since: datetime, client: str | None = None) -> int:
        """Failures in `scope` since `since`, by one client or (None) by everybody."""
        f = t.auth_failures
        query = select(func.count()).select_from(f).where(f.c.scope == scope, f.c.at >= since)
        if client is not None:
            query = query.where(f.c.client == client)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    @guarded
    def record_failure(self, scope: str, client: str, forget_before: datetime) -> None:
        f = t.auth_failures
        with self.engine.begin() as conn:
            conn.execute(insert(f).values(scope=scope, client=client[:64], at=now()))
            conn.execute(delete(f).where(f.c.at < forget_before))
