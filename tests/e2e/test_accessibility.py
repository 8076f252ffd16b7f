"""WCAG 2.1 AA as axe-core checks it (the engine ships inside the axe-playwright-python wheel, so this runs
offline): every page in the states a visitor reaches it (signed out, signed in with results to show, mid-check,
a revealed live item on a phone and on the projector, the facilitator's pages), each at 1280 px and at 390 px, in
English, and a representative set in French and Spanish. Any serious or critical violation fails the test.

One server and one browser serve every view; each view is loaded once and checked at both widths by resizing the
viewport, which Streamlit lays out again without a rerun."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from itlead.content.loader import load_course
from itlead.i18n import catalogue
from itlead.learning import cases
from itlead.store import Store, make_engine

from ..helpers import free_port, key_response
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

PASSCODE = "axe-checks-2026"
WIDTHS = (1280, 390)
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
         "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")


def t(lang: str, text: str) -> str:
    return catalogue(lang).get(text, text) if lang != "en" else text


@dataclass
class Room:
    server: str
    code: str  # the learner's resume code
    join: str  # the live session's join code
    phone_token: str  # the phone's ?p= token, so a fresh page is the same participant
    screen: str  # the projector link


def seed_learner(url: str) -> str:
    """A learner with something on every page: a self-assessment, a pre- and a post-test, two plays of a case."""
    course = load_course(ROOT).course
    store = Store(make_engine(url))
    store.migrate()
    learner, code = store.create_learner("Axe Learner", "en")
    bank = course.banks_for("self_assessment")[0]
    qids = [q.id for q in bank.questions]
    attempt = store.start_attempt(learner.id, bank.id, "self_assessment", "immediate", qids, 1)
    for n, qid in enumerate(qids):
        store.record_response(attempt.id, qid, 1, 1 + n % 5, state="saved", finished=True)
    store.finish_attempt(attempt.id, 0, 0)
    for purpose, fraction in (("pretest", 0.4), ("posttest", 0.8)):
        questions = [q for b in course.banks_for(purpose) for q in b.questions if q.scored]
        attempt = store.start_attempt(learner.id, purpose, purpose, "deferred", [q.id for q in questions], 1)
        right = [q for n, q in enumerate(questions) if n % 5 < 5 * fraction]  # 2 or 4 in every 5
        for q in right:  # the answer key for some, nothing for the others
            store.record_response(attempt.id, q.id, 1, q.to_stored(key_response(q)), state="saved", finished=True)
        store.finish_attempt(attempt.id, len(right), len(questions))
    case = sorted(course.cases.values(), key=lambda c: (
        next((m.number for m in course.modules if c.id in m.cases), 99), c.id))[0]
    for path in list(cases.all_paths(case))[:2]:
        run = cases.play(case, path)
        store.save_case_run(learner.id, case.id, list(path), run.node_id, run.score, ending_id=run.node_id,
                            fraction=cases.result(case, run).fraction)
    return code


@pytest.fixture(scope="module")
def room(tmp_path_factory, browser):
    """One server with the shipped course; a learner with results; a live item answered on a phone and revealed."""
    db = tmp_path_factory.mktemp("axe") / "axe.db"
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": f"sqlite:///{db}", "ITLEAD_CONTENT_DIR": str(ROOT),
                            "ITLEAD_FACILITATOR_PASSCODE": PASSCODE, "ITLEAD_LAN_ADDRESS": "off",
                            "ITLEAD_PUBLIC_URL": ""}, port)
    server = f"http://127.0.0.1:{port}"
    try:
        code = seed_learner(f"sqlite:///{db}")
        fac = new_page(browser)
        sign_in(fac, server, "en")
        click(fac, "Create session")
        join = fac.get_by_text("Join code:").inner_text().split(":")[-1].strip().strip("`")
        click(fac, "Create a projector link")
        screen = fac.get_by_test_id("stCode").filter(has_text="/projection?screen=").first.inner_text().strip()
        phone = new_page(browser, 390)
        phone.goto(f"{server}/join?join={join}")
        phone.get_by_role("textbox", name="Your nickname").fill("Axe Phone")
        click(phone, "Join")
        expect(phone.get_by_text("Joined as Axe Phone")).to_be_visible()
        click(fac, "Open")
        wait_idle(phone)
        phone.get_by_test_id("stRadio").first.get_by_role("radiogroup").locator("label").first.click()
        click(phone, "Send my answer")
        expect(phone.get_by_text("Your answer is saved.").first).to_be_visible()
        click(fac, "Reveal")
        expect(fac.get_by_text(re.compile(r"State: revealed"))).to_be_visible()  # stored before the page closes
        token = re.search(r"[?&]p=([^&]+)", phone.url).group(1)
        fac.context.close()
        phone.context.close()
        yield Room(server, code, join, token, screen)
    finally:
        stop_streamlit(proc)


def open_projector(page: Page, link: str) -> None:
    """The projector link, once its revealed results are drawn (reloaded once if a busy machine was too slow)."""
    summary = page.get_by_text(re.compile(r"^A: \d+")).first
    for attempt in range(2):
        page.goto(link)
        try:
            expect(summary).to_be_visible(timeout=TIMEOUT)
            break
        except AssertionError:
            if attempt:
                raise
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()


def new_page(browser, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def sign_in(page: Page, server: str, lang: str) -> None:
    page.goto(f"{server}/facilitate?lang={lang}")
    page.get_by_label(t(lang, "Facilitator passcode")).fill(PASSCODE)
    click(page, t(lang, "Enter"))
    expect(page.get_by_role("heading", name=t(lang, "Facilitate"))).to_be_visible()


def navigate(page: Page, title: str) -> None:
    """Go to a page through the sidebar menu, which keeps this browser session (and the facilitator's sign-in)."""
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    wait_idle(page)


def settle(page: Page) -> None:
    wait_idle(page)
    page.wait_for_timeout(300)  # charts and the layout after a resize
    wait_idle(page)


def violations(page: Page, axe) -> list[str]:
    """Serious and critical violations, one line per failing node."""
    found = axe.run(page, options=RULES).response["violations"]
    return [f"{v['id']} ({v['impact']}): {' '.join(map(str, n['target']))} {n['html'][:140]}"
            for v in found if v["impact"] in BLOCKING for n in v["nodes"]]


def check(page: Page, axe, view: str, lang: str, report: dict[str, list[str]]) -> None:
    """axe at each width; the page must not scroll sideways at phone width either."""
    broken = t(lang, "Something went wrong on our side. Your saved work is safe. Reload the page to continue.")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        found = violations(page, axe)
        if page.get_by_text(broken).count():  # an error page would pass axe while checking nothing of the page
            found.append("the page failed: " + broken)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            found.append(f"horizontal scrolling: the page is {scroll}px wide")
        anchors = page.get_by_test_id("stMain").get_by_label("Link to heading").count()
        if anchors:
            found.append(f"{anchors} heading anchor link(s): a tab stop that adds nothing")
        report[f"{view} [{lang}, {width}px]"] = found


def signed_out(browser, room: Room, lang: str, axe, report) -> None:
    page = new_page(browser)
    for name in ("welcome", "join", "facilitate"):  # the other facilitator pages show the same passcode form
        page.goto(f"{room.server}/{name}?lang={lang}")
        settle(page)
        check(page, axe, f"{name} (signed out)", lang, report)
    page.context.close()


LEARNER_PAGES = ("home", "learn", "practice", "case_studies", "self_assessment", "pre_post", "report")


def learner(browser, room: Room, lang: str, axe, report, pages=LEARNER_PAGES) -> None:
    page = new_page(browser)
    for name in pages:
        page.goto(f"{room.server}/{name}?resume={room.code}&lang={lang}")
        settle(page)
        check(page, axe, name, lang, report)
    page.goto(f"{room.server}/learn?resume={room.code}&lang={lang}&module=strategy&section=check")
    settle(page)
    start = page.get_by_test_id(re.compile("^stBaseButton")).filter(has_text=t(lang, "Start the check"))
    if start.count():
        start.click()
    expect(page.get_by_text(re.compile(r"1 / \d+")).first).to_be_visible()
    check(page, axe, "learn (mid-check)", lang, report)
    page.context.close()


def live(browser, room: Room, lang: str, axe, report, pages=("facilitate", "projection", "workshop_planner",
                                                             "cohort_analytics")) -> None:
    phone = new_page(browser, 390)
    phone.goto(f"{room.server}/join?join={room.join}&p={room.phone_token}&lang={lang}")
    expect(phone.get_by_test_id("stAlert").first).to_be_visible()  # the learner's result
    check(phone, axe, "join (revealed)", lang, report)
    open_projector(phone, f"{room.screen}&lang={lang}")
    check(phone, axe, "projector link (revealed)", lang, report)
    phone.context.close()
    fac = new_page(browser)
    sign_in(fac, room.server, lang)
    titles = {"facilitate": "Facilitate", "projection": "Projection view", "workshop_planner": "Workshop planner",
              "cohort_analytics": "Cohort analytics"}
    for name in pages:
        fac.set_viewport_size({"width": 1280, "height": 900})
        if name != "facilitate":
            navigate(fac, t(lang, titles[name]))
        settle(fac)
        check(fac, axe, f"{name} (facilitator)", lang, report)
    fac.context.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    return Axe()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_no_serious_or_critical_axe_violations(room, browser, axe, lang, capsys):
    began = time.monotonic()
    report: dict[str, list[str]] = {}
    signed_out(browser, room, lang, axe, report)  # every page, in every state, in each language
    learner(browser, room, lang, axe, report)
    live(browser, room, lang, axe, report)
    failing = {view: found for view, found in report.items() if found}
    with capsys.disabled():
        nodes = sum(len(f) for f in report.values())
        print(f"\naxe [{lang}]: {len(report)} views, {nodes} serious/critical nodes, "
              f"{time.monotonic() - began:.0f} s")
    assert not failing, "\n".join(f"{view}:\n  " + "\n  ".join(found) for view, found in failing.items())


def test_diagrams_charts_and_ratings_have_text_alternatives(room, browser):
    """A diagram is announced by its caption, not "G"; each chart has its numbers in words beside it; a case's
    ending is rated in words with a Material icon, never with emoji that need a font."""
    course = load_course(ROOT).course
    diagram = course.module("strategy").lessons[0].diagram
    page = new_page(browser, 390)
    page.goto(f"{room.server}/learn?resume={room.code}&module=strategy&section=lessons")
    title = page.get_by_test_id("stGraphVizChart").locator("svg > g > title").first
    expect(title).to_have_text(" ".join(diagram.caption.get("en").split()))
    page.goto(f"{room.server}/self_assessment?resume={room.code}")
    expect(page.get_by_text(re.compile(r"^(.+: \d\.\d, ){4}.+: \d\.\d$"))).to_be_visible()
    page.goto(f"{room.server}/pre_post?resume={room.code}")
    expect(page.get_by_text(re.compile(r"^1\. .+: Pre-test \d+%, Post-test \d+%;"))).to_be_visible()
    open_projector(page, room.screen)
    expect(page.get_by_text(re.compile(r"^A: \d+( \(correct\))?, B: \d+"))).to_be_visible()
    page.goto(f"{room.server}/case_studies?resume={room.code}")
    expect(page.get_by_text("Your paths")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(re.compile("^Play no. 2 · .*(strong|mixed|poor) outcome: "))).to_be_visible()
    expect(main.get_by_test_id("stIconMaterial").first).to_be_visible()
    assert not re.search("[\U0001F300-\U0001FAFF\u2600-\u27BF]", main.inner_text()), "an emoji in the case page"
    page.context.close()
