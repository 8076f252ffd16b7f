"""Keyboard alone, in a real browser: a module check with every question type (single choice, multiple response,
true/false, ordering, matching, numeric) answered and checked with Tab, Space, arrows, typing and Enter; after Next
the focus is on the new question; the focused control is visibly marked; a case is played to its ending; and a
participant joins a live session and answers its item. No mouse click on the learner's or participant's side."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from itlead.content.loader import load_course
from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

COURSE = ROOT / "tests" / "fixtures" / "course"
PASSCODE = "keyboard-only-2026"


@pytest.fixture(scope="module")
def keyboard_app(tmp_path_factory):
    port, db = free_port(), tmp_path_factory.mktemp("keyboard") / "keyboard.db"
    proc = start_streamlit({"ITLEAD_DATABASE_URL": f"sqlite:///{db}", "ITLEAD_CONTENT_DIR": str(COURSE),
                            "ITLEAD_FACILITATOR_PASSCODE": PASSCODE, "ITLEAD_LAN_ADDRESS": "off",
                            "ITLEAD_PUBLIC_URL": ""}, port)
    yield f"http://127.0.0.1:{port}"
    stop_streamlit(proc)


def focused_in(page: Page, target: Locator) -> bool:
    """Whether keyboard focus is on `target` or inside it."""
    return page.evaluate("el => el === document.activeElement || el.contains(document.activeElement)",
                         target.element_handle())


LOOK = """start => {
  const out = [];
  for (let el = start, i = 0; el && i < 4; i++, el = el.parentElement) {
    const s = getComputedStyle(el);
    out.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor]);
  }
  return JSON.stringify(out);
}"""
SEEN: set[str] = set()  # the kinds of control whose focus indicator was already checked


def focus_is_visible(page: Page) -> str:
    """'' when the focused control looks different from the same control unfocused (an outline, a shadow, a border
    or background colour, on itself or on what draws it: a radio's input is drawn by its label), else what was
    seen. Checked once per kind of control; styles are read after their transitions."""
    handle = page.evaluate_handle("() => document.activeElement")
    kind = handle.evaluate("e => [e.tagName, e.type, e.getAttribute('role'), "
                           "e.closest('[data-testid^=st]')?.dataset.testid].join('/')")
    if kind in SEEN:
        return ""
    page.wait_for_timeout(400)
    focused = handle.evaluate(f"el => el === document.activeElement && ({LOOK})(el)")
    handle.evaluate("el => el.blur()")
    page.wait_for_timeout(400)
    blurred = handle.evaluate(f"el => ({LOOK})(el)")
    handle.evaluate("el => el.focus()")
    if focused is False:  # a rerun moved the focus meanwhile: look again on the next Tab
        return ""
    SEEN.add(kind)
    return "" if focused != blurred else f"{kind} looks the same focused and not: {focused}"


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until focus reaches `target`; the focused control must be visibly marked."""
    target.wait_for()
    for _ in range(limit):
        if focused_in(page, target):
            problem = focus_is_visible(page)
            assert not problem, f"the focused control has no visible focus indicator: {problem}"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches {target}")


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)
    wait_idle(page)


def button(page: Page, name: str) -> Locator:
    return page.get_by_test_id(re.compile("^stBaseButton")).filter(has_text=re.compile(f"^{re.escape(name)}$"))


def text_of(value) -> str:
    return value.get("en") if hasattr(value, "get") else str(value)


def answer(page: Page, question) -> None:
    """Give the right answer with the keyboard alone."""
    if isinstance(question, (SingleChoice, TrueFalse)):
        wanted = (next(text_of(o.text) for o in question.options if o.correct) if isinstance(question, SingleChoice)
                  else ("True" if question.answer else "False"))
        radio = page.get_by_role("radio", name=wanted, exact=True)
        tab_to(page, page.get_by_test_id("stRadio").filter(has=radio))  # the group; then arrows move the choice
        for _ in range(8):
            if radio.is_checked():
                break
            page.keyboard.press("ArrowDown" if page.evaluate("() => document.activeElement.checked") else "Space")
            wait_idle(page)
        expect(radio).to_be_checked()
    elif isinstance(question, MultipleResponse):
        for option in question.options:
            if option.correct:
                box = page.get_by_role("checkbox", name=text_of(option.text), exact=True)
                press(page, box, "Space")
                expect(box).to_be_checked()
    elif isinstance(question, Matching):
        for pair in question.pairs:
            select = page.get_by_role("combobox", name=text_of(pair.left), exact=True)
            tab_to(page, select)
            page.keyboard.type(text_of(pair.right)[:18])
            page.keyboard.press("Enter")
            wait_idle(page)
            expect(select).to_have_value(text_of(pair.right))
    elif isinstance(question, Numeric):
        field = page.get_by_role("textbox", name=re.compile("^Your answer"))
        tab_to(page, field)
        page.keyboard.type(f"{question.answer:g}")
        page.keyboard.press("Enter")
        wait_idle(page)
    elif isinstance(question, Ordering):
        wanted = [text_of(i.text) for i in question.items]
        for place, item in enumerate(wanted):
            while shown_order(page, wanted).index(item) > place:
                item_id = next(i.id for i in question.items if text_of(i.text) == item)
                press(page, page.locator(f"[class*='-up-{item_id}'] button"))
    else:
        raise AssertionError(f"no keyboard answer for {type(question).__name__}")


