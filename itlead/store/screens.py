"""Projector links (rows that a signed link points at, so it can be revoked) and the per-installation secret
that signs them, kept in the meta table."""
from __future__ import annotations

import secrets as _secrets

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from . import schema as t
from .db import guarded, now

SECRET_KEY = "projector_link_secret"


class ScreenRepo:
    def __init__(self, engine: Engine):
        self.engine = engine

    @guarded
    def secret(self) -> bytes:
        """This installation's signing secret, created on first use (a race keeps the first one written)."""
        m = t.meta
        with self.engine.connect() as conn:
            found = conn.execute(select(m.c.value).where(m.c.key == SECRET_KEY)).scalar()
        if found is None:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(m).values(key=SECRET_KEY, value=_secrets.token_urlsafe(32)))
            except IntegrityError:
                pass
            with self.engine.connect() as conn:
                found = conn.execute(select(m.c.value).where(m.c.key == SECRET_KEY)).scalar()
        return str(found).encode("ascii")

    @guarded
    def insert_link(self, session_id: int) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(t.projector_links).values(
                session_id=session_id, created_at=now())).inserted_primary_key[0]

    @guarded
    def link_session(self, link_id: int) -> int | None:
        """The session a link shows, or None when it does not exist or was revoked."""
        p = t.projector_links
        with self.engine.connect() as conn:
            row = conn.execute(select(p.c.session_id).where(p.c.id == link_id, p.c.revoked_at.is_(None))).first()
        return row.session_id if row else None

    @guarded
    def active_links(self, session_id: int) -> list[int]:
        p = t.projector_links
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(select(p.c.id).where(
                p.c.session_id == session_id, p.c.revoked_at.is_(None)).order_by(p.c.id))]

    @guarded
    def revoke(self, session_id: int, link_id: int) -> None:
        p = t.projector_links
        with self.engine.begin() as conn:
            conn.execute(update(p).where(p.c.id == link_id, p.c.session_id == session_id,
                                         p.c.revoked_at.is_(None)).values(revoked_at=now()))
