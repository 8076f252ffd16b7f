"""The loader: located plain-words errors, every problem collected, broken files skipped."""
import shutil
from pathlib import Path

import pytest

from itlead.content import load_course
from itlead.content.yaml_source import MAX_FILE_BYTES


@pytest.fixture
def course_dir(tmp_path: Path, fixture_course: Path) -> Path:
    shutil.copytree(fixture_course, tmp_path / "c")
    return tmp_path / "c"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_fixture_course_is_clean(course_dir):
    result = load_course(course_dir)
    assert result.ok and result.files == 7
    assert [m.id for m in result.course.modules] == ["sample"]
    assert len(result.course.questions) == 17


def test_error_names_file_line_column_field_in_plain_words(course_dir):
    bank = course_dir / "quizzes" / "sample-check.yaml"
    edit(bank, "        text: On every consignment equally\n", "        text: On every consignment equally\n        correct: true\n")
    result = load_course(course_dir)
    assert messages(result) == [
        "quizzes/sample-check.yaml:7:5: questions[0]: single_choice needs exactly one correct option; found 2"
    ]


def test_all_errors_across_files_are_collected(course_dir):
    edit(course_dir / "quizzes" / "sample-check.yaml", "    difficulty: recall\n", "    difficulty: easy\n")
    edit(course_dir / "quizzes" / "sample-check.yaml", "    answer: 12\n", "    answer: twelve\n")
    edit(course_dir / "case_studies" / "sample-case.yaml", "rating: mixed", "rating: meh")
    result = load_course(course_dir)
    msgs = messages(result)
    assert len(msgs) == 3, msgs
    assert any("questions[0].difficulty: must be one of 'recall', 'application' or 'judgement'; found 'easy'" in m
               for m in msgs)
    assert any(m.startswith("quizzes/sample-check.yaml:") and "questions[5].answer: should be a number" in m
               for m in msgs)
    assert any(m.startswith("case_studies/sample-case.yaml:") and "nodes[4].rating" in m for m in msgs)


def test_broken_file_is_skipped_rest_still_loads(course_dir):
    (course_dir / "quizzes" / "sample-reflect.yaml").write_text("id: [unclosed\n")
    result = load_course(course_dir)
    assert not result.ok
    assert any(m.startswith("quizzes/sample-reflect.yaml:2:1: YAML syntax") for m in messages(result))
    # the module stays, with the dangling link reported and dropped
    assert any("modules/sample.yaml" in m and "banks[1]: unknown bank 'sample-reflect'" in m for m in messages(result))
    module = result.course.module("sample")
    assert module.banks == ("sample-check",)
    assert "sample.q-single" in result.course.questions
    assert result.course.cases["sample-case"]


def test_unknown_field_and_missing_field(course_dir):
    edit(course_dir / "modules" / "sample.yaml", "estimated_minutes: 20\n", "estimated_minutes: 20\ncolour: blue\n")
    edit(course_dir / "case_studies" / "sample-case.yaml", "start: intro\n", "")
    msgs = messages(load_course(course_dir))
    assert "modules/sample.yaml:9:1: colour: 'colour' is not a known field here (check the spelling)" in msgs
    assert any(m.startswith("case_studies/sample-case.yaml:1:1: start: is required") for m in msgs)


def test_unknown_question_type_is_explained(course_dir):
    edit(course_dir / "quizzes" / "sample-check.yaml", "type: true_false", "type: yes_no")
    (msg,) = messages(load_course(course_dir))
    assert "questions[2]: type 'yes_no' is not known; use one of" in msg and "'true_false'" in msg


def test_yaml_boolean_trap_is_explained(course_dir):
    edit(course_dir / "quizzes" / "sample-check.yaml", "text: Risk analysis", "text: yes")
    (msg,) = messages(load_course(course_dir))
    assert "questions[3].items[1].text" in msg and "put the text in quotes" in msg


def test_cross_file_unknown_ids(course_dir):
    edit(course_dir / "modules" / "sample.yaml", "cases: [sample-case]", "cases: [sample-case, ghost-case]")
    edit(course_dir / "quizzes" / "sample-check.yaml", "objective: sample.o2\n", "objective: sample.o9\n")
    edit(course_dir / "case_studies" / "sample-case.yaml", "module: sample", "module: nowhere")
    msgs = messages(load_course(course_dir))
    assert "modules/sample.yaml:37:22: cases[1]: unknown case 'ghost-case'" in msgs
    assert any("questions[3].objective: unknown objective 'sample.o9'" in m for m in msgs)
    assert any(m.startswith("case_studies/sample-case.yaml:4:9: module: unknown module 'nowhere'") for m in msgs)


def test_duplicate_ids_across_files(course_dir):
    copy = course_dir / "quizzes" / "copy.yaml"
    copy.write_text((course_dir / "quizzes" / "sample-reflect.yaml").read_text())
    shutil.copy(course_dir / "case_studies" / "sample-case.yaml", course_dir / "case_studies" / "zz.yaml")
    result = load_course(course_dir)
    msgs = messages(result)
    assert "quizzes/sample-reflect.yaml:1:5: id: bank id 'sample-reflect' is already used in quizzes/copy.yaml" in msgs
    assert "case_studies/zz.yaml:1:5: id: case id 'sample-case' is already used in case_studies/sample-case.yaml" in msgs
    assert len(result.course.banks) == 5


