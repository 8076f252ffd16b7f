"""Each item-quality rule, with a failing and a passing fixture (small courses written to tmp_path)."""
from pathlib import Path

import pytest
import yaml

from itlead.content import load_course
from itlead.content.quality import (
    ItemStats,
    lint,
    load_config,
    load_registry,
    reference_problem,
    review_items,
    review_markdown,
)

OBJECTIVES = ["m.o1", "m.o2"]
LESSON_REFS = ["TFA 7.4"]


def _module(banks):
    return {"id": "m", "number": 1, "title": "M", "summary": "S", "estimated_minutes": 30,
            "objectives": [{"id": o, "text": f"Objective {o}"} for o in OBJECTIVES],
            "lessons": [{"id": "l1", "title": "L", "body": "Body", "takeaways": ["T"],
                         "references": LESSON_REFS}],
            "banks": banks}


def _scored(qid, qtype, objective="m.o1", difficulty="application", **fields):
    return {"id": qid, "type": qtype, "objective": objective, "difficulty": difficulty, "references": ["TFA 7.4"],
            "stem": fields.pop("stem", f"Question {qid} about release times?"), "explanation": "Because.", **fields}


def sc(qid, key, *distractors, stem=None, **kw):
    options = [{"id": "k", "text": key, "correct": True, "feedback": "Yes."}]
    options += [{"id": f"d{i}", "text": t, "feedback": "No."} for i, t in enumerate(distractors)]
    return _scored(qid, "single_choice", options=options, **({"stem": stem} if stem else {}), **kw)


def tf(qid, answer, **kw):
    return _scored(qid, "true_false", answer=answer, if_true="T.", if_false="F.", **kw)


def matching(qid, rights, extras=()):
    pairs = [{"id": f"p{i}", "left": f"Left {i}", "right": r, "feedback": "Fb."} for i, r in enumerate(rights)]
    return _scored(qid, "matching", pairs=pairs, distractors=[{"id": f"x{i}", "text": t} for i, t in enumerate(extras)])


