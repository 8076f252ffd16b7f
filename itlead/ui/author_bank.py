"""The Author page's Questions section: a bank's questions in the form, with the preview; save, keep as a draft,
delete; and the pack's kept drafts, listed with their messages, to reopen in the form, fix and save, or discard."""
from __future__ import annotations

import time
from typing import Any

import streamlit as st

from ..authoring import questions as qdata
from ..authoring.editor import Opened, PackEditor
from ..i18n import _
from . import author_files, author_questions, keys
from .text import escape_md, labelled

NEW = "+"


def section(ed: PackEditor) -> None:
    banks = [f for f in ed.pack.files() if f.startswith("quizzes/")]
    kept_drafts(ed, banks)
    if not banks:
        st.info(_("This pack has no bank yet."))
        return
    rel = st.selectbox(_("Bank"), banks, key=keys.author("bank", ed.pack.name))
    opened = author_files.open_file(ed, rel)
    author_files.changed_elsewhere(ed, opened)
    draft_key = st.session_state.get(keys.AUTHOR_DRAFT)
    draft = ed.drafts().get(draft_key) if isinstance(draft_key, str) else None
    if draft is not None and draft["rel"] == rel:
        old, replacing, k = _reopened(ed, opened, draft_key, draft)
    else:
        st.session_state.pop(keys.AUTHOR_DRAFT, None)  # another bank or pack was chosen: the draft stays kept, closed
        draft_key = None
        old, replacing, k = _chosen(ed, opened)
    data = author_questions.question_form(old, k)
    model, problems = author_questions.validate(data)
    for problem in problems:
        st.warning(escape_md(problem))
    _actions(ed, opened, data, replacing, draft_key)
    if model is not None:
        author_questions.preview(model, k)


def _chosen(ed: PackEditor, opened: Opened) -> tuple[dict[str, Any], str | None, str]:
    """A question of the bank, or a new one of the type chosen: (its data, the id it replaces, its form's key)."""
    bank, rel = opened.data, opened.rel
    ids = [q["id"] for q in bank.get("questions") or []]
    chosen = st.selectbox(_("Question"), [NEW, *ids], key=keys.author("question", rel),
                          format_func=labelled([NEW, *ids], lambda i: _("New question") if i == NEW else i))
    if chosen != NEW:
        old = bank["questions"][ids.index(chosen)]
        return old, chosen, keys.author("q", ed.pack.name, rel, chosen, old["type"])
    kind = st.selectbox(_("Type"), author_questions.QUESTION_TYPES, key=keys.author("new-type", rel),
                        format_func=labelled(author_questions.QUESTION_TYPES,
                                             lambda t: _(author_questions.TYPE_NAMES[t])))
    qid = st.text_input(_("Question id"), f"{bank['id']}.q-{len(ids) + 1}", key=keys.author("new-id", rel))
    objective = next((q.get("objective") for q in bank.get("questions") or [] if q.get("objective")), None)
    old = qdata.blank(kind, qid, objective)
    return old, None, keys.author("q", ed.pack.name, rel, NEW, old["type"])


def _reopened(ed: PackEditor, opened: Opened, key: str, draft: dict[str, Any]) -> tuple[dict[str, Any], str | None,
                                                                                          str]:
    """The kept draft `key` in the form: (its data, the question it replaces if still there, its form's key)."""
    st.info(_("Draft {id}: fix what the messages say, then save it; or discard it.").format(id=key))
    if st.button(_("Close the draft"), key=keys.author("draft-close", ed.pack.name)):
        st.session_state.pop(keys.AUTHOR_DRAFT, None)
        st.rerun()
    data = draft["data"]
    return data, qdata.draft_replacing(opened.data, draft), keys.author("draft", ed.pack.name, key, data["type"])


def _actions(ed: PackEditor, opened: Opened, data: dict[str, Any], replacing: str | None,
             draft_key: str | None) -> None:
    """Save (then drop the draft), keep as a draft, and delete the question (or discard the open draft)."""
    rel = opened.rel
    save_col, draft_col, delete_col = st.columns(3)
    if save_col.button(_("Save question"), type="primary", key=keys.author("save-q", rel)):
        saved = author_files.save(ed, opened, qdata.with_question(opened.data, data, replacing),
                                  f"question {data['id']}", item=data["id"])
        if saved:
            for key in {data["id"], draft_key} - {None}:
                ed.drop_draft(str(key))
            if draft_key is not None:
                st.session_state.pop(keys.AUTHOR_DRAFT, None)
                st.session_state[keys.author("question", rel)] = data["id"]
            author_files.show_saved(saved)
    if draft_col.button(_("Keep as draft"), key=keys.author("draft-q", rel)):
        qdata.keep_draft(ed, opened, data, replacing)
        if draft_key not in (None, data["id"]):
            ed.drop_draft(str(draft_key))  # the id was changed: one draft, under its new id
            st.session_state[keys.AUTHOR_DRAFT] = data["id"]
        st.session_state[keys.author("kept")] = True
        st.rerun()
    if draft_key is not None:
        if delete_col.button(_("Discard the draft"), key=keys.author("draft-drop", rel)):
            _discard(ed, draft_key)
    elif replacing is not None and delete_col.button(_("Delete question"), key=keys.author("delete-q", rel)) \
            and author_files.save(ed, opened, qdata.without_question(opened.data, replacing), f"deleted {replacing}"):
        st.rerun()


def kept_drafts(ed: PackEditor, banks: list[str]) -> None:
    """The pack's kept drafts with their validation messages, each to open in the form or to discard."""
    if st.session_state.pop(keys.author("kept"), False):
        st.info(_("Kept as a draft, outside the pack's files."))
    drafts = ed.drafts()
    if not drafts:
        return
    with st.expander(_("Kept drafts ({n})").format(n=len(drafts)), expanded=keys.AUTHOR_DRAFT not in st.session_state):
        for key, draft in drafts.items():
            with st.container(border=True):
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(draft.get("at", 0)))
                st.markdown(f"**{escape_md(key)}** · `{draft['rel']}` · {when}")
                st.code("\n".join(draft.get("problems") or [_("(no message: kept unfinished)")]), language=None,
                        wrap_lines=True)
                open_col, discard_col = st.columns(2)
                if draft["rel"] in banks and open_col.button(_("Open draft {id}").format(id=key),
                                                             key=keys.author("draft-open", ed.pack.name, key)):
                    st.session_state[keys.AUTHOR_DRAFT] = key
                    st.session_state[keys.author("bank", ed.pack.name)] = draft["rel"]
                    st.rerun()
                if discard_col.button(_("Discard draft {id}").format(id=key),
                                      key=keys.author("draft-discard", ed.pack.name, key)):
                    _discard(ed, key)


def _discard(ed: PackEditor, key: str) -> None:
    ed.drop_draft(key)
    if st.session_state.get(keys.AUTHOR_DRAFT) == key:
        st.session_state.pop(keys.AUTHOR_DRAFT)
    st.rerun()
