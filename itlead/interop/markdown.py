"""The action plan as Markdown."""
from __future__ import annotations

from datetime import date
from typing import Iterable


def action_plan_markdown(name: str, course_title: str, items: Iterable[tuple[str, str, bool]], today: date,
                         labels: dict[str, str]) -> str:
    """`items`: (heading, text, done); the learner's own text is kept as written, in quoted blocks."""
    lines = [f"# {labels['title']}", "", f"{course_title}", "", f"{labels['for']} {name} · {today.isoformat()}", ""]
    count = 0
    for heading, text, done in items:
        count += 1
        lines.append(f"## {'[x]' if done else '[ ]'} {heading}")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in text.splitlines())
        lines.append("")
    if not count:
        lines.append(labels["empty"])
    return "\n".join(lines).rstrip() + "\n"
