"""The Author page's translation workbench, revision history and exchange (zip, GIFT)."""
from __future__ import annotations

from typing import Any

import streamlit as st

from ..authoring import exchange, translations
from ..authoring.editor import Invalid, PackEditor
from ..authoring.files import AuthoringError
from ..content.text import LOCALES
from ..i18n import LANGUAGE_NAMES, _
from ..settings import all_packs, content_root, packs_dir
from . import author_files, keys
from .text import escape_md, labelled

ROWS_PER_PAGE = 30
"""Texts per page of the workbench: each is two text fields, and Streamlit's cost per field grows with the fields
on the page."""


def workbench(ed: PackEditor) -> None:
    files = ed.pack.files()
    rel = st.selectbox(_("File"), files, key=keys.author("tr-file", ed.pack.name))
    opened = author_files.open_file(ed, rel)
    rows = translations.rows(rel, opened.data)
    counts = translations.counts(rows)
    for column, loc in zip(st.columns(len(LOCALES)), LOCALES):
        column.metric(_("Missing in {language}").format(language=LANGUAGE_NAMES[loc]), counts[loc])
    flagged = sum(bool(r.numbers_differ) for r in rows)
    if flagged:
        st.warning(_("{n} text(s) have numbers that differ from the English.").format(n=flagged))
    shown = _page(_filtered(rows), keys.author("tr-page", ed.pack.name, rel))
    edits = _rows(shown, ed.pack.name, rel)
    if st.button(_("Save translations"), type="primary", key=keys.author("tr-save", ed.pack.name, rel)):
        data: dict[str, Any] = opened.data
        for path, loc, text in edits:
            data = translations.with_translation(data, path, loc, text)
        saved = author_files.save(ed, opened, data, "translations")
        if saved:
            author_files.show_saved(saved)


def _filtered(rows: list[translations.Row]) -> list[translations.Row]:
    """The rows to list: all, those missing in any language or in French or Spanish, or numbers that differ."""
    filters = ("all", "missing", *LOCALES[1:], "numbers")
    names = {"all": _("All texts"), "missing": _("Missing translations"), "numbers": _("Numbers that differ"),
             **{loc: _("Missing in {language}").format(language=LANGUAGE_NAMES[loc]) for loc in LOCALES[1:]}}
    show = st.radio(_("Show"), filters, horizontal=True, key=keys.author("tr-filter"),
                    format_func=labelled(filters, names.__getitem__))
    return translations.matching(rows, "missing", show) if show in LOCALES else translations.matching(rows, show)


def _page(rows: list[translations.Row], key: str) -> list[translations.Row]:
    """One page of `rows`, with a choice of page when they do not fit on one."""
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    if pages == 1:
        return rows
    if st.session_state.get(key, 0) >= pages:
        st.session_state[key] = 0  # fewer pages than before (a filter, a save)
    numbers = list(range(pages))
    page = st.selectbox(_("Texts"), numbers, key=key, format_func=labelled(numbers, lambda n: _(
        "{first}-{last} of {total}").format(first=n * ROWS_PER_PAGE + 1, total=len(rows),
                                            last=min(len(rows), (n + 1) * ROWS_PER_PAGE))))
    return rows[page * ROWS_PER_PAGE:(page + 1) * ROWS_PER_PAGE]


def _rows(shown: list[translations.Row], pack: str, rel: str) -> list[tuple[Any, str, str]]:
    """One line per text: the English, then a field for French and for Spanish; returns what was changed. Each
    field is labelled with its language and its place in the file, so it can be told apart by ear and by tests."""
    edits = []
    for column, loc in zip(st.columns(3), LOCALES):
        column.markdown(f"**{LANGUAGE_NAMES[loc]}**")
    for row in shown:
        flags = [_("missing: {languages}").format(languages=", ".join(row.missing))] if row.missing else []
        if row.numbers_differ:
            flags.append(_("numbers differ: {languages}").format(languages=", ".join(row.numbers_differ)))
        st.caption(f"`{row.field}` " + escape_md(" · ".join(flags)))
        english, french, spanish = st.columns(3)
        english.text(row.texts["en"])  # plain text: never read as Markdown
        for column, loc in ((french, "fr"), (spanish, "es")):
            typed = column.text_area(f"{LANGUAGE_NAMES[loc]}: `{row.field}`", row.texts[loc], height=68,
                                     key=keys.author("tr", pack, rel, row.field, loc), label_visibility="collapsed")
            if typed != row.texts[loc]:
                edits.append((row.path, loc, typed))
    return edits


def history(ed: PackEditor) -> None:
    rel = st.selectbox(_("File"), ed.pack.files(), key=keys.author("hist-file", ed.pack.name))
    revisions = ed.history(rel)
    if not revisions:
        st.info(_("No revision yet: this file has not been saved from the browser."))
        return
    number = st.selectbox(_("Revision"), [r.number for r in revisions], key=keys.author("hist-rev", rel),
                          format_func=labelled([r.number for r in revisions], lambda n: next(
                              f"{r.number} · {r.note}" for r in revisions if r.number == n)))
    st.code(ed.diff(rel, number) or _("(no difference from the current file)"), language="diff")
    if st.button(_("Restore this revision"), key=keys.author("restore", rel, number)):
        try:
            saved = author_files.save_text(ed, rel, ed.revision_text(rel, number), f"restored revision {number}")
        except AuthoringError as exc:
            st.error(escape_md(str(exc)))
            return
        if saved:
            author_files.show_saved(saved)


def export_import(ed: PackEditor) -> None:
    st.download_button(_("Export this pack (zip)"), exchange.export_zip(ed.pack), f"{ed.pack.name}.zip",
                       mime="application/zip", key=keys.author("export", ed.pack.name))
    st.subheader(_("Import a GIFT file into a bank"))
    banks = [f for f in ed.pack.files() if f.startswith("quizzes/")]
    rel = st.selectbox(_("Bank"), banks, key=keys.author("gift-bank", ed.pack.name))
    objective = st.text_input(_("Objective for questions that name none"), key=keys.author("gift-objective"))
    upload = st.file_uploader(_("GIFT file"), type=["gift", "txt"], key=keys.author("gift-file"))
    if upload is not None and rel and st.button(_("Import the questions"), key=keys.author("gift-go")):
        try:
            saved = exchange.import_gift(ed, author_files.open_file(ed, rel), upload.getvalue().decode("utf-8"),
                                         objective or None)
        except Invalid as exc:
            author_files.show_problems([str(p) for p in exc.problems])
        except (AuthoringError, UnicodeDecodeError) as exc:
            st.error(escape_md(str(exc)))
        else:
            author_files.show_saved(saved)


def import_pack() -> None:
    name = st.text_input(_("Name of the imported pack"), key=keys.author("zip-name"))
    upload = st.file_uploader(_("Pack zip"), type=["zip"], key=keys.author("zip-file"))
    if upload is None or not st.button(_("Import the pack"), key=keys.author("zip-go")):
        return
    try:
        pack = exchange.import_zip(upload.getvalue(), name, packs_dir(), exchange.course_with(content_root(),
                                                                                               all_packs()))
    except Invalid as exc:
        author_files.show_problems([str(p) for p in exc.problems])
    except AuthoringError as exc:
        st.error(escape_md(str(exc)))
    else:
        st.success(_("Imported pack {name}.").format(name=pack.name))
