"""Model-level rules of the content schema."""
import pytest
from pydantic import ValidationError

from itlead.content import Bank, LText, Module
from itlead.content.questions import Likert, MultipleResponse, Numeric, SingleChoice
from itlead.content.text import walk_texts

BASE = {"objective": "o", "references": ["TFA 7.4"], "stem": "s", "explanation": "e"}


def opt(i, correct=False, **kw):
    return {"id": f"o{i}", "text": f"t{i}", "correct": correct, "feedback": f"f{i}", **kw}


def error_text(exc: pytest.ExceptionInfo) -> str:
    return " | ".join(e["msg"] for e in exc.value.errors())


def test_localized_text_plain_or_mapping():
    assert LText.model_validate("Hello").get("es") == "Hello"
    text = LText.model_validate({"en": "Single window", "fr": "Guichet unique", "es": "Ventanilla única"})
    assert [text.get(loc) for loc in ("en", "fr", "es")] == ["Single window", "Guichet unique", "Ventanilla única"]
    assert list(text.locales()) == ["en", "fr", "es"]
    for bad, words in [({"de": "x", "en": "y"}, "unknown language 'de'"), ({"fr": "x"}, "English text ('en')"),
                       ("   ", "empty"), (42, "the number 42"), ("x" * 20_001, "limit is 20000")]:
        with pytest.raises(ValidationError) as exc:
            LText.model_validate(bad)
        assert words in error_text(exc)


def test_single_choice_option_rules():
    with pytest.raises(ValidationError) as exc:
        SingleChoice.model_validate({**BASE, "id": "q", "type": "single_choice", "options": [opt(1), opt(2)]})
    assert "exactly one correct option; found 0" in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        SingleChoice.model_validate({**BASE, "id": "q", "type": "single_choice",
                                     "options": [opt(1, True), {**opt(2), "id": "o1"}]})
    assert "option id 'o1' is used twice" in error_text(exc)


def test_scored_questions_need_explanation_objective_and_reference():
    data = {"id": "q", "type": "single_choice", "stem": "s", "options": [opt(1, True), opt(2)]}
    with pytest.raises(ValidationError) as exc:
        SingleChoice.model_validate(data)
    missing = {e["loc"][0] for e in exc.value.errors() if e["type"] == "missing"}
    assert missing == {"explanation", "objective"}
    with pytest.raises(ValidationError) as exc:
        SingleChoice.model_validate({**data, "objective": "o", "explanation": "e"})
    assert "at least one reference" in error_text(exc)


def test_every_option_needs_feedback():
    no_feedback = {"id": "o2", "text": "t"}
    with pytest.raises(ValidationError) as exc:
        SingleChoice.model_validate({**BASE, "id": "q", "type": "single_choice", "options": [opt(1, True), no_feedback]})
    assert exc.value.errors()[0]["loc"] == ("options", 1, "feedback")


@pytest.mark.parametrize(
    "options, words",
    [
        ([opt(1), opt(2), opt(3)], "at least one correct option; found 0"),
        ([opt(1, True), opt(2, True), opt(3, True)], "every option is correct"),
        ([opt(1, True, weight=0.5), opt(2, True, weight=0.4), opt(3, weight=-1)], "add up to 1; they add up to 0.9"),
        ([opt(1, True, weight=1), opt(2, True), opt(3)], "every option or for none"),
        ([opt(1, True, weight=1), opt(2, weight=0.2), opt(3, weight=0)], "found weight 0.2 with correct=False"),
    ],
)
def test_multiple_response_weight_rules(options, words):
    with pytest.raises(ValidationError) as exc:
        MultipleResponse.model_validate({**BASE, "id": "q", "type": "multiple_response", "options": options})
    assert words in error_text(exc)


def test_numeric_rules():
    base = {**BASE, "id": "n", "type": "numeric", "answer": 10, "feedback_correct": "y", "feedback_incorrect": "n"}
    assert Numeric.model_validate({**base, "relative_tolerance": 0.1}).allowed_error() == pytest.approx(1.0)
    with pytest.raises(ValidationError) as exc:
        Numeric.model_validate({**base, "tolerance": 1, "relative_tolerance": 0.1})
    assert "not both" in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        Numeric.model_validate({**base, "tolerance": 1, "mistakes": [{"value": 10.5, "feedback": "f"}]})
    assert "inside the tolerance" in error_text(exc)
    with pytest.raises(ValidationError):
        Numeric.model_validate({**base, "answer": float("inf")})


def test_likert_anchors_must_cover_the_ends():
    base = {"id": "l", "type": "likert", "stem": "s"}
    with pytest.raises(ValidationError) as exc:
        Likert.model_validate({**base, "anchors": {1: "low", 3: "mid"}})
    assert "levels 1 and 5" in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        Likert.model_validate({**base, "anchors": {1: "low", 5: "high", 6: "?"}})
    assert "outside the scale" in error_text(exc)
    assert Likert.model_validate({**base, "anchors": {1: "a", 5: "b"}}).scored is False


def test_self_assessment_bank_rules():
    statement = {"id": "s1", "type": "likert", "stem": "s", "anchors": {1: "a", 5: "b"}, "dimension": "strategy"}
    dims = [{"id": "strategy", "title": "Strategy & alignment", "modules": ["strategy"]}]
    bank = Bank.model_validate({"id": "sa", "title": "t", "purpose": "self_assessment", "dimensions": dims,
                                "questions": [statement]})
    assert bank.dimensions[0].modules == ("strategy",)
    with pytest.raises(ValidationError) as exc:
        Bank.model_validate({"id": "sa", "title": "t", "purpose": "self_assessment", "dimensions": dims,
                             "questions": [{**statement, "dimension": "other"}]})
    assert "not one of this bank's dimensions" in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        Bank.model_validate({"id": "sa", "title": "t", "purpose": "practice", "dimensions": dims,
                             "questions": [statement]})
    assert "belong to a self_assessment bank" in error_text(exc)


def test_module_rules(sample):
    data = sample.module("sample").model_dump(mode="json")
    data["mastery"]["bank"] = "elsewhere"
    with pytest.raises(ValidationError) as exc:
        Module.model_validate(data)
    assert "not listed in this module's banks" in error_text(exc)
    data = sample.module("sample").model_dump(mode="json")
    data["lessons"][0]["diagram"]["source"] = "not a graph at all"
    with pytest.raises(ValidationError) as exc:
        Module.model_validate(data)
    assert "a graphviz diagram cannot start with 'not a graph at all'" in error_text(exc)


def test_models_are_frozen(sample):
    with pytest.raises(ValidationError):
        sample.module("sample").number = 2  # type: ignore[misc]


def test_walk_texts_finds_nested_text(sample):
    bank = sample.banks["sample-check"]
    paths = [p for p, _ in walk_texts(bank)]
    assert "questions[0].options[1].feedback" in paths
    assert "questions[4].pairs[0].right" in paths
    likert = sample.banks["sample-reflect"].questions[1]
    assert "anchors.3" in [p for p, _ in walk_texts(likert)]
