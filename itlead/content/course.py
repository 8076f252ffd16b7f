"""The loaded course: modules, banks and cases, with lookups across them."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

from .agenda import Agenda
from .bank import Bank
from .case_study import CaseStudy
from .module import Module, Objective
from .questions import Question


@dataclass(frozen=True)
class Course:
    modules: tuple[Module, ...] = ()
    banks: Mapping[str, Bank] = field(default_factory=dict)
    cases: Mapping[str, CaseStudy] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    """'module:<id>' / 'bank:<id>' / 'case:<id>' / 'agenda:<id>' -> the file it came from."""
    agendas: Mapping[str, Agenda] = field(default_factory=dict)

    def module(self, module_id: str) -> Module:
        return self._modules_by_id[module_id]

    @cached_property
    def _modules_by_id(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}

    @cached_property
    def objectives(self) -> dict[str, tuple[Module, Objective]]:
        return {o.id: (m, o) for m in self.modules for o in m.objectives}

    @cached_property
    def questions(self) -> dict[str, tuple[Bank, Question]]:
        """Every question by id, with the bank it sits in."""
        return {q.id: (b, q) for b in self.banks.values() for q in b.questions}

    def module_banks(self, module: Module) -> list[Bank]:
        return [self.banks[b] for b in module.banks if b in self.banks]

    def module_cases(self, module: Module) -> list[CaseStudy]:
        return [self.cases[c] for c in module.cases if c in self.cases]

    def mastery_bank(self, module: Module) -> Bank | None:
        """The bank whose score decides mastery: the one named, else the module's first check bank."""
        if module.mastery.bank and module.mastery.bank in self.banks:
            return self.banks[module.mastery.bank]
        checks = [b for b in self.module_banks(module) if b.purpose == "check"]
        return checks[0] if checks else None

    def banks_for(self, purpose: str) -> list[Bank]:
        return [b for b in self.banks.values() if b.purpose == purpose]
