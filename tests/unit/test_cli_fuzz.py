"""Finding 9: `import gift` and `restore` on hostile input end with one line on stderr and exit 2 (or succeed),
never with a traceback. Random text, and mutations of valid files."""
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itlead.cli import main
from itlead.store import Store, make_engine
from itlead.store.backup import backup

GIFT_ATOMS = ["::q1::", "::", "{", "}", "=", "~", "#", "####", "->", "%50%", "%-20%", ":", "..", "T", "F", "TRUE",
              "\\{", "\\}", "\\\\", "\n", "\n\n", " ", "Stem", "abc", "1", "1.5", "-", "// itlead: ", "[1,2,3]",
              '{"id": 5}', '{"type": "numeric"}', '{"pairs": 3}', "$CATEGORY: x", "[markdown]", "[html]", "é"]
VALID_GIFT = "::q1:: Is it? {T#no#yes}\n\n::q2:: Pick {=a#right ~b#wrong}\n\n::q3:: How many? {#3:1}\n"


def _run(argv, capsys) -> None:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    assert code in (0, 2), (code, captured.err)
    if code == 2:
        assert len(captured.err.strip().splitlines()) == 1, captured.err


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(GIFT_ATOMS), max_size=30).map("".join) | st.text(max_size=200))
def test_import_gift_never_tracebacks(text, workdir, capsys):
    source, out = workdir / "in.gift", workdir / "out.yaml"
    source.write_text(text, encoding="utf-8")
    _run(["import", "gift", str(source), "--bank", "fuzz", "--objective", "o", "--out", str(out)], capsys)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(0, len(VALID_GIFT) - 1), atom=st.sampled_from(GIFT_ATOMS))
def test_import_gift_mutations_never_traceback(at, atom, workdir, capsys):
    source, out = workdir / "in.gift", workdir / "out.yaml"
    source.write_text(VALID_GIFT[:at] + atom + VALID_GIFT[at:], encoding="utf-8")
    _run(["import", "gift", str(source), "--bank", "fuzz", "--objective", "o", "--out", str(out)], capsys)


@pytest.fixture(scope="module")
def valid_backup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backup")
    store = Store(make_engine(f"sqlite:///{folder / 'src.db'}"))
    store.migrate()
    learner, _code = store.create_learner("Ana")
    attempt = store.start_attempt(learner.id, "b", "check", "immediate", ["q1"], seed=1)
    store.record_response(attempt.id, "q1", 1, "a", state="correct", finished=True, fraction=1.0, mark=1.0)
    store.upsert_plan_item(learner.id, "Act")
    out = io.StringIO()
    backup(store.engine, out)
    return out.getvalue().splitlines()


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                   st.text(max_size=20), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                                           st.integers(), max_size=2))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_restore_mutations_never_traceback(valid_backup, tmp_path_factory, capsys, data):
    lines = [json.loads(line) for line in valid_backup]
    victim = data.draw(st.integers(0, len(lines) - 1))
    record = lines[victim]
    mutation = data.draw(st.sampled_from(["drop_key", "set_value", "replace_record", "new_column"]))
    target = record.get("row", record) if victim else record
    if mutation == "drop_key" and target:
        target.pop(data.draw(st.sampled_from(sorted(target))))
    elif mutation == "set_value" and target:
        target[data.draw(st.sampled_from(sorted(target)))] = data.draw(VALUES)
    elif mutation == "replace_record":
        lines[victim] = data.draw(VALUES)
    else:
        target[data.draw(st.text(max_size=8))] = data.draw(VALUES)
    folder = tmp_path_factory.mktemp("restore")
    file = folder / "mutated.jsonl"
    file.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    _run(["restore", str(file), "--database", f"sqlite:///{folder / 'target.db'}"], capsys)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300))
def test_restore_random_files_never_traceback(content, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("restore-random")
    file = folder / "random.jsonl"
    file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    _run(["restore", str(file), "--database", f"sqlite:///{folder / 'target.db'}"], capsys)
