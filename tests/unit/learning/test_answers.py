"""The answer service: validation per type, drafts, deferred submission and live answers."""
import pytest

from itlead.learning.answers import AnswerError, Answers, accept, widget_value
from itlead.store import Store, make_engine


@pytest.fixture
def store(tmp_path):
    s = Store(make_engine(f"sqlite:///{tmp_path / 'a.db'}"))
    s.migrate()
    return s


@pytest.mark.parametrize("qid,response,stored", [
    ("sample.q-single", "high", "high"),
    ("sample.q-multi", {"record", "hs"}, ["hs", "record"]),
    ("sample.q-tf", True, True),
    ("sample.q-order", ["identify", "analyse", "evaluate"], ["identify", "analyse", "evaluate"]),
    ("sample.q-num", "12", 12.0),
])
def test_accept_stores_json(q, qid, response, stored):
    assert accept(q(qid), response, "en") == stored


@pytest.mark.parametrize("qid,response,message", [
    ("sample.q-single", None, "Please give an answer first."),
    ("sample.q-multi", set(), "Select at least one option."),
    ("sample.q-order", ["identify", "analyse"], "Place every item in order."),
    ("sample.q-match", {"pre-arrival": "pre-arrival"}, "Choose a match for every item."),
    ("sample.q-num", "12,5", "Write decimals with '.'"),
    ("sample.q-single", "no-such-option", "does not fit the question"),
])
def test_accept_refuses_with_a_message(q, qid, response, message):
    with pytest.raises(AnswerError, match=message):
        accept(q(qid), response, "en")


def test_numbers_follow_the_learners_language(q):
    assert accept(q("sample.q-num"), "12,0", "fr") == 12.0
    assert widget_value(q("sample.q-rel"), 14.5, "fr") == "14,5"
    assert widget_value(q("sample.q-rel"), "14,", "fr") == "14,"  # a draft keeps the text as typed


def test_deferred_drafts_count_when_the_test_is_submitted(sample, q, store):
    learner, _code = store.create_learner("Ana")
    ids = ["sample.q-single", "sample.q-num"]
    questions = {i: q(i) for i in ids}
    attempt = store.start_attempt(learner.id, "sample-pre", "pretest", "deferred", ids, seed=1)
    service = Answers(store, "fr")
    states = service.states(attempt, questions)
    shown = service.shown(attempt, questions["sample.q-num"], states["sample.q-num"], {})
    assert service.keep_draft(attempt, questions["sample.q-num"], shown, "12,0", None)  # typed, never saved
    service.submit(attempt, questions["sample.q-single"], states["sample.q-single"], "high")
    service.submit(attempt, questions["sample.q-single"], service.states(attempt, questions)["sample.q-single"], "all")
    assert [r.try_no for r in store.responses(attempt.id)] == [1, 2]  # a changed answer is a new row, not lost
    summary = service.finish(attempt, questions)
    assert summary.marks == 1.0  # 'all' is wrong; the draft 12,0 is right
    assert {r.question_id: r.response for r in store.responses(attempt.id)}["sample.q-num"] == 12.0
    assert store.drafts(attempt.id) == {}


def test_a_survey_needs_every_rating_and_keeps_comments_trimmed(sample):
    from itlead.content.questions import Likert, Reflection
    from itlead.learning.answers import accept_survey

    rating = Likert.model_validate({"id": "r1", "type": "likert", "stem": "Useful?", "anchors": {1: "no", 5: "yes"}})
    comment = Reflection.model_validate({"id": "c1", "type": "reflection", "stem": "Comments?", "max_chars": 50})
    with pytest.raises(AnswerError, match=r"1 left"):
        accept_survey([rating, comment], {"c1": "fine"}, "en")
    assert accept_survey([rating, comment], {"r1": 4, "c1": "  more cases  "}, "en") == {"r1": 4, "c1": "more cases"}
    assert accept_survey([rating, comment], {"r1": 4, "c1": "   "}, "en") == {"r1": 4}  # an empty comment is none
    with pytest.raises(AnswerError, match="too long"):
        accept_survey([rating, comment], {"r1": 4, "c1": "x" * 51}, "en")
