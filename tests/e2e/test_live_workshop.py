"""A live workshop in real browsers: a facilitator and three participants, from join to reveal. The
facilitator and the participants use two different `streamlit run` processes on one PostgreSQL database,
which proves that all live state lives in the database."""
import re

import pytest
from playwright.sync_api import expect

from tests import postgres

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

PASSCODE = "freeport-2015"


@pytest.fixture
def two_servers(postgres_server):
    url = postgres.create_database(postgres_server)
    env = {"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "course"),
           "ITLEAD_FACILITATOR_PASSCODE": PASSCODE}
    ports = [free_port(), free_port()]
    procs = [start_streamlit(env, port) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def test_facilitator_and_three_participants_on_two_processes(two_servers, browser):
    facilitator_server, participant_server = two_servers
    fac = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    fac.set_default_timeout(TIMEOUT)
    fac.goto(f"{facilitator_server}/facilitate")
    fac.get_by_label("Facilitator passcode").fill(PASSCODE)
    click(fac, "Enter")
    expect(fac.get_by_role("heading", name="Facilitate")).to_be_visible()
    click(fac, "Create session")
    code_text = fac.get_by_text("Join code:").inner_text()
    code = code_text.split(":")[-1].strip().strip("`")
    assert len(code) == 6, code_text

    phones = []
    for name in ("Ana", "Ben", "Chloé"):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"{participant_server}/join?join={code}")
        page.get_by_role("textbox", name="Your nickname").fill(name)
        click(page, "Join")
        expect(page.get_by_text(f"Joined as {name}")).to_be_visible()
        phones.append(page)

    click(fac, "Open")
    for page, option in zip(phones, ("On high-risk consignments", "On high-risk consignments",
                                     "On every consignment equally")):
        expect(page.get_by_text("Under TFA Article 7.4, where should control concentrate?")).to_be_visible()
        wait_idle(page)
        page.get_by_text(re.compile(rf"^[A-Z]\. {re.escape(option)}$")).click()  # lettered as on the projector
        click(page, "Send my answer")
        expect(page.get_by_text("Your answer is saved.")).to_be_visible()

    expect(fac.get_by_text("3 / 3")).to_be_visible()  # the live count, refreshed by itself
    click(fac, "Reveal")
    expect(phones[0].get_by_text("Correct.", exact=False).first).to_be_visible()
    expect(phones[2].get_by_text("Not quite.", exact=False).first).to_be_visible()
    for page in phones:
        page.context.close()
    fac.context.close()
