"""The workshop report holds what the organiser asked for, from the database, in the facilitator's language."""
from datetime import date

import pytest

from itlead.content import load_course
from itlead.i18n import set_locale
from itlead.interop import pdf as pdf_module
from itlead.interop.report_docs import report_markdown, report_pdf, report_sections
from itlead.settings import PROJECT_ROOT
from itlead.store import Store, make_engine
from itlead.workshop.live import Live
from itlead.workshop.options import live_order
from itlead.workshop.report import build_report

Q1, Q2 = "governance.q-sourcing-small-admin", "governance.q-agile-or-waterfall"


@pytest.fixture(scope="module")
def course():
    return load_course(PROJECT_ROOT).course


@pytest.fixture
def workshop(tmp_path, course):
    engine = make_engine(f"sqlite:///{tmp_path / 'report.db'}")
    store = Store(engine)
    store.migrate()
    live = Live(engine)
    session = live.act(live.create("Freeport day 1", [Q1, Q2]).id, "open")
    people = [live.join(session.id, name, team)[0] for name, team in
              (("Ana", "T1"), ("Bjørn", "T1"), ("Carlota", "T2"), ("Dagny", "T2"), ("Zoltán", None))]
    for person, choice in zip(people[:4], ("adopt", "bespoke", "bespoke", "wait")):  # Zoltán never answers
        live.submit(person, 0, Q1, choice, 1.0 if choice == "adopt" else 0.0)
    for n, person in enumerate(people[:3]):
        live.submit_participant_evaluation(person, "workshop-evaluation", {
            "eval.relevance": 5 - n, "eval.improve": ["More time on cases", "Ana wants <b>slides</b>", None][n]}
            if n < 2 else {"eval.relevance": 3})
    live.save_evaluation(session.id, "facilitator", "facilitator-debrief",
                         {"debrief.objectives": 4, "debrief.engagement": 5})
    ana, _code = store.create_learner("Learner")
    for purpose, qid, fraction in (("pretest", "tfa.pre-entry-into-force", 0.0),
                                   ("posttest", "tfa.post-protocol-date", 1.0)):
        attempt = store.start_attempt(ana.id, f"tfa-{purpose}", purpose, "deferred", [qid], seed=1)
        store.record_response(attempt.id, qid, 1, "x", state="saved", finished=True, fraction=fraction)
        store.finish_attempt(attempt.id, fraction, 1.0)
    return live, store, session


def build(workshop, course):
    live, store, session = workshop
    return build_report(live, course, [session.id], store.cohort_rows(("pretest", "posttest")), date(2026, 12, 7))


def test_report_content(workshop, course):
    set_locale("en")
    report = build(workshop, course)
    (attendance,) = report.attendance
    assert (attendance.joined, attendance.tables, attendance.answered, attendance.evaluations) == (5, 2, 4, 3)
    (gain,) = report.gain
    assert gain["module"].endswith("Trade Facilitation Agreement") or "4." in gain["module"]
    assert (gain["learners"], gain["pre"], gain["post"], gain["gain"]) == (1, 0.0, 1.0, 1.0)
    relevance = next(r for r in report.ratings if r.answers)
    assert relevance.answers == 3 and relevance.mean == 4.0 and relevance.counts == (0, 0, 1, 1, 1)
    (question, comments), = report.comments
    assert comments == sorted(["More time on cases", "Ana wants <b>slides</b>"])  # sorted: arrival order hidden
    (hard,) = report.hardest
    assert hard.facility == pytest.approx(0.25) and hard.answers == 4
    session_id = workshop[2].id
    letters = dict((k, letter) for k, letter in live_order(course.questions[Q1][1], session_id))
    by_letter = {o.letter: o for o in hard.options}
    assert by_letter[letters["bespoke"]].chosen == 2 and by_letter[letters["adopt"]].correct
    assert [o.letter for o in hard.options] == ["A", "B", "C", "D"]
    assert [q for q, _a in report.debrief][:2] == ["Participants reached the workshop's objectives.",
                                                   "Every table engaged in the cases and exercises."]
    assert report.debrief[0][1].startswith("4 / 5")


def test_markdown_and_pdf_show_it_without_names(workshop, course, monkeypatch):
    set_locale("en")
    report = build(workshop, course)
    md = report_markdown(report)
    assert "## Attendance" in md and "5 joined, 2 tables, 4 answered at least one item, 3 evaluations" in md
    assert "pre\\-test 0%, post\\-test 100%, gain 100%" in md
    assert "Ana wants \\<b\\>slides\\</b\\>" in md and "<b>" not in md  # comments as inert text
    for nickname in ("Bjørn", "Carlota", "Dagny", "Zoltán"):
        assert nickname not in md  # no participant is named
    assert "facility 25% over 4 answers" in md and "✓" in md
    written = []
    original = pdf_module._Doc.text_of
    monkeypatch.setattr(pdf_module._Doc, "text_of", lambda self, text: written.append(text) or original(self, text))
    pdf = report_pdf(report)
    assert pdf.startswith(b"%PDF-")
    flat = "\n".join(written)
    for heading, lines in report_sections(report):
        assert heading in flat and all(line.strip() in flat for line in lines)


def test_report_in_the_facilitators_language(workshop, course):
    set_locale("fr")
    try:
        md = report_markdown(build(workshop, course))
    finally:
        set_locale("en")
    assert "## Participation" in md and "Attendance" not in md
    assert "Les participants ont atteint les objectifs de l'atelier" in md  # content in French too
