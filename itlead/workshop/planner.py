"""Workshop planning, as pure logic: an agenda laid out on the clock, and its run sheet in Markdown."""
from __future__ import annotations

from dataclasses import dataclass

from ..content.agenda import Agenda, AgendaItem
from ..content.course import Course
from ..i18n import N_

KIND_LABELS = {"plenary": N_("Plenary"), "lesson": N_("Input"), "exercise": N_("Exercise"),
               "case": N_("Case study"), "self_assessment": N_("Self-assessment"), "pretest": N_("Pre-test"),
               "posttest": N_("Post-test"), "evaluation": N_("Evaluation"), "break": N_("Break")}


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    minutes: int
    kind: str
    title: str
    notes: str


@dataclass(frozen=True)
class DayPlan:
    title: str
    slots: tuple[Slot, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.slots)


def clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def item_title(item: AgendaItem, course: Course, locale: str) -> str:
    """The item's own title, else the title of the lesson, bank or case it points at."""
    if item.title is not None:
        return item.title.get(locale)
    if item.kind == "lesson" and item.module in {m.id for m in course.modules}:
        module = course.module(item.module)  # type: ignore[arg-type]
        lesson = next((ls for ls in module.lessons if ls.id == item.lesson), None)
        if lesson is not None:
            return f"{module.title.get(locale)}: {lesson.title.get(locale)}"
    if item.kind == "exercise" and item.bank in course.banks:
        return course.banks[item.bank].title.get(locale)  # type: ignore[index]
    if item.kind == "case" and item.case in course.cases:
        return course.cases[item.case].title.get(locale)  # type: ignore[index]
    return KIND_LABELS[item.kind]


def schedule(agenda: Agenda, course: Course, locale: str = "en") -> list[DayPlan]:
    days = []
    for day in agenda.days:
        now = day.start_minutes()
        slots = []
        for item in day.items:
            slots.append(Slot(clock(now), clock(now + item.minutes), item.minutes, item.kind,
                              item_title(item, course, locale), item.notes.get(locale) if item.notes else ""))
            now += item.minutes
        days.append(DayPlan(day.title.get(locale), tuple(slots)))
    return days


def run_sheet_markdown(agenda: Agenda, course: Course, locale: str = "en",
                       kind_labels: dict[str, str] | None = None) -> str:
    labels = kind_labels or KIND_LABELS
    lines = [f"# {agenda.title.get(locale)}", "", agenda.summary.get(locale), ""]
    if agenda.facilitator_notes is not None:
        lines += [f"> {agenda.facilitator_notes.get(locale)}", ""]
    for day in schedule(agenda, course, locale):
        lines += [f"## {day.title}", "", "| Time | Minutes | Activity | Notes |", "|---|---|---|---|"]
        for s in day.slots:
            cell = lambda text: text.replace("|", "\\|").replace("\n", " ")  # noqa: E731
            lines.append(f"| {s.start}–{s.end} | {s.minutes} | **{labels[s.kind]}**: {cell(s.title)} | "
                         f"{cell(s.notes)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def agenda_from_rows(base: dict, days: list[tuple[str, str, list[dict]]]) -> Agenda:
    """Build (and validate) an agenda from edited tables: (day title, start, rows of item fields)."""
    data = dict(base)
    data["days"] = [{"title": title, "start": start,
                     "items": [{k: v for k, v in row.items() if v not in (None, "") and not _is_nan(v)} for row in rows]}
                    for title, start, rows in days]
    return Agenda.model_validate(data)


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


ITEM_FIELDS = ("kind", "minutes", "title", "module", "lesson", "bank", "case", "notes")


def item_rows(agenda: Agenda, day: int) -> list[dict]:
    """A day's items as plain rows for an editable table (English text)."""
    return [{field: (getattr(item, field).get() if field in ("title", "notes") and getattr(item, field) is not None
                     else getattr(item, field)) for field in ITEM_FIELDS} for item in agenda.days[day].items]
