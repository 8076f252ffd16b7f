"""A headless Streamlit client: it speaks the app's websocket protocol, so many participants can be
simulated without browsers. Loopback only; every call is bounded by a timeout.

It connects to /_stcore/stream with the `streamlit` subprotocol, sends BackMsg.rerun_script with a
ClientState (query string, page, widget states), and reads ForwardMsgs until script_finished.
"""
from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class RunResult:
    seconds: float
    messages: list[ForwardMsg] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Markdown, headings and alerts written during the run."""
        out = []
        for msg in self.messages:
            if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind in ("markdown", "heading", "alert"):
                out.append(getattr(element, kind).body)
        return out

    def query_string(self) -> str | None:
        """The URL query the page set during the run (st.query_params), if it changed."""
        found = None
        for msg in self.messages:
            if msg.WhichOneof("type") == "page_info_changed":
                found = msg.page_info_changed.query_string
        return found

    def auto_reruns(self) -> dict[str, float]:
        """Fragment id -> interval in seconds, for each self-refreshing fragment the run declared: a browser
        reruns each such fragment alone at its interval."""
        return {msg.auto_rerun.fragment_id: msg.auto_rerun.interval for msg in self.messages
                if msg.WhichOneof("type") == "auto_rerun"}

    def widgets(self) -> dict[str, tuple[str, Any]]:
        """Widget label -> (kind, proto) for the widgets of the run (the last one of a label wins)."""
        out = {}
        for msg in self.messages:
            if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            proto = getattr(element, kind)
            if hasattr(proto, "id") and hasattr(proto, "label") and proto.id:
                out[proto.label] = (kind, proto)
        return out


class StreamlitClient:
    def __init__(self, base_url: str, timeout: float = 30.0, headers: dict[str, str] | None = None):
        """`headers` go with the websocket handshake, e.g. X-Forwarded-For to stand for another client."""
        parsed = urlparse(base_url)
        if parsed.hostname not in LOOPBACK:
            raise ValueError("the headless client only talks to loopback addresses")
        self.timeout = timeout
        sock = socket.create_connection((parsed.hostname, parsed.port or 80), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms Nagle stalls in the timings
        self._connection = connect(f"ws://{parsed.netloc}/_stcore/stream", sock=sock,
                                   subprotocols=["streamlit"],  # type: ignore[list-item]
                                   open_timeout=timeout, max_size=None, additional_headers=headers)
        self.ws = self._connection.__enter__()

    def rerun(self, query_string: str = "", page_name: str = "", widget_states: list[WidgetState] | None = None,
              page_script_hash: str = "", fragment_id: str = "") -> RunResult:
        """Run the page (or, with `fragment_id`, only that fragment, as a browser's auto-refresh does) and read
        until the run finishes."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_name = page_name
        state.page_script_hash = page_script_hash
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = not widget_states
        if widget_states:
            state.widget_states.widgets.extend(widget_states)
        started = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        messages = []
        deadline = started + self.timeout
        while True:  # a run that calls st.rerun() finishes early and is followed by another run
            raw = self.ws.recv(timeout=max(0.1, deadline - time.perf_counter()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)  # type: ignore[arg-type]
            messages.append(forward)
            if (forward.WhichOneof("type") == "script_finished"
                    and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return RunResult(time.perf_counter() - started, messages)

    def click(self, widget_id: str, values: list[WidgetState] | None = None, **rerun_args: str) -> RunResult:
        """Press a button (with other widgets' values, e.g. the inputs of its form)."""
        state = WidgetState()
        state.id = widget_id
        state.trigger_value = True
        return self.rerun(widget_states=[*(values or []), state], **rerun_args)

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    def __enter__(self) -> "StreamlitClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def text_value(widget_id: str, value: str) -> WidgetState:
    """The value of a text input, or of a radio or selectbox (which send the label of the chosen option)."""
    state = WidgetState()
    state.id = widget_id
    state.string_value = value
    return state


def option_label(radio: Any, text: str) -> str:
    """The label a radio shows for the option whose text is `text` (live options carry a letter: "B. text")."""
    return next((o for o in radio.options if o == text or o.endswith(f". {text}")), text)


class EventStream:
    """A participant's server-sent event stream (serve.py's /live-events), read as the page script reads it. A raw
    socket, so that a read may time out and the stream still be read afterwards; the chunked framing's size lines
    never start with "data:", so lines are enough."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0, headers: dict[str, str] | None = None):
        parsed = urlparse(base_url)
        if parsed.hostname not in LOOPBACK:
            raise ValueError("the headless client only talks to loopback addresses")
        self.sock = socket.create_connection((parsed.hostname, parsed.port or 80), timeout=timeout)
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self.sock.sendall(f"GET /live-events?p={quote(token)} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
                          f"Accept: text/event-stream\r\n{extra}\r\n".encode())
        self._buffer = b""
        status = self._line(timeout)
        if status is None or " 200 " not in status:
            raise RuntimeError(f"event stream refused: {status}")

    def _line(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                return None
            if not data:
                raise ConnectionError("the event stream closed")
            self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode().rstrip("\r")

    def next(self, timeout: float) -> str | None:
        """The next event's data, or None when nothing came within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while (line := self._line(max(0.0, deadline - time.monotonic()))) is not None:
            if line.startswith("data:"):
                return line[5:].strip()
        return None

    def close(self) -> None:
        self.sock.close()
