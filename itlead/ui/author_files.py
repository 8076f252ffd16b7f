"""The Author page's file handling: one editor per pack, the version each tab opened, and saves that show the
loader's messages, conflicts and quality warnings."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import streamlit as st

from ..authoring.editor import Invalid, Opened, PackEditor, Saved
from ..authoring.files import AuthoringError, Conflict
from ..authoring.packs import Pack
from ..i18n import _
from ..settings import all_packs, content_root
from . import keys, resources
from .text import escape_md


def packs() -> list[Pack]:
    return [Pack(p) for p in all_packs() if p.is_dir()]


def editor(pack: Pack) -> PackEditor:
    return PackEditor(pack, resources.load)


def open_file(ed: PackEditor, rel: str) -> Opened:
    """The file as on disk now; the version this tab first opened is kept for the conflict check on save."""
    opened = ed.open(rel)
    st.session_state.setdefault(keys.author_version(ed.pack.name, rel), opened.version)
    return opened


def seen_version(ed: PackEditor, rel: str) -> str:
    return st.session_state.get(keys.author_version(ed.pack.name, rel), "")


def changed_elsewhere(ed: PackEditor, opened: Opened) -> bool:
    """Whether the file changed on disk since this tab opened it; offers to reopen it."""
    if opened.version == seen_version(ed, opened.rel):
        return False
    st.warning(_("This file was changed elsewhere since you opened it. Saving now would be refused."))
    if st.button(_("Reopen the current version"), key=keys.author("reopen", ed.pack.name, opened.rel)):
        st.session_state[keys.author_version(ed.pack.name, opened.rel)] = opened.version
        st.rerun()
    return True


def save(ed: PackEditor, opened: Opened, data: Any, note: str, item: str | None = None) -> Saved | None:
    """Save `data` over the file this tab opened; show what went wrong instead of raising. `item` scopes the
    quality rules to one question."""
    return _shown(ed, opened.rel, lambda: ed.save(opened, data, note, item, version=seen_version(ed, opened.rel)))


def save_text(ed: PackEditor, rel: str, text: str, note: str, version: str | None = None) -> Saved | None:
    return _shown(ed, rel, lambda: ed.save_text(rel, text, seen_version(ed, rel) if version is None else version,
                                                note))


def _shown(ed: PackEditor, rel: str, attempt: Callable[[], Saved]) -> Saved | None:
    try:
        saved = attempt()
    except Conflict as exc:
        st.error(_("Not saved: conflict.") + " " + escape_md(str(exc)))
        return None
    except Invalid as exc:
        show_problems([str(p) for p in exc.problems])
        return None
    except AuthoringError as exc:
        st.error(escape_md(str(exc)))
        return None
    st.session_state[keys.author_version(ed.pack.name, rel)] = saved.opened.version
    if saved.result is not None:
        resources.adopt(saved.result, ed.path(rel))
    return saved


def show_problems(problems: list[str]) -> None:
    st.error(_("Not saved: the file would not validate. Nothing was written."))
    st.code("\n".join(problems[:30]), language=None, wrap_lines=True)


def show_saved(saved: Saved) -> None:
    """Say so on the next run, then rerun, so everything on the page shows the file as saved."""
    st.session_state[keys.author("flash")] = saved.warnings
    st.rerun()


def flash() -> None:
    warnings = st.session_state.pop(keys.author("flash"), None)
    if warnings is None:
        return
    st.success(_("Saved."))
    if warnings:
        with st.expander(_("Item-quality warnings ({n})").format(n=len(warnings))):
            st.code("\n".join(warnings[:30]), language=None, wrap_lines=True)


def shipped_root() -> Path:
    return content_root()
