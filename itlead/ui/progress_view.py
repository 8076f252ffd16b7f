"""Progress for the signed-in learner, gathered from the store."""
from __future__ import annotations

from ..learning.progress import ModuleProgress, module_progress
from ..store.repo import Learner
from . import resources


def course_progress(learner: Learner) -> tuple[dict[str, ModuleProgress], set[tuple[str, str]], set[str]]:
    store, course = resources.store(), resources.course()
    seen = store.lessons_seen(learner.id)
    scores: dict[str, list[float]] = {}
    for attempt in store.attempts(learner.id, purpose="check", finished=True):
        if attempt.max_marks:
            scores.setdefault(attempt.bank_id, []).append((attempt.marks or 0) / attempt.max_marks)
    finished_cases = {run.case_id for run in store.case_runs(learner.id) if run.ending_id}
    progress = {m.id: module_progress(course, m, seen, scores, finished_cases) for m in course.modules}
    return progress, seen, finished_cases
