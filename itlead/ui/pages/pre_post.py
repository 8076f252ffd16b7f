"""Pre-test and post-test: parallel forms over every module, and the knowledge gained per module."""
import textwrap

import altair as alt
import pandas as pd
import streamlit as st

from itlead.i18n import _
from itlead.learning.assessment import knowledge_gain, module_scores
from itlead.learning.attempts import questions_of
from itlead.ui import keys, quiz, resources, visitor
from itlead.ui.text import escape_md, tx, wkey

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
st.title(_("Pre-test and post-test"), anchor=False)
st.caption(_("Take the pre-test before you start and the post-test when you have finished: the difference shows "
             "what you gained in each module. Results are shown only after you submit."))

KINDS = {"pretest": _("Pre-test"), "posttest": _("Post-test")}
if st.query_params.get("test") in KINDS and wkey(keys.TEST_KIND) not in st.session_state:
    st.session_state[keys.TEST_KIND] = st.query_params["test"]
kind = st.radio(_("Test"), list(KINDS), horizontal=True, format_func=KINDS.__getitem__,
                index=list(KINDS).index(st.session_state.get(keys.TEST_KIND, "pretest")),
                label_visibility="collapsed", key=wkey(keys.TEST_KIND))
st.session_state[keys.TEST_KIND] = kind
st.query_params["test"] = kind
banks = course.banks_for(kind)
questions = questions_of(banks)
if not questions:
    st.info(_("This test is not available."))
    st.stop()


def finished_scores(purpose: str) -> dict[str, float] | None:
    done = store.attempts(learner.id, purpose=purpose, bank_id=purpose, finished=True)
    if not done:
        return None
    qs = questions_of(course.banks_for(purpose))
    return module_scores(course, qs, quiz.states_for(done[-1], qs))


attempt = quiz.open_attempt(learner, kind, kind)
scores = finished_scores(kind)
if attempt is None and scores is not None and not st.session_state.get(keys.retake_test(kind)):
    done = store.attempts(learner.id, purpose=kind, bank_id=kind, finished=True)[-1]
    quiz.show_summary(quiz.attempt_summary_for(done, questions))
    quiz.show_review(done, questions)
    if st.button(_("Take it again")):
        st.session_state[keys.retake_test(kind)] = True
        st.rerun()
elif attempt is None:
    st.markdown(_("{n} questions, about {m} minutes. Answer everything, then submit.").format(
        n=len(questions), m=max(5, len(questions))))
    if st.button(_("Start the {test}").format(test=KINDS[kind].lower()), type="primary"):
        ordered = [q.id for b in banks for q in b.questions if q.scored]
        quiz.start_attempt(learner, kind, kind, "deferred", ordered)
        st.session_state.pop(keys.retake_test(kind), None)
        st.rerun()
else:
    quiz.run_attempt(learner, attempt, questions)

pre, post = finished_scores("pretest"), finished_scores("posttest")
if pre or post:
    st.subheader(_("Results by module"), anchor=False)
    rows = []
    for module in course.modules:
        for label, data in ((KINDS["pretest"], pre), (KINDS["posttest"], post)):
            if data and module.id in data:
                rows.append({"module": f"{module.number}. {tx(module.title)}", "test": label,
                             "score": round(100 * data[module.id])})
    if rows:
        summary = "; ".join(f"{m}: " + ", ".join(f"{r['test']} {r['score']}%" for r in rows if r["module"] == m)
                            for m in dict.fromkeys(r["module"] for r in rows))
        for row in rows:  # module names on short lines, never cut, on a phone too
            row["module"] = "\n".join(textwrap.wrap(row["module"], width=22))
        chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
            x=alt.X("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(labelFlush=True)),
            y=alt.Y("module:N", title=None, axis=alt.Axis(labelLimit=0, labelOverlap=False,
                                                          labelExpr="split(datum.label, '\\n')")),
            yOffset="test:N",
            color=alt.Color("test:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["module", "test", "score"],
        ).properties(height=84 * len({r["module"] for r in rows}))
        st.altair_chart(chart, width="stretch", alt=_("Results by module"))
        st.caption(escape_md(summary))  # the chart in words
    if pre and post:
        gain = knowledge_gain(pre, post)
        st.dataframe([{_("Module"): f"{course.module(m).number}. {tx(course.module(m).title)}",
                       _("Pre-test"): f"{100 * pre[m]:.0f}%", _("Post-test"): f"{100 * post[m]:.0f}%",
                       _("Gain"): f"{100 * g:+.0f} " + _("points")} for m, g in gain.items()],
                     hide_index=True, width="stretch")
