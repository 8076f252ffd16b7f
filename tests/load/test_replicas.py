"""A live workshop on two app replicas and one PostgreSQL behind a real nginx (docs/deployment.md, "Behind a
reverse proxy"). 100 headless participants, each standing for its own address (X-Forwarded-For over loopback),
join and answer through nginx, which spreads them over both replicas by address; the facilitator, on one replica,
runs the session and counts them all. The facilitator's replica is killed (SIGKILL): the facilitator signs in
again, its participants reconnect through nginx with their private links, and all land on the survivor; the
participants find their answer saved and answer the next item. No acknowledged answer is lost. Loopback only;
every wait is bounded."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from itlead.store import Store, make_engine
from itlead.workshop.live import Live, LiveSession

from .. import postgres
from ..helpers import free_port
from ..helpers.nginx import Nginx, nginx_binary, proxy_directives, served_by, upstream_block
from ..helpers.servers import ROOT, start_streamlit
from ..helpers.ws_client import RunResult, StreamlitClient, option_label, text_value

PARTICIPANTS = 100
PASSCODE = "replicas-passcode"
ITEMS = [("sample.q-single", "On high-risk consignments"), ("sample.q-tf", "True")]
SAVED = "Your answer is saved"
ACK_BOUND = 30.0  # seconds from "send" to the acknowledgement, per participant, on a loaded 2-core machine


class Phone:
    """One participant's phone on the room's Wi-Fi: a websocket through nginx, from its own address."""

    def __init__(self, n: int, base: str):
        self.n, self.base, self.address = n, base, f"192.168.1.{n + 1}"
        self.client: StreamlitClient | None = None
        self.replica, self.token = "", ""

    def connect(self) -> None:
        self.client = StreamlitClient(self.base, timeout=60, headers={"X-Forwarded-For": self.address})
        self.replica = served_by(self.client)

    def join(self, code: str) -> None:
        self.connect()
        page = self.client.rerun(query_string=f"join={code}", page_name="join")
        w = page.widgets()
        done = self.client.click(w["Join"][1].id, [text_value(w["Join code"][1].id, code),
                                                   text_value(w["Your nickname"][1].id, f"P{self.n:03d}")],
                                 query_string=f"join={code}", page_name="join")
        self.token = parse_qs(done.query_string() or "")["p"][0]

    def item_page(self, position: int, seconds: float = 30) -> tuple[RunResult, Any]:
        """The join page once it shows item `position` open (it refreshes until its process's poll, cached for a
        second, sees the item)."""
        deadline = time.monotonic() + seconds
        while True:
            page = self.client.rerun(query_string=f"p={self.token}", page_name="join")
            radios = [p for kind, p in page.widgets().values() if kind == "radio"]
            if radios and any(text.startswith(f"**Item {position + 1}**") for text in page.texts()):
                return page, radios[0]
            assert time.monotonic() < deadline, f"{self.address}: item {position} not open: {page.texts()[-3:]}"
            time.sleep(0.3)

    def answer(self, position: int, option: str) -> float:
        """Answer item `position`; the seconds until the acknowledgement (raises without one)."""
        page, radio = self.item_page(position)
        send = next(p for label, (kind, p) in page.widgets().items() if kind == "button" and "answer" in label)
        started = time.monotonic()
        done = self.client.click(send.id, [text_value(radio.id, option_label(radio, option))],
                                 query_string=f"p={self.token}", page_name="join")
        assert any(SAVED in t for t in done.texts()), f"{self.address}: not acknowledged: {done.texts()[-3:]}"
        return time.monotonic() - started

    def reconnect(self) -> tuple[RunResult, Any]:
        """A new websocket through nginx with the private link, as a phone does when its server goes away."""
        self.client.close()  # already closed by the replica's death: a no-op
        self.connect()
        return self.item_page(0)


class Facilitator:
    """The facilitator's browser through nginx, signed in with the passcode on the Facilitate page."""

    def __init__(self, base: str):
        self.base = base
        self.sign_in()

    def sign_in(self) -> None:
        """A new websocket (and so a new Streamlit session), signed in."""
        self.client = StreamlitClient(self.base, timeout=60, headers={"X-Forwarded-For": "192.168.1.250"})
        self.replica = served_by(self.client)
        w = self.client.rerun(page_name="facilitate").widgets()
        self.client.click(w["Enter"][1].id, [text_value(w["Facilitator passcode"][1].id, PASSCODE)],
                          page_name="facilitate")

    def press(self, label: str) -> None:
        """Press a session control (Open, Reveal, Next) on the page as it is now."""
        self.client.click(self.client.rerun(page_name="facilitate").widgets()[label][1].id, page_name="facilitate")

    def answered(self, expected: int, seconds: float = 20) -> int:
        """The page's live "Answered: n / m" once n reaches `expected` (or the last n seen after `seconds`)."""
        deadline = time.monotonic() + seconds
        while True:
            text = " ".join(self.client.rerun(page_name="facilitate").texts())
            found = re.search(r"Answered:\*\* (\d+) / (\d+)", text)
            seen = int(found.group(1)) if found else -1
            if seen >= expected or time.monotonic() > deadline:
                return seen
            time.sleep(0.5)


