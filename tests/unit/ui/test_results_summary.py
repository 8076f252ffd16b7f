"""A live results chart in words: every option's letter and count, in the chart's order, the correct ones named."""
from itlead.i18n import set_locale
from itlead.ui.live_views import results_summary


def test_every_option_is_counted_in_order_and_the_correct_one_is_named():
    set_locale("en")
    options = [("b", "A", "Beta"), ("a", "B", "Alpha"), ("c", "C", "Gamma")]
    assert results_summary({"a": 12, "b": 3}, options, {"a"}) == "A: 3, B: 12 (correct), C: 0"
    assert results_summary({}, options, set()) == "A: 0, B: 0, C: 0"  # before the reveal: no answer key


def test_the_summary_is_in_the_room_language():
    set_locale("fr")
    try:
        assert results_summary({"a": 1}, [("a", "A", "Alpha")], {"a"}) == "A: 1 (correcte)"
    finally:
        set_locale("en")
