"""Workshop planner (behind the passcode): build a one- or two-day agenda from modules, exercises, cases and
breaks; export the run sheet; rehearse it step by step with timers."""
import time
from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st
import yaml
from pydantic import ValidationError

from itlead.content.agenda import Agenda
from itlead.i18n import _
from itlead.interop.pdf import run_sheet_pdf
from itlead.ui import auth_forms, keys, resources
from itlead.ui.text import escape_md, labelled, tx
from itlead.workshop.planner import KIND_LABELS, agenda_from_rows, item_rows, run_sheet_markdown, schedule

auth_forms.require_facilitator()
course = resources.course()
st.title(_("Workshop planner"), anchor=False)
rehearsal_box = st.container(border=True, key="rehearsal")  # filled at the end, shown near the top

templates = {a.id: tx(a.title) for a in course.agendas.values()}
BLANK = "blank"
start_from = st.selectbox(_("Start from"), [*templates, BLANK],
                          format_func=labelled([*templates, BLANK], lambda a: templates.get(a, _("A blank one-day agenda"))))
if st.session_state.get(keys.PLANNER_FROM) != start_from:
    st.session_state[keys.PLANNER_FROM] = start_from
    st.session_state.pop(keys.PLANNER_REHEARSE, None)
    if start_from == BLANK:
        st.session_state[keys.PLANNER_BASE] = {"id": "my-workshop", "title": _("My workshop"),
                                               "summary": _("A national workshop.")}
        st.session_state[keys.PLANNER_DAYS] = [(_("Day {n}").format(n=1), "09:00", [
            {"kind": "plenary", "minutes": 20, "title": _("Opening")},
            {"kind": "break", "minutes": 15, "title": _("Coffee")}])]
    else:
        agenda = course.agendas[start_from]
        st.session_state[keys.PLANNER_BASE] = {"id": agenda.id, "title": tx(agenda.title), "summary": tx(agenda.summary)}
        st.session_state[keys.PLANNER_DAYS] = [(tx(day.title), day.start, item_rows(agenda, i))
                                            for i, day in enumerate(agenda.days)]

base = st.session_state[keys.PLANNER_BASE]
base["title"] = st.text_input(_("Title"), base["title"], max_chars=150)
base["summary"] = st.text_area(_("Summary"), base["summary"], max_chars=1000)
names = {  # what the grid shows for each id: the titles a facilitator knows
    "kind": {k: _(v) for k, v in KIND_LABELS.items()},
    "module": {m.id: f"{m.number}. {tx(m.title)}" for m in course.modules},
    "lesson": {ls.id: tx(ls.title) for m in course.modules for ls in m.lessons},
    "bank": {b.id: tx(b.title) for b in course.banks.values()},
    "case": {c.id: tx(c.title) for c in course.cases.values()},
}
options = {
    "kind": list(KIND_LABELS),
    "module": [""] + [m.id for m in course.modules],
    "lesson": [""] + sorted({ls.id for m in course.modules for ls in m.lessons}),
    "bank": [""] + sorted(course.banks),
    "case": [""] + sorted(course.cases),
}


def choice_column(label: str, column: str, required: bool = False) -> Any:
    """A grid column picked from a list of ids, showing the title of each."""
    return st.column_config.SelectboxColumn(label, options=options[column], required=required,
                                            format_func=lambda v: names[column].get(v, v or ""))


day_count = st.radio(_("Days"), [1, 2], index=len(st.session_state[keys.PLANNER_DAYS]) - 1, horizontal=True)
days = list(st.session_state[keys.PLANNER_DAYS])
while len(days) < day_count:
    days.append((_("Day {n}").format(n=len(days) + 1), "09:00",
                 [{"kind": "plenary", "minutes": 15, "title": _("Recap")}]))
days = days[:day_count]

edited = []
for n, (title, start, rows) in enumerate(days):
    st.subheader(_("Day {n}").format(n=n + 1), anchor=False)
    cols = st.columns([3, 1])
    day_title = cols[0].text_input(_("Day title"), title, key=keys.planner_day("title", n))
    day_start = cols[1].text_input(_("Starts at"), start, key=keys.planner_day("start", n), max_chars=5)
    table = st.data_editor(
        pd.DataFrame(rows, columns=["kind", "minutes", "title", "module", "lesson", "bank", "case", "notes"]).astype(
            {"title": "string", "module": "string", "lesson": "string", "bank": "string", "case": "string",
             "notes": "string"}),  # text columns stay text even when every cell is empty
        num_rows="dynamic", hide_index=True, key=keys.planner_day("items", n), width="stretch",
        column_config={
            "kind": choice_column(_("Kind"), "kind", required=True),
            "minutes": st.column_config.NumberColumn(_("Minutes"), min_value=5, max_value=240, step=5, required=True),
            "title": st.column_config.TextColumn(_("Title (optional for lessons, exercises, cases)"), max_chars=150),
            "module": choice_column(_("Module"), "module"),
            "lesson": choice_column(_("Lesson"), "lesson"),
            "bank": choice_column(_("Exercise bank"), "bank"),
            "case": choice_column(_("Case"), "case"),
            "notes": st.column_config.TextColumn(_("Notes"), max_chars=500),
        })
    edited.append((day_title, day_start, table.to_dict("records")))