@pytest.fixture
def nginx_root() -> Iterator[Path]:
    """nginx's folder; nginx missing is a skip locally and a failure in CI (scripts/test installs it)."""
    if nginx_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI (apt-get install nginx)")
        pytest.skip("nginx not installed")
    root = Path(tempfile.mkdtemp(prefix="itlead-nginx-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def workshop(postgres_server, nginx_root: Path,
             tmp_path: Path) -> Iterator[tuple[Live, LiveSession, Nginx, dict[str, subprocess.Popen]]]:
    """A two-item session on a new database; two `streamlit run serve.py` replicas on it; nginx in front."""
    url = postgres.create_database(postgres_server)
    Store(make_engine(url)).migrate()
    live = Live(make_engine(url))
    session = live.create("Replicas", [item for item, _ in ITEMS])
    env = {"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course"),
           "ITLEAD_FACILITATOR_PASSCODE": PASSCODE, "ITLEAD_LAN_ADDRESS": "off", "ITLEAD_SECRET": "replicas-secret",
           "ITLEAD_DATA_DIR": str(tmp_path)}
    replicas = start_replicas(env, [free_port(), free_port()], tmp_path)
    try:
        with Nginx(nginx_root, [int(r.rsplit(":", 1)[1]) for r in replicas], expose_upstream=True) as proxy:
            yield live, session, proxy, replicas
    finally:
        for proc in replicas.values():
            proc.kill()
            proc.wait(timeout=10)


def start_replicas(env: dict[str, str], ports: list[int], logs: Path) -> dict[str, subprocess.Popen]:
    """`streamlit run serve.py` on each port at once, by upstream address; none left running if one fails."""
    with ThreadPoolExecutor(len(ports)) as pool:
        futures = [pool.submit(start_streamlit, env, port, script=ROOT / "serve.py", log=logs / f"replica-{port}.log")
                   for port in ports]
    failed = [f.exception() for f in futures if f.exception() is not None]
    started = [f.result() for f in futures if f.exception() is None]
    if failed:
        for proc in started:
            proc.kill()
            proc.wait(timeout=10)
        raise failed[0]
    return {f"127.0.0.1:{port}": proc for port, proc in zip(ports, started)}


def answer_all(pool: ThreadPoolExecutor, phones: list[Phone], position: int, facilitator: Facilitator) -> None:
    """Every phone answers item `position` at once: each acknowledged in time, all counted by the facilitator."""
    acks = list(pool.map(lambda phone: phone.answer(position, ITEMS[position][1]), phones, timeout=120))
    assert max(acks) < ACK_BOUND, max(acks)  # no participant stuck
    assert facilitator.answered(len(phones)) == len(phones)  # counted across replicas


def lose_the_facilitators_replica(pool: ThreadPoolExecutor, facilitator: Facilitator, phones: list[Phone],
                                  replicas: dict[str, subprocess.Popen]) -> None:
    """SIGKILL the facilitator's replica; its phones and the facilitator come back through nginx on the other,
    each phone showing its saved answer selected."""
    victim = facilitator.replica
    survivor = next(r for r in replicas if r != victim)
    replicas[victim].kill()  # no shutdown
    replicas[victim].wait(timeout=10)
    moved = [phone for phone in phones if phone.replica == victim]
    pages = list(pool.map(lambda phone: phone.reconnect(), moved, timeout=120))
    assert {phone.replica for phone in moved} == {survivor}  # nginx sent them to the survivor
    for page, radio in pages:
        assert any(SAVED in t for t in page.texts()), page.texts()[-3:]
        assert radio.options[radio.default] == option_label(radio, ITEMS[0][1])
    facilitator.client.close()
    facilitator.sign_in()  # sign-in is per session: the facilitator enters the passcode again
    assert facilitator.replica == survivor


def test_two_replicas_behind_nginx_share_a_workshop_and_survive_losing_one(workshop):
    live, session, proxy, replicas = workshop
    facilitator = Facilitator(proxy.url)
    phones = [Phone(n, proxy.url) for n in range(PARTICIPANTS)]
    try:
        with ThreadPoolExecutor(max_workers=PARTICIPANTS) as pool:
            list(pool.map(lambda phone: phone.join(session.code), phones, timeout=120))
            spread = Counter(phone.replica for phone in phones)
            assert set(spread) == set(replicas), spread  # nginx spread the phones over both replicas
            facilitator.press("Open")
            answer_all(pool, phones, 0, facilitator)
            assert len(live.answers(session.id, 0)) == PARTICIPANTS  # each answer stored once

            lose_the_facilitators_replica(pool, facilitator, phones, replicas)
            assert len(live.answers(session.id, 0)) == PARTICIPANTS  # nothing acknowledged was lost
            facilitator.press("Reveal")
            facilitator.press("Next")
            answer_all(pool, phones, 1, facilitator)
        assert len(live.answers(session.id, 1)) == PARTICIPANTS
        assert len(live.answers(session.id, 0)) == PARTICIPANTS
    finally:
        for client in [facilitator.client, *(phone.client for phone in phones if phone.client)]:
            client.close()


def directives(text: str) -> list[str]:
    """nginx lines without comments, runs of spaces and closing braces."""
    lines = (" ".join(line.split("#")[0].split()) for line in text.splitlines())
    return [line for line in lines if line not in ("", "}")]


def test_the_deployment_guide_shows_the_tested_nginx_config():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    shown = directives(guide.split("```nginx", 1)[1].split("```", 1)[0])
    tested = directives(upstream_block([8501, 8502]) + proxy_directives())
    assert [line for line in shown if line in tested] == tested
