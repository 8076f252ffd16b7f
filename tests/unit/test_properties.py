"""Hypothesis properties: scores stay in range, the key scores full marks, shuffling never changes a
score, and the loader only ever reports problems, whatever it is given."""
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from itlead.content import load_course
from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse
from itlead.content.yaml_source import YamlProblem, read_yaml
from itlead.learning.scoring import CBM_RIGHT, CBM_WRONG, evaluate, score

from ..helpers import key_response

BASE = {"objective": "o", "references": ["TFA 7.4"], "stem": "s", "explanation": "e"}
ids = st.lists(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), min_size=3, max_size=8, unique=True)


@st.composite
def single_choice(draw):
    option_ids = draw(ids)
    right = draw(st.sampled_from(option_ids))
    return SingleChoice.model_validate({**BASE, "id": "q", "type": "single_choice", "options": [
        {"id": i, "text": i, "correct": i == right, "feedback": "f"} for i in option_ids]})


@st.composite
def multiple_response(draw):
    option_ids = draw(ids)
    k = draw(st.integers(1, len(option_ids) - 1))
    correct = set(draw(st.permutations(option_ids))[:k])
    return MultipleResponse.model_validate({**BASE, "id": "q", "type": "multiple_response", "options": [
        {"id": i, "text": i, "correct": i in correct, "feedback": "f"} for i in option_ids]})


@st.composite
def ordering(draw):
    return Ordering.model_validate({**BASE, "id": "q", "type": "ordering",
                                    "items": [{"id": i, "text": i} for i in draw(ids)]})


@st.composite
def matching(draw):
    pair_ids = draw(ids)
    return Matching.model_validate({**BASE, "id": "q", "type": "matching", "pairs": [
        {"id": i, "left": i, "right": i.upper(), "feedback": "f"} for i in pair_ids]})


@st.composite
def numeric(draw):
    answer = draw(st.floats(-1e6, 1e6, allow_nan=False))
    tol = draw(st.one_of(st.just({"tolerance": draw(st.floats(0, 100))}),
                         st.just({"relative_tolerance": draw(st.floats(0, 0.5))})))
    return Numeric.model_validate({**BASE, "id": "q", "type": "numeric", "answer": answer, **tol,
                                   "feedback_correct": "y", "feedback_incorrect": "n"})


true_false = st.builds(lambda a: TrueFalse.model_validate(
    {**BASE, "id": "q", "type": "true_false", "answer": a, "if_true": "t", "if_false": "f"}), st.booleans())
questions = st.one_of(single_choice(), multiple_response(), ordering(), matching(), numeric(), true_false)


@st.composite
def response_for(draw, question):
    if isinstance(question, SingleChoice):
        return draw(st.sampled_from([o.id for o in question.options]))
    if isinstance(question, MultipleResponse):
        return draw(st.sets(st.sampled_from([o.id for o in question.options])))
    if isinstance(question, Ordering):
        return draw(st.permutations([i.id for i in question.items]))
    if isinstance(question, Matching):
        lefts = [p.id for p in question.pairs]
        return draw(st.dictionaries(st.sampled_from(lefts), st.sampled_from(lefts)))
    if isinstance(question, Numeric):
        return draw(st.floats(-1e7, 1e7, allow_nan=False))
    return draw(st.booleans())


@given(questions, st.data(), st.sampled_from(["immediate", "deferred", "cbm"]), st.integers(1, 3))
def test_score_always_in_range(question, data, behaviour, certainty):
    response = data.draw(response_for(question))
    outcome = score(question, response, behaviour, certainty)
    assert 0.0 <= outcome.fraction <= 1.0
    assert 0.0 <= outcome.mark <= 1.0
    if behaviour == "cbm":
        assert CBM_WRONG[certainty] <= outcome.cbm_mark <= CBM_RIGHT[certainty]


@given(questions)
def test_answer_key_scores_full_marks(question):
    assert evaluate(question, key_response(question)).fraction == 1.0
    assert score(question, key_response(question), "cbm", 3).cbm_mark == 3.0


def _shuffled(question, order):
    field = {"single_choice": "options", "multiple_response": "options", "matching": "pairs"}.get(question.type)
    if field is None:
        return question
    items = getattr(question, field)
    permuted = [items[i % len(items)] for i in order[: len(items)]]
    assume(sorted(p.id for p in permuted) == sorted(p.id for p in items))
    return type(question).model_validate({**question.model_dump(), field: [p.model_dump() for p in permuted]})


@given(questions, st.data())
def test_shuffling_options_never_changes_a_score(question, data):
    response = data.draw(response_for(question))
    n = len(getattr(question, "options", ()) or getattr(question, "pairs", ()) or (0,))
    order = data.draw(st.permutations(range(n)))
    shuffled = _shuffled(question, list(order))
    assert evaluate(shuffled, response).fraction == evaluate(question, response).fraction


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_read_yaml_only_raises_its_own_error(text):
    try:
        read_yaml(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


def _mutate(text: str, cuts: list[tuple[int, int, str]]) -> str:
    for pos, length, insert in cuts:
        pos %= max(1, len(text))
        text = text[:pos] + insert + text[pos + length:]
    return text


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["modules/sample.yaml", "quizzes/sample-check.yaml", "case_studies/sample-case.yaml"]),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40),
                          st.sampled_from(["", ":", "- ", "\n", "  ", "&a ", "*a", "{", "]", "'", "id: x\n", "\t"])),
                min_size=1, max_size=6))
def test_loader_never_raises_on_mutated_course(fixture_course, tmp_path_factory, name, cuts):
    root: Path = tmp_path_factory.mktemp("mut")
    for sub in ("modules", "quizzes", "case_studies"):
        (root / sub).mkdir()
    for path in fixture_course.rglob("*.yaml"):
        rel = path.relative_to(fixture_course).as_posix()
        text = path.read_text()
        (root / rel).write_text(_mutate(text, cuts) if rel == name else text)
    result = load_course(root)  # must not raise
    for problem in result.problems:
        assert problem.line >= 1 and problem.message
    if result.problems:
        assert all(str(p).count(":") >= 3 for p in result.problems)


SHIPPED = sorted(p for folder in ("modules", "quizzes", "case_studies", "agendas")
                 for p in (Path(__file__).resolve().parents[2] / folder).glob("*.yaml"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SHIPPED),
       st.lists(st.tuples(st.integers(0, 200_000), st.integers(0, 80),
                          st.sampled_from(["", ":", "- ", "\n", "  ", "&a ", "*a", "{", "]", "'", "\"", "\t", "!!",
                                           "<<: *a\n", "? ", "|", ">-\n", "\\u00e9"])),
                min_size=1, max_size=8))
def test_loader_never_raises_on_mutated_shipped_files(tmp_path_factory, path, cuts):
    root: Path = tmp_path_factory.mktemp("shipped")
    target = root / path.parent.name / path.name
    target.parent.mkdir()
    target.write_text(_mutate(path.read_text(encoding="utf-8"), cuts), encoding="utf-8")
    result = load_course(root, [target])  # must not raise
    assert all(p.line >= 1 and p.message for p in result.problems)
