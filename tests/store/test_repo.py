"""The store, on SQLite and on a real PostgreSQL server."""
import pytest
from sqlalchemy import create_engine, func, select, text

from itlead.store import StorageUnavailable, Store, make_engine
from itlead.store import schema as t
from itlead.store.identity import code_hash
from itlead.store.migrations import LATEST, SchemaTooNew, current_version


@pytest.fixture
def store(db_url) -> Store:
    s = Store(make_engine(db_url))
    assert s.migrate() == LATEST
    return s


def test_migrate_is_idempotent_and_keeps_data(store, db_url):
    learner, code = store.create_learner("Ana")
    again = Store(make_engine(db_url))
    assert again.migrate() == LATEST
    assert again.learner_by_code(code) == learner


def test_newer_schema_is_refused(store):
    with store.engine.begin() as conn:
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(SchemaTooNew, match="version 99"):
        store.migrate()


def test_resume_code_is_stored_only_as_a_hash(store):
    learner, code = store.create_learner("Ana", "fr")
    with store.engine.connect() as conn:
        row = conn.execute(select(t.learners)).one()
    assert row.code_hash == code_hash(code, store._key()) and code.replace("-", "") not in str(tuple(row))
    # finding 10: keyed with the installation's secret, so the database alone cannot be brute-forced offline
    assert row.code_hash != code_hash(code, None)
    assert store.learner_by_code(code.lower().replace("-", " ")) == learner
    assert store.learner_by_code("00000-00000") is None
    assert learner.locale == "fr"


def test_learner_state_survives(store):
    learner, code = store.create_learner("Ana")
    store.update_learner(learner.id, state={"module": "risk", "lessons": {"risk": 3}}, locale="es")
    back = store.learner_by_code(code)
    assert back.state == {"module": "risk", "lessons": {"risk": 3}} and back.locale == "es"


def test_answers_are_committed_and_visible_to_another_connection(store, db_url):
    learner, _ = store.create_learner("Ana")
    attempt = store.start_attempt(learner.id, "risk-check", "check", "interactive", ["q1", "q2"], seed=7,
                                  module_id="risk")
    assert store.record_response(attempt.id, "q1", 1, ["b", "a"], state="incorrect", finished=False, fraction=0.0)
    other = create_engine(db_url)  # a different process would see the same
    with other.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.responses)).scalar() == 1
    other.dispose()
    # the same try twice (a rerun) is stored once
    assert not store.record_response(attempt.id, "q1", 1, ["b", "a"], state="incorrect", finished=False)
    store.record_response(attempt.id, "q1", 2, ["a", "b"], state="correct", finished=True, fraction=1.0, mark=0.5)
    rows = store.responses(attempt.id)
    assert [(r.try_no, r.response, r.mark) for r in rows] == [(1, ["b", "a"], None), (2, ["a", "b"], 0.5)]


def test_finish_attempt_once(store):
    learner, _ = store.create_learner("Ana")
    attempt = store.start_attempt(learner.id, "b", "check", "immediate", ["q1"], seed=1)
    assert store.attempts(learner.id, finished=False) == [attempt]
    store.finish_attempt(attempt.id, 3.0, 4.0)
    store.finish_attempt(attempt.id, 0.0, 4.0)  # a second finish changes nothing
    (done,) = store.attempts(learner.id, finished=True)
    assert (done.marks, done.max_marks, done.percent) == (3.0, 4.0, 75.0)
    assert store.attempts(learner.id, purpose="practice") == []


def test_lessons_cases_and_plan(store):
    learner, _ = store.create_learner("Ana")
    store.mark_lesson_seen(learner.id, "risk", "iso31000")
    store.mark_lesson_seen(learner.id, "risk", "iso31000")
    assert store.lessons_seen(learner.id) == {("risk", "iso31000")}
    run_id = store.save_case_run(learner.id, "risk-case", [], "intro", 0)
    store.save_case_run(learner.id, "risk-case", ["a", "b"], "end-good", 5, run_id=run_id, ending_id="end-good",
                        fraction=1.0)
    (run,) = store.case_runs(learner.id)
    assert (run.choices, run.ending_id, run.finished_at is not None) == (("a", "b"), "end-good", True)
    first = store.upsert_plan_item(learner.id, "Fund the risk engine", question_id="risk.r1")
    assert store.upsert_plan_item(learner.id, "Fund and pilot the risk engine", question_id="risk.r1") == first
    store.upsert_plan_item(learner.id, "My own idea")
    assert [(i.question_id, i.text) for i in store.plan_items(learner.id)] == [
        ("risk.r1", "Fund and pilot the risk engine"), (None, "My own idea")]


def test_a_learner_cannot_touch_another_learners_items(store):
    ana, _ = store.create_learner("Ana")
    ben, _ = store.create_learner("Ben")
    item = store.upsert_plan_item(ana.id, "Ana's plan")
    store.upsert_plan_item(ben.id, "hijacked", item_id=item)
    store.delete_plan_item(ben.id, item)
    assert [i.text for i in store.plan_items(ana.id)] == ["Ana's plan"]
    assert store.plan_items(ben.id) == []


def test_delete_learner_erases_everything_and_only_theirs(store):
    ana, ana_code = store.create_learner("Ana")
    ben, ben_code = store.create_learner("Ben")
    for who in (ana, ben):
        attempt = store.start_attempt(who.id, "b", "check", "immediate", ["q1"], seed=1)
        store.record_response(attempt.id, "q1", 1, "x", state="correct", finished=True)
        store.mark_lesson_seen(who.id, "m", "l")
        store.save_case_run(who.id, "c", [], "n", 0)
        store.upsert_plan_item(who.id, "plan", question_id="r")
    store.delete_learner(ana.id)
    assert store.learner_by_code(ana_code) is None
    with store.engine.connect() as conn:
        for table in (t.attempts, t.lesson_views, t.case_runs, t.plan_items):
            left = conn.execute(select(func.count()).select_from(table).where(table.c.learner_id == ana.id)).scalar()
            assert left == 0, table.name
        assert conn.execute(select(func.count()).select_from(t.responses)).scalar() == 1
    assert store.learner_by_code(ben_code) == ben


def test_unreachable_database_is_a_clear_error():
    store = Store(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    with pytest.raises(StorageUnavailable, match="storage is unavailable"):
        store.migrate()
    with pytest.raises(StorageUnavailable, match="cannot create the data folder"):
        make_engine("sqlite:////proc/no/such/dir/x.db")


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert current_version(conn) == 0
