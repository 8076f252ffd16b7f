"""Cohort analytics: facility, discrimination, distractors, difficult questions, gain, exports."""
import io

import pandas as pd
import pytest

from itlead.workshop.analytics import (
    cohort_gain,
    difficult,
    distractors,
    item_analysis,
    responses_frame,
    to_csv,
    to_excel,
)


def frame():
    # four people; q1 easy, q2 and q4 separate the strong from the weak, q3 runs backwards
    rows = []
    table = {"p1": (1, 1, 0, 1), "p2": (1, 1, 0, 1), "p3": (1, 0, 1, 0), "p4": (0, 0, 1, 0)}
    for person, scores in table.items():
        for item, score in zip(("q1", "q2", "q3", "q4"), scores):
            rows.append({"person": person, "item": item, "fraction": float(score),
                         "response": "a" if score else ["b", "c"]})
    rows.append({"person": "p1", "item": "q1", "fraction": 0.0, "response": "late try"})  # a second try: ignored
    rows.append({"person": "p5", "item": "r1", "fraction": None, "response": "free text"})  # unscored: ignored
    return responses_frame(rows)


def test_facility_and_discrimination():
    analysis = item_analysis(frame()).set_index("item")
    assert list(analysis.index) == ["q1", "q2", "q3", "q4"]
    assert analysis.loc["q1", "facility"] == 0.75 and analysis.loc["q2", "facility"] == 0.5
    assert analysis.loc["q2", "discrimination"] > 0.5  # those who did well elsewhere got it right
    assert analysis.loc["q3", "discrimination"] < 0  # a backwards item: a flag for review
    assert analysis.loc["q2", "upper_lower"] == 1.0  # top person right, bottom person wrong
    assert analysis.loc["q1", "n"] == 4


def test_difficult_questions_and_distractors():
    analysis = item_analysis(frame())
    assert list(difficult(analysis)["item"]) == []
    assert list(difficult(analysis, below=0.6)["item"]) == ["q2", "q3", "q4"]
    chosen = distractors(frame(), "q3", ["a", "b", "c"]).set_index("option")
    assert list(chosen["chosen"]) == [2, 2, 2] and chosen.loc["b", "share"] == 0.5


def test_small_groups_have_no_discrimination():
    small = responses_frame([{"person": "p1", "item": "q", "fraction": 1.0, "response": "a"}])
    row = item_analysis(small).iloc[0]
    assert row["discrimination"] is None and row["upper_lower"] is None
    assert item_analysis(responses_frame([])).empty


def test_cohort_gain():
    pre = pd.DataFrame([{"learner": 1, "module": "risk", "score": 0.25}, {"learner": 2, "module": "risk", "score": 0.5},
                        {"learner": 3, "module": "risk", "score": 0.0}])
    post = pd.DataFrame([{"learner": 1, "module": "risk", "score": 0.75}, {"learner": 2, "module": "risk", "score": 1.0}])
    row = cohort_gain(pre, post).iloc[0]
    assert row["learners"] == 2  # learner 3 took only the pre-test
    assert row["pre"] == pytest.approx(0.375) and row["post"] == pytest.approx(0.875)
    assert row["gain"] == pytest.approx(0.5) and row["normalised_gain"] == pytest.approx(0.5 / 0.625)


def test_exports_hold_every_row():
    analysis = item_analysis(frame())
    csv = to_csv(frame()).decode()
    assert csv.splitlines()[0].replace('"', "") == "person,item,fraction,response" and "['b', 'c']" in csv
    workbook = pd.read_excel(io.BytesIO(to_excel({"items": analysis, "responses": frame()})), sheet_name=None)
    assert set(workbook) == {"items", "responses"} and len(workbook["responses"]) == 16
