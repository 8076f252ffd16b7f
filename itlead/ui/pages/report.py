"""My report: the action plan (editable, downloadable as Markdown and PDF), the certificate, and erasing
my data."""
from datetime import date

import streamlit as st

from itlead.i18n import _
from itlead.interop.markdown import action_plan_markdown
from itlead.interop.pdf import action_plan_pdf, certificate_pdf
from itlead.store.plans import MAX_PLAN_TEXT, PlanLimit
from itlead.ui import errors, keys, progress_view, resources, visitor
from itlead.ui.text import escape_md, tx

MAX_ITEM_CHARS = MAX_PLAN_TEXT

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
st.title(_("My report"), anchor=False)
COURSE_TITLE = _("Strategic IT Leadership for Customs Executives")

st.header(_("My action plan"), anchor=False)
st.caption(_("Gathered from your reflections. Edit the items, add your own, tick them off as you act."))
items = store.plan_items(learner.id)
headings = {}
for item in items:
    source = course.questions.get(item.question_id or "")
    headings[item.id] = tx(source[1].stem) if source else _("My own item")
    with st.form(f"plan:{item.id}"):
        st.markdown(f"**{headings[item.id]}**")
        text = st.text_area(_("Action"), value=item.text, max_chars=MAX_ITEM_CHARS, key=f"plan-text:{item.id}")
        done = st.checkbox(_("Done"), value=item.done, key=f"plan-done:{item.id}")
        save, remove = st.columns(2)
        if save.form_submit_button(_("Save")):
            if text.strip():
                try:
                    store.upsert_plan_item(learner.id, text.strip(), item_id=item.id, done=done)
                except PlanLimit as exc:
                    st.warning(errors.plan_limit(exc))
                else:
                    st.rerun()
            else:
                st.warning(_("An action cannot be empty; use Remove instead."))
        if remove.form_submit_button(_("Remove")):
            store.delete_plan_item(learner.id, item.id)
            st.rerun()
with st.form(keys.PLAN_NEW, clear_on_submit=True):
    text = st.text_area(_("Add an action of your own"), max_chars=MAX_ITEM_CHARS)
    if st.form_submit_button(_("Add")) and text.strip():
        try:
            store.upsert_plan_item(learner.id, text.strip())
        except PlanLimit as exc:
            st.warning(errors.plan_limit(exc))
        else:
            st.rerun()

plan = [(headings[i.id], i.text, i.done) for i in items]
labels = {"title": _("My action plan"), "for": _("Prepared by"), "done": _("done"), "todo": _("to do"),
          "empty": _("No actions yet: answer the reflection prompts in each module.")}
today = date.today()
md, pdf = st.columns(2)
name = learner.display_name
# Documents are built only when a download is clicked, never on an ordinary rerun.
md.download_button(_("Download as Markdown"), lambda: action_plan_markdown(name, COURSE_TITLE, plan, today, labels),
                   file_name="action-plan.md", mime="text/markdown", width="stretch")
pdf.download_button(_("Download as PDF"), lambda: action_plan_pdf(name, COURSE_TITLE, plan, today, labels),
                    file_name="action-plan.pdf", mime="application/pdf", width="stretch")

st.header(_("Certificate of completion"), anchor=False)
progress, _seen, _cases = progress_view.course_progress(learner)
mastered = [m for m in course.modules if progress[m.id].mastered]
if course.modules and len(mastered) == len(course.modules):
    st.success(_("You have mastered every module."))
    cert_labels = {"title": _("Certificate of completion"), "certifies": _("This certifies that"),
                   "completed": _("has completed and mastered the course"), "modules": _("Modules mastered"),
                   "date": _("Date")}
    module_names = [f"{m.number}. {tx(m.title)}" for m in course.modules]
    st.download_button(_("Download my certificate (PDF)"),
                       lambda: certificate_pdf(name, COURSE_TITLE, module_names, today, cert_labels),
                       file_name="certificate.pdf", mime="application/pdf", type="primary")
else:
    st.info(_("Master every module to receive your certificate: {n} of {t} so far.").format(
        n=len(mastered), t=len(course.modules)))

st.header(_("My data"), anchor=False)
st.markdown(_("Your data is stored only on this server, under your name **{name}**, and can be opened only with "
              "your resume code.").format(name=escape_md(learner.display_name)))
with st.expander(_("Delete my data")):
    st.warning(_("This erases your progress, answers, case plays and action plan for good."))
    confirm = st.checkbox(_("I understand; erase everything"), key="erase-confirm")
    if st.button(_("Delete my data"), disabled=not confirm, type="primary"):
        store.delete_learner(learner.id)
        visitor.sign_out()
        st.rerun()
