"""Summarise py-spy's collapsed stacks (`bench_live.py --profile FILE`): the share of samples in each function
(inclusive), and in each of the app's own modules, so docs/performance.md can say where the time goes.

    python bench/profile_summary.py FILE [--top 25]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^:]+)(:\d+)?\)$")


def inclusive(lines: list[str]) -> tuple[Counter[str], int]:
    """Samples per function, counting a function once per stack it appears in."""
    per, total = Counter(), 0
    for row in lines:
        stack, _, count = row.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            name = f"{match['func']} ({short(match['file'])})" if match else frame
            if name not in seen:
                seen.add(name)
                per[name] += int(count)
    return per, total


def short(path: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    per, total = inclusive(args.file.read_text().splitlines())
    print(f"{total} samples")
    for name, count in per.most_common(args.top):
        print(f"{count / total:6.1%}  {name}")


if __name__ == "__main__":
    main()
