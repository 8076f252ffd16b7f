"""Findings 1, 3 and 4 reproduced with real threads against SQLite and PostgreSQL: the first-run passcode is set
once, throttles cannot be raced or turned into lockouts, and successful actions are limited."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from itlead.store import Store, make_engine
from itlead.store import schema as t
from itlead.workshop import facilitator_auth
from itlead.workshop.facilitator_auth import AuthError, Gate, Quota, Throttle
from itlead.workshop.live import Live, LiveError, admit, majority

RIGHT = "workshop-2026"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    Store(engine).migrate()
    return engine


def together(n: int, fn):
    """Run fn(i) in n threads released at the same moment; returns each result or exception."""
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            return fn(i)
        except Exception as exc:  # noqa: BLE001 - the test looks at which ones were refused
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_first_run_setup_sets_exactly_one_passcode(engine):
    gate = Gate(engine)
    results = together(8, lambda i: gate.set_passcode(f"passcode-{i}", f"passcode-{i}", client="loopback", local=True))
    assert sum(r is None for r in results) == 1
    assert all(isinstance(r, AuthError) for r in results if r is not None)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.facilitator_auth)).scalar() == 1


def test_first_run_setup_needs_the_loopback_or_the_console_token(engine):
    gate = Gate(engine, setup_token="printed-on-the-console")
    for token in ("", "guess", "printed-on-the-consol"):
        with pytest.raises(AuthError, match="setup token"):
            gate.set_passcode(RIGHT, RIGHT, client="10.0.0.66", local=False, token=token)
    assert gate.needs_setup()  # a learner on the Wi-Fi did not become facilitator
    gate.set_passcode(RIGHT, RIGHT, client="10.0.0.5", local=False, token="printed-on-the-console")
    assert not gate.needs_setup()
    with pytest.raises(AuthError, match="already set"):
        Gate(engine).set_passcode("another-one", "another-one", client="loopback", local=True)
    Gate(engine).enter(RIGHT, "10.0.0.7")


def test_simultaneous_wrong_passcodes_from_one_client_are_not_all_checked(engine):
    gate = Gate(engine, configured=RIGHT)
    results = together(20, lambda i: gate.enter(f"guess-{i}", "10.0.0.9"))
    checked = [r for r in results if isinstance(r, AuthError) and "Wrong passcode" in str(r)]
    waited = [r for r in results if isinstance(r, AuthError) and "Too many attempts" in str(r)]
    assert len(checked) == 5 and len(waited) == 15  # the probe saw all 20 checked against a limit of 5
    with pytest.raises(AuthError, match="Too many attempts"):
        gate.enter(RIGHT, "10.0.0.9")
    gate.enter(RIGHT, "10.0.0.10")  # other clients are not affected


def test_backoff_grows_exponentially():
    policy = facilitator_auth.Backoff(free=5)
    from itlead.store.db import now
    stamp = now()
    assert policy.wait(4, stamp, stamp, stamp) == 0
    waits = [policy.wait(n, stamp, stamp, stamp) for n in range(5, 12)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600]
    assert policy.wait(6, stamp, stamp, stamp + timedelta(seconds=200)) == 0  # waited long enough


def test_global_breaker_still_admits_the_loopback_and_never_locks_a_session(engine, monkeypatch):
    monkeypatch.setitem(facilitator_auth.POLICIES, "passcode-all", Quota(allowed=12, window=timedelta(minutes=10)))
    gate = Gate(engine, configured=RIGHT)
    for i in range(12):  # 12 failures from 12 addresses trip the breaker
        with pytest.raises(AuthError, match="Wrong passcode"):
            gate.enter("guess", f"10.1.0.{i}")
    with pytest.raises(AuthError, match="closed for a few minutes"):
        gate.enter(RIGHT, "10.2.0.1")
    gate.enter(RIGHT, "loopback", local=True)  # the facilitator at the server still gets in


def test_join_failures_never_lock_out_holders_of_the_right_code(engine):
    live, throttle = Live(engine), Throttle(engine)
    session = live.act(live.create("Room", ["q1"]).id, "open")

    def guess(i):
        return admit(live, throttle, "ZZZZZZ", "Eve", None, None, client=f"10.3.0.{i % 50}", browser=f"b{i}",
                     trusted=False)

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda i: _refusal(guess, i), range(1500)))
    assert outcomes.count("no workshop") == 50 * 20  # each address has its 20 tries, no more
    assert outcomes.count("wait") == 500  # then backs off
    for i in range(3):
        person, _token = admit(live, throttle, session.code, f"Honest {i}", None, None, client=f"10.4.0.{i}",
                               browser=f"h{i}", trusted=False)
        assert person.session_id == session.id


def _refusal(fn, i):
    try:
        fn(i)
    except (AuthError, LiveError) as exc:
        return "no workshop" if "No open workshop" in str(exc) else "wait"
    return "joined"


def test_one_browser_is_one_participant(engine):
    live, throttle = Live(engine), Throttle(engine)
    session = live.act(live.create("Room", ["q1"]).id, "open")
    results = together(25, lambda i: admit(live, throttle, session.code, f"Bot {i}", None, None,
                                           client="10.5.0.1", browser="10.5.0.1|cookie", trusted=False))
    ids = {r[0].id for r in results if isinstance(r, tuple)}
    assert len(ids) == 1  # the probe got 500 participants from one browser
    for i in range(100):  # sequential rejoins return the same participant too
        again, token = admit(live, throttle, session.code, f"Bot x{i}", None, None, client="10.5.0.1",
                             browser="10.5.0.1|cookie", trusted=False)
        assert again.id in ids and live.participant(token) == again
    assert len(live.participants(session.id)) == 1


def test_a_device_holds_few_participants_and_its_votes_count_once(engine):
    live, throttle = Live(engine), Throttle(engine)
    session = live.act(live.create("Room", ["d1"], kind="case", case_id="c").id, "open")
    results = together(10, lambda i: admit(live, throttle, session.code, f"Sock {i}", "T", None,
                                           client="10.6.0.1", browser=f"cookie-{i}", trusted=False))
    socks = [r[0] for r in results if isinstance(r, tuple)]
    assert len(socks) == 3 and all(isinstance(r, LiveError) for r in results if not isinstance(r, tuple))
    honest = [admit(live, throttle, session.code, f"Honest {i}", "T", None, client=f"10.6.1.{i}",
                    browser=f"h{i}", trusted=False)[0] for i in range(2)]
    for person in socks:
        live.submit(person, 0, "d1", "b")
    for person in honest:
        live.submit(person, 0, "d1", "a")
    assert majority(live.answers(session.id, 0), ["a", "b"]) == "a"  # 2 devices beat 1 device with 3 votes


def test_learners_created_per_client_are_capped(engine):
    throttle = Throttle(engine)
    results = together(30, lambda i: throttle.attempt("learner", "10.7.0.1"))
    assert sum(r is None for r in results) == 20
    throttle.attempt("learner", "10.7.0.2")


def test_nicknames_cannot_impersonate_in_a_session(engine):
    """Finding 8: "Alice" and "Ali\u200bce" were both accepted; so were invisible and RTL-override names."""
    live = Live(engine)
    session = live.create("Room", ["q1"])
    alice, _token = live.join(session.id, "Alice")
    for twin in ("Ali\u200bce", "ALICE", "alice ", "\u202aAlice\u202c", "\uff21lice"):
        with pytest.raises(LiveError, match="taken"):
            live.join(session.id, twin)
    for hidden in ("\u200b\u200d", "\u202e\u2066", "\u3164"):
        with pytest.raises(LiveError):
            live.join(session.id, hidden)
    assert [p.nickname for p in live.participants(session.id)] == ["Alice"]
    other = live.create("Other room", ["q1"])
    assert live.join(other.id, "alice")[0].nickname == "alice"  # unique per session only


def test_resume_codes_from_an_earlier_release_are_rekeyed_at_sign_in(engine):
    """Finding 10: codes were unsalted SHA-256; an old row is re-keyed with the installation's secret."""
    from sqlalchemy import update

    from itlead.store.identity import code_hash
    store = Store(engine)
    learner, code = store.create_learner("Old")
    with engine.begin() as conn:
        conn.execute(update(t.learners).values(code_hash=code_hash(code, None)))
    assert store.learner_by_code(code) == learner
    with engine.connect() as conn:
        stored = conn.execute(select(t.learners.c.code_hash)).scalar()
    assert stored == code_hash(code, store._key()) != code_hash(code, None)
    assert Store(engine, secret=b"another installation").learner_by_code(code) is None  # the key matters
