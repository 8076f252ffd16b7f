"""Finding 5: "Delete my data" removes every row about the learner, the xAPI outbox included, and ids are never
reused, so a later learner's statement cannot collide with a deleted one's (SQLite and PostgreSQL)."""
import sqlite3

import pytest
from sqlalchemy import func, select

from itlead.interop.xapi import actor
from itlead.interop.xapi_outbox import Outbox
from itlead.store import Store, make_engine
from itlead.store import schema as t
from itlead.store.learners import LEARNER_TABLES

NOT_ABOUT_A_LEARNER = {
    "itlead_meta": "the schema version",
    "facilitator_auth": "the facilitator's passcode hash",
    "auth_failures": "failed passcodes and join codes by client address (legacy, no longer written)",
    "throttles": "counters by client address, not by learner",
    "projector_links": "links to a workshop's projection screen",
    "live_sessions": "workshops; participants are nicknames, not learners",
    "participants": "nicknames in a workshop, never linked to a learner",
    "live_answers": "participants' answers",
    "evaluations": "anonymous workshop evaluations",
}


@pytest.fixture
def store(db_url) -> Store:
    store = Store(make_engine(db_url))
    store.migrate()
    return store


def _fill(store: Store, name: str):
    learner, _code = store.create_learner(name)
    attempt = store.start_attempt(learner.id, "risk-check", "check", "immediate", ["q1"], seed=1)
    store.record_response(attempt.id, "q1", 1, "a", state="correct", finished=True, fraction=1.0, mark=1.0)
    store.save_draft(attempt.id, "q2", "b")  # an answer given but not yet checked
    store.finish_attempt(attempt.id, 1.0, 1.0)
    store.mark_lesson_seen(learner.id, "risk", "l1")
    store.save_case_run(learner.id, "case", ["a"], "end", 1, ending_id="end", fraction=1.0)
    store.upsert_plan_item(learner.id, "Do it")
    statement = {"id": f"00000000-0000-5000-8000-{learner.id:012d}", "actor": actor("http://x", learner.id),
                 "verb": {"id": "answered"}}
    assert Outbox(store.engine).enqueue([statement]) == 1
    return learner, attempt


def _rows_about(store: Store, learner_id: int, attempt_id: int) -> dict[str, int]:
    counts = {}
    with store.engine.connect() as conn:
        for name in LEARNER_TABLES:
            table = t.metadata.tables[name]
            per_attempt = name in ("responses", "drafts")
            column = table.c.get("id") if name == "learners" else table.c.get(
                "attempt_id" if per_attempt else "learner_id")
            key = attempt_id if per_attempt else learner_id
            counts[name] = conn.execute(select(func.count()).select_from(table).where(column == key)).scalar()
    return counts


def test_every_table_is_either_deleted_with_the_learner_or_not_about_one():
    """A new table fails here until it is added to LEARNER_TABLES (and so to deletion) or declared unrelated."""
    assert set(t.metadata.tables) == set(LEARNER_TABLES) | set(NOT_ABOUT_A_LEARNER)
    assert not set(LEARNER_TABLES) & set(NOT_ABOUT_A_LEARNER)


def test_delete_my_data_removes_every_row_and_the_outbox(store):
    ana, attempt = _fill(store, "Ana")
    bob, bob_attempt = _fill(store, "Bob")
    assert all(_rows_about(store, ana.id, attempt.id).values())
    store.delete_learner(ana.id)
    assert _rows_about(store, ana.id, attempt.id) == {name: 0 for name in LEARNER_TABLES}
    assert all(_rows_about(store, bob.id, bob_attempt.id).values())  # nobody else's
    assert Outbox(store.engine).repo.pending() == 1


def test_ids_are_never_reused_so_the_next_statement_is_queued(store):
    ana, attempt = _fill(store, "Ana")
    store.delete_learner(ana.id)
    carl, carl_attempt = _fill(store, "Carl")  # _fill asserts the statement was queued ("queued 1 new")
    assert carl.id > ana.id and carl_attempt.id > attempt.id


def test_upgraded_sqlite_tables_use_autoincrement(tmp_path):
    path = tmp_path / "old.db"
    from tests.store.test_upgrade import FIXTURE
    with sqlite3.connect(path) as con:
        con.executescript(FIXTURE.read_text())
    store = Store(make_engine(f"sqlite:///{path}"))
    store.migrate()
    with sqlite3.connect(path) as con:
        sql = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall())
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in t.ID_TABLES:
        assert "AUTOINCREMENT" in sql[table.name], table.name
    assert not any(name.endswith("__v6") for name in sql)
