"""The workshop report for 100 participants, built from the database: Markdown and PDF.

    python bench/bench_report.py [--participants 100] [--repeat 3]

A fresh SQLite file holds one live session on the shipped course's module-1 check (every item run), answered by
every participant, their evaluations (six ratings and two comments each), the facilitator's debrief, and as many
self-paced learners with a pre-test and a post-test. The baseline, in the same run, is the report of an empty
session (the fixed cost: loading the PDF font and the course lookups). Target: under 2 s for 100 participants.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.content import load_course  # noqa: E402
from itlead.interop.report_docs import report_markdown, report_pdf  # noqa: E402
from itlead.store import Store, make_engine  # noqa: E402
from itlead.workshop.live import Live  # noqa: E402
from itlead.workshop.report import build_report  # noqa: E402
from tests.helpers import key_response  # noqa: E402


def populate(live: Live, store: Store, course, n: int) -> int:
    rng = random.Random(7)
    bank = course.banks["strategy-check"]
    choice_items = [q for q in bank.questions if hasattr(q, "options")]
    session = live.act(live.create("Bench", [q.id for q in choice_items]).id, "open")
    people = [live.join(session.id, f"P{i:03d}", f"T{i % 8}")[0] for i in range(n)]
    for position, question in enumerate(choice_items):
        if position:
            live.act(session.id, "reveal")
            live.act(session.id, "next")
        for person in people:
            right = rng.random() < 0.6
            response = key_response(question) if right else rng.choice([o.id for o in question.options])
            stored = sorted(response) if isinstance(response, set) else response
            live.submit(person, position, question.id, stored, 1.0 if right else 0.0)
    live.act(session.id, "end")
    for person in people:
        live.submit_participant_evaluation(person, "workshop-evaluation", {
            **{q.id: rng.randint(2, 5) for q in course.banks["workshop-evaluation"].questions if q.type == "likert"},
            "eval.most-useful": f"The cases, said participant {person.id}", "eval.improve": "More time"})
    live.save_evaluation(session.id, "facilitator", "facilitator-debrief", {"debrief.objectives": 4})
    for i in range(n):
        learner, _code = store.create_learner(f"Learner {i}")
        for purpose, fraction in (("pretest", rng.random() * 0.6), ("posttest", 0.4 + rng.random() * 0.6)):
            qid = course.banks[f"tfa-{purpose}"].questions[0].id
            attempt = store.start_attempt(learner.id, f"tfa-{purpose}", purpose, "deferred", [qid], seed=i)
            store.record_response(attempt.id, qid, 1, "x", state="saved", finished=True, fraction=fraction)
            store.finish_attempt(attempt.id, fraction, 1.0)
    return session.id


def timed(live: Live, store: Store, course, session_id: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    report = build_report(live, course, [session_id], store.cohort_rows(("pretest", "posttest")), date.today())
    md, pdf = report_markdown(report), report_pdf(report)
    return time.perf_counter() - started, len(md), len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    course = load_course(ROOT).course
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'report.db'}")
    store = Store(engine)
    store.migrate()
    live = Live(engine)
    empty = live.create("Empty", ["strategy.q-first-question"]).id
    full = populate(live, store, course, args.participants)
    print(f"{date.today()} machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    for label, session_id in (("baseline: empty session", empty), (f"{args.participants} participants", full)):
        runs = [timed(live, store, course, session_id) for _ in range(max(1, args.repeat))]
        times = [r[0] for r in runs]
        print(f"{label}: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
              f"(Markdown {runs[0][1]:,} chars, PDF {runs[0][2]:,} bytes)")


if __name__ == "__main__":
    main()
