"""Each scoring rule of itlead/scoring.py, on the fixture course's questions."""
import pytest

from itlead.learning.scoring import CBM_RIGHT, CBM_WRONG, ResponseError, evaluate, max_tries, score, summarise


def test_single_choice_right_wrong_and_feedback(q):
    single = q("sample.q-single")
    right = evaluate(single, "high")
    assert (right.fraction, right.state) == (1.0, "correct")
    wrong = evaluate(single, "all")
    assert (wrong.fraction, wrong.state) == (0.0, "incorrect")
    selected = [f for f in wrong.feedback if f.selected]
    assert [f.target for f in selected] == ["all"]
    assert "revenue" in selected[0].text.get()
    assert len(wrong.feedback) == 3  # every option's feedback is available for review


def test_single_choice_rejects_unknown_option(q):
    with pytest.raises(ResponseError, match="not an option"):
        evaluate(q("sample.q-single"), "nope")


@pytest.mark.parametrize(
    "ticked, expected",
    [
        ({"hs", "record"}, 1.0),
        ({"hs"}, 0.5),
        ({"hs", "broker"}, 0.0),  # +1/2 - 1/2
        ({"hs", "record", "broker"}, 0.5),
        ({"hs", "record", "broker", "weekday"}, 0.0),  # ticking everything never pays
        ({"broker", "weekday"}, 0.0),  # floored at 0, never negative
        (set(), 0.0),
    ],
)
def test_multiple_response_default_signed_weights(q, ticked, expected):
    assert evaluate(q("sample.q-multi"), ticked).fraction == pytest.approx(expected)


def test_multiple_response_explicit_weights():
    from itlead.content.questions import MultipleResponse

    question = MultipleResponse.model_validate({
        "id": "w", "type": "multiple_response", "objective": "o", "references": ["X 1"], "stem": "s",
        "explanation": "e",
        "options": [
            {"id": "a", "text": "a", "correct": True, "weight": 0.7, "feedback": "f"},
            {"id": "b", "text": "b", "correct": True, "weight": 0.3, "feedback": "f"},
            {"id": "c", "text": "c", "weight": -1, "feedback": "f"},
        ],
    })
    assert evaluate(question, {"a"}).fraction == pytest.approx(0.7)
    assert evaluate(question, {"a", "c"}).fraction == 0.0


def test_true_false(q):
    tf = q("sample.q-tf")
    assert evaluate(tf, True).fraction == 1.0
    out = evaluate(tf, False)
    assert out.fraction == 0.0 and "Not so" in out.feedback[0].text.get()
    with pytest.raises(ResponseError):
        evaluate(tf, "true")


def test_ordering_partial_credit_is_pairwise(q):
    order = q("sample.q-order")
    assert evaluate(order, ["identify", "analyse", "evaluate"]).fraction == 1.0
    one_swap = evaluate(order, ["analyse", "identify", "evaluate"])
    assert one_swap.fraction == pytest.approx(2 / 3)
    assert one_swap.state == "partial"
    assert {f.target for f in one_swap.feedback} == {"identify"}  # only misplaced items with feedback
    assert evaluate(order, ["evaluate", "analyse", "identify"]).fraction == 0.0
    with pytest.raises(ResponseError):
        evaluate(order, ["identify", "analyse"])


def test_matching_partial_credit_and_distractor(q):
    match = q("sample.q-match")
    perfect = {"pre-arrival": "pre-arrival", "payment": "payment", "window": "window"}
    assert evaluate(match, perfect).fraction == 1.0
    one_wrong = dict(perfect, window="fax")
    out = evaluate(match, one_wrong)
    assert out.fraction == pytest.approx(2 / 3)
    assert [f.correct for f in out.feedback] == [True, True, False]
    assert evaluate(match, {"payment": "payment"}).fraction == pytest.approx(1 / 3)
    with pytest.raises(ResponseError):
        evaluate(match, {"pre-arrival": "telex"})


def test_numeric_tolerance_mistakes_and_relative(q):
    num = q("sample.q-num")
    assert evaluate(num, 12).state == "correct"
    assert evaluate(num, 12.0000000001).state == "correct"  # float noise is not an error
    assert evaluate(num, 13).state == "incorrect"
    added = evaluate(num, 7)
    assert added.fraction == 0.0 and "added" in added.feedback[0].text.get()
    rel = q("sample.q-rel")  # 14 hours +/- 5%
    assert evaluate(rel, 14.7).state == "correct"
    assert evaluate(rel, 14.8).state == "incorrect"
    with pytest.raises(ResponseError):
        evaluate(rel, float("nan"))
    with pytest.raises(ResponseError):
        evaluate(rel, True)


def test_numeric_mistake_partial_credit():
    from itlead.content.questions import Numeric

    question = Numeric.model_validate({
        "id": "n", "type": "numeric", "objective": "o", "references": ["X 1"], "stem": "s", "explanation": "e",
        "answer": 100, "tolerance": 1, "feedback_correct": "ok", "feedback_incorrect": "no",
        "mistakes": [{"value": 50, "credit": 0.5, "feedback": "half way"}],
    })
    out = evaluate(question, 50)
    assert (out.fraction, out.state) == (0.5, "partial")


