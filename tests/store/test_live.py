"""Live sessions and the facilitator gate, on SQLite and on PostgreSQL."""
import pytest

from itlead.store import Store, make_engine
from itlead.store import schema as t
from itlead.store.db import now
from itlead.store.migrations import LATEST, MIGRATIONS, _set_version, upgrade
from itlead.workshop.facilitator_auth import AuthError, Gate, hash_passcode, verify_passcode
from itlead.workshop.live import Live, LiveAnswer, LiveError, distribution, majority, normalise_join_code


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    Store(engine).migrate()
    return engine


@pytest.fixture
def live(engine):
    return Live(engine)


def test_state_machine_and_versions(live):
    s = live.create("Day 1", ["q1", "q2"])
    assert (s.state, s.position, s.version) == ("lobby", 0, 0) and len(s.code) == 6
    assert live.by_code(s.code.lower()) == s
    with pytest.raises(LiveError, match="cannot lock a session that is lobby"):
        live.act(s.id, "lock")
    s = live.act(s.id, "open")
    assert (s.state, s.version) == ("open", 1) and s.item_started_at is not None
    with pytest.raises(LiveError, match="reveal the results before moving on"):
        live.act(s.id, "next")
    s = live.act(s.id, "lock")
    s = live.act(s.id, "reveal")
    s = live.act(s.id, "next")
    assert (s.state, s.position) == ("open", 1)
    s = live.act(s.id, "reveal")  # reveal locks implicitly
    s = live.act(s.id, "next")  # after the last item the session ends
    assert s.state == "ended"
    assert live.sessions() == [] and len(live.sessions(include_ended=True)) == 1


def test_one_answer_per_participant_and_item_changeable_until_locked(live):
    s = live.act(live.create("W", ["q1", "q2"]).id, "open")
    ana, token = live.join(s.id, "  Ana  ", team="Table 1")
    assert ana.nickname == "Ana" and live.participant(token) == ana
    with pytest.raises(LiveError, match="taken"):
        live.join(s.id, "Ana")
    ben, _ = live.join(s.id, "Ben")
    live.submit(ana, 0, "q1", "a", 0.0)
    live.submit(ana, 0, "q1", "b", 1.0)  # a change replaces the answer
    live.submit(ben, 0, "q1", "b", 1.0)
    with pytest.raises(LiveError, match="closed"):
        live.submit(ben, 1, "q2", "a")  # not the current item
    assert [(a.nickname, a.response) for a in live.answers(s.id, 0)] == [("Ana", "b"), ("Ben", "b")]
    snap = live.poll(s.id)
    assert (snap.state, snap.answered, snap.participants) == ("open", 2, 2)
    live.act(s.id, "lock")
    with pytest.raises(LiveError, match="closed"):
        live.submit(ana, 0, "q1", "a")
    assert live.my_answer(ana, 0).response == "b"
    assert live.scores(s.id) == [("Ana", 1.0), ("Ben", 1.0)]


def test_moderation_hides_an_answer(live):
    s = live.act(live.create("W", ["r1"]).id, "open")
    p, _ = live.join(s.id, "Ana")
    live.submit(p, 0, "r1", "<script>alert(1)</script> rude words")
    (answer,) = live.answers(s.id, 0)
    live.set_hidden(s.id, answer.id)
    assert live.answers(s.id, 0)[0].hidden


def test_stale_actions_are_refused(live, engine):
    s = live.create("W", ["q1"])
    other = Live(engine)  # another app process
    other.act(s.id, "open")
    with pytest.raises(LiveError, match="cannot open"):
        live.act(s.id, "open")


def test_join_code_rules():
    assert normalise_join_code("k7q-2mx") == "K7Q2MX"
    for bad in ("", "12345", "<b>hi</b>", "UUUUUU"):
        with pytest.raises(LiveError):
            normalise_join_code(bad)


def test_distribution_and_team_majority():
    def vote(pid, response, team=None):
        return LiveAnswer(pid, pid, f"p{pid}", team, response, None, False)

    assert distribution([vote(1, "a"), vote(2, ["a", "c"]), vote(3, True)], ["a", "b", "c", "true"]) == \
        {"a": 2, "b": 0, "c": 1, "true": 1}
    # three tables: T1 picks b (2-1), T2 picks a, T3 picks b -> b, although 'a' has more single votes
    votes = [vote(1, "b", "T1"), vote(2, "b", "T1"), vote(3, "a", "T1"), vote(4, "a", "T2"), vote(5, "a", "T2"),
             vote(6, "a", "T2"), vote(7, "b", "T3")]
    assert majority(votes, ["a", "b"]) == "b"
    assert majority([vote(1, "b"), vote(2, "a")], ["a", "b"]) == "a"  # a tie goes to the earlier option
    assert majority([], ["a"]) is None


def test_passcode_hashing():
    stored = hash_passcode("correct horse")
    assert "correct horse" not in stored and stored.startswith("scrypt$")
    assert verify_passcode("correct horse", stored) and not verify_passcode("wrong", stored)
    assert hash_passcode("same") != hash_passcode("same")  # salted


def test_gate_first_run_setup_and_rate_limit(engine):
    gate = Gate(engine)
    assert gate.needs_setup()
    with pytest.raises(AuthError, match="at least 8"):
        gate.set_passcode("short", "short", client="loopback", local=True)
    gate.set_passcode("workshop-2026", "workshop-2026", client="loopback", local=True)
    assert not gate.needs_setup()
    with engine.connect() as conn:
        assert "workshop-2026" not in str(conn.execute(t.facilitator_auth.select()).all())
    gate.enter("workshop-2026", "10.0.0.1")
    for _ in range(5):
        with pytest.raises(AuthError, match="Wrong passcode"):
            gate.enter("guess", "10.0.0.1")
    with pytest.raises(AuthError, match="Too many attempts"):
        gate.enter("workshop-2026", "10.0.0.1")  # this client waits, even with the right code
    gate.enter("workshop-2026", "10.0.0.2")  # another client does not


def test_configured_passcode_needs_no_setup(engine):
    gate = Gate(engine, configured="from-the-environment")
    assert not gate.needs_setup()
    gate.enter("from-the-environment", "c")
    with pytest.raises(AuthError):
        gate.enter("nope", "c")


def test_upgrade_from_version_1_keeps_learner_data(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:  # a database written by the previous release
        MIGRATIONS[0][1](conn)
        _set_version(conn, 1)
    store = Store(engine)
    learner, code = store.create_learner("Ana")
    attempt = store.start_attempt(learner.id, "b", "check", "immediate", ["q1"], seed=3)
    with engine.begin() as conn:  # a try as the previous release wrote it
        conn.execute(t.responses.insert().values(attempt_id=attempt.id, question_id="q1", try_no=1, response="a",
                                                 state="correct", finished=True, fraction=1.0, created_at=now()))
    assert upgrade(engine) == LATEST
    assert store.learner_by_code(code) == learner
    assert store.responses(attempt.id)[0].response == "a"
    assert Live(engine).create("After upgrade", ["q1"]).state == "lobby"
