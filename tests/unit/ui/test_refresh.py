"""When a phone's live panel reruns: by the session's state, and the page script that follows the stream."""
from itlead.ui import refresh


def test_polling_intervals_follow_what_can_change_next():
    assert refresh.interval("lobby", False) == refresh.LOBBY
    assert refresh.interval("open", False) == refresh.ANSWERING
    assert refresh.interval("open", True) == refresh.ANSWERED > refresh.ANSWERING  # only the lock is still to come
    assert refresh.interval("locked", True) == refresh.WAITING_FOR_REVEAL
    assert refresh.interval("revealed", True) == refresh.AFTER_REVEAL
    assert refresh.interval("ended", False) is None  # nothing changes any more: the timer stops


def test_with_the_event_stream_the_timer_is_only_a_safety_net_except_for_a_countdown():
    for state in ("lobby", "open", "locked", "revealed"):
        assert refresh.interval(state, False, pushed=True) == refresh.SAFETY_NET
    assert refresh.interval("open", False, pushed=True, timed=True) == refresh.COUNTDOWN
    assert refresh.interval("open", True, pushed=True, timed=True) == refresh.SAFETY_NET  # answered: no hurry
    assert refresh.interval("ended", False, pushed=True) is None


def test_the_page_script_carries_the_token_as_a_string_that_cannot_end_the_script():
    script = refresh.follow_script('a"b</script><img src=x>', "/live-events")
    assert '"a\\"b\\u003c/script>\\u003cimg src=x>"' in script
    assert script.count("</script>") == 1
    assert 'new EventSource("/live-events?p=" + encodeURIComponent(token))' in script
    assert f".st-key-{refresh.BUTTON_KEY} button" in script
    assert f".st-key-{refresh.BUTTON_KEY} {{ display: none; }}" in refresh.HIDE_BUTTON
