"""Saving one question of a big file: only the edited items are round-tripped and spliced back; the rest of the
file keeps every byte, even where a whole-file round trip would have changed its layout."""
from __future__ import annotations

from itlead.authoring import editor as editor_module
from itlead.authoring import questions, roundtrip, translations
from itlead.authoring.editor import scoped
from itlead.authoring.splice import splice
from itlead.content import live_course
from itlead.content.yaml_source import read_yaml

from .conftest import BANK, CASE

ODD_LAYOUT = """\
id: maritima-check
title:    Check your understanding    # spaces a whole-file round trip would not keep
module: maritima
purpose: check
questions:
  - id: maritima.q-one
    type: true_false
    objective: maritima.o1
    references: [TFA 7.5]   # flow style
    stem:   "Post-clearance audit feeds risk management."
    answer: true
    if_true: Right.
    if_false: Not so.
    explanation: Audit results feed risk management.

  # the second one
  - id: maritima.q-two
    type: true_false
    objective: maritima.o1
    references: [TFA 7.5]   # flow style
    stem: 'Risk management selects consignments.'
    answer: yes
    if_true: Right.
    if_false: Not so.
    explanation: Audit results feed risk management.
dimensions: []   # after the list
"""


def edit(text, n, **changes):
    data = read_yaml(text).data
    question = {**data["questions"][n], **changes}
    return data, questions.with_question(data, question)


def test_an_edit_rewrites_only_the_edited_question():
    old, new = edit(ODD_LAYOUT, 1, stem="Risk management selects what to check.")
    out = splice(ODD_LAYOUT, old, new)
    assert out == ODD_LAYOUT.replace("'Risk management selects consignments.'", "'Risk management selects what to "
                                     "check.'")
    assert roundtrip.dump(roundtrip.merge(roundtrip.load(ODD_LAYOUT), new)) != out  # the whole file would change


def test_an_appended_question_goes_after_the_last_in_its_style():
    data = read_yaml(ODD_LAYOUT).data
    added = questions.blank("reflection", "maritima.r-new", None)
    out = splice(ODD_LAYOUT, data, questions.with_question(data, added))
    assert out is not None and read_yaml(out).data["questions"][-1] == added
    head, tail = ODD_LAYOUT.split("  # the second one\n")
    assert out.startswith(head + "  # the second one\n") and out.endswith("dimensions: []   # after the list\n")
    assert "\n  - id: maritima.r-new\n    type: reflection\n" in out


def lines_of(text):
    return text.splitlines(keepends=True)


def without_lines(text, first, last):
    """`text` without its lines `first`..`last` (1-based, inclusive)."""
    lines = lines_of(text)
    return "".join(lines[:first - 1] + lines[last:])


def test_a_deleted_question_loses_its_lines_and_the_comment_above_it_only():
    data = read_yaml(ODD_LAYOUT).data
    first = splice(ODD_LAYOUT, data, questions.without_question(data, "maritima.q-one"))
    assert first == without_lines(ODD_LAYOUT, 6, 15)  # its lines and the blank after; "# the second one" stays
    second = splice(ODD_LAYOUT, data, questions.without_question(data, "maritima.q-two"))
    assert second == without_lines(ODD_LAYOUT, 15, 25)  # the blank and the comment above it go with it
    assert read_yaml(second).data == questions.without_question(data, "maritima.q-two")


def test_translations_across_questions_and_the_title_rewrite_only_those_lines():
    data = read_yaml(ODD_LAYOUT).data
    edited = translations.with_translation(data, ("title",), "fr", "Vérifiez")
    edited = translations.with_translation(edited, ("questions", 1, "if_true"), "fr", "Exact.")
    out = splice(ODD_LAYOUT, data, edited)
    assert read_yaml(out).data == edited
    untouched = ODD_LAYOUT[ODD_LAYOUT.index("module:"):ODD_LAYOUT.index("  # the second one")]
    assert out.startswith("id: maritima-check\n") and untouched in out  # q-one as it was, spaces and all
    assert "  # the second one\n" in out and out.endswith("dimensions: []   # after the list\n")
    assert "  fr: Vérifiez\n" in out and "title:" in lines_of(out)[1] and "# spaces a whole-file" in lines_of(out)[1]


def test_items_far_apart_are_round_tripped_apart():
    third = ODD_LAYOUT[ODD_LAYOUT.index("  - id: maritima.q-one"):ODD_LAYOUT.index("\n  # the second one")]
    text = ODD_LAYOUT.replace("dimensions:", third.replace("q-one", "q-three") + "dimensions:")
    data = read_yaml(text).data
    edited = translations.with_translation(data, ("questions", 0, "if_true"), "es", "Correcto.")
    edited = translations.with_translation(edited, ("questions", 2, "if_true"), "es", "Correcto.")
    out = splice(text, data, edited)
    assert read_yaml(out).data == edited
    assert "stem: 'Risk management selects consignments.'\n" in out  # the question between kept its quotes


def test_other_edits_fall_back_to_the_whole_file():
    data = read_yaml(ODD_LAYOUT).data
    assert splice(ODD_LAYOUT, data, {"behaviour": "cbm", **data}) is None  # a new key
    assert splice("%YAML 1.1\n---\n" + ODD_LAYOUT, data, {**data, "title": "New"}) is None  # not a plain layout
    swapped = {**data, "questions": data["questions"][::-1]}
    out = splice(ODD_LAYOUT, data, swapped)  # items reordered: the whole list is round-tripped, the rest kept
    assert read_yaml(out).data == swapped and out.startswith(ODD_LAYOUT[:ODD_LAYOUT.index("questions:")])


