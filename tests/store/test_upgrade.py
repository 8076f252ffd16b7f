"""A database written by schema version 1 (kept as SQL in tests/fixtures/schema_v1.sql, so later changes to the
models cannot alter it) is upgraded in place with no loss."""
import sqlite3
from pathlib import Path

from itlead.store import Store, make_engine
from itlead.store.migrations import LATEST, current_version
from itlead.workshop.live import Live

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.sql"


def test_version_1_database_upgrades_in_place(tmp_path):
    sql = FIXTURE.read_text()
    code = sql.splitlines()[1].split(": ")[1]
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as con:
        con.executescript(sql)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert current_version(conn) == 1
    store = Store(engine)
    assert store.migrate() == LATEST
    learner = store.learner_by_code(code)
    assert learner.display_name == "Legacy Learner" and learner.locale == "es"
    (attempt,) = store.attempts(learner.id, finished=True)
    assert (attempt.marks, attempt.max_marks) == (1.0, 1.0)
    assert store.responses(attempt.id)[0].response == ["a", "b"]
    assert [i.text for i in store.plan_items(learner.id)] == ["Keep me"]
    assert Live(engine).create("After the upgrade", ["q1"]).state == "lobby"  # the new tables work
    assert store.migrate() == LATEST  # and upgrading again changes nothing
