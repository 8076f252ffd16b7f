"""Load benchmark: participants join a live session, wait in the lobby, and answer one item against a real
`streamlit run` server, while the facilitator's view refreshes. One line per run, ready for docs/performance.md.

    python bench/bench_live.py [--participants 100 300 500 1000] [--think 2] [--ramp 10] [--lobby 10]
                               [--database sqlite|postgresql] [--runs 1]

Each participant is a headless websocket client (tests/helpers/ws_client.py) on its own thread that behaves as
a phone's browser: it fills the join form (the joins spread over `--ramp` seconds), then reruns only the page's
self-refreshing fragment at the interval the page declares, as the browser does. Once the question shows it
thinks for a random 0..`--think` s, sends its answer and times the acknowledgement ("Your answer is saved").
The facilitator is another client on the Facilitate page, refreshing its own fragment and reading the count.
Before the runs, a hello-world page's rerun time is measured on the same machine: every figure is also given
as a ratio to it. Loopback only; every wait is bounded.
Targets (issue 16): all join; answer-to-ack p95 < 1.5 s; 0 answers lost.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import Process, machine_line  # noqa: E402
from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import EventStream, RunResult, StreamlitClient, option_label, text_value  # noqa: E402

PASSCODE = "load-test-passcode"
QUESTION = "sample.q-single"
RIGHT = "On high-risk consignments"
SAVED = "Your answer is saved"
CLIENT_TIMEOUT = 60.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


class Phone:
    """One participant's browser: join, refresh the fragment, answer once after thinking."""

    def __init__(self, base: str, code: str, n: int, think: float):
        self.base, self.code, self.n, self.think = base, code, n, think
        self.headers = {"X-Forwarded-For": phone_address(n)}
        self.client: StreamlitClient | None = None
        self.join_ack: float | None = None
        self.answer_ack: float | None = None
        self.polls = 0
        self.shown_at: float | None = None
        self.error: str | None = None

    def run(self, start_at: float, stop: threading.Event) -> None:
        try:
            time.sleep(max(0.0, start_at - time.perf_counter()))
            fragment, query, page = self.join()
            self.refresh_and_answer(fragment, query, page, stop)
        except Exception as exc:  # a stuck or refused participant is a result, not a crash of the bench
            self.error = f"{type(exc).__name__}: {exc}"[:200]
            if self.n == 0:
                traceback.print_exc()

    def join(self) -> tuple[tuple[str, float], str, RunResult]:
        self.client = StreamlitClient(self.base, timeout=CLIENT_TIMEOUT, headers=self.headers)
        widgets = self.client.rerun(query_string=f"join={self.code}", page_name="join").widgets()
        started = time.perf_counter()
        result = self.client.click(widgets["Join"][1].id, [
            text_value(widgets["Join code"][1].id, self.code),
            text_value(widgets["Your nickname"][1].id, f"Participant {self.n:04d}"),
        ], query_string=f"join={self.code}", page_name="join")
        if not any("Joined as" in text for text in result.texts()):
            raise RuntimeError(f"could not join: {result.texts()[-2:]}")
        self.join_ack = time.perf_counter() - started
        fragments = result.auto_reruns()
        if not fragments:
            raise RuntimeError("the join page declared no self-refresh")
        return next(iter(fragments.items())), result.query_string() or "", result

    def refresh_and_answer(self, fragment: tuple[str, float], query: str, page: RunResult,
                           stop: threading.Event) -> None:
        """Until `stop`: rerun the panel when the event stream reports a change (serve.py) and when its timer
        fires, as the browser does; answer once the question shows, after thinking."""
        fragment_id, interval = fragment
        refresh = page.widgets().get("Refresh")
        events = EventStream(self.base, parse_qs(query)["p"][0], CLIENT_TIMEOUT, self.headers) if refresh else None
        seen = events.next(CLIENT_TIMEOUT).partition(" ")[0] if events else None
        answer_at, next_poll = None, time.perf_counter() + interval
        try:
            while not stop.is_set():
                now = time.perf_counter()
                if answer_at is not None and self.answer_ack is None and now >= answer_at:
                    self.answer(page, fragment_id, query)
                    continue
                wake = min(next_poll, answer_at) if answer_at is not None and self.answer_ack is None else next_poll
                if events:
                    news = events.next(max(0.0, min(wake - now, 1.0)))
                else:
                    stop.wait(max(0.0, wake - now))
                    news = None
                version, _, spread = (news or "").partition(" ")
                if news is not None and version != seen:
                    seen = version
                    time.sleep(random.uniform(0, int(spread or 0) / 1000))  # as the page script does
                    page = self.client.click(refresh[1].id, query_string=query, page_name="join",
                                             fragment_id=fragment_id)
                elif time.perf_counter() >= next_poll:
                    page = self.client.rerun(query_string=query, page_name="join", fragment_id=fragment_id)
                else:
                    continue
                self.polls += 1
                fresh = page.auto_reruns()  # the panel sets its next interval by what it shows
                interval = fresh.get(fragment_id, interval)
                next_poll = time.perf_counter() + interval
                if answer_at is None and radios(page):
                    self.shown_at = time.perf_counter()
                    answer_at = self.shown_at + random.uniform(0, self.think)
        finally:
            if events:
                events.close()

    def answer(self, page: RunResult, fragment_id: str, query: str) -> None:
        radio = radios(page)[0]
        send = next(p for label, (kind, p) in page.widgets().items() if kind == "button" and "answer" in label)
        started = time.perf_counter()
        result = self.client.click(send.id, [text_value(radio.id, option_label(radio, RIGHT))],
                                   query_string=query, page_name="join", fragment_id=fragment_id)
        if not any(SAVED in text for text in result.texts()):
            raise RuntimeError(f"no acknowledgement: {result.texts()[-2:]}")
        self.answer_ack = time.perf_counter() - started
        self.answered_at = started


