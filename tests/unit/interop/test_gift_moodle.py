"""Moodle GIFT and Moodle XML: export, escaping, the GIFT round trip, and what cannot be mapped."""
import xml.etree.ElementTree as ET

import pytest

from itlead.cli import main
from itlead.content import Bank, load_course
from itlead.interop.gift import GiftError, escape, export_gift, parse_gift, unescape
from itlead.interop.moodle_xml import export_moodle_xml


def english(value):
    """A model dump with every localized text reduced to its English."""
    if isinstance(value, dict):
        if set(value) <= {"en", "fr", "es"} and "en" in value:
            return value["en"]
        return {k: english(v) for k, v in value.items()}
    if isinstance(value, list):
        return [english(v) for v in value]
    return value


def test_gift_escaping_round_trips():
    nasty = "Cost {A}: 50% = 1/2 ~ #tag \\ end\nsecond line"
    assert escape(nasty) == "Cost \\{A\\}\\: 50% \\= 1/2 \\~ \\#tag \\\\ end\\nsecond line"
    assert unescape(escape(nasty)) == nasty


def test_gift_round_trip_gives_equivalent_questions(sample):
    banks = [sample.banks["sample-check"], sample.banks["sample-reflect"]]
    text, report = export_gift(banks)
    back = Bank.model_validate({"id": "back", "title": "Back", "questions": parse_gift(text)})
    original = {q.id: q for b in banks for q in b.questions}
    assert {q.id for q in back.questions} == set(original) - {"sample.q-order", "sample.l1"}
    for q in back.questions:
        assert english(q.model_dump(mode="json")) == english(original[q.id].model_dump(mode="json")), q.id
    assert report.unmapped["sample.q-order"] == ["ordering has no GIFT form; not exported (use Moodle XML for ordering)"]
    assert any("likert" in note for note in report.unmapped["sample.l1"])
    assert "hints (GIFT has none; kept in the itlead comment)" in report.unmapped["sample.q-single"]
    assert "// itlead note: ordering question sample.q-order has no GIFT form" in text


def test_gift_export_in_another_language(sample):
    text, _ = export_gift([sample.banks["sample-check"]], locale="fr")
    assert "heures" in text  # the unit of sample.q-rel in French


def test_importing_foreign_gift():
    source = """// a file made elsewhere
::Q1:: Which body must a Member establish under TFA Art. 23.2? {
  =A National Committee on Trade Facilitation#Right.
  ~A single window#It is encouraged, not this article.
}

::Q2:: Pick the TFA release measures {~%50%Pre-arrival processing#Yes ~%50%Electronic payment#Yes ~%-100%Tariff increases#No}

::Q3:: The TFA entered into force in 2017 {TRUE#Check the date.#Yes, on 22 February 2017.}

::Q4:: Average of 10 and 20 hours? {#15:0.5}

::Q5:: Match {=7.1 -> Pre-arrival =7.2 -> E-payment =10.4 -> Single window}

::Q6:: What will you change? {}
"""
    questions = parse_gift(source, default_objective="tfa.o1")
    bank = Bank.model_validate({"id": "imported", "title": "Imported", "questions": questions})
    types = [q.type for q in bank.questions]
    assert types == ["single_choice", "multiple_response", "true_false", "numeric", "matching", "reflection"]
    multi = bank.questions[1]
    assert multi.weights() == {"o1": 0.5, "o2": 0.5, "o3": -1.0}
    assert bank.questions[2].answer is True and bank.questions[2].if_false.get() == "Check the date."
    assert (bank.questions[3].answer, bank.questions[3].tolerance) == (15.0, 0.5)
    assert [p.right.get() for p in bank.questions[4].pairs] == ["Pre-arrival", "E-payment", "Single window"]
    assert bank.questions[0].references == ("Imported from GIFT",)
    with pytest.raises(GiftError, match="pass --objective"):
        parse_gift(source)


def test_moodle_xml_maps_every_moodle_type(sample):
    data, report = export_moodle_xml([sample.banks["sample-check"], sample.banks["sample-reflect"]])
    root = ET.fromstring(data)
    questions = {q.find("name/text").text: q for q in root.findall("question") if q.get("type") != "category"}
    kinds = {qid: q.get("type") for qid, q in questions.items()}
    assert kinds == {"sample.q-single": "multichoice", "sample.q-multi": "multichoice", "sample.q-tf": "truefalse",
                     "sample.q-order": "ordering", "sample.q-match": "matching", "sample.q-num": "numerical",
                     "sample.q-rel": "numerical", "sample.r1": "essay"}
    multi = questions["sample.q-multi"]
    assert multi.find("single").text == "false"
    assert [a.get("fraction") for a in multi.findall("answer")] == ["50", "50", "-50", "-50"]
    assert all(a.find("feedback/text").text for a in multi.findall("answer"))
    single = questions["sample.q-single"]
    assert len(single.findall("hint")) == 1 and single.find("penalty").text == "0.5000000"
    rel = questions["sample.q-rel"]
    assert rel.find("answer/tolerance").text == "0.7" and rel.find("units/unit/unit_name").text == "hours"
    match = questions["sample.q-match"]
    assert [s.find("text").text or "" for s in match.findall("subquestion")][-1] == ""  # the distractor
    assert "a self-rating (likert) has no Moodle question type" in report.unmapped["sample.l1"]
    assert b"sample.l1 has no Moodle form" in data.replace(b"likert question ", b"")


def test_cli_export_and_import(tmp_path, fixture_course, monkeypatch, capsys):
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    out = tmp_path / "check.gift"
    assert main(["export", "gift", "--out", str(out), "--bank", "sample-check"]) == 0
    report = capsys.readouterr()
    assert "1 bank(s), 7 question(s)" in report.err and "sample.q-order: ordering has no GIFT form" in report.out
    course = tmp_path / "course"
    import shutil

    shutil.copytree(fixture_course, course)
    target = course / "quizzes" / "reimported.yaml"
    assert main(["import", "gift", str(out), "--bank", "reimported", "--out", str(target)]) == 0
    result = load_course(course)
    messages = [str(p) for p in result.problems]
    # the same question ids now exist twice (the original bank and the import): exactly that is reported
    assert messages and all("is already used in bank" in m for m in messages)
    assert main(["export", "moodle-xml", "--out", str(tmp_path / "all.xml")]) == 0
    assert ET.parse(tmp_path / "all.xml").getroot().tag == "quiz"
    capsys.readouterr()
    assert main(["export", "gift", "--out", str(out), "--bank", "nope"]) == 2
    assert "unknown bank" in capsys.readouterr().err
    bad = tmp_path / "bad.gift"
    bad.write_text("::x:: no braces here\n")
    assert main(["import", "gift", str(bad), "--bank", "b", "--objective", "o"]) == 2
    assert "no answer block" in capsys.readouterr().err


def test_moodle_xml_ids_with_double_hyphens_stay_well_formed():
    """Finding 9: an id containing '--' went into an XML comment and broke the file."""
    bank = Bank.model_validate({"id": "b--x", "title": "B", "questions": [
        {"id": "q--1-", "type": "likert", "stem": "Rate --> it", "scale": 5, "anchors": {1: "No", 5: "Yes"}}]})
    data, report = export_moodle_xml([bank])
    root = ET.fromstring(data)  # raises on a malformed file
    comments = data.decode("utf-8")
    assert root.tag == "quiz" and "q--1" not in comments.replace("<!--", "").replace("-->", "")
