"""The one order of a live item's options, shared by the phones, the projector, the chart and the reports:
`display_order` seeded with the session id (what the phones' widgets use), lettered A, B, C…"""
from __future__ import annotations

from typing import Any

from ..content.case_study import Decision
from ..content.questions import Likert, MultipleResponse, SingleChoice, TrueFalse
from ..learning.attempts import display_order


def option_letter(n: int) -> str:
    return chr(65 + n) if n < 26 else f"{chr(64 + n // 26)}{chr(65 + n % 26)}"


def option_keys(item: Any) -> list[str]:
    """Every countable answer of an item in its authored order; empty for free text."""
    if isinstance(item, (SingleChoice, MultipleResponse)):
        return [o.id for o in item.options]
    if isinstance(item, TrueFalse):
        return ["true", "false"]
    if isinstance(item, Likert):
        return [str(k) for k in range(1, item.scale + 1)]
    if isinstance(item, Decision):
        return [c.id for c in item.choices]
    return []


def live_order(item: Any, session_id: int) -> list[tuple[str, str]]:
    """(key, letter) in the order every screen of the session shows them; a rating scale keeps its numbers."""
    shuffled = display_order(item, seed=session_id).get("options") if item is not None else None
    keys = list(shuffled) if shuffled else option_keys(item)
    if isinstance(item, Likert):
        return [(key, key) for key in keys]
    return [(key, option_letter(n)) for n, key in enumerate(keys)]