def phone_address(n: int) -> str:
    """Phone n's address on the room's network, as a proxy on loopback names it (X-Forwarded-For): one device
    each, as in a room; nginx spreads them over replicas by it."""
    return f"10.20.{n // 250}.{n % 250 + 1}"


def radios(page: RunResult) -> list:
    return [p for kind, p in page.widgets().values() if kind == "radio"]


class Facilitator:
    """The facilitator's browser on the Facilitate page: its live count, refreshed as the page declares."""

    def __init__(self, base: str):
        self.client = StreamlitClient(base, timeout=CLIENT_TIMEOUT)
        widgets = self.client.rerun(page_name="facilitate").widgets()
        signed_in = self.client.click(widgets["Enter"][1].id,
                                      [text_value(widgets["Facilitator passcode"][1].id, PASSCODE)],
                                      page_name="facilitate")
        self.fragments = signed_in.auto_reruns()
        self.counts: list[tuple[float, int]] = []

    def watch(self, stop: threading.Event) -> None:
        """Rerun each self-refreshing fragment of the page in turn, as the browser does, and read the count."""
        interval = min(self.fragments.values(), default=1.5)
        while not stop.wait(interval):
            for fragment_id in self.fragments or [""]:
                for text in self.client.rerun(page_name="facilitate", fragment_id=fragment_id).texts():
                    match = re.search(r"Answered:\*\* (\d+) / (\d+)", text)
                    if match:
                        self.counts.append((time.perf_counter(), int(match.group(1))))


@dataclass
class Options:
    participants: int
    think: float
    ramp: float
    lobby: float
    database: str
    script: str = "serve.py"
    profile: Path | None = None
    replicas: int = 1


def database_url(kind: str, tmp: Path) -> tuple[str, object | None]:
    if kind == "postgresql":
        from tests import postgres

        server = postgres.Server(Path(tempfile.mkdtemp(prefix="itlead-pg-")))
        return postgres.create_database(server.url()), server
    return f"sqlite:///{tmp / 'live.db'}", None


