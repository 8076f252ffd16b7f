"""Facilitator and participant flows, with several AppTest sessions sharing one database."""
import pytest

from itlead.store import make_engine
from itlead.ui.text import escape_md
from itlead.workshop.live import Live

from .conftest import PASSCODE, goto, new_app, texts


def create(at, source="bank", bank=None, case=None, picks=None, leaderboard=False):
    at.radio[0].set_value(source).run()
    if bank:
        at.selectbox[0].set_value(bank).run()
    if picks:
        at.multiselect[0].set_value(picks).run()
    if case:
        at.selectbox[0].set_value(case).run()
    if leaderboard:
        next(c for c in at.checkbox if c.label.startswith("Show a leaderboard")).check()
    next(b for b in at.button if b.label == "Create session").click().run()
    assert not at.exception, at.exception
    return Live(make_engine(at_env_url())).sessions()[0]


_URL = {}


def at_env_url():
    return _URL["url"]


@pytest.fixture(autouse=True)
def remember_url(env):
    _URL["url"] = env["url"]


def join(code, nickname, team=""):
    at = goto(new_app(join=code), "join")
    at.text_input[1].input(nickname)
    if team:
        at.text_input[2].input(team)
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception, at.exception
    assert f"Joined as {nickname}" in texts(at)
    return at


