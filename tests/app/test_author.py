"""The Author page: behind the passcode; packs created; questions saved validated, previewed with the learners'
widgets and scored; invalid edits not written; conflicts refused; cases drawn and played; translations saved."""
from __future__ import annotations

import os

import pytest

from itlead.authoring.packs import scaffold
from itlead.content.loader import load_course

from .conftest import goto, new_app

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
