"""Author (behind the passcode): content packs edited in the browser and saved as validated YAML: questions of all
eight types with a live preview, branching cases with their graph, translations, revisions, exchange."""
import streamlit as st

from itlead.authoring.files import AuthoringError
from itlead.authoring.packs import adapt, scaffold
from itlead.i18n import _
from itlead.settings import packs_dir
from itlead.ui import auth_forms, author_bank, author_cases, author_files, author_tools, keys, resources
from itlead.ui.text import escape_md, labelled

auth_forms.require_facilitator()
st.title(_("Author"))
st.caption(_("Packs hold your own modules, questions and cases beside the course; the shipped course is read-only. "
             "Every save is validated first, and nothing invalid is written."))
SECTIONS = {"questions": _("Questions"), "cases": _("Cases"), "translations": _("Translations"),
            "history": _("History"), "exchange": _("Exchange")}


def create_pack() -> None:
    with st.form(keys.author("create")):
        name = st.text_input(_("New pack name"), help=_("2-31 lower-case letters, digits or '-', e.g. maritima"))
        if st.form_submit_button(_("Create pack")):
            try:
                pack = scaffold(name, packs_dir())
            except AuthoringError as exc:
                st.error(escape_md(str(exc)))
            else:
                st.session_state[keys.AUTHOR_PACK] = pack.name
                st.rerun()


def adapt_form(ed) -> None:
    course = resources.course()
    kinds = {"module": [m.id for m in course.modules], "bank": list(course.banks), "case": list(course.cases)}
    shipped = {k: [i for i in ids if not course.sources.get(f"{k}:{i}", "").startswith(f"{ed.pack.name}/")]
               for k, ids in kinds.items()}
    kind = st.selectbox(_("Adapt from the course"), list(kinds), key=keys.author("adapt-kind"),
                        format_func=labelled(list(kinds), lambda k: {"module": _("Module"), "bank": _("Bank"),
                                                                     "case": _("Case")}[k]))
    item = st.selectbox(_("Item"), shipped[kind], key=keys.author("adapt-item"))
    new_id = st.text_input(_("New id"), f"{item}-{ed.pack.name}" if item else "", key=keys.author("adapt-id"))
    if item and st.button(_("Adapt"), key=keys.author("adapt-go")):
        try:
            rel, raw = adapt(resources.load(), author_files.shipped_root(), kind, item, ed.pack, new_id)
        except AuthoringError as exc:
            st.error(escape_md(str(exc)))
            return
        saved = author_files.save_text(ed, rel, raw.decode("utf-8"), f"adapted {kind} {item}", version="")
        if saved:
            author_files.show_saved(saved)


def cases_section(ed) -> None:
    cases = [f for f in ed.pack.files() if f.startswith("case_studies/")]
    with st.expander(_("New case")):
        case_id = st.text_input(_("Case id"), key=keys.author("new-case"))
        if st.button(_("Create case"), key=keys.author("new-case-go")) and case_id:
            module = next((m.id for m in resources.course().modules
                           if resources.course().sources.get(f"module:{m.id}", "").startswith(f"{ed.pack.name}/")), None)
            text = author_files_dump(author_cases.new_case(case_id.strip(), module))
            if author_files.save_text(ed, f"case_studies/{case_id.strip()}.yaml", text, "new case", version=""):
                st.rerun()
    if not cases:
        return
    rel = st.selectbox(_("Case"), cases, key=keys.author("case", ed.pack.name))
    opened = author_files.open_file(ed, rel)
    author_files.changed_elsewhere(ed, opened)
    case = opened.data
    author_cases.graph(case)
    ids = [n["id"] for n in case["nodes"]]
    node_id = st.selectbox(_("Node"), ids, key=keys.author("node", rel))
    k = keys.author("n", ed.pack.name, rel, node_id)
    node = author_cases.node_form(case["nodes"][ids.index(node_id)], k, ids)
    edited = {**case, "nodes": [node if n["id"] == node_id else n for n in case["nodes"]]}
    edited = author_cases.add_node(edited, k) or edited
    if edited != case and st.button(_("Save case"), type="primary", key=keys.author("save-case", rel)):
        saved = author_files.save(ed, opened, edited, f"case node {node_id}")
        if saved:
            author_files.show_saved(saved)
    model = resources.course().cases.get(case["id"])
    if model is not None:
        author_cases.play(model, k)


def author_files_dump(data) -> str:
    from itlead.authoring import roundtrip

    return roundtrip.dump(roundtrip._fresh(data))


packs = author_files.packs()
author_files.flash()
create_pack()
with st.expander(_("Import a pack (zip)")):
    author_tools.import_pack()
names = [p.name for p in packs]
if not names:
    st.info(_("No pack yet: create one to start."))
    st.stop()
current = st.session_state.get(keys.AUTHOR_PACK)
name = st.selectbox(_("Pack"), names, index=names.index(current) if current in names else 0, key=keys.author("pack"))
st.session_state[keys.AUTHOR_PACK] = name
ed = author_files.editor(next(p for p in packs if p.name == name))
with st.expander(_("Adapt a module, bank or case of the course")):
    adapt_form(ed)
section = st.radio(_("Section"), list(SECTIONS), horizontal=True, key=keys.AUTHOR_SECTION,
                   format_func=labelled(list(SECTIONS), SECTIONS.__getitem__))
{"questions": author_bank.section, "cases": cases_section, "translations": author_tools.workbench,
 "history": author_tools.history, "exchange": author_tools.export_import}[section](ed)
