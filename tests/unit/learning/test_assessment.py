"""Self-assessment scores and recommendations; pre/post module scores and gain."""
from itlead.learning.assessment import dimension_scores, knowledge_gain, module_scores, recommendations
from itlead.learning.attempts import questions_of, replay


class Row:
    def __init__(self, question_id, try_no, response, certainty=None):
        self.question_id, self.try_no, self.response, self.certainty = question_id, try_no, response, certainty


def test_self_assessment_scores_and_recommendations(sample):
    bank = sample.banks["sample-self"]
    scores = dimension_scores(bank, {"self.risk-1": 1, "self.risk-2": 2, "self.strategy-1": 3})
    assert scores == {"risk": 1.5, "strategy": 3.0}
    recs = recommendations(bank, scores, sample)
    assert [(r.dimension_id, r.module_ids) for r in recs] == [("risk", ("sample",)), ("strategy", ())]


def test_module_scores_and_gain(sample):
    questions = questions_of([sample.banks["sample-pre"]])
    states = replay(questions, list(questions), "deferred", [Row("sample.pre-1", 1, True)])
    pre = module_scores(sample, questions, states)
    assert pre == {"sample": 0.5}
    assert knowledge_gain(pre, {"sample": 1.0}) == {"sample": 0.5}