def press(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    tick()
    return at


def tick():
    """Let the one-second shared poll expire, as it would between two refreshes."""
    from itlead.ui import live_views

    live_views._poll.clear()


def test_facilitator_area_needs_the_passcode_and_throttles_guessing(env, monkeypatch):
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", PASSCODE)
    at = goto(new_app(), "facilitate")
    assert "Facilitate" not in [t.value for t in at.title]  # nothing behind the gate shows
    for _ in range(5):
        at.text_input[0].input("guess")
        at.button[0].click().run()
        assert "Wrong passcode" in texts(at)
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    assert "Too many attempts" in texts(at)
    projection = goto(new_app(), "projection")
    assert "Facilitator passcode" in [t.label for t in projection.text_input]


def test_first_run_from_another_device_needs_the_console_token(env, monkeypatch):
    """Finding 1: a learner on the Wi-Fi opening /facilitate first cannot claim the facilitator role."""
    from itlead.ui import resources, visitor

    monkeypatch.setattr(visitor, "is_local", lambda: False)
    monkeypatch.setattr(visitor, "client_id", lambda: "10.0.0.66")
    for page in ("facilitate", "projection", "workshop_planner", "cohort_analytics"):
        at = goto(new_app(), page)
        assert "setup token" in texts(at) and "Setup token" in [t.label for t in at.text_input]
    at.text_input[0].input("a-guess")
    at.text_input[1].input("a-good-passcode")
    at.text_input[2].input("a-good-passcode")
    at.button[0].click().run()
    assert "Wrong setup token" in texts(at) and at.title[0].value == "Facilitator area"
    token = resources.setup_token(env["url"])
    at.text_input[0].input(token)
    at.button[0].click().run()
    assert at.title[0].value == "Cohort analytics"  # the person with the console's token did


def test_first_run_sets_a_hashed_passcode(env):
    at = goto(new_app(), "facilitate")
    assert "First run" in texts(at)
    at.text_input[0].input("a-good-passcode")
    at.text_input[1].input("a-good-passcode")
    at.button[0].click().run()
    assert at.title[0].value == "Facilitate"
    again = goto(new_app(), "facilitate")
    again.text_input[0].input("a-good-passcode")
    again.button[0].click().run()
    assert again.title[0].value == "Facilitate"


def test_question_from_join_to_reveal_with_three_participants(facilitator, env):
    session = create(facilitator, bank="sample-check")
    assert f"Join code: `{session.code}`" in texts(facilitator)
    assert len(facilitator.get("image")) == 1  # the QR code
    people = [join(session.code.lower(), name) for name in ("Ana", "Ben", "Chloé")]
    assert "Waiting for the facilitator to start" in texts(people[0])
    press(facilitator, "Open")
    first = env["course"].questions["sample.q-single"][1]
    for person, option in zip(people, ("high", "high", "all")):
        person.run()
        assert first.stem.get() in texts(person)
        person.radio(key=f"live:{session.id}:0@en").set_value(option)
        press(person, "Send my answer")
        assert "Your answer is saved." in texts(person)
    people[2].run()
    people[2].radio(key=f"live:{session.id}:0@en").set_value("random")  # a change of mind before the lock
    press(people[2], "Change my answer")
    facilitator.run()
    assert "**Answered:** 3 / 3" in texts(facilitator)
    assert "Not quite." not in texts(people[0].run())  # no key before the reveal
    press(facilitator, "Lock")
    people[2].run()
    assert "Answers are closed" in texts(people[2])
    press(facilitator, "Reveal")
    assert "Correct." in texts(people[0].run())
    assert "Not quite." in texts(people[2].run())
    answers = Live(make_engine(env["url"])).answers(session.id, 0)
    assert sorted(a.response for a in answers) == ["high", "high", "random"]
    press(facilitator, "Next")
    assert "Item** 2 /" in texts(facilitator)


def test_free_text_moderation_keeps_text_as_text(facilitator, env):
    session = create(facilitator, source="pick", bank="sample-reflect", picks=["sample.r1"])
    person = join(session.code, "Dana")
    press(facilitator, "Open")
    person.run()
    person.text_area(key=f"live:{session.id}:0@en").input("<script>alert('x')</script> **shout**")
    press(person, "Send my answer")
    facilitator.run()
    assert escape_md("<script>alert('x')</script> **shout**") in texts(facilitator)
    press(facilitator, "Hide")
    assert Live(make_engine(env["url"])).answers(session.id, 0)[0].hidden
    press(facilitator, "Reveal")
    projection = goto(facilitator, "projection", s=str(session.id))
    assert "shout" not in texts(projection)


def test_case_played_by_tables(facilitator, env):
    session = create(facilitator, source="case", case="sample-case")
    votes = [("Ana", "T1", "cut"), ("Ben", "T1", "engine"), ("Carl", "T1", "engine"), ("Dee", "T2", "cut")]
    people = [join(session.code, name, team) for name, team, _vote in votes]
    press(facilitator, "Open")
    for person, (_name, _team, vote) in zip(people, votes):
        person.run()
        person.radio(key=f"live:{session.id}:0@en").set_value(vote)
        press(person, "Send my answer")
    facilitator.run()
    # T1 picks 'engine' (2-1), T2 picks 'cut': a tie between tables goes to the earlier option, 'engine'
    decision = next(s for s in facilitator.selectbox if s.label.startswith("The room's decision"))
    assert decision.value == "engine"
    press(facilitator, "Reveal")
    assert "The room decided: **Fund a risk engine and a compliance data clean-up.**" in texts(people[0].run())
    press(facilitator, "Next")
    current = Live(make_engine(env["url"])).get(session.id)
    assert current.item_ids == ("first", "second") and current.case_choices == ("engine",)


def test_cohort_analytics_of_a_live_session(facilitator, env):
    session = create(facilitator, bank="sample-check")
    people = [join(session.code, name) for name in ("Ana", "Ben", "Carl")]
    press(facilitator, "Open")
    for person, option in zip(people, ("high", "all", "all")):
        person.run()
        person.radio(key=f"live:{session.id}:0@en").set_value(option)
        press(person, "Send my answer")
    at = goto(facilitator, "cohort_analytics")
    assert "No answers yet." in texts(at)  # the self-paced cohort is empty
    at.selectbox[0].set_value(session.id).run()
    assert not at.exception
    items = at.dataframe[0].value
    assert list(items["item"]) == ["sample.q-single"] and items["facility"][0] == pytest.approx(1 / 3)
    assert "Under TFA Article 7.4" in items["question"][0]
    assert list(at.dataframe[1].value["question"]) == ["Under TFA Article 7.4, where should control concentrate?"]
    assert [b.label for b in at.get("download_button")] == ["Download answers (CSV)", "Download everything (Excel)"]
    at.toggle(key="item_review").set_value(True).run()  # the items to revise, on request
    review = at.dataframe[2].value
    row = review[review["Item id"] == "sample.q-match"].iloc[0]  # 3 answers are too few to judge statistics,
    assert row["File and line"] == "quizzes/sample-check.yaml:78"  # so the item-writing rules speak alone
    assert "3 pairs" in row["Why"]
    labels = [b.label for b in at.get("download_button")]
    assert "Download the list for the content authors (Markdown)" in labels


def test_cohort_gain_of_self_paced_learners(facilitator, store):
    for name, pre, post in (("Ana", 0.0, 1.0), ("Ben", 0.5, 1.0)):
        learner, _code = store.create_learner(name)
        for purpose, fraction in (("pretest", pre), ("posttest", post)):
            qid = "sample.pre-1" if purpose == "pretest" else "sample.post-1"
            attempt = store.start_attempt(learner.id, purpose, purpose, "deferred", [qid], seed=1)
            store.record_response(attempt.id, qid, 1, True, state="saved", finished=True, fraction=fraction)
            store.finish_attempt(attempt.id, fraction, 1.0)
    at = goto(facilitator, "cohort_analytics")
    gain = at.dataframe[-1].value
    assert list(gain["module"]) == ["sample"] and gain["learners"][0] == 2
    assert gain["gain"][0] == pytest.approx(0.75)


def test_evaluation_on_the_shipped_forms(tmp_path, monkeypatch):
    from itlead.settings import PROJECT_ROOT

    monkeypatch.setenv("ITLEAD_DATABASE_URL", f"sqlite:///{tmp_path / 'eval.db'}")
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(PROJECT_ROOT))
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", PASSCODE)
    _URL["url"] = f"sqlite:///{tmp_path / 'eval.db'}"
    fac = goto(new_app(), "facilitate")
    fac.text_input[0].input(PASSCODE)
    fac.button[0].click().run()
    session = create(fac, bank="strategy-check")
    person = join(session.code, "Ana")
    press(fac, "End")
    person.run()
    send = lambda: next(b for b in person.button if b.label == "Send").click().run()  # noqa: E731
    send()
    assert "Please give every rating (6 left)" in texts(person)
    for radio in person.radio:
        if (radio.key or "").startswith(f"evaluation_form_{session.id}:"):
            radio.set_value(4)
    person.text_area(key=f"evaluation_form_{session.id}:eval.improve@en").input("More time for the <b>capstone</b>")
    send()
    assert "your evaluation is saved" in texts(person)
    fac.run()
    for radio in fac.radio:
        if (radio.key or "").startswith(f"debrief:{session.id}:"):
            radio.set_value(5)
    next(b for b in fac.button if b.label == "Send").click().run()
    assert "Debrief saved." in texts(fac)
    at = goto(fac, "cohort_analytics")
    at.selectbox[0].set_value(session.id).run()
    assert not at.exception
    page = texts(at)
    assert escape_md("More time for the <b>capstone</b>") in page
    summaries = [d.value for d in at.dataframe if "statement" in d.value.columns]
    assert summaries[0]["mean"].tolist() == [4.0] * 6 and summaries[1]["mean"].tolist() == [5.0] * 3


def test_hostile_nicknames_and_long_or_guessed_input(facilitator, env):
    session = create(facilitator, bank="sample-reflect")
    person = goto(new_app(join=session.code), "join")
    person.text_input[1].input("<img src=x onerror=alert(1)>**bold**")
    press(person, "Join")
    # shown as text: the markup characters are escaped, never rendered
    assert "Joined as " + escape_md("<img src=x onerror=alert(1)>**bold**") in texts(person)
    too_long = goto(new_app(join=session.code), "join")
    too_long.text_input[1].input("x" * 40 + "y")
    press(too_long, "Join")
    assert "Joined as" not in texts(too_long) and too_long.warning  # refused, with a message
    guesser = goto(new_app(), "join")
    for attempt in range(20):
        guesser.text_input[0].input(f"ZZZZ{attempt:02d}"[:6])
        guesser.text_input[1].input("Eve")
        press(guesser, "Join")
        assert "No open workshop has that code" in texts(guesser)
    guesser.text_input[0].input(session.code)
    press(guesser, "Join")
    assert "Too many attempts" in texts(guesser)  # the guesser's own device waits, even with the right code
