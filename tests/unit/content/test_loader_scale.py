"""Finding 6: the loader is linear in the number of problems, and reports at most MAX_PROBLEMS_PER_FILE of them
per file plus one "and N more" line. The probe's 200,000 unknown keys (2 MB) were still running after 120 s."""
import time

import pytest

from itlead.content.errors import MAX_PROBLEMS_PER_FILE
from itlead.content.loader import load_course
from itlead.content.yaml_source import MAX_FILE_BYTES

HEAD = "id: big\ntitle: Big\npurpose: practice\nquestions:\n"


def _flat(n: int) -> str:
    """n unknown keys in one mapping."""
    return HEAD + "  - id: big.q1\n    type: true_false\n    stem: A stem\n    answer: true\n" + "".join(
        f"x{i:x}: 1\n" for i in range(n))


def _spread(n: int, per: int = 100) -> str:
    """n unknown keys spread over n / per questions (flow style keeps 200,000 of them under 2 MB)."""
    rows = []
    for q in range(n // per):
        keys = ", ".join(f"k{i}: 1" for i in range(per))
        rows.append(f"  - {{id: big.q{q}, type: true_false, stem: S, answer: true, {keys}}}\n")
    return HEAD + "".join(rows)


@pytest.mark.parametrize("layout", [_flat, _spread])
def test_200000_unknown_keys_load_in_under_5_seconds(tmp_path, layout):
    text = layout(200_000)
    assert len(text.encode()) <= MAX_FILE_BYTES  # a file the loader reads, not one refused for its size
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "big.yaml").write_text(text)
    started = time.perf_counter()
    result = load_course(tmp_path)
    elapsed = time.perf_counter() - started
    print(f"{layout.__name__}: 200,000 unknown keys loaded in {elapsed:.2f} s")
    assert elapsed < 5.0
    problems = [p for p in result.problems if p.file == "quizzes/big.yaml"]
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert "more problem(s) in this file" in str(problems[-1])
    assert all(p.line > 1 for p in problems[:-1])  # the shown ones are located


def test_time_grows_linearly_with_the_number_of_problems(tmp_path):
    times = {}
    for n in (20_000, 80_000):
        folder = tmp_path / str(n) / "quizzes"
        folder.mkdir(parents=True)
        (folder / "big.yaml").write_text(_spread(n))
        started = time.perf_counter()
        load_course(folder.parent)
        times[n] = time.perf_counter() - started
    assert times[80_000] < 4 * times[20_000] * 2.0  # quadratic growth would be 16 times
