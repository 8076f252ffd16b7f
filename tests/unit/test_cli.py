"""python -m itlead validate | stats | schema."""
import json
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from itlead.cli import main


def test_validate_clean_exits_0(fixture_course, capsys):
    assert main(["validate", str(fixture_course)]) == 0
    assert "OK: 7 file(s)" in capsys.readouterr().err


def test_validate_lists_every_problem_and_exits_1(fixture_course, tmp_path, capsys):
    course = tmp_path / "c"
    shutil.copytree(fixture_course, course)
    (course / "quizzes" / "bad.yaml").write_text("id: bad\ntitle: [\n")
    (course / "case_studies" / "worse.yaml").write_text("id: worse\n")
    assert main(["validate", str(course)]) == 1
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert lines == [
        "case_studies/worse.yaml:1:1: nodes: is required",
        "case_studies/worse.yaml:1:1: start: is required",
        "case_studies/worse.yaml:1:1: summary: is required",
        "case_studies/worse.yaml:1:1: title: is required",
        "quizzes/bad.yaml:3:1: YAML syntax: did not find expected node content (while parsing a flow node)",
    ]
    assert "5 problem(s)" in out.err


def test_validate_single_files(fixture_course, capsys):
    files = [str(fixture_course / "modules" / "sample.yaml"), str(fixture_course / "quizzes" / "sample-check.yaml")]
    assert main(["validate", *files]) == 1  # the module links a reflect bank and case that were not given
    out = capsys.readouterr().out
    assert "unknown bank 'sample-reflect'" in out and "unknown case 'sample-case'" in out


def test_stats_json_counts(fixture_course, capsys):
    assert main(["stats", "--json", str(fixture_course)]) == 0
    stats = json.loads(capsys.readouterr().out)
    module = stats["modules"]["sample"]
    assert module["by_type"] == {"likert": 1, "matching": 1, "multiple_response": 1, "numeric": 2, "ordering": 1,
                                 "reflection": 1, "single_choice": 1, "true_false": 1}
    assert module["by_objective"] == {"sample.o1": 4, "sample.o2": 3}
    assert module["scored"] == 7 and module["reflections"] == 1
    assert module["tests"] == {"pretest": 2, "posttest": 2}  # counted apart from check and practice
    assert stats["modules"]["(course-wide)"]["by_type"] == {"likert": 4}
    assert module["cases"] == [{"id": "sample-case", "decisions": 2, "endings": 3, "nodes": 6, "paths": 3,
                                "score_range": [0, 5]}]
    assert module["missing_translations"]["fr"] == module["missing_translations"]["es"] - 2
    assert stats["totals"]["missing_translations"]["es"] == stats["totals"]["texts"]  # no Spanish at all
    assert stats["problems"] == 0 and stats["files"] == 7


def test_stats_text(fixture_course, capsys):
    assert main(["stats", str(fixture_course)]) == 0
    out = capsys.readouterr().out
    assert "case sample-case: 2 decisions, 3 endings, 3 paths" in out


def test_schema_validates_the_fixture_files(fixture_course, tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    for kind, folder in (("module", "modules"), ("bank", "quizzes"), ("case", "case_studies")):
        schema = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in (fixture_course / folder).glob("*.yaml"):
            jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    bad = yaml.safe_load((fixture_course / "quizzes" / "sample-check.yaml").read_text())
    bad["questions"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads((tmp_path / "bank.schema.json").read_text()))


def test_module_entry_point_runs(fixture_course):
    proc = subprocess.run([sys.executable, "-m", "itlead", "validate", str(fixture_course)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_validate_reports_missing_translations_per_locale(fixture_course, capsys):
    assert main(["validate", str(fixture_course)]) == 0  # a report, not a failure
    err = capsys.readouterr().err
    assert "lack a 'fr' translation" in err and "lack a 'es' translation" in err
    assert "modules/sample.yaml" in err
    assert main(["validate", "--require-translations", str(fixture_course)]) == 1


def test_new_pack_loads_beside_the_shipped_course(tmp_path, capsys, monkeypatch):
    from itlead.content import load_course
    from itlead.settings import PROJECT_ROOT

    assert main(["new-pack", "maritima", "--dir", str(tmp_path)]) == 0
    pack = tmp_path / "maritima"
    assert main(["validate", str(pack)]) == 0
    result = load_course(PROJECT_ROOT, packs=[pack])
    assert result.ok, result.problems
    assert "maritima" in [m.id for m in result.course.modules]
    assert "maritima-case" in result.course.cases and "maritima.q-example-numeric" in result.course.questions
    assert result.course.sources["bank:maritima-check"] == "maritima/quizzes/maritima-check.yaml"
    monkeypatch.setenv("ITLEAD_CONTENT_PACKS", str(pack))
    assert main(["validate"]) == 0
    assert "6 module(s)" in capsys.readouterr().err
    assert main(["new-pack", "maritima", "--dir", str(tmp_path)]) == 2  # never overwrites
    assert main(["new-pack", "Bad Name!", "--dir", str(tmp_path)]) == 2


def test_committed_schemas_are_up_to_date(tmp_path):
    """docs/schemas feeds VS Code's YAML completion (.vscode/settings.json): it must match the models."""
    from itlead.settings import PROJECT_ROOT

    assert main(["schema", "--out", str(tmp_path)]) == 0
    for fresh in tmp_path.glob("*.schema.json"):
        committed = PROJECT_ROOT / "docs" / "schemas" / fresh.name
        assert committed.exists() and json.loads(committed.read_text()) == json.loads(fresh.read_text()), (
            f"run: python -m itlead schema --out docs/schemas ({fresh.name} changed)")
    settings = json.loads((PROJECT_ROOT / ".vscode" / "settings.json").read_text())
    assert set(settings["yaml.schemas"]) == {f"docs/schemas/{p.name}" for p in tmp_path.glob("*.schema.json")}
