"""Benchmark: load and validate a generated course of 10,000 questions and 200 cases, and the shipped course.

    python bench/bench_loader.py [--questions 10000] [--cases 200] [--repeat 3]

Prints wall-clock seconds (best and median of the repeats). Targets: generated < 2 s, shipped < 0.3 s.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from itlead.content import load_course  # noqa: E402
from itlead.settings import PROJECT_ROOT  # noqa: E402

TYPES = ("single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric", "likert", "reflection")
MODULES = 10
BANK_SIZE = 200


def _question(n: int, module: int) -> dict:
    kind = TYPES[n % len(TYPES)]
    q: dict = {"id": f"m{module}.q{n}", "type": kind, "stem": f"Question {n}: which option fits the case best?",
               "hints": ["Think about the risk first."]}
    if kind in ("likert", "reflection"):
        if kind == "likert":
            q["anchors"] = {1: "Not at all", 3: "Partly", 5: "Fully"}
        return q
    q.update(objective=f"m{module}.o{n % 4 + 1}", references=["TFA 7.4"], difficulty="application",
             explanation={"en": "Because control follows risk.", "fr": "Parce que le contrôle suit le risque."})
    opts = [{"id": f"o{i}", "text": f"Option {i}", "feedback": f"Feedback for option {i}."} for i in range(4)]
    if kind == "single_choice":
        opts[0]["correct"] = True
        q["options"] = opts
    elif kind == "multiple_response":
        opts[0]["correct"] = opts[1]["correct"] = True
        q["options"] = opts
    elif kind == "true_false":
        q.update(answer=True, if_true="Right.", if_false="Not so.")
    elif kind == "ordering":
        q["items"] = [{"id": f"s{i}", "text": f"Step {i}"} for i in range(5)]
    elif kind == "matching":
        q["pairs"] = [{"id": f"p{i}", "left": f"Measure {i}", "right": f"Capability {i}", "feedback": "Because."}
                      for i in range(4)]
    else:
        q.update(answer=14.5, relative_tolerance=0.05, unit="hours", feedback_correct="Right.",
                 feedback_incorrect="Add and divide.", mistakes=[{"value": 29, "feedback": "You did not halve."}])
    return q


def _case(c: int) -> dict:
    nodes: list[dict] = [{"id": "intro", "kind": "narrative", "text": "The story begins.", "next": "d0"}]
    for d in range(5):
        nxt = f"d{d + 1}" if d < 4 else "end-good"
        nodes.append({"id": f"d{d}", "kind": "decision", "text": f"Decision {d}", "choices": [
            {"id": "a", "text": "Invest", "score": 3, "consequence": "It pays off.", "next": nxt},
            {"id": "b", "text": "Wait", "score": 1, "consequence": "Time passes.", "next": nxt},
            {"id": "c", "text": "Cut", "score": 0, "consequence": "It hurts.", "next": "end-poor"}]})
    nodes += [{"id": "end-good", "kind": "ending", "title": "Good", "rating": "good", "debrief": "Well done."},
              {"id": "end-poor", "kind": "ending", "title": "Poor", "rating": "poor", "debrief": "Think again."}]
    return {"id": f"case{c}", "title": f"Case {c}", "summary": "A generated case.", "module": f"m{c % MODULES}",
            "start": "intro", "nodes": nodes}


def generate(root: Path, questions: int, cases: int) -> None:
    for sub in ("modules", "quizzes", "case_studies"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    per_module = questions // MODULES
    for m in range(MODULES):
        banks = [f"m{m}-b{b}" for b in range((per_module + BANK_SIZE - 1) // BANK_SIZE)]
        module = {"id": f"m{m}", "number": m + 1, "title": f"Module {m}", "summary": "Generated.",
                  "estimated_minutes": 60, "banks": banks, "cases": [f"case{c}" for c in range(m, cases, MODULES)],
                  "objectives": [{"id": f"m{m}.o{i}", "text": f"Objective {i}"} for i in range(1, 5)],
                  "lessons": [{"id": "l1", "title": "Lesson", "body": "Text " * 200, "takeaways": ["One."]}]}
        (root / "modules" / f"m{m}.yaml").write_text(yaml.safe_dump(module, sort_keys=False))
        for b, bank_id in enumerate(banks):
            start = m * per_module + b * BANK_SIZE
            qs = [_question(n, m) for n in range(start, min(start + BANK_SIZE, (m + 1) * per_module))]
            bank = {"id": bank_id, "title": "Bank", "module": f"m{m}", "questions": qs}
            (root / "quizzes" / f"{bank_id}.yaml").write_text(yaml.safe_dump(bank, sort_keys=False, allow_unicode=True))
    for c in range(cases):
        (root / "case_studies" / f"case{c}.yaml").write_text(yaml.safe_dump(_case(c), sort_keys=False))


def timed(root: Path, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = load_course(root)
        times.append(time.perf_counter() - t0)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}, "
          f"yaml C loader: {yaml.__with_libyaml__}")
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.questions, args.cases)
        times, result = timed(Path(tmp), args.repeat)
        assert result.ok, result.problems[:5]
        print(f"generated course: {len(result.course.questions)} questions, {len(result.course.cases)} cases, "
              f"{result.files} files: best {min(times):.3f} s, median {statistics.median(times):.3f} s (target < 2 s)")
    times, result = timed(PROJECT_ROOT, max(args.repeat, 5))
    print(f"shipped course: {len(result.course.questions)} questions, {len(result.course.cases)} cases, "
          f"{result.files} files, {len(result.problems)} problems: best {min(times):.3f} s, "
          f"median {statistics.median(times):.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()
