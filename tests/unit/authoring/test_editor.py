"""Saving pack files: round trip, validation before save, drafts, atomic writes, conflicts, revisions."""
from __future__ import annotations

import os

import pytest

from itlead.authoring import questions, roundtrip, translations
from itlead.authoring.editor import Invalid
from itlead.authoring.files import AuthoringError, Conflict
from itlead.content.loader import load_course
from itlead.content.questions import QUESTION_TYPES

from .conftest import BANK

HAND_WRITTEN = """\
# Maritima's own check bank: written by hand.
id: maritima-check
title: Check your understanding   # shown above the questions
module: maritima
purpose: check
behaviour: interactive
questions:
  # the first question, keep it first
  - id: maritima.q-one
    type: true_false
    objective: maritima.o1
    references: [TFA 7.5]    # flow style stays
    stem: "Post-clearance audit feeds risk management."
    answer: true
    if_true: Right.
    if_false: Not so.
    explanation: |
      Audit results feed risk management (TFA 7.5).
"""


def test_a_hand_commented_file_keeps_its_comments_and_key_order_after_an_edit(editor, pack):
    (pack.path / BANK).write_text(HAND_WRITTEN, encoding="utf-8")
    opened = editor.open(BANK)
    question = opened.data["questions"][0]
    questions.save_question(editor, opened, {**question, "stem": "Audit results feed risk management."})
    after = (pack.path / BANK).read_text(encoding="utf-8")
    expected = HAND_WRITTEN.replace('stem: "Post-clearance audit feeds risk management."',
                                    'stem: "Audit results feed risk management."')
    assert after == expected  # every other line, comment, quote, flow list and block scalar as it was; the edited
    # text keeps its quotes


SECOND = """\
  # the second question: about audit
  - id: maritima.q-two   # keep this id
    type: true_false
    objective: maritima.o1
    references: [TFA 7.5]
    stem: Audit results are kept apart from risk management.
    answer: false
    if_true: Not so.
    if_false: Right.
    explanation: Audit results feed risk management (TFA 7.5).
"""


def test_a_hand_commented_file_keeps_its_comments_and_key_order_after_translations_and_a_deletion(editor, pack):
    (pack.path / BANK).write_text(HAND_WRITTEN + SECOND, encoding="utf-8")
    opened = editor.open(BANK)
    data = translations.with_translation(opened.data, ("questions", 1, "if_false"), "fr", "Exact.")
    saved = editor.save(opened, translations.with_translation(data, ("title",), "es", "Compruebe"), "translations")
    after = (pack.path / BANK).read_text(encoding="utf-8")
    assert after == HAND_WRITTEN.replace("title: Check your understanding   # shown above the questions\n",
                                         "title:                            # shown above the questions\n  en: Check your understanding\n"
                                         "  es: Compruebe\n") \
        + SECOND.replace("    if_false: Right.\n", "    if_false:\n      en: Right.\n      fr: Exact.\n")
    editor.save(saved.opened, questions.without_question(saved.opened.data, "maritima.q-one"), "deleted")
    text = (pack.path / BANK).read_text(encoding="utf-8")
    assert text.startswith(after[:after.index("  # the first question")] + "  # the second question: about audit\n"
                           "  - id: maritima.q-two   # keep this id\n")  # the first one and its comment are gone
    assert "maritima.q-one" not in text and "keep it first" not in text


def test_the_shipped_course_round_trips_byte_for_byte(fixture_course):
    for path in sorted(fixture_course.rglob("*.yaml"))[:20]:
        text = path.read_text(encoding="utf-8")
        assert roundtrip.dump(roundtrip.load(text)) == text, path


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_each_of_the_eight_types_is_saved_validated_and_loads(editor, pack, fixture_course, kind):
    opened = editor.open(BANK)
    qid = f"maritima.q-new-{kind.replace('_', '-')}"
    questions.save_question(editor, opened, questions.blank(kind, qid, "maritima.o1"))
    result = load_course(fixture_course, packs=[pack.path])
    assert result.ok, result.problems
    assert result.course.questions[qid][1].type == kind


def test_an_invalid_question_is_kept_as_a_draft_and_never_written(editor, pack):
    before = (pack.path / BANK).read_bytes()
    bad = questions.blank("single_choice", "maritima.q-bad", "maritima.o1")
    bad["options"][1]["correct"] = True
    with pytest.raises(Invalid) as caught:
        questions.save_question(editor, editor.open(BANK), bad, draft_key="maritima.q-bad")
    problem = caught.value.problems[0]
    assert problem.file == "maritima/quizzes/maritima-check.yaml" and problem.line > 1
    assert problem.message == "single_choice needs exactly one correct option; found 2"  # the loader's own words
    assert (pack.path / BANK).read_bytes() == before
    assert editor.drafts()["maritima.q-bad"]["data"] == bad


