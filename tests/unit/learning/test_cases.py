"""The branching-case engine and the graph metrics behind it."""
import pytest

from itlead.content.case_graph import path_count, score_range
from itlead.learning import cases


@pytest.fixture
def case(sample):
    return sample.cases["sample-case"]


def test_play_to_each_ending(case):
    endings = {}
    for path in cases.all_paths(case):
        run = cases.play(case, path)
        res = cases.result(case, run)
        endings[res.ending.id] = (path, res.score, res.fraction)
    assert endings == {
        "end-good": (("engine", "pilot"), 5, 1.0),
        "end-mixed": (("engine", "bigbang"), 4, 0.8),
        "end-poor": (("cut",), 0, 0.0),
    }


def test_step_by_step_run(case):
    run = cases.start(case)
    assert cases.current(case, run).kind == "narrative"
    with pytest.raises(cases.CaseError, match="nothing to choose"):
        cases.choose(case, run, "engine")
    run = cases.advance(case, run)
    with pytest.raises(cases.CaseError, match="has no choice 'fly'"):
        cases.choose(case, run, "fly")
    with pytest.raises(cases.CaseError, match="not at an ending"):
        cases.result(case, run)
    run = cases.choose(case, run, "engine")
    assert run.score == 3 and run.steps[0].consequence.get().startswith("Six months")
    assert run.path == ("first:engine",)


def test_score_range_and_paths(case):
    assert score_range(case) == (0, 5)
    assert path_count(case) == 3


def test_divergence_compares_paths(case):
    a = cases.play(case, ["engine", "pilot"])
    b = cases.play(case, ["engine", "bigbang"])
    c = cases.play(case, ["cut"])
    assert cases.divergence(a, b) == 1
    assert cases.divergence(a, c) == 0
    assert cases.divergence(a, a) == 2


def test_replay_is_deterministic(case):
    assert cases.play(case, ["engine", "pilot"]) == cases.play(case, ["engine", "pilot"])


def test_translation_counts_ignore_cached_lookups(case):
    from itlead.content.stats import missing_translations
    from itlead.content.text import walk_texts

    before = sum(1 for _ in walk_texts(case))
    case.node("intro")  # fills the cached node index
    assert sum(1 for _ in walk_texts(case)) == before
    assert missing_translations([case])["es"] == before
