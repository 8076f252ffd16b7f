"""Load benchmark: 100 participants join a live session and answer one item against a real `streamlit run`
server, while the facilitator's view refreshes.

    python bench/bench_live.py [--participants 100] [--database sqlite|postgresql]

Each participant is a headless websocket client (bench/ws_client.py) on its own thread: it fills the join
form, then answers the open question and waits for the acknowledgement ("Your answer is saved"). The
facilitator is another client on the Facilitate page, rerunning every 0.5 s and reading its live count.
Loopback only; every wait is bounded.
Targets: all join within 10 s; all answer within 5 s; 0 answers lost; p95 answer-to-ack < 1.5 s; the
facilitator's count complete within 3 s of the last answer.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import StreamlitClient, option_label, text_value  # noqa: E402

PASSCODE = "load-test-passcode"
QUESTION = "sample.q-single"
RIGHT = "On high-risk consignments"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Participant:
    def __init__(self, base: str, code: str, n: int):
        self.base, self.code, self.n = base, code, n
        self.client: StreamlitClient | None = None
        self.join_ack = self.answer_ack = None

    def join(self) -> None:
        self.client = StreamlitClient(self.base, timeout=60)
        page = self.client.rerun(query_string=f"join={self.code}", page_name="join")
        widgets = page.widgets()
        started = time.perf_counter()
        result = self.client.click(widgets["Join"][1].id, [
            text_value(widgets["Join code"][1].id, self.code),
            text_value(widgets["Your nickname"][1].id, f"Participant {self.n:03d}"),
        ], query_string=f"join={self.code}", page_name="join")
        if not any("Joined as" in text for text in result.texts()):
            raise RuntimeError(f"participant {self.n} could not join: {result.texts()[-3:]}")
        self.join_ack = time.perf_counter() - started

    def answer(self) -> None:
        assert self.client is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the fragment's refresh, until the question shows
            page = self.client.rerun(page_name="join")
            radios = [p for kind, p in page.widgets().values() if kind == "radio"]
            if radios:
                break
            time.sleep(0.2)
        radio = radios[0]
        send = next(p for label, (kind, p) in page.widgets().items() if kind == "button" and "answer" in label)
        started = time.perf_counter()
        result = self.client.click(send.id, [text_value(radio.id, option_label(radio, RIGHT))],  # radios send the option's label
                                   page_name="join")
        if not any("Your answer is saved" in text for text in result.texts()):
            raise RuntimeError(f"participant {self.n}: no acknowledgement: {result.texts()[-3:]}")
        self.answer_ack = time.perf_counter() - started
        self.acked_at = time.perf_counter()


def facilitator_count(client: StreamlitClient) -> tuple[int, int] | None:
    for text in client.rerun(page_name="facilitate").texts():
        match = re.search(r"Answered:\*\* (\d+) / (\d+)", text)
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    if args.database == "postgresql":
        from tests import postgres

        server = postgres.Server(Path(tempfile.mkdtemp(prefix="itlead-pg-")))
        db_url = postgres.create_database(server.url())
    else:
        db_url = f"sqlite:///{tmp / 'live.db'}"
    engine = make_engine(db_url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Load test", [QUESTION])
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": db_url, "ITLEAD_FACILITATOR_PASSCODE": PASSCODE,
                            "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course")}, port)
    base = f"http://127.0.0.1:{port}"
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores; database {args.database}; "
          f"{args.participants} participants")
    try:
        fac = StreamlitClient(base, timeout=60)
        page = fac.rerun(page_name="facilitate")
        widgets = page.widgets()
        fac.click(widgets["Enter"][1].id, [text_value(widgets["Facilitator passcode"][1].id, PASSCODE)],
                  page_name="facilitate")
        people = [Participant(base, session.code, n) for n in range(args.participants)]
        with ThreadPoolExecutor(max_workers=args.participants) as pool:
            t0 = time.perf_counter()
            list(pool.map(lambda p: p.join(), people))
            join_wall = time.perf_counter() - t0
            live.act(session.id, "open")
            stop = threading.Event()
            counts: list[tuple[float, int]] = []

            def watch() -> None:
                while not stop.is_set():
                    got = facilitator_count(fac)
                    if got:
                        counts.append((time.perf_counter(), got[0]))
                    time.sleep(0.5)

            watcher = threading.Thread(target=watch)
            watcher.start()
            t1 = time.perf_counter()
            list(pool.map(lambda p: p.answer(), people))
            answer_wall = time.perf_counter() - t1
            last_ack = max(p.acked_at for p in people)
            deadline = time.perf_counter() + 15
            while time.perf_counter() < deadline and not (counts and counts[-1][1] >= args.participants):
                time.sleep(0.1)
            stop.set()
            watcher.join()
        complete = next((at for at, n in counts if n >= args.participants), None)
        stored = len(live.answers(session.id, 0))
        joins = [p.join_ack for p in people]
        answers = [p.answer_ack for p in people]
        print(f"join: all {len(people)} joined in {join_wall:.2f} s; join-to-ack p50 {statistics.median(joins):.3f} s, "
              f"p95 {pct(joins, 0.95):.3f} s (target: all within 10 s)")
        print(f"answer: all answered in {answer_wall:.2f} s; answer-to-ack p50 {statistics.median(answers):.3f} s, "
              f"p95 {pct(answers, 0.95):.3f} s (targets: all within 5 s, p95 < 1.5 s)")
        print(f"answers acknowledged {len(answers)}, stored {stored}, lost {len(answers) - stored} (target 0)")
        lag = "never" if complete is None else f"{max(0.0, complete - last_ack):.2f} s"
        print(f"facilitator's count complete {lag} after the last answer (target < 3 s); "
              f"{len(counts)} facilitator refreshes meanwhile")
        for p in people:
            p.client.close()  # type: ignore[union-attr]
        fac.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if args.database == "postgresql":
            server.stop("immediate")


if __name__ == "__main__":
    main()
