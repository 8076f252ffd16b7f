"""The live event stream: who may listen, and that a session's new version reaches its listeners."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.requests import Request

from itlead.server.live_events import GONE, MAX_SPREAD_MS, SPREAD_PER_PHONE_MS, LiveEvents
from itlead.store import Store, make_engine
from itlead.workshop.live import Live


@pytest.fixture
def live(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'events.db'}")
    Store(engine).migrate()
    return Live(engine)


def run(coroutine):
    """asyncio.run on a thread of its own: Playwright's sync API may hold an event loop on the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/live-events", "query_string": query.encode(),
                    "headers": []})


def test_only_a_participant_link_opens_a_stream(live):
    events = LiveEvents(lambda: live)
    assert run(events.stream(request(""))).status_code == 400
    assert run(events.stream(request("p=" + "x" * 101))).status_code == 400
    assert run(events.stream(request("p=not-a-token"))).status_code == 404
    session = live.create("S", ["m.q"])
    _participant, token = live.join(session.id, "Ana")
    full = LiveEvents(lambda: live, max_listeners=0)
    assert run(full.stream(request(f"p={token}"))).status_code == 503
    response = run(events.stream(request(f"p={token}")))
    assert response.status_code == 200 and response.media_type == "text/event-stream"
    assert response.headers["x-accel-buffering"] == "no"  # nginx passes each event on at once


def test_listeners_hear_the_current_version_then_each_new_one(live):
    session = live.create("S", ["m.q", "m.r"])
    other = live.create("Other", ["m.q"])
    events = LiveEvents(lambda: live)

    async def scenario() -> list[str]:
        heard = []
        ana, ben, carl = events._events(session.id), events._events(session.id), events._events(other.id)
        for stream in (ana, ben, carl):
            heard.append(await stream.__anext__())
        assert events.listeners == 3
        live.act(session.id, "open")
        await events._look()
        heard += [await asyncio.wait_for(ana.__anext__(), 1), await asyncio.wait_for(ben.__anext__(), 1)]
        with pytest.raises(TimeoutError):  # the other session did not change: nothing for its listener
            await asyncio.wait_for(carl.__anext__(), 0.2)
        for stream in (ana, ben):
            await stream.aclose()
        assert events.listeners == 0
        return heard

    heard = run(scenario())
    first = str(live.poll(session.id).version - 1)
    one, two = SPREAD_PER_PHONE_MS, 2 * SPREAD_PER_PHONE_MS
    assert heard[0] == f"retry: 3000\ndata: {first} {one}\n\n"  # the version, and the spread for one phone
    assert heard[1] == f"retry: 3000\ndata: {first} {two}\n\n"
    assert heard[3] == heard[4] == f"data: {live.poll(session.id).version} {two}\n\n"


def test_a_bigger_room_spreads_its_reruns_over_a_longer_window_up_to_a_bound():
    events = LiveEvents(lambda: None)
    events._listeners = {1: set(range(10)), 2: set(range(300)), 3: set(range(5000))}
    assert events.spread_ms(1) == 10 * SPREAD_PER_PHONE_MS < events.spread_ms(2) == 300 * SPREAD_PER_PHONE_MS
    assert events.spread_ms(3) == MAX_SPREAD_MS and events.spread_ms(4) == 0


def test_a_deleted_session_is_reported_gone(live):
    events = LiveEvents(lambda: live)
    assert events._read_versions([12345]) == {12345: GONE}
