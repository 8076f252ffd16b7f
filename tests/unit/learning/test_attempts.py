"""Attempts: draws, per-attempt option order, and replaying stored tries."""
from itlead.learning.attempts import attempt_summary, display_order, draw, questions_of, replay


class Row:
    def __init__(self, question_id, try_no, response, certainty=None):
        self.question_id, self.try_no, self.response, self.certainty = question_id, try_no, response, certainty


def test_draw_filters_and_is_stable(sample):
    qs = list(sample.questions.values())
    questions = [q for _, q in qs]
    assert draw(questions, 3, seed=5) == draw(questions, 3, seed=5)
    assert len(set(draw(questions, None, seed=1))) == sum(q.scored for q in questions)
    only = draw(questions, None, seed=1, objective="sample.o2")
    assert only and all(sample.questions[i][1].objective == "sample.o2" for i in only)
    assert all(sample.questions[i][1].difficulty == "recall" for i in draw(questions, None, 1, difficulty="recall"))


def test_options_shuffle_per_attempt_but_stay_stable_within_it(sample):
    single = sample.questions["sample.q-single"][1]
    orders = {tuple(display_order(single, seed)["options"]) for seed in range(40)}
    assert len(orders) > 1  # reshuffled across attempts
    assert display_order(single, 7) == display_order(single, 7)  # stable within one
    ordering = sample.questions["sample.q-order"][1]
    assert all(display_order(ordering, s)["items"] != [i.id for i in ordering.items] for s in range(40))


def test_replay_interactive_and_deferred(sample):
    bank = sample.banks["sample-check"]
    questions = questions_of([bank])
    ids = ["sample.q-single", "sample.q-tf"]
    states = replay(questions, ids, "interactive", [Row("sample.q-single", 2, "high"), Row("sample.q-single", 1, "all")])
    single = states["sample.q-single"]
    assert single.finished and single.outcome.mark == 0.5 and single.tries == ["all", "high"]
    assert states["sample.q-tf"].outcome is None
    summary = attempt_summary(states, questions)
    assert (summary.marks, summary.max_marks) == (0.5, 2.0)  # the unanswered question counts as zero
    deferred = replay(questions, ids, "deferred", [Row("sample.q-tf", 1, False), Row("sample.q-tf", 2, True)])
    assert deferred["sample.q-tf"].outcome.fraction == 1.0  # the last saved answer counts
