"""Safe file operations for authoring: atomic writes, a per-pack lock, and content versions for conflict checks."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

WORK = ".authoring"
"""Each pack's working folder: revisions, drafts and the lock; never loaded as content, never exported."""


class AuthoringError(ValueError):
    """Something an author asked for cannot be done; the message says why in plain words."""


class Conflict(AuthoringError):
    """The file changed on disk (another tab, another person, an editor) since it was opened."""


def version_of(raw: bytes | None) -> str:
    """A file's version: the SHA-256 of its bytes ('' for a file that does not exist)."""
    return "" if raw is None else hashlib.sha256(raw).hexdigest()


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`: a reader sees
    the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(pack: Path) -> Iterator[None]:
    """An exclusive lock on a pack (between threads and processes), held while a save checks and writes."""
    work = pack / WORK
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def inside(base: Path, rel: str) -> Path:
    """`base / rel`, refusing any path that would leave `base`."""
    target = (base / rel).resolve()
    if not target.is_relative_to(base.resolve()) or rel.startswith("/") or "\\" in rel:
        raise AuthoringError(f"'{rel}' is not a file of this pack")
    return target
