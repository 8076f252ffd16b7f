"""Page flows of the learner app, driven with streamlit.testing.v1.AppTest."""
import re

from itlead.learning import cases

from .conftest import current_question, give, goto, key_response, new_app, submit, texts, wrong_response


def test_start_shows_resume_code_and_home(signed_in, store):
    at, code = signed_in("Ana Pérez")
    assert "Your resume code is" in texts(at) and code in texts(at)
    assert at.title[0].value == "Welcome, Ana Pérez"
    assert at.query_params["resume"] == code
    assert store.learner_by_code(code).display_name == "Ana Pérez"


def test_start_needs_a_name(env):
    at = new_app()
    at.text_input[0].input("   ")
    at.button[0].click().run()
    assert "please enter a name" in texts(at)
    assert "learner_id" not in at.session_state


def test_resume_link_and_bad_codes(signed_in):
    _at, code = signed_in()
    back = new_app(resume=code.lower())  # codes are case-insensitive
    assert back.title[0].value == "Welcome, Ana Pérez"
    wrong = new_app(resume="ZZZZZ-ZZZZZ")
    assert "No learner has that resume code" in texts(wrong)
    garbage = new_app(resume="<script>")
    assert "a resume code has 10 letters and digits" in texts(garbage)
    assert "learner_id" not in garbage.session_state


def _finish_lessons(at, module):
    at = goto(at, "learn", module=module.id)
    for _ in module.lessons[:-1]:
        next_button = next(b for b in at.button if b.label == "Next lesson")
        next_button.click().run()
    next(b for b in at.button if b.label == "Check your understanding").click().run()
    return at


def _start_check(at):
    next(b for b in at.button if b.label == "Start the check").click().run()
    return at


def test_complete_a_module(signed_in, env, store):
    course = env["course"]
    module = course.module("sample")
    at, code = signed_in()
    at = _finish_lessons(at, module)
    assert store.lessons_seen(store.learner_by_code(code).id) == {("sample", "selectivity")}
    at = _start_check(at)
    bank = course.banks["sample-check"]
    for _ in bank.questions:
        question = current_question(at, course)
        give(at, question, key_response(question))
        at = submit(at)
        assert "Correct." in texts(at)
        nxt = next(b for b in at.button if b.label == "Next")
        if not nxt.disabled:
            nxt.click().run()
    next(b for b in at.button if b.label == "Finish").click().run()
    assert not at.exception
    assert at.metric[0].value == "100%" and at.metric[2].value == "Mastered"
    at = goto(at, "home")
    assert at.get("progress")[0].proto.text == "1. Risk selectivity in brief ✓ mastered"
    assert "Play the case study of" in texts(at)  # the next step after mastery


def test_interactive_hint_then_penalty_and_feedback_stays_with_its_question(signed_in, env, store):
    course = env["course"]
    at, code = signed_in()
    at = _start_check(_finish_lessons(at, course.module("sample")))
    first = current_question(at, course)
    assert first.hints, "the fixture's questions all have hints or are the last"
    give(at, first, wrong_response(first))
    at = submit(at)
    assert "Not quite." in texts(at) and "Hint:" in texts(at)
    give(at, first, key_response(first))
    at = submit(at)
    page = texts(at)
    assert "Correct." in page and "Mark: 50%" in page
    # the next question starts empty, with no feedback carried over
    next(b for b in at.button if b.label == "Next").click().run()
    assert "Correct." not in texts(at) and "Not quite." not in texts(at)
    second = current_question(at, course)
    assert second.id != first.id
    # the two tries are in the database
    learner = store.learner_by_code(code)
    (attempt,) = store.attempts(learner.id, purpose="check")
    assert [r.try_no for r in store.responses(attempt.id) if r.question_id == first.id] == [1, 2]


def test_reload_resumes_the_same_attempt(signed_in, env):
    course = env["course"]
    at, code = signed_in()
    at = _start_check(_finish_lessons(at, course.module("sample")))
    first = current_question(at, course)
    give(at, first, key_response(first))
    submit(at)
    # a reload: a new session that only knows the resume link
    again = new_app(resume=code)
    again = goto(again, "learn", module="sample")
    again.radio(key="module_section_sample@en").set_value("check").run()
    assert again.get("progress")[0].proto.text == "1 of 7 answered"
    assert current_question(again, course).id != first.id  # continues at the first unanswered question
    next(b for b in again.button if b.label == "Previous").click().run()
    page = texts(again)
    assert "Your answer is saved." in page and "Correct." in page


