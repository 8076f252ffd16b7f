"""AppTest fixtures: the app runs against the fixture course and a fresh SQLite file per test."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from streamlit.testing.v1 import AppTest

from itlead.content import load_course
from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse
from itlead.learning.numbers import format_number
from itlead.store import Store, make_engine

from ..helpers import key_response  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = "itlead/ui/pages"


@pytest.fixture
def env(tmp_path, monkeypatch, fixture_course):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ITLEAD_DATABASE_URL", url)
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    return {"url": url, "course": load_course(fixture_course).course}


@pytest.fixture
def store(env) -> Store:
    s = Store(make_engine(env["url"]))
    s.migrate()
    return s


def new_app(page: str | None = None, **query: str) -> AppTest:
    """A fresh browser on the app, on `page` (a file in itlead/ui/pages, as the URL's path chooses it)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"itlead/ui/pages/{page}.py")
    return at.run()


@pytest.fixture
def signed_in(env) -> Callable[..., tuple[AppTest, str]]:
    """Start the course as a new learner; returns the app (on Home) and the resume code."""

    def start(name: str = "Ana Pérez") -> tuple[AppTest, str]:
        at = new_app()
        at.text_input[0].input(name)
        at.button[0].click().run()
        assert not at.exception
        return at, at.session_state["resume_code"]

    return start


PASSCODE = "bellhaven-2026"


@pytest.fixture
def facilitator(env, monkeypatch) -> AppTest:
    """The Facilitate page, entered with the passcode."""
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", PASSCODE)
    at = goto(new_app(), "facilitate")
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Facilitate"
    return at


def goto(at: AppTest, page: str, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"{PAGES}/{page}.py").run()
    assert not at.exception, at.exception
    return at


def question_key(at: AppTest) -> str:
    """The widget key prefix of the question on screen: q:<attempt>:<question>:<try>."""
    for button in at.button:
        if button.key and button.key.startswith("q:") and button.key.endswith(":submit"):
            return button.key[: -len(":submit")]
    raise AssertionError("no question on screen")


def give(at: AppTest, question: Any, response: Any) -> None:
    """Put `response` into the widgets of `question` (key prefix from the screen)."""
    key = question_key(at)
    if isinstance(question, MultipleResponse):
        for option in question.options:
            at.checkbox(key=f"{key}:{option.id}").set_value(option.id in response)
    elif isinstance(question, Matching):
        for left, right in response.items():
            at.selectbox(key=f"{key}:{left}").set_value(right)
    elif isinstance(question, Ordering):
        put_in_order(at, key, list(response))
    elif isinstance(question, Numeric):
        text = response if isinstance(response, str) else format_number(response, at.session_state["locale"])
        at.text_input(key=key).input(text)
    else:
        at.radio(key=key).set_value(response)


def put_in_order(at: AppTest, key: str, target: list[str]) -> None:
    """Reorder an ordering question's list with its Up buttons, as a learner would."""
    for place, item_id in enumerate(target):
        while (current := at.session_state[f"{key}:order"]).index(item_id) > place:
            at.button(key=f"{key}:up:{item_id}").click().run()
            assert not at.exception, at.exception
        assert current.index(item_id) == place


def wrong_response(question: Any) -> Any:
    if isinstance(question, SingleChoice):
        return next(o.id for o in question.options if not o.correct)
    if isinstance(question, MultipleResponse):
        return {o.id for o in question.options if not o.correct}
    if isinstance(question, Ordering):
        return [i.id for i in reversed(question.items)]
    if isinstance(question, Matching):
        ids = [p.id for p in question.pairs]
        return dict(zip(ids, ids[1:] + ids[:1]))
    if isinstance(question, Numeric):
        return question.answer + 1000
    if isinstance(question, TrueFalse):
        return not question.answer
    raise TypeError(question)


def current_question(at: AppTest, course: Any) -> Any:
    qid = question_key(at).split(":")[2]
    return course.questions[qid][1]


def submit(at: AppTest) -> AppTest:
    at.button(key=question_key(at) + ":submit").click().run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page, for assertions."""
    parts = []
    for kind in ("markdown", "caption", "success", "info", "warning", "error", "title", "header", "subheader"):
        parts.extend(str(e.value) for e in at.get(kind))
    return "\n".join(parts)

