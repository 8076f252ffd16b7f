"""What a learner sees of their answers, in a real browser: an answer left with Next, saved, revisited, reloaded
and resumed on another device is shown as given; `39,5` in French is 39.5; a wrong interactive try keeps the
learner's ordering and shows the feedback for what they chose; an ordering is solved with the keyboard alone."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from itlead.i18n import catalogue
from itlead.store import Store, make_engine

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

ITEMS = ["Plan the study", "Collect the data", "Analyse the results"]


@pytest.fixture
def answers_app(tmp_path):
    port, db = free_port(), tmp_path / "answers.db"
    proc = start_streamlit({"ITLEAD_DATABASE_URL": f"sqlite:///{db}",
                            "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "answers_course")}, port)
    yield f"http://127.0.0.1:{port}", f"sqlite:///{db}"
    stop_streamlit(proc)


def start(page: Page, server: str, name: str, lang: str = "en") -> str:
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server}/?lang={lang}")
    label = catalogue(lang).get("Your name or a nickname", "Your name or a nickname")
    page.get_by_label(label).fill(name)
    click(page, catalogue(lang).get("Start the course", "Start the course"))
    expect(page).to_have_url(re.compile(r"resume=[0-9A-Z-]+"))  # signed in: the resume link is in the address
    return re.search(r"resume=([0-9A-Z-]+)", page.url).group(1)


def option(page: Page, text: str):
    return page.get_by_role("radio", name=text, exact=True)


def test_an_answer_is_shown_as_given_after_next_save_revisit_reload_and_resume(answers_app, browser):
    server, _url = answers_app
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    code = start(page, server, "Answer Keeper")
    page.goto(f"{server}/pre_post?resume={code}&test=pretest")
    click(page, "Start the pre-test")
    expect(page.get_by_text("Question 1 / 2")).to_be_visible()
    option(page, "The time from arrival to release").check(force=True)
    wait_idle(page)
    click(page, "Next")  # left without saving
    expect(page.get_by_text("Question 2 / 2")).to_be_visible()
    click(page, "Previous")
    expect(page.get_by_text("Question 1 / 2")).to_be_visible()
    expect(option(page, "The time from arrival to release")).to_be_checked()  # the draft came back
    expect(page.get_by_text("Your answer is kept")).to_be_visible()

    option(page, "The number of officers").check(force=True)
    wait_idle(page)
    click(page, "Save answer")
    expect(option(page, "The number of officers")).to_be_checked()  # right after saving
    click(page, "Next")
    click(page, "Previous")
    expect(option(page, "The number of officers")).to_be_checked()  # on revisiting
    page.reload()
    wait_idle(page)
    expect(page.get_by_text("Question 1 / 2")).to_be_visible()
    expect(option(page, "The number of officers")).to_be_checked()  # after a reload
    context.close()

    other = browser.new_context(viewport={"width": 390, "height": 844})  # another device
    phone = other.new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{server}/pre_post?resume={code}&test=pretest")
    expect(phone.get_by_text("Question 2 / 2")).to_be_visible()  # the first question still to answer
    click(phone, "Previous")
    expect(phone.get_by_text("Question 1 / 2")).to_be_visible()
    expect(option(phone, "The number of officers")).to_be_checked()
    other.close()


def stored_eventually(store: Store, attempt_id: int, question_id: str, seconds: float = 30) -> list:
    """The stored responses to a question, once the save the page was asked for has reached the database."""
    deadline = time.monotonic() + seconds
    while True:
        found = [r.response for r in store.responses(attempt_id) if r.question_id == question_id]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_decimal_comma_in_french_is_read_as_a_decimal(answers_app, browser):
    server, url = answers_app
    fr = catalogue("fr")
    page = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US").new_page()  # an English browser
    code = start(page, server, "Francophone", lang="fr")
    page.goto(f"{server}/pre_post?resume={code}&test=pretest&lang=fr")
    click(page, fr["Start the {test}"].format(test=fr["Pre-test"].lower()))
    click(page, fr["Next"])
    field = page.get_by_role("textbox", name=fr["Your answer"] + " (heures)")
    field.fill("39,5")
    field.press("Enter")
    wait_idle(page)
    click(page, fr["Save answer"])
    expect(field).to_have_value("39,5")
    store = Store(make_engine(url))
    learner = store.learner_by_code(code)
    attempt = store.attempts(learner.id, purpose="pretest")[-1]
    assert stored_eventually(store, attempt.id, "release.pre-average") == [39.5]
    page.reload()
    wait_idle(page)
    field = page.get_by_role("textbox", name=fr["Your answer"] + " (heures)")
    expect(field).to_have_value("39,5")  # shown back in French

    field.fill("39.5.1")
    field.press("Enter")
    wait_idle(page)
    click(page, fr["Save answer"])
    expect(page.get_by_text(re.compile("Ce n'est pas un nombre"))).to_be_visible()  # refused, never changed
    assert [r.response for r in store.responses(attempt.id) if r.question_id == "release.pre-average"] == [39.5]


def shown_order(page: Page) -> list[str]:
    """The ordering list as the learner sees it, top to bottom."""
    boxes = {text: page.get_by_text(re.compile(rf"^\d\. {re.escape(text)}$")).bounding_box()["y"] for text in ITEMS}
    return sorted(ITEMS, key=boxes.__getitem__)


def test_a_wrong_interactive_try_keeps_the_ordering_and_shows_the_chosen_feedback(answers_app, browser):
    server, _url = answers_app
    page = browser.new_context(viewport={"width": 1200, "height": 1000}).new_page()
    code = start(page, server, "Retrier")
    page.goto(f"{server}/learn?resume={code}&module=release&section=check")
    click(page, "Start the check")
    expect(page.get_by_text("Question 1 / 2")).to_be_visible()
    before = shown_order(page)
    assert before != ITEMS  # an ordering is never shown solved
    click(page, "Check")
    expect(page.get_by_text(re.compile("^Not quite|^Partly correct"))).to_be_visible()
    expect(page.get_by_text("You cannot analyse data you have not collected.", exact=False)).to_be_visible()
    assert shown_order(page) == before  # the learner's order is kept for the second try

    click(page, "Next")
    expect(page.get_by_text("Question 2 / 2")).to_be_visible()
    option(page, "The number of officers at the border").check(force=True)
    wait_idle(page)
    click(page, "Check")
    expect(page.get_by_text("Staff numbers are an input, not what the study measures.")).to_be_visible()
    expect(option(page, "The number of officers at the border")).to_be_checked()  # kept for the retry
    expect(page.get_by_text("Think of the trader's wait.", exact=False)).to_be_visible()


def press_by_keyboard(page: Page, button) -> None:
    """Tab to `button` and press Enter: the keyboard alone acts on the page."""
    handle = button.element_handle()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            page.keyboard.press("Enter")
            wait_idle(page)
            return
    raise AssertionError("the button cannot be reached with Tab")


def test_an_ordering_is_solved_with_the_keyboard_alone(answers_app, browser):
    server, _url = answers_app
    page = browser.new_context(viewport={"width": 1200, "height": 1000}).new_page()
    code = start(page, server, "Keyboard Orderer")
    page.goto(f"{server}/learn?resume={code}&module=release&section=check")
    click(page, "Start the check")
    expect(page.get_by_text("Question 1 / 2")).to_be_visible()
    ids = {"Plan the study": "plan", "Collect the data": "collect", "Analyse the results": "analyse"}
    for place, item in enumerate(ITEMS):
        while shown_order(page).index(item) > place:  # the item's own Up button (its key names the item)
            press_by_keyboard(page, page.locator(f"[class*='-up-{ids[item]}'] button"))
    assert shown_order(page) == ITEMS
    press_by_keyboard(page, page.get_by_test_id(re.compile("^stBaseButton")).filter(has_text=re.compile("^Check$")))
    expect(page.get_by_text("Correct.", exact=False).first).to_be_visible()


def test_a_new_lesson_starts_at_the_top(answers_app, browser):
    server, _url = answers_app
    page = browser.new_context(viewport={"width": 1000, "height": 420}).new_page()  # short: the page scrolls
    code = start(page, server, "Scroller")
    page.goto(f"{server}/learn?resume={code}&module=release&section=lessons")
    expect(page.get_by_role("heading", name="What a time release study measures")).to_be_visible()
    page.get_by_test_id(re.compile("^stBaseButton")).filter(has_text=re.compile("^Next lesson$")).scroll_into_view_if_needed()
    scrolled = "() => Math.max(window.scrollY, (document.querySelector('[data-testid=stMain]') || {}).scrollTop || 0)"
    assert page.evaluate(scrolled) > 0
    click(page, "Next lesson")
    expect(page.get_by_role("heading", name="What the findings show")).to_be_visible()
    page.wait_for_function(f"() => ({scrolled})() === 0")  # back at the top
    assert "section=lessons" in page.url