def test_play_a_case_to_each_ending(signed_in, env, store):
    course = env["course"]
    case = course.cases["sample-case"]
    at, code = signed_in()
    at = goto(at, "case_studies")
    endings = set()
    for path in cases.all_paths(case):
        run = cases.skip_narrative(case, cases.start(case))
        if "Continue" in [b.label for b in at.button]:
            next(b for b in at.button if b.label == "Continue").click().run()
        for choice_id in path:
            node = cases.current(case, run)
            choice = next(c for c in node.choices if c.id == choice_id)
            next(b for b in at.button if b.label == choice.text.get()).click().run()
            assert choice.consequence.get() in texts(at)
            run = cases.skip_narrative(case, cases.choose(case, run, choice_id))
        result = cases.result(case, run)
        assert result.ending.title.get() in at.header[0].value
        assert result.ending.debrief.get() in texts(at)
        endings.add(result.ending.id)
        next(b for b in at.button if b.label == "Play again").click().run()
    assert endings == {"end-good", "end-mixed", "end-poor"}
    runs = store.case_runs(store.learner_by_code(code).id, "sample-case")
    assert sorted(r.ending_id for r in runs if r.ending_id) == ["end-good", "end-mixed", "end-poor"]
    plays = [m.value for m in at.markdown if m.value.startswith("**Play no.")]  # the paths compared, as text
    assert [p.split("**")[1] for p in plays] == ["Play no. 1", "Play no. 2", "Play no. 3"]
    assert all(re.search(r":material/\w+: A (strong|mixed|poor) outcome: ", p) for p in plays), plays


def rate(at, ratings: dict[str, int]) -> None:
    """Rate the statements on screen that appear in `ratings` (each rating is kept as it is given)."""
    for radio in at.radio:
        qid = (radio.key or "").split(":")[-1].split("@")[0]
        if (radio.key or "").startswith("sa:") and qid in ratings:
            radio.set_value(ratings[qid]).run()


