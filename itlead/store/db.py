"""Engine creation (an embedded SQLite file by default: WAL, busy timeout; PostgreSQL by URL), the UTC clock and
`guarded`, which turns database failures into a message fit for a user."""
from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

SQLITE_BUSY_TIMEOUT_MS = 10_000


class StorageUnavailable(RuntimeError):
    """The database cannot be reached or used; the message is safe to show to a user."""


P = ParamSpec("P")
R = TypeVar("R")


def now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(stamp: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored stamp is UTC."""
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn database failures into StorageUnavailable, whose message is fit for a user."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except OperationalError as exc:
            raise StorageUnavailable("storage is unavailable; your last action was not saved") from exc
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StorageUnavailable(f"storage error ({type(exc).__name__}); your last action was not saved") from exc

    return wrapper


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """`engine.begin()`, with SQLite's writers in this process taking turns on a lock first. SQLite lets one
    writer in at a time and makes the others retry on a timer that backs off to 100 ms; at 300 participants
    answering within two seconds those waits, not the writes, made the acknowledgement slow. A lock hands over
    at once. Other processes on the same file still meet the busy timeout; PostgreSQL needs no lock."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with _LOCKS_GUARD:
        lock = _WRITE_LOCKS.setdefault(engine, threading.Lock())
    with lock, engine.begin() as conn:
        yield conn


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, a busy timeout and enforced foreign keys."""
    if url.startswith("sqlite"):
        if url not in ("sqlite://", "sqlite:///:memory:"):
            try:
                Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageUnavailable(f"cannot create the data folder: {exc.strerror}") from None
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StorageUnavailable(f"the database URL cannot be used: {type(exc).__name__}") from None
