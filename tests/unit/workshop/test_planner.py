"""Agendas: validation, cross-file references, and the run sheet laid out on the clock."""
import shutil

import pytest

from itlead.content import load_course
from itlead.workshop.planner import run_sheet_markdown, schedule

AGENDA = """id: day
title: One day
summary: A short day.
days:
  - title: Day 1
    start: "9:30"
    items:
      - {kind: plenary, title: Opening, minutes: 15}
      - {kind: lesson, module: sample, lesson: selectivity, minutes: 30, notes: "Ask | compare"}
      - {kind: exercise, bank: sample-check, minutes: 20}
      - {kind: break, title: Coffee, minutes: 15}
      - {kind: case, case: sample-case, minutes: 40}
"""


@pytest.fixture
def course_dir(tmp_path, fixture_course):
    shutil.copytree(fixture_course, tmp_path / "c")
    (tmp_path / "c" / "agendas").mkdir()
    return tmp_path / "c"


def test_agenda_loads_and_schedules(course_dir):
    (course_dir / "agendas" / "day.yaml").write_text(AGENDA)
    result = load_course(course_dir)
    assert result.ok, result.problems
    (day,) = schedule(result.course.agendas["day"], result.course)
    assert [(s.start, s.end) for s in day.slots] == [("09:30", "09:45"), ("09:45", "10:15"), ("10:15", "10:35"),
                                                    ("10:35", "10:50"), ("10:50", "11:30")]
    assert day.slots[1].title == "Risk selectivity in brief: Concentrating control where the risk is"
    assert day.slots[2].title == "Check your understanding"
    assert day.slots[4].title == "The inspection rate at Bellhaven"
    assert day.minutes == 120
    sheet = run_sheet_markdown(result.course.agendas["day"], result.course)
    assert "| 09:45–10:15 | 30 | **Input**: Risk selectivity in brief: Concentrating control where the risk is | " \
           "Ask \\| compare |" in sheet


@pytest.mark.parametrize("old, new, words", [
    ("start: \"9:30\"", "start: \"25:00\"", "start must be a time like 09:00"),
    ("lesson: selectivity", "lesson: nowhere", "module 'sample' has no lesson 'nowhere'"),
    ("bank: sample-check", "bank: ghost", "unknown bank 'ghost'"),
    ("{kind: case, case: sample-case, minutes: 40}", "{kind: case, minutes: 40}", "a case item needs 'case'"),
    ("minutes: 40}", "minutes: 240}\n      - {kind: break, title: Long, minutes: 240}\n"
                     "      - {kind: break, title: Longer, minutes: 240}", "a workshop day holds at most 600"),
])
def test_agenda_problems(course_dir, old, new, words):
    (course_dir / "agendas" / "day.yaml").write_text(AGENDA.replace(old, new))
    messages = [str(p) for p in load_course(course_dir).problems]
    assert any(m.startswith("agendas/day.yaml:") and words in m for m in messages), messages


def test_run_sheet_pdf(course_dir):
    from itlead.interop.pdf import run_sheet_pdf

    (course_dir / "agendas" / "day.yaml").write_text(AGENDA)
    result = load_course(course_dir)
    days = [(d.title, [(s.start, s.end, s.minutes, s.title, s.notes) for s in d.slots])
            for d in schedule(result.course.agendas["day"], result.course)]
    pdf = run_sheet_pdf("One day", "A short day – à Bogotá", days,
                        {"time": "Time", "minutes": "Min", "activity": "Activity", "notes": "Notes"})
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
