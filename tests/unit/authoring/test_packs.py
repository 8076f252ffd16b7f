"""Packs: created like new-pack, loaded from ITLEAD_PACKS_DIR, adapting shipped items, exchange, translations, graphs."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from itlead import settings
from itlead.authoring import case_view, exchange, translations
from itlead.authoring.editor import Invalid
from itlead.authoring.files import AuthoringError
from itlead.authoring.packs import adapt, scaffold
from itlead.content.loader import load_course
from itlead.interop.gift import export_gift

from .conftest import BANK, CASE


def test_a_new_pack_is_valid_and_loads_from_the_packs_folder(tmp_path, monkeypatch, fixture_course):
    monkeypatch.setenv("ITLEAD_PACKS_DIR", str(tmp_path / "packs"))
    monkeypatch.delenv("ITLEAD_CONTENT_PACKS", raising=False)
    pack = scaffold("maritima", settings.packs_dir())
    assert settings.all_packs() == [pack.path]
    result = load_course(fixture_course, packs=settings.all_packs())
    assert result.ok, result.problems
    assert "maritima-check" in result.course.banks and "maritima-case" in result.course.cases
    with pytest.raises(AuthoringError, match="already exists"):
        scaffold("maritima", settings.packs_dir())
    with pytest.raises(AuthoringError):
        scaffold("../evil", settings.packs_dir())


def test_the_default_packs_folder_is_under_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ITLEAD_PACKS_DIR", raising=False)
    monkeypatch.setenv("ITLEAD_DATA_DIR", str(tmp_path))
    assert settings.packs_dir() == tmp_path / "packs"


@pytest.mark.parametrize("kind,item", [("bank", "sample-check"), ("case", "sample-case"), ("module", "sample")])
def test_adapt_copies_a_shipped_item_under_a_new_id_that_records_the_original(editor, pack, fixture_course,
                                                                              kind, item):
    result = load_course(fixture_course, packs=[pack.path])
    rel, raw = adapt(result, fixture_course, kind, item, pack, f"{item}-ma")
    editor.save_text(rel, raw.decode(), "")
    loaded = load_course(fixture_course, packs=[pack.path])
    assert loaded.ok, loaded.problems
    table = {"bank": loaded.course.banks, "case": loaded.course.cases,
             "module": {m.id: m for m in loaded.course.modules}}[kind]
    assert table[f"{item}-ma"].adapts == item and item in table  # the shipped one is untouched
    assert f"Adapted from the shipped {kind} '{item}'" in (pack.path / rel).read_text()


def test_a_pack_zip_exports_and_imports(pack, tmp_path, fixture_course):
    data = exchange.export_zip(pack)
    base = tmp_path / "other"
    imported = exchange.import_zip(data, "copy", base, lambda staged: load_course(fixture_course, packs=[staged]))
    assert sorted(imported.files()) == sorted(pack.files())


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _loader(fixture_course):
    return lambda staged: load_course(fixture_course, packs=[staged])


@pytest.mark.parametrize("name", ["../quizzes/evil.yaml", "quizzes/../../evil.yaml", "/etc/evil.yaml",
                                  "quizzes/run.py", "elsewhere/x.yaml"])
def test_a_zip_with_paths_outside_the_pack_is_refused_with_nothing_written(pack, tmp_path, fixture_course, name):
    good = {f"maritima/{rel}": (pack.path / rel).read_bytes() for rel in pack.files()}
    base = tmp_path / "incoming"
    with pytest.raises(AuthoringError, match="not allowed"):
        exchange.import_zip(_zip({**good, name: b"id: x\n"}), "evil", base, _loader(fixture_course))
    assert not base.exists() or not any(base.iterdir())
    assert not (tmp_path / "evil.yaml").exists()


def test_a_zip_over_the_size_limit_is_refused_with_nothing_written(tmp_path, fixture_course, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_ZIP_BYTES", 10_000)
    bomb = _zip({"quizzes/big.yaml": b"# " + b"x" * 50_000 + b"\n"})  # compresses to a few hundred bytes
    assert len(bomb) < 10_000
    base = tmp_path / "incoming"
    with pytest.raises(AuthoringError, match="size limit"):
        exchange.import_zip(bomb, "big", base, _loader(fixture_course))
    assert not base.exists() or not any(base.iterdir())


def test_a_zip_with_one_invalid_file_writes_nothing(pack, tmp_path, fixture_course):
    files = {f"maritima/{rel}": (pack.path / rel).read_bytes() for rel in pack.files()}
    files["maritima/quizzes/broken.yaml"] = b"id: broken\ntitle: B\nquestions: []\n"
    base = tmp_path / "incoming"
    with pytest.raises(Invalid):
        exchange.import_zip(_zip(files), "broken", base, _loader(fixture_course))
    assert not base.exists() or not any(base.iterdir())


def test_gift_imports_into_a_pack_bank(editor, sample, pack, fixture_course):
    text, _report = export_gift([sample.banks["sample-check"]])
    opened = editor.open(BANK)
    before = len(opened.data["questions"])
    text = re.sub(r"sample\.o\d", "maritima.o1", text).replace("sample.", "maritima.")
    saved = exchange.import_gift(editor, opened, text, "maritima.o1")
    assert len(saved.opened.data["questions"]) > before
    assert load_course(fixture_course, packs=[pack.path]).ok


def test_translation_rows_flag_missing_texts_and_numbers_that_differ(editor):
    opened = editor.open(BANK)
    rows = translations.rows(BANK, opened.data)
    stem = next(r for r in rows if r.field == "questions[2].stem")
    assert stem.missing == ["fr", "es"] and "3" in stem.texts["en"]
    data = translations.with_translation(opened.data, stem.path, "fr", "Un risque a une probabilité de 3 et un "
                                         "impact de 5. Quel est son score ?")
    stem = next(r for r in translations.rows(BANK, data) if r.field == "questions[2].stem")
    assert stem.missing == ["es"] and stem.numbers_differ == ["fr"]
    counts = translations.counts(translations.rows(BANK, data))
    assert counts["en"] == 0 and counts["fr"] == counts["es"] - 1
    editor.save(opened, data)
    assert "fr: Un risque" in editor.open(BANK).text


def test_the_case_graph_highlights_unreachable_dangling_and_endless(editor):
    case = editor.open(CASE).data
    assert case_view.analyse(case).ok
    case["nodes"].append({"id": "lost", "kind": "narrative", "text": "x", "next": "nowhere"})
    case["nodes"][1]["choices"][1]["next"] = "loop"
    case["nodes"].append({"id": "loop", "kind": "narrative", "text": "x", "next": "decide"})
    report = case_view.analyse(case)
    assert report.unreachable == {"lost", "poor"} and report.dangling == {("lost", "nowhere")}
    assert "lost" in report.endless and ("loop", "decide") in report.loops
    dot = case_view.dot(case, report)
    assert '"lost" [label=' in dot and "color=red" in dot and '"missing: nowhere"' in dot


def test_the_workbench_lists_the_texts_missing_in_one_language(editor):
    opened = editor.open(BANK)
    rows = translations.rows(BANK, opened.data)
    stem = next(r for r in rows if r.field == "questions[2].stem")
    data = translations.with_translation(opened.data, stem.path, "fr", "Probabilité 3, impact 4 : quel score ?")
    rows = translations.rows(BANK, data)
    missing_fr, missing_es = (translations.matching(rows, "missing", loc) for loc in ("fr", "es"))
    assert "questions[2].stem" in {r.field for r in missing_es} - {r.field for r in missing_fr}
    assert len(missing_fr) == translations.counts(rows)["fr"] and len(missing_es) == translations.counts(rows)["es"]
    assert translations.matching(rows, "missing") == [r for r in rows if r.missing]
    assert [r.field for r in translations.matching(rows, "numbers", "fr")] == ["questions[2].stem"]
    assert translations.matching(rows, "numbers", "es") == [] and translations.matching(rows, "all", "fr") == rows
