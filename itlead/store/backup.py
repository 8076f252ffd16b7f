"""Backup and restore of all learner and workshop data, as JSON lines, between any two databases
(SQLite or PostgreSQL). The first line names the schema version; each further line is one row."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import DateTime, Engine, func, insert, select, text

from . import schema as t
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


def restore(engine: Engine, source: IO[str]) -> dict[str, int]:
    """Load a backup into an empty database (upgraded to the latest schema first)."""
    upgrade(engine)
    try:
        header = json.loads(source.readline() or "{}")
    except ValueError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this is not an itlead backup file")
    if int(header.get("schema_version", 0)) > LATEST:
        raise BackupError(f"the backup comes from a newer schema ({header['schema_version']}); upgrade the app first")
    by_name = {table.name: table for table in TABLES}
    with engine.begin() as conn:
        for table in TABLES:
            if conn.execute(select(func.count()).select_from(table)).scalar():
                raise BackupError(f"the target database already holds data ({table.name}); restore into an empty one")
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in by_name}
        for number, line in enumerate(source, start=2):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                table = by_name[record["table"]]
            except (ValueError, KeyError):
                raise BackupError(f"line {number} is not a row of a known table") from None
            rows[table.name].append({k: _decode(table, k, v) for k, v in record["row"].items()})
        counts = {}
        for table in TABLES:
            if rows[table.name]:
                conn.execute(insert(table), rows[table.name])
            counts[table.name] = len(rows[table.name])
        if engine.dialect.name == "postgresql":  # explicit ids were inserted: move the sequences past them
            for table in TABLES:
                if "id" in table.c and rows[table.name]:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT MAX(id) FROM {table.name}))"))
    return counts


def _decode(table: Any, column: str, value: Any) -> Any:
    if value is not None and column in table.c and isinstance(table.c[column].type, DateTime):
        return datetime.fromisoformat(value)
    return value


def backup_to(engine: Engine, path: Path) -> dict[str, int]:
    try:
        with path.open("w", encoding="utf-8") as out:
            return backup(engine, out)
    except OSError as exc:
        raise StorageUnavailable(f"cannot write {path}: {exc.strerror}") from None


def restore_from(engine: Engine, path: Path) -> dict[str, int]:
    try:
        with path.open(encoding="utf-8") as source:
            return restore(engine, source)
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from None