def click(at, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def test_self_assessment_one_dimension_at_a_time_with_drafts(signed_in, env):
    at, code = signed_in()
    at = goto(at, "self_assessment")
    progress = at.get("progress")[0].proto.text
    assert "Dimension 1 of 2" in progress and "0 of 4 statements rated" in progress
    assert "Risk management" in texts(at) and "Strategy & alignment" not in texts(at)
    rate(at, {"self.risk-1": 1})
    click(at, "Next dimension")
    assert "Strategy & alignment" in texts(at)
    rate(at, {"self.strategy-1": 4})
    click(at, "Save my self-assessment")
    page = texts(at)
    assert "Still to rate:" in page
    assert "**Strategy & alignment**:" in page and "**Risk management**:" in page  # the statements left, named
    again = goto(new_app(resume=code), "self_assessment")  # a reload (a new session) keeps the ratings given
    assert "2 of 4 statements rated" in again.get("progress")[0].proto.text
    assert [r.value for r in again.radio if (r.key or "").endswith("self.risk-1@en")] == [1]
    rate(again, {"self.risk-2": 2})
    click(again, "Next dimension")
    assert [r.value for r in again.radio if (r.key or "").endswith("self.strategy-1@en")] == [4]
    rate(again, {"self.strategy-2": 5})
    click(again, "Save my self-assessment")
    assert len(again.get("plotly_chart")) == 1
    page = texts(again)
    assert "**Risk management** (1.5/5): 1. Risk selectivity in brief" in page
    assert "Strategy & alignment**" not in page  # 4.5 needs no help
    click(again, "Take the self-assessment again")
    rate(again, {"self.risk-1": 4, "self.risk-2": 4})
    click(again, "Next dimension")
    rate(again, {"self.strategy-1": 4, "self.strategy-2": 4})
    click(again, "Save my self-assessment")
    table = again.dataframe[0].value
    assert list(table["Change"]) == ["+2.5", "-0.5"]


def test_pre_test_and_post_test_show_gain(signed_in, env):
    course = env["course"]
    at, _code = signed_in()
    at = goto(at, "pre_post")
    for kind, answer in (("pretest", wrong_response), ("posttest", key_response)):
        at.radio(key="test_kind@en").set_value(kind).run()
        next(b for b in at.button if b.label.startswith("Start the")).click().run()
        for i in range(2):
            question = current_question(at, course)
            give(at, question, answer(question))
            at = submit(at)
            assert "Correct." not in texts(at)  # deferred: no feedback before submitting
            if i == 0:
                next(b for b in at.button if b.label == "Next").click().run()
        next(b for b in at.button if b.label == "Submit all answers").click().run()
        assert not at.exception
    gain = at.dataframe[-1].value
    assert list(gain["Gain"]) == ["+100 points"]
    assert len(at.get("vega_lite_chart")) == 1


def test_reflection_feeds_action_plan_and_downloads(signed_in, env, store):
    at, code = signed_in()
    at = goto(at, "learn", module="sample")
    at.radio(key="module_section_sample@en").set_value("reflect").run()
    at.text_area[0].input("Pilot the risk engine at <b>Bellhaven</b> before scaling up")
    next(b for b in at.button if b.label == "Save to my action plan").click().run()
    assert "Saved to your action plan." in texts(at)
    at = goto(at, "report")
    assert at.text_area[0].value == "Pilot the risk engine at <b>Bellhaven</b> before scaling up"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download as Markdown", "Download as PDF"]  # no certificate before mastery
    assert "Master every module to receive your certificate: 0 of 1 so far." in texts(at)
    at.text_area[0].input("Pilot first, then scale")
    next(b for b in at.button if b.label == "Save").click().run()
    learner = store.learner_by_code(code)
    assert [i.text for i in store.plan_items(learner.id)] == ["Pilot first, then scale"]


def test_delete_my_data(signed_in, store):
    at, code = signed_in()
    at = goto(at, "report")
    at.checkbox(key="erase-confirm").check().run()
    next(b for b in at.button if b.label == "Delete my data").click().run()
    assert not at.exception
    assert store.learner_by_code(code) is None
    assert "learner_id" not in at.session_state


def test_practice_in_cbm_mode_reports_calibration(signed_in, env):
    course = env["course"]
    at, _code = signed_in()
    at = goto(at, "practice")
    at.radio[0].set_value("cbm")
    at.select_slider[0].set_value(5)
    next(b for b in at.button if b.label == "Start practice").click().run()
    for i in range(5):
        question = current_question(at, course)
        give(at, question, key_response(question))
        key = [b.key for b in at.button if b.key and b.key.endswith(":submit")][0][: -len(":submit")]
        at = submit(at)
        assert "Say how sure you are" in texts(at)
        at.radio(key=key + ":certainty").set_value(3)
        at = submit(at)
        assert "Certainty-based mark: +3" in texts(at)
        if i < 4:
            next(b for b in at.button if b.label == "Next").click().run()
    next(b for b in at.button if b.label == "Finish").click().run()
    page = texts(at)
    assert "You answered 100% correctly" in page and "moved your marks by +2.00 per question" in page
    verdicts = list(at.dataframe[0].value["Verdict"])
    assert verdicts == ["no answers", "no answers", "well judged"]  # five answers, all at C3: judged there only
    assert "C3: 100%" in page  # the chart's data in words


def test_storage_unavailable_is_a_message_not_a_traceback(monkeypatch, fixture_course):
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    monkeypatch.setenv("ITLEAD_DATABASE_URL", "sqlite:////proc/itlead-cannot-be-here/x.db")
    at = new_app()
    at.text_input[0].input("Ana")
    at.button[0].click().run()
    assert not at.exception
    assert "Storage is unavailable right now" in texts(at)
    again = new_app(resume="7KQ2M-XW9TD")
    assert not again.exception and "Storage is unavailable right now" in texts(again)


def test_edited_content_reloads_and_a_broken_file_keeps_its_last_good_version(tmp_path, monkeypatch,
                                                                               fixture_course):
    import shutil
    import time

    from itlead.ui import resources

    course = tmp_path / "course"
    shutil.copytree(fixture_course, course)
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(course))
    monkeypatch.setenv("ITLEAD_DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    monkeypatch.setattr(resources, "RELOAD_CHECK_SECONDS", 0.0)
    at = new_app()
    at.text_input[0].input("Author")
    at.button[0].click().run()
    at = goto(at, "learn", module="sample")
    assert at.header[0].value == "Concentrating control where the risk is"
    module = course / "modules" / "sample.yaml"
    module.write_text(module.read_text().replace("Concentrating control where the risk is", "Control follows risk"))
    time.sleep(0.01)
    at.run()
    assert at.header[0].value == "Control follows risk"  # reloaded on the next rerun
    module.write_text(module.read_text().replace("estimated_minutes: 20", "estimated_minutes: lots"))
    at.run()
    assert not at.exception
    assert at.header[0].value == "Control follows risk"  # the last good version keeps serving
    assert not at.code  # content problems are for facilitators only
    at.session_state["facilitator"] = True
    at.run()
    panel = "\n".join(c.value for c in at.code)
    assert "modules/sample.yaml:" in panel and "estimated_minutes: should be a whole number" in panel
