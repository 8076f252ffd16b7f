"""Server-sent events that tell each participant's phone when its live session changes.

Polling costs a script run per phone every few seconds; at 300 phones that alone fills a core. Instead each phone
holds one event stream (`GET /live-events?p=<participant token>`). One watcher per process reads the version of
every session that has listeners, twice a second, in one thread call, and pushes the new version to each phone of
a session that changed; the phone then reruns its live panel once. Nothing here writes: answers still go through
the page and the answer service. The watcher reads the database, so it works the same behind a proxy with
several processes on one PostgreSQL. Each event is "<version> <spread in ms>": phones spread their reruns over
that window, which grows with the number of phones this process serves in the session.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..store import StorageUnavailable
from ..workshop.live import Live

PATH = "/live-events"
PERIOD = 0.5  # seconds between two looks at the sessions' versions
KEEP_ALIVE = 15.0  # a comment line this often keeps proxies from closing an idle stream
MAX_LISTENERS = 5000
RETRY_MS = 3000  # how long a browser waits before it reconnects a dropped stream
SPREAD_PER_PHONE_MS = 15  # what one phone costs this process per change, its answer included (docs/performance.md)
MAX_SPREAD_MS = 10_000
GONE = "gone"
CLOSED = ""  # not a version: tells a stream to end (the server is stopping)
_hub: LiveEvents | None = None


def mounted() -> bool:
    """True when this process serves the event stream (`streamlit run serve.py`)."""
    return _hub is not None


def latest_version(session_id: int) -> str | None:
    """The newest version of a session this process has told its phones about, if it follows that session: a
    page that reruns because of that news must not read an older cached snapshot."""
    return _hub._versions.get(session_id) if _hub is not None else None


class LiveEvents:
    """The listeners of each session, and the watcher that tells them about new versions."""

    def __init__(self, live: Callable[[], Live], period: float = PERIOD, max_listeners: int = MAX_LISTENERS):
        self._live, self.period, self.max_listeners = live, period, max_listeners
        self._listeners: dict[int, set[asyncio.Queue[str]]] = {}
        self._versions: dict[int, str] = {}
        self.closed = False

    @property
    def listeners(self) -> int:
        return sum(len(queues) for queues in self._listeners.values())

    def spread_ms(self, session_id: int) -> int:
        """Over how many milliseconds a session's phones should spread their reruns after a change: each waits a
        random part of it, so that the process meets them at about the rate it can serve them instead of all at
        once (where every one of them would wait for the last)."""
        return min(MAX_SPREAD_MS, SPREAD_PER_PHONE_MS * len(self._listeners.get(session_id, ())))

    def route(self) -> Route:
        return Route(PATH, self.stream, methods=["GET"])

    async def stream(self, request: Request) -> Response:
        """The event stream of the participant whose token is `p`: the session's version now and at each change."""
        token = request.query_params.get("p", "")
        if not token or len(token) > 100:
            return PlainTextResponse("a participant link is needed", status_code=400)
        if self.closed or self.listeners >= self.max_listeners:
            return PlainTextResponse("too many listeners; the page refreshes itself instead", status_code=503)
        try:
            participant = await anyio.to_thread.run_sync(self._live().participant, token)
        except StorageUnavailable:
            return PlainTextResponse("storage is unavailable", status_code=503)
        if participant is None:
            return PlainTextResponse("no such participant", status_code=404)
        return StreamingResponse(self._events(participant.session_id), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def _events(self, session_id: int) -> AsyncIterator[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        self._listeners.setdefault(session_id, set()).add(queue)
        try:
            if session_id not in self._versions:
                await self._look()
            sent = self._versions.get(session_id, GONE)
            yield f"retry: {RETRY_MS}\ndata: {sent} {self.spread_ms(session_id)}\n\n"
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), timeout=KEEP_ALIVE)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if version == CLOSED:
                    return
                if version != sent:
                    sent = version
                    yield f"data: {version} {self.spread_ms(session_id)}\n\n"
        finally:
            queues = self._listeners.get(session_id, set())
            queues.discard(queue)
            if not queues:
                self._listeners.pop(session_id, None)
                self._versions.pop(session_id, None)

    def close(self) -> None:
        """End every stream and refuse new ones: a server that is stopping waits for open responses to end, and
        these never would. The browsers reconnect to whichever server comes back."""
        self.closed = True
        for queues in self._listeners.values():
            for queue in queues:
                _offer(queue, CLOSED)

    async def watch(self) -> None:
        """Look at the sessions with listeners every `period` seconds until cancelled."""
        while True:
            await asyncio.sleep(self.period)
            if self._listeners:
                try:
                    await self._look()
                except Exception:  # the watcher must outlive a database outage
                    logging.getLogger("itlead").warning("live events: cannot read the sessions", exc_info=True)

    async def _look(self) -> None:
        sessions = list(self._listeners)
        versions = await anyio.to_thread.run_sync(self._read_versions, sessions)
        for session_id, version in versions.items():
            if self._versions.get(session_id) != version:
                self._versions[session_id] = version
                for queue in list(self._listeners.get(session_id, ())):
                    _offer(queue, version)

    def _read_versions(self, sessions: list[int]) -> dict[int, str]:
        live = self._live()
        versions = {}
        for session_id in sessions:
            snap = live.poll(session_id)
            versions[session_id] = GONE if snap is None else str(snap.version)
        return versions


def _offer(queue: asyncio.Queue[str], version: str) -> None:
    """Only the newest version matters: replace one not yet sent."""
    with contextlib.suppress(asyncio.QueueEmpty):
        queue.get_nowait()
    queue.put_nowait(version)


def _close_on_stop_signals(events: LiveEvents) -> None:
    """SIGTERM and SIGINT first end the streams, then do what they did (the server's graceful stop). Without this
    the server would wait for ever for the streams to finish. Only possible on the main thread."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        before = signal.getsignal(sig)

        def stop(signum: int, frame: Any, before: Any = before) -> None:
            loop.call_soon_threadsafe(events.close)
            if callable(before):
                before(signum, frame)

        with contextlib.suppress(ValueError):  # not the main thread: the server's own handling only
            signal.signal(sig, stop)


@contextlib.asynccontextmanager
async def watching(events: LiveEvents) -> AsyncIterator[Any]:
    """For as long as the server runs: the watcher runs, the pages of this process follow the stream, and a stop
    signal ends the streams."""
    global _hub
    _close_on_stop_signals(events)
    task = asyncio.create_task(events.watch())
    _hub = events
    try:
        yield
    finally:
        _hub = None
        events.close()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
