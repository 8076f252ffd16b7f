"""A live workshop in a real room: the join address, projector links, one option order, the room's decision,
the bank picker and evaluations accepted once."""
import pytest

from itlead.store import make_engine
from itlead.store.migrations import upgrade
from itlead.workshop.bank_picker import live_banks
from itlead.workshop.join_address import is_loopback, join_address
from itlead.workshop.live import Live, LiveAnswer, room_decision
from itlead.workshop.options import live_order
from itlead.workshop.projector_links import ProjectorLinks, sign, verify


def never(*_args):  # detection must not run when a better address is known
    raise AssertionError("detection was called")


@pytest.mark.parametrize("host, loop", [("localhost", True), ("127.0.0.1", True), ("[::1]", True),
                                        ("0.0.0.0", True), ("app.localhost", True), ("192.168.1.20", False),
                                        ("itlead.customs.example", False)])
def test_loopback_hosts(host, loop):
    assert is_loopback(host) is loop


def test_join_address_prefers_the_configured_url_then_the_browser_host_then_the_network():
    configured = join_address("http://192.0.2.10:8501/", "http://localhost:8501/facilitate", 8501, never)
    assert configured.base == "http://192.0.2.10:8501" and configured.reachable
    assert configured.join_url("K7Q2MX") == "http://192.0.2.10:8501/join?join=K7Q2MX"
    browser = join_address(None, "http://192.168.1.20:8501/facilitate?x=1", 8501, never)
    assert (browser.base, browser.source) == ("http://192.168.1.20:8501", "browser")
    lan = join_address(None, "http://localhost:8502/facilitate", 8501, lambda: "10.0.0.7")
    assert (lan.base, lan.source, lan.reachable) == ("http://10.0.0.7:8502", "network", True)


def test_only_loopback_known_is_flagged_unreachable():
    found = join_address(None, "http://127.0.0.1:8501/facilitate", 8501, lambda: None)
    assert found.source == "loopback" and not found.reachable and "127.0.0.1" in found.base
    assert not join_address(None, "", 8501, lambda: "127.0.1.1").reachable  # a loopback "detection" is refused


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'room.db'}")
    upgrade(engine)
    return engine


def test_projector_links_are_signed_scoped_and_revocable(engine):
    live, links = Live(engine), ProjectorLinks(engine)
    one, two = live.create("One", ["q1"]), live.create("Two", ["q1"])
    token = links.issue(one.id)
    assert links.session_for(token) == one.id and links.active(one.id) == [token]
    session_id, link_id, mac = token.split(".")
    assert links.session_for(f"{two.id}.{link_id}.{mac}") is None  # moved to another session
    assert links.session_for(f"{session_id}.{link_id}.{'A' * len(mac)}") is None  # forged
    assert links.session_for("garbage") is None
    assert verify(b"another installation", token) is None
    links.revoke(token)
    assert links.session_for(token) is None and links.active(one.id) == []
    assert links.session_for(links.issue(one.id)) == one.id  # a new link works again


def test_signing_is_deterministic_per_secret():
    assert sign(b"s", 1, 2) == sign(b"s", 1, 2) != sign(b"t", 1, 2)
    assert verify(b"s", sign(b"s", 1, 2)) == (1, 2)


def test_live_order_is_the_phones_order_with_letters(sample):
    from itlead.learning.attempts import display_order

    question = sample.questions["sample.q-multi"][1]
    for session_id in (1, 2, 3, 17):
        order = live_order(question, session_id)
        assert [k for k, _l in order] == display_order(question, seed=session_id)["options"]
        assert [letter for _k, letter in order] == ["A", "B", "C", "D"]
    assert len({tuple(k for k, _l in live_order(question, s)) for s in range(1, 30)}) > 1  # shuffled per session
    assert live_order(sample.questions["sample.q-tf"][1], 5) == [("true", "A"), ("false", "B")]


def test_lettered_options_carry_labels_in_that_order(sample):
    from itlead.ui.live_views import chart_label, lettered_options

    question = sample.questions["sample.q-single"][1]
    options = lettered_options(question, 4)
    texts = {o.id: o.text.get() for o in question.options}
    assert [(k, letter, texts[k]) for k, letter in live_order(question, 4)] == options
    wrapped = chart_label("C", "On a purely random sample that is far too long for one line of the chart", 20)
    assert wrapped.startswith("C. ") and "\n" in wrapped and "…" not in wrapped
    assert wrapped.replace("\n", " ") == "C. On a purely random sample that is far too long for one line of the chart"


def vote(pid, team, choice):
    return LiveAnswer(pid, pid, f"p{pid}", team, choice, None, False)


def test_room_decision_follows_the_votes_unless_overridden():
    order = ["one", "two", "three"]
    assert room_decision([], order) == "one"
    votes = [vote(1, "T1", "three"), vote(2, "T2", "three"), vote(3, "T2", "three"), vote(4, "T2", "one")]
    assert room_decision(votes, order) == "three"
    assert room_decision(votes, order, override="two") == "two"
    assert room_decision(votes, order, override="not-a-choice") == "three"


def test_live_bank_picker_hides_tests_and_surveys_unless_asked(sample):
    default = live_banks(sample)
    assert [c.bank_id for c in default] == ["sample-check", "sample-reflect"]  # check before practice
    assert all(c.module_number == 1 and c.module_id == "sample" for c in default)
    everything = [c.purpose for c in live_banks(sample, include_tests_and_surveys=True)]
    assert everything[:4] == ["check", "practice", "pretest", "posttest"]
    assert "self_assessment" not in everything


def test_an_evaluation_is_accepted_once(engine):
    live = Live(engine)
    session = live.create("One", ["q1"])
    person, _token = live.join(session.id, "Ana")
    assert not live.participant_evaluated(person, "workshop-evaluation")
    assert live.submit_participant_evaluation(person, "workshop-evaluation", {"eval.pace": 4, "eval.improve": "Keep"})
    assert live.participant_evaluated(person, "workshop-evaluation")
    assert not live.submit_participant_evaluation(person, "workshop-evaluation", {"eval.pace": 1})
    rows = live.evaluation_rows(session.id, "workshop-evaluation")
    assert sorted((r["item"], r["response"]) for r in rows) == [("eval.improve", "Keep"), ("eval.pace", 4)]
