"""A live workshop as a room runs it, in real browsers: a facilitator with a projector, and three phones on a
second browser origin served by a second `streamlit run` process on the same database. One multiple-choice item,
one case vote and the evaluation. The projector comes from a signed projector link: no sidebar, no passcode,
the same letters and order as the phones, and nothing once the link is revoked."""
import re

import pytest
from playwright.sync_api import Page, expect

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

PASSCODE = "freeport-2015"
PUBLIC = "http://192.0.2.10:{port}"  # TEST-NET-1: shown to phones, never contacted
NOT_REACHABLE = "Phones cannot open this address"


@pytest.fixture
def room(tmp_path):
    """Server A (facilitator, projector) knows only loopback; server B (phones) has ITLEAD_PUBLIC_URL."""
    base = {"ITLEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'room.db'}", "ITLEAD_CONTENT_DIR": str(ROOT),
            "ITLEAD_FACILITATOR_PASSCODE": PASSCODE, "ITLEAD_LAN_ADDRESS": "off", "ITLEAD_PUBLIC_URL": ""}
    a, b = free_port(), free_port()
    procs = [start_streamlit(base, a), start_streamlit({**base, "ITLEAD_PUBLIC_URL": PUBLIC.format(port=b)}, b)]
    yield f"http://127.0.0.1:{a}", f"http://localhost:{b}", PUBLIC.format(port=b)
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def new_page(browser, width: int, height: int) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def sign_in(page: Page, server: str) -> None:
    page.goto(f"{server}/facilitate")
    page.get_by_label("Facilitator passcode").fill(PASSCODE)
    click(page, "Enter")
    expect(page.get_by_role("heading", name="Facilitate")).to_be_visible()


def join_code(page: Page, previous: str | None = None) -> str:
    """The join code the Facilitate page shows; with `previous`, once the page shows a new session's code (right
    after "Create session" the page may still show the last one until its rerun draws the new session)."""
    heading = page.get_by_text("Join code:")
    if previous:
        expect(heading).not_to_have_text(re.compile(re.escape(previous)))
    return heading.inner_text().split(":")[-1].strip().strip("`")


def join(browser, server: str, code: str, names: list[tuple[str, str]]) -> list[Page]:
    phones = []
    for name, team in names:
        page = new_page(browser, 390, 844)
        page.goto(f"{server}/join?join={code}")
        page.get_by_role("textbox", name="Your nickname").fill(name)
        page.get_by_role("textbox", name="Your table or team (optional)").fill(team)
        click(page, "Join")
        expect(page.get_by_text(f"Joined as {name}")).to_be_visible()
        phones.append(page)
    return phones


def projected_options(projector: Page) -> list[tuple[str, str]]:
    """(letter, label) as the projector lists them."""
    block = projector.locator(".st-key-projected-options")
    expect(block).to_be_visible()
    out = []
    for text in block.get_by_test_id("stMarkdownContainer").all_inner_texts():
        letter, label = text.strip().split(". ", 1)
        out.append((letter, label.strip()))
    return out


def phone_options(phone: Page) -> list[tuple[str, str]]:
    """(letter, label) of the phone's radio options, in the order shown."""
    wait_idle(phone)
    group = phone.get_by_test_id("stRadio").first.get_by_role("radiogroup")
    expect(group).to_be_visible()
    labels = [t.strip() for t in group.locator("label").all_inner_texts() if t.strip()]
    return [tuple(t.split(". ", 1)) for t in labels]  # type: ignore[misc]