def shown_order(page: Page, items: list[str]) -> list[str]:
    """The items top to bottom, once the run that moved one has drawn them all."""
    wait_idle(page)
    ys = {}
    for text in items:
        item = page.get_by_text(re.compile(rf"^\d\. {re.escape(text)}$"))
        item.wait_for()
        box = item.bounding_box()
        while box is None:  # redrawn between the wait and the measure
            page.wait_for_timeout(100)
            box = item.bounding_box()
        ys[text] = box["y"]
    return sorted(items, key=ys.__getitem__)


def start_by_keyboard(page: Page, server: str, name: str) -> str:
    page.goto(server)
    wait_idle(page)
    field = page.get_by_label("Your name or a nickname")
    tab_to(page, field)
    page.keyboard.type(name)
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_text(f"Welcome, {name}")).to_be_visible()
    return re.search(r"resume=([0-9A-Z-]+)", page.url).group(1)


def test_a_check_with_every_question_type_by_keyboard_alone(keyboard_app, browser):
    course = load_course(COURSE).course
    bank = course.banks["sample-check"]
    by_stem = {text_of(q.stem): q for q in bank.questions}
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(TIMEOUT)
    code = start_by_keyboard(page, keyboard_app, "Keys Only")
    page.goto(f"{keyboard_app}/learn?resume={code}&module=sample&section=check")
    press(page, button(page, "Start the check"))
    answered = set()
    total = len(bank.questions)
    for n in range(1, total + 1):
        heading = page.locator("[class*='st-key-question-']").filter(has_text=f"Question {n} / {total}")
        expect(heading).to_be_visible()
        if n > 1:  # Next moved the focus to the new question, so Tab goes on from there
            page.wait_for_function("() => document.activeElement?.className.includes('st-key-question-')")
            assert focused_in(page, heading)
        question = next(q for stem, q in by_stem.items() if heading.get_by_text(stem, exact=True).count())
        answer(page, question)
        press(page, button(page, "Check"))
        expect(page.get_by_text("Correct.", exact=False).first).to_be_visible()
        answered.add(type(question).__name__)
        if n < total:
            press(page, button(page, "Next"))
    assert answered == {"SingleChoice", "MultipleResponse", "TrueFalse", "Ordering", "Matching", "Numeric"}
    press(page, button(page, "Finish"))
    expect(page.get_by_text("Mastered", exact=True)).to_be_visible()
    page.context.close()


def test_a_case_is_played_to_its_ending_by_keyboard_alone(keyboard_app, browser):
    case = load_course(COURSE).course.cases["sample-case"]
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # and on a phone
    page.set_default_timeout(TIMEOUT)
    code = start_by_keyboard(page, keyboard_app, "Case Keys")
    page.goto(f"{keyboard_app}/case_studies?resume={code}")
    debrief = page.get_by_text("Debrief", exact=True)
    choice = page.get_by_test_id("stMain").get_by_test_id("stBaseButton-secondary").first
    for _ in range(len(case.nodes)):
        wait_idle(page)
        debrief.or_(button(page, "Continue")).or_(choice).first.wait_for()  # whichever the new run shows
        if debrief.count():
            break
        press(page, button(page, "Continue") if button(page, "Continue").count() else choice)
    expect(page.get_by_text("Debrief", exact=True)).to_be_visible()
    expect(page.get_by_text("Your paths", exact=True)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.context.close()


def test_joining_and_answering_a_live_item_by_keyboard_alone(keyboard_app, browser):
    fac = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    fac.set_default_timeout(TIMEOUT)
    fac.goto(f"{keyboard_app}/facilitate")
    fac.get_by_label("Facilitator passcode").fill(PASSCODE)
    click(fac, "Enter")
    click(fac, "Create session")
    code = fac.get_by_text("Join code:").inner_text().split(":")[-1].strip().strip("`")
    click(fac, "Open")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{keyboard_app}/join?join={code}")
    wait_idle(phone)
    tab_to(phone, phone.get_by_role("textbox", name="Your nickname"))
    phone.keyboard.type("Keyboard Phone")
    press(phone, button(phone, "Join"))
    expect(phone.get_by_text("Joined as Keyboard Phone")).to_be_visible()
    group = phone.get_by_test_id("stRadio").first
    tab_to(phone, group)
    phone.keyboard.press("Space")  # the first option
    wait_idle(phone)
    expect(group.get_by_role("radio").first).to_be_checked()
    press(phone, button(phone, "Send my answer"))
    expect(phone.get_by_text("Your answer is saved.").first).to_be_visible()
    expect(fac.get_by_text("1 / 1")).to_be_visible()
    phone.context.close()
    fac.context.close()
