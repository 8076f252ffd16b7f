"""Cohort analytics (behind the passcode): item analysis, difficult questions, distractors, pre/post gain,
and CSV and Excel exports of everything."""
import pandas as pd
import streamlit as st

from itlead.content.quality import review_markdown
from itlead.i18n import _
from itlead.ui import auth_forms, keys, live_views, resources
from itlead.ui.text import escape_md, labelled, tx
from itlead.workshop import analytics, item_review

auth_forms.require_facilitator()
store, live, course = resources.store(), resources.live(), resources.course()
st.title(_("Cohort analytics"), anchor=False)

SELF_PACED = "self-paced"
sessions = {s.id: f"{s.title} · {s.code}" for s in live.sessions(include_ended=True)}
source = st.selectbox(_("Whose answers"), [SELF_PACED, *sessions],
                      format_func=labelled([SELF_PACED, *sessions],
                                           lambda s: _("Learners on this server (self-paced)") if s == SELF_PACED
                                           else _("Live session") + f": {sessions[s]}"))
rows = store.cohort_rows() if source == SELF_PACED else live.rows(int(source))
raw = pd.DataFrame(rows)
sheets: dict[str, pd.DataFrame] = {}


def key_figures(frame: pd.DataFrame, analysis: pd.DataFrame) -> None:
    """The numbers a facilitator looks for first."""
    people, items, mean, review = st.columns(4)
    people.metric(_("People"), int(frame["person"].nunique()))
    items.metric(_("Items"), len(analysis))
    mean.metric(_("Mean facility"), f"{analysis['facility'].mean():.0%}" if len(analysis) else "—")
    review.metric(_("Items to review"), len(analytics.difficult(analysis)))


def stem(item_id: str) -> str:
    found = course.questions.get(item_id)
    return tx(found[1].stem) if found else item_id


def item_views() -> None:
    frame = analytics.responses_frame(rows)
    analysis = analytics.item_analysis(frame)
    table = analysis.assign(question=analysis["item"].map(stem))
    sheets.update(items=table, responses=raw)
    key_figures(frame, analysis)
    st.subheader(_("Items"), anchor=False)
    st.caption(_("Facility: share of marks obtained (low = hard). Discrimination: how well the item separates those "
                 "who did well overall from those who did not (below 0.2 deserves a look; negative, a rewrite)."))
    st.dataframe(table[["question", "facility", "discrimination", "n", "upper_lower", "item"]], hide_index=True,
                 width="stretch", column_config={
                     "question": st.column_config.TextColumn(_("Question"), width="large"),
                     "facility": st.column_config.ProgressColumn(_("Facility"), min_value=0, max_value=1,
                                                                 format="percent"),
                     "discrimination": st.column_config.NumberColumn(_("Discrimination"), format="%.2f"),
                     "n": st.column_config.NumberColumn(_("Answers")),
                     "upper_lower": st.column_config.NumberColumn(_("Top minus bottom group"), format="%.2f"),
                     "item": st.column_config.TextColumn(_("Item id"))})
    st.subheader(_("Difficult questions"), anchor=False)
    hard = analytics.difficult(analysis)
    if hard.empty:
        st.success(_("No question was answered correctly by fewer than half."))
    else:
        st.dataframe(hard.assign(question=hard["item"].map(stem))[["question", "facility", "n"]], hide_index=True,
                     width="stretch", column_config={
                         "question": st.column_config.TextColumn(_("Question"), width="large"),
                         "facility": st.column_config.ProgressColumn(_("Facility"), min_value=0, max_value=1,
                                                                     format="percent"),
                         "n": st.column_config.NumberColumn(_("Answers"))})
    items_to_revise(frame)
    choice_items = [i for i in analysis["item"] if i in course.questions
                    and live_views.keys_and_labels(course.questions[i][1])]
    if choice_items:
        st.subheader(_("How often each option was chosen"), anchor=False)
        item = st.selectbox(_("Question"), choice_items, format_func=labelled(choice_items, lambda i: stem(i)[:100]))
        question = course.questions[item][1]
        options = (live_views.lettered_options(question, int(source)) if source != SELF_PACED
                   else [(k, live_views.option_letter(n), label)
                         for n, (k, label) in enumerate(live_views.keys_and_labels(question))])
        chosen = analytics.distractors(frame, item, [k for k, _l, _t in options])
        live_views.results_chart(dict(zip(chosen["option"], chosen["chosen"])), options,
                                 live_views.correct_keys(question))
    if source == SELF_PACED:
        item_module = {qid: course.objectives[q.objective][0].id for qid, (_b, q) in course.questions.items()
                       if q.objective in course.objectives}
        gain = analytics.cohort_gain(analytics.module_scores(raw[raw["purpose"] == "pretest"], item_module),
                                     analytics.module_scores(raw[raw["purpose"] == "posttest"], item_module))
        st.subheader(_("Pre-test and post-test gain"), anchor=False)
        if gain.empty:
            st.info(_("No learner has finished both tests yet."))
        else:
            st.dataframe(gain, hide_index=True, width="stretch")
            sheets["gain"] = gain


def items_to_revise(frame: pd.DataFrame) -> None:
    """After a workshop: the item-writing rules joined to what these answers show, with file and line, to hand to
    the content authors (computed on request: the rules read every content file)."""
    st.subheader(_("Items to revise"), anchor=False)
    if not st.toggle(_("Check the items against the item-writing rules and these answers"), key=keys.ITEM_REVIEW):
        return
    review = item_review.items_to_revise(resources.load(), frame)
    if not review:
        st.success(_("No item needs revision from these answers."))
        return
    st.dataframe([{_("Item id"): r.item, _("File and line"): f"{r.file}:{r.line}", _("Why"): "; ".join(r.reasons)}
                  for r in review], hide_index=True, width="stretch")
    st.download_button(_("Download the list for the content authors (Markdown)"), review_markdown(review),
                       file_name="items-to-revise.md", mime="text/markdown")


if raw.empty:
    st.info(_("No answers yet."))
else:
    item_views()

if source != SELF_PACED:
    for form_id, heading in (("workshop-evaluation", _("Participants' evaluation")),
                             ("facilitator-debrief", _("Facilitator debrief"))):
        form = course.banks.get(form_id)
        answers = live.evaluation_rows(int(source), form_id)
        if form is None or not answers:
            continue
        st.subheader(heading, anchor=False)
        statements = {q.id: tx(q.stem) for q in form.questions if q.type == "likert"}
        summary = analytics.survey_summary(answers, statements)
        st.dataframe(summary, hide_index=True, width="stretch",
                     column_config={"mean": st.column_config.NumberColumn(format="%.1f")})
        for q in form.questions:
            comments = [a["response"] for a in answers if a["item"] == q.id and isinstance(a["response"], str)]
            if comments:
                st.markdown(f"**{tx(q.stem)}**")
                for comment in comments:
                    st.markdown(f"- {escape_md(comment)}")
        sheets[form_id[:31]] = pd.DataFrame(answers)

if not sheets:
    st.stop()
csv, excel = st.columns(2)
csv.download_button(_("Download answers (CSV)"), lambda: analytics.to_csv(raw), file_name="answers.csv",
                    mime="text/csv", width="stretch")
excel.download_button(_("Download everything (Excel)"), lambda: analytics.to_excel(sheets),
                      file_name="cohort-analytics.xlsx", width="stretch",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