try:
    agenda: Agenda | None = agenda_from_rows(base, edited)
except ValidationError as exc:
    agenda = None
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"])
        st.warning(f"{where}: {error['msg'].removeprefix('Value error, ')}")
if agenda is None:
    st.stop()
unknown = [f"{i.kind}: {i.module or ''} {i.lesson or ''} {i.bank or ''} {i.case or ''}".strip()
           for d in agenda.days for i in d.items
           if (i.module and i.module not in {m.id for m in course.modules})
           or (i.lesson and i.module in {m.id for m in course.modules}
               and i.lesson not in {ls.id for ls in course.module(i.module).lessons})]
for problem in unknown:
    st.warning(_("This item points at a lesson its module does not have") + f": {problem}")

plan = schedule(agenda, course)
st.session_state[keys.PLANNER_DAYS] = edited
st.subheader(_("Run sheet"), anchor=False)
for day in plan:
    span = _("{start}–{end} · {minutes} min").format(start=day.slots[0].start, end=day.slots[-1].end,
                                                      minutes=day.minutes)
    st.markdown(f"**{escape_md(day.title)}** · {span}")
    st.dataframe([{_("Time"): f"{s.start}–{s.end}", _("Minutes"): s.minutes, _("Activity"): f"{_(KIND_LABELS[s.kind])}: {s.title}",
                   _("Notes"): s.notes} for s in day.slots], hide_index=True, width="stretch")

labels = {"time": _("Time"), "minutes": _("Minutes"), "activity": _("Activity"), "notes": _("Notes")}
pdf_days = [(d.title, [(s.start, s.end, s.minutes, f"{_(KIND_LABELS[s.kind])}: {s.title}", s.notes) for s in d.slots])
            for d in plan]
md, pdf, yml = st.columns(3)
md.download_button(_("Run sheet (Markdown)"), lambda: run_sheet_markdown(agenda, course), file_name="run-sheet.md",
                   mime="text/markdown", width="stretch")
pdf.download_button(_("Run sheet (PDF)"), lambda: run_sheet_pdf(tx(agenda.title), tx(agenda.summary), pdf_days, labels),
                    file_name="run-sheet.pdf", mime="application/pdf", width="stretch")
yml.download_button(_("Agenda (YAML for agendas/)"),
                    lambda: yaml.safe_dump(agenda.model_dump(mode="json", exclude_none=True), sort_keys=False,
                                           allow_unicode=True),
                    file_name=f"{agenda.id}.yaml", mime="application/x-yaml", width="stretch")



def move(to: int, count: int) -> None:
    st.session_state[keys.PLANNER_REHEARSE] = {"index": max(0, min(to, count - 1)), "started": time.time()}


def rehearsal(slots: list) -> None:
    """The rehearsal, pinned near the top of the page: the current step, its countdown and the step buttons."""
    st.subheader(_("Rehearsal"), anchor=False)
    rehearse = st.session_state.get(keys.PLANNER_REHEARSE)
    if rehearse is None:
        if st.button(_("Start the rehearsal"), type="primary"):
            st.session_state[keys.PLANNER_REHEARSE] = {"index": 0, "started": time.time()}
            st.rerun()
        return
    index = min(rehearse["index"], len(slots) - 1)
    day_title, slot = slots[index]
    t_step = _("step")
    st.markdown(f"**{day_title}** · {t_step} {index + 1} / {len(slots)} · {slot.start}–{slot.end}")
    st.header(f"{_(KIND_LABELS[slot.kind])}: {slot.title}", anchor=False)
    if slot.notes:
        st.info(slot.notes)
    timer(slot.minutes)
    prev, nxt, stop = st.columns(3)
    prev.button(_("Previous step"), on_click=move, args=(index - 1, len(slots)), disabled=index == 0,
                width="stretch")
    nxt.button(_("Next step"), on_click=move, args=(index + 1, len(slots)), disabled=index == len(slots) - 1,
               type="primary", width="stretch")
    stop.button(_("Stop the rehearsal"), on_click=st.session_state.pop, args=(keys.PLANNER_REHEARSE,),
                width="stretch")


@st.fragment(run_every=timedelta(seconds=1))
def timer(minutes: int) -> None:
    elapsed = time.time() - st.session_state[keys.PLANNER_REHEARSE]["started"]
    left = minutes * 60 - elapsed
    sign = "" if left >= 0 else "-"
    st.metric(_("Time left"), f"{sign}{int(abs(left)) // 60:02d}:{int(abs(left)) % 60:02d}")
    if left < 0:
        st.error(_("Over time: move on, or shorten what follows."))
    else:
        st.progress(min(1.0, elapsed / (minutes * 60)))


with rehearsal_box:
    rehearsal([(d.title, s) for d in plan for s in d.slots])
