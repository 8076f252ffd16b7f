"""Pure learner logic: identity codes, draws and shuffles, replaying attempts, progress, assessment, exports."""
from datetime import date

import pytest

from itlead.store import identity
from itlead.learning.assessment import dimension_scores, knowledge_gain, module_scores, recommendations
from itlead.learning.attempts import attempt_summary, display_order, draw, questions_of, replay
from itlead.interop.markdown import action_plan_markdown
from itlead.interop.pdf import action_plan_pdf, certificate_pdf
from itlead.learning.progress import module_progress, next_step


class Row:
    def __init__(self, question_id, try_no, response, certainty=None):
        self.question_id, self.try_no, self.response, self.certainty = question_id, try_no, response, certainty


def test_resume_codes_have_enough_entropy_and_normalise():
    assert identity.CODE_BITS >= 40
    codes = {identity.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = identity.new_code()
    assert len(code) == 11 and code[5] == "-"
    assert identity.code_hash(code.lower()) == identity.code_hash(code.replace("-", " "))
    assert identity.normalise("o1l2i-abcde") == "01121ABCDE"  # O, I and L read as digits
    for bad in ("", "short", "UUUUU-UUUUU", "<script>alert(1)</script>"):
        with pytest.raises(identity.InvalidCode):
            identity.normalise(bad)


def test_display_names():
    assert identity.clean_name("  Ana   Pérez ") == "Ana Pérez"
    with pytest.raises(ValueError):
        identity.clean_name("   ")
    with pytest.raises(ValueError):
        identity.clean_name("x" * 61)


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


def test_self_assessment_scores_and_recommendations(sample):
    bank = sample.banks["sample-self"]
    scores = dimension_scores(bank, {"self.risk-1": 1, "self.risk-2": 2, "self.strategy-1": 3})
    assert scores == {"risk": 1.5, "strategy": 3.0}
    recs = recommendations(bank, scores, sample)
    assert [(r.dimension_id, r.module_ids) for r in recs] == [("risk", ("sample",)), ("strategy", ())]


def test_module_scores_and_gain(sample):
    questions = questions_of([sample.banks["sample-pre"]])
    states = replay(questions, list(questions), "deferred", [Row("sample.pre-1", 1, True)])
    pre = module_scores(sample, questions, states)
    assert pre == {"sample": 0.5}
    assert knowledge_gain(pre, {"sample": 1.0}) == {"sample": 0.5}


LABELS = {"title": "My action plan", "for": "Prepared by", "done": "done", "todo": "to do", "empty": "Nothing yet"}


def test_action_plan_markdown_quotes_learner_text():
    md = action_plan_markdown("Ana", "Course", [("Q1", "# not a heading\nline two", False), ("Q2", "x", True)],
                              date(2026, 11, 29), LABELS)
    assert "## [ ] Q1\n\n> # not a heading\n> line two" in md
    assert "## [x] Q2" in md and "Prepared by Ana · 2026-11-29" in md
    assert "Nothing yet" in action_plan_markdown("Ana", "C", [], date(2026, 1, 1), LABELS)


def test_pdfs_are_real_pdfs_with_accents():
    plan = action_plan_pdf("Ana Pérez", "Course", [("¿Qué hará?", "Piloter l’outil – cœur", False)],
                           date(2026, 11, 29), LABELS)
    assert plan.startswith(b"%PDF-") and len(plan) > 800
    cert = certificate_pdf("Ana Pérez", "Course", ["1. Stratégie"], date(2026, 11, 29),
                           {"title": "Certificate", "certifies": "This certifies that", "completed": "has completed",
                            "modules": "Modules", "date": "Date"})
    assert cert.startswith(b"%PDF-")
