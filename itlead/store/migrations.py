"""Versioned schema upgrades. Each step moves the database up one version inside a transaction;
nothing is ever dropped. Add a step to MIGRATIONS for every schema change."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import Column, Connection, Engine, inspect, select, text, update
from sqlalchemy.schema import CreateTable

from . import schema
from .identity import nickname_key

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


NEW_COLUMNS = (("participants", ("nickname_key", "device", "browser")), ("xapi_outbox", ("learner_id",)))


def _v6(conn: Connection) -> None:
    """Security: the throttle table; participants' nickname key, device and browser; the outbox's learner; ids
    never reused (SQLite tables rebuilt with AUTOINCREMENT; PostgreSQL sequences never go back)."""
    schema.metadata.create_all(conn, tables=[schema.throttles])
    if conn.dialect.name == "sqlite":
        for table in schema.ID_TABLES:
            _rebuild_with_autoincrement(conn, table)
    present = {name: {c["name"] for c in inspect(conn).get_columns(name)} for name, _cols in NEW_COLUMNS}
    for name, columns in NEW_COLUMNS:
        for column in columns:
            if column not in present[name]:
                _add_column(conn, schema.metadata.tables[name].c[column])
    _backfill_v6(conn)
    for table in schema.metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _add_column(conn: Connection, column: Column) -> None:
    kind = column.type.compile(dialect=conn.dialect)
    conn.execute(text(f'ALTER TABLE {column.table.name} ADD COLUMN "{column.name}" {kind}'))


def _rebuild_with_autoincrement(conn: Connection, table) -> None:  # type: ignore[no-untyped-def]
    """SQLite's documented table rebuild: create the new table, copy, drop the old, rename. Runs with foreign
    keys off (see upgrade), so dropping a parent table neither cascades nor fails; checked before commit."""
    sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type='table' AND name=:n"), {"n": table.name}).scalar()
    if sql is None or "AUTOINCREMENT" in sql.upper():
        return
    old_columns = [c["name"] for c in inspect(conn).get_columns(table.name)]
    scratch = f"{table.name}__v6"
    ddl = str(CreateTable(table).compile(dialect=conn.dialect)).strip()
    head = f"CREATE TABLE {table.name} ("
    if not ddl.startswith(head):
        raise RuntimeError(f"unexpected DDL for {table.name}")
    conn.execute(text(f"DROP TABLE IF EXISTS {scratch}"))
    conn.execute(text(f"CREATE TABLE {scratch} (" + ddl[len(head):]))
    columns = ", ".join(f'"{c}"' for c in old_columns if c in table.c)
    conn.execute(text(f"INSERT INTO {scratch} ({columns}) SELECT {columns} FROM {table.name}"))
    conn.execute(text(f"DROP TABLE {table.name}"))
    conn.execute(text(f"ALTER TABLE {scratch} RENAME TO {table.name}"))


def _backfill_v6(conn: Connection) -> None:
    """Nickname keys for existing participants (a clash keeps the first); the learner of queued statements."""
    p, o = schema.participants, schema.xapi_outbox
    seen: set[tuple[int, str]] = set()
    for row in conn.execute(select(p.c.id, p.c.session_id, p.c.nickname).where(p.c.nickname_key.is_(None))
                            .order_by(p.c.id)).all():
        key = (row.session_id, nickname_key(row.nickname))
        if key not in seen:
            seen.add(key)
            conn.execute(update(p).where(p.c.id == row.id).values(nickname_key=key[1]))
    for row in conn.execute(select(o.c.statement_id, o.c.body).where(o.c.learner_id.is_(None))).all():
        learner = outbox_learner(row.body)
        if learner is not None:
            conn.execute(update(o).where(o.c.statement_id == row.statement_id).values(learner_id=learner))


def outbox_learner(body: object) -> int | None:
    """The learner id in a statement's pseudonymous actor (`learner-<id>`), if any."""
    try:
        name = body["actor"]["account"]["name"]  # type: ignore[index]
        return int(name.removeprefix("learner-")) if name.startswith("learner-") else None
    except (TypeError, KeyError, ValueError, AttributeError):
        return None


MIGRATIONS: list[tuple[int, Migration]] = [(1, _v1), (2, _v2), (3, _v3), (4, _v4), (5, _v5), (6, _v6)]
FOREIGN_KEYS_OFF = {6}
"""Steps that rebuild SQLite tables: they run with foreign-key enforcement off and check every key before commit."""
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
        if target in FOREIGN_KEYS_OFF and engine.dialect.name == "sqlite":
            _sqlite_rebuild_step(engine, step, target)
        else:
            with engine.begin() as conn:
                step(conn)
                _set_version(conn, target)
        version = target
    return version


def _sqlite_rebuild_step(engine: Engine, step: Migration, target: int) -> None:
    """One step in one explicit SQLite transaction (BEGIN IMMEDIATE, so DDL is inside it too), foreign keys off;
    any dangling key after the step rolls it all back."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            if current_version(conn) >= target:  # another process did it meanwhile
                conn.rollback()
                return
            step(conn)
            _set_version(conn, target)
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if dangling:
                raise RuntimeError(f"schema upgrade {target} would leave dangling keys: {dangling[:3]}")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    exists = conn.execute(select(table.c.key).where(table.c.key == "schema_version")).first()
    if exists:
        conn.execute(table.update().where(table.c.key == "schema_version").values(value=str(version)))
    else:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))
