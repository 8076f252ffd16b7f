"""Hypothesis properties of scoring: scores stay in range, the key scores full marks, and shuffling
options never changes a score."""


from hypothesis import assume, given
from hypothesis import strategies as st

from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse
from itlead.learning.scoring import CBM_RIGHT, CBM_WRONG, evaluate, score
from tests.helpers import key_response

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

def _shuffled(question, order):
    field = {"single_choice": "options", "multiple_response": "options", "matching": "pairs"}.get(question.type)
    if field is None:
        return question
    items = getattr(question, field)
    permuted = [items[i % len(items)] for i in order[: len(items)]]
    assume(sorted(p.id for p in permuted) == sorted(p.id for p in items))
    return type(question).model_validate({**question.model_dump(), field: [p.model_dump() for p in permuted]})


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


@given(questions, st.data())
def test_shuffling_options_never_changes_a_score(question, data):
    response = data.draw(response_for(question))
    n = len(getattr(question, "options", ()) or getattr(question, "pairs", ()) or (0,))
    order = data.draw(st.permutations(range(n)))
    shuffled = _shuffled(question, list(order))
    assert evaluate(shuffled, response).fraction == evaluate(question, response).fraction
