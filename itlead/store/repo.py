"""The learner store: one object over the repositories of each kind of learner record. Every write is one short
transaction, committed before the call returns."""
from __future__ import annotations

from sqlalchemy import Engine

from .attempts import Attempt, AttemptRepo, ResponseRow
from .case_runs import CaseRunRepo, CaseRunRow
from .db import guarded
from .learners import Learner, LearnerRepo
from .migrations import upgrade
from .plans import PlanItem, PlanRepo
from .reports import ReportRepo

__all__ = ["Attempt", "CaseRunRow", "Learner", "PlanItem", "ResponseRow", "Store"]


class Store(LearnerRepo, AttemptRepo, CaseRunRepo, PlanRepo, ReportRepo):
    """All reads and writes of learner data."""

    def __init__(self, engine: Engine, secret: bytes | None = None):
        self.engine = engine
        self.secret = secret  # the key for resume codes; None: settings.install_secret()

    @guarded
    def migrate(self) -> int:
        return upgrade(self.engine)
