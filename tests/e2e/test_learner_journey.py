"""A new learner completes a module, reloads, resumes with the code on another device, and downloads
the certificate; the same pages fit a phone-width screen."""
import re

from playwright.sync_api import Page, expect

TIMEOUT = 30_000


def wait_idle(page: Page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=TIMEOUT)


def click(page: Page, name: str) -> None:
    """Click a button once the app has finished its current run, so the click is never lost."""
    wait_idle(page)
    page.get_by_test_id(re.compile("^stBaseButton")).filter(has_text=re.compile(f"^{re.escape(name)}$")).click()


def test_complete_reload_resume_and_download_certificate(app_server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(app_server)
    page.get_by_label("Your name or a nickname").fill("E2E Learner")
    click(page, "Start the course")
    expect(page.get_by_text("Welcome, E2E Learner")).to_be_visible()
    code = re.search(r"resume=([0-9A-Z-]+)", page.url).group(1)

    page.goto(f"{app_server}/learn?resume={code}")
    expect(page.get_by_role("heading", name="One submission point")).to_be_visible()
    click(page, "Check your understanding")
    click(page, "Start the check")
    page.get_by_text("One submission point for all agencies", exact=True).click()
    click(page, "Check")
    expect(page.get_by_text("Correct.", exact=False).first).to_be_visible()
    click(page, "Next")
    expect(page.get_by_text("Question 2 / 3")).to_be_visible()
    page.get_by_text("Customs", exact=True).click()
    page.get_by_text("Health inspectors", exact=True).click()
    click(page, "Check")
    expect(page.get_by_text("Correct.", exact=False).first).to_be_visible()
    click(page, "Next")
    expect(page.get_by_text("Question 3 / 3")).to_be_visible()
    answer = page.get_by_label("Your answer (items)")
    answer.fill("4")
    answer.press("Enter")
    wait_idle(page)
    click(page, "Check")
    expect(page.get_by_text("Correct.", exact=False).first).to_be_visible()
    click(page, "Finish")
    expect(page.get_by_text("Mastered", exact=True)).to_be_visible()

    page.reload()  # a new session: only the resume link in the URL carries the learner over
    expect(page.get_by_role("heading", name="Single window basics")).to_be_visible()
    page.get_by_test_id("stRadioGroup").get_by_text("Check your understanding", exact=True).click()
    expect(page.get_by_text("Mastered", exact=True)).to_be_visible()  # nothing lost on reload
    context.close()

    other = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)  # a phone
    phone = other.new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(app_server)
    phone.get_by_label("Your resume code").fill(code.lower())
    click(phone, "Resume")
    expect(phone.get_by_text("Welcome, E2E Learner")).to_be_visible()
    expect(phone.get_by_text("You have mastered every module")).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    phone.goto(f"{app_server}/report?resume={code}")
    with phone.expect_download() as download:
        click(phone, "Download my certificate (PDF)")
    pdf = (tmp_path / "certificate.pdf")
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    other.close()


def test_keyboard_only_start(app_server, browser):
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(app_server)
    wait_idle(page)
    page.get_by_label("Your name or a nickname").focus()
    page.keyboard.type("Keyboard User")
    page.keyboard.press("Tab")  # to the form's submit button
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welcome, Keyboard User")).to_be_visible()
    page.close()


def test_switching_language_mid_module_keeps_progress(app_server, browser):
    from itlead.i18n import catalogue

    fr = catalogue("fr")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(TIMEOUT)
    page.goto(app_server)
    page.get_by_label("Your name or a nickname").fill("Bilingual")
    click(page, "Start the course")
    expect(page.get_by_text("Welcome, Bilingual")).to_be_visible()
    code = re.search(r"resume=([0-9A-Z-]+)", page.url).group(1)
    page.goto(f"{app_server}/learn?resume={code}")
    click(page, "Check your understanding")
    click(page, "Start the check")
    page.get_by_text("One submission point for all agencies", exact=True).click()
    click(page, "Check")
    expect(page.get_by_text("1 of 3 answered")).to_be_visible()
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Français").click()
    expect(page.get_by_text(fr["{done} of {total} answered"].format(done=1, total=3))).to_be_visible()
    expect(page.get_by_text(fr["Your answer is saved."])).to_be_visible()  # the answer survived the switch
    assert "lang=fr" in page.url
    page.close()
