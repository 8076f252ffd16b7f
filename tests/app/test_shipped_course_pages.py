"""Every page renders the shipped course without an error: every lesson and diagram, every case's opening,
the self-assessment and both tests."""
import pytest

from itlead.content import load_course
from itlead.settings import PROJECT_ROOT

from .conftest import goto, new_app, texts

COURSE = load_course(PROJECT_ROOT).course


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    monkeypatch.setenv("ITLEAD_DATABASE_URL", f"sqlite:///{tmp_path / 'shipped.db'}")
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(PROJECT_ROOT))
    at = new_app()
    at.text_input[0].input("Reviewer")
    at.button[0].click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("module_id", [m.id for m in COURSE.modules])
def test_every_lesson_renders(shipped, module_id):
    module = COURSE.module(module_id)
    at = goto(shipped, "learn", module=module_id)
    for i, lesson in enumerate(module.lessons):
        assert at.header[0].value == lesson.title.get()
        assert len(at.get("graphviz_chart")) == (1 if lesson.diagram else 0)
        if i < len(module.lessons) - 1:
            next(b for b in at.button if b.label == "Next lesson").click().run()
            assert not at.exception, at.exception
    at.radio(key=f"module_section_{module_id}@en").set_value("check").run()
    next(b for b in at.button if b.label == "Start the check").click().run()
    assert not at.exception and "Question 1 /" in texts(at)


def test_every_case_opens_and_the_assessments_render(shipped):
    at = goto(shipped, "case_studies")
    for case_id, case in COURSE.cases.items():
        at.selectbox[0].set_value(case_id).run()
        assert not at.exception, at.exception
        assert case.node(case.start).text.get() in texts(at)
    at = goto(at, "self_assessment")
    dimensions = COURSE.banks_for("self_assessment")[0].dimensions
    shown = 0
    for n in range(len(dimensions)):  # one dimension at a time: every statement of the 25 is reached
        shown += len([r for r in at.radio if (r.key or "").startswith("sa:")])
        if n < len(dimensions) - 1:
            next(b for b in at.button if b.label == "Next dimension").click().run()
    assert shown == 25
    at = goto(at, "pre_post")
    next(b for b in at.button if b.label.startswith("Start the")).click().run()
    assert not at.exception and "1 /" in texts(at)
    at = goto(at, "practice")
    next(b for b in at.button if b.label == "Start practice").click().run()
    assert not at.exception and "Question 1 / 10" in texts(at)
