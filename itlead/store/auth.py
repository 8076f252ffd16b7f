"""The stored facilitator passcode hash, and the throttle counters (failed passcodes and join codes, quotas on
learners created), each counted and checked in one transaction so that simultaneous requests cannot race it."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from . import schema as t
from .db import as_utc, guarded, now

PASSCODE_LOCK = "facilitator_passcode_set"
"""An itlead_meta key: its primary key lets exactly one passcode ever be set, whatever the number of racers."""


class Policy(Protocol):
    def expired(self, first_at: datetime, last_at: datetime, stamp: datetime) -> bool:
        """True when an old counter should start afresh."""

    def wait(self, attempts: int, first_at: datetime, last_at: datetime, stamp: datetime) -> float:
        """Seconds to wait before one more attempt is allowed; 0 allows it."""


class AuthRepo:
    def __init__(self, engine: Engine):
        self.engine = engine

    @guarded
    def passcode_hash(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(t.facilitator_auth.c.passcode_hash).order_by(t.facilitator_auth.c.id)).scalar()

    @guarded
    def claim_passcode(self, passcode_hash: str) -> bool:
        """Store the first passcode; False when one is already set, also when two sessions race for it."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.meta).values(key=PASSCODE_LOCK, value=now().isoformat()))
                if conn.execute(select(func.count()).select_from(t.facilitator_auth)).scalar():
                    raise IntegrityError("a passcode exists", None, Exception())
                conn.execute(insert(t.facilitator_auth).values(passcode_hash=passcode_hash, created_at=now()))
        except IntegrityError:
            return False
        return True

    @guarded
    def charge(self, scope: str, client: str, policy: Policy) -> float:
        """Count one attempt by `client` unless `policy` says to wait; returns 0 when counted, else the wait in
        seconds. One transaction holding the row's lock (the INSERT takes SQLite's write lock; FOR UPDATE on
        PostgreSQL), so simultaneous attempts are counted one after the other."""
        th, stamp, client = t.throttles, now(), client[:64]
        values = {"scope": scope, "client": client, "attempts": 0, "first_at": stamp, "last_at": stamp}
        maker = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        key = (th.c.scope == scope) & (th.c.client == client)
        with self.engine.begin() as conn:
            conn.execute(maker(th).values(**values).on_conflict_do_nothing())
            row = conn.execute(select(th.c.attempts, th.c.first_at, th.c.last_at).where(key).with_for_update()).one()
            attempts, first_at, last_at = row.attempts, as_utc(row.first_at), as_utc(row.last_at)
            if policy.expired(first_at, last_at, stamp):
                attempts, first_at = 0, stamp
            wait = policy.wait(attempts, first_at, last_at, stamp)
            if wait > 0:
                return wait
            conn.execute(update(th).where(key).values(attempts=attempts + 1, first_at=first_at, last_at=stamp))
        return 0.0

    @guarded
    def attempts(self, scope: str, client: str, policy: Policy) -> int:
        th, stamp = t.throttles, now()
        with self.engine.connect() as conn:
            row = conn.execute(select(th.c.attempts, th.c.first_at, th.c.last_at).where(
                th.c.scope == scope, th.c.client == client[:64])).first()
        if row is None or policy.expired(as_utc(row.first_at), as_utc(row.last_at), stamp):
            return 0
        return int(row.attempts)

    @guarded
    def refund(self, scope: str, client: str) -> None:
        """Take back one counted attempt (it succeeded)."""
        th = t.throttles
        with self.engine.begin() as conn:
            conn.execute(update(th).where(th.c.scope == scope, th.c.client == client[:64], th.c.attempts > 0)
                         .values(attempts=th.c.attempts - 1))

    @guarded
    def forget(self, scope: str, client: str) -> None:
        th = t.throttles
        with self.engine.begin() as conn:
            conn.execute(delete(th).where(th.c.scope == scope, th.c.client == client[:64]))
