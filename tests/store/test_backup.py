"""Backup and restore move everything, losslessly, between SQLite and PostgreSQL."""
import io
import json

import pytest

from itlead.cli import main
from itlead.interop.xapi_outbox import Outbox
from itlead.store import Store, make_engine
from itlead.store.backup import BackupError, backup, restore
from itlead.store.migrations import LATEST
from itlead.workshop.facilitator_auth import Gate
from itlead.workshop.live import Live

from .. import postgres


def populate(engine):
    store = Store(engine)
    store.migrate()
    ana, code = store.create_learner("Ana Pérez", "fr")
    store.update_learner(ana.id, state={"module": "risk", "lessons": {"risk": 2}})
    attempt = store.start_attempt(ana.id, "risk-check", "check", "interactive", ["q1", "q2"], seed=42, module_id="risk")
    store.record_response(attempt.id, "q1", 1, {"a": "b"}, state="partial", finished=False, fraction=0.5)
    store.record_response(attempt.id, "q1", 2, ["x", "y"], state="correct", finished=True, fraction=1.0, mark=0.5)
    store.finish_attempt(attempt.id, 0.5, 2.0)
    store.mark_lesson_seen(ana.id, "risk", "iso31000")
    store.save_case_run(ana.id, "risk-case", ["a", "b"], "end", 4, ending_id="end", fraction=0.8)
    store.upsert_plan_item(ana.id, "Fund the risk engine — « vite »", question_id="risk.r1")
    Gate(engine).set_passcode("a-long-passcode", "a-long-passcode", client="loopback", local=True)
    live = Live(engine)
    session = live.act(live.create("Atelier", ["q1"], timer_seconds=60, locale="es").id, "open")
    person, _ = live.join(session.id, "José", team="Mesa 1")
    live.submit(person, 0, "q1", "a", 1.0)
    live.save_evaluation(session.id, "participant 1", "workshop-evaluation", {"eval.pace": 4, "eval.improve": "Más"})
    Outbox(engine).enqueue([{"id": "5a0e2c1b-1111-5111-8111-111111111111", "verb": {"id": "x"}}])
    return code


def dump(engine) -> list[dict]:
    out = io.StringIO()
    backup(engine, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
    for record in rows:  # SQLite keeps times without a zone; PostgreSQL adds +00:00
        record["row"] = {k: v.replace("+00:00", "") if isinstance(v, str) and v[:2] == "20" and "T" in v else v
                         for k, v in record["row"].items()}
    return rows


@pytest.mark.parametrize("direction", ["sqlite->postgresql", "postgresql->sqlite"])
def test_round_trip_between_backends(direction, tmp_path, postgres_server):
    sqlite_url, pg_url = f"sqlite:///{tmp_path / 'a.db'}", postgres.create_database(postgres_server)
    source_url, target_url = (sqlite_url, pg_url) if direction.startswith("sqlite") else (pg_url, sqlite_url)
    source, target = make_engine(source_url), make_engine(target_url)
    code = populate(source)
    file = tmp_path / "backup.jsonl"
    assert main(["backup", "--out", str(file), "--database", source_url]) == 0
    assert main(["restore", str(file), "--database", target_url, "--with-passcode"]) == 0
    assert dump(target) == dump(source)
    assert len(dump(source)) == 14  # every table holds rows
    store = Store(target)
    ana = store.learner_by_code(code)  # the resume code still works
    assert ana.display_name == "Ana Pérez" and ana.state["lessons"] == {"risk": 2}
    newcomer, _ = store.create_learner("Ben")  # ids continue after the restored ones
    assert newcomer.id > ana.id
    Gate(target).enter("a-long-passcode", "client")
    assert Live(target).answers(1, 0)[0].response == "a"


def test_restore_refuses_bad_input(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(BackupError, match="not an itlead backup"):
        restore(engine, io.StringIO("hello\n"))
    populate(engine)
    good = io.StringIO()
    backup(engine, good)
    with pytest.raises(BackupError, match="already holds data"):
        restore(engine, io.StringIO(good.getvalue()))
    empty = make_engine(f"sqlite:///{tmp_path / 'y.db'}")
    broken = good.getvalue().splitlines()[0] + "\n{\"table\": \"nope\", \"row\": {}}\n"
    with pytest.raises(BackupError, match="line 2"):
        restore(empty, io.StringIO(broken))
    assert main(["restore", str(tmp_path / "missing.jsonl"), "--database", f"sqlite:///{tmp_path / 'z.db'}"]) == 2


def _lines(engine) -> list[str]:
    out = io.StringIO()
    backup(engine, out)
    return out.getvalue().splitlines()


HOSTILE = {
    "a row without its 'row' key": lambda h, rows: [h, json.dumps({"table": "learners"})],
    "a bad date": lambda h, rows: [h] + [r.replace('"created_at": "', '"created_at": "yesterday') for r in rows],
    "a list as a row": lambda h, rows: [h, json.dumps({"table": "learners", "row": [1, 2, 3]})],
    "a string schema_version": lambda h, rows: [h.replace(f'"schema_version": {LATEST}', f'"schema_version": "{LATEST}"'), *rows],
    "a foreign-key violation": lambda h, rows: [h, *[r.replace('"learner_id": 1', '"learner_id": 999') for r in rows]],
    "a list as the header": lambda h, rows: ["[1, 2]", *rows],
    "a wrong type": lambda h, rows: [h, *[r.replace('"display_name": "Ana P', '"display_name": 5, "x": "') for r in rows]],
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_backups_are_refused_in_one_line_and_write_nothing(attack, tmp_path, capsys):
    """Finding 9: the probe's restores tracebacked (missing row, bad date, list row, string version, foreign key)."""
    source = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    populate(source)
    header, *rows = _lines(source)
    file = tmp_path / "hostile.jsonl"
    file.write_text("\n".join(HOSTILE[attack](header, rows)) + "\n")
    target_url = f"sqlite:///{tmp_path / 'b.db'}"
    assert main(["restore", str(file), "--database", target_url]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    target = make_engine(target_url)
    Store(target).migrate()
    assert dump(target) == []  # nothing was written


def test_a_backup_cannot_plant_a_passcode_unless_asked(tmp_path):
    source = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    populate(source)
    target = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    counts = restore(target, io.StringIO("\n".join(_lines(source)) + "\n"))
    assert counts["facilitator_auth"] == 0 and Gate(target).needs_setup()
    assert counts["learners"] == 1
