"""Module progress, mastery and the next step."""
from itlead.learning.progress import module_progress, next_step


def test_progress_and_next_step(sample):
    module = sample.module("sample")
    nothing = module_progress(sample, module, set(), {}, set())
    assert (nothing.fraction, nothing.mastered) == (0.0, False)
    assert next_step(sample, [nothing], set(), set()).kind == "lesson"
    seen = {("sample", "selectivity")}
    almost = module_progress(sample, module, seen, {"sample-check": [0.5, 0.79]}, set())
    assert not almost.mastered and next_step(sample, [almost], seen, set()).kind == "check"
    mastered = module_progress(sample, module, seen, {"sample-check": [0.8]}, set())
    assert mastered.mastered and next_step(sample, [mastered], seen, set()).item_id == "sample-case"
    done = module_progress(sample, module, seen, {"sample-check": [1.0]}, {"sample-case"})
    assert done.fraction == 1.0 and next_step(sample, [done], seen, {"sample-case"}).kind == "done"
