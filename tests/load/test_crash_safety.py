"""Crash safety: 50 headless participants answer a live question; the server is killed with SIGKILL in the
middle and restarted. Every acknowledged answer is in the database, and participants (by their private link)
and the facilitator carry on. Runs on SQLite and on PostgreSQL; loopback only, bounded in time."""
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from itlead.store import Store, make_engine
from itlead.workshop.live import Live

from .. import postgres
from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit
from ..helpers.ws_client import StreamlitClient, option_label, text_value

PARTICIPANTS = 50
KILL_AFTER = 20
RIGHT = "On high-risk consignments"


class Person:
    def __init__(self, n: int):
        self.n, self.token, self.acked = n, None, False

    def join(self, base: str, code: str) -> None:
        with StreamlitClient(base, timeout=30) as client:
            page = client.rerun(query_string=f"join={code}", page_name="join")
            widgets = page.widgets()
            result = client.click(widgets["Join"][1].id, [text_value(widgets["Join code"][1].id, code),
                                                          text_value(widgets["Your nickname"][1].id, f"P{self.n:02d}")],
                                  query_string=f"join={code}", page_name="join")
            self.token = urllib.parse.parse_qs(result.query_string() or "")["p"][0]

    def answer(self, base: str) -> bool:
        """Answer through the private link; True once the app acknowledged the answer."""
        try:
            with StreamlitClient(base, timeout=20) as client:
                deadline = time.monotonic() + 15
                while True:  # the page refreshes until the open question shows (polls are shared per second)
                    page = client.rerun(query_string=f"p={self.token}", page_name="join")
                    radios = [p for kind, p in page.widgets().values() if kind == "radio"]
                    if radios or time.monotonic() > deadline:
                        break
                    time.sleep(0.3)
                radio = radios[0]
                send = next(p for label, (kind, p) in page.widgets().items() if kind == "button" and "answer" in label)
                result = client.click(send.id, [text_value(radio.id, option_label(radio, RIGHT))], query_string=f"p={self.token}",
                                      page_name="join")
                self.acked = any("Your answer is saved" in t for t in result.texts())
        except Exception:  # the server died under us: not acknowledged, so not counted
            return False
        return self.acked


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_mid_session_loses_no_acknowledged_answer(backend, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'crash.db'}" if backend == "sqlite"
           else postgres.create_database(request.getfixturevalue("postgres_server")))
    engine = make_engine(url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Crash test", ["sample.q-single"])
    env = {"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course")}
    port = free_port()
    proc = start_streamlit(env, port)
    base = f"http://127.0.0.1:{port}"
    people = [Person(n) for n in range(PARTICIPANTS)]
    try:
        with ThreadPoolExecutor(max_workers=PARTICIPANTS) as pool:
            list(pool.map(lambda p: p.join(base, session.code), people))
            live.act(session.id, "open")
            acked = threading.Semaphore(0)

            def answer(person: Person) -> None:
                if person.answer(base):
                    acked.release()

            futures = [pool.submit(answer, p) for p in people]
            for _ in range(KILL_AFTER):
                assert acked.acquire(timeout=30)
            proc.kill()  # SIGKILL: no shutdown, no flush
            for future in futures:
                future.result(timeout=60)
        before = {p.n for p in people if p.acked}
        stored = {a.nickname for a in live.answers(session.id, 0)}
        assert len(before) >= KILL_AFTER
        assert {f"P{n:02d}" for n in before} <= stored  # every acknowledged answer survived the kill

        proc = start_streamlit(env, port)  # the laptop's app is restarted
        left = [p for p in people if not p.acked]
        with ThreadPoolExecutor(max_workers=max(1, len(left))) as pool:
            assert all(pool.map(lambda p: p.answer(base), left))  # participants carry on by their link
        deadline = time.monotonic() + 10
        while live.poll(session.id).answered < PARTICIPANTS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert live.poll(session.id).answered == PARTICIPANTS
        revealed = live.act(live.act(session.id, "lock").id, "reveal")  # and so does the facilitator
        assert revealed.state == "revealed"
        assert {a.response for a in live.answers(session.id, 0)} == {"high"}
    finally:
        proc.kill()
        proc.wait(timeout=10)