def hello_rerun_seconds(reruns: int = 40) -> float:
    """The median time of one rerun of a hello-world page, one client, on this machine now."""
    port = free_port()
    proc = start_streamlit({}, port, script=ROOT / "bench" / "hello.py")
    try:
        with StreamlitClient(f"http://127.0.0.1:{port}") as client:
            client.rerun()
            return statistics.median(client.rerun().seconds for _ in range(reruns))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Servers:
    """`opts.replicas` app processes on one database; with more than one, a real nginx in front of them
    (tests/helpers/nginx.py, the configuration docs/deployment.md shows). `base` is where clients connect."""

    def __init__(self, opts: Options, db_url: str, tmp: Path):
        env = {"ITLEAD_DATABASE_URL": db_url, "ITLEAD_FACILITATOR_PASSCODE": PASSCODE, "ITLEAD_SECRET": "bench",
               "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course"), "ITLEAD_LAN_ADDRESS": "off"}
        ports = [free_port() for _ in range(opts.replicas)]
        self.procs = [start_streamlit(env, port, script=ROOT / opts.script) for port in ports]
        self.processes = [Process(proc.pid) for proc in self.procs]
        self.proxy = None
        if opts.replicas > 1:
            from tests.helpers.nginx import Nginx

            self.proxy = Nginx(tmp / "nginx", ports)
        self.base = self.proxy.url if self.proxy else f"http://127.0.0.1:{ports[0]}"

    def cpu_seconds(self) -> float:
        return sum(p.cpu_seconds() for p in self.processes)

    def rss_mb(self) -> float:
        return sum(p.rss_mb() for p in self.processes)

    def stop(self) -> None:
        if self.proxy:
            self.proxy.stop()
        for proc in self.procs:
            proc.terminate()
            proc.wait(timeout=10)


