"""Soak: 100 participants keep polling a live session for 5 minutes; the server's memory must not keep growing.

    python bench/soak.py [--participants 100] [--minutes 5] [--bound-mb 50]

Each participant is a headless websocket client that joins, then reruns the join page every 2 s (as the
page's self-refresh does) and answers each item as the facilitator opens it; the facilitator opens, reveals
and moves on every 20 s. The server's resident memory is sampled every 10 s. The verdict compares the last
sample with the one taken after the first minute (warm-up) against the stated bound. Loopback only.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live, LiveError  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import StreamlitClient, text_value  # noqa: E402

ITEMS = ["sample.q-single", "sample.q-tf", "sample.q-num", "sample.q-multi"] * 10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--bound-mb", type=float, default=50.0)
    args = parser.parse_args()
    db = f"sqlite:///{Path(tempfile.mkdtemp()) / 'soak.db'}"
    engine = make_engine(db)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Soak", ITEMS)
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": db,
                            "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course")}, port)
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    reruns = [0]
    errors = [0]

    def participant(n: int) -> None:
        with StreamlitClient(base, timeout=60) as client:
            page = client.rerun(query_string=f"join={session.code}", page_name="join")
            w = page.widgets()
            client.click(w["Join"][1].id, [text_value(w["Join code"][1].id, session.code),
                                           text_value(w["Your nickname"][1].id, f"S{n:03d}")],
                         query_string=f"join={session.code}", page_name="join")
            while not stop.is_set():
                try:
                    page = client.rerun(page_name="join")
                    reruns[0] += 1
                    radios = [p for kind, p in page.widgets().values() if kind == "radio"]
                    sends = [p for label, (kind, p) in page.widgets().items() if kind == "button" and "answer" in label]
                    if radios and sends and n % 2 == 0:
                        client.click(sends[0].id, [text_value(radios[0].id, radios[0].options[0])], page_name="join")
                except Exception:  # noqa: BLE001 - counted, the soak goes on
                    errors[0] += 1
                stop.wait(2.0)

    samples: list[tuple[float, float]] = []
    try:
        with ThreadPoolExecutor(max_workers=args.participants) as pool:
            futures = [pool.submit(participant, n) for n in range(args.participants)]
            started = time.monotonic()
            next_step = started
            while time.monotonic() - started < args.minutes * 60:
                now = time.monotonic()
                if now >= next_step:
                    try:
                        current = live.get(session.id)
                        action = {"lobby": "open", "open": "reveal", "revealed": "next"}.get(current.state)
                        if action:
                            live.act(session.id, action)
                    except LiveError:
                        pass
                    next_step = now + 10
                samples.append((now - started, rss_mb(proc.pid)))
                print(f"{samples[-1][0]:6.0f} s  server RSS {samples[-1][1]:7.1f} MB  reruns {reruns[0]}  "
                      f"errors {errors[0]}", flush=True)
                time.sleep(10)
            stop.set()
            for future in futures:
                future.result(timeout=120)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    warm = next((mb for t, mb in samples if t >= 60), samples[0][1])
    growth = samples[-1][1] - warm
    print(f"participants {args.participants}, {args.minutes:g} min, reruns {reruns[0]}, errors {errors[0]}")
    print(f"server RSS after warm-up {warm:.1f} MB, at the end {samples[-1][1]:.1f} MB, peak "
          f"{max(mb for _t, mb in samples):.1f} MB; growth {growth:+.1f} MB (bound {args.bound_mb:g} MB): "
          f"{'OK' if growth <= args.bound_mb else 'EXCEEDED'}")


if __name__ == "__main__":
    main()
