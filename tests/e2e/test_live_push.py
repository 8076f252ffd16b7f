"""Phones follow the session's event stream under `serve.py`: a change the facilitator makes shows on a phone
long before the panel's safety-net timer would have rerun it, and a reloaded phone follows the stream again."""
import time

import pytest
from playwright.sync_api import Page, expect

from itlead.store import Store, make_engine
from itlead.ui import refresh
from itlead.workshop.live import Live

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from .test_learner_journey import click

PUSHED = 8_000  # ms: well under the safety net, so only the stream can explain the change
assert PUSHED < refresh.SAFETY_NET * 1000


@pytest.fixture
def pushed_room(tmp_path):
    url = f"sqlite:///{tmp_path / 'push.db'}"
    engine = make_engine(url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.create("Push", ["sample.q-single", "sample.q-tf"])
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course"),
                            "ITLEAD_FACILITATOR_PASSCODE": "push-passcode"}, port, script=ROOT / "serve.py")
    yield f"http://127.0.0.1:{port}", live, session
    stop_streamlit(proc)


def settle(page: Page) -> None:
    """Past the panel's first run, so the change below is news to the page script, whose stream is open (not
    fallen back to refreshing on a timer)."""
    page.wait_for_selector("[data-test-script-state='notRunning']")
    page.wait_for_function("() => window.itleadLive && window.itleadLive.source.readyState === EventSource.OPEN")
    page.wait_for_timeout(1000)


def test_a_phone_shows_each_change_as_it_happens(pushed_room, browser):
    base, live, session = pushed_room
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{base}/join?join={session.code}")
    phone.get_by_role("textbox", name="Your nickname").fill("Ana")
    click(phone, "Join")
    expect(phone.get_by_text("Waiting for the facilitator to start", exact=False)).to_be_visible()
    assert not phone.locator(".st-key-live-refresh").is_visible()  # the refresh button is the script's, not the user's
    settle(phone)

    live.act(session.id, "open")
    expect(phone.get_by_text("Under TFA Article 7.4", exact=False)).to_be_visible(timeout=PUSHED)
    phone.get_by_test_id("stRadio").first.get_by_role("radiogroup").locator("label").nth(2).click()
    click(phone, "Send my answer")
    expect(phone.get_by_text("Your answer is saved.").first).to_be_visible()
    settle(phone)

    live.act(session.id, "lock")
    expect(phone.get_by_text("Answers are closed. Yours is saved", exact=False)).to_be_visible(timeout=PUSHED)
    phone.reload()  # a reloaded phone follows the stream again
    expect(phone.get_by_text("Answers are closed. Yours is saved", exact=False)).to_be_visible()
    assert phone.get_by_role("dialog").count() == 0 and "/join?" in phone.url  # the participant's own layout
    assert phone.get_by_text("Open the course").count() == 1 and phone.get_by_text("Facilitate").count() == 0
    settle(phone)
    started = time.monotonic()
    live.act(session.id, "reveal")
    expect(phone.get_by_text("Correct", exact=False).first).to_be_visible(timeout=PUSHED)
    assert time.monotonic() - started < refresh.SAFETY_NET
    phone.context.close()
