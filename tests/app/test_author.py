"""The Author page: behind the passcode; packs created; questions saved validated, previewed with the learners'
widgets and scored; invalid edits not written; conflicts refused; cases drawn and played; translations saved."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from itlead.authoring import questions, translations
from itlead.authoring.editor import PackEditor
from itlead.authoring.packs import adapt, scaffold
from itlead.content.loader import load_course
from itlead.store import make_engine
from itlead.ui import live_views
from itlead.ui.author_tools import ROWS_PER_PAGE
from itlead.workshop.live import Live

from .conftest import goto, new_app, texts

BANK = "quizzes/maritima-check.yaml"


@pytest.fixture
def packs(env, tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    monkeypatch.setenv("ITLEAD_PACKS_DIR", str(folder))
    return folder


def author(**state):
    at = new_app()
    at.session_state["facilitator"] = True
    for key, value in state.items():
        at.session_state[key] = value
    return goto(at, "author")


def by_label(items, label):
    return next(i for i in items if i.label == label)


def test_the_page_needs_the_passcode(packs):
    at = goto(new_app(), "author")
    assert "Facilitator area" in [t.value for t in at.title]
    assert not any(b.label == "Create pack" for b in at.button)


def test_a_trainer_creates_a_pack_and_saves_a_question_that_loads(packs, env):
    at = author()
    by_label(at.text_input, "New pack name").input("maritima")
    by_label(at.button, "Create pack").click().run()
    assert not at.exception, at.exception
    assert (packs / "maritima" / BANK).exists()
    by_label(at.text_area, "Stem").input("Where should control concentrate?")
    by_label(at.text_input, "Question id").input("maritima.q-where")
    by_label(at.button, "Save question").click().run()
    assert not at.exception, at.exception
    assert "Saved." in [s.value for s in at.success]
    result = load_course(os.environ["ITLEAD_CONTENT_DIR"], packs=[packs / "maritima"])
    assert result.ok, result.problems
    assert result.course.questions["maritima.q-where"][1].stem.get() == "Where should control concentrate?"


def test_an_invalid_question_is_not_written(packs):
    scaffold("maritima", packs)
    before = (packs / "maritima" / BANK).read_bytes()
    at = author()
    for box in at.checkbox:
        if box.label == "Correct":
            box.check()
    at.run()
    assert any("exactly one correct option" in w.value for w in at.warning)
    by_label(at.button, "Save question").click().run()
    assert any("would not validate" in e.value for e in at.error)
    assert (packs / "maritima" / BANK).read_bytes() == before


def test_the_preview_scores_with_the_learners_widgets(packs):
    scaffold("maritima", packs)
    at = author()
    radio = by_label(at.radio, "Choose one answer")  # the learners' single-choice widget
    radio.set_value("b").run()
    by_label(at.button, "Check my answer").click().run()
    assert not at.exception, at.exception
    assert any("Not quite." in e.value for e in at.error)
    assert any("Why this is not right." in m.value for m in at.markdown)  # the option's own feedback


def test_a_save_after_another_tab_saved_is_a_conflict(packs):
    scaffold("maritima", packs)
    first, second = author(), author()
    by_label(first.text_area, "Stem").input("First tab's stem")
    by_label(first.button, "Save question").click().run()
    assert "Saved." in [s.value for s in first.success]
    second.run()
    by_label(second.text_area, "Stem").input("Second tab's stem")
    by_label(second.button, "Save question").click().run()
    assert any("conflict" in e.value for e in second.error)
    assert "Second tab" not in (packs / "maritima" / BANK).read_text()


def test_the_case_graph_is_drawn_and_the_case_plays_from_a_node(packs):
    scaffold("maritima", packs)
    at = author(author_section="cases")
    assert at.get("graphviz_chart")
    by_label(at.selectbox, "Play from node").set_value("decide")
    by_label(at.button, "Play from here").click().run()
    by_label(at.button, "Fund a risk engine and clean the compliance data.").click().run()
    assert any("Funding data" in m.value for m in at.markdown)
    assert any("Score from the node you started at: 3" in c.value for c in at.caption)


def test_translations_are_counted_and_saved(packs):
    scaffold("maritima", packs)
    at = author(author_section="translations")
    missing_fr = by_label(at.metric, "Missing in Français").value
    assert int(missing_fr) > 0
    by_label(at.radio, "Show").set_value("missing").run()
    fields = [t for t in at.text_area if t.label.startswith("Français: ")]
    fields[0].input("Un texte en français").run()
    by_label(at.button, "Save translations").click().run()
    assert not at.exception, at.exception
    assert "Un texte en français" in "".join(p.read_text() for p in (packs / "maritima").glob("*/*.yaml"))
    assert int(by_label(at.metric, "Missing in Français").value) == int(missing_fr) - 1


def test_a_kept_draft_is_listed_with_its_messages_reopened_fixed_and_saved(packs):
    scaffold("maritima", packs)
    at = author()
    by_label(at.text_input, "Question id").input("maritima.q-draft")
    by_label(at.text_area, "Stem").input("Which consignments come first?")
    for box in at.checkbox:
        if box.label == "Correct":
            box.check()
    by_label(at.button, "Keep as draft").click().run()
    assert "Kept as a draft, outside the pack's files." in [i.value for i in at.info]
    assert any("maritima/quizzes/maritima-check.yaml:" in c.value and "exactly one correct option; found 3" in c.value
               for c in at.code)  # the loader's own message, located
    assert "maritima.q-draft" not in (packs / "maritima" / BANK).read_text()
    later = author()  # another visit: the draft is kept on disk
    by_label(later.button, "Open draft maritima.q-draft").click().run()
    assert by_label(later.text_area, "Stem").value == "Which consignments come first?"
    correct = [box for box in later.checkbox if box.label == "Correct"]
    assert [box.value for box in correct] == [True, True, True]
    correct[1].uncheck()
    correct[2].uncheck().run()
    assert not later.warning
    by_label(later.button, "Save question").click().run()
    assert not later.exception, later.exception
    assert "Saved." in [s.value for s in later.success]
    assert not any(b.label.startswith("Open draft") for b in later.button)
    assert "maritima.q-draft" in (packs / "maritima" / BANK).read_text()
    assert json.loads((packs / "maritima" / ".authoring" / "drafts.json").read_text()) == {}
    assert later.selectbox(key=f"author:question:{BANK}").value == "maritima.q-draft"


def test_a_kept_draft_can_be_discarded(packs):
    pack = scaffold("maritima", packs)
    before = (pack.path / BANK).read_bytes()
    PackEditor(pack, lambda: None).keep_draft("maritima.q-half", BANK, {"id": "maritima.q-half", "type": "likert"},
                                              ["questions[4].anchors: a required field is missing"])
    at = author()
    assert any("a required field is missing" in c.value for c in at.code)
    by_label(at.button, "Discard draft maritima.q-half").click().run()
    assert not at.exception, at.exception
    assert not any(b.label.startswith("Discard draft") for b in at.button)
    assert json.loads((pack.path / ".authoring" / "drafts.json").read_text()) == {}
    assert (pack.path / BANK).read_bytes() == before


def test_a_numeric_questions_relative_tolerance_and_mistakes_are_edited_and_validated(packs):
    scaffold("maritima", packs)
    at = author()
    at.selectbox(key=f"author:question:{BANK}").set_value("maritima.q-example-numeric").run()
    assert by_label(at.number_input, "Value of mistake 1").value == 7  # the template's mistake, in the form
    by_label(at.radio, "Tolerance").set_value(True).run()
    by_label(at.number_input, "Relative tolerance (0.05 = ±5%)").set_value(0.5).run()
    assert [w.value for w in at.warning] == ["mistake value 7 falls inside the tolerance of the right answer"]
    by_label(at.number_input, "Relative tolerance (0.05 = ±5%)").set_value(0.05)
    by_label(at.number_input, "Anticipated mistakes").set_value(2).run()
    by_label(at.number_input, "Value of mistake 2").set_value(16)
    by_label(at.number_input, "Credit for mistake 2").set_value(0.5)
    by_label(at.text_input, "Feedback on mistake 2").input("You multiplied the impact by itself.").run()
    assert not at.warning
    by_label(at.button, "Save question").click().run()
    assert "Saved." in [s.value for s in at.success]
    saved = next(q for q in yaml.safe_load((packs / "maritima" / BANK).read_text())["questions"]
                 if q["id"] == "maritima.q-example-numeric")
    assert saved["relative_tolerance"] == 0.05 and "tolerance" not in saved
    assert saved["mistakes"][1] == {"value": 16, "credit": 0.5, "feedback": "You multiplied the impact by itself."}
    assert saved["mistakes"][0]["value"] == 7 and saved["answer"] == 12  # integers stay integers


def test_a_matching_questions_extra_options_are_edited_validated_and_previewed(packs):
    scaffold("maritima", packs)
    at = author()
    by_label(at.selectbox, "Type").set_value("matching").run()
    by_label(at.text_input, "Question id").input("maritima.q-match")
    by_label(at.number_input, "Extra right-hand options").set_value(1).run()
    assert any(w.value.startswith("distractors") and "the en text is empty" in w.value for w in at.warning)
    by_label(at.text_input, "Extra option 1").input("Match 9").run()
    assert not at.warning
    assert any("Match 9" in box.options for box in at.selectbox if box.label.startswith("Item"))  # in the preview
    by_label(at.button, "Save question").click().run()
    assert "Saved." in [s.value for s in at.success]
    saved = yaml.safe_load((packs / "maritima" / BANK).read_text())["questions"][-1]
    assert saved["id"] == "maritima.q-match" and saved["distractors"] == [{"id": "x1", "text": "Match 9"}]


def french_fields(at):
    return [t.label for t in at.text_area if t.label.startswith("Français: ")]


def test_the_workbench_lists_the_texts_missing_in_one_language_page_by_page(packs):
    pack = scaffold("maritima", packs)
    editor = PackEditor(pack, lambda: load_course(os.environ["ITLEAD_CONTENT_DIR"], packs=[pack.path]))
    opened = editor.open(BANK)
    extra = [questions.blank("true_false", f"maritima.q-tf{n}", "maritima.o1") for n in range(8)]  # 52 texts
    data = translations.with_translation({**opened.data, "questions": [*opened.data["questions"], *extra]},
                                         ("questions", 0, "stem"), "fr", "Où le contrôle doit-il se concentrer ?")
    editor.save(opened, data)
    total = len(translations.rows(BANK, data))
    at = author(author_section="translations")
    at.selectbox(key="author:tr-file:maritima").set_value(BANK).run()
    assert int(by_label(at.metric, "Missing in Français").value) == total - 1
    by_label(at.radio, "Show").set_value("fr").run()
    assert by_label(at.radio, "Show").options[2:4] == ["Missing in Français", "Missing in Español"]
    pages = by_label(at.selectbox, "Texts")
    n = ROWS_PER_PAGE
    assert pages.options == [f"1-{n} of {total - 1}", f"{n + 1}-{total - 1} of {total - 1}"]
    assert len(french_fields(at)) == n and "Français: `questions[0].stem`" not in french_fields(at)
    pages.set_value(1).run()
    assert len(french_fields(at)) == total - 1 - n
    last = french_fields(at)[-1]
    by_label(at.text_area, last).input("Exact.").run()
    by_label(at.button, "Save translations").click().run()
    assert not at.exception, at.exception
    assert int(by_label(at.metric, "Missing in Français").value) == total - 2
    assert int(by_label(at.metric, "Missing in Español").value) == total  # counts per language remain
    assert last not in french_fields(at)  # translated: no longer listed as missing in French
    by_label(at.radio, "Show").set_value("es").run()
    by_label(at.selectbox, "Texts").set_value(0).run()
    assert "Français: `questions[0].stem`" in french_fields(at)  # missing in Spanish only: listed there


def test_a_facilitator_runs_the_packs_adapted_bank_live_and_participants_see_that_version(packs, facilitator, env):
    """The pack's version of a bank is told apart from the original when a live session is created, and the room
    sees its questions."""
    root = Path(os.environ["ITLEAD_CONTENT_DIR"])
    pack = scaffold("maritima", packs)
    result = load_course(root, packs=[pack.path])
    editor = PackEditor(pack, lambda: load_course(root, packs=[pack.path]))
    rel, raw = adapt(result, root, "bank", "sample-check", pack, "sample-check-ma")
    opened = editor.save_text(rel, raw.decode(), version="").opened
    first = opened.data["questions"][0]
    questions.save_question(editor, opened, {**first, "stem": "In Maritima, where should control concentrate?"})
    facilitator.run()
    labels = by_label(facilitator.selectbox, "Bank").options
    ours = [label for label in labels if "adapted: sample-check-ma (from sample-check)" in label]
    assert len(ours) == 1 and len(set(labels)) == len(labels)  # every bank told apart
    by_label(facilitator.selectbox, "Bank").set_value("sample-check-ma").run()
    by_label(facilitator.button, "Create session").click().run()
    assert not facilitator.exception, facilitator.exception
    session = Live(make_engine(env["url"])).sessions()[0]
    assert session.item_ids[0] == first["id"] != env["course"].banks["sample-check"].questions[0].id
    person = goto(new_app(join=session.code), "join")
    person.text_input[1].input("Ana")
    by_label(person.button, "Join").click().run()
    by_label(facilitator.button, "Open").click().run()
    live_views._poll.clear()  # the shared one-second poll, as it would expire between two refreshes
    person.run()
    assert "In Maritima, where should control concentrate?" in texts(person)
    assert env["course"].banks["sample-check"].questions[0].stem.get() not in texts(person)


def test_a_question_deleted_on_the_page_takes_only_its_own_lines(packs):
    scaffold("maritima", packs)
    before = (packs / "maritima" / BANK).read_text()
    at = author()
    at.selectbox(key=f"author:question:{BANK}").set_value("maritima.q-example-true-false").run()
    by_label(at.button, "Delete question").click().run()
    assert not at.exception, at.exception
    start, end = before.index("  - id: maritima.q-example-true-false"), before.index("  - id: maritima.q-example-num")
    assert (packs / "maritima" / BANK).read_text() == before[:start] + before[end:]
    assert "maritima.q-example-true-false" not in at.selectbox(key=f"author:question:{BANK}").options
