"""Findings 1 and 3 against a real `streamlit run`: clients told apart by X-Forwarded-For over loopback (the app
trusts that header only from a loopback peer, i.e. a reverse proxy on the same machine)."""
from __future__ import annotations

import re
import time

import pytest

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from ..helpers.ws_client import StreamlitClient, text_value

PASSCODE = "the-right-passcode"


@pytest.fixture
def server(tmp_path):
    port, log = free_port(), tmp_path / "console.log"
    env = {"ITLEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'sec.db'}", "ITLEAD_DATA_DIR": str(tmp_path),
           "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "e2e_course")}
    proc = start_streamlit(env, port, log=log)
    yield f"http://127.0.0.1:{port}", log
    stop_streamlit(proc)


def _as(client_ip: str, url: str) -> StreamlitClient:
    return StreamlitClient(url, headers={"X-Forwarded-For": client_ip})


def _submit(client: StreamlitClient, page, button: str, values: dict[str, str]):
    widgets = page.widgets()
    states = [text_value(widgets[label][1].id, value) for label, value in values.items()]
    return client.click(widgets[button][1].id, states, page_name="facilitate")


def _token(log) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = re.search(r"one-time setup token: (\S+)", log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.2)
    raise AssertionError("no setup token on the console")


def test_first_run_and_passcode_throttle_per_forwarded_client(server):
    url, log = server
    with _as("10.9.0.1", url) as learner:  # a learner on the Wi-Fi reaches /facilitate first
        page = learner.rerun(page_name="facilitate")
        assert any("setup token" in t for t in page.texts())
        fields = {"Setup token": "a-guess", "New passcode (at least 8 characters)": PASSCODE,
                  "Repeat the passcode": PASSCODE}
        page = _submit(learner, page, "Set passcode", fields)
        assert any("Wrong setup token" in t for t in page.texts())
        assert "Facilitate" not in page.texts()
    with _as("10.9.0.2", url) as facilitator:  # the facilitator, with the token from the server's console
        page = facilitator.rerun(page_name="facilitate")
        page = _submit(facilitator, page, "Set passcode", {**fields, "Setup token": _token(log)})
        assert "Facilitate" in page.texts()
    with _as("10.9.0.3", url) as guesser:
        page = guesser.rerun(page_name="facilitate")
        for i in range(5):
            page = _submit(guesser, page, "Enter", {"Facilitator passcode": f"guess-{i}"})
            assert any("Wrong passcode" in t for t in page.texts())
        page = _submit(guesser, page, "Enter", {"Facilitator passcode": PASSCODE})
        assert any("Too many attempts" in t for t in page.texts())
    with _as("10.9.0.4", url) as other:  # another address is not locked out by the guesser
        page = other.rerun(page_name="facilitate")
        page = _submit(other, page, "Enter", {"Facilitator passcode": PASSCODE})
        assert "Facilitate" in page.texts()


def test_escaped_text_renders_as_plain_text_in_the_browser(tmp_path, browser):
    """Finding 7 in Streamlit's own renderer: no icon, colour, heading, link or markup from participant text."""
    from tests.unit.ui.test_escape_md import PROBE

    port = free_port()
    proc = start_streamlit({"PYTHONPATH": str(ROOT)}, port, script=ROOT / "tests" / "e2e" / "apps" / "escape_probe.py",
                           log=tmp_path / "console.log")
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("[data-test-script-state='notRunning']", timeout=60_000)
        page.get_by_text("done").wait_for(timeout=30_000)
        for number, text in enumerate(PROBE):
            box = page.locator(f".st-key-probe-{number} [data-testid='stMarkdownContainer']")
            tags = box.evaluate("el => [...el.querySelectorAll('*')].map(e => e.tagName.toLowerCase())")
            assert set(tags) <= {"p", "br"}, (text, tags)  # no a, h1, h2, span (icons, colours), code, table
            shown = " ".join(box.inner_text().replace("\u2060", "").split())
            assert shown == " ".join(text.split()), (text, shown)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
