"""The app in English, French and Spanish: ?lang=, the language picker, the choice kept per learner, and a
whole module flow in each language."""
import pytest

from itlead.i18n import catalogue

from .conftest import current_question, give, goto, key_response, new_app, submit, texts


def t(locale: str, message: str) -> str:
    return catalogue(locale).get(message, message)


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_lang_in_the_url(env, locale):
    at = new_app(lang=locale)
    title = t(locale, "Strategic IT Leadership for Customs Executives")
    assert title != "Strategic IT Leadership for Customs Executives"
    assert at.title[0].value == title


def test_choice_is_kept_for_the_learner(env, store):
    at = new_app()
    at.text_input[0].input("Ana")
    at.button[0].click().run()
    code = at.session_state["resume_code"]
    at.selectbox(key="language_picker").set_value("es").run()
    assert store.learner_by_code(code).locale == "es"
    again = new_app(resume=code)  # another device, no ?lang=
    assert again.title[0].value == t("es", "Welcome, {name}").format(name="Ana")


@pytest.mark.parametrize("locale", ["en", "fr", "es"])
def test_a_whole_module_in_each_language(env, locale):
    course = env["course"]
    at = new_app(lang=locale)
    at.text_input[0].input("Learner")
    at.button[0].click().run()
    at = goto(at, "learn", module="sample", lang=locale)
    if locale == "fr":
        assert at.title[0].value == "La sélectivité fondée sur les risques en bref"  # content in French
    next(b for b in at.button if b.label == t(locale, "Check your understanding")).click().run()
    next(b for b in at.button if b.label == t(locale, "Start the check")).click().run()
    for question in course.banks["sample-check"].questions:
        shown = current_question(at, course)
        give(at, shown, key_response(shown))
        at = submit(at)
        assert t(locale, "Correct.") in texts(at)
        nxt = next(b for b in at.button if b.label == t(locale, "Next"))
        if not nxt.disabled:
            nxt.click().run()
    next(b for b in at.button if b.label == t(locale, "Finish")).click().run()
    assert not at.exception
    assert at.metric[2].value == t(locale, "Mastered")
