"""When a participant's phone reruns its live panel: when the server says the session changed, and otherwise by
a timer whose interval depends on what can change next.

Under `serve.py` the page follows the session's event stream (itlead/server/live_events.py): a small script
presses the panel's hidden refresh button when the session's version changes, and the timer is only a safety
net. Under plain `streamlit run app.py` there is no stream and the timer does the work.

`st.fragment(run_every=…)` fixes the interval when the page runs in full; a phone's panel then reruns on its own
hundreds of times without a full run. So the panel itself tells the browser its next interval, with the same
`auto_rerun` message that `run_every` sends (the browser replaces a fragment's timer when the interval differs,
and ignores a repeat). Each rerun costs the server a few milliseconds (docs/performance.md, "Conference scale").
"""
from __future__ import annotations

import json

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

# Seconds until the next rerun, by what the phone waits for. None: nothing changes any more; stop.
LOBBY = 3.0  # the facilitator starts: seen within 3 s, while people are still sitting down
ANSWERING = 2.0  # the item is open and unanswered: the countdown and the lock
ANSWERED = 4.0  # the answer is saved; only the lock changes what the phone shows
WAITING_FOR_REVEAL = 2.0  # the room looks at the phones when the facilitator reveals
AFTER_REVEAL = 3.0  # until the next item
SAFETY_NET = 20.0  # with the event stream: the lobby's head count, and a stream that died unnoticed
COUNTDOWN = 2.0  # a timed item's seconds left, which no event announces
BUTTON_KEY = "live-refresh"

HIDE_BUTTON = "<style>.st-key-live-refresh { display: none; }</style>"
FOLLOW = """<script>
(() => {{
  const token = {token};
  const current = window.itleadLive;
  if (current && current.token === token) return;
  if (current) current.close();
  let seen = null, timer = null;
  const refresh = () => {{
    const button = document.querySelector(".st-key-live-refresh button");
    if (button) button.click();
  }};
  const source = new EventSource("{path}?p=" + encodeURIComponent(token));
  source.onmessage = (event) => {{
    const [version, spread] = event.data.split(" ");
    if (seen !== null && version !== seen) setTimeout(refresh, Math.random() * (Number(spread) || 0));
    seen = version;
  }};
  source.onopen = () => {{ clearInterval(timer); timer = null; }};
  source.onerror = () => {{ if (timer === null) timer = setInterval(refresh, {fallback_ms}); }};
  window.itleadLive = {{ token, source, close: () => {{ source.close(); clearInterval(timer); }} }};
}})();
</script>"""


def interval(state: str, answered: bool, *, pushed: bool = False, timed: bool = False) -> float | None:
    """The next interval for a participant's panel in a session `state` ('lobby', 'open', …); `pushed` when the
    page follows the event stream, `timed` when the open item shows a countdown."""
    if state == "open" and timed and not answered:
        return COUNTDOWN
    if pushed:
        return SAFETY_NET if state != "ended" else None
    return {"lobby": LOBBY, "open": ANSWERED if answered else ANSWERING, "locked": WAITING_FOR_REVEAL,
            "revealed": AFTER_REVEAL}.get(state)


def follow_script(token: str, path: str) -> str:
    """The page script that follows the session's event stream and presses the refresh button on a change, after
    a random part of the spread the server sends with it; if the stream drops, it presses it every few seconds
    until the stream is back."""
    quoted = json.dumps(token).replace("<", "\\u003c")
    return FOLLOW.format(token=quoted, path=path, fallback_ms=int(ANSWERING * 1000))


def refresh_in(seconds: float | None) -> None:
    """From inside a self-refreshing fragment: rerun it every `seconds` from now on, or never again (None)."""
    ctx, fragment_id = get_script_run_ctx(suppress_warning=True), ThreadState.get().fragment_id
    if ctx is None or not fragment_id:
        return
    msg = ForwardMsg()
    if seconds is None:
        msg.stop_auto_rerun.fragment_ids.append(fragment_id)
    else:
        msg.auto_rerun.interval = seconds
        msg.auto_rerun.fragment_id = fragment_id
    ctx.enqueue(msg)
