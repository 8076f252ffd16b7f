"""Modules: lessons with diagrams, the mastery check, and reflection prompts for the action plan."""
import streamlit as st

from itlead.i18n import _
from itlead.learning.attempts import questions_of
from itlead.store.plans import MAX_PLAN_TEXT, PlanLimit
from itlead.ui import errors, keys, quiz, resources, visitor
from itlead.ui.scrolling import scroll_to_top
from itlead.ui.text import labelled, tx, wkey

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
if not course.modules:
    st.warning(_("No modules are available."))
    st.stop()

ids = [m.id for m in course.modules]
wanted = st.query_params.get("module") or learner.state.get("module")
module_id = st.selectbox(_("Module"), ids, index=ids.index(wanted) if wanted in ids else 0,
                         format_func=labelled(ids, lambda i: f"{course.module(i).number}. {tx(course.module(i).title)}"))
module = course.module(module_id)
if learner.state.get("module") != module.id:
    store.update_learner(learner.id, state={**learner.state, "module": module.id})
st.query_params["module"] = module.id

st.title(tx(module.title), anchor=False)
st.caption(tx(module.summary) + " · " + _("about {m} minutes").format(m=module.estimated_minutes))
with st.expander(_("Learning objectives")):
    for objective in module.objectives:
        st.markdown(f"- {tx(objective.text)}")

SECTIONS = {"lessons": _("Lessons"), "check": _("Check your understanding"), "reflect": _("Reflect")}
section_key = keys.module_section(module.id)


def set_section(value: str, widget_key: str) -> None:
    """A callback: it runs before the page, so it gets the widget's key (which carries the language) as made now."""
    st.session_state[section_key] = st.session_state[widget_key] = value


wanted_section = st.query_params.get("section")
if wanted_section in SECTIONS and wkey(section_key) not in st.session_state:
    st.session_state[section_key] = wanted_section  # a reload returns to the section in the URL
section = st.radio(_("Section"), list(SECTIONS), key=wkey(section_key), horizontal=True,
                   index=list(SECTIONS).index(st.session_state.get(section_key, "lessons")),
                   format_func=SECTIONS.__getitem__, label_visibility="collapsed")
st.session_state[section_key] = section
st.query_params["section"] = section

def show_lesson(lesson_key: str) -> None:
    """The current lesson, with Previous and Next; a new lesson starts at the top of the page."""
    index = min(st.session_state[lesson_key], len(module.lessons) - 1)
    lesson = module.lessons[index]
    store.mark_lesson_seen(learner.id, module.id, lesson.id)
    if st.session_state.pop(keys.SCROLL_TOP, False):
        scroll_to_top(f"{module.id}:{lesson.id}")
    st.progress((index + 1) / len(module.lessons),
                text=_("Lesson {i} of {n}").format(i=index + 1, n=len(module.lessons)))
    st.header(tx(lesson.title), anchor=False)
    st.markdown(tx(lesson.body))
    if lesson.diagram is not None:
        st.graphviz_chart(lesson.diagram.dot(visitor.locale()), width="stretch",  # named by its caption
                          alt=tx(lesson.diagram.caption) if lesson.diagram.caption is not None else tx(lesson.title))
        if lesson.diagram.caption is not None:
            st.caption(tx(lesson.diagram.caption))
    st.subheader(_("Key takeaways"), anchor=False)
    for takeaway in lesson.takeaways:
        st.markdown(f"- {tx(takeaway)}")
    if lesson.discussion:
        with st.expander(_("Questions for discussion")):
            for q in lesson.discussion:
                st.markdown(f"- {tx(q)}")
    if lesson.references:
        st.caption(_("References") + ": " + "; ".join(lesson.references))
    lesson_navigation(lesson_key, index)


def go(lesson_key: str, to: int) -> None:
    st.session_state[lesson_key] = to
    st.session_state[keys.SCROLL_TOP] = True
    lessons = {**learner.state.get("lessons", {}), module.id: to}
    store.update_learner(learner.id, state={**learner.state, "module": module.id, "lessons": lessons})


def lesson_navigation(lesson_key: str, index: int) -> None:
    prev, nxt = st.columns(2)
    if prev.button(_("Previous lesson"), disabled=index == 0, width="stretch"):
        go(lesson_key, index - 1)
        st.rerun()
    if index < len(module.lessons) - 1:
        if nxt.button(_("Next lesson"), type="primary", width="stretch"):
            go(lesson_key, index + 1)
            st.rerun()
    else:
        nxt.button(_("Check your understanding"), type="primary", width="stretch", on_click=set_section,
                   args=("check", wkey(section_key)))


def run_check() -> None:
    """The mastery check: the last result with a review, or the check itself."""
    bank = course.mastery_bank(module)
    if bank is None:
        st.info(_("This module has no check yet."))
        return
    questions = questions_of([bank])
    attempt = quiz.open_attempt(learner, bank.id, "check")
    finished = [a for a in store.attempts(learner.id, purpose="check", bank_id=bank.id, finished=True)]
    if attempt is None and finished and not st.session_state.get(keys.retry_check(bank.id)):
        last = finished[-1]
        summary = quiz.attempt_summary_for(last, questions)
        quiz.show_summary(summary, module.mastery.threshold)
        best = max((a.percent or 0) for a in finished)
        st.caption(_("Best score so far: {p:.0f}% over {n} attempt(s).").format(p=best, n=len(finished)))
        quiz.show_review(last, questions)
        if st.button(_("Try the check again"), type="primary"):
            st.session_state[keys.retry_check(bank.id)] = True
            st.rerun()
        return
    if attempt is None:
        st.markdown(_("{n} questions. You get a hint after a wrong try; each extra try costs a little. "
                      "Mastery needs {p:.0f}%.").format(n=len(bank.questions), p=100 * module.mastery.threshold))
        if not st.button(_("Start the check"), type="primary"):
            return
        order = [q.id for q in bank.questions]
        quiz.start_attempt(learner, bank.id, "check", bank.behaviour, order, module_id=module.id)
        st.session_state.pop(keys.retry_check(bank.id), None)
        st.rerun()  # the check replaces its introduction
    quiz.run_attempt(learner, attempt, questions)


def reflect() -> None:
    """Reflection prompts whose answers become items of the action plan."""
    prompts = [q for b in course.module_banks(module) for q in b.questions if q.type == "reflection"]
    if not prompts:
        st.info(_("This module has no reflection prompts."))
        return
    st.markdown(_("Your answers become items of your personal action plan (see My report). "
                  "Nobody else can see them."))
    saved = {item.question_id: item for item in store.plan_items(learner.id)}
    for prompt in prompts:
        with st.form(f"reflect:{prompt.id}"):
            st.markdown(f"**{tx(prompt.stem)}**")
            current = saved.get(prompt.id)
            text = st.text_area(_("Your answer"), value=current.text if current else "", max_chars=min(prompt.max_chars, MAX_PLAN_TEXT),
                                placeholder=tx(prompt.placeholder) if prompt.placeholder else None)
            if st.form_submit_button(_("Save to my action plan")):
                if text.strip():
                    try:
                        store.upsert_plan_item(learner.id, text.strip(), question_id=prompt.id)
                    except PlanLimit as exc:
                        st.warning(errors.plan_limit(exc))
                    else:
                        st.success(_("Saved to your action plan."))
                else:
                    st.warning(_("Write something first."))


if section == "lessons":
    key = keys.lesson_index(module.id)
    if key not in st.session_state:
        st.session_state[key] = int(learner.state.get("lessons", {}).get(module.id, 0))
    show_lesson(key)
elif section == "check":
    run_check()
else:
    reflect()
