"""A course that follows its files: parsed once per process, re-read when a file changes, and safe to ask
from many threads at once (the first asker parses; the others wait for that result instead of parsing too)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from .loader import LoadResult, discover, load_course

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path, packs: list[Path]) -> Fingerprint:
    """Every content file with its modification time and size."""
    out = []
    for path in [*discover(root), *(p for pack in packs for p in discover(pack))]:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


class LiveCourse:
    """The loaded course under `root` plus `packs`. Files are looked at most every `check_seconds`; a changed file
    is reloaded, and a file that now breaks keeps serving its last good version while its problems are shown."""

    def __init__(self, root: Path, packs: list[Path], check_seconds: float = 1.0):
        self.root, self.packs, self.check_seconds = root, packs, check_seconds
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._version: Fingerprint | None = None
        self._result: LoadResult | None = None

    def get(self) -> LoadResult:
        if self._result is not None and time.monotonic() - self._checked < self.check_seconds:
            return self._result
        with self._lock:
            if self._result is None or time.monotonic() - self._checked >= self.check_seconds:
                version = fingerprint(self.root, self.packs)
                if version != self._version:
                    self._result = load_course(self.root, packs=self.packs, previous=self._result)
                    self._version = version
                self._checked = time.monotonic()
            return self._result  # type: ignore[return-value]

    def adopt(self, result: LoadResult, changed: Path) -> bool:
        """Serve `result`, the course made by checking the one file `changed` against the course now served (the
        editor's save), instead of re-reading every file on the next check. Only when both are clean and
        `changed` is the only file that differs on disk; otherwise the next check reloads as usual."""
        with self._lock:
            if self._result is None or self._version is None or not (self._result.ok and result.ok):
                return False
            served = self._result.good
            if set(result.good) != set(served) or sum(result.good[k] is not served[k] for k in served) > 1:
                return False  # made from another course than the one served (a save adopted meanwhile)
            version = fingerprint(self.root, self.packs)
            before, after = dict((p, rest) for p, *rest in self._version), dict((p, rest) for p, *rest in version)
            differ = {Path(p).resolve() for p in after if after[p] != before.get(p)}
            if set(before) != set(after) or differ - {changed.resolve()}:
                return False
            self._result, self._version, self._checked = result, version, time.monotonic()
            return True
