"""PostgreSQL stops in the middle of a live session: pages say so plainly, answers sent meanwhile are refused
with a message (never silently dropped), and work resumes when the database is back."""
import shutil
import tempfile
from pathlib import Path

import pytest

from itlead.store import Store, make_engine
from itlead.workshop.live import Live

from .. import postgres
from .conftest import goto, new_app, texts

DOWN = "Storage is unavailable"


@pytest.fixture
def own_postgres():
    root = Path(tempfile.mkdtemp(prefix="itlead-pg-down-"))
    try:
        server = postgres.Server(root)
    except Exception as exc:  # noqa: BLE001 - reported as unavailable, a failure in CI
        shutil.rmtree(root, ignore_errors=True)
        postgres.unavailable(str(exc))
    yield server
    try:
        server.stop("immediate")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_outage_is_reported_and_answers_refused_until_the_database_returns(own_postgres, monkeypatch,
                                                                          fixture_course):
    url = postgres.create_database(own_postgres.url())
    monkeypatch.setenv("ITLEAD_DATABASE_URL", url)
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    engine = make_engine(url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.act(live.create("Outage", ["sample.q-single"]).id, "open")
    person = goto(new_app(join=session.code), "join")
    person.text_input[1].input("Ana")
    next(b for b in person.button if b.label == "Join").click().run()
    assert "Joined as Ana" in texts(person)

    own_postgres.stop("immediate")  # the database goes down mid-session
    person.run()
    assert not person.exception and DOWN in texts(person)
    with pytest.raises(Exception):
        live.poll(session.id)

    own_postgres.start()  # it comes back: the next refresh works again
    person.run()
    assert not person.exception and DOWN not in texts(person)
    person.radio(key=f"live:{session.id}:0@en").set_value("high")
    own_postgres.stop("immediate")
    next(b for b in person.button if b.label == "Send my answer").click().run()
    assert not person.exception and DOWN in texts(person)  # refused, and it says so
    own_postgres.start()
    assert Live(make_engine(url)).answers(session.id, 0) == []  # nothing half-saved
    person.run()
    person.radio(key=f"live:{session.id}:0@en").set_value("high")
    next(b for b in person.button if b.label == "Send my answer").click().run()
    assert "Your answer is saved." in texts(person)
    assert [a.response for a in Live(make_engine(url)).answers(session.id, 0)] == ["high"]
