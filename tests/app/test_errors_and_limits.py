"""Finding 9 (no tracebacks reach users), finding 4 (limits on successful actions, with messages) and finding 6
(content problems only for facilitators), on the page flows."""
import tomllib
from pathlib import Path

from itlead.store import Store, make_engine
from itlead.store.plans import MAX_PLAN_ITEMS

from .conftest import goto, new_app, texts

ROOT = Path(__file__).resolve().parents[2]


def test_error_details_are_never_shown():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_a_huge_session_number_is_a_message_not_a_traceback(env, monkeypatch):
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", "a-good-passcode")
    at = goto(new_app(), "facilitate")
    at.text_input[0].input("a-good-passcode")
    at.button[0].click().run()
    at = goto(at, "projection", s="99999999999999999999")
    assert not at.exception, at.exception  # the probe saw an OverflowError box here
    assert "OverflowError" not in texts(at)


def test_plan_items_are_capped_with_a_message(env):
    store = Store(make_engine(env["url"]))
    store.migrate()
    learner, code = store.create_learner("Ana")
    for i in range(MAX_PLAN_ITEMS):
        store.upsert_plan_item(learner.id, f"item {i}")
    at = goto(new_app(resume=code), "report")
    form = next(t for t in at.text_area if t.label == "Add an action of your own")
    form.input("one too many")
    next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception and f"at most {MAX_PLAN_ITEMS} items" in texts(at)
    assert len(store.plan_items(learner.id)) == MAX_PLAN_ITEMS


def test_content_problems_are_for_facilitators_only(env, tmp_path, monkeypatch, fixture_course):
    import shutil
    course = tmp_path / "course"
    shutil.copytree(fixture_course, course)
    (course / "quizzes" / "broken.yaml").write_text("id: broken\nunknown_key: 1\n")
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(course))
    visitor = goto(new_app(), "welcome")
    assert not any("content problem" in e.label for e in visitor.expander)
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", "a-good-passcode")
    fac = goto(new_app(), "facilitate")
    fac.text_input[0].input("a-good-passcode")
    fac.button[0].click().run()
    assert any("content problem" in e.label for e in fac.expander)


def test_the_resume_code_shows_only_on_demand(env):
    """Finding 10: the code showed in the sidebar on every page, also when a learner projects their screen."""
    store = Store(make_engine(env["url"]))
    store.migrate()
    _learner, code = store.create_learner("Ana")
    at = goto(new_app(resume=code), "learn")
    sidebar = "\n".join(c.value for c in at.sidebar.caption)
    assert code not in sidebar
    at.sidebar.toggle(key="show_resume_code").set_value(True).run()
    assert code in "\n".join(c.value for c in at.sidebar.caption)
