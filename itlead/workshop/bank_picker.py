"""Which question banks a facilitator may run live, in the order to list them: by module (course-wide banks
last), then by purpose. Pre-tests, post-tests and surveys stay out unless asked for: running a post-test live
would show its questions to the room before the test. A pack's adapted version of a bank (`adapts:`) is listed
beside the original, and says which it adapts."""
from __future__ import annotations

from dataclasses import dataclass

from ..content.course import Course

LIVE_PURPOSES = ("check", "practice")
HIDDEN_PURPOSES = ("pretest", "posttest", "survey")
PURPOSE_ORDER = {p: n for n, p in enumerate((*LIVE_PURPOSES, *HIDDEN_PURPOSES))}


@dataclass(frozen=True)
class BankChoice:
    bank_id: str
    module_number: int | None  # None for a course-wide bank
    module_id: str | None
    purpose: str
    adapts: str | None = None  # the bank this one adapts (a pack's version of it)


def live_banks(course: Course, include_tests_and_surveys: bool = False) -> list[BankChoice]:
    allowed = LIVE_PURPOSES + (HIDDEN_PURPOSES if include_tests_and_surveys else ())
    numbers = {m.id: m.number for m in course.modules}
    choices = [BankChoice(b.id, numbers.get(b.module or ""), b.module if b.module in numbers else None, b.purpose,
                          b.adapts) for b in course.banks.values() if b.purpose in allowed]
    return sorted(choices, key=lambda c: (c.module_number is None, c.module_number or 0, PURPOSE_ORDER[c.purpose],
                                          c.bank_id))