def test_duplicate_question_id_across_banks(course_dir):
    other = course_dir / "quizzes" / "other.yaml"
    other.write_text(
        "id: other\ntitle: Other\nquestions:\n  - id: sample.q-single\n    type: reflection\n    stem: Again?\n"
    )
    result = load_course(course_dir)
    assert any("question id 'sample.q-single' is already used in bank" in m for m in messages(result))
    # the first owner keeps the id, so attempts never mix two questions
    assert result.course.questions["sample.q-single"][1].type in ("single_choice", "reflection")
    assert sum(q.id == "sample.q-single" for b in result.course.banks.values() for q in b.questions) == 1


def test_objective_of_another_module(course_dir):
    second = course_dir / "modules" / "second.yaml"
    second.write_text((course_dir / "modules" / "sample.yaml").read_text()
                      .replace("id: sample\n", "id: second\n").replace("sample.o", "second.o")
                      .replace("banks: [sample-check, sample-reflect]", "banks: []")
                      .replace("cases: [sample-case]", "cases: []").replace("  bank: sample-check\n", ""))
    edit(course_dir / "quizzes" / "sample-check.yaml", "objective: sample.o2\n", "objective: second.o2\n")
    msgs = messages(load_course(course_dir))
    assert any("objective 'second.o2' belongs to module 'second', not to this bank's module 'sample'" in m
               for m in msgs), msgs


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("next: end-mixed", "next: nowhere", "nodes[2].choices[1].next: next node 'nowhere' does not exist"),
        ("next: end-poor", "next: intro",
         "nodes[1].choices[1].next: leads back to node 'intro', so the story can loop"),
        ("start: intro", "start: second", "nodes[0]: node 'intro' cannot be reached from the start node 'second'"),
        ("start: intro", "start: end-good", "start: the start node cannot be an ending"),
        ("  - id: end-good\n", "  - id: end-mixed\n", "nodes[4].id: node id 'end-mixed' is used twice"),
    ],
)
def test_case_graph_checks(course_dir, old, new, expected):
    edit(course_dir / "case_studies" / "sample-case.yaml", old, new)
    result = load_course(course_dir)
    assert any(expected in m for m in messages(result)), messages(result)
    assert "sample-case" not in result.course.cases


def test_case_needs_an_ending(course_dir):
    path = course_dir / "case_studies" / "loop.yaml"
    path.write_text(
        "id: loop\ntitle: t\nsummary: s\nstart: a\nnodes:\n"
        "  - {id: a, kind: narrative, text: x, next: b}\n  - {id: b, kind: narrative, text: y, next: a}\n"
    )
    msgs = messages(load_course(course_dir))
    assert any("loop.yaml" in m and "needs at least one ending" in m for m in msgs)
    assert any("loop.yaml" in m and "leads back to node 'a'" in m for m in msgs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "alias bomb"),
        ("a: &a [*a]\n", "not defined above it"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "nested more than"),
        ("a: 1\n---\nb: 2\n", "one YAML document"),
        ("id: x\ntitle: !!python/object/apply:os.system [echo hacked]\n", "is not allowed"),
        ("id: x\nid: y\n", "the key 'id' appears twice"),
        ("- just\n- a list\n", "must be a mapping"),
        ("", "the file is empty"),
        ("base: &b {id: x}\nother:\n  <<: *b\n", "merge keys"),
        ("id: \"\\udcff\"\n", ""),
    ],
)
def test_hostile_yaml_is_refused_with_a_message(course_dir, text, expected):
    path = course_dir / "quizzes" / "hostile.yaml"
    path.write_text(text, errors="surrogateescape")
    result = load_course(course_dir)
    mine = [m for m in messages(result) if m.startswith("quizzes/hostile.yaml:")]
    assert mine and expected in mine[0], mine
    assert "sample.q-single" in result.course.questions


def test_oversized_file_is_refused_quickly(course_dir):
    path = course_dir / "quizzes" / "huge.yaml"
    path.write_text("id: huge\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    msgs = messages(load_course(course_dir))
    assert any(m.startswith("quizzes/huge.yaml:1:1: the file is") and "the limit is" in m for m in msgs)


def test_unreadable_bytes_are_reported(course_dir):
    (course_dir / "quizzes" / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage\x00")
    msgs = messages(load_course(course_dir))
    assert any(m.startswith("quizzes/binary.yaml:") for m in msgs)


def test_explicit_files_and_kind_by_content(tmp_path):
    loose = tmp_path / "loose.yaml"
    loose.write_text("id: loose\ntitle: Loose bank\nquestions:\n  - {id: l.r1, type: reflection, stem: Why?}\n")
    result = load_course(tmp_path, [loose])
    assert result.ok and "loose" in result.course.banks
    unknown = tmp_path / "what.yaml"
    unknown.write_text("id: what\n")
    (msg,) = [str(p) for p in load_course(tmp_path, [unknown]).problems]
    assert "cannot tell what this file is" in msg


def test_translations_and_locale_fallback(course_dir):
    result = load_course(course_dir)
    module = result.course.module("sample")
    assert module.title.get("fr") == "La sélectivité fondée sur les risques en bref"
    assert module.title.get("es") == "Risk selectivity in brief"  # falls back to English
    assert module.title.has("fr") and not module.title.has("es")
