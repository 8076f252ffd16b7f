"""The shipped course: it validates clean, and every module meets the content bar of the course plan."""
import re
from collections import Counter

import pytest

from itlead.content import load_course
from itlead.content.case_study import Decision
from itlead.learning import cases
from itlead.settings import PROJECT_ROOT

RESULT = load_course(PROJECT_ROOT)
COURSE = RESULT.course
MODULE_IDS = [m.id for m in COURSE.modules]


def test_shipped_course_validates_clean():
    assert RESULT.ok, "\n".join(map(str, RESULT.problems))
    assert len(COURSE.modules) >= 3


def _scored(module):
    return [q for b in COURSE.module_banks(module) for q in b.questions if q.scored]


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_question_bar(module_id):
    module = COURSE.module(module_id)
    scored = _scored(module)
    types = Counter(q.type for q in scored)
    assert len(scored) >= 24
    assert len(types) >= 6
    assert types["multiple_response"] >= 3 and types["numeric"] >= 2
    assert types["ordering"] >= 2 and types["matching"] >= 2
    assert all(q.references and q.explanation for q in scored)
    per_objective = Counter(q.objective for q in scored)
    assert 3 <= len(module.objectives) <= 6
    for objective in module.objectives:
        assert per_objective[objective.id] >= 3, objective.id
    recall = sum(q.difficulty == "recall" for q in scored) / len(scored)
    assert 0.2 <= recall <= 0.45  # about a third recall, the rest application or judgement
    reflections = [q for b in COURSE.module_banks(module) for q in b.questions if q.type == "reflection"]
    assert len(reflections) >= 3 and all(r.action_plan for r in reflections)


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_lesson_bar(module_id):
    module = COURSE.module(module_id)
    assert len(module.lessons) >= 4
    assert any(lesson.diagram for lesson in module.lessons)
    assert module.facilitator_notes is not None
    for lesson in module.lessons:
        words = len(re.findall(r"\b\w[\w'’-]*\b", lesson.body.get()))
        assert 150 <= words <= 350, (lesson.id, words)
        assert 2 <= len(lesson.takeaways) <= 4, lesson.id
        assert len(lesson.discussion) >= 3, lesson.id
    assert COURSE.mastery_bank(module) is not None


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_case_bar(module_id):
    module = COURSE.module(module_id)
    (case,) = COURSE.module_cases(module)
    endings = set()
    for path in cases.all_paths(case):
        run = cases.play(case, path)
        assert len(run.steps) >= 4, f"path {path} passes fewer than 4 decisions"
        endings.add(cases.result(case, run).ending.rating)
    assert len([n for n in case.nodes if n.kind == "ending"]) >= 3
    assert {"good", "poor"} <= endings
    assert sum(isinstance(n, Decision) for n in case.nodes) >= 4
    assert case.facilitator_notes is not None and len(case.discussion) >= 3


def test_question_ids_follow_module_prefix():
    for module in COURSE.modules:
        for bank in COURSE.module_banks(module):
            for q in bank.questions:
                assert q.id.startswith(module.id + "."), q.id


def _test_items(purpose):
    return [q for b in COURSE.banks_for(purpose) for q in b.questions]


def test_pre_and_post_tests_are_parallel_forms():
    pre, post = _test_items("pretest"), _test_items("posttest")
    assert len(pre) == len(post) >= 20
    per_module = Counter(COURSE.objectives[q.objective][0].id for q in pre)
    assert set(per_module) == set(MODULE_IDS) and min(per_module.values()) >= 3
    signature = lambda q: (q.objective, q.type, q.difficulty)  # noqa: E731
    assert sorted(map(signature, pre)) == sorted(map(signature, post))
    assert not {q.stem.get() for q in pre} & {q.stem.get() for q in post}


def test_self_assessment_instrument():
    (bank,) = COURSE.banks_for("self_assessment")
    assert len(bank.dimensions) == 5
    for dim in bank.dimensions:
        statements = [q for q in bank.questions if q.dimension == dim.id]
        assert len(statements) == 5, dim.id
        assert all({1, 3, 5} <= set(q.anchors) and q.scale == 5 for q in statements)
        assert dim.modules and all(m in MODULE_IDS for m in dim.modules)


def test_capstone_case():
    case = COURSE.cases["capstone"]
    endings = set()
    for path in cases.all_paths(case):
        run = cases.play(case, path)
        assert len(run.steps) >= 6
        endings.add(cases.result(case, run).ending.id)
    assert len(endings) >= 4
    assert case.facilitator_notes is not None and case.timing_minutes >= 60


def test_two_day_agenda_covers_every_theme():
    from itlead.workshop.planner import schedule

    agenda = COURSE.agendas["two-day-workshop"]
    days = schedule(agenda, COURSE)
    assert len(days) == 2
    assert all(day.minutes <= 8 * 60 for day in days)
    modules = {i.module for d in agenda.days for i in d.items if i.module}
    modules |= {COURSE.cases[i.case].module for d in agenda.days for i in d.items if i.case and COURSE.cases[i.case].module}
    assert modules == set(MODULE_IDS)
    kinds = {i.kind for d in agenda.days for i in d.items}
    assert {"pretest", "posttest", "case", "exercise", "evaluation", "self_assessment"} <= kinds
    assert "capstone" in {i.case for d in agenda.days for i in d.items}


def test_every_text_is_in_french_and_spanish():
    from itlead.content.stats import missing_translations

    everything = [*COURSE.modules, *COURSE.banks.values(), *COURSE.cases.values(), *COURSE.agendas.values()]
    assert missing_translations(everything) == {"fr": 0, "es": 0}


def _digits(text):
    return sorted(re.findall(r"\d+", text))


def test_figures_are_identical_in_every_language():
    """Every number written in a text appears, digit for digit, in its French and Spanish versions."""
    from itlead.content.text import walk_texts

    mismatches = []
    for item in [*COURSE.modules, *COURSE.banks.values(), *COURSE.cases.values(), *COURSE.agendas.values()]:
        for path, text in walk_texts(item):
            source = _digits(text.get("en"))
            for locale in ("fr", "es"):
                if text.has(locale) and _digits(text.get(locale)) != source:
                    mismatches.append(f"{item.id} {path} [{locale}]")
    assert not mismatches, f"{len(mismatches)} texts: " + "; ".join(mismatches[:10])
