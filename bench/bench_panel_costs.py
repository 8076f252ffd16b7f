"""What one phone costs the server: CPU milliseconds per script run of each kind, one client, `serve.py`.

    python bench/bench_panel_costs.py [--runs 100]

Kinds: a full run of the join page for a participant (a reconnection), the live panel's rerun in the lobby and with
the question open (what a refresh costs), the answer (a press of "Send my answer"), and a hello-world full run
for comparison. CPU time is read from /proc for the server process, so the client's own work is not in it.
Loopback only.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_live import PASSCODE, QUESTION, RIGHT, Phone, radios  # noqa: E402
from bench.machine import Process, machine_line  # noqa: E402
from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import StreamlitClient, option_label, text_value  # noqa: E402


def cpu_ms(server: Process, run: Callable[[], object], runs: int) -> float:
    run()
    before = server.cpu_seconds()
    for _ in range(runs):
        run()
    return 1000 * (server.cpu_seconds() - before) / runs


def hello_ms(runs: int) -> float:
    port = free_port()
    proc = start_streamlit({}, port, script=ROOT / "bench" / "hello.py")
    try:
        with StreamlitClient(f"http://127.0.0.1:{port}") as client:
            return cpu_ms(Process(proc.pid), client.rerun, runs)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def panel_costs(runs: int) -> dict[str, float]:
    """CPU ms per run of each kind, on a fresh server with one participant."""
    db = f"sqlite:///{Path(tempfile.mkdtemp()) / 'costs.db'}"
    engine = make_engine(db)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Costs", [QUESTION])
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": db, "ITLEAD_FACILITATOR_PASSCODE": PASSCODE,
                            "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course")}, port,
                           script=ROOT / "serve.py")
    server, phone = Process(proc.pid), Phone(f"http://127.0.0.1:{port}", session.code, 1, 0)
    try:
        _fragment, query, _page = phone.join()
        client = phone.client
        costs = {"full run of the join page (a reconnection)": cpu_ms(
            server, lambda: client.rerun(query_string=query, page_name="join"), runs)}
        page = client.rerun(query_string=query, page_name="join")  # the ids of this layout (no menu)
        fragment, refresh = next(iter(page.auto_reruns())), page.widgets()["Refresh"][1]

        def press_refresh():  # what the page script does when the session changes
            return client.click(refresh.id, query_string=query, page_name="join", fragment_id=fragment)

        costs["panel rerun, lobby"] = cpu_ms(server, press_refresh, runs)
        live.act(session.id, "open")
        time.sleep(1.2)
        radio = radios(press_refresh())[0]
        send = next(p for label, (kind, p) in press_refresh().widgets().items() if kind == "button" and "answer" in label)
        costs["panel rerun, question open"] = cpu_ms(server, press_refresh, runs)
        costs["answer (Send my answer)"] = cpu_ms(server, lambda: client.click(
            send.id, [text_value(radio.id, option_label(radio, RIGHT))], query_string=query, page_name="join",
            fragment_id=fragment), runs)
        return costs
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    print(machine_line())
    print(f"hello-world full run: {hello_ms(args.runs):.1f} ms CPU")
    for kind, ms in panel_costs(args.runs).items():
        print(f"{kind}: {ms:.1f} ms CPU")


if __name__ == "__main__":
    main()