def test_unscored_types(q):
    likert, reflection = q("sample.l1"), q("sample.r1")
    assert evaluate(likert, 4).fraction is None
    with pytest.raises(ResponseError):
        evaluate(likert, 6)
    assert evaluate(reflection, "Fund the risk engine").state == "answered"
    with pytest.raises(ResponseError, match="limit is 1000"):
        evaluate(reflection, "x" * 1001)
    outcome = score(reflection, "text", "interactive")
    assert outcome.mark is None and outcome.finished and outcome.max_tries == 1


def test_unanswered_scores_zero(q):
    assert evaluate(q("sample.q-single"), None).fraction == 0.0
    assert evaluate(q("sample.q-single"), None).state == "unanswered"


def test_immediate_one_try(q):
    single = q("sample.q-single")
    assert max_tries(single, "immediate") == 1
    assert score(single, "all", "immediate").finished
    with pytest.raises(ResponseError, match="allows 1"):
        score(single, "high", "immediate", previous=["all"])


def test_interactive_tries_hints_and_penalty(q):
    single = q("sample.q-single")  # one hint -> two tries
    assert max_tries(single, "interactive") == 2
    first = score(single, "all", "interactive")
    assert not first.finished and first.next_hint == single.hints[0]
    second = score(single, "high", "interactive", previous=["all"])
    assert second.finished and second.mark == pytest.approx(0.5)  # 1 - 1/2
    assert second.fraction == 1.0
    assert score(single, "high", "interactive").mark == 1.0
    failed = score(single, "random", "interactive", previous=["all"])
    assert failed.finished and failed.mark == 0.0 and failed.next_hint is None
    with pytest.raises(ResponseError, match="after a correct"):
        score(single, "high", "interactive", previous=["high"])


def test_interactive_penalty_matches_moodle_thirds():
    from itlead.content.questions import SingleChoice

    question = SingleChoice.model_validate({
        "id": "t", "type": "single_choice", "objective": "o", "references": ["X 1"], "stem": "s", "explanation": "e",
        "hints": ["h1", "h2"], "marks": 3,
        "options": [{"id": "a", "text": "a", "correct": True, "feedback": "f"},
                    {"id": "b", "text": "b", "feedback": "f"}, {"id": "c", "text": "c", "feedback": "f"}],
    })
    awarded = [score(question, "a", "interactive", previous=["b"] * k).awarded for k in range(3)]
    assert awarded == pytest.approx([3, 2, 1])


def test_deferred_marks_like_immediate(q):
    multi = q("sample.q-multi")
    assert score(multi, {"hs"}, "deferred").mark == pytest.approx(0.5)


@pytest.mark.parametrize("certainty", [1, 2, 3])
def test_cbm_marks(q, certainty):
    single = q("sample.q-single")
    assert score(single, "high", "cbm", certainty).cbm_mark == CBM_RIGHT[certainty]
    assert score(single, "all", "cbm", certainty).cbm_mark == CBM_WRONG[certainty]


def test_cbm_partial_and_required_certainty(q):
    multi = q("sample.q-multi")
    half = score(multi, {"hs"}, "cbm", 3)
    assert half.cbm_mark == pytest.approx(0.5 * 3 + 0.5 * -6)
    assert half.fraction == 0.5  # accuracy kept apart from the CBM mark
    with pytest.raises(ResponseError, match="certainty"):
        score(multi, {"hs"}, "cbm")


def test_summary_accuracy_cbm_and_calibration(q):
    single, tf = q("sample.q-single"), q("sample.q-tf")
    outcomes = [
        score(single, "high", "cbm", 3),
        score(tf, False, "cbm", 3),
        score(single, "high", "cbm", 1),
        score(q("sample.r1"), "a plan", "cbm"),
    ]
    s = summarise(outcomes)
    assert s.answered == 3
    assert s.accuracy == pytest.approx(2 / 3)
    assert s.cbm_average == pytest.approx((3 - 6 + 1) / 3)
    c3 = next(b for b in s.calibration if b.certainty == 3)
    assert (c3.answers, c3.accuracy, c3.verdict) == (2, 0.5, "too few answers")  # not judged from 2 answers
    assert next(b for b in s.calibration if b.certainty == 2).verdict == "no answers"


def test_calibration_is_judged_from_five_answers_per_level(q):
    single, tf = q("sample.q-single"), q("sample.q-tf")
    sure_and_wrong = [score(tf, False, "cbm", 3)] * 3 + [score(single, "high", "cbm", 3)] * 2
    unsure_and_right = [score(single, "high", "cbm", 1)] * 5
    four = [score(single, "high", "cbm", 2)] * 4
    bands = {b.certainty: b for b in summarise(sure_and_wrong + unsure_and_right + four).calibration}
    assert (bands[3].answers, bands[3].accuracy, bands[3].verdict) == (5, 0.4, "over-confident")
    assert bands[1].verdict == "under-confident"
    assert bands[2].verdict == "too few answers"


def test_summary_marks_weighted(q):
    rel = q("sample.q-rel")  # 2 marks
    s = summarise([score(rel, 14), score(q("sample.q-single"), "all")])
    assert (s.marks, s.max_marks) == (2.0, 3.0)
    assert s.percent == pytest.approx(200 / 3)
