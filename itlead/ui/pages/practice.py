"""Practice: a random draw from the question banks, by module, objective or difficulty, in any behaviour."""
import secrets

import streamlit as st

from itlead.i18n import N_, _
from itlead.learning.attempts import attempt_summary, draw, questions_of
from itlead.ui import keys, quiz, resources, visitor
from itlead.ui.text import labelled, tx

PRACTICE_BANK = "practice"
BEHAVIOURS = {
    "immediate": N_("Immediate feedback: one try per question"),
    "interactive": N_("Interactive: hints and more tries, with a small penalty per try"),
    "deferred": N_("Deferred: answer everything, then see your results"),
    "cbm": N_("Certainty-based: say how sure you are; confident mistakes cost most"),
}

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
st.title(_("Practice"), anchor=False)
pool_banks = [b for b in course.banks.values() if b.purpose in ("check", "practice")]
questions = questions_of(pool_banks)

attempt = quiz.open_attempt(learner, PRACTICE_BANK, "practice")
if attempt is None:
    last_id = st.session_state.get(keys.PRACTICE_LAST)
    last = store.attempt(last_id) if last_id else None
    if last is not None and last.finished_at is not None and last.learner_id == learner.id:
        st.subheader(_("Your last practice"), anchor=False)
        quiz.show_summary(quiz.attempt_summary_for(last, questions))
        quiz.show_review(last, questions)
        st.divider()

    st.markdown(_("Practice does not count towards mastery. Choose what to practise:"))
    modules = {m.id: f"{m.number}. {tx(m.title)}" for m in course.modules}
    module_id = st.selectbox(_("Module"), [""] + list(modules), format_func=labelled(["", *modules], lambda i: modules.get(i, _("All modules"))))
    objective = ""
    if module_id:  # shown once there are objectives to choose from (a disabled one is drawn in low contrast)
        objectives = {o.id: tx(o.text) for o in course.module(module_id).objectives}
        objective = st.selectbox(_("Objective"), [""] + list(objectives), format_func=labelled(
            ["", *objectives], lambda i: objectives.get(i, _("All objectives"))))
    levels = {"": _("Any difficulty"), "recall": _("Recall"), "application": _("Application"),
              "judgement": _("Judgement")}
    difficulty = st.selectbox(_("Difficulty"), list(levels), format_func=levels.__getitem__)
    behaviour = st.radio(_("How to practise"), list(BEHAVIOURS), format_func=labelled(BEHAVIOURS, lambda b: _(BEHAVIOURS[b])))
    count = st.select_slider(_("Number of questions"), [5, 10, 15, 20], value=10)
    module_objectives = [o.id for o in course.module(module_id).objectives] if module_id else None
    seed = secrets.randbelow(2**31)
    drawn = draw(list(questions.values()), count, seed, module_objectives=module_objectives,
                 objective=objective or None, difficulty=difficulty or None)
    st.caption(_("{n} question(s) match.").format(n=len(drawn)))
    if st.button(_("Start practice"), type="primary", disabled=not drawn):
        new = quiz.start_attempt(learner, PRACTICE_BANK, "practice", behaviour, drawn, module_id=module_id or None)
        st.session_state[keys.PRACTICE_LAST] = new.id
        st.rerun()
else:
    st.session_state[keys.PRACTICE_LAST] = attempt.id
    st.caption(_(BEHAVIOURS[attempt.behaviour]))
    if quiz.run_attempt(learner, attempt, questions) is None:
        if st.button(_("Abandon this practice")):
            questions_left = quiz.states_for(attempt, questions)
            summary = attempt_summary(questions_left, questions)
            store.finish_attempt(attempt.id, summary.marks, summary.max_marks)
            st.rerun()
