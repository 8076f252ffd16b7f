"""Progress and mastery, derived from stored facts (lesson views, finished attempts, case runs)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..content.course import Course
from ..content.module import Module


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    lessons_seen: int
    lessons_total: int
    best_check: float | None
    """Best finished mastery-check score, 0..1."""
    threshold: float
    cases_done: int
    cases_total: int

    @property
    def mastered(self) -> bool:
        return self.best_check is not None and self.best_check >= self.threshold - 1e-9

    @property
    def steps_done(self) -> int:
        return self.lessons_seen + int(self.mastered) + self.cases_done

    @property
    def steps_total(self) -> int:
        return self.lessons_total + 1 + self.cases_total

    @property
    def fraction(self) -> float:
        return self.steps_done / self.steps_total if self.steps_total else 0.0


@dataclass(frozen=True)
class NextStep:
    module_id: str
    kind: str  # "lesson" | "check" | "case" | "done"
    item_id: str | None


def module_progress(course: Course, module: Module, lessons_seen: set[tuple[str, str]],
                    check_scores: dict[str, list[float]], finished_cases: set[str]) -> ModuleProgress:
    """`check_scores`: bank id -> fractions of finished attempts; `finished_cases`: case ids played to an end."""
    bank = course.mastery_bank(module)
    scores = check_scores.get(bank.id, []) if bank else []
    case_ids = [c.id for c in course.module_cases(module)]
    return ModuleProgress(
        module_id=module.id,
        lessons_seen=sum((module.id, lesson.id) in lessons_seen for lesson in module.lessons),
        lessons_total=len(module.lessons),
        best_check=max(scores) if scores else None,
        threshold=module.mastery.threshold,
        cases_done=sum(c in finished_cases for c in case_ids),
        cases_total=len(case_ids),
    )


def next_step(course: Course, progress: Iterable[ModuleProgress], lessons_seen: set[tuple[str, str]],
              finished_cases: set[str]) -> NextStep:
    """The first thing not yet done, in course order: lessons, then the check, then the case."""
    by_id = {p.module_id: p for p in progress}
    for module in course.modules:
        p = by_id.get(module.id)
        for lesson in module.lessons:
            if (module.id, lesson.id) not in lessons_seen:
                return NextStep(module.id, "lesson", lesson.id)
        if p is not None and not p.mastered and course.mastery_bank(module) is not None:
            return NextStep(module.id, "check", course.mastery_bank(module).id)  # type: ignore[union-attr]
        for case in course.module_cases(module):
            if case.id not in finished_cases:
                return NextStep(module.id, "case", case.id)
    return NextStep("", "done", None)