def course(tmp_path: Path, banks: dict[str, list], purposes: dict[str, str] | None = None):
    (tmp_path / "modules").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "modules" / "m.yaml").write_text(yaml.safe_dump(_module(list(banks))), encoding="utf-8")
    for bank_id, questions in banks.items():
        purpose = (purposes or {}).get(bank_id, "practice")
        data = {"id": bank_id, "title": bank_id, "purpose": purpose, "questions": questions}
        if purpose not in ("pretest", "posttest"):
            data["module"] = "m"
        (tmp_path / "quizzes" / f"{bank_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                               encoding="utf-8")
    result = load_course(tmp_path)
    assert result.ok, result.problems
    return result


def rules(report, rule, severity=None):
    return [f for f in report.findings if f.rule == rule and (severity is None or f.severity == severity)]


GOOD_SC = [sc(f"m.q-good{i}", "Short key", "A longer wrong option", "Another wrong option") for i in range(3)]


def test_length_cue_fails_above_share_and_flags_long_keys(tmp_path):
    items = [sc(f"m.q-long{i}", "The key is by far the longest option of all here", "Wrong", "Also wrong")
             for i in range(3)] + GOOD_SC[:1]
    report = lint(course(tmp_path, {"b": items}))
    assert report.stats["length_cue"]["longest"] == 3 and not report.ok
    errors = rules(report, "length_cue", "error")
    assert len(errors) == 1 and "3 of 4" in errors[0].problem.message
    item = [f for f in rules(report, "length_cue", "warning") if f.item == "m.q-long0"]
    assert item and item[0].problem.file == "quizzes/b.yaml" and item[0].problem.line > 1
    assert "x the mean distractor" in item[0].problem.message


def test_length_cue_passes_when_keys_are_not_longest(tmp_path):
    report = lint(course(tmp_path, {"b": GOOD_SC + [tf("m.q-t", True), tf("m.q-f", False)]}))
    assert not rules(report, "length_cue") and report.ok


def test_true_false_balance(tmp_path):
    skewed = [tf(f"m.q-f{i}", False) for i in range(4)] + [tf("m.q-t", True)]
    report = lint(course(tmp_path, {"b": skewed + GOOD_SC}))
    assert rules(report, "true_false", "error") and not report.ok
    assert rules(report, "true_false", "warning")  # the bank too


def test_true_false_balance_passes(tmp_path):
    balanced = [tf("m.q-f1", False), tf("m.q-f2", False), tf("m.q-t1", True), tf("m.q-t2", True)]
    report = lint(course(tmp_path, {"b": balanced + GOOD_SC}))
    assert not rules(report, "true_false") and report.stats["true_false"]["share"] == 0.5


def test_option_count(tmp_path):
    two = sc("m.q-two", "Key", "A wrong option")
    report = lint(course(tmp_path, {"b": [two] + GOOD_SC}))
    assert [f.item for f in rules(report, "option_count")] == ["m.q-two"]
    assert rules(report, "option_count")[0].severity == "warning"


def test_matching_pairs_and_extras(tmp_path):
    rights = ["Risk engine", "Payment gateway", "Document repository"]
    few = matching("m.q-few", rights, extras=["Time-stamped release records"])
    odd = matching("m.q-odd", rights + ["Message broker"],
                   extras=["A very long sentence about the annual budget of the ministry and its many sub-items"])
    good = matching("m.q-good", rights + ["Message broker"], extras=["Trader portal"])
    report = lint(course(tmp_path, {"b": [few, odd, good] + GOOD_SC}))
    flagged = {(f.item, "pairs" in f.problem.field) for f in rules(report, "matching")}
    assert flagged == {("m.q-few", True), ("m.q-odd", False)}


def test_all_or_none_of_the_above(tmp_path):
    bad_en = sc("m.q-all", "Key", "All of the above", "Something else entirely")
    bad_es = sc("m.q-nin", "Key", {"en": "A third thing", "fr": "Autre chose", "es": "Ninguna de las anteriores"},
                "Something else entirely")
    report = lint(course(tmp_path, {"b": [bad_en, bad_es] + GOOD_SC}))
    assert {f.item for f in rules(report, "all_none_of_the_above")} == {"m.q-all", "m.q-nin"}


def test_negative_stems_must_be_bold(tmp_path):
    bad = sc("m.q-not", "Key", "A longer wrong option", "Another wrong option",
             stem="Maritima plans a single window. Which agency is not needed at the start?")
    bad_fr = sc("m.q-sauf", "Key", "A longer wrong option", "Another wrong option",
                stem={"en": "Which measures fit?", "fr": "Toutes ces mesures conviennent, sauf laquelle ?"})
    bold = sc("m.q-bold", "Key", "A longer wrong option", "Another wrong option",
              stem="Which agency is **NOT** needed at the start?")
    scenario = sc("m.q-scene", "Key", "A longer wrong option", "Another wrong option",
                  stem="Brokers were not warned of the outage. What do you do first?")
    report = lint(course(tmp_path, {"b": [bad, bad_fr, bold, scenario] + GOOD_SC}))
    assert {f.item for f in rules(report, "negative_stem")} == {"m.q-not", "m.q-sauf"}


def test_near_duplicate_stems_across_banks(tmp_path):
    stem = "The ICT Guidelines of the Revised Kyoto Convention recommend particular hardware and software."
    near = "The ICT Guidelines of the Revised Kyoto Convention recommend a specific hardware and software platform."
    other = "Which perspective of the balanced scorecard covers staff skills and data quality?"
    report = lint(course(tmp_path, {"b1": [tf("m.q-a", True, stem=stem), tf("m.q-f", False)] + GOOD_SC,
                                    "b2": [tf("m.q-b", False, stem=near), tf("m.q-c", True, stem=other)]}))
    found = rules(report, "near_duplicate")
    assert [f.item for f in found] == ["m.q-b"] and "m.q-a" in found[0].problem.message


def test_references_against_the_registry():
    registry = load_registry()
    for ref in ("TFA 7.4", "TFA 10.4", "TFA 23.2", "TFA 3", "TFA Section II", "RKC GA Ch.7", "ISO 31000:2018"):
        assert reference_problem(ref, registry) is None, ref
    for ref in ("TFA 7.12", "TFA 25", "TFA 1.7", "TFA Section IV", "RKC GA Ch.12", "TFA 10.10"):
        assert reference_problem(ref, registry), ref


def test_reference_finding_has_file_and_line(tmp_path):
    bad = tf("m.q-ref", True, references=["TFA 7.12"])
    report = lint(course(tmp_path, {"b": [bad, tf("m.q-f", False)] + GOOD_SC}))
    (finding,) = rules(report, "references")
    assert finding.item == "m.q-ref" and finding.problem.field.endswith("references[0]")
    assert finding.problem.line > 1 and report.ok  # a warning by default


def test_pre_post_coverage_and_parallel_forms(tmp_path):
    pre = [tf("m.pre-1", True, objective="m.o1"), tf("m.pre-1b", False, objective="m.o1")]
    post = [tf("m.post-1", True, objective="m.o1", difficulty="recall")]
    result = course(tmp_path, {"b": GOOD_SC, "pre": pre, "post": post}, {"pre": "pretest", "post": "posttest"})
    report = lint(result)
    errors = rules(report, "pre_post", "error")
    assert len(errors) == 2 and all("m.o2" in f.problem.message for f in errors)
    assert errors[0].problem.file == "modules/m.yaml"
    warnings = rules(report, "pre_post", "warning")
    assert any("one item per objective" in f.problem.message for f in warnings)
    assert any("no parallel" in f.problem.message for f in warnings)


def test_pre_post_passes_when_parallel_and_complete(tmp_path):
    pre = [tf("m.pre-1", True, objective="m.o1"), tf("m.pre-2", False, objective="m.o2")]
    post = [tf("m.post-1", False, objective="m.o1"), tf("m.post-2", True, objective="m.o2")]
    result = course(tmp_path, {"b": GOOD_SC, "pre": pre, "post": post}, {"pre": "pretest", "post": "posttest"})
    report = lint(result)
    assert not rules(report, "pre_post") and report.stats["pre_post"]["pre_covered"] == 2


def test_thresholds_come_from_one_yaml_file(tmp_path):
    override = tmp_path / "q.yaml"
    override.write_text("true_false: {min_true: 0.0, max_true: 1.0}\nnegative_stem: {severity: 'off'}\n")
    config = load_config(override)
    assert config["true_false"]["min_true"] == 0.0 and config["length_cue"]["course_max_share"] == 0.4
    (tmp_path / "c").mkdir()
    result = course(tmp_path / "c", {"b": [tf(f"m.q-f{i}", False) for i in range(3)] + GOOD_SC})
    assert lint(result, config).ok and not lint(result).ok


def test_item_review_combines_linter_and_cohort(tmp_path):
    long_key = sc("m.q-long", "The key is by far the longest option of all here", "Wrong", "Also wrong")
    result = course(tmp_path, {"b": GOOD_SC + [long_key, tf("m.q-t", True), tf("m.q-f", False)]})
    stats = {"m.q-good0": ItemStats(n=20, facility=0.95, discrimination=0.4),
             "m.q-good1": ItemStats(n=20, facility=0.2, discrimination=-0.1, never_chosen=("d1",)),
             "m.q-good2": ItemStats(n=20, facility=0.6, discrimination=0.5),
             "m.q-t": ItemStats(n=3, facility=0.1, discrimination=None)}
    rows = {r.item: r for r in review_items(result, stats)}
    assert set(rows) == {"m.q-good0", "m.q-good1", "m.q-long"}
    assert any("nearly everyone" in x for x in rows["m.q-good0"].reasons)
    assert any("check the key" in x for x in rows["m.q-good1"].reasons)
    assert any("nobody chose: d1" in x for x in rows["m.q-good1"].reasons)
    assert rows["m.q-long"].reasons[0].startswith("length_cue")
    assert rows["m.q-long"].file == "quizzes/b.yaml" and rows["m.q-long"].line > 1
    text = review_markdown(rows.values())
    assert "| `m.q-good1` | `quizzes/b.yaml:" in text and text.startswith("# Items to revise")
    assert "No item needs revision" in review_markdown([])


@pytest.mark.parametrize("ref, bad", [("TFA 7.4", False), ("RKC GA Ch.11", True)])
def test_lesson_references_are_checked_too(tmp_path, ref, bad, monkeypatch):
    monkeypatch.setitem(_module.__globals__, "LESSON_REFS", [ref])
    report = lint(course(tmp_path, {"b": GOOD_SC}))
    found = rules(report, "references")
    assert bool(found) == bad and all(f.problem.file == "modules/m.yaml" for f in found)


def test_cohort_stats_from_responses(tmp_path):
    from itlead.workshop.analytics import responses_frame
    from itlead.workshop.item_review import cohort_item_stats, items_to_revise

    result = course(tmp_path, {"b": GOOD_SC})
    rows = []
    for p in range(10):
        good = p >= 5
        rows.append({"person": p, "item": "m.q-good0", "fraction": 1.0 if good else 0.0, "response": "k" if good else "d0"})
        rows.append({"person": p, "item": "m.q-good1", "fraction": 1.0, "response": "k"})
    stats = cohort_item_stats(responses_frame(rows), result.course)
    assert stats["m.q-good0"].never_chosen == ("d1",) and stats["m.q-good0"].facility == 0.5
    revise = {r.item: r for r in items_to_revise(result, responses_frame(rows))}
    assert "m.q-good1" in revise and any("nearly everyone" in x for x in revise["m.q-good1"].reasons)
