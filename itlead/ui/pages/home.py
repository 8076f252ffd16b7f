"""Home: progress per module and the next step."""
import streamlit as st

from itlead.i18n import _
from itlead.learning.progress import next_step
from itlead.ui import keys, progress_view, resources, visitor
from itlead.ui.text import escape_md, tx

learner = visitor.require_learner()
course = resources.course()

new_code = st.session_state.pop(keys.NEW_CODE, None)
if new_code:
    st.success(_("Welcome! Your resume code is **{code}**. Note it down: it is the only way back to your work "
                 "on another device.").format(code=new_code))

st.title(_("Welcome, {name}").format(name=escape_md(learner.display_name)), anchor=False)
progress, seen, finished_cases = progress_view.course_progress(learner)

step = next_step(course, progress.values(), seen, finished_cases)
store = resources.store()
pretest = sum(len(b.questions) for b in course.banks_for("pretest"))
if pretest and not store.attempts(learner.id, purpose="pretest"):
    st.info(_("**Start with the pre-test.** {n} short questions across every module show what you already know; "
              "the post-test at the end shows what you gained. It counts towards nothing.").format(n=pretest))
    if st.button(_("Take the pre-test"), type="primary"):
        st.switch_page("itlead/ui/pages/pre_post.py",
                       query_params={"test": "pretest", "resume": st.session_state[keys.RESUME_CODE]})
if step.kind == "done":
    st.success(_("You have mastered every module. Your certificate is on the My report page."))
else:
    module = course.module(step.module_id)
    what = {"lesson": _("Continue with the lessons of"), "check": _("Take the mastery check of"),
            "case": _("Play the case study of")}[step.kind]
    t_next_step = _("Next step")
    st.info(f"**{t_next_step}:** {what} *{tx(module.title)}*")
    target = "case_studies" if step.kind == "case" else "learn"
    if st.button(_("Continue"), type="primary"):
        st.switch_page(f"itlead/ui/pages/{target}.py",
                       query_params={"module": module.id, "resume": st.session_state[keys.RESUME_CODE]})

for module in course.modules:
    p = progress[module.id]
    label = f"{module.number}. {tx(module.title)}" + (" ✓ " + _("mastered") if p.mastered else "")
    st.progress(p.fraction, text=label)
    best = "–" if p.best_check is None else f"{100 * p.best_check:.0f}%"
    st.caption(_("Lessons {seen}/{total} · best check {best} (mastery at {need:.0f}%) · cases {cd}/{ct}").format(
        seen=p.lessons_seen, total=p.lessons_total, best=best, need=100 * p.threshold, cd=p.cases_done,
        ct=p.cases_total))