def play(opts: Options) -> dict[str, object]:
    """One run: fresh servers and database, `opts.participants` phones, one open question."""
    tmp = Path(tempfile.mkdtemp())
    db_url, pg = database_url(opts.database, tmp)
    engine = make_engine(db_url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Load test", [QUESTION])
    servers = Servers(opts, db_url, tmp)
    phones: list[Phone] = []
    try:
        fac = Facilitator(servers.base)
        phones = [Phone(servers.base, session.code, n, opts.think) for n in range(opts.participants)]
        return run_room(opts, live, session.id, servers, fac, phones)
    finally:
        for phone in phones:
            if phone.client is not None:
                phone.client.close()
        servers.stop()
        if pg is not None:
            pg.stop("immediate")


def run_room(opts: Options, live: Live, session_id: int, servers: Servers, fac: Facilitator,
             phones: list[Phone]) -> dict[str, object]:
    """Phones join over the ramp and wait in the lobby; the question opens; everyone answers; the counts."""
    stop = threading.Event()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=p.run, args=(t0 + opts.ramp * n / len(phones), stop), daemon=True)
               for n, p in enumerate(phones)]
    threads.append(threading.Thread(target=fac.watch, args=(stop,), daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(opts.ramp + opts.lobby)
    spy = profiler(servers.procs[0].pid, opts.profile)  # the answering phase only
    try:
        cpu_lobby, clients_cpu = servers.cpu_seconds(), time.process_time()
        live.act(session_id, "open")
        opened = time.perf_counter()
        wait_for_answers(phones, opened + 4 + opts.think + CLIENT_TIMEOUT / 2)
        answering = time.perf_counter() - opened
        cpu_answer, clients_cpu = servers.cpu_seconds() - cpu_lobby, time.process_time() - clients_cpu
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    time.sleep(3)  # the facilitator's count catches up
    stop.set()
    for thread in threads:
        thread.join(timeout=CLIENT_TIMEOUT)
    if os.environ.get("BENCH_TIMELINE"):  # when each answer was sent after the opening, and its wait
        for p in sorted((p for p in phones if p.answer_ack), key=lambda p: p.answered_at):
            print(f"{p.answered_at - opened:6.2f} {p.answer_ack:5.2f}")
    result = summarise(opts, phones, fac, len(live.answers(session_id, 0)), time.perf_counter() - opened)
    result["shown_p95"] = pct([p.shown_at - opened for p in phones if p.shown_at], 0.95)
    result.update(cpu_lobby=cpu_lobby / (opened - t0), cpu=cpu_answer / answering,
                  clients_cpu=clients_cpu / answering, rss_mb=servers.rss_mb())
    return result


def profiler(pid: int, out: Path | None) -> subprocess.Popen | None:
    """py-spy sampling the server (all threads, idle ones left out) into collapsed stacks at `out`; it attaches
    in about a second."""
    if out is None:
        return None
    return subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--format", "raw", "--output", str(out),
                             "--rate", "200", "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_answers(phones: list[Phone], deadline: float) -> None:
    while time.perf_counter() < deadline:
        if all(p.answer_ack is not None or p.error for p in phones):
            return
        time.sleep(0.2)


def summarise(opts: Options, phones: list[Phone], fac: Facilitator, stored: int, since_open: float
              ) -> dict[str, object]:
    joins = [p.join_ack for p in phones if p.join_ack is not None]
    acks = [p.answer_ack for p in phones if p.answer_ack is not None]
    counted = max((n for _at, n in fac.counts), default=0)
    errors = sorted({p.error.split(":")[0] for p in phones if p.error})
    return {"participants": opts.participants, "joined": len(joins), "join_p95": pct(joins, 0.95),
            "ack_p50": statistics.median(acks) if acks else float("nan"), "ack_p95": pct(acks, 0.95),
            "answered": len(acks), "stored": stored, "lost": len(acks) - min(stored, len(acks)),
            "stuck": opts.participants - len(acks), "facilitator_count": counted, "errors": errors,
            "polls_per_s": sum(p.polls for p in phones) / max(1.0, since_open + opts.ramp + opts.lobby)}


def line(r: dict[str, object], hello: float, opts: Options) -> str:
    """One Markdown table row: date | database | participants | joined | join p95 | question shown on the
    phones p95 (after the opening) | ack p50/p95 | lost | stuck |
    facilitator's count | server CPU joining and waiting / answering (the clients' own CPU) | panel reruns per second | RSS | ratios to a hello-world
    rerun."""
    ratio = f"{r['ack_p50'] / hello:.0f}× / {r['ack_p95'] / hello:.0f}×"
    where = f"{opts.replicas} × {opts.script} behind nginx" if opts.replicas > 1 else opts.script
    return (f"| {date.today()} | {where}, {opts.database} | {r['participants']} | {r['joined']} | {r['join_p95']:.2f} s | "
            f"{r['shown_p95']:.1f} s | {r['ack_p50']:.2f} / {r['ack_p95']:.2f} s | {r['lost']} | {r['stuck']} | {r['facilitator_count']} | "
            f"{r['cpu_lobby']:.0%} / {r['cpu']:.0%} (clients {r['clients_cpu']:.0%}) | {r['polls_per_s']:.0f} | {r['rss_mb']:.0f} MB | {ratio} "
            f"(hello {hello * 1000:.1f} ms)"
            f" |" + (f" errors: {', '.join(r['errors'])}" if r["errors"] else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[100])
    parser.add_argument("--think", type=float, default=2.0, help="each participant thinks 0..THINK s")
    parser.add_argument("--ramp", type=float, default=10.0, help="joins spread over RAMP s")
    parser.add_argument("--lobby", type=float, default=10.0, help="seconds in the lobby after the last join")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--script", choices=["serve.py", "app.py"], default="serve.py",
                        help="serve.py pushes session changes to phones; app.py leaves them polling")
    parser.add_argument("--profile", type=Path, help="write py-spy's collapsed stacks of the server here")
    parser.add_argument("--replicas", type=int, default=1, help="app processes behind a real nginx (with >1)")
    args = parser.parse_args()
    print(machine_line())
    hello = hello_rerun_seconds()
    print(f"hello-world rerun: median {hello * 1000:.1f} ms")
    for count in args.participants:
        for _run in range(args.runs):
            opts = Options(count, args.think, args.ramp, args.lobby, args.database, args.script, args.profile,
                           args.replicas)
            print(line(play(opts), hello, opts), flush=True)


if __name__ == "__main__":
    main()