def test_a_draft_is_kept_with_the_loaders_messages_and_remembers_the_question_it_edits(editor, pack):
    before = (pack.path / BANK).read_bytes()
    opened = editor.open(BANK)
    first = opened.data["questions"][0]
    edited = {**first, "objective": "nowhere.o1"}  # valid as a question; the link is what fails
    problems = questions.keep_draft(editor, opened, edited, replacing=first["id"])
    assert any("unknown objective 'nowhere.o1'" in p and p.startswith("maritima/quizzes/") for p in problems)
    draft = editor.drafts()[first["id"]]
    assert draft["problems"] == problems and draft["data"] == edited and draft["rel"] == BANK
    assert questions.draft_replacing(opened.data, draft) == first["id"]
    assert questions.draft_replacing(questions.without_question(opened.data, first["id"]), draft) is None
    assert (pack.path / BANK).read_bytes() == before
    editor.drop_draft(first["id"])
    assert editor.drafts() == {}


def test_links_are_checked_against_the_course(editor):
    bad = questions.blank("true_false", "maritima.q-x", "nowhere.o1")
    with pytest.raises(Invalid) as caught:
        questions.save_question(editor, editor.open(BANK), bad)
    assert "unknown objective 'nowhere.o1'" in str(caught.value)


def test_a_question_id_used_elsewhere_in_the_course_is_refused(editor, sample):
    taken = next(iter(sample.questions))
    with pytest.raises(Invalid, match="already used"):
        questions.save_question(editor, editor.open(BANK), questions.blank("true_false", taken, "maritima.o1"))


def test_a_conflicting_save_is_refused(editor, pack):
    first, second = editor.open(BANK), editor.open(BANK)  # two tabs
    questions.save_question(editor, first, questions.blank("true_false", "maritima.q-a", "maritima.o1"))
    with pytest.raises(Conflict, match="changed by someone else"):
        questions.save_question(editor, second, questions.blank("true_false", "maritima.q-b", "maritima.o1"))
    assert "maritima.q-a" in (pack.path / BANK).read_text() and "maritima.q-b" not in (pack.path / BANK).read_text()


def test_a_change_on_disk_after_opening_is_a_conflict(editor, pack):
    opened = editor.open(BANK)
    (pack.path / BANK).write_text((pack.path / BANK).read_text() + "# edited in a text editor\n")
    with pytest.raises(Conflict):
        editor.save(opened, opened.data)


def test_writes_are_atomic(editor, pack, monkeypatch):
    before = (pack.path / BANK).read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        questions.save_question(editor, editor.open(BANK), questions.blank("likert", "maritima.q-l", None))
    assert (pack.path / BANK).read_bytes() == before
    assert not [p for p in (pack.path / "quizzes").iterdir() if p.name.endswith(".tmp")]


def test_history_diff_and_restore(editor, pack):
    original = (pack.path / BANK).read_text()
    saved = questions.save_question(editor, editor.open(BANK), questions.blank("reflection", "maritima.r-x", None))
    history = editor.history(BANK)
    assert [r.number for r in history] == [2, 1] and history[1].note == "as found"
    diff = editor.diff(BANK, 1)
    assert "+  - id: maritima.r-x" in diff and diff.startswith("--- quizzes/maritima-check.yaml (revision 1)")
    editor.restore(BANK, 1, saved.opened.version)
    assert (pack.path / BANK).read_text() == original
    with pytest.raises(Conflict):
        editor.restore(BANK, 2, saved.opened.version)  # that version is gone now


def test_paths_outside_the_pack_are_refused(editor):
    with pytest.raises(AuthoringError):
        editor.open("../../etc/passwd")


def test_quality_findings_come_back_as_warnings(editor):
    saved = questions.save_question(editor, editor.open(BANK), {
        **questions.blank("single_choice", "maritima.q-two", "maritima.o1"),
        "options": [{"id": "a", "text": "Yes", "correct": True, "feedback": "Right."},
                    {"id": "b", "text": "No", "feedback": "Not so."}]})
    assert any("maritima.q-two" in w and "option_count" in w for w in saved.warnings)
