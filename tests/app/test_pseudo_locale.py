"""Every page rendered in a pseudo-locale: each interface string that went through the catalogue comes back
marked ⟦like this⟧, so any other word on the screen that is not course content, a name or a number is an
interface string that was never translated."""
from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po

from itlead import i18n
from itlead.content.text import LText, walk_texts

from .conftest import goto, new_app

ALLOWED = {"English", "Français", "Español", "PDF", "CSV", "Excel", "Markdown", "GIFT", "Moodle", "XML", "xAPI",
           "Graphviz", "QR", "TFA", "RKC", "WCO", "ICT", "CBM", "Ana", "Pérez", "K7Q2MX"}
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


def pseudo_catalogue() -> dict[str, str]:
    with (i18n.LOCALE_DIR / "itlead.pot").open("rb") as handle:
        return {m.id: f"⟦{m.id}⟧" for m in read_po(handle) if m.id and isinstance(m.id, str)}


@pytest.fixture
def pseudo(monkeypatch, env):
    marked = pseudo_catalogue()
    monkeypatch.setattr(i18n, "catalogue", lambda locale: marked if locale == "fr" else {})
    course = env["course"]
    nodes = [*course.modules, *course.banks.values(), *course.cases.values(), *course.agendas.values()]
    content = sorted({text for node in nodes for _path, ltext in walk_texts(node) for text in _variants(ltext)},
                     key=len, reverse=True)
    return content


def _variants(ltext: LText) -> list[str]:
    return [value.strip() for value in (ltext.get(loc) for loc in ("en", "fr", "es")) if value]


def visible_texts(at) -> list[str]:
    """Every string a person can read on the page: text elements, widget labels and options, table headers."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "success", "info", "warning", "error",
                 "text", "metric", "expander", "tab"):
        for element in at.get(kind):
            out.append(str(getattr(element, "label", None) or getattr(element, "value", "")))
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "number_input", "download_button"):
        out.extend(str(e.label) for e in at.get(kind))
    for kind in ("radio", "selectbox", "multiselect", "select_slider"):
        for element in at.get(kind):
            out.append(str(element.label))
            out.extend(str(option) for option in element.options)
    for frame in at.get("dataframe"):  # a column's header is its configured label, else its name
        config = json.loads(frame.proto.columns or "{}")
        out.extend(str(config.get(str(c), {}).get("label") or c) for c in frame.value.columns)
    return out


def untranslated(at, content: list[str]) -> list[str]:
    found = []
    for text in visible_texts(at):
        rest = re.sub(r"⟦[^⟧]*⟧|`[^`]*`", " ", text)  # marked strings; codes shown as code
        for known in content:
            if known in rest:
                rest = rest.replace(known, " ")
        words = [w for w in WORD.findall(rest) if w not in ALLOWED]
        if words:
            found.append(f"{' '.join(words)!r} in {text[:80]!r}")
    return found


def learner_app():
    at = new_app(lang="fr")
    at.text_input[0].input("Ana Pérez")
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


LEARNER_VIEWS = [("home", {}), ("learn", {"module": "sample", "section": "lessons"}),
                 ("learn", {"module": "sample", "section": "check"}),
                 ("learn", {"module": "sample", "section": "reflect"}), ("practice", {}), ("case_studies", {}),
                 ("self_assessment", {}), ("pre_post", {}), ("report", {}), ("join", {})]


def test_welcome_page_is_all_translated(pseudo):
    at = new_app(lang="fr")
    assert not untranslated(at, pseudo)
    assert any("⟦" in text for text in visible_texts(at))  # the pseudo-locale is really in use


@pytest.mark.parametrize("page,query", LEARNER_VIEWS, ids=[f"{p}-{q.get('section', '')}" for p, q in LEARNER_VIEWS])
def test_learner_pages_are_all_translated(pseudo, page, query):
    at = goto(learner_app(), page, **query)
    starts = [b for b in at.button if "Start" in b.label]
    if starts:  # the page behind the start button too: a question on screen
        starts[0].click().run()
        assert not at.exception, at.exception
    problems = untranslated(at, pseudo)
    assert not problems, problems


@pytest.mark.parametrize("page", ["facilitate", "workshop_planner", "cohort_analytics", "projection", "author"])
def test_facilitator_pages_are_all_translated(pseudo, page):
    at = new_app(lang="fr")
    at.session_state["facilitator"] = True
    at = goto(at, page)
    problems = untranslated(at, pseudo)
    assert not problems, problems



@pytest.mark.parametrize("section", ["questions", "cases", "translations", "history", "exchange"])
def test_the_author_page_with_a_pack_is_all_translated(pseudo, tmp_path, monkeypatch, section, env):
    from itlead.authoring.packs import scaffold
    from itlead.authoring.questions import blank
    from itlead.content.questions import QUESTION_TYPES
    from itlead.ui.author_questions import QUESTION

    def env_ids():
        course = env["course"]
        return [m.id for m in course.modules] + list(course.banks) + list(course.cases)
    from itlead.content.loader import load_course

    monkeypatch.setenv("ITLEAD_PACKS_DIR", str(tmp_path / "packs"))
    pack = scaffold("maritima", tmp_path / "packs")
    course = load_course(tmp_path / "empty", packs=[pack.path]).course
    nodes = [*course.modules, *course.banks.values(), *course.cases.values()]
    content = sorted({*pseudo, *(t for n in nodes for _p, lt in walk_texts(n) for t in _variants(lt))},
                     key=len, reverse=True)
    at = new_app(lang="fr")
    at.session_state["facilitator"] = True
    at.session_state["author_section"] = section
    at = goto(at, "author")
    ids = [*env_ids(), *pack.files(), *course.questions, *(n.id for c in course.cases.values() for n in c.nodes), *(f"{kind}-{pack.name}" for kind in env_ids()), "maritima", "Maritima"]
    starting_texts = [t for kind in QUESTION_TYPES for _p, lt in walk_texts(
        QUESTION.validate_python(blank(kind, "x", "x.o1"))) for t in _variants(lt)]  # content the author overwrites
    problems = untranslated(at, sorted({*content, *ids, *starting_texts}, key=len, reverse=True))
    assert not problems, problems
