"""The authoring studio in a real browser: a trainer signs in on the Author page, creates a pack, adds a
single-choice question with feedback on each option, an ordering question and a case with two decisions and two
endings, and translates all of it into French in the workbench; a learner (another browser context) then finds the
question in Practice and plays the case to an ending, in French.

With ITLEAD_SCREENSHOTS=1 the screenshots go to docs/img/ (docs/authoring.md shows them); else to tmp_path."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from itlead.authoring import translations
from itlead.content.yaml_source import read_yaml
from itlead.i18n import catalogue
from itlead.ui.author_tools import ROWS_PER_PAGE

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit
from .test_learner_journey import TIMEOUT, click, wait_idle

PASSCODE = "author-e2e-passcode"
PACK = "lusitania"
FR = catalogue("fr")
TEMPLATE_QUESTIONS = len(yaml.safe_load((ROOT / "itlead" / "templates" / "pack_bank.yaml").read_text())["questions"])
CHOICE, ORDER = f"questions[{TEMPLATE_QUESTIONS}]", f"questions[{TEMPLATE_QUESTIONS + 1}]"

SINGLE = {"stem": "Which consignments should the officers inspect first?",
          "options": [("Those the risk engine flags", "Right: control follows risk."),
                      ("Every tenth container", "A random rate ignores what the data say."),
                      ("The largest consignments", "Size alone says little about risk.")],
          "explanation": "Risk management concentrates control on high-risk consignments."}
SINGLE_FR = {"stem": "Quels envois les agents doivent-ils inspecter en premier ?",
             "options": [("Ceux que le moteur de risque signale", "Exact : le contrôle suit le risque."),
                         ("Un conteneur sur dix", "Un taux aléatoire ignore ce que disent les données."),
                         ("Les plus gros envois", "La taille seule dit peu du risque.")],
             "explanation": "La gestion des risques concentre le contrôle sur les envois à haut risque."}
ORDERING = {"stem": "Put the clearance steps in order.", "items": ["Lodge the declaration", "Assess the risk",
                                                                    "Release the goods"],
            "explanation": "Declaration, then risk assessment, then release."}
ORDERING_FR = {"stem": "Remettez les étapes du dédouanement dans l'ordre.",
               "items": ["Déposer la déclaration", "Évaluer le risque", "Mainlever les marchandises"],
               "explanation": "La déclaration, puis l'évaluation du risque, puis la mainlevée."}
CASE_FR = {  # every text of the case the trainer makes (the editor's starting case, its first dilemma rewritten)
    "title": "Le port de Bellhaven", "summary": "Une administration fictive doit désengorger son port.",
    "nodes[0].text": "Les files d'attente s'allongent au port. Que faites-vous d'abord ?",
    "nodes[0].choices[0].text": "Financer un moteur de risque", "nodes[0].choices[1].text": "Tout inspecter",
    "nodes[0].choices[0].consequence": "Six mois plus tard, la plupart des envois sont libérés sans inspection.",
    "nodes[0].choices[1].consequence": "Les files s'allongent encore.",
    "nodes[1].text": "Le conseil demande un indicateur. Lequel ?",
    "nodes[1].choices[0].text": "Le temps de mainlevée", "nodes[1].choices[1].text": "Le nombre de saisies",
    "nodes[1].choices[0].consequence": "Le temps de mainlevée est publié chaque mois.",
    "nodes[1].choices[1].consequence": "Les agents cherchent les saisies, pas la fluidité.",
    "nodes[2].title": "Le contrôle suit le risque", "nodes[2].debrief": "Les données ont guidé le contrôle.",
    "nodes[3].title": "Rapide mais aveugle", "nodes[3].debrief": "Sans données, le contrôle reste au hasard.",
}


@pytest.fixture
def author_app(tmp_path):
    port = free_port()
    proc = start_streamlit({"ITLEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'author.db'}",
                            "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "e2e_course"),
                            "ITLEAD_DATA_DIR": str(tmp_path / "data"), "ITLEAD_PACKS_DIR": str(tmp_path / "packs"),
                            "ITLEAD_FACILITATOR_PASSCODE": PASSCODE}, port)
    yield f"http://127.0.0.1:{port}", tmp_path / "packs"
    stop_streamlit(proc)


def shots(tmp_path: Path) -> Path:
    return ROOT / "docs" / "img" if os.environ.get("ITLEAD_SCREENSHOTS") else tmp_path


def fill(page: Page, label: str, text: str) -> None:
    """Type into a text field and commit it (Streamlit sends a text on blur), then let the rerun finish."""
    wait_idle(page)
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")
    wait_idle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label`."""
    box, item = page.get_by_label(label, exact=True), page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):  # a rerun that lands while the list opens can close it again: open it once more
        wait_idle(page)
        box.click()
        box.press_sequentially(option[:12])  # the select box filters its options as one types
        try:
            item.click(timeout=TIMEOUT // 3)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_idle(page)
    expect(box).to_have_value(option)


def section(page: Page, name: str) -> None:
    wait_idle(page)
    page.get_by_role("radiogroup", name="Section").get_by_text(name, exact=True).click()
    wait_idle(page)


def saved(page: Page) -> None:
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()


def add_single_choice(page: Page) -> None:
    choose(page, "Type", "Single choice")
    fill(page, "Question id", f"{PACK}.q-inspect-first")
    fill(page, "Stem", SINGLE["stem"])
    for n, (text, feedback) in enumerate(SINGLE["options"], 1):
        fill(page, f"Text of option {n}", text)
        fill(page, f"Feedback on option {n}", feedback)
    fill(page, "Explanation", SINGLE["explanation"])
    choose(page, "Difficulty", "Judgement")  # the only judgement item of the pack: Practice can draw it alone
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    click(page, "Save question")
    saved(page)


def add_ordering(page: Page) -> None:
    choose(page, "Type", "Ordering")
    fill(page, "Question id", f"{PACK}.q-steps")
    fill(page, "Stem", ORDERING["stem"])
    for n, text in enumerate(ORDERING["items"], 1):
        fill(page, f"Text {n}", text)
    fill(page, "Explanation", ORDERING["explanation"])
    click(page, "Save question")
    saved(page)


def add_case(page: Page, tmp_path: Path) -> None:
    section(page, "Cases")
    page.get_by_text("New case", exact=True).click()
    fill(page, "Case id", f"{PACK}-port")
    click(page, "Create case")
    choose(page, "Case", f"case_studies/{PACK}-port.yaml")
    fill(page, "Text", "Queues grow at the port. What do you do first?")
    fill(page, "Text of choice 1", "Fund a risk engine")
    fill(page, "Consequence of choice 1", "Six months later most consignments are released without inspection.")
    fill(page, "Text of choice 2", "Inspect everything")
    fill(page, "Consequence of choice 2", "The queues grow longer still.")
    click(page, "Save case")
    saved(page)
    graph_problem = re.compile("cannot be reached|which does not exist|no path reaches an ending|: a loop")
    expect(page.get_by_text(graph_problem)).to_have_count(0)  # the case editor reports no problem in the graph
    page.screenshot(path=str(shots(tmp_path) / "author-case.png"), full_page=True)


def by_page(packs: Path, rel: str, french: dict[str, str]) -> list[tuple[str | None, dict[str, str]]]:
    """`french`'s fields grouped by the page of the workbench that lists them (with "All texts" shown), each with
    the label of its page when the file's texts take more than one."""
    order = [row.field for row in translations.rows(rel, read_yaml((packs / PACK / rel).read_bytes()).data)]
    groups: dict[int, dict[str, str]] = {}
    for field, text in french.items():
        groups.setdefault(order.index(field) // ROWS_PER_PAGE, {})[field] = text
    total, size = len(order), ROWS_PER_PAGE
    return [(f"{n * size + 1}-{min(total, (n + 1) * size)} of {total}" if total > size else None, group)
            for n, group in sorted(groups.items())]


def translate(page: Page, rel: str, french: dict[str, str], texts: str | None = None) -> int:
    """Fill in the French of `french`'s fields of file `rel` (on the page of texts `texts`) and save; the count of
    French texts still missing in the file (as read back from the saved file) went down by as many. Returns that
    count."""
    choose(page, "File", rel)
    if texts:
        choose(page, "Texts", texts)
    missing = page.get_by_test_id("stMetric").filter(has_text="Missing in Français").get_by_test_id("stMetricValue")
    if french:  # the chosen file and page are drawn before their count is read
        expect(page.get_by_label(f"Français: `{next(iter(french))}`", exact=True)).to_be_visible()
    wait_idle(page)
    before = int(missing.inner_text())
    for field, text in french.items():
        fill(page, f"Français: `{field}`", text)
    click(page, "Save translations")
    saved(page)
    expect(missing).to_have_text(str(before - len(french)))
    for field, text in french.items():
        expect(page.get_by_label(f"Français: `{field}`", exact=True)).to_have_value(text)
    return before - len(french)


def translate_all(page: Page, tmp_path: Path) -> None:
    section(page, "Translations")
    bank = {f"{CHOICE}.stem": SINGLE_FR["stem"], f"{CHOICE}.explanation": SINGLE_FR["explanation"],
            f"{ORDER}.stem": ORDERING_FR["stem"], f"{ORDER}.explanation": ORDERING_FR["explanation"]}
    for n, (text, feedback) in enumerate(SINGLE_FR["options"]):
        bank |= {f"{CHOICE}.options[{n}].text": text, f"{CHOICE}.options[{n}].feedback": feedback}
    bank |= {f"{ORDER}.items[{n}].text": text for n, text in enumerate(ORDERING_FR["items"])}
    rel = f"quizzes/{PACK}-check.yaml"
    for texts, fields in by_page(tmp_path / "packs", rel, bank):
        translate(page, rel, fields, texts)
    assert translate(page, f"case_studies/{PACK}-port.yaml", CASE_FR) == 0  # every text of the case is in French
    page.screenshot(path=str(shots(tmp_path) / "author-translations.png"), full_page=True)
    show = page.get_by_role("radiogroup", name="Show")
    show.get_by_text("Missing in Français", exact=True).click()
    expect(page.get_by_label(re.compile("^Français: "))).to_have_count(0)  # nothing of the case lacks French
    wait_idle(page)
    show.get_by_text("Missing in Español", exact=True).click()
    expect(page.get_by_label("Español: `nodes[0].text`", exact=True)).to_have_value("")  # it still lacks Spanish


def trainer(page: Page, server: str, tmp_path: Path) -> None:
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server}/author")
    page.get_by_label("Facilitator passcode").fill(PASSCODE)
    click(page, "Enter")
    fill(page, "New pack name", PACK)
    click(page, "Create pack")
    expect(page.get_by_label("Bank", exact=True)).to_be_visible()
    add_single_choice(page)
    page.screenshot(path=str(shots(tmp_path) / "author-question.png"), full_page=True)
    add_ordering(page)
    add_case(page, tmp_path)
    translate_all(page, tmp_path)


def learner_practice(page: Page, server: str, code: str) -> None:
    page.goto(f"{server}/practice?resume={code}&lang=fr")
    choose(page, FR["Module"], f"10. {PACK.title()}")
    choose(page, FR["Difficulty"], FR["Judgement"])
    expect(page.get_by_text(FR["{n} question(s) match."].format(n=1))).to_be_visible()
    click(page, FR["Start practice"])
    expect(page.get_by_text(SINGLE_FR["stem"], exact=True)).to_be_visible()
    for text, _feedback in SINGLE_FR["options"]:
        expect(page.get_by_role("radio", name=text, exact=True)).to_be_attached()
    page.get_by_role("radio", name=SINGLE_FR["options"][1][0], exact=True).check(force=True)  # a wrong answer
    wait_idle(page)
    click(page, FR["Check"])
    expect(page.get_by_text(SINGLE_FR["options"][1][1], exact=False)).to_be_visible()  # its own feedback
    expect(page.get_by_text(SINGLE["options"][1][1], exact=False)).to_have_count(0)  # not the English one


def learner_case(page: Page, server: str, code: str) -> None:
    page.goto(f"{server}/case_studies?resume={code}&lang=fr")
    choose(page, FR["Case"], CASE_FR["title"])
    expect(page.get_by_text(CASE_FR["nodes[0].text"], exact=True)).to_be_visible()
    click(page, CASE_FR["nodes[0].choices[0].text"])
    expect(page.get_by_text(CASE_FR["nodes[0].choices[0].consequence"], exact=True)).to_be_visible()
    expect(page.get_by_text(CASE_FR["nodes[1].text"], exact=True)).to_be_visible()
    click(page, CASE_FR["nodes[1].choices[0].text"])
    expect(page.get_by_role("heading", name=CASE_FR["nodes[2].title"])).to_be_visible()  # the good ending
    expect(page.get_by_text(CASE_FR["nodes[2].debrief"], exact=False)).to_be_visible()


def test_a_trainer_authors_and_translates_a_pack_and_a_learner_uses_it_in_french(author_app, browser, tmp_path):
    server, packs = author_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    trainer(context.new_page(), server, tmp_path)
    context.close()
    bank = yaml.safe_load((packs / PACK / "quizzes" / f"{PACK}-check.yaml").read_text(encoding="utf-8"))
    assert bank["questions"][TEMPLATE_QUESTIONS]["options"][0]["feedback"] == {
        "en": SINGLE["options"][0][1], "fr": SINGLE_FR["options"][0][1]}  # what the forms wrote, in the YAML

    learner = browser.new_context(viewport={"width": 1200, "height": 900})
    page = learner.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server}/?lang=fr")
    page.get_by_label(FR["Your name or a nickname"]).fill("Apprenante")
    click(page, FR["Start the course"])
    expect(page).to_have_url(re.compile(r"resume=[0-9A-Z-]+"))
    code = re.search(r"resume=([0-9A-Z-]+)", page.url).group(1)
    learner_practice(page, server, code)
    learner_case(page, server, code)
    learner.close()
