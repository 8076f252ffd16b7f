"""Page logic for a live workshop in a room: the join address and its warning, the projector route, the
decision selector, the evaluation accepted once, the bank picker and the rehearsal at the top of the planner."""
import pytest

from itlead.store import make_engine
from itlead.workshop.live import Live
from itlead.workshop.projector_links import ProjectorLinks

from .conftest import PASSCODE, goto, new_app, texts
from .test_live_flows import _URL, create, join, press


@pytest.fixture(autouse=True)
def remember_url(env):
    _URL["url"] = env["url"]



@pytest.fixture(autouse=True)
def no_detection(monkeypatch):
    monkeypatch.setenv("ITLEAD_LAN_ADDRESS", "off")  # tests never look for the machine's network address
    monkeypatch.delenv("ITLEAD_PUBLIC_URL", raising=False)


def test_loopback_join_address_warns_and_public_url_wins(facilitator, env, monkeypatch):
    session = create(facilitator, bank="sample-check")
    page = texts(facilitator)
    assert f"/join?join={session.code}" in page
    assert any("Phones cannot open this address" in w.value for w in facilitator.warning)
    monkeypatch.setenv("ITLEAD_PUBLIC_URL", "http://192.0.2.10:8501")
    facilitator.run()
    assert f"Join at: `http://192.0.2.10:8501/join?join={session.code}`" in texts(facilitator)
    assert not any("Phones cannot open this address" in w.value for w in facilitator.warning)


def test_projector_route_has_no_sidebar_and_no_passcode(facilitator, env):
    session = create(facilitator, bank="sample-check")
    press(facilitator, "Create a projector link")
    (token,) = ProjectorLinks(make_engine(env["url"])).active(session.id)
    assert any(token in c.value for c in facilitator.code)
    screen = new_app("projection", screen=token)  # a fresh browser: no passcode entered
    assert not screen.exception
    assert "Facilitator passcode" not in [t.label for t in screen.text_input]
    assert len(screen.sidebar) == 0  # no language picker, no navigation
    assert session.code in "\n".join(str(h.body) for h in screen.get("html"))
    revoke = next(b for b in facilitator.button if b.label == "Revoke")
    revoke.click().run()
    again = new_app("projection", screen=token)
    assert "This projector link does not work any more" in texts(again)
    assert session.code not in "\n".join(str(h.body) for h in again.get("html"))


def test_projector_shows_no_answer_key_before_the_reveal(facilitator, env):
    session = create(facilitator, bank="sample-check")
    token = ProjectorLinks(make_engine(env["url"])).issue(session.id)
    press(facilitator, "Open")
    screen = new_app("projection", screen=token)
    page = texts(screen)
    assert "On high-risk consignments" in page and "**A.**" in page
    assert not screen.get("vega_lite_chart") and "correct" not in page.lower()
    assert "Article 7.4 asks Members" not in page  # the explanation waits for the reveal


def test_decision_selector_is_keyed_by_the_current_majority(facilitator, env):
    session = create(facilitator, source="case", case="sample-case")
    press(facilitator, "Open")
    selector = next(s for s in facilitator.selectbox if s.label.startswith("The room's decision"))
    first = selector.value
    for name, team in (("Ana", "T1"), ("Ben", "T2")):
        person = join(session.code, name, team)
        person.radio(key=f"live:{session.id}:0@en").set_value("cut")
        press(person, "Send my answer")
    facilitator.run()
    selector = next(s for s in facilitator.selectbox if s.label.startswith("The room's decision"))
    assert first == "engine"  # no votes yet: the first choice
    assert selector.value == "cut" and selector.key.endswith("_cut")  # both tables voted for the second
    press(facilitator, "Reveal")
    assert Live(make_engine(env["url"])).get(session.id).case_choices == ("cut",)
    assert "The room chose" in texts(facilitator)


def test_evaluation_after_reload_says_already_submitted(tmp_path, monkeypatch):
    from itlead.settings import PROJECT_ROOT

    url = f"sqlite:///{tmp_path / 'eval.db'}"
    monkeypatch.setenv("ITLEAD_DATABASE_URL", url)
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(PROJECT_ROOT))
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", PASSCODE)
    _URL["url"] = url
    fac = goto(new_app(), "facilitate")
    fac.text_input[0].input(PASSCODE)
    fac.button[0].click().run()
    session = create(fac, bank="strategy-check")
    person = join(session.code, "Ana")
    token = person.query_params["p"][0] if isinstance(person.query_params["p"], list) else person.query_params["p"]
    press(fac, "End")
    person.run()
    for radio in person.radio:
        if (radio.key or "").startswith(f"evaluation_form_{session.id}:"):
            radio.set_value(4)
    next(b for b in person.button if b.label == "Send").click().run()
    assert "your evaluation is saved" in texts(person)
    reloaded = goto(new_app(p=token), "join")
    assert "Your evaluation is already submitted" in texts(reloaded)
    assert not [b for b in reloaded.button if b.label == "Send"]


def test_bank_picker_names_banks_and_keeps_tests_out(facilitator):
    bank = facilitator.selectbox[0]
    assert bank.options == ["Module 1 Risk selectivity in brief · module check: Check your understanding",
                            "Module 1 Risk selectivity in brief · practice: Your own administration"]
    facilitator.checkbox(key="live_tests_too").check().run()
    labels = facilitator.selectbox[0].options
    assert any("pre-test" in o for o in labels) and any("post-test" in o for o in labels)
    assert facilitator.selectbox[0].value == "sample-check"  # the default stays a check, never the post-test


def test_results_chart_keeps_letters_wraps_labels_and_has_no_menu(facilitator, env):
    import json

    session = create(facilitator, bank="sample-check")
    token = ProjectorLinks(make_engine(env["url"])).issue(session.id)
    press(facilitator, "Open")
    press(facilitator, "Reveal")
    screen = new_app("projection", screen=token)
    (chart,) = screen.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["usermeta"]["embedOptions"]["actions"] is False
    assert "split(datum.label" in json.dumps(spec["encoding"]["y"]["axis"])
    data = next(iter(spec["datasets"].values())) if spec.get("datasets") else None
    labels = [row["answer"] for row in data] if data else []
    if not labels:  # Streamlit sends the data as Arrow: read it from the element instead
        import pyarrow as pa

        labels = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().column("answer").to_pylist()
    assert [label[:3] for label in labels] == ["A. ", "B. ", "C. "]
    assert not any(label.endswith("…") for label in labels)
