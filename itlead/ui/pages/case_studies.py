"""Case studies: play a branching story to an ending, read the debrief, replay and compare paths."""
import streamlit as st

from itlead.content.case_study import Decision, Ending, Narrative
from itlead.i18n import N_, _
from itlead.learning import cases
from itlead.ui import resources, visitor
from itlead.ui.text import labelled, tx

# A rating is told in words, with a Material icon beside it: emoji depend on the fonts a device has installed.
RATINGS = {"good": (":material/check_circle:", N_("A strong outcome")),
           "mixed": (":material/change_circle:", N_("A mixed outcome")),
           "poor": (":material/cancel:", N_("A poor outcome"))}

learner = visitor.require_learner()
store, course = resources.store(), resources.course()
st.title(_("Case studies"), anchor=False)
if not course.cases:
    st.info(_("No case studies are available."))
    st.stop()

ordered = sorted(course.cases.values(), key=lambda c: (
    next((m.number for m in course.modules if c.id in m.cases), 99), c.id))
ids = [c.id for c in ordered]
module_param = st.query_params.get("module")
default = next((c for m in course.modules if m.id == module_param for c in m.cases if c in course.cases), ids[0])
case_id = st.selectbox(_("Case"), ids, index=ids.index(default), format_func=labelled(ids, lambda i: tx(course.cases[i].title)))
case = course.cases[case_id]
st.caption(tx(case.summary) + " · " + _("about {m} minutes").format(m=case.timing_minutes))

runs = store.case_runs(learner.id, case.id)
current = next((r for r in reversed(runs) if r.ending_id is None), None)
if current is None and not runs:
    store.save_case_run(learner.id, case.id, [], case.start, 0)
    runs = store.case_runs(learner.id, case.id)
    current = runs[-1]

if current is not None:
    run = cases.restore(case, current.choices, current.node_id)
    for step in run.steps:
        decision = case.node(step.node_id)
        choice = next(c for c in decision.choices if c.id == step.choice_id)  # type: ignore[union-attr]
        with st.container(border=True):
            t_you_chose = _("You chose")
            st.markdown(f"**{t_you_chose}:** {tx(choice.text)}")
            st.markdown(tx(step.consequence))
    node = cases.current(case, run)
    if node.title is not None:
        st.subheader(tx(node.title), anchor=False)
    st.markdown(tx(node.text))

    def save(new_run: cases.CaseRun) -> None:
        node_now = cases.current(case, new_run)
        ending = node_now.id if isinstance(node_now, Ending) else None
        fraction = cases.result(case, new_run).fraction if ending else None
        store.save_case_run(learner.id, case.id, [s.choice_id for s in new_run.steps], new_run.node_id,
                            new_run.score, run_id=current.id, ending_id=ending, fraction=fraction)

    if isinstance(node, Narrative):
        if st.button(_("Continue"), type="primary", key=f"go:{current.id}:{len(run.steps)}:{node.id}"):
            save(cases.advance(case, run))
            st.rerun()
    elif isinstance(node, Decision):
        t_what_do_you_do = _("What do you do?")
        st.markdown(f"**{t_what_do_you_do}**")
        for choice in node.choices:
            if st.button(tx(choice.text), key=f"choice:{current.id}:{node.id}:{choice.id}", width="stretch"):
                save(cases.choose(case, run, choice.id))
                st.rerun()
    else:  # an ending reached but not yet recorded (cannot normally happen)
        save(run)
        st.rerun()
else:
    last = runs[-1]
    run = cases.restore(case, last.choices, last.node_id)
    result = cases.result(case, run)
    for step in run.steps:
        decision = case.node(step.node_id)
        choice = next(c for c in decision.choices if c.id == step.choice_id)  # type: ignore[union-attr]
        t_you_chose = _("You chose")
        with st.expander(f"{t_you_chose}: {tx(choice.text)}"):
            st.markdown(tx(step.consequence))
    icon, words = RATINGS[result.ending.rating]
    st.header(tx(result.ending.title), anchor=False, icon=icon)
    st.caption(_(words) + " · " + _("score {s} on a range of {lo} to {hi}").format(
        s=result.score, lo=result.min_score, hi=result.max_score))
    st.progress(result.fraction)
    if result.ending.text is not None:
        st.markdown(tx(result.ending.text))
    st.subheader(_("Debrief"), anchor=False)
    st.markdown(tx(result.ending.debrief))
    if case.discussion:
        with st.expander(_("Questions for discussion")):
            for q in case.discussion:
                st.markdown(f"- {tx(q)}")
    if st.button(_("Play again"), type="primary"):
        store.save_case_run(learner.id, case.id, [], case.start, 0)
        st.rerun()


def show_paths(finished: list) -> None:
    """Each finished play as text that wraps on a phone: its ending in words with an icon, its score and every
    decision in full (a table would cut them, or scroll sideways)."""
    st.subheader(_("Your paths"), anchor=False)
    for n, r in enumerate(finished, start=1):
        path_run = cases.restore(case, r.choices, r.node_id)
        ending = case.node(r.ending_id)
        icon, words = RATINGS[ending.rating]  # type: ignore[union-attr]
        decisions = [tx(next(c for c in case.node(s.node_id).choices  # type: ignore[union-attr]
                                  if c.id == s.choice_id).text) for s in path_run.steps]
        t_play, t_rating, t_score, t_decisions = _("Play no."), _(words), _("Score"), _("Decisions")
        with st.container(border=True):
            st.markdown(f"**{t_play} {n}** · {icon} {t_rating}: {tx(ending.title)} · "  # type: ignore[union-attr]
                        f"{t_score} {r.score}")
            st.markdown(f"{t_decisions}:\n\n" + "\n".join(f"{k}. {d}" for k, d in enumerate(decisions, start=1)))


finished = [r for r in runs if r.ending_id]
if len(finished) >= 1:
    show_paths(finished)
    if len(finished) >= 2:
        a = cases.restore(case, finished[-2].choices, finished[-2].node_id)
        b = cases.restore(case, finished[-1].choices, finished[-1].node_id)
        shared = cases.divergence(a, b)
        st.caption(_("Your last two plays made the same first {n} decision(s), then parted.").format(n=shared))
