"""The app shell: page config, language, identity, and st.navigation over the pages."""
from __future__ import annotations

import logging

import streamlit as st

from ..i18n import LANGUAGE_NAMES, _
from ..store import StorageUnavailable
from . import errors, keys, resources, visitor
from .text import escape_md

PAGES = "itlead/ui/pages"


def _page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(f"{PAGES}/{name}.py", title=title, icon=icon, url_path=name, default=default)


# The projector shows the room its screen only: no header, toolbar, sidebar or element menus.
PROJECTOR_CSS = """<style>
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stElementToolbar"],
  [data-testid="stStatusWidget"] { display: none !important; }
  .block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; }
</style>"""


def projector() -> None:
    """A projector link (?screen=…): the projection alone, with no navigation and no app chrome."""
    st.set_page_config(page_title="Strategic IT Leadership", page_icon=":material/account_balance:",
                       layout="wide", initial_sidebar_state="collapsed")
    visitor.locale()
    st.html(PROJECTOR_CSS)
    _run(st.navigation(_pages(None), position="hidden"))  # every page routed, none listed: /projection runs


def participant() -> None:
    """A participant's link (?p=…): the workshop page without the course menu, with the language picker and a
    way back to the course. A phone in a room needs nothing else, and each reconnection costs the server a
    quarter less than with the menu (docs/performance.md, "Conference scale")."""
    st.set_page_config(page_title="Strategic IT Leadership", page_icon=":material/account_balance:",
                       layout="centered", initial_sidebar_state="collapsed")
    locale = visitor.locale()
    nav = st.navigation(_pages(None), position="hidden")
    _sidebar(locale, None)
    t_course = _("Open the course")
    st.sidebar.markdown(f"[{escape_md(t_course)}](./)")
    _run(nav)


def main() -> None:
    if st.query_params.get("screen"):
        projector()
        return
    if st.query_params.get("p"):
        participant()
        return
    st.set_page_config(page_title="Strategic IT Leadership", page_icon=":material/account_balance:",
                       layout="centered")
    locale = visitor.locale()
    try:
        resources.setup_token(resources.database())  # printed on the console at the first run, if needed
    except StorageUnavailable:
        pass  # the page says so where it needs the database
    try:
        learner = visitor.learner()
    except StorageUnavailable as exc:
        errors.storage_error(exc)
        return
    pages = _pages(learner)
    # Streamlit's own sidebar menu puts section headings inside its <ul> (axe: list, listitem), so the navigation is
    # hidden and the sidebar shows a menu of page links instead (docs/accessibility.md).
    nav = st.navigation(pages, position="hidden")
    _menu(pages)
    _sidebar(locale, learner)
    _content_problems()
    _run(nav)


def _pages(learner: object) -> dict[str, list[st.Page]]:
    """The pages by section: a visitor's, or a signed-in learner's."""
    workshop = [
        _page("join", _("Join a workshop"), ":material/groups:"),
        _page("facilitate", _("Facilitate"), ":material/co_present:"),
        _page("projection", _("Projection view"), ":material/present_to_all:"),
        _page("workshop_planner", _("Workshop planner"), ":material/event_note:"),
        _page("cohort_analytics", _("Cohort analytics"), ":material/analytics:"),
        _page("author", _("Author"), ":material/edit_note:"),
    ]
    if learner is None:
        return {_("Course"): [_page("welcome", _("Welcome"), ":material/login:", default=True)],
                _("Workshop"): workshop}
    return {
        _("Learn"): [
            _page("home", _("Home"), ":material/home:", default=True),
            _page("learn", _("Modules"), ":material/menu_book:"),
            _page("practice", _("Practice"), ":material/quiz:"),
            _page("case_studies", _("Case studies"), ":material/account_tree:"),
        ],
        _("Assess"): [
            _page("self_assessment", _("Self-assessment"), ":material/radar:"),
            _page("pre_post", _("Pre-test and post-test"), ":material/fact_check:"),
        ],
        _("Me"): [_page("report", _("My report"), ":material/description:")],
        _("Workshop"): workshop,
    }


def _run(nav: st.Page) -> None:
    try:
        nav.run()
    except StorageUnavailable as exc:
        errors.storage_error(exc)
    except Exception:  # a bug: log it for the operator, show the visitor a plain message (no traceback)
        logging.getLogger("itlead").exception("unexpected error on %s", nav.url_path or "the start page")
        errors.unexpected_error()


def _content_problems() -> None:
    """Content problems, for facilitators only: file names and paths are nobody else's business."""
    problems = resources.load().problems
    if not problems or not st.session_state.get(keys.FACILITATOR):
        return
    with st.sidebar.expander(_("{n} content problem(s)").format(n=len(problems)), icon=":material/warning:"):
        st.caption(_("Fix these files and save: the app reloads them on the next click. Until then, the last "
                     "good version of each file is used."))
        st.code("\n".join(str(p) for p in problems[:50]), language=None, wrap_lines=True)
        if len(problems) > 50:
            st.caption(_("… and {n} more: run python -m itlead validate").format(n=len(problems) - 50))


def _menu(pages: dict[str, list[st.Page]]) -> None:
    """The sidebar menu: a heading per section, then a link per page (the current one marked by Streamlit)."""
    with st.sidebar:
        for section, section_pages in pages.items():
            st.markdown(f"**{escape_md(section)}**")
            for page in section_pages:
                st.page_link(page, width="stretch")


def _sidebar(locale: str, learner: object) -> None:
    with st.sidebar:
        choice = st.selectbox(_("Language"), list(LANGUAGE_NAMES), index=list(LANGUAGE_NAMES).index(locale),
                              format_func=LANGUAGE_NAMES.__getitem__, key=keys.LANGUAGE_PICKER)
        if choice != locale:
            st.session_state[keys.LOCALE] = choice
            st.query_params["lang"] = choice
            if learner is not None:
                resources.store().update_learner(learner.id, locale=choice)  # type: ignore[attr-defined]
            st.rerun()
        if learner is not None:
            st.caption(_("Signed in as") + " " + escape_md(learner.display_name))  # type: ignore[attr-defined]
            if st.toggle(_("Show my resume code"), key=keys.SHOW_RESUME_CODE):  # hidden while projecting
                st.caption(_("Your resume code") + f": `{st.session_state.get(keys.RESUME_CODE, '')}`")
            if st.button(_("Sign out"), key="sign_out"):
                visitor.sign_out()
                st.rerun()
