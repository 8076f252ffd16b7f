"""A `serve.py` server holding participants' event streams still stops at once on SIGTERM: a stopping server waits
for open responses to end, and an event stream would never end by itself."""
import signal
import time

from itlead.store import Store, make_engine
from itlead.workshop.live import Live

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit
from ..helpers.ws_client import EventStream


def test_a_server_with_open_event_streams_stops_on_sigterm(tmp_path):
    url = f"sqlite:///{tmp_path / 'stop.db'}"
    Store(make_engine(url)).migrate()
    live = Live(make_engine(url))
    session = live.create("Stop", ["sample.q-single"])
    _participant, token = live.join(session.id, "Ana")
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course")},
                           port, script=ROOT / "serve.py")
    try:
        streams = [EventStream(f"http://127.0.0.1:{port}", token) for _ in range(3)]
        assert {s.next(10).split()[0] for s in streams} == {"0"}
        live.act(session.id, "open")
        assert {s.next(10).split()[0] for s in streams} == {"1"}  # each stream hears the opening
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        assert time.monotonic() - started < 15
        for stream in streams:
            stream.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
