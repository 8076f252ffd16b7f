"""The xAPI outbox: statements wait in the database until the LRS has acknowledged them. Sending is retried
with exponential backoff while the LRS is down; a statement is marked sent only after the LRS said so, and
its id never changes, so nothing is lost and nothing is sent twice."""
from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable, Iterable

from sqlalchemy import Engine

from ..store.db import now
from ..store.outbox import OutboxRepo

MAX_BACKOFF_SECONDS = 3600
BATCH = 50


class LrsError(RuntimeError):
    """The LRS refused or could not be reached; the message is safe to log (no credentials)."""


@dataclass
class LrsClient:
    """POSTs statements to an LRS's /statements resource with HTTP basic authentication."""

    url: str
    username: str
    password: str
    timeout: float = 10.0

    def send(self, statements: list[dict[str, Any]]) -> None:
        try:
            self._post(statements)
        except LrsError as exc:
            if "409" not in str(exc) or len(statements) == 1:
                if "409" in str(exc):
                    return  # this statement id is already stored: it was sent before
                raise
            for statement in statements:  # a batch holding one already-stored statement: one by one
                self.send([statement])

    def _post(self, statements: list[dict[str, Any]]) -> None:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            self.url.rstrip("/") + "/statements", data=json.dumps(statements).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3",
                     "Authorization": f"Basic {token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                if response.status not in (200, 204):
                    raise LrsError(f"LRS answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise LrsError(f"LRS answered {exc.code}: {exc.read(200).decode('utf-8', 'replace')}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise LrsError(f"LRS unreachable: {getattr(exc, 'reason', exc)}") from None


@dataclass(frozen=True)
class Outcome:
    sent: int
    failed: int
    pending: int


class Outbox:
    def __init__(self, engine: Engine):
        self.repo = OutboxRepo(engine)

    def enqueue(self, statements: Iterable[dict[str, Any]]) -> int:
        """Add statements not yet in the outbox; returns how many were new."""
        return self.repo.add_new(statements)

    def pending(self) -> int:
        return self.repo.pending()

    def forward(self, send: Callable[[list[dict[str, Any]]], None], batch: int = BATCH) -> Outcome:
        """Send what is due, oldest first; on failure, back off (2, 4, 8 ... s, at most an hour)."""
        sent = failed = 0
        while due := self.repo.due(batch):
            ids = [row.statement_id for row in due]
            try:
                send([row.body for row in due])
            except LrsError as exc:
                tries = max(row.tries for row in due) + 1
                wait = timedelta(seconds=min(2 ** tries, MAX_BACKOFF_SECONDS))
                self.repo.postpone(ids, now() + wait, str(exc))
                failed += len(ids)
                break
            self.repo.mark_sent(ids)
            sent += len(ids)
        return Outcome(sent, failed, self.pending())