def test_a_list_laid_out_without_indent_still_saves_what_was_asked(editor, pack):
    text = ODD_LAYOUT.replace("\n  - id", "\n- id").replace("\n    ", "\n  ")
    (pack.path / BANK).write_text(text, encoding="utf-8")
    opened = editor.open(BANK)
    question = {**opened.data["questions"][0], "stem": "Edited."}
    questions.save_question(editor, opened, question)
    assert read_yaml((pack.path / BANK).read_text()).data["questions"][0]["stem"] == "Edited."


def test_the_editor_splices_instead_of_parsing_the_whole_file(editor, pack, monkeypatch):
    (pack.path / BANK).write_text(ODD_LAYOUT, encoding="utf-8")
    opened = editor.open(BANK)
    monkeypatch.setattr(editor_module.Opened, "doc", property(lambda self: 1 / 0))  # the whole-file round trip
    questions.save_question(editor, opened, {**opened.data["questions"][0], "stem": "Audit feeds risk."})
    after = (pack.path / BANK).read_text()
    assert after == ODD_LAYOUT.replace('stem:   "Post-clearance audit feeds risk management."',
                                       'stem: "Audit feeds risk."')  # the edited question is rewritten


def test_quality_rules_run_on_the_saved_file_only(editor, sample):
    result = editor.course()
    mine = editor.pack.rel_in_course(BANK)
    small = scoped(result, mine)
    assert set(small.course.banks) == {"maritima-check"} and len(result.course.banks) > 1
    one = scoped(result, mine, "maritima.q-none")
    assert one.course.banks["maritima-check"].questions == ()


def test_after_a_save_the_course_served_is_the_one_checked_without_reloading(editor, pack, fixture_course,
                                                                              monkeypatch):
    live = live_course.LiveCourse(fixture_course, [pack.path], check_seconds=0)
    editor.course = live.get
    live.get()
    opened = editor.open(BANK)
    saved = questions.save_question(editor, opened, {**opened.data["questions"][0], "stem": "Edited in place."})
    monkeypatch.setattr(live_course, "load_course", lambda *a, **k: 1 / 0)
    assert live.adopt(saved.result, pack.path / BANK)
    assert live.get().course.questions[opened.data["questions"][0]["id"]][1].stem.get() == "Edited in place."
    (pack.path / "quizzes" / "other.yaml").write_text("id: x\n")  # another file changed: reload as usual
    assert not live.adopt(saved.result, pack.path / BANK)


def test_a_course_checked_before_another_save_was_adopted_is_not_served(editor, pack, fixture_course):
    from itlead.authoring.editor import full_text
    from itlead.authoring.files import atomic_write

    live = live_course.LiveCourse(fixture_course, [pack.path], check_seconds=0)
    base = live.get()
    editor.course = lambda: base  # both tabs checked their edit against the same course
    bank = editor.open(BANK)
    raw = full_text(bank, questions.with_question(bank.data, {**bank.data["questions"][0], "stem": "Tab A."}))
    _problems, checked_a = editor.check(BANK, raw.encode())  # tab A has checked its edit...
    case = editor.open(CASE)
    nodes = [{**case.data["nodes"][0], "text": "Tab B."}, *case.data["nodes"][1:]]
    saved_b = editor.save(case, {**case.data, "nodes": nodes})  # ...when tab B saves and its course is adopted
    assert live.adopt(saved_b.result, pack.path / CASE)
    atomic_write(pack.path / BANK, raw.encode())  # tab A writes
    assert not live.adopt(checked_a, pack.path / BANK)  # it would lose tab B's edit: the next check reloads
    assert live.get().course.cases["maritima-case"].nodes[0].text.get() == "Tab B."


def test_a_splice_that_does_not_read_as_the_edit_is_never_written(editor, pack, monkeypatch):
    (pack.path / BANK).write_text(ODD_LAYOUT, encoding="utf-8")
    opened = editor.open(BANK)
    monkeypatch.setattr(editor_module, "splice", lambda text, old, new: text)  # a splice that lost the edit
    questions.save_question(editor, opened, {**opened.data["questions"][0], "stem": "Audit feeds risk."})
    assert read_yaml((pack.path / BANK).read_text()).data["questions"][0]["stem"] == "Audit feeds risk."


def test_the_editor_saves_translations_and_deletions_without_the_whole_file_round_trip(editor, pack, monkeypatch):
    (pack.path / BANK).write_text(ODD_LAYOUT, encoding="utf-8")
    monkeypatch.setattr(editor_module.Opened, "doc", property(lambda self: 1 / 0))  # the whole-file round trip
    opened = editor.open(BANK)
    french = "La gestion des risques sélectionne les envois."
    data = translations.with_translation(opened.data, ("questions", 1, "stem"), "fr", french)
    saved = editor.save(opened, data, "translations")
    after = (pack.path / BANK).read_text()
    assert read_yaml(after).data == data and after.startswith(ODD_LAYOUT[:ODD_LAYOUT.index("  # the second one")])
    editor.save(saved.opened, questions.without_question(data, "maritima.q-one"), "deleted maritima.q-one")
    assert (pack.path / BANK).read_text() == without_lines(after, 6, 15)


def test_quality_rules_look_at_the_translated_questions_only_and_at_the_whole_file_after_a_deletion(editor):
    opened = editor.open(BANK)
    choice, true_false = (q["id"] for q in opened.data["questions"][:2])
    translated = translations.with_translation(opened.data, ("questions", 1, "if_true"), "fr", "Exact.")
    saved = editor.save(opened, translated, "translations")
    assert all(choice not in w for w in saved.warnings)  # the two-option key is not judged again
    deleted = editor.save(saved.opened, questions.without_question(translated, true_false), "deleted")
    assert any(choice in w and "option_count" in w for w in deleted.warnings)  # the two-option key, file-wide
