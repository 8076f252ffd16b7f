"""Benchmark: server time per rerun of each learner page, against a hello-world page in the same run.

    python bench/bench_pages.py [--repeat 20]

Two `streamlit run` servers start on loopback: the app (shipped course, a fresh SQLite file) and
bench/hello.py. A headless websocket client (tests/helpers/ws_client.py) reruns each page as a signed-in learner
with some progress, and times each rerun from sending BackMsg.rerun_script to receiving script_finished.
Target: no learner page costs more than 3x the hello-world page.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.store import Store, make_engine  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.helpers.servers import start_streamlit  # noqa: E402
from tests.helpers.ws_client import StreamlitClient  # noqa: E402

PAGES = ["home", "learn", "practice", "case_studies", "self_assessment", "pre_post", "report"]


def seed_learner(url: str) -> str:
    """A learner part-way through the course: lessons seen, a check passed, a case played, a plan item."""
    store = Store(make_engine(url))
    store.migrate()
    learner, code = store.create_learner("Bench Learner", "en")
    for lesson in ("ict-serves-strategy", "balanced-scorecard"):
        store.mark_lesson_seen(learner.id, "strategy", lesson)
    attempt = store.start_attempt(learner.id, "strategy-check", "check", "interactive", ["strategy.q-first-question"],
                                  seed=1, module_id="strategy")
    store.finish_attempt(attempt.id, 8.0, 10.0)
    store.save_case_run(learner.id, "strategy-case", [], "intro", 0)
    store.upsert_plan_item(learner.id, "Put every ICT project under a business owner.", question_id="strategy.r-ask-sponsor")
    return code


def time_page(client: StreamlitClient, repeat: int, **rerun: str) -> list[float]:
    client.rerun(**rerun)  # warm-up
    return [client.rerun(**rerun).seconds * 1000 for _ in range(repeat)]


def in_process(code: str, db: str, repeat: int) -> None:
    """Script time alone: each page run in-process by AppTest, without the server's fixed per-run costs."""
    os.environ["ITLEAD_DATABASE_URL"] = db
    os.environ["ITLEAD_CONTENT_DIR"] = str(ROOT)
    from streamlit.testing.v1 import AppTest

    def reruns(at: AppTest) -> float:
        at.run()
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    base = reruns(AppTest.from_file(str(ROOT / "bench" / "hello.py"), default_timeout=60))
    print(f"in-process script time (AppTest): hello-world {base:.1f} ms")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["resume"] = code
    at.run()
    for page in PAGES:
        at.switch_page(f"itlead/ui/pages/{page}.py")
        median = reruns(at)
        print(f"{page:16} median {median:6.1f} ms   ratio {median / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = f"sqlite:///{tmp / 'bench.db'}"
    code = seed_learner(db)
    app_port, hello_port = free_port(), free_port()
    app = start_streamlit({"ITLEAD_DATABASE_URL": db, "ITLEAD_CONTENT_DIR": str(ROOT)}, app_port)
    hello = start_streamlit({}, hello_port, script=ROOT / "bench" / "hello.py")
    try:
        print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
              f"python {platform.python_version()}; {args.repeat} reruns per page after one warm-up")
        with StreamlitClient(f"http://127.0.0.1:{hello_port}") as client:
            base = time_page(client, args.repeat)
        base_median = statistics.median(base)
        print(f"{'hello-world':16} median {base_median:6.1f} ms   best {min(base):6.1f} ms   ratio 1.00")
        worst = 0.0
        with StreamlitClient(f"http://127.0.0.1:{app_port}") as client:
            for page in PAGES:
                times = time_page(client, args.repeat, query_string=f"resume={code}", page_name=page)
                median = statistics.median(times)
                worst = max(worst, median / base_median)
                print(f"{page:16} median {median:6.1f} ms   best {min(times):6.1f} ms   ratio {median / base_median:.2f}")
        print(f"worst ratio {worst:.2f} (target <= 3)")
        in_process(code, db, args.repeat)
    finally:
        for proc in (app, hello):
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