def test_a_room_with_a_projector_and_three_phones(room, browser):
    expect.set_options(timeout=TIMEOUT)  # two servers, five browsers and other work share two cores
    fac_server, phone_server, public = room
    fac = new_page(browser, 1280, 1000)
    sign_in(fac, fac_server)
    click(fac, "Create session")
    code = join_code(fac)
    expect(fac.get_by_text(NOT_REACHABLE)).to_be_visible()  # only loopback is known on server A

    # the projector link: opened in a fresh browser (no passcode), reloaded, and later revoked
    click(fac, "Create a projector link")
    link = fac.get_by_test_id("stCode").filter(has_text="/projection?screen=").first.inner_text().strip()
    projector = new_page(browser, 1280, 720)
    projector.goto(link)
    expect(projector.get_by_text(code, exact=True)).to_be_visible()
    projector.reload()
    expect(projector.get_by_text(code, exact=True)).to_be_visible()
    assert projector.get_by_label("Facilitator passcode").count() == 0
    assert projector.get_by_test_id("stSidebar").count() == 0
    assert not projector.get_by_test_id("stHeader").is_visible()
    assert projector.get_by_role("dialog").count() == 0  # no "Page not found" over the projected screen
    assert "/projection?" in projector.url
    qr = projector.locator("img.project-qr").bounding_box()
    assert qr is not None and qr["height"] >= 720 / 3, qr

    # a second facilitator window on the phones' server shows the configured public address
    other = new_page(browser, 1280, 1000)
    sign_in(other, phone_server)
    expect(other.get_by_text(f"{public}/join?join={code}")).to_be_visible()
    assert other.get_by_text(NOT_REACHABLE).count() == 0
    other.context.close()

    phones = join(browser, phone_server, code, [("Ana", "T1"), ("Ben", "T2"), ("Chloé", "T2")])
    click(fac, "Open")
    shown = projected_options(projector)
    assert [letter for letter, _l in shown] == ["A", "B", "C", "D"]
    for phone in phones:
        assert phone_options(phone) == shown  # the same letters and order on every phone as on the projector
    assert projector.get_by_text("correct", exact=False).count() == 0  # no answer key before the reveal
    for phone, pick in zip(phones, (0, 0, 1)):
        phone.get_by_test_id("stRadio").first.get_by_role("radiogroup").locator("label").nth(pick).click()
        click(phone, "Send my answer")
        expect(phone.get_by_text("Your answer is saved.").first).to_be_visible()
    phones[2].reload()  # a reconnecting phone shows its saved answer selected, and says it is saved
    wait_idle(phones[2])
    letter, label = shown[1]
    expect(phones[2].get_by_role("radio", name=f"{letter}. {label}", exact=True)).to_be_checked()
    expect(phones[2].get_by_text("Your answer is saved.").first).to_be_visible()
    expect(fac.get_by_text("3 / 3")).to_be_visible()
    click(fac, "Reveal")
    expect(projector.get_by_test_id("stVegaLiteChart")).to_be_visible()
    projector.get_by_test_id("stVegaLiteChart").hover()
    assert not projector.get_by_test_id("stElementToolbar").first.is_visible()  # no menu over the chart
    click(fac, "End")
    evaluate(phones[0], phone_server)
    case_vote(fac, projector, browser, phone_server, ended=code)

    # revoking the link stops the projector, live and after a reload
    wait_idle(fac)
    fac.get_by_test_id("stExpander").filter(has_text="Projector").locator("summary").click()
    click(fac, "Revoke")
    expect(projector.get_by_text("This projector link does not work any more")).to_be_visible()
    projector.reload()
    expect(projector.get_by_text("This projector link does not work any more")).to_be_visible()
    for page in [*phones, projector, fac]:
        page.context.close()


def evaluate(phone: Page, server: str) -> None:
    """The evaluation is accepted once: after a reload the phone says so and offers no form."""
    expect(phone.get_by_text("The session has ended")).to_be_visible()
    wait_idle(phone)
    for group in phone.get_by_test_id("stRadio").all():
        group.get_by_role("radiogroup").locator("label").nth(3).click()
    click(phone, "Send")
    expect(phone.get_by_text("your evaluation is saved")).to_be_visible()
    phone.reload()
    expect(phone.get_by_text("Your evaluation is already submitted")).to_be_visible()
    assert phone.get_by_test_id("stBaseButton-secondaryFormSubmit").count() + \
        phone.get_by_test_id("stBaseButton-primaryFormSubmit").count() == 0


def case_vote(fac: Page, projector: Page, browser, phone_server: str, ended: str) -> None:
    """The tables vote B; the facilitator's selector follows by itself, and the projector names the choice."""
    fac.get_by_text("A case study (tables vote)").click()
    click(fac, "Create session")
    code = join_code(fac, previous=ended)
    click(fac, "Create a projector link")
    link = fac.get_by_test_id("stCode").filter(has_text="/projection?screen=").first.inner_text().strip()
    projector.goto(link)
    phones = join(browser, phone_server, code, [("Ana", "T1"), ("Ben", "T2"), ("Chloé", "T2")])
    click(fac, "Open")
    shown = projected_options(projector)
    selector = fac.get_by_role("combobox", name=re.compile("^The room's decision"))
    expect(selector).to_have_value(f"A. {shown[0][1]}")
    for phone in phones:
        assert phone_options(phone) == shown  # the case vote: the same letters and order as the projector
        phone.get_by_test_id("stRadio").first.get_by_role("radiogroup").locator("label").nth(1).click()
        click(phone, "Send my answer")
        expect(phone.get_by_text("Your answer is saved.").first).to_be_visible()
    expect(selector).to_have_value(f"B. {shown[1][1]}")  # no click on the facilitator's side: it follows the votes
    click(fac, "Reveal")
    choice = projector.get_by_test_id("room-choice")
    expect(choice).to_contain_text(f"The room chose: B. {shown[1][1][:20]}")
    size = choice.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 40, size
    for phone in phones:
        phone.context.close()
