"""Versioned schema upgrades. Each step moves the database up one version inside a transaction;
nothing is ever dropped. Add a step to MIGRATIONS for every schema change."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection, Engine, inspect, select

from . import schema

Migration = Callable[[Connection], None]


def _v1(conn: Connection) -> None:
    """The first schema: learners, attempts, responses, lesson views, case runs, plan items."""
    schema.metadata.create_all(
        conn,
        tables=[schema.meta, schema.learners, schema.attempts, schema.responses, schema.lesson_views,
                schema.case_runs, schema.plan_items],
    )


def _v2(conn: Connection) -> None:
    """Live workshops: facilitator passcode, failed-attempt log, live sessions, participants, answers."""
    schema.metadata.create_all(conn, tables=list(schema.LIVE_TABLES))


def _v3(conn: Connection) -> None:
    """xAPI: the outbox that keeps statements until the LRS has them."""
    schema.metadata.create_all(conn, tables=[schema.xapi_outbox])


def _v4(conn: Connection) -> None:
    """Drafts: answers given but not yet checked, kept across moves, reloads and devices."""
    schema.metadata.create_all(conn, tables=[schema.drafts])


def _v5(conn: Connection) -> None:
    """Projector links: signed, revocable links that show one session's projection without the passcode."""
    schema.metadata.create_all(conn, tables=[schema.projector_links])


MIGRATIONS: list[tuple[int, Migration]] = [(1, _v1), (2, _v2), (3, _v3), (4, _v4), (5, _v5)]
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the app."""


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table(schema.meta.name):
        return 0
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def upgrade(engine: Engine) -> int:
    """Bring the database to the latest version; returns the version it is at."""
    with engine.begin() as conn:
        version = current_version(conn)
    if version > LATEST:
        raise SchemaTooNew(f"the database is at schema version {version}; this app knows up to {LATEST}")
    for target, step in MIGRATIONS:
        if target <= version:
            continue
        with engine.begin() as conn:
            step(conn)
            _set_version(conn, target)
        version = target
    return version


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    exists = conn.execute(select(table.c.key).where(table.c.key == "schema_version")).first()
    if exists:
        conn.execute(table.update().where(table.c.key == "schema_version").values(value=str(version)))
    else:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))
