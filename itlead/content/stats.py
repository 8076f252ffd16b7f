"""Course statistics per module: questions by type and objective, cases, reflections, translations."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from pydantic import BaseModel

from .bank import Bank
from .case_graph import path_count, score_range
from .case_study import CaseStudy, Decision, Ending
from .course import Course
from .module import Module
from .text import LOCALES, SOURCE_LOCALE, walk_texts

COURSE_WIDE = "(course-wide)"


def missing_translations(items: Iterable[BaseModel]) -> dict[str, int]:
    """How many texts lack each non-source locale."""
    missing = Counter({loc: 0 for loc in LOCALES if loc != SOURCE_LOCALE})
    for item in items:
        for _path, text in walk_texts(item):
            for loc in missing:
                if not text.has(loc):
                    missing[loc] += 1
    return dict(missing)


def case_stats(case: CaseStudy) -> dict[str, Any]:
    low, high = score_range(case)
    return {
        "id": case.id,
        "decisions": sum(isinstance(n, Decision) for n in case.nodes),
        "endings": sum(isinstance(n, Ending) for n in case.nodes),
        "nodes": len(case.nodes),
        "paths": path_count(case),
        "score_range": [low, high],
    }


TEST_PURPOSES = ("pretest", "posttest")


def _bank_stats(all_banks: list[Bank]) -> dict[str, Any]:
    """Counts over the module's check and practice banks; pre-test and post-test items are counted apart."""
    banks = [b for b in all_banks if b.purpose not in TEST_PURPOSES]
    questions = [q for b in banks for q in b.questions]
    scored = [q for q in questions if q.scored]
    return {
        "banks": [b.id for b in banks],
        "questions": len(questions),
        "scored": len(scored),
        "by_type": dict(sorted(Counter(q.type for q in questions).items())),
        "by_objective": dict(sorted(Counter(q.objective for q in scored if q.objective).items())),
        "by_difficulty": dict(sorted(Counter(q.difficulty for q in scored).items())),
        "reflections": sum(q.type == "reflection" for q in questions),
    }


def _group(course: Course) -> dict[str, tuple[Module | None, list[Bank], list[CaseStudy]]]:
    groups: dict[str, tuple[Module | None, list[Bank], list[CaseStudy]]] = {
        m.id: (m, [], []) for m in course.modules
    }
    groups[COURSE_WIDE] = (None, [], [])
    for bank in course.banks.values():
        owner = bank.module or next((m.id for m in course.modules if bank.id in m.banks), COURSE_WIDE)
        groups[owner if owner in groups else COURSE_WIDE][1].append(bank)
    for case in course.cases.values():
        owner = case.module or next((m.id for m in course.modules if case.id in m.cases), COURSE_WIDE)
        groups[owner if owner in groups else COURSE_WIDE][2].append(case)
    return groups


def course_stats(course: Course) -> dict[str, Any]:
    modules: dict[str, Any] = {}
    for key, (module, banks, cases) in _group(course).items():
        if module is None and not banks and not cases:
            continue
        entry: dict[str, Any] = {}
        if module is not None:
            entry.update(
                title=module.title.get(),
                objectives=[o.id for o in module.objectives],
                lessons=len(module.lessons),
                diagrams=sum(lesson.diagram is not None for lesson in module.lessons),
                estimated_minutes=module.estimated_minutes,
            )
        entry.update(_bank_stats(banks))
        entry["tests"] = {p: sum(1 for b in course.banks_for(p) for q in b.questions
                                 if course.objectives.get(q.objective or "", (None,))[0] is module)
                          for p in TEST_PURPOSES}
        entry["cases"] = [case_stats(c) for c in cases]
        items: list[BaseModel] = ([module] if module else []) + banks + cases  # type: ignore[operator]
        entry["missing_translations"] = missing_translations(items)
        modules[key] = entry
    everything: list[BaseModel] = [*course.modules, *course.banks.values(), *course.cases.values(),
                                   *course.agendas.values()]
    return {
        "modules": modules,
        "totals": {
            "modules": len(course.modules),
            "banks": len(course.banks),
            "questions": len(course.questions),
            "scored": sum(q.scored for _, q in course.questions.values()),
            "cases": len(course.cases),
            "agendas": {a.id: {"days": len(a.days), "items": sum(len(d.items) for d in a.days),
                               "minutes": sum(i.minutes for d in a.days for i in d.items)}
                        for a in course.agendas.values()},
            "texts": sum(1 for item in everything for _ in walk_texts(item)),
            "missing_translations": missing_translations(everything),
        },
    }
