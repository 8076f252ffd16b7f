"""Backup and restore of all learner and workshop data, as JSON lines, between any two databases
(SQLite or PostgreSQL). The first line names the schema version; each further line is one row."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Boolean, DateTime, Engine, Float, Integer, String, func, insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from . import schema as t
from .auth import PASSCODE_LOCK
from .db import StorageUnavailable
from .migrations import LATEST, current_version, upgrade

TABLES = (t.learners, t.attempts, t.responses, t.drafts, t.lesson_views, t.case_runs, t.plan_items, t.facilitator_auth,
          t.live_sessions, t.participants, t.live_answers, t.evaluations, t.xapi_outbox)
"""In an order that respects foreign keys. Failed-passcode counts are transient and not backed up."""
FORMAT = "itlead-backup"


class BackupError(ValueError):
    """A backup file that cannot be restored; the message says why."""


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def backup(engine: Engine, out: IO[str]) -> dict[str, int]:
    """Write every row; returns the count per table."""
    counts = {}
    with engine.connect() as conn:
        out.write(json.dumps({"format": FORMAT, "schema_version": current_version(conn)}) + "\n")
        for table in TABLES:
            n = 0
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                record = {k: _encode(v) for k, v in row._mapping.items()}
                out.write(json.dumps({"table": table.name, "row": record}, ensure_ascii=False) + "\n")
                n += 1
            counts[table.name] = n
    return counts


AUTH_TABLES = ("facilitator_auth",)
"""Restored only when asked: a backup must not be a way to plant a passcode hash."""


def restore(engine: Engine, source: IO[str], *, include_auth: bool = False) -> dict[str, int]:
    """Load a backup into an empty database (upgraded to the latest schema first). The whole file is read and
    checked before anything is written (tables, columns, types, dates, keys between rows), and the rows go in
    one transaction, so a bad file leaves the database as it was. Passcode rows only with `include_auth`."""
    rows = _read_backup(source)
    _check_references(rows)
    if not include_auth:
        for name in AUTH_TABLES:
            rows[name] = []
    upgrade(engine)
    try:
        with engine.begin() as conn:
            for table in TABLES:
                if conn.execute(select(func.count()).select_from(table)).scalar():
                    raise BackupError(f"the target database already holds data ({table.name}); restore into an "
                                      f"empty one")
            for table in TABLES:
                if rows[table.name]:
                    conn.execute(insert(table), rows[table.name])
            if rows["facilitator_auth"]:
                conn.execute(insert(t.meta).values(key=PASSCODE_LOCK, value="restored"))
            if engine.dialect.name == "postgresql":  # explicit ids were inserted: move the sequences past them
                for table in TABLES:
                    if "id" in table.c and rows[table.name]:
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                          f"(SELECT MAX(id) FROM {table.name}))"))
    except (IntegrityError, StatementError) as exc:
        raise BackupError(f"the backup's rows do not fit together ({type(exc.orig or exc).__name__}); "
                          f"nothing was restored") from None
    return {table.name: len(rows[table.name]) for table in TABLES}


def _read_backup(source: IO[str]) -> dict[str, list[dict[str, Any]]]:
    try:
        header = json.loads(source.readline() or "{}")
    except (ValueError, RecursionError):
        header = {}
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this is not an itlead backup file")
    version = header.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise BackupError("the backup's schema_version is not a whole number")
    if version > LATEST:
        raise BackupError(f"the backup comes from a newer schema ({version}); upgrade the app first")
    by_name = {table.name: table for table in TABLES}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in by_name}
    for number, line in enumerate(source, start=2):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            raise BackupError(f"line {number} is not JSON") from None
        if not isinstance(record, dict) or record.get("table") not in by_name or not isinstance(record.get("row"), dict):
            raise BackupError(f"line {number} is not a row of a known table")
        table = by_name[record["table"]]
        rows[table.name].append({k: _decode(table, k, v, number) for k, v in record["row"].items()})
    return rows


def _decode(table: Any, column: str, value: Any, number: int) -> Any:
    """A stored value back in its column's type; BackupError naming the line for anything that does not fit."""
    if column not in table.c:
        raise BackupError(f"line {number}: {table.name} has no column {column!r}")
    kind = table.c[column].type
    if value is None:
        if not table.c[column].nullable:
            raise BackupError(f"line {number}: {table.name}.{column} cannot be empty")
        return None
    if isinstance(kind, DateTime):
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise BackupError(f"line {number}: {table.name}.{column} is not a date and time") from None
    expected = {Integer: int, Float: (int, float), Boolean: bool, String: str}
    for sql_type, python in expected.items():
        if isinstance(kind, sql_type) and (not isinstance(value, python) or
                                           (python is int and isinstance(value, bool))):
            raise BackupError(f"line {number}: {table.name}.{column} has a value of the wrong type")
    if isinstance(kind, String) and kind.length and len(value) > kind.length:
        raise BackupError(f"line {number}: {table.name}.{column} is too long")
    return value


def _check_references(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Every foreign key points at a row of the backup; every row has its required columns."""
    ids = {name: {r.get("id") for r in table_rows} for name, table_rows in rows.items()}
    for table in TABLES:
        required = [c.name for c in table.c if not c.nullable and c.default is None and not c.primary_key]
        for row in rows[table.name]:
            missing = [c for c in required if c not in row]
            if missing:
                raise BackupError(f"a {table.name} row lacks {', '.join(missing)}")
            for fk in table.foreign_keys:
                value = row.get(fk.parent.name)
                if value is not None and value not in ids.get(fk.column.table.name, set()):
                    raise BackupError(f"a {table.name} row points at {fk.column.table.name} {value}, which the "
                                      f"backup does not hold")


def backup_to(engine: Engine, path: Path) -> dict[str, int]:
    try:
        with path.open("w", encoding="utf-8") as out:
            return backup(engine, out)
    except OSError as exc:
        raise StorageUnavailable(f"cannot write {path}: {exc.strerror}") from None


def restore_from(engine: Engine, path: Path, include_auth: bool = False) -> dict[str, int]:
    try:
        with path.open(encoding="utf-8") as source:
            return restore(engine, source, include_auth=include_auth)
    except UnicodeDecodeError:
        raise BackupError(f"{path} is not a text file") from None
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from None
