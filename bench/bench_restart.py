"""Restart recovery: a server with N connected participants is killed with SIGKILL and restarted; every
participant reconnects at once, and we time each one's first page (from opening the websocket to the end of the
page's first run). The same is done, in the same run, for a hello-world app as the baseline.

    python bench/bench_restart.py [--participants 100]

Participants are headless websocket clients (tests/helpers/ws_client.py) on the shipped course, each on the
join page of an open live question with its private link (?p=). Loopback only; every wait is bounded (client
timeout 60 s, server start 60 s). Target: p95 time to first page under 2 s for 100 participants.
"""
from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import StreamlitClient  # noqa: E402

QUESTION = "strategy.q-first-question"
CLIENT_TIMEOUT = 60.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def first_page(base: str, query: str, page: str, expect: str, gate: threading.Barrier) -> tuple[float, object]:
    """Open a websocket and run the page once; returns (seconds, client). Raises when `expect` is not shown."""
    gate.wait(timeout=CLIENT_TIMEOUT)
    started = time.perf_counter()
    client = StreamlitClient(base, timeout=CLIENT_TIMEOUT)
    result = client.rerun(query_string=query, page_name=page)
    elapsed = time.perf_counter() - started
    if expect and not any(expect in text for text in result.texts()):
        client.close()
        raise RuntimeError(f"unexpected first page: {result.texts()[-3:]}")
    return elapsed, client


def connect_all(base: str, queries: list[str], page: str, expect: str) -> tuple[list[float], list, float]:
    gate = threading.Barrier(len(queries))
    with ThreadPoolExecutor(max_workers=len(queries)) as pool:
        t0 = time.perf_counter()
        results = list(pool.map(lambda q: first_page(base, q, page, expect, gate), queries))
        wall = time.perf_counter() - t0
    return [r[0] for r in results], [r[1] for r in results], wall


def close_all(clients: list) -> None:
    for client in clients:
        try:
            client.close()
        except Exception:  # the server is gone: the socket is already dead
            pass


def kill_restart_reconnect(env: dict[str, str], script: Path, queries: list[str], page: str,
                           expect: str) -> tuple[list[float], float, list[float]]:
    """Start, connect everyone, SIGKILL, restart on the same port, reconnect everyone.
    Returns (reconnect times, reconnect wall time, first-connect times)."""
    port = free_port()
    proc = start_streamlit(env, port, script)
    base = f"http://127.0.0.1:{port}"
    try:
        before, clients, _wall = connect_all(base, queries, page, expect)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        close_all(clients)
        proc = start_streamlit(env, port, script)
        after, clients, wall = connect_all(base, queries, page, expect)
        close_all(clients)
        return after, wall, before
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except Exception:
            proc.kill()


def report(name: str, times: list[float], wall: float) -> None:
    print(f"{name}: {len(times)} reconnected in {wall:.2f} s; time to first page p50 {statistics.median(times):.2f} s,"
          f" p95 {pct(times, 0.95):.2f} s, max {max(times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--scripts", nargs="+", default=["app.py", "serve.py"])
    args = parser.parse_args()
    n = max(1, min(args.participants, 200))
    tmp = Path(tempfile.mkdtemp())
    db_url = f"sqlite:///{tmp / 'restart.db'}"
    engine = make_engine(db_url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.act(live.create("Restart", [QUESTION]).id, "open")
    tokens = [live.join(session.id, f"Participant {i:03d}")[1] for i in range(n)]
    print(f"{date.today()} machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {n} participants; shipped course; SQLite")
    env = {"ITLEAD_DATABASE_URL": db_url, "ITLEAD_CONTENT_DIR": str(ROOT), "ITLEAD_LAN_ADDRESS": "off"}
    hello, hello_wall, _ = kill_restart_reconnect(env, ROOT / "bench" / "hello.py", [""] * n, "", "")
    report("hello-world baseline", hello, hello_wall)
    queries = [f"p={t}" for t in tokens]
    for label, script in (("streamlit run app.py (cold)", "app.py"), ("streamlit run serve.py (warmed)", "serve.py")):
        if script not in args.scripts:
            continue
        app, app_wall, first = kill_restart_reconnect(env, ROOT / script, queries, "join", "Joined as")
        print(f"{label}, first connection (before the kill): p50 {statistics.median(first):.2f} s, "
              f"p95 {pct(first, 0.95):.2f} s")
        report(f"{label} after SIGKILL and restart", app, app_wall)
        print(f"ratio p95 {script} / hello-world: {pct(app, 0.95) / pct(hello, 0.95):.2f}")


if __name__ == "__main__":
    main()
